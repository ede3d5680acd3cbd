"""Field-level translation of the glossary (translations.models.GlossaryTerm): one column per
configured language, created by modeltranslation, as every per-language text of the portal."""

from modeltranslation.translator import TranslationOptions, register

from core.i18n import source_language
from translations.models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTR(TranslationOptions):
    fields = ("term",)
    # The source language's form is the term itself: required there, optional elsewhere.
    required_languages = {
        source_language(): ("term",),
    }
