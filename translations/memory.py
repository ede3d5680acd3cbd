"""The translation memory: every translation a person made, kept with the source text it was
made from, so that the same source anywhere on the site is offered that translation, and a
translator sees what an outdated translation was made from.

Filled by :func:`remember` when :func:`translations.state.record` notes a person's translation
(never a machine's unreviewed suggestion, never a copy of the source), by
:func:`translations.state.confirm`, and from existing content by the management command
``refresh_translation_memory``. Looked up by the fingerprint of the source text
(``core.canonical.fingerprint``): one query per object for the editor's panel
(``translations.panels.panel_offers``), one per export for the files (:func:`for_prints`).
"""

import difflib
import json
from dataclasses import dataclass
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import pgettext

from core.canonical import normalized, print_of
from core.i18n import source_language
from translations import stream_sync


def stored(value):
    """What the memory keeps of a text: a plain text or rich text's HTML as written, a block's
    texts as the JSON list of its canonical leaves (translations.stream_sync.text_of); None for
    a whole StreamField, which the memory does not keep."""
    if value is None or hasattr(value, "raw_data"):
        return None
    if hasattr(value, "source"):  # RichText
        return value.source
    return str(value)


def remember(instance, pairs, user=None) -> int:
    """Keep ``pairs`` ([(Text, language)]) of ``instance`` as translations a person made from
    the source as it stands; a later translation of the same text from the same source
    replaces the entry. One query."""
    from translations.models import MemoryEntry, object_label, stored_labels

    if instance.pk is None:
        return 0
    source_code = source_language()
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    label = object_label(instance)
    rows = {}
    for text, code in pairs:
        source_raw, value = text.values.get(source_code), text.values.get(code)
        source_text, target_text = stored(source_raw), stored(value)
        if code == source_code or source_text is None or target_text is None:
            continue
        source_form, target_form = normalized(source_raw), normalized(value)
        if not source_form or not target_form or source_form == target_form:
            continue  # nothing to learn: no source, no translation, or a copy of the source
        source_print = print_of(source_form)
        rows[(text.key, code, source_print)] = MemoryEntry(
            content_type=content_type, object_id=str(instance.pk), field=text.key,
            language=code, source_language=source_code, source_fingerprint=source_print,
            source_text=source_text, target_fingerprint=print_of(target_form),
            target_text=target_text, object_label=label, field_label=stored_labels([text]),
            user=user if getattr(user, "pk", None) else None,
        )
    if not rows:
        return 0
    MemoryEntry.objects.bulk_create(
        list(rows.values()), update_conflicts=True,
        unique_fields=["content_type", "object_id", "field", "language", "source_fingerprint"],
        update_fields=["source_text", "target_fingerprint", "target_text", "object_label",
                       "field_label", "user", "updated_at"],
    )
    return len(rows)


def for_prints(language, prints):
    """{source fingerprint: the most recent entry translating it into ``language``}."""
    from translations.models import MemoryEntry

    if not prints:
        return {}
    found = {}
    for entry in MemoryEntry.objects.filter(
            language=language, source_fingerprint__in=set(prints)).order_by("updated_at"):
        found[entry.source_fingerprint] = entry  # the latest wins
    return found


# -- what the workbench shows ----------------------------------------------------------------
@dataclass
class Offer:
    """A translation made before, offered beside a text: ``suggestion`` for a missing text
    (the same source translated elsewhere), ``previous`` for an outdated one (this text's
    translation and the source it was made from, with the word-level changes since)."""

    kind: str  # "suggestion" or "previous"
    text: str
    origin: str
    field: str
    url: str = ""
    old_source: str = ""
    diff: tuple = ()


def origin_line(row) -> str:
    """Where an entry's translation was made, for a translator's file."""
    from translations.models import labels_for_reader

    return pgettext("translation workbench", "Translation memory: from “%(object)s”, %(field)s") % {
        "object": row.object_label, "field": labels_for_reader(row.field_label)}


def edit_url(row) -> str:
    """The admin page that edits the object the translation came from (pages and snippets)."""
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    model = ContentType.objects.get_for_id(row.content_type_id).model_class()
    try:
        if model is not None and issubclass(model, Page):
            return reverse("wagtailadmin_pages:edit", args=[row.object_id])
        if model in get_snippet_models():
            return reverse(model.snippet_viewset.get_url_name("edit"), args=[row.object_id])
    except (NoReverseMatch, AttributeError):
        return ""
    return ""


def plain_text(value, limit=None) -> str:
    """A text as a translator reads it beside the form: no markup, no block data."""
    if value is None:
        return ""
    if hasattr(value, "raw_data") and hasattr(value, "stream_block"):  # a whole StreamField
        parts = []
        for item in value.raw_data:
            child = value.stream_block.child_blocks.get(item.get("type"))
            if child is not None:
                parts += stream_sync.block_texts(child, item.get("value"))
    else:
        text = str(getattr(value, "source", value)).strip()
        try:
            parts = json.loads(text) if text.startswith("[") else [text]  # a block's texts
        except ValueError:
            parts = [text]
    joined = " — ".join(strip_tags(str(part)).strip() for part in parts if str(part).strip())
    text = unescape(joined)
    return Truncator(text).chars(limit) if limit else text


def word_diff(old: str, new: str) -> tuple:
    """The word-level changes from ``old`` to ``new``: ((operation, words), …) with operation
    "same", "del" or "ins"; the template escapes the words."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(("same", " ".join(old_words[a1:a2])))
            continue
        if operation in ("delete", "replace"):
            parts.append(("del", " ".join(old_words[a1:a2])))
        if operation in ("insert", "replace"):
            parts.append(("ins", " ".join(new_words[b1:b2])))
    return tuple(parts)
