"""What an export holds, and an import planned, checked and applied.

An import is planned first (the dry run: every change segment by segment, every error) and
applied only when the plan has no error, all or nothing: each object changed gets a new draft
revision (never published) by the importing user, and each text changed is recorded as
translated from the source fingerprint the file carries, so a file made from an older source
imports as outdated. Site settings keep no revisions: they are saved as they are.
"""

import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import pgettext
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from core import i18n
from translations import state as translation_state
from translations.exchange import formats, segments
from translations.exchange.richtext import MarkupError
from translations.field_permissions import lock_message
from translations.machine import MachineTranslationError  # noqa: F401 - re-exported for callers
from translations.models import GlossaryTerm, TranslationRecord, TranslationStatus
from translations.permissions import (  # noqa: F401 - the views ask service
    can_edit,
    can_write,
    valid_key,
)
from translations.status import STATE_FILTERS, TO_DO

PAGE, SECTION, REPORT, SETTINGS, RECORDS, SITE = (
    "page", "section", "report", "settings", "records", "site")


def max_bytes() -> int:
    return getattr(settings, "PORTAL_EXCHANGE_MAX_BYTES", 10 * 1024 * 1024)


# -- what to export -----------------------------------------------------------------------
def settings_models():
    return [model for model in apps.get_models()
            if issubclass(model, (BaseSiteSetting, BaseGenericSetting))
            and translation_state.is_tracked(model)]


def record_models():
    return [model for model in get_snippet_models() if translation_state.is_tracked(model)]


def _pages(queryset):
    return [page for page in queryset.filter(depth__gt=1).order_by("path").specific()
            if translation_state.is_tracked(type(page))]


def _all(models):
    return [instance for model in models for instance in model._default_manager.order_by("pk")]


def select(scope, language, page=None, state=None, content_type=None, section=None, user=None):
    """The objects of an export: one page, a page and its descendants, what the translation
    report lists (``state``, ``content_type``, ``section`` are its filters), the site
    settings, the register records (and other tracked snippets), or the whole site."""
    if scope == PAGE:
        found = _pages(Page.objects.filter(pk=page.pk)) if page else []
    elif scope == SECTION:
        found = _pages(Page.objects.descendant_of(page, inclusive=True)) if page else []
    elif scope == SETTINGS:
        found = _all(settings_models())
    elif scope == RECORDS:
        found = _all(record_models())
    elif scope == SITE:
        found = _pages(Page.objects.all()) + _all(settings_models()) + _all(record_models())
    else:
        statuses = TranslationStatus.objects.filter(language=language).filter(
            STATE_FILTERS.get(state, TO_DO))
        if content_type:
            statuses = statuses.filter(content_type_id=content_type)
        if section is not None:
            statuses = statuses.filter(page__path__startswith=section.path)
        found = []
        wanted: dict = {}
        for content_type_id, object_id in statuses.values_list("content_type_id", "object_id"):
            wanted.setdefault(content_type_id, []).append(object_id)
        for content_type_id, ids in sorted(wanted.items()):
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            if issubclass(model, Page):
                found += _pages(Page.objects.filter(pk__in=ids))
            else:
                found += list(model._default_manager.filter(pk__in=ids).order_by("pk"))
    if user is not None:
        found = [instance for instance in found if can_edit(user, instance)]
    return found


@dataclass
class Document:
    language: str
    source_language: str
    entries: list
    glossary: list

    @property
    def count(self) -> int:
        return sum(len(entry.segments) for entry in self.entries)


def export(instances, language, fmt=formats.XLIFF, machine=None, state=None) -> bytes:
    """The file for ``language``; ``machine`` (a backend of translations.machine) pre-fills the
    missing (and copied, same-as-source) segments with suggestions marked "machine — needs
    review" (raises MachineTranslationError when the service fails: no file then); ``state``
    (missing, same, outdated: the report's filter) keeps only the segments in that state."""
    entries = [segments.entry_for(i, language) for i in instances]
    if state:
        for entry in entries:
            entry.segments = [segment for segment in entry.segments
                              if in_state(entry, segment, state)]
    entries = [entry for entry in entries if entry.segments]
    document = Document(language, i18n.source_language(), entries,
                        list(GlossaryTerm.objects.all()))
    from_memory(document)
    if machine is not None:
        suggest(document, machine)
    return formats.WRITERS[fmt](document)


def in_state(entry, segment, state) -> bool:
    """Whether ``segment`` belongs in an export narrowed to ``state``: its text is in that
    state as the translation report counts it (a block copied from the source is missing
    there), or, for *missing*, the segment itself is empty."""
    return entry.text_states.get(segment.key) == state or (
        state == translation_state.MISSING and segment.state == translation_state.MISSING)


def _untranslated(segment) -> bool:
    """Missing, or a copy of the source (a block added to a language's stream as the
    source's), and not already pre-filled from the memory."""
    return (not segment.target or segment.state == translation_state.SAME) and not segment.memory


def from_memory(document) -> int:
    """Pre-fill each untranslated segment whose text (its field or block) was translated
    before into the document's language, anywhere on the site, with that translation, marked
    as the memory's suggestion with where it came from (written fuzzy: an import leaves it
    out until the translator accepts it). One query for the whole document."""
    from translations import memory

    wanted = [(entry, segment) for entry in document.entries for segment in entry.segments
              if _untranslated(segment) and not segment.machine]
    found = memory.for_prints(document.language,
                              {segment.field_print for _entry, segment in wanted})
    filled, laid = 0, {}
    for entry, segment in wanted:
        row = found.get(segment.field_print)
        if row is None:
            continue
        if (id(entry), segment.key) not in laid:
            laid[(id(entry), segment.key)] = segments.targets_from(
                entry, segment.key, row.target_text)
        target = laid[(id(entry), segment.key)].get(segment.id, "")
        if target.strip() and target.strip() != segment.source.strip() and (
                segments.check(segment, target) is None):
            segment.target, segment.memory = target, memory.origin_line(row)
            filled += 1
    return filled


def suggest(document, machine) -> int:
    empty = [segment for segment in (s for entry in document.entries for s in entry.segments)
             if _untranslated(segment)]
    if not empty:
        return 0
    found = machine_texts(empty, machine, document.source_language, document.language)
    for segment in empty:
        if segment.id in found:
            segment.target, segment.machine = found[segment.id], True
    return len(found)


def machine_texts(wanted, machine, source_language, language) -> dict:
    """{segment id: the machine's translation} of the segments ``wanted``, one request, with
    the glossary; rich text goes with its placeholders, and a translation whose placeholders
    or length cannot be put back is left out. Raises MachineTranslationError. What the
    export's pre-fill and the editor's suggestion for rich text (translations.suggest) share."""
    texts = machine.translate([segment.source for segment in wanted], source_language,
                              language, glossary=GlossaryTerm.pairs(language))
    return {segment.id: text for segment, text in zip(wanted, texts, strict=True)
            if text.strip() and segments.check(segment, text) is None}


def filename(language, fmt, label="portal") -> str:
    extension = formats.FORMATS[fmt][0]
    return f"{label}-{language}.{extension}"


# -- import -------------------------------------------------------------------------------
@dataclass
class Change:
    object_label: str
    segment_id: str
    field_label: str
    before: str
    after: str
    outdated: bool = False


@dataclass
class Plan:
    digest: str = ""
    format: str = ""
    language: str = ""
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    source_changed: list = field(default_factory=list)  # (segment id, in the file, now)
    machine_skipped: list = field(default_factory=list)
    unchanged: int = 0
    work: list = field(default_factory=list)  # (entry, {segment id: text}, {key: print})
    unreadable: bool = False  # the file itself was refused (size, encoding, form): a 400

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def objects(self) -> int:
        return len(self.work)

    @property
    def language_name(self) -> str:
        return i18n.NATIVE_NAMES.get(self.language, self.language)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _entries_of(prefixes, language) -> dict:
    """{prefix ("app.model:pk"): the entry of that object, or None}: one query per model
    named, whatever the file holds (a file of unknown ids costs no more than a known one)."""
    wanted: dict = {}
    for prefix in prefixes:
        label, _sep, pk = prefix.partition(":")
        wanted.setdefault(label, set()).add(pk)
    found = dict.fromkeys(prefixes)
    for label, keys in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        if not translation_state.is_tracked(model):
            continue
        valid = {key for key in keys if valid_key(model, key)}
        if not valid:
            continue
        queryset = model._default_manager.filter(pk__in=valid)
        if issubclass(model, Page):
            queryset = queryset.specific()
        for instance in queryset:
            found[f"{label}:{instance.pk}"] = segments.entry_for(instance, language)
    return found


def plan(data: bytes, user=None, language=None, accept_changed_source=False) -> Plan:
    """The dry run: what the file would change, segment by segment, and every error. Raises
    PermissionDenied when ``user`` may not write the file's language."""
    result = Plan(digest=digest(data))
    if len(data) > max_bytes():
        result.errors.append(pgettext("translation workbench",
            "The file is larger than the limit of %(size)s MB.")
                             % {"size": f"{max_bytes() / 1024 / 1024:g}"})
        result.unreadable = True
        return result
    try:
        parsed = formats.read(data)
    except formats.FileError as error:
        result.errors.append(_file_error(error))
        result.unreadable = True
        return result
    result.format, result.language = parsed.format, parsed.language
    source_code = i18n.source_language()
    if parsed.language not in translation_state.target_languages():
        result.errors.append(pgettext("translation workbench",
            "The file names no language the portal translates into "
                               "(found: “%(found)s”).") % {"found": parsed.language})
        return result
    if language and parsed.language != language:
        result.errors.append(pgettext("translation workbench",
            "This file is for %(found)s, not for %(expected)s.") % {
            "found": i18n.NATIVE_NAMES[parsed.language],
            "expected": i18n.NATIVE_NAMES.get(language, language)})
        return result
    if user is not None and not can_write(user, parsed.language):
        raise PermissionDenied
    if parsed.source_language and parsed.source_language != source_code:
        result.errors.append(pgettext("translation workbench",
            "The file translates from “%(found)s”; the portal's texts are "
                               "written in %(expected)s.") % {
            "found": parsed.source_language, "expected": i18n.NATIVE_NAMES[source_code]})
        return result
    if parsed.declared is not None and parsed.declared != len(parsed.units):
        result.errors.append(pgettext("translation workbench",
            "The file was exported with %(declared)s segments but holds "
                               "%(found)s: it was cut short or segments were removed.") % {
            "declared": parsed.declared, "found": len(parsed.units)})
    seen, locked_objects = set(), set()
    entries = _entries_of({":".join(unit.id.split(":")[:2]) for unit in parsed.units},
                          parsed.language)
    for unit in parsed.units:
        if unit.id in seen:
            result.errors.append(pgettext("translation workbench",
                "Segment %(id)s appears more than once.") % {"id": unit.id})
            continue
        seen.add(unit.id)
        entry = entries[":".join(unit.id.split(":")[:2])]
        segment = entry.by_id.get(unit.id) if entry is not None else None
        if segment is None:
            result.errors.append(pgettext("translation workbench",
                "Unknown segment %(id)s: the portal has no such text (any "
                                   "more).") % {"id": unit.id})
            continue
        if unit.machine:
            if unit.target.strip() and unit.target != segment.target:
                result.machine_skipped.append(unit.id)
            continue
        if unit.memory:  # the memory's suggestion, still marked fuzzy: nobody accepted it
            result.unchanged += 1
            continue
        if not unit.target.strip() or (unit.target == segment.target and not segment.machine):
            result.unchanged += 1
            continue  # (a machine's suggestion confirmed as it stands is written below)
        if unit.error:
            result.errors.append(_broken(unit.id, segment))
            continue
        problem = segments.check(segment, unit.target)
        if problem in ("broken", "unknown"):
            result.errors.append(_broken(unit.id, segment))
            continue
        if problem == "markup":
            result.errors.append(pgettext("translation workbench",
                "Segment %(id)s: write no HTML; links and emphasis are the "
                                   "placeholders.") % {"id": unit.id})
            continue
        if problem == "too-long":
            result.errors.append(pgettext("translation workbench",
                "Segment %(id)s: %(length)s characters, more than the "
                                   "%(max)s the field takes.") % {
                "id": unit.id, "length": len(unit.target), "max": segment.max_length})
            continue
        if user is not None and not can_edit(user, entry.instance):
            result.errors.append(pgettext("translation workbench",
                "You may not edit “%(object)s”.") % {"object": entry.label})
            continue
        locked = lock_message(entry.instance, user) if user is not None else None
        if locked:
            if entry.label not in locked_objects:
                locked_objects.add(entry.label)
                result.errors.append(pgettext("translation workbench",
                    "“%(object)s” cannot be changed now: %(why)s") % {
                    "object": entry.label, "why": locked})
            continue
        outdated = unit.source != segment.source
        if outdated:
            result.source_changed.append((unit.id, unit.source, segment.source))
        printed = unit.field_print or segment.field_print
        if not outdated and unit.field_print is None:
            printed = segment.field_print
        work = next((w for w in result.work if w[0] is entry), None)
        if work is None:
            work = (entry, {}, {})
            result.work.append(work)
        work[1][unit.id] = unit.target
        work[2].setdefault(segment.key, printed)
        if printed != segment.field_print:
            outdated = True
        result.changes.append(Change(entry.label, unit.id, segment.label, segment.target,
                                     unit.target, outdated))
    if result.source_changed and not accept_changed_source:
        result.errors.append(pgettext("translation workbench",
            "%(count)s segments were translated from a source text that "
                               "has changed since the export (listed below). Confirm to "
                               "import them anyway: they will count as outdated.")
                             % {"count": len(result.source_changed)})
    return result


def _broken(ident, segment):
    expected = ", ".join(
        f"{{{number}/}}" if description.endswith("break") else f"{{{number}}}…{{/{number}}}"
        for number, description in segment.placeholders.items()) or "—"
    return pgettext("translation workbench",
        "Segment %(id)s: the placeholders are broken; keep each of %(expected)s once, "
             "and close them in order.") % {"id": ident, "expected": expected}


def _file_error(error) -> str:
    if error.code == "encoding":
        return pgettext("translation workbench",
            "The file is not UTF-8 text: save it as UTF-8 and upload it again.")
    if error.code == "entity":
        return pgettext("translation workbench",
            "The file declares a document type or entities, which the portal never "
                 "writes: export the file again and edit only the translations.")
    if error.code == "placeholder":
        return pgettext("translation workbench",
            "The file holds inline elements the portal does not write.")
    return pgettext("translation workbench",
        "The file cannot be read as XLIFF or PO: it is malformed or cut short "
             "(%(detail)s).") % {"detail": error.detail or "—"}


class ImportFailed(Exception):
    """The import stopped while saving: nothing was written."""


def apply(result: Plan, user=None, written=None) -> int:
    """Write a plan without errors, all or nothing; returns the number of objects changed
    (and appends each version saved to ``written``, when given)."""
    if not result.ok:
        raise ImportFailed("; ".join(result.errors))
    changed = 0
    with transaction.atomic():
        for entry, changes, prints in result.work:
            saved, keys = write(entry, changes, user)
            _mark(saved, keys, prints, entry.language, user)
            changed += 1
            if written is not None:
                written.append(saved)
    return changed


def submit_for_review(page, user) -> bool:
    """Submit an imported draft to its workflow (Editorial review) as the page editor's
    *Submit for moderation* does: only a page the user may edit and submit, not already in
    review. Returns whether it was submitted."""
    from wagtail.models import Page

    if not isinstance(page, Page):
        return False
    page = Page.objects.get(pk=page.pk).specific  # the row, not the revision's copy
    permissions = page.permissions_for_user(user)
    if not (permissions.can_edit() and permissions.can_submit_for_moderation()):
        return False
    workflow = page.get_workflow()
    if workflow is None:
        return False
    workflow.start(page, user)
    return True


def write(entry, changes, user=None, before_save=None):
    """Write ``changes`` ({segment id: text}) into the object of ``entry`` as a new draft
    revision by ``user``, never published (an object that keeps no revisions, the site
    settings, is saved as it is); ``before_save(version, keys)`` is called once the texts are
    in and before anything is saved. Returns (the saved version, the keys of the texts
    changed); raises ImportFailed when it cannot be saved. The import's way of writing, and
    the editor's machine suggestion for rich text (translations.suggest)."""
    try:
        keys = segments.apply(entry, changes)
        version = entry.version
        if before_save is not None:
            before_save(version, keys)
        if hasattr(version, "save_revision"):
            revision = version.save_revision(user=user, log_action=True)
            saved = revision.as_object()
        else:
            version.save()
            saved = version
    except (ValidationError, MarkupError, ValueError, LookupError) as error:
        messages = getattr(error, "messages", None) or [str(error)]
        raise ImportFailed(pgettext("translation workbench",
            "“%(object)s” cannot be saved: %(error)s") % {
            "object": entry.label, "error": "; ".join(messages)}) from error
    return saved, keys


def _mark(saved, keys, prints, language, user):
    """Record each imported text as translated from the source the file was made from."""
    from translations.models import MemoryEntry

    content_type = ContentType.objects.get_for_model(saved, for_concrete_model=False)
    by_key = {text.key: text for text in translation_state.texts(saved)}
    values = {key: text.values.get(language) for key, text in by_key.items()}
    for key in keys:
        source_print = translation_state.fingerprint(
            by_key[key].values.get(i18n.source_language())) if key in by_key else None
        if prints[key] != source_print:
            # Made from an older source: the memory, which the save taught this text as a
            # translation of the source as it stands, forgets it.
            MemoryEntry.objects.filter(
                content_type=content_type, object_id=str(saved.pk), field=key,
                language=language, source_fingerprint=source_print,
                target_fingerprint=translation_state.fingerprint(values.get(key))).delete()
        TranslationRecord.objects.update_or_create(
            content_type=content_type, object_id=str(saved.pk), field=key, language=language,
            value_fingerprint=translation_state.fingerprint(values.get(key)),
            defaults={"source_fingerprint": prints[key], "user": user, "checked": False,
                      "machine": False},
        )
    translation_state.refresh(saved)
