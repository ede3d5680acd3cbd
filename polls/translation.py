"""Field-level translation of the poll: its question and each choice."""

from modeltranslation.translator import TranslationOptions, register

from polls.models import PollChoice, PollPage


@register(PollPage)
class PollPageTR(TranslationOptions):
    fields = ("question",)


@register(PollChoice)
class PollChoiceTR(TranslationOptions):
    fields = ("label",)
