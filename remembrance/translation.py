"""Field-level translation of the remembrance page types.

Name records, sources and timeline events keep their per-language text in explicit fields
(name_az, biography_ru …): a name is written differently in each script, not translated.
"""

from modeltranslation.translator import TranslationOptions, register

from remembrance.models import (
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
    fields = ("intro", "body")
