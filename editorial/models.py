"""The glossary: how the portal names the event, places and organisations in each language."""

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel


def _source_language() -> str:
    return getattr(settings, "PORTAL_SOURCE_LANGUAGE", settings.LANGUAGE_CODE)


def _source_column(name: str) -> str:
    """The column of ``name`` in the source language (modeltranslation's naming)."""
    return build_localized_fieldname(name, _source_language())


class GlossaryTerm(models.Model):
    """One term and its agreed translations; every export to translators carries the terms
    whose source-language form occurs in a segment as a note on it.

    ``term`` is kept per language by modeltranslation (editorial/translation.py), like every
    other text of the portal; the source language's form is required and unique. The glossary
    is the translators' reference, not content to translate: it is neither counted in the
    translation states nor exported (``translation_tracked``)."""

    translation_tracked = False

    term = models.CharField(
        pgettext_lazy("translation workbench", "Term"), max_length=200,
        help_text=pgettext_lazy("translation workbench",
            "The term as the portal writes it in this language."),
    )
    note = models.TextField(
        pgettext_lazy("translation workbench", "Note"), blank=True,
        help_text=pgettext_lazy("translation workbench",
            "Why this translation was chosen, or when not to use it."),
    )

    panels = [FieldPanel("term"), FieldPanel("note")]

    class Meta:
        verbose_name = pgettext_lazy("translation workbench", "glossary term")
        verbose_name_plural = pgettext_lazy("translation workbench", "glossary")
        ordering = [_source_column("term")]
        constraints = [
            models.UniqueConstraint(fields=[_source_column("term")],
                                    name="glossary_term_unique_in_source"),
        ]

    def __str__(self):
        return self.in_language(_source_language())

    def in_language(self, language: str) -> str:
        """The term in ``language`` as written there ("" when nobody has), no fallback."""
        return getattr(self, build_localized_fieldname("term", language), "") or ""
