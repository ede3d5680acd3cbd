"""The poll: a page with a question and translated choices; one Vote row per vote."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from core import ratelimit
from pages.models.base import BasePage, earliest
from polls.forms import VoteForm

VOTED_COOKIE = "portal_polls"
VOTED_COOKIE_SALT = "polls.voted"


@dataclass
class ChoiceResult:
    choice: "PollChoice"
    votes: int
    percent: int


class PollPage(BasePage):
    question = models.CharField(
        _("Question"),
        max_length=255,
        help_text=_("Asked above the answers, in each language. Keep it neutral."),
    )
    opens_at = models.DateTimeField(
        _("Voting opens"),
        null=True,
        blank=True,
        help_text=_("Readers can vote from this moment. Empty: as soon as the page is published."),
    )
    closes_at = models.DateTimeField(
        _("Voting closes"),
        null=True,
        blank=True,
        help_text=_("No votes are accepted after this moment. Empty: the poll stays open."),
    )
    show_results_before_voting = models.BooleanField(
        _("Show results to readers who have not voted"),
        default=False,
        help_text=_("Off: readers see the results only after voting (or once the poll closes, "
                    "if allowed below)."),
    )
    show_results_when_closed = models.BooleanField(
        _("Show results when the poll is closed"),
        default=True,
        help_text=_("On: everyone sees the results once voting has closed."),
    )

    translated_content_fields = ("title", "question")
    main_text_field = "question"
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    template = "pages/poll_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("question")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("question"),
        InlinePanel("choices", label=_("Answers"), min_num=2),
        MultiFieldPanel(
            [
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("show_results_before_voting"),
                FieldPanel("show_results_when_closed"),
            ],
            heading=_("Voting"),
        ),
    ]

    class Meta:
        verbose_name = _("Poll")
        # Results (and their CSV) while a poll is open are for editors only (polls.views).
        permissions = [("view_poll_results", _("Can view poll results"))]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The poll must close after it opens.")})

    # State

    def next_change(self, request, now):
        """Opening and closing change what the page shows (the form, or the results)."""
        moments = [moment for moment in (self.opens_at, self.closes_at) if moment and moment > now]
        return earliest(super().next_change(request, now), *moments)

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "not_open"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def results(self) -> tuple[list[ChoiceResult], int]:
        """Every choice with its count and share of the votes, in the editors' order."""
        choices = list(
            self.choices.annotate(vote_count=Count("votes")).order_by("sort_order", "pk")
        )
        total = sum(choice.vote_count for choice in choices)
        return (
            [
                ChoiceResult(c, c.vote_count, round(100 * c.vote_count / total) if total else 0)
                for c in choices
            ],
            total,
        )

    def has_voted(self, request) -> bool:
        return str(self.pk) in voted_polls(request)

    def may_see_results(self, request, status=None, voted=None) -> bool:
        status = status or self.status()
        voted = self.has_voted(request) if voted is None else voted
        if voted or self.show_results_before_voting:
            return True
        return status == "closed" and self.show_results_when_closed

    # Serving

    def get_context(self, request, *args, form=None, message=None, just_voted=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = self.status()
        voted = just_voted or self.has_voted(request)
        context.update(
            poll_status=status,
            has_voted=voted,
            form=form or VoteForm(choices=self.choices.order_by("sort_order", "pk")),
            poll_message=message,
            can_vote=status == "open" and not voted,
        )
        if self.may_see_results(request, status, voted):
            context["results"], context["total_votes"] = self.results()
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.vote(request)
        return super().serve(request, *args, **kwargs)

    def render_with(self, request, status_code, message=None, form=None, just_voted=False):
        return TemplateResponse(
            request,
            self.get_template(request),
            self.get_context(request, form=form, message=message, just_voted=just_voted),
            status=status_code,
        )

    def vote(self, request):
        """Record one vote from a plain form; refuse closed polls, repeat votes and floods."""
        status = self.status()
        if status == "not_open":
            return self.render_with(request, 403, gettext("This poll is not open for voting yet."))
        if status == "closed":
            return self.render_with(request, 403, gettext("This poll is closed; no more votes "
                                                          "are accepted."))
        if self.has_voted(request):
            return self.render_with(request, 403, gettext("You have already voted in this poll "
                                                          "from this browser."))
        choices = list(self.choices.order_by("sort_order", "pk"))
        form = VoteForm(request.POST, choices=choices)
        if not form.is_valid():
            return self.render_with(request, 400, form=form)
        if not ratelimit.hit(request, "poll", settings.POLL_RATE_LIMIT, settings.POLL_RATE_WINDOW):
            return self.render_with(
                request, 429,
                gettext("Too many votes have come from your network address. "
                        "Please try again later."),
            )
        Vote.objects.create(
            poll=self, choice_id=form.cleaned_data["choice"], voter=ratelimit.address_hash(request)
        )
        voted = voted_polls(request) | {str(self.pk)}
        response = self.render_with(
            request, 200, gettext("Thank you: your vote has been counted."), just_voted=True
        )
        response.set_signed_cookie(
            VOTED_COOKIE, ",".join(sorted(voted)), salt=VOTED_COOKIE_SALT,
            max_age=60 * 60 * 24 * 365 * 5, httponly=True, samesite="Lax",
            secure=request.is_secure(),
        )
        return response


def voted_polls(request) -> set[str]:
    """Ids of the polls this browser has voted in (a signed cookie)."""
    try:
        value = request.get_signed_cookie(VOTED_COOKIE, default="", salt=VOTED_COOKIE_SALT)
    except signing.BadSignature:
        value = ""
    return {item for item in value.split(",") if item.isdigit()}


class PollChoice(Orderable):
    page = ParentalKey(PollPage, related_name="choices", on_delete=models.CASCADE)
    label = models.CharField(_("Answer"), max_length=200, help_text=_("One answer, in each "
                                                                       "language."))

    panels = [FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("Answer")

    def __str__(self):
        return self.label


class Vote(models.Model):
    """One reader's vote: counting rows keeps totals exact under concurrent voting."""

    poll = models.ForeignKey(PollPage, related_name="votes", on_delete=models.CASCADE)
    choice = models.ForeignKey(PollChoice, related_name="votes", on_delete=models.CASCADE)
    voter = models.CharField(
        _("Voter"), max_length=64, db_index=True,
        help_text=_("A salted hash of the network address, never the address itself."),
    )
    created_at = models.DateTimeField(_("Cast at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Vote")
        indexes = [models.Index(fields=["poll", "choice"])]

    def __str__(self):
        return f"{self.poll_id}: {self.choice_id}"
