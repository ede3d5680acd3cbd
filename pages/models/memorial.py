"""The memorial article: the heart of the portal, kept up to date by editors."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.dates import DatePrecision, date_attribute, written_date
from pages.blocks import BodyBlock
from pages.models.base import BasePage, sources_panel
from translations import state as translation_state


class MemorialArticlePage(BasePage):
    shows_access_date = True  # "cite this page"

    lead = models.TextField(
        _("Lead"),
        help_text=_("The opening paragraph: what happened, where and when, in a few sentences."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("Main image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the main image for readers who cannot see it."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Article"))
    timeline = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("Timeline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The timeline of events linked at the end of the article."),
    )
    first_written = models.DateField(
        _("First written"),
        null=True,
        blank=True,
        help_text=_(
            "When the text was first written, if before it was published here (the memorial "
            "page of 2000). For a month or a year only, enter its first day and choose the "
            "precision. Empty: readers see the date of first publication."
        ),
    )
    first_written_precision = models.CharField(
        _("Precision of the date first written"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )

    translated_content_fields = ("title", "lead", "body")
    # Translations follow the Azerbaijani blocks (translations.stream_sync): headings,
    # quotations and images are added once, in az, and translated block by block.
    synced_streamfields = ("body",)
    served_with = ("hero_image", "timeline")
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/memorial_article_page.html"
    # The portal's main text: first among the pages whose titles hold a query (core.search.rank).
    search_prominence = 1

    search_fields = [*BasePage.search_fields, index.SearchField("lead"), index.SearchField("body")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("lead"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("body"),
        sources_panel(),
        PageChooserPanel("timeline", "remembrance.TimelinePage"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("first_written"), FieldPanel("first_written_precision")])],
            heading=_("Dates"),
        ),
    ]

    class Meta:
        verbose_name = _("Memorial article")

    def clean(self):
        super().clean()
        # The source language's alternative text is required; the others fall back to it.
        column = build_localized_fieldname("hero_image_alt", translation_state.source_language())
        if self.hero_image_id and not (getattr(self, column) or "").strip():
            raise ValidationError(
                {column: _("Describe the main image for readers who cannot see it.")}
            )

    def get_main_image(self):
        return self.social_image or self.hero_image

    def first_written_text(self):
        """The date first written at its precision, in the reader's language ("2000")."""
        if self.first_written is None:
            return ""
        return written_date(translation.get_language(), self.first_written,
                            self.first_written_precision)

    def first_written_attribute(self):
        """Its <time datetime> value at the same precision ("2000", "2000-02")."""
        return date_attribute(self.first_written, self.first_written_precision)
