"""Field-level translation of the remembrance section: its page types, the timeline's events
(a translated StreamField whose block structure follows the source language,
translations.stream_sync) and the register's records (a name is spelled in each language's
script; place and biography are translated), all in modeltranslation's columns, one per
configured language.
"""

from modeltranslation.translator import TranslationOptions, register

from remembrance.models import (
    NameRecord,
    NamesRegisterPage,
    TestimoniesIndexPage,
    TestimonyPage,
    TimelinePage,
)


@register(NamesRegisterPage)
class NamesRegisterPageTR(TranslationOptions):
    fields = ("intro", "contribution_intro")


@register(TestimoniesIndexPage)
class TestimoniesIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(TestimonyPage)
class TestimonyPageTR(TranslationOptions):
    fields = ("recorded_at", "summary", "content_note", "transcript", "translator")


@register(TimelinePage)
class TimelinePageTR(TranslationOptions):
    fields = ("intro", "events", "body")


@register(NameRecord)
class NameRecordTR(TranslationOptions):
    fields = ("name", "place", "biography")
