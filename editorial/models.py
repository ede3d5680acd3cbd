"""The glossary: how the portal names the event, places and organisations in each language."""

from django.db import models
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel


class GlossaryTerm(models.Model):
    """One term and its agreed translations; every export to translators carries the terms
    whose Azerbaijani form occurs in a segment as a note on it."""

    term_az = models.CharField(pgettext_lazy("translation workbench",
        "Term in Azerbaijani"), max_length=200, unique=True)
    term_en = models.CharField(pgettext_lazy("translation workbench",
        "Term in English"), max_length=200, blank=True)
    term_ru = models.CharField(pgettext_lazy("translation workbench",
        "Term in Russian"), max_length=200, blank=True)
    note = models.TextField(
        pgettext_lazy("translation workbench", "Note"), blank=True,
        help_text=pgettext_lazy("translation workbench",
            "Why this translation was chosen, or when not to use it."),
    )

    panels = [FieldPanel("term_az"), FieldPanel("term_en"), FieldPanel("term_ru"),
              FieldPanel("note")]

    class Meta:
        verbose_name = pgettext_lazy("translation workbench", "glossary term")
        verbose_name_plural = pgettext_lazy("translation workbench", "glossary")
        ordering = ["term_az"]

    def __str__(self):
        return self.term_az

    def term(self, language: str) -> str:
        return getattr(self, f"term_{language}", "") or ""
