"""The editor's "Suggest machine translation", one text (a field or a block) at a time.

Offered in the translation status panel of a page's editor when an operator configured a
machine backend (translations.machine), to people who may edit the page and write the language.
Nothing reaches readers: the value the text has as suggested is recorded as a machine's
(translations.state.mark_machine), so it counts as missing ("machine — needs review")
until a person edits or confirms it, and publishing keeps it from readers
(translations.state.hold_back_unready).

Plain texts (a title, a summary, a caption, an alternative text …) of pages, fields and blocks
of a synced StreamField alike, and of register records: the browser
(static/translations/suggest.js) posts the text's key, the language and what the form holds now;
the view answers with the texts to put into the form, which the script fills in; the editor
saves as usual.

Rich text of a page (a RichTextField, or a block of a synced StreamField holding rich text, a
paragraph): the rich text editor keeps its own document, which a script cannot fill reliably,
so the server writes the suggestion instead. The source is translated as the export's
pre-fill translates it, paragraph by paragraph with its links and emphasis as placeholders
(translations.exchange.service.machine_texts), and written as the import writes, into a new draft
revision by the user, never published (translations.exchange.service.write); the script then
reloads the editor, which shows the draft. To lose nothing, the script asks only when the form
has no unsaved changes, and the server refuses (409) when the page has a newer revision than
the one the editor loaded (``revision``, Wagtail's ``loaded_revision_id``).

Not offered: the site settings keep no drafts, so a suggestion would reach readers at once,
and a page's links or places are not held back on publishing.
"""

import copy
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from core import i18n
from translations import machine, stream_sync, walker
from translations import state as translation_state
from translations.exchange import segments, service
from translations.field_permissions import lock_message
from translations.models import GlossaryTerm
from translations.permissions import can_edit, can_write, tracked_object


def offered_for(instance) -> bool:
    """Pages, and models whose publishing holds back a machine's unreviewed text
    (``holds_back_machine_text``: register records): translations.state.hold_back_unready
    keeps it from readers."""
    held_back = isinstance(instance, Page) or getattr(instance, "holds_back_machine_text", False)
    return held_back and instance.pk is not None


def leaves_of(instance, key):
    """[(input suffix, source text)] of the text ``key`` as the form shows it: ``""`` for a
    field (``title_<code>``), ``-value-<child>`` or ``-value`` for a block of a synced
    StreamField (``body_<code>-3-value-caption``). None when the text cannot be suggested here."""
    if "." not in key:
        try:
            field = segments.column(instance, key, i18n.source_language())
        except FieldDoesNotExist:
            return None  # no such text (a key the panel never gave)
        if segments.kind_of(field) != walker.PLAIN or not isinstance(
                field, (models.CharField, models.TextField)):
            return None  # rich text, or a value that is not words (a date, a number)
        source = getattr(instance, field.name)
        return [("", str(source or ""))]
    name, _sep, block_id = key.partition(".")
    if name not in stream_sync.synced_fields(type(instance)):
        return None  # a page's links, places … (relation.<id>.field)
    source_code = i18n.source_language()
    stream_block = segments.column(instance, name, source_code).stream_block
    item = stream_sync.blocks_by_id(instance, name, source_code).get(block_id)
    if item is None or item.get("type") not in stream_block.child_blocks:
        return None
    found = []
    for path, kind, text, _max in walker.leaves(stream_block, [item]):
        if kind != walker.PLAIN or len(path) > 2:
            return None
        found.append(("-value" + "".join(f"-{part}" for part in path[1:]), text))
    return found or None


def written_here(instance, key) -> bool:
    """Whether the text ``key`` of a page is rich text (a RichTextField, or a block of a synced
    StreamField with rich text in it) that the server writes into a draft revision."""
    if not isinstance(instance, Page):
        return False
    name, _sep, block_id = key.partition(".")
    if name not in translation_state.own_fields(type(instance)):
        return False
    source_code = i18n.source_language()
    try:
        field = segments.column(instance, name, source_code)
    except FieldDoesNotExist:
        return False
    if not block_id:
        return segments.kind_of(field) == walker.RICH
    if name not in stream_sync.synced_fields(type(instance)):
        return False
    item = stream_sync.blocks_by_id(instance, name, source_code).get(block_id)
    if item is None or item.get("type") not in field.stream_block.child_blocks:
        return False
    return any(kind == walker.RICH
               for _path, kind, _text, _max in walker.leaves(field.stream_block, [item]))


def _block_value(instance, name, block_id, language, leaves):
    """The block of ``language`` as it will be saved with ``leaves`` ({suffix: text}) written
    into it: the language's own block (or the source's copy), each text replaced."""
    source_code = i18n.source_language()
    source = stream_sync.blocks_by_id(instance, name, source_code)[block_id]
    mine = stream_sync.blocks_by_id(instance, name, language).get(block_id)
    block = copy.deepcopy(mine if mine and mine.get("type") == source.get("type") else source)
    for suffix, text in leaves.items():
        parts = suffix.split("-")[2:]  # "-value-caption" -> ["caption"]
        if parts:
            block["value"] = {**(block.get("value") or {}), parts[0]: text}
        else:
            block["value"] = text
    stream_block = segments.column(instance, name, source_code).stream_block
    return stream_sync.text_of(stream_block.child_blocks[block["type"]], block["value"])


def panel_context(request, instance, field_states):
    """{(key, language): what the status panel's button needs} for the texts on offer."""
    if request is None or not offered_for(instance):
        return {}
    backend = machine.configured()
    if backend is None:
        return {}
    user = request.user
    if not can_edit(user, instance):
        return {}
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    url = reverse("translation_suggest", args=[content_type.pk, instance.pk])
    offers = {}
    cache = {}
    source_code = i18n.source_language()
    refused = {}
    for item in field_states:
        if item.language == i18n.source_language() or not can_write(
                user, item.language) or item.state not in translation_state.TO_DO:
            continue
        if item.key not in cache:
            leaves = leaves_of(instance, item.key)
            cache[item.key] = leaves or ("reload" if written_here(instance, item.key) else None)
        leaves = cache[item.key]
        if not leaves:
            continue
        if item.language not in refused:  # asked once per language, not per text
            refused[item.language] = backend.unsupported(source_code, item.language)
        unsupported = refused[item.language]
        if unsupported:  # the service refused the pair: said instead of a button
            offers[(item.key, item.language)] = {"unavailable": unsupported}
            continue
        name, _sep, block_id = item.key.partition(".")
        offers[(item.key, item.language)] = {
            "url": url,
            "input": build_localized_fieldname(name, item.language),
            "block": block_id,
            "suffixes": "[]" if leaves == "reload" else json.dumps(
                [suffix for suffix, _text in leaves]),
            "reload": leaves == "reload",
        }
    return offers


@require_POST
def suggest_translation(request, content_type_id, object_id):
    """POST ``field``, ``language`` and ``current`` (JSON: {input suffix: what the form holds
    now}): the machine's suggestion as {"texts": {suffix: text}, "message": …}, or
    {"error": …} with 503 when the service fails (the form keeps what it holds)."""
    backend = machine.configured()
    if backend is None:
        raise Http404  # no service configured: nothing is offered, nothing leaves the portal
    key, language = request.POST.get("field", ""), request.POST.get("language", "")
    instance = tracked_object(content_type_id, object_id, language)
    if not (can_edit(request.user, instance) and can_write(request.user, language)):
        return JsonResponse({"error": pgettext("translation workbench",
            "You may not write the %(language)s texts of this "
                                        "page.") % {"language": i18n.NATIVE_NAMES[language]}},
                            status=403)
    if not offered_for(instance):
        raise Http404
    locked = lock_message(instance, request.user)
    if locked:  # as the editor refuses to save it: nothing is asked of the service
        return JsonResponse({"error": locked}, status=423)
    unsupported = backend.unsupported(i18n.source_language(), language)
    if unsupported:  # nothing is asked of the service, nothing counted against the limits
        return JsonResponse({"error": unsupported}, status=422)
    too_many = machine.allowed(request.user, "suggestion")
    if too_many:
        return JsonResponse({"error": too_many}, status=429)
    version = translation_state.editable_version(instance)
    leaves = leaves_of(version, key)
    if not leaves:
        if written_here(version, key):
            return _suggest_into_draft(request, backend, instance, key, language)
        raise Http404
    try:
        current = json.loads(request.POST.get("current") or "{}")
    except ValueError:
        current = {}
    current = current if isinstance(current, dict) else {}
    wanted = [(suffix, text) for suffix, text in leaves if text.strip()]
    source_code = i18n.source_language()
    try:
        translated = backend.translate([text for _suffix, text in wanted], source_code,
                                       language, glossary=GlossaryTerm.pairs(language))
    except machine.MachineTranslationError as error:
        return JsonResponse({"error": str(error)}, status=503)
    suggested = {suffix: text.strip() for (suffix, _source), text in
                 zip(wanted, translated, strict=True)}
    name, _sep, block_id = key.partition(".")
    if block_id:
        after = {suffix: str(current.get(suffix, "")).strip() for suffix, _text in leaves}
        after.update(suggested)
        value = _block_value(version, name, block_id, language, after)
    else:
        value = suggested.get("", "")
    translation_state.mark_machine(version, key, language, value)
    return JsonResponse({
        "texts": suggested,
        "sources": dict(wanted),
        "message": pgettext("translation workbench",
            "Machine suggestion filled in for %(language)s: it counts as not "
                     "translated and stays hidden from readers until you edit it or confirm "
                     "it, then save.") % {"language": i18n.NATIVE_NAMES[language]},
    })


def _suggest_into_draft(request, backend, page, key, language):
    """Rich text: the machine's translation of the source written into a new draft revision
    of the page by the user and marked as a machine's; {"reload": true, "message": …} for the
    script to reload the editor. 409 when the page has a revision newer than the one the
    editor loaded (its unsaved or other people's work would be lost), 503 when the service
    fails: nothing written then."""
    name = i18n.NATIVE_NAMES[language]
    loaded = request.POST.get("revision", "").strip()
    if loaded != str(page.latest_revision_id or ""):
        return JsonResponse({"error": pgettext("translation workbench",
            "This page has been saved since you opened it: nothing was written. Reload the "
            "page to see its latest version, then ask again.")}, status=409)
    entry = segments.entry_for(page, language)
    wanted = [segment for segment in entry.segments
              if segment.key == key and segment.source.strip()]
    if not wanted:
        raise Http404
    source_code = i18n.source_language()
    try:
        changes = service.machine_texts(wanted, backend, source_code, language)
    except machine.MachineTranslationError as error:
        return JsonResponse({"error": str(error)}, status=503)
    if not changes:
        return JsonResponse({"error": pgettext("translation workbench",
            "The machine's suggestion cannot be used (it lost the links or emphasis of the "
            "text): nothing was written.")}, status=503)

    def mark(version, _keys):
        text = next(text for text in translation_state.texts(version, children=False)
                    if text.key == key)
        translation_state.mark_machine(version, key, language, text.values.get(language))

    try:
        with transaction.atomic():
            page_now = type(page).objects.select_for_update().get(pk=page.pk)
            if page_now.latest_revision_id != page.latest_revision_id:
                raise service.ImportFailed(pgettext("translation workbench",
                    "This page has been saved since you opened it: nothing was written. "
                    "Reload the page to see its latest version, then ask again."))
            service.write(entry, changes, user=request.user, before_save=mark)
    except service.ImportFailed as error:
        return JsonResponse({"error": str(error)}, status=409)
    return JsonResponse({
        "reload": True,
        "message": pgettext("translation workbench",
            "Machine suggestion saved as a draft for %(language)s: it counts as not "
                     "translated and stays hidden from readers until you edit it or confirm "
                     "it. The page reloads to show it.") % {"language": name},
    })
