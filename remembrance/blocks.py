"""Timeline events: one date, its precision, its texts and their sources."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from core.dates import DatePrecision


class TimelineEventBlock(blocks.StructBlock):
    date = blocks.DateBlock(
        label=_("Date"),
        help_text=_("For a month or a year only, enter its first day and choose the precision."),
    )
    precision = blocks.ChoiceBlock(
        label=_("The date is known to the"), choices=DatePrecision.choices, default="day",
    )
    # The texts, in the language of the stream the block is in: the page keeps one stream of
    # events per language (modeltranslation), on the source language's blocks
    # (translations.stream_sync), so the date, its precision and the sources are the source's.
    date_label = blocks.CharBlock(
        label=_("Date as written"), required=False, max_length=100,
        help_text=_("Optional: e.g. a night spanning two days. Empty: the date is shown."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    description = blocks.TextBlock(label=_("Description"), required=False)
    sources = blocks.ListBlock(
        SnippetChooserBlock("remembrance.Source"),
        label=_("Sources"),
        help_text=_("Every source that attests this event."),
    )

    class Meta:
        icon = "date"
        label = _("Event")


class TimelineBlock(blocks.StreamBlock):
    event = TimelineEventBlock()

    class Meta:
        label = _("Events")
