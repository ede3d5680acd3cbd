"""The models of the cross-cutting package: the search synonyms editors keep."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


def language_choices():
    """The configured languages (a callable, so a language added to the settings needs no
    migration)."""
    return settings.LANGUAGES


class SearchSynonym(models.Model):
    """Words readers use for the same thing in one language: searching for any of them finds
    what the others find (core.search). Editors keep them under Settings → Search synonyms."""

    language = models.CharField(
        _("Language"), max_length=8, choices=language_choices,
        help_text=_("The search in this language applies these synonyms."),
    )
    term = models.CharField(
        _("Term"), max_length=100,
        help_text=_("One word, as readers type it; its other forms are found too."),
    )
    equivalents = models.TextField(
        _("Equivalents"),
        help_text=_(
            "Words that a reader searching means the same by, one word per line or separated "
            "by commas. Each of them finds what the term finds, and the other way round."
        ),
    )

    panels = [FieldPanel("language"), FieldPanel("term"), FieldPanel("equivalents")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["language", "term"]
        constraints = [
            models.UniqueConstraint(fields=["language", "term"], name="search_synonym_unique")
        ]

    def __str__(self):
        return f"{self.term} = {', '.join(self.equivalent_words())} [{self.language}]"

    def equivalent_words(self) -> list[str]:
        return [word.strip() for word in SYNONYM_SEPARATORS.split(self.equivalents or "")
                if word.strip()]

    def words(self) -> list[str]:
        """The term and its equivalents, each once."""
        return list(dict.fromkeys([self.term.strip(), *self.equivalent_words()]))

    def clean(self):
        super().clean()
        errors = {}
        term = (self.term or "").strip()
        if term and not ONE_WORD.fullmatch(term):
            errors["term"] = _("Write one word (letters and digits only).")
        equivalents = self.equivalent_words()
        not_words = [word for word in equivalents if not ONE_WORD.fullmatch(word)]
        if not_words:
            errors["equivalents"] = _(
                "One word each, separated by commas or on their own lines: %(words)s"
            ) % {"words": ", ".join(not_words)}
        elif not equivalents:
            errors["equivalents"] = _("Write at least one word that means the same.")
        if errors:
            raise ValidationError(errors)
        self.term = term
        self.equivalents = "\n".join(dict.fromkeys(equivalents))


SYNONYM_SEPARATORS = re.compile(r"[,;\n]+")
ONE_WORD = re.compile(r"[^\W_]+")
