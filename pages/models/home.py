"""The site root: the memorial introduction and the way into every section."""

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import dates
from core.navigation import menu_pages
from core.restrictions import public
from pages.blocks import BodyBlock
from pages.models.anniversaries import AnniversaryUpdatePage, latest_update
from pages.models.base import BasePage, earliest, for_listing
from pages.models.memorial import MemorialArticlePage
from pages.models.news import NewsPage, latest_news
from pages.models.resources import ResourcePage
from pages.models.site_settings import PortalSettings, next_anniversary, years_since


class HomePage(BasePage):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("Two or three sentences that open the memorial, shown under the title."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("Memorial introduction"),
        blank=True,
        help_text=_("The text under the introduction."),
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("About the portal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page about the portal, linked at the foot of every page."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Privacy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The page that says what the forms and the poll keep and why; linked at the foot "
            "of every page and beside the button of every form that asks for personal details."
        ),
    )

    translated_content_fields = ("title", "intro", "body")
    served_with = ("hero_image",)
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [PageChooserPanel("about_page"), PageChooserPanel("privacy_page")],
            heading=_("Pages linked in the footer"),
        ),
    ]

    class Meta:
        verbose_name = _("Home page")

    def get_main_image(self):
        return self.social_image or self.hero_image

    def get_sections(self, request=None):
        """The sections shown in the menu, in the order editors set in the page tree (empty
        ones only for signed-in editors, core.navigation)."""
        return menu_pages(self, request)

    def get_latest_pages(self, limit=5):
        """The pages published most recently anywhere below the home page, sections excluded.

        Plain pages: the list shows only their titles, URLs and dates (one query), each with
        the date of the work itself where its page type keeps one (``WORK_DATES``): a 1992
        report is dated 1992, not the day it was put on the portal.
        """
        annotations = {}
        for number, (model, date_field, precision_field) in enumerate(WORK_DATES):
            related = model._meta.model_name
            annotations[f"work_date_{number}"] = models.F(f"{related}__{date_field}")
            annotations[f"work_precision_{number}"] = (
                models.F(f"{related}__{precision_field}") if precision_field
                else models.Value(dates.DatePrecision.DAY)
            )
        queryset = (
            for_listing(public(Page.objects.live()).descendant_of(self))
            .exclude(depth=self.depth + 1)
            .annotate(**annotations)
            .order_by("-first_published_at")[:limit]
        )
        return queryset

    def get_article(self):
        """The memorial article, when it is live and public (the banner and the introduction
        lead to it), without its body."""
        return (
            public(MemorialArticlePage.objects.live().child_of(self))
            .defer("body")
            .first()
        )

    def get_lists(self):
        """The latest pages, the latest anniversary update and the three latest news: three
        queries, remembered until any page changes (ops.cache.remember), since every reader of
        the home page in every language sees the same pages."""
        from ops.cache import remember

        def compute():
            return {
                "article": self.get_article(),
                "latest_pages": list(self.get_latest_pages()),
                "latest_update": latest_update(self),
                "latest_news": latest_news(self, limit=3),
            }

        return remember(f"home-lists:{self.pk}", compute)

    def next_change(self, request, now):
        """The anniversary's midnight changes "N years since" and the anniversary number."""
        event_date = PortalSettings.for_request(request).event_date
        return earliest(super().next_change(request, now), next_anniversary(event_date, now))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        portal_settings = PortalSettings.for_request(request)
        context["event_date"] = portal_settings.event_date
        context["years_since"] = years_since(portal_settings.event_date)
        context["sections"] = self.get_sections(request)
        # The latest anniversary update under the heading of its own anniversary (from its
        # date, not from today's: in December the latest update is still last February's), the
        # three latest news and the pages published last.
        context.update(self.get_lists())
        latest = context["latest_update"]
        context["anniversary"] = (
            latest.anniversary_label(portal_settings.event_date) if latest is not None else ""
        )
        # One way to the article: "What happened" shows its lead and links it, so the section
        # cards leave it out.
        if context["article"] is not None:
            context["sections"] = [
                section for section in context["sections"] if section.pk != context["article"].pk
            ]
        context["latest_pages"] = [dated(item) for item in context["latest_pages"]]
        return context


# The date that matters on each kind of page, (page type, date field, precision field or None
# for a full day): read with the list in one query (HomePage.get_latest_pages).
WORK_DATES = (
    (ResourcePage, "publication_date", "date_precision"),
    (MemorialArticlePage, "first_written", "first_written_precision"),
    (NewsPage, "date", None),
    (AnniversaryUpdatePage, "commemoration_date", None),
)


def dated(page) -> dict:
    """A page of "Recently published" with the date readers see: the work's own date at its
    precision where it has one, else the day it was first published."""
    language = translation.get_language()
    for number in range(len(WORK_DATES)):
        day = getattr(page, f"work_date_{number}", None)
        if day is not None:
            precision = getattr(page, f"work_precision_{number}") or dates.DatePrecision.DAY
            return {"page": page, "datetime": dates.date_attribute(day, precision),
                    "date": dates.written_date(language, day, precision)}
    moment = page.first_published_at
    if moment is None:
        return {"page": page, "datetime": "", "date": ""}
    day = timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return {"page": page, "datetime": dates.time_attribute(moment),
            "date": dates.written_date(language, day, dates.DatePrecision.DAY)}
