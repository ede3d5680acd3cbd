"""Every translatable text of an object as segments for one language, and a translated
segment put back.

A text is one segment, except rich text (one segment per paragraph, heading or list item) and
a StreamField (one segment per text in each block, found by block id and the path inside
StructBlocks, ListBlocks and nested StreamBlocks). Segment ids are stable:
``<app.model>:<object id>:<field key>[:<block id>/<path>][#<paragraph>]``.

The target language keeps its own block structure: a segment is read from, and written to, the
target's block with the source block's id; where the target lacks the block, the segment is
missing, and an import adds a copy of the source block carrying the translation.
"""

import json
from dataclasses import dataclass, field

from django.utils.functional import cached_property
from modeltranslation.utils import build_localized_fieldname
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

from core import i18n, site_root
from translations import state as translation_state
from translations import stream_sync
from translations.exchange import richtext
from translations.models import object_label
from translations.walker import PLAIN, RICH, find, leaves, replace


@dataclass
class Segment:
    id: str
    key: str  # the text's key in translations.state (one field)
    source: str
    target: str
    state: str
    label: str
    max_length: int | None = None
    field_print: str = ""  # fingerprint of the field's source text: what a translation is from
    placeholders: dict = field(default_factory=dict)  # number -> what it stands for
    tags: dict = field(default_factory=dict)  # number -> (source tag, name)
    machine: bool = False
    memory: str = ""  # where a translation memory's suggestion came from (pre-filled, fuzzy)


@dataclass
class Entry:
    """One object of an export: its segments in the target language."""

    instance: object
    version: object  # what editors work on (a page's latest draft)
    language: str
    segments: list
    # Each text's state as the translation report counts it ({key: state}).
    text_states: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)  # {key: translations.state.Text}

    @cached_property
    def label(self) -> str:
        return object_label(self.version)

    @cached_property
    def url(self) -> str:
        try:
            url = self.instance.get_url()
        except AttributeError:
            return ""
        return site_root.absolute_url(url or "")

    @cached_property
    def by_id(self) -> dict:
        return {segment.id: segment for segment in self.segments}


def object_prefix(instance) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


# -- where a text lives ------------------------------------------------------------------
def owner_of(version, key):
    """(object holding the text, base field name): the object itself, or the cluster child
    named in ``relation.<id>.field``."""
    if "." not in key:
        return version, key
    accessor, ident, name = key.split(".", 2)
    for child in getattr(version, accessor).all():
        if str(child.pk) == ident:
            return child, name
    raise LookupError(key)


def column(owner, name, language):
    return owner._meta.get_field(build_localized_fieldname(name, language))


def kind_of(model_field) -> str:
    if isinstance(model_field, StreamField):
        return "stream"
    if isinstance(model_field, RichTextField):
        return RICH
    return PLAIN


def _html(value) -> str:
    if value is None:
        return ""
    return value.source if isinstance(value, RichText) else str(value)


# -- segments of an object ---------------------------------------------------------------
def _segment_state(source, target, field_state):
    if not target.strip():
        return translation_state.MISSING
    if target.strip() == source.strip():
        return translation_state.SAME
    if field_state in (translation_state.OUTDATED, translation_state.TRANSLATED):
        return field_state
    return translation_state.TRANSLATED


def _text_segments(base_id, key, kind, source, target, label, max_length, field_state,
                   field_print):
    """Segments of one text (a field, or one leaf of a StreamField)."""
    if kind == PLAIN:
        if not str(source).strip():
            return []
        source, target = str(source), str(target or "")
        return [Segment(base_id, key, source, target,
                        _segment_state(source, target, field_state), label, max_length,
                        field_print)]
    source_pieces, target_pieces = richtext.split(source), richtext.split(target)
    source_slots = richtext.slots(source_pieces)
    aligned = richtext.shape(source_pieces) == richtext.shape(target_pieces)
    target_slots = richtext.slots(target_pieces) if aligned else [None] * len(source_slots)
    found = []
    for number, (slot, mine) in enumerate(zip(source_slots, target_slots, strict=True), 1):
        text = richtext.align(slot, mine)[0] if mine is not None else ""
        found.append(Segment(f"{base_id}#{number}", key, slot.text, text,
                             _segment_state(slot.text, text, field_state), label, None,
                             field_print, slot.describe(), slot.tags))
    return found


def _where(version, key):
    """(object holding the text, base field name, top block id or None) of a text key: a
    field, a cluster child's field (``relation.<id>.field``) or, where StreamFields are
    counted block by block, one block of a StreamField (``field.<block id>``)."""
    if "." in key:
        head, rest = key.split(".", 1)
        if head in translation_state.child_relations(type(version)):
            owner, name = owner_of(version, key)
            return owner, name, None
        return version, head, rest
    return version, key, None


def entry_for(instance, language) -> Entry:
    """The object's segments in ``language``, read from the version editors work on."""
    version = translation_state.editable_version(instance)
    source_code = i18n.source_language()
    field_states, machine = {}, set()
    for item in translation_state.states(version):
        if item.language == language:
            field_states[item.key] = item.state
            if item.machine:  # a machine's text nobody reviewed (the editor's suggestion)
                machine.add(item.key)
    prefix = object_prefix(instance)
    found = []
    all_texts = translation_state.texts(version)
    for text in all_texts:
        owner, name, block_id = _where(version, text.key)
        model_field = column(owner, name, source_code)
        kind = kind_of(model_field)
        field_print = translation_state.fingerprint(text.values.get(source_code))
        field_state = field_states.get(text.key)
        if kind == "stream":
            source = getattr(owner, model_field.name)
            target = getattr(owner, build_localized_fieldname(name, language))
            stream_block = model_field.stream_block
            source_raw = list(source.raw_data) if source is not None else []
            target_raw = _on_source_blocks(owner, name, source_raw, target)
            if target_raw is None:
                continue  # written on a structure of its own: translated in the editor
            base_id = f"{prefix}:{name}"
            for path, leaf_kind, value, max_length in leaves(stream_block, source_raw):
                if block_id is not None and path[0] != block_id:
                    continue
                current = find(stream_block, target_raw, path)
                found += _text_segments(f"{base_id}:{'/'.join(path)}", text.key, leaf_kind,
                                        value, current or "", text.label, max_length,
                                        field_state, field_print)
        else:
            source, target = text.values.get(source_code), text.values.get(language)
            found += _text_segments(f"{prefix}:{text.key}", text.key, kind, _html(source),
                                    _html(target), text.label,
                                    getattr(model_field, "max_length", None), field_state,
                                    field_print)
    for segment in found:
        if segment.key in machine and segment.target.strip():
            segment.state, segment.machine = translation_state.MISSING, True
    return Entry(instance, version, language, found, field_states,
                 {text.key: text for text in all_texts})


def targets_from(entry, key, stored_target) -> dict:
    """{segment id: target} of the text ``key`` of ``entry`` if its translation were
    ``stored_target`` (what translations.memory keeps: a plain text, rich text's HTML, or a
    block's leaves as a JSON list); {} when it cannot be laid on this text's segments."""
    version, text = entry.version, entry.texts.get(key)
    if text is None:
        return {}
    source_code = i18n.source_language()
    prefix = object_prefix(entry.instance)
    owner, name, block_id = _where(version, key)
    model_field = column(owner, name, source_code)
    kind = kind_of(model_field)
    if kind != "stream":
        made = _text_segments(f"{prefix}:{key}", key, kind, _html(text.values.get(source_code)),
                              stored_target, "", None, None, "")
        return {segment.id: segment.target for segment in made}
    if block_id is None:
        return {}  # a whole StreamField: the memory keeps blocks, not streams
    try:
        targets = json.loads(stored_target)
    except ValueError:
        return {}
    stream_block = model_field.stream_block
    source = getattr(owner, model_field.name)
    item = next((item for item in (source.raw_data if source is not None else [])
                 if str(item.get("id")) == block_id), None)
    child = stream_block.child_blocks.get(item.get("type")) if item else None
    if child is None:
        return {}
    order = [path for path, *_rest in leaves(child, item.get("value"), absent=True)]
    if not isinstance(targets, list) or len(targets) != len(order):
        return {}
    found = {}
    for path, leaf_kind, value, _max in leaves(stream_block, [item]):
        target = targets[order.index(path[1:])] if path[1:] in order else ""
        made = _text_segments(f"{prefix}:{name}:{'/'.join(path)}", key, leaf_kind, value,
                              target or "", "", None, None, "")
        found.update({segment.id: segment.target for segment in made})
    return found


def _on_source_blocks(owner, name, source_raw, target):
    """A language's stream matched block by block to the source's: as it is in a synced field
    (translations.stream_sync keeps the source's ids); in a field each language writes on its own
    (news, updates), given the source's ids when its blocks are of the same types in the same
    order, so an existing translation is found (and never written a second time); None when
    it has a structure of its own."""
    raw = list(target.raw_data) if target is not None else []
    if name in stream_sync.synced_fields(type(owner)):
        return raw
    return stream_sync.aligned(source_raw, raw)


# -- putting translations back -----------------------------------------------------------
def _rich_leaf(source_html, changed):
    """A function from the target's HTML to the new HTML with ``changed`` ({paragraph number:
    text}) written in: the target's structure where it matches the source's, else the
    source's structure (with the source's text in paragraphs not translated)."""

    def build(target_html):
        source_pieces = richtext.split(source_html)
        target_pieces = richtext.split(target_html or "")
        source_slots = richtext.slots(source_pieces)
        aligned = richtext.shape(source_pieces) == richtext.shape(target_pieces)
        pieces = target_pieces if aligned else source_pieces
        out, number = [], 0
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            number += 1
            if number in changed:
                slot = source_slots[number - 1]
                tags = richtext.align(slot, piece)[1] if aligned else slot.tags
                out.append(richtext.render(changed[number], tags))
            else:
                out.append(_slot_html(piece))
        return "".join(out)

    return build


def _slot_html(slot) -> str:
    import html

    out = []
    for kind, value in slot.tokens:
        if kind == "text":
            out.append(html.escape(value, quote=False))
        elif kind == "close":
            out.append(f"</{slot.tags[value][1]}>")
        else:
            out.append(slot.tags[value][0])
    return "".join(out)


def split_id(segment_id, prefix):
    """(field key, stream path or None, paragraph number or None) of a segment id."""
    rest = segment_id[len(prefix) + 1:]
    rest, _sep, number = rest.partition("#")
    key, _sep, path = rest.partition(":")
    return key, (tuple(path.split("/")) if path else None), (int(number) if number else None)


def apply(entry: Entry, changes: dict) -> list:
    """Write ``changes`` ({segment id: text}) into ``entry.version`` in ``entry.language``;
    returns the keys (translations.state) of the texts changed. Raises
    richtext.MarkupError when a segment cannot be put back: the caller checked each first."""
    source_code = i18n.source_language()
    prefix = object_prefix(entry.instance)
    by_key: dict = {}
    children: dict = {}  # accessor -> the children, held in memory until the revision
    for segment_id, text in changes.items():
        key, path, number = split_id(segment_id, prefix)
        by_key.setdefault(key, []).append((path, number, text))
    for key, items in by_key.items():
        if "." in key:
            accessor, ident, name = key.split(".", 2)
            if accessor not in children:
                children[accessor] = list(getattr(entry.version, accessor).all())
            owner = next(child for child in children[accessor] if str(child.pk) == ident)
        else:
            owner, name = entry.version, key
        source_field = column(owner, name, source_code)
        target_name = build_localized_fieldname(name, entry.language)
        kind = kind_of(source_field)
        source = getattr(owner, source_field.name)
        target = getattr(owner, target_name)
        if kind == PLAIN:
            setattr(owner, target_name, items[0][2])
        elif kind == RICH:
            numbers = {number: text for _path, number, text in items}
            setattr(owner, target_name, _rich_leaf(_html(source), numbers)(_html(target)))
        else:
            stream_block = source_field.stream_block
            source_raw = list(source.raw_data) if source is not None else []
            raw = _on_source_blocks(owner, name, source_raw, target)
            if raw is None:
                raise LookupError(key)  # a structure of its own, changed since the dry run
            by_path: dict = {}
            for path, number, text in items:
                by_path.setdefault(path, {})[number] = text
            for path, numbers in by_path.items():
                leaf_source = find(stream_block, source_raw, path)
                if None in numbers:  # a plain text leaf
                    text = numbers[None]
                    raw = replace(stream_block, source_raw, raw, path,
                                  lambda _old, text=text: text)
                else:
                    raw = replace(stream_block, source_raw, raw, path,
                                  _rich_leaf(leaf_source or "", numbers))
            setattr(owner, target_name, StreamValue(stream_block, raw, is_lazy=True))
    for accessor, items in children.items():
        setattr(entry.version, accessor, items)
    return sorted({entry.by_id[segment_id].key for segment_id in changes})


def check(segment: Segment, text: str):
    """None when ``text`` may replace the segment's translation, else an error code:
    "markup" (markup typed in), "broken" or "unknown" (placeholders), "too-long"."""
    try:
        if segment.tags:
            richtext.render(text, segment.tags)
        else:
            richtext.check_plain(text)
    except richtext.MarkupError as error:
        return str(error)
    if segment.max_length and len(text) > segment.max_length:
        return "too-long"
    return None
