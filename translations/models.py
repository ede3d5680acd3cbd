"""What translation keeps: each text's record of what it was translated from, the counts the
workbench reads, and the glossary (how the portal names the event, places and organisations in
each language)."""

import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel

from core.i18n import source_language


class TranslationRecord(models.Model):
    """A text of an object in one language (by fingerprint) and the fingerprint of the source
    text it was written from (translations.state). Content-addressed: one row per text
    version, so drafts and the live version are judged alike."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=255)
    language = models.CharField(max_length=8)
    value_fingerprint = models.CharField(max_length=32)
    source_fingerprint = models.CharField(max_length=32)
    checked = models.BooleanField(
        default=False, help_text=pgettext_lazy(
            "translation workbench", "A person confirmed this text as it stands.")
    )
    machine = models.BooleanField(
        default=False,
        help_text=pgettext_lazy(
            "translation workbench",
            "A machine suggested this text and no person has reviewed it yet."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "core_translationrecord"  # made by the core app before translation had its own
        verbose_name = pgettext_lazy("translation workbench", "translation record")
        verbose_name_plural = pgettext_lazy("translation workbench", "translation records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language", "value_fingerprint"],
                name="translation_record_unique_text",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="translation_obj_idx")]
        # Each configured language's permission to write its texts ("translate_<code>") is
        # made by translations.field_permissions.ensure_language_permissions, not listed here:
        # adding a language needs no migration for it.
        permissions = [
            ("edit_shared_fields", pgettext_lazy(
                "translation workbench", "Can change what all languages share (dates, images…)")),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field} [{self.language}]"


class MemoryEntry(models.Model):
    """A translation a person made (translations.memory): the source text and its fingerprint,
    the translation, and where it was made (object and text key), so the same source elsewhere
    is offered it and an outdated text shows what it was translated from."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=255)
    language = models.CharField(max_length=8)
    source_language = models.CharField(max_length=8)
    source_fingerprint = models.CharField(max_length=32)
    source_text = models.TextField()
    target_fingerprint = models.CharField(max_length=32)
    target_text = models.TextField()
    object_label = models.CharField(max_length=255, blank=True)
    field_label = models.TextField(blank=True)  # in each admin language (stored_labels)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("translation workbench", "translation memory entry")
        verbose_name_plural = pgettext_lazy("translation workbench", "translation memory")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language", "source_fingerprint"],
                name="translation_memory_unique",
            )
        ]
        indexes = [models.Index(fields=["language", "source_fingerprint"],
                                name="translation_memory_idx")]

    def __str__(self):
        return f"{self.object_label} {self.field} [{self.language}]"


def stored_labels(field_states) -> str:
    """The texts' labels in each language the admin speaks, as stored with the counts
    (``TranslationStatus.<state>_fields``, read by :func:`labels_for_reader`): each reader
    of the report sees them in their own admin language."""
    from core.admin_language import admin_languages

    if not field_states:
        return ""
    stored = {}
    for code in admin_languages() or [settings.LANGUAGE_CODE]:
        with translation.override(code):
            stored[code] = ", ".join(str(item.label) for item in field_states)
    return json.dumps(stored, ensure_ascii=False, sort_keys=True)


def labels_for_reader(stored: str) -> str:
    """What :func:`stored_labels` kept, in the active language (or the admin's first)."""
    from core.admin_language import admin_languages

    if not stored:
        return ""
    try:
        by_language = json.loads(stored)
    except ValueError:
        return stored  # counted before labels were kept per language
    if not isinstance(by_language, dict):
        return stored
    for code in (translation.get_language(), *admin_languages()):
        if code in by_language:
            return by_language[code]
    return next(iter(by_language.values()), "")


class TranslationStatus(models.Model):
    """How many texts of one object are missing, same as source, outdated or translated in one
    language: kept up to date each time the object is saved (translations.state.refresh),
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
        db_table = "core_translationstatus"
        verbose_name = pgettext_lazy("translation workbench", "translation status")
        verbose_name_plural = pgettext_lazy("translation workbench", "translation statuses")
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
        return labels_for_reader(self.missing_fields)

    def same_labels(self):
        return labels_for_reader(self.same_fields)

    def outdated_labels(self):
        return labels_for_reader(self.outdated_fields)

    @property
    def to_do(self) -> int:
        return self.missing + self.same + self.outdated


def _source_column(name: str) -> str:
    """The column of ``name`` in the source language (modeltranslation's naming)."""
    return build_localized_fieldname(name, source_language())


class GlossaryTerm(models.Model):
    """One term and its agreed translations; every export to translators carries the terms
    whose source-language form occurs in a segment as a note on it.

    ``term`` is kept per language by modeltranslation (translations/translation.py), like every
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
        db_table = "editorial_glossaryterm"  # made by the editorial app before this one
        ordering = [_source_column("term")]
        constraints = [
            models.UniqueConstraint(fields=[_source_column("term")],
                                    name="glossary_term_unique_in_source"),
        ]

    def __str__(self):
        return self.in_language(source_language())

    def in_language(self, language: str) -> str:
        """The term in ``language`` as written there ("" when nobody has), no fallback."""
        return getattr(self, build_localized_fieldname("term", language), "") or ""

    @classmethod
    def pairs(cls, language: str) -> list[tuple[str, str]]:
        """(source term, agreed translation) pairs for ``language``: what a machine backend
        that keeps glossaries is given (translations.machine)."""
        source_code = source_language()
        found = []
        for term in cls.objects.all():
            source = term.in_language(source_code).strip()
            target = term.in_language(language).strip()
            if source and target:
                found.append((source, target))
        return found


def object_label(instance) -> str:
    for name in ("title", "name", "site_name"):
        value = getattr(instance, build_localized_fieldname(name, source_language()), None)
        value = value or getattr(instance, name, None)
        if value:
            return str(value)[:255]
    return str(instance)[:255]
