"""Timeline events: one date, its precision, text in each language, and their sources."""

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
    date_label_az = blocks.CharBlock(
        label=_("Date as written (Azerbaijani)"), required=False, max_length=100,
        help_text=_("Optional: e.g. a night spanning two days. Empty: the date is shown."),
    )
    date_label_en = blocks.CharBlock(
        label=_("Date as written (English)"), required=False, max_length=100
    )
    date_label_ru = blocks.CharBlock(
        label=_("Date as written (Russian)"), required=False, max_length=100
    )
    title_az = blocks.CharBlock(label=_("Title (Azerbaijani)"), max_length=250)
    title_en = blocks.CharBlock(label=_("Title (English)"), required=False, max_length=250)
    title_ru = blocks.CharBlock(label=_("Title (Russian)"), required=False, max_length=250)
    description_az = blocks.TextBlock(label=_("Description (Azerbaijani)"), required=False)
    description_en = blocks.TextBlock(label=_("Description (English)"), required=False)
    description_ru = blocks.TextBlock(label=_("Description (Russian)"), required=False)
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
