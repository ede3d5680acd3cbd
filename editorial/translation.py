"""Field-level translation of the glossary (editorial.models.GlossaryTerm): one column per
configured language, created by modeltranslation, as every per-language text of the portal."""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from editorial.models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTR(TranslationOptions):
    fields = ("term",)
    # The source language's form is the term itself: required there, optional elsewhere.
    required_languages = {
        getattr(settings, "PORTAL_SOURCE_LANGUAGE", settings.LANGUAGE_CODE): ("term",),
    }
