"""The models of the cross-cutting package: what each translation was written from, and the
search synonyms editors keep."""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class TranslationRecord(models.Model):
    """A text of an object in one language (by fingerprint) and the fingerprint of the source
    text it was written from (core.translation_state). Content-addressed: one row per text
    version, so drafts and the live version are judged alike."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=255)
    language = models.CharField(max_length=8)
    value_fingerprint = models.CharField(max_length=32)
    source_fingerprint = models.CharField(max_length=32)
    checked = models.BooleanField(
        default=False, help_text=_("A person confirmed this text as it stands.")
    )
    machine = models.BooleanField(
        default=False,
        help_text=_("A machine suggested this text and no person has reviewed it yet."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("translation record")
        verbose_name_plural = _("translation records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language", "value_fingerprint"],
                name="translation_record_unique_text",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="translation_obj_idx")]
        # Each configured language's permission to write its texts ("translate_<code>") is
        # made by core.field_permissions.ensure_language_permissions, not listed here: adding
        # a language needs no migration for it.
        permissions = [
            ("edit_shared_fields", _("Can change what all languages share (dates, images…)")),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field} [{self.language}]"


class TranslationStatus(models.Model):
    """How many texts of one object are missing, same as source, outdated or translated in one
    language: kept up to date each time the object is saved (core.translation_state.refresh),
    so the admin's report, lists and dashboard read one table."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
    )
    language = models.CharField(max_length=8)
    label = models.CharField(max_length=255, blank=True)
    missing = models.PositiveIntegerField(default=0)
    same = models.PositiveIntegerField(default=0)
    outdated = models.PositiveIntegerField(default=0)
    translated = models.PositiveIntegerField(default=0)
    missing_fields = models.TextField(blank=True)
    same_fields = models.TextField(blank=True)
    outdated_fields = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation status")
        verbose_name_plural = _("translation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="translation_status_unique",
            )
        ]
        indexes = [models.Index(fields=["language", "content_type"], name="translation_lang_idx")]

    def __str__(self):
        return f"{self.label} [{self.language}]"

    # The texts still to do, named in the reader's admin language (stored in each).
    def missing_labels(self):
        from core.translation_state import labels_for_reader

        return labels_for_reader(self.missing_fields)

    def same_labels(self):
        from core.translation_state import labels_for_reader

        return labels_for_reader(self.same_fields)

    def outdated_labels(self):
        from core.translation_state import labels_for_reader

        return labels_for_reader(self.outdated_fields)

    @property
    def to_do(self) -> int:
        return self.missing + self.same + self.outdated


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
