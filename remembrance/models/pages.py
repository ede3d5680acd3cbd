"""Page types of the remembrance section: the names register, testimonies, the timeline."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core import i18n, site_root
from core.dates import date_attribute
from core.pagination import page_or_404
from core.restrictions import public
from pages.blocks import RICH_TEXT_FEATURES, BodyBlock
from pages.models.base import BasePage, RoutableBasePage, sources_panel
from remembrance import ratelimit
from remembrance.blocks import TimelineBlock
from remembrance.models.register import (
    Contribution,
    NameRecord,
    Origin,
    Source,
    Status,
    status_count,
)
from remembrance.search import search_records
from translations import state as translation_state
from translations import stream_sync

RECORDS_PER_PAGE = 50
TESTIMONIES_PER_PAGE = 20


class NamesRegisterPage(RoutableBasePage):
    """The register: counts by status with their sources, name search, one page per record,
    and the form to propose a name or a correction."""

    shows_access_date = True  # "cite this page"

    intro = RichTextField(
        _("Introduction"),
        features=RICH_TEXT_FEATURES,
        help_text=_(
            "What the register is, how records are verified, and that its figures are its "
            "own counts of published records."
        ),
    )
    contribution_intro = models.TextField(
        _("Text above the contribution form"),
        blank=True,
        help_text=_("How proposals are verified and how contributors' details are kept."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "remembrance/names_register_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("contribution_intro"),
    ]

    class Meta:
        verbose_name = _("Names register")

    # Query work, in one place.
    def published_records(self):
        return NameRecord.objects.filter(live=True)

    def get_records(self, query="", page_number=None):
        records = self.published_records()
        if query:
            records = search_records(records, query)
        return page_or_404(Paginator(records.order_by(*NameRecord._meta.ordering),
                                     RECORDS_PER_PAGE), page_number)

    def status_figures(self):
        """[{status, label, count, phrase, sources}] for every status, from published records
        only; ``phrase`` is the count in words ("3 people killed") in the reader's language."""
        # No ordering: modeltranslation's manager adds the model's (the names) to every
        # query, and ordered columns would split the groups.
        counts = dict(
            self.published_records().order_by().values_list("status").annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        pairs = (
            NameRecord.sources.through.objects.filter(namerecord__live=True)
            .values_list("namerecord__status", "source_id")
            .distinct()
        )
        by_status: dict[str, set[int]] = {}
        for status, source_id in pairs:
            by_status.setdefault(status, set()).add(source_id)
        wanted = set().union(*by_status.values()) if by_status else set()
        sources = Source.objects.select_related("page").in_bulk(wanted)
        return [
            {
                "status": value,
                "label": label,
                "count": counts.get(value, 0),
                "phrase": status_count(value, counts.get(value, 0)),
                "sources": sorted(
                    (sources[pk] for pk in by_status.get(value, ()) if pk in sources),
                    key=lambda source: source.citation,
                ),
            }
            for value, label in Status.choices
        ]

    # Routes.
    @path("")
    def index_route(self, request):
        query = request.GET.get("q", "").strip()[:200]
        return self.render(
            request,
            context_overrides={
                "query": query,
                "records": self.get_records(query, request.GET.get("page")),
                "figures": self.status_figures(),
                "total": self.published_records().count(),
            },
        )

    @re_path(r"^(?P<record_id>\d+)-(?P<slug>[-\w]*)/$", name="record")
    def record_route(self, request, record_id, slug):
        record = (
            self.published_records().select_related("photo")
            .prefetch_related("sources__page").filter(pk=record_id).first()
        )
        if record is None:
            raise Http404
        if slug != record.slug():
            return redirect(self.get_url(request) + record.subpath(), permanent=True)
        return self.render(
            request,
            template="remembrance/name_record.html",
            # The record's own texts shown in another language are said so, as on every page.
            context_overrides={"record": record,
                               "missing_translations": i18n.missing_translations(
                                   record, translation_state.own_fields(type(record))),
                               "language_subpath": record.subpath},
        )

    @re_path(r"^(?P<record_id>\d+)/$", name="record_short")
    def record_short_route(self, request, record_id):
        record = self.published_records().filter(pk=record_id).first()
        if record is None:
            raise Http404
        return redirect(self.get_url(request) + record.subpath(), permanent=True)

    @path("propose/", name="propose")
    def propose_route(self, request):
        from remembrance.forms import ContributionForm

        status = 200
        if request.method == "POST":
            form = ContributionForm(request.POST)
            if form.is_spam:
                return redirect(self.get_url(request) + "propose/thanks/")
            if ratelimit.is_limited(request):
                form.add_error(None, _(
                    "We have received several proposals from your connection in a short "
                    "time. Please try again in an hour."
                ))
                status = 429
            elif form.is_valid():
                ratelimit.record_attempt(request)
                self.save_contribution(form.cleaned_data)
                return redirect(self.get_url(request) + "propose/thanks/")
            else:
                status = 400
        else:
            initial = {}
            correction = request.GET.get("correction", "")
            record = None
            if correction.isdigit():
                record = self.published_records().filter(pk=int(correction)).first()
            if record is not None:
                spellings = record.spellings()
                initial = {
                    "correction_of": record.pk,
                    **{build_localized_fieldname("name", code): spellings[code]
                       for code in spellings},
                    "status": record.status, "birth_year": record.birth_year,
                    "age": record.age,
                }
            form = ContributionForm(initial=initial)
        correction_record = None
        if form.is_bound:
            correction_record = form.cleaned_data.get("correction_of") if hasattr(
                form, "cleaned_data") else None
        elif form.initial.get("correction_of"):
            correction_record = self.published_records().get(pk=form.initial["correction_of"])
        response = self.render(
            request,
            template="remembrance/propose.html",
            context_overrides={"form": form, "correction_record": correction_record,
                               "missing_translations": {}, "language_subpath": "propose/"},
        )
        response.status_code = status
        return response

    @path("propose/thanks/", name="propose_thanks")
    def propose_thanks_route(self, request):
        return self.render(
            request, template="remembrance/propose_thanks.html",
            context_overrides={"missing_translations": {}, "language_subpath": "propose/thanks/"},
        )

    def cited_item(self, item, request):
        """A published record as citations.citation cites it ("cite this page" on its page):
        its name, the register as the site, the version last published, its address."""
        from citations.citation import Work

        record = item if isinstance(item, NameRecord) else (
            self.published_records().filter(pk=item).first())
        if record is None or not record.live:
            return None
        language = translation.get_language()
        return Work(
            title=record.name,
            title_language=record.name_language or language,
            date=record.event_date,
            precision=record.event_date_precision or "day",
            version_date=record.last_published_at,
            url=site_root.page_url(self, request) + record.subpath(),
            kind="entry",
            key=f"record{record.pk}{language}",
        )

    @staticmethod
    def save_contribution(data):
        """A draft record (never public until an editor publishes it) and the private
        contact details, apart."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language not in i18n.language_codes():
            language = settings.LANGUAGE_CODE
        with transaction.atomic():
            record = NameRecord(
                **{column: data[column].strip()
                   for column in i18n.language_columns("name")},
                status=data["status"],
                birth_year=data.get("birth_year"),
                age=data.get("age"),
                origin=Origin.CONTRIBUTION,
                corrects=data.get("correction_of"),
                live=False,
            )
            setattr(record, build_localized_fieldname("place", language),
                    data.get("place", "").strip())
            record.save()
            record.save_revision(log_action=True)
            return Contribution.objects.create(
                record=record,
                contributor_name=data["contributor_name"].strip(),
                email=data["email"].strip(),
                phone=data.get("phone", "").strip(),
                relationship=data.get("relationship", "").strip(),
                message=data.get("message", "").strip(),
                sources_note=data.get("sources_note", "").strip(),
                language=language,
                consent_given_at=timezone.now(),
            )


class TestimoniesIndexPage(BasePage):
    intro = RichTextField(
        _("Introduction"),
        features=RICH_TEXT_FEATURES,
        help_text=_("How testimonies are recorded, with the witnesses' consent, and kept."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["remembrance.TestimonyPage"]
    # Its content is its child pages: out of the menu while it has none (core.navigation).
    shows_children = True
    max_count = 1
    template = "remembrance/testimonies_index_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Testimonies")

    def get_testimonies(self, page_number=None):
        testimonies = (
            public(TestimonyPage.objects.live()).child_of(self)
            .order_by("-recorded_on", "-first_published_at")
        )
        return page_or_404(Paginator(testimonies, TESTIMONIES_PER_PAGE), page_number)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["testimonies"] = self.get_testimonies(request.GET.get("page"))
        return context


def validate_embed_url(value):
    if urlsplit(value).scheme != "https":
        raise ValidationError(_("The player's address must begin with https://."))


class MediaKind(models.TextChoices):
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")


class TestimonyPage(RoutableBasePage):
    """A witness's account: the recording, a content note, and a transcript per language."""

    shows_access_date = True  # "cite this page"

    witness_name = models.CharField(
        _("Witness"), max_length=200, blank=True,
        help_text=_("Leave empty when the witness asked to remain anonymous."),
    )
    recorded_on = models.DateField(_("Date of recording"), null=True, blank=True)
    recorded_at = models.CharField(_("Place of recording"), max_length=200, blank=True)
    summary = models.TextField(
        _("Summary"), blank=True, help_text=_("One or two sentences shown in the list."),
    )
    media = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("Recording (file)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("An audio or video file kept on this portal (MP3, M4A, OGG, MP4, WebM)."),
    )
    media_kind = models.CharField(
        _("Kind of recording"), max_length=5, choices=MediaKind.choices, default="audio",
    )
    embed_url = models.URLField(
        _("Player address (embed)"), blank=True, validators=[validate_embed_url],
        help_text=_(
            "The address of a player on another site (https). It is loaded only when the "
            "reader chooses to play it."
        ),
    )
    content_note = models.TextField(
        _("Content note"), blank=True,
        help_text=_("Shown before the transcript. Empty: a standard note is shown."),
    )
    transcript = RichTextField(_("Transcript"), features=RICH_TEXT_FEATURES, blank=True)
    original_language = models.CharField(
        _("Language of the recording"), max_length=10, blank=True,
        choices=settings.LANGUAGES,
    )
    translator = models.CharField(
        _("Translator of this transcript"), max_length=200, blank=True,
        help_text=_("Credited under the transcript; leave empty in the recording's language."),
    )

    translated_content_fields = ("title", "recorded_at", "summary", "content_note", "transcript")
    main_text_field = "transcript"
    parent_page_types = ["remembrance.TestimoniesIndexPage"]
    subpage_types = []
    template = "remembrance/testimony_page.html"

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("witness_name"),
        index.SearchField("summary"),
        index.SearchField("transcript"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("witness_name"),
        FieldRowPanel([FieldPanel("recorded_on"), FieldPanel("recorded_at")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("media"), FieldPanel("media_kind"), FieldPanel("embed_url")],
            heading=_("Recording"),
        ),
        FieldPanel("content_note"),
        FieldPanel("original_language"),
        FieldPanel("transcript"),
        sources_panel(),
        FieldPanel("translator"),
    ]

    class Meta:
        verbose_name = _("Testimony")

    def clean(self):
        super().clean()
        if self.media_id and self.media.file_extension.lower() not in {
            "mp3", "m4a", "ogg", "oga", "opus", "wav", "mp4", "webm", "ogv", "m4v",
        }:
            raise ValidationError({"media": _("Choose an audio or video file.")})

    @path("")
    def testimony_route(self, request):
        return self.render(request, context_overrides={"show_embed": False})

    @path("play/", name="play")
    def play_route(self, request):
        if not self.embed_url:
            raise Http404
        return self.render(
            request, context_overrides={"show_embed": True, "language_subpath": "play/"}
        )

    @property
    def embed_host(self):
        return urlsplit(self.embed_url).hostname or ""


class TimelinePage(BasePage):
    """Dated events in order, each with its sources: an ordered list, no script needed."""

    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("What the timeline covers and where its dates come from."),
    )
    events = StreamField(
        TimelineBlock(), verbose_name=_("Events"), blank=True,
        help_text=_("Events are shown in date order, whatever their order here."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Text after the events"), blank=True)

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    # Each language's events keep the source's blocks: one date and its sources per event.
    synced_streamfields = ("events",)
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    template = "remembrance/timeline_page.html"

    search_fields = [
        *BasePage.search_fields, index.SearchField("intro"), index.SearchField("events"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("events"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("Timeline")

    def get_events(self):
        """The events in date order, with each text in the reader's language (or its
        fallback): ``*_language`` says which language a text is in, the source's where a
        block was not translated yet (translations.stream_sync copies the source's block)."""
        source = translation_state.source_language()
        shown = i18n.shown_language(self, "events")
        originals = stream_sync.blocks_by_id(self, "events", source)
        events = []
        for position, block in enumerate(self.events):
            if block.block_type != "event":
                continue
            value = block.value
            original = (originals.get(block.id) or {}).get("value") or {}
            texts = {}
            for name in ("title", "description", "date_label"):
                text = value.get(name) or ""
                copied = shown != source and text and text == (original.get(name) or "")
                texts[name] = text
                texts[f"{name}_language"] = source if copied else shown
            date = value.get("date")
            events.append({
                "position": position,
                "date": date,
                "precision": value.get("precision") or "day",
                "datetime": date_attribute(date, value.get("precision")),
                **texts,
                "sources": list(value.get("sources") or []),
            })
        events.sort(key=lambda event: (event["date"] or datetime.date.max, event["position"]))
        return events
