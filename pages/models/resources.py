"""Resources: books, reports, documents, testimonies and recordings, each with how to cite it."""


from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from citations import citation
from core import i18n
from core.dates import DatePrecision, written_date
from core.pagination import RememberedCountPaginator, page_or_404
from core.restrictions import public
from pages.blocks import BodyBlock
from pages.models.base import BasePage, for_listing

RESOURCES_PER_PAGE = 20


class ResourceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    REPORT = "report", _("Report")
    BOOK = "book", _("Book")
    ARTICLE = "article", _("Article")
    VIDEO = "video", _("Video")
    PHOTO_COLLECTION = "photos", _("Photo collection")
    TESTIMONY = "testimony", _("Testimony")


class ResourceLanguage(models.TextChoices):
    """Languages sources on Khojaly are most often written in."""

    AZERBAIJANI = "az", _("Azerbaijani")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    TURKISH = "tr", _("Turkish")
    ARMENIAN = "hy", _("Armenian")
    FRENCH = "fr", _("French")
    GERMAN = "de", _("German")
    OTHER = "other", _("Other language")


class EmbedPlaceholderBlock(blocks.StructBlock):
    """A recording hosted elsewhere: shown as a link, so nothing loads from the host unasked."""

    embed = EmbedBlock(
        label=_("Address of the recording"),
        help_text=_("The page address of the video or recording on its host (for example a "
                    "video site). Readers see a link to it; nothing is loaded from the host "
                    "until they follow it."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)

    class Meta:
        icon = "media"
        label = _("Recording")
        template = "blocks/embed_placeholder_block.html"


class ResourceIndexPage(BasePage):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("What readers find in this section, in one or two sentences."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ResourcePage"]
    # Its content is its child pages: out of the menu while it has none (core.navigation).
    shows_children = True
    max_count = 1
    template = "pages/resource_index_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Resource index")

    def get_resources(self, params, page_number=None):
        """Live resources below this page, filtered by kind and original language, paginated.

        Unknown filter values are ignored (and reported), never an error.
        """
        filters, ignored = {}, False
        kind = (params.get("kind") or "").strip()
        if kind:
            if kind in ResourceKind.values:
                filters["kind"] = kind
            else:
                ignored = True
        language = (params.get("language") or "").strip()
        if language:
            if language in ResourceLanguage.values:
                filters["original_language"] = language
            else:
                ignored = True
        resources = (
            for_listing(public(ResourcePage.objects.live()).child_of(self))
            .filter(**filters)
            .order_by(models.F("publication_date").desc(nulls_last=True), "pk")
        )
        count_key = f"resources:{self.pk}:{sorted(filters.items())}"
        paginator = RememberedCountPaginator(resources, RESOURCES_PER_PAGE, count_key=count_key)
        return {
            "page_obj": page_or_404(paginator, page_number),
            "selected_kind": filters.get("kind", ""),
            "selected_language": filters.get("original_language", ""),
            "ignored_filter": ignored,
            "is_filtered": bool(filters),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_resources(request.GET, request.GET.get("page")))
        context["kinds"] = ResourceKind.choices
        context["languages"] = ResourceLanguage.choices
        return context


class ResourcePage(BasePage):
    kind = models.CharField(_("Kind"), max_length=20, choices=ResourceKind.choices)
    original_title = models.CharField(
        _("Original title"),
        max_length=500,
        blank=True,
        help_text=_("The title exactly as published, in its own language; the citation uses "
                    "it. Leave empty when the work has no title: the citation then describes it "
                    "with the page title in square brackets."),
    )
    authors = models.CharField(
        _("Authors"),
        max_length=500,
        blank=True,
        help_text=_("As printed on the work. Separate several authors with semicolons."),
    )
    publisher = models.CharField(
        _("Publisher"),
        max_length=250,
        blank=True,
        help_text=_("Publisher, organisation or outlet, as printed on the work."),
    )
    publication_date = models.DateField(
        _("Publication date"),
        null=True,
        blank=True,
        help_text=_("For a month or a year only, enter its first day and choose the precision."),
    )
    date_precision = models.CharField(
        _("Date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    original_language = models.CharField(
        _("Original language"),
        max_length=10,
        choices=ResourceLanguage.choices,
        blank=True,
    )
    url = models.URLField(
        _("Address (URL)"),
        max_length=500,
        blank=True,
        help_text=_("Where the work can be read online, if anywhere."),
    )
    archive_url = models.URLField(
        _("Archived copy (URL)"),
        max_length=500,
        blank=True,
        help_text=_("A copy in a web archive, for when the original address stops working."),
    )
    summary = models.TextField(
        _("Summary"),
        help_text=_("What the work is and why it matters, in two or three sentences."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)
    listing_deferred_fields = ("media",)
    media = StreamField(
        [("recording", EmbedPlaceholderBlock())],
        verbose_name=_("Recordings"),
        blank=True,
        help_text=_(
            "Videos or audio hosted elsewhere; readers get a link, not an embedded player."
        ),
    )

    translated_content_fields = ("title", "summary", "body")
    main_text_field = "summary"
    parent_page_types = ["pages.ResourceIndexPage"]
    subpage_types = []
    template = "pages/resource_page.html"

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("authors"),
        index.SearchField("original_title"),
        index.SearchField("publisher"),
        index.FilterField("kind"),
        index.FilterField("original_language"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldPanel("original_title"),
                FieldPanel("authors"),
                FieldPanel("publisher"),
                FieldRowPanel([FieldPanel("publication_date"), FieldPanel("date_precision")]),
                FieldPanel("original_language"),
                FieldPanel("url"),
                FieldPanel("archive_url"),
            ],
            heading=_("Citation"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents"), heading=_("Attached documents")),
        FieldPanel("media"),
    ]

    class Meta:
        verbose_name = _("Resource")
        indexes = [models.Index(fields=["publication_date"], name="resource_date_idx")]

    def kind_label(self):
        return i18n.choice_label(ResourceKind, self.kind)

    def original_language_label(self):
        return i18n.choice_label(ResourceLanguage, self.original_language)

    def author_list(self):
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    def display_date(self, language=None):
        """The publication date at its precision, written in the reader's language."""
        if self.publication_date is None:
            return ""
        language = language or translation.get_language()
        return written_date(language, self.publication_date, self.date_precision)

    # ResourceKind → the CSL type (citations.citation).
    CSL_TYPES = {"document": "document", "report": "report", "book": "book",
                 "article": "article", "video": "motion_picture", "photos": "graphic",
                 "testimony": "interview"}

    def citation_work(self, language=None):
        """This work as citations.citation describes it: the title in the reader's language, its
        own title where it has one."""
        language = language or translation.get_language()
        with translation.override(language):
            title = self.title
        return citation.Work(
            title=title,
            title_language=i18n.shown_language(self, "title", language) or language,
            original_title=self.original_title,
            original_language=self.original_language,
            original_language_label=self.original_language_label(),
            described=not self.original_title,
            show_translated_title=False,  # the page title is a catalogue label
            authors=tuple(self.author_list()),
            publisher=self.publisher,
            date=self.publication_date,
            precision=self.date_precision,
            url=self.url,
            archive_url=self.archive_url,
            kind=self.CSL_TYPES.get(self.kind, "document"),
            key=f"resource{self.pk}",
        )

    def citation(self, language=None, accessed=None):
        """How to cite this work, as plain text in the reader's language."""
        language = language or translation.get_language()
        return citation.plain(self.citation_work(language), language, accessed)

    def get_documents(self):
        return self.documents.select_related("document").order_by("sort_order")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language()
        context["citation"] = citation.segments(self.citation_work(language), language,
                                                timezone.localdate())
        context["documents"] = self.get_documents()
        return context


class ResourceDocument(Orderable):
    """A file attached to a resource: a scan, a PDF, a transcript."""

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("Document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("Link text"),
        max_length=250,
        blank=True,
        help_text=_("What readers see, in each language. Leave empty to use the file's title."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("Attached document")
        verbose_name_plural = _("Attached documents")

    def __str__(self):
        return self.title or self.document.title
