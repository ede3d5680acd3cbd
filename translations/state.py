"""Where each translated text stands against the source language, field by field.

States, for a text in a language other than the source (``PORTAL_SOURCE_LANGUAGE``, az):

- ``missing``: nothing written in that language;
- ``same``: the same text as the source, so most likely copied and not translated (an editor can
  mark it *checked* when the text really is the same: a name, a number);
- ``outdated``: the source text changed after this translation was written;
- ``translated``: written, and the source is still what it was written from.

A text left empty in the source and in a language has no state there: nothing to translate.

How "written from" is known: each time an object is saved (a page's revision, a snippet, a
setting, a register record), :func:`record` notes for every text a *fingerprint* (a hash of the
normalised text) together with the fingerprint of the source text beside it
(:class:`translations.models.TranslationRecord`). The record is content-addressed: a
translation whose text has a record made from source X is outdated as soon as the source is
no longer X, whichever version (draft or live) is looked at, and a translation edited later
gets a record of its own against the source of that moment. Texts saved before records
existed (or written in bulk without signals) have no record and count as translated
until someone changes them.

Machine suggestions (the editor's *Suggest machine translation*, translations.suggest): the
record of a text a machine wrote says so (``machine``). Such a text counts as *missing* in
every count and report (its :class:`FieldState` says ``machine``) until a person edits it (a
new text, a new record) or confirms it (:func:`confirm`), and it never reaches readers: when
an object is written live, :func:`hold_back_unready` keeps the published text in its place.

Which texts: every field registered with modeltranslation (except slugs and URL paths), the
one shape every per-language text of the portal is stored in (docs/translation.md, "One
storage shape"), and the same for each child object a page keeps in its cluster (links,
places, gallery images, form fields, poll choices), keyed ``relation.<id>.field``. A
StreamField counts as one text, or one per block where the page type syncs it
(translations.stream_sync: page bodies, a timeline's events).

This module imports no page type: it reads models through modeltranslation's registry and
duck-typed attributes.
"""

import contextlib
import copy
import functools
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models as db_models
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from core import i18n
from core.canonical import BlockText, fingerprint, normalized, print_of, without_ids
from core.i18n import source_language, target_languages
from translations import stream_sync

MISSING, SAME, OUTDATED, TRANSLATED, SOURCE = "missing", "same", "outdated", "translated", "source"
# Each label has its own message context: "Missing" is also a person's status in the names
# register, and in Azerbaijani and Russian the two are different words.
LABELS = {
    MISSING: pgettext_lazy("translation state", "Missing"),
    SAME: pgettext_lazy("translation state", "Same as source"),
    OUTDATED: pgettext_lazy("translation state", "Outdated"),
    TRANSLATED: pgettext_lazy("translation state", "Translated"),
    SOURCE: pgettext_lazy("translation state", "Source"),
}
MACHINE_LABEL = pgettext_lazy("translation state", "Machine — needs review")
# What still needs a translator, in the order they are listed.
TO_DO = (MISSING, SAME, OUTDATED)
NOT_TRACKED = {"slug", "url_path", "translation_unfinished"}
# The per-language flag a page keeps for "this language's text is not ready to publish" (see
# hold_back_unready).
UNFINISHED_FIELD = "translation_unfinished"


# -- which texts ---------------------------------------------------------------------------
def _registered(model) -> list[str]:
    """The base names ``model`` registers with modeltranslation (its ``translation.py``)."""
    try:
        return list(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return []


@functools.cache
def own_fields(model) -> tuple[str, ...]:
    """Base names of the model's translated texts, in the model's field order."""
    names = [name for name in _registered(model) if name not in NOT_TRACKED]
    order = {field.name: position for position, field in enumerate(model._meta.get_fields())}
    return tuple(sorted(names, key=lambda name: order.get(name, -1)))


@functools.cache
def per_language_names(model) -> frozenset[str]:
    """Every base name the model keeps per language, slugs included (what a translator for a
    language writes), tracked or not."""
    return frozenset(set(_registered(model)) - {"url_path"})


def label_of(model, name):
    """The (lazy) label of a text kept per language."""
    try:
        return model._meta.get_field(name).verbose_name
    except db_models.FieldDoesNotExist:
        return name.replace("_", " ")


@functools.cache
def child_relations(model) -> tuple[str, ...]:
    """The cluster relations (ParentalKey children) whose objects have translated texts."""
    found = []
    for relation in model._meta.related_objects:
        remote = relation.remote_field
        if isinstance(remote, ParentalKey) and own_fields(relation.related_model):
            found.append(relation.get_accessor_name())
    return tuple(found)


@functools.cache
def is_tracked(model) -> bool:
    """Objects whose texts are counted on their own: not a page's cluster children (links,
    places, gallery images), which count with their page; nor a model that says it is a
    reference rather than content (``translation_tracked = False``: the glossary)."""
    if getattr(model, "translation_tracked", True) is False:
        return False
    if any(isinstance(field, ParentalKey) for field in model._meta.get_fields()):
        return False
    return bool(own_fields(model) or child_relations(model))


@dataclass(frozen=True)
class Text:
    """One translatable text of an object: its key, its label and its value per language."""

    key: str
    label: str  # lazy: read in the reader's language
    values: dict
    # A block the structure sync copied from the source: the same text there means nobody
    # has translated it yet (missing), not that someone copied it (same).
    copied_means_missing: bool = False


def texts(instance, children=True) -> list[Text]:
    """Every translatable text of ``instance`` (and of its cluster children)."""
    found = []
    synced = stream_sync.synced_fields(type(instance))
    for name in own_fields(type(instance)):
        if name in synced:
            found += _block_texts(instance, name)
        else:
            found.append(_text(instance, name, name))
    for accessor in child_relations(type(instance)) if children else ():
        manager = getattr(instance, accessor)
        for position, child in enumerate(manager.all()):
            ident = child.pk if child.pk is not None else f"new{position}"
            for name in own_fields(type(child)):
                label = format_lazy("{} {}: ", type(child)._meta.verbose_name, position + 1)
                found.append(_text(child, f"{accessor}.{ident}.{name}", name, label))
    return found


def _block_texts(instance, name) -> list[Text]:
    """A StreamField kept in the source's structure (translations.stream_sync): one text per
    block of the source, keyed ``name.<block id>``, its value in each language the block's texts."""
    model = type(instance)
    source_code = source_language()
    stream_def = model._meta.get_field(build_localized_fieldname(name, source_code)).stream_block
    label = label_of(model, name)
    by_language = {code: stream_sync.blocks_by_id(instance, name, code)
                   for code in i18n.language_codes()}
    found = []
    position = 0
    for ident, item in by_language[source_code].items():
        child = stream_def.child_blocks.get(item.get("type"))
        if child is None:
            continue
        position += 1
        values = {}
        for code in i18n.language_codes():
            mine = by_language[code].get(ident)
            same_kind = mine is not None and mine.get("type") == item.get("type")
            values[code] = stream_sync.text_of(child, mine.get("value")) if same_kind else None
        block_label = child.meta.label or item.get("type")
        found.append(Text(f"{name}.{ident}",
                          format_lazy("{}: {} {}", capfirst(label), block_label, position),
                          values, copied_means_missing=True))
    return found


def _text(instance, key, name, prefix="") -> Text:
    model = type(instance)
    values = {
        code: getattr(instance, build_localized_fieldname(name, code), None)
        for code in i18n.language_codes()
    }
    return Text(key, format_lazy("{}{}", prefix, capfirst(label_of(model, name))), values)


# -- fingerprints --------------------------------------------------------------------------
def legacy_normalized(value) -> str:
    """The text as fingerprints compared it before canonical forms (stored, stripped): records
    written then are still found by it (:func:`_record_of`)."""
    if value is None:
        return ""
    if isinstance(value, BlockText):
        return value.legacy
    if hasattr(value, "raw_data"):
        data = without_ids(list(value.raw_data))
        return json.dumps(data, sort_keys=True, ensure_ascii=False,
                          cls=DjangoJSONEncoder) if data else ""
    if hasattr(value, "source"):
        value = value.source
    return str(value).strip()


def legacy_fingerprint(value) -> str:
    return print_of(legacy_normalized(value))


def _record_of(records, key, language, value):
    """The record of ``value`` as ``key`` in ``language``: by its fingerprint, else by the
    fingerprint records had before canonical forms."""
    found = records.get((key, language, fingerprint(value)))
    if found is None:
        found = records.get((key, language, legacy_fingerprint(value)))
    return found


def _from_source(record_source, source_value) -> bool:
    """Whether a record's source fingerprint is the source as it stands (either form)."""
    return record_source in (fingerprint(source_value), legacy_fingerprint(source_value))


# -- states --------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldState:
    key: str
    label: str
    language: str
    state: str
    source_revised_at: object = None  # when the source took its current text (outdated)
    machine: bool = False  # a machine's suggestion nobody reviewed (counted as missing)

    @property
    def label_text(self):
        return MACHINE_LABEL if self.machine else LABELS[self.state]


@dataclass(frozen=True)
class ReaderState:
    """What a reader's page needs of a text's state, without its label (a lazy string the
    shared cache cannot pickle): the page remembers these until it is published again."""

    key: str
    state: str
    source_revised_at: object = None


def _records_for(instance):
    from translations.models import TranslationRecord

    if instance.pk is None:
        return {}
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    rows = TranslationRecord.objects.filter(
        content_type=content_type, object_id=str(instance.pk)
    ).values_list("field", "language", "value_fingerprint", "source_fingerprint", "checked",
                  "created_at", "machine")
    return {(field, language, value): (source, checked, created, machine)
            for field, language, value, source, checked, created, machine in rows}


def states(instance, records=None, children=True, keys=None, languages=None) -> list[FieldState]:
    """The state of every text of ``instance`` in every language (one query for records);
    ``children=False``: its own texts only (no query for its cluster children); ``keys`` and
    ``languages``: only those texts, in only those languages (a reader's page)."""
    records = _records_for(instance) if records is None else records
    source_code = source_language()
    result = []
    for text in texts(instance, children=children):
        if keys is not None and text.key not in keys and text.key.split(".")[0] not in keys:
            continue  # a block of a synced StreamField counts with its field ("body.<id>")
        source_raw = text.values.get(source_code)
        source_value = normalized(source_raw)
        revised_at = (_record_of(records, text.key, source_code, source_raw) or (None,) * 4)[2]
        for code in languages or i18n.language_codes():
            value = normalized(text.values.get(code))
            if not source_value and not value:
                continue  # nothing written in any of the two: nothing to translate
            machine = False
            if code == source_code:
                state = SOURCE if value else MISSING
            elif not value:
                state = MISSING
            else:
                record = _record_of(records, text.key, code, text.values.get(code))
                machine = bool(record and record[3] and not record[1])
                if machine:
                    state = MISSING  # a machine's text counts as not translated
                elif value == source_value and not (record and record[1]):
                    state = MISSING if text.copied_means_missing else SAME
                elif record and source_value and not _from_source(record[0], source_raw):
                    state = OUTDATED
                else:
                    state = TRANSLATED
            result.append(FieldState(text.key, text.label, code, state,
                                     revised_at if state == OUTDATED else None, machine))
    return result


def summary(field_states) -> dict:
    """{language: {state: count}} over the target languages."""
    counts = {code: dict.fromkeys(TO_DO + (TRANSLATED,), 0) for code in target_languages()}
    for item in field_states:
        if item.language in counts and item.state in counts[item.language]:
            counts[item.language][item.state] += 1
    return counts


def keys_in(field_states, language, wanted=TO_DO) -> list[str]:
    return [item.key for item in field_states if item.language == language
            and item.state in wanted]


# -- recording -----------------------------------------------------------------------------
def record(instance, user=None) -> int:
    """Note what each text of ``instance`` was written from (see the module docstring); returns
    how many new records were written. Called after every save of a tracked object."""
    from translations.models import TranslationRecord

    if instance.pk is None or not is_tracked(type(instance)):
        return 0
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    records = _records_for(instance)
    known = set(records)
    source_code = source_language()
    new, learned = [], []
    for text in texts(instance):
        source_raw = text.values.get(source_code)
        source_print = fingerprint(source_raw)
        for code, value in text.values.items():
            if not normalized(value):
                continue
            value_print = fingerprint(value)
            if (text.key, code, value_print) in known:
                continue
            # Written before canonical forms: the record found by the old fingerprint says
            # what the text was written from (the source as it stands, or an older one).
            old = records.get((text.key, code, legacy_fingerprint(value)))
            written_from, checked, machine = source_print, False, False
            if old is not None:
                checked, machine = old[1], old[3]
                if not _from_source(old[0], source_raw):
                    written_from = old[0]
            known.add((text.key, code, value_print))
            records[(text.key, code, value_print)] = (written_from, checked, timezone.now(),
                                                      machine)
            new.append(TranslationRecord(
                content_type=content_type, object_id=str(instance.pk), field=text.key,
                language=code, value_fingerprint=value_print,
                source_fingerprint=written_from, user=user, checked=checked, machine=machine,
            ))
            if code != source_code and not machine and written_from == source_print:
                learned.append((text, code))  # a person's translation of the source as it is
    TranslationRecord.objects.bulk_create(new, ignore_conflicts=True)
    if learned:
        from translations import memory

        memory.remember(instance, learned, user=user)
    refresh(instance, states(instance, records=records))  # no second read of the records
    return len(new)


def tracked_objects():
    """Every object whose texts are tracked, once each: pages as their specific type, then
    settings, snippets and register records (the refresh commands walk these)."""
    from django.apps import apps
    from wagtail.models import Page

    for model in apps.get_models():
        if model._meta.abstract or not is_tracked(model):
            continue
        if issubclass(model, Page):
            if model is Page:  # pages are read once, as their specific type
                yield from Page.objects.filter(depth__gt=1).specific()
            continue
        yield from model._default_manager.all().iterator(chunk_size=200)


def editable_version(instance):
    """What editors work on: the latest revision when it has unpublished changes, else the
    object itself."""
    latest = getattr(instance, "get_latest_revision_as_object", None)
    if latest is not None and getattr(instance, "has_unpublished_changes", True):
        return latest()
    return instance


def refresh(instance, field_states=None) -> None:
    """Keep the object's per-language counts (translations.models.TranslationStatus) up to date."""
    from wagtail.models import Page

    from translations.models import TranslationStatus, object_label, stored_labels

    if instance.pk is None or not is_tracked(type(instance)):
        return
    field_states = states(instance) if field_states is None else field_states
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    for code in target_languages():
        mine = [item for item in field_states if item.language == code]
        by_state = {state: [item for item in mine if item.state == state] for state in LABELS}
        TranslationStatus.objects.update_or_create(
            content_type=content_type, object_id=str(instance.pk), language=code,
            defaults={
                "page_id": instance.pk if isinstance(instance, Page) else None,
                "label": object_label(instance),
                **{state: len(by_state[state]) for state in (MISSING, SAME, OUTDATED, TRANSLATED)},
                **{f"{state}_fields": stored_labels(by_state[state])
                   for state in (MISSING, SAME, OUTDATED)},
            },
        )


def confirm(instance, key: str, language: str, user=None) -> bool:
    """A person says the text of ``key`` in ``language`` is right as it stands: the same text as
    the source on purpose (checked), or still right for the revised source (up to date)."""
    from translations.models import TranslationRecord

    text = next((t for t in texts(instance) if t.key == key), None)
    if text is None or language == source_language() or not normalized(text.values[language]):
        return False
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    TranslationRecord.objects.update_or_create(
        content_type=content_type, object_id=str(instance.pk), field=key, language=language,
        value_fingerprint=fingerprint(text.values[language]),
        defaults={"source_fingerprint": fingerprint(text.values[source_language()]),
                  "checked": True, "machine": False, "user": user},
    )
    from translations import memory

    memory.remember(instance, [(text, language)], user=user)
    refresh(instance)
    return True


def mark_machine(instance, key: str, language: str, value) -> bool:
    """Note that ``value``, as ``key`` in ``language`` of ``instance``, is a machine's
    suggestion: saved as it is, it counts as missing (see :func:`states`) until a person edits
    or confirms it. A text a person already wrote or confirmed keeps its record."""
    from translations.models import TranslationRecord

    text = next((t for t in texts(instance, children=False) if t.key == key), None)
    if text is None or instance.pk is None or language == source_language():
        return False
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    variants = {value}
    if isinstance(value, str) and "\n" in value:  # a browser sends a textarea's lines as CRLF
        variants.add(value.replace("\r\n", "\n").replace("\n", "\r\n"))
    for variant in variants:
        TranslationRecord.objects.get_or_create(
            content_type=content_type, object_id=str(instance.pk), field=key,
            language=language, value_fingerprint=fingerprint(variant),
            defaults={"source_fingerprint": fingerprint(text.values[source_language()]),
                      "machine": True},
        )
    return True


# -- cleaning never translates ---------------------------------------------------------------
@contextlib.contextmanager
def no_fallback_copies(instance):
    """Within the block, a language left empty stays empty.

    Wagtail's page cleaning assigns ``title`` (and a StreamField's or a slug's defaults) to
    itself: read in an admin working in English, modeltranslation's descriptor answers with
    the fallback (the Azerbaijani title) and writes it into ``title_<code>``. The report would then
    say *same as source* where nothing was translated, and readers would lose the notice. Every
    text column of a target language that was empty before the block is emptied again after it.
    """
    model = type(instance)
    empty = {}
    for name in own_fields(model):
        for code in target_languages():
            column = build_localized_fieldname(name, code)
            if column in instance.__dict__ and not normalized(instance.__dict__[column]):
                empty[column] = instance.__dict__[column]
    instance.__dict__[KEEP_EMPTY] = empty  # read by keep_empty before the row is written
    try:
        yield
    finally:
        instance.__dict__.pop(KEEP_EMPTY, None)
        keep_empty(type(instance), instance)


KEEP_EMPTY = "_translation_state_keep_empty"


def keep_empty(sender, instance, **kwargs):
    """pre_save: the columns :func:`no_fallback_copies` found empty are empty when written."""
    for column, value in instance.__dict__.get(KEEP_EMPTY, {}).items():
        if normalized(instance.__dict__.get(column)):
            instance.__dict__[column] = value


# -- per-language readiness ------------------------------------------------------------------
def unready_languages(instance) -> list[str]:
    """The languages whose text the object says is not ready to publish."""
    if UNFINISHED_FIELD not in per_language_names(type(instance)):
        return []
    return [code for code in i18n.language_codes()
            if getattr(instance, build_localized_fieldname(UNFINISHED_FIELD, code), False)]


def hold_back_unready(instance, update_fields=None) -> list[str]:
    """Before a live object is written: the texts of each language marked not ready keep what
    readers see now (the published row's text; nothing, so the fallback, on a first
    publication). Only the row readers are served from is concerned: the draft revision keeps
    the unfinished text, and the object keeps "unpublished changes" while it differs. Returns
    the columns held back. One query, only when a language is not ready; and the unreviewed
    machine suggestions are held back in every language (:func:`_hold_back_machine`)."""
    if not getattr(instance, "live", False) or instance.pk is None:
        return []
    held = unready_languages(instance)
    machine = _hold_back_machine(instance, update_fields, exclude=held)
    if not held:
        return machine
    model = type(instance)
    columns = [build_localized_fieldname(name, code)
               for name in own_fields(model) for code in held]
    if update_fields is not None:
        columns = [column for column in columns if column in set(update_fields)]
    if not columns:
        return machine
    published = model._default_manager.filter(pk=instance.pk).values("live", *columns).first()
    was_live = bool(published and published["live"])
    if not was_live:
        # A first publication always carries the source language: the page needs its text.
        source = source_language()
        columns = [column for column in columns if not column.endswith(f"_{source}")]
    differs = False
    for column in columns:
        field = model._meta.get_field(column)
        kept = published[column] if was_live else (None if field.null else field.get_default())
        if normalized(getattr(instance, column)) != normalized(kept):
            differs = True
        setattr(instance, column, kept)
    if differs and hasattr(instance, "has_unpublished_changes"):
        instance.has_unpublished_changes = True
    return columns + machine


def _hold_back_machine(instance, update_fields, exclude=()) -> list[str]:
    """Before a live object is written: each text that is an unreviewed machine suggestion
    keeps what readers see now (the published text, or the source's block, or nothing, so the
    fallback). One query; a second only when there is such a text."""
    from translations.models import TranslationRecord

    model = type(instance)
    if not is_tracked(model):
        return []
    if update_fields is not None and not any(
        name.rsplit("_", 1)[0] in own_fields(model) for name in update_fields
    ):
        return []  # bookkeeping columns only
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    marked = set(TranslationRecord.objects.filter(
        content_type=content_type, object_id=str(instance.pk), machine=True, checked=False,
    ).exclude(language__in=[source_language(), *exclude]).values_list(
        "field", "language", "value_fingerprint"))
    if not marked:
        return []
    languages = {language for _field, language, _print in marked}
    held = [(text, code) for text in texts(instance, children=False) for code in languages
            if {(text.key, code, fingerprint(text.values.get(code))),
                (text.key, code, legacy_fingerprint(text.values.get(code)))} & marked
            and text.key.split(".")[0] in own_fields(model)]
    columns = {build_localized_fieldname(text.key.split(".")[0], code) for text, code in held}
    if update_fields is not None:
        columns &= set(update_fields)
    if not columns:
        return []
    published = model._default_manager.filter(pk=instance.pk).values("live", *columns).first()
    was_live = bool(published and published["live"])
    for text, code in held:
        name, _sep, block_id = text.key.partition(".")
        column = build_localized_fieldname(name, code)
        if column not in columns:
            continue
        if not block_id:
            field = model._meta.get_field(column)
            kept = published[column] if was_live else (None if field.null else field.get_default())
            setattr(instance, column, kept)
            continue
        # One block of a synced StreamField: the published block, else the source's copy.
        stream = model._meta.get_field(column)
        before = stream.to_python(published[column]) if was_live else None
        kept = copy.deepcopy(
            stream_sync.blocks_by_id(instance, name, source_language()).get(block_id))
        if before is not None:
            kept = {item.get("id"): item for item in stream_sync.raw(before)}.get(block_id, kept)
        current = stream_sync.raw(getattr(instance, column))
        setattr(instance, column, [kept if item.get("id") == block_id else item
                                   for item in current if item.get("id") != block_id or kept])
    if hasattr(instance, "has_unpublished_changes"):
        instance.has_unpublished_changes = True
    return sorted(columns)


# -- keeping records -----------------------------------------------------------------------
def on_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A tracked object saved (a snippet, a setting, a record, a page saved in code); saves of
    bookkeeping columns only (a draft's revision pointer) are left to the revision."""
    if raw or not is_tracked(sender):
        return
    if update_fields is not None and not any(
        name.rsplit("_", 1)[0] in own_fields(sender) for name in update_fields
    ):
        return
    record(instance)
    # A live page that keeps a draft (a language held back as unfinished, or a draft saved
    # earlier): editors and translators work on the draft, so its states are the ones counted.
    if getattr(instance, "live", False) and getattr(instance, "has_unpublished_changes", False):
        draft = editable_version(instance)
        if draft is not instance:
            refresh(draft)


def on_revision_saved(sender, instance, created=False, raw=False, **kwargs):
    """A revision (a page's or a snippet's draft): record the texts as that version has them."""
    if raw or not created:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None or not is_tracked(model):
        return
    record(instance.as_object(), user=instance.user)


def connect():
    from django.db.models.signals import post_save, pre_save
    from wagtail.models import Revision

    pre_save.connect(keep_empty, dispatch_uid="translations.state.keep_empty")
    post_save.connect(on_saved, dispatch_uid="translations.state.saved")
    post_save.connect(on_revision_saved, sender=Revision,
                      dispatch_uid="translations.state.revision")
