"""One block structure for every language of a StreamField, text translated block by block.

A page type names the StreamFields whose translations follow the source's structure
(``synced_streamfields``). Each time such a page is saved, every language's stream is rebuilt
on the source's (``PORTAL_SOURCE_LANGUAGE``) blocks, matched by block id:

- a block of the source that a language lacks is added there as a copy of the source's block
  (its text the source's, so *same as source*: untranslated, shown to readers with the
  source's ``lang``) — never blank, so the page still validates and publishes;
- what all languages share (images, documents, embeds, pages, choices, numbers, dates) is
  taken from the source, so an image changed in az changes in en and ru;
- the texts a language already has for a block stay as they are;
- a block the source removed is removed everywhere; a block a translator added on their own
  (an id the source never had) stays where it was.

Text leaves are CharBlock, TextBlock and RichTextBlock values (in StructBlocks, ListBlocks and
nested StreamBlocks too); everything else is shared. The module works on the stored JSON
(``raw_data``) and block definitions only: it imports no page type.
"""

import copy
import json
import uuid

from wagtail import blocks

from core import canonical, i18n
from core.canonical import BlockText
from translations import walker

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)


def synced_fields(model) -> tuple[str, ...]:
    return tuple(getattr(model, "synced_streamfields", ()))


# -- reading the text of a block ---------------------------------------------------------------
def block_texts(block_def, value) -> list[str]:
    """Every text leaf of a stored block value, in order (translations.walker)."""
    return [text for _path, _kind, text, _max in walker.leaves(block_def, value, absent=True)]


def text_of(block_def, value) -> str:
    """A block's texts as one comparable string ("" when it has none): canonical, so the
    keys, spaces and entities an editor's save adds change nothing (core.canonical)."""
    leaves = block_texts(block_def, value)
    texts = [canonical.text(leaf) for leaf in leaves]
    result = BlockText(json.dumps(texts, ensure_ascii=False) if any(texts) else "")
    stripped = [str(leaf).strip() for leaf in leaves]
    result.legacy = json.dumps(stripped, ensure_ascii=False) if any(stripped) else ""
    return result


def _list_item_value(item):
    return item.get("value") if isinstance(item, dict) and "value" in item else item


# -- the structure of a stream ---------------------------------------------------------------
def shape(block_def, value):
    """A stored block value's structure: which blocks, of which types and ids, in which order
    (at every depth); text and shared values left out."""
    if isinstance(block_def, blocks.StreamBlock):
        return [(item.get("type"), item.get("id"),
                 shape(block_def.child_blocks[item["type"]], item.get("value"))
                 if item.get("type") in block_def.child_blocks else None)
                for item in value or [] if isinstance(item, dict)]
    if isinstance(block_def, blocks.ListBlock):
        return [("item", item.get("id") if isinstance(item, dict) else None,
                 shape(block_def.child_block, _list_item_value(item)))
                for item in value or []]
    if isinstance(block_def, blocks.StructBlock):
        return tuple(shape(child, (value or {}).get(name))
                     for name, child in block_def.child_blocks.items())
    return None


def same_shape(before, after) -> bool:
    """Whether two shapes are the same structure; a block stored without an id (content written
    before ids) matches any id of its type in its place."""
    if isinstance(before, list) and isinstance(after, list):
        return len(before) == len(after) and all(
            kind == other_kind and (ident is None or ident == other_id)
            and same_shape(inner, other_inner)
            for (kind, ident, inner), (other_kind, other_id, other_inner)
            in zip(before, after, strict=True))
    if isinstance(before, tuple) and isinstance(after, tuple):
        return len(before) == len(after) and all(
            same_shape(one, other) for one, other in zip(before, after, strict=True))
    return before == after


# -- merging one block ----------------------------------------------------------------------------
def merge(block_def, source, target):
    """``source``'s value with the texts of ``target`` where it has them (same shape)."""
    if isinstance(block_def, TEXT_BLOCKS):
        return target if (target or "").strip() else source
    if isinstance(block_def, blocks.StructBlock):
        source, target = source or {}, target or {}
        return {
            name: merge(child, source.get(name), target.get(name))
            if name in source else target.get(name)
            for name, child in block_def.child_blocks.items()
            if name in source or name in target
        }
    if isinstance(block_def, blocks.ListBlock):
        targets = {item.get("id"): item for item in target or [] if isinstance(item, dict)}
        merged = []
        for position, item in enumerate(source or []):
            if isinstance(item, dict) and "value" in item:
                other = targets.get(item.get("id"), {})
                merged.append({**item, "value": merge(block_def.child_block, item["value"],
                                                      other.get("value"))})
            else:
                other = (target or [])[position] if position < len(target or []) else None
                merged.append(merge(block_def.child_block, item, other))
        return merged
    if isinstance(block_def, blocks.StreamBlock):
        return sync_stream(block_def, source or [], target or [], previous_source_ids=None)
    return copy.deepcopy(source)  # shared: images, documents, choices, numbers, dates


def sync_stream(stream_def, source, target, previous_source_ids):
    """The target stream rebuilt on the source's blocks (see the module docstring).
    ``previous_source_ids``: the ids the source had before this change (None: unknown, so a
    target block the source lacks is kept)."""
    source_ids = {item.get("id") for item in source}
    targets = {item.get("id"): item for item in target if item.get("id")}
    result, own_after = [], {}
    last_synced = None
    for item in target:
        ident = item.get("id")
        if ident in source_ids:
            last_synced = ident
        elif previous_source_ids is None or ident not in previous_source_ids:
            own_after.setdefault(last_synced, []).append(item)  # a translator's own block
    for item in own_after.get(None, []):
        result.append(item)
    for item in source:
        child = stream_def.child_blocks.get(item.get("type"))
        other = targets.get(item.get("id"))
        if child is None:
            result.append(copy.deepcopy(item))
        elif other is not None and other.get("type") == item.get("type"):
            result.append({**item, "value": merge(child, item.get("value"), other.get("value"))})
        else:
            result.append(copy.deepcopy(item))
        result.extend(own_after.get(item.get("id"), []))
    return result


# -- a page's fields ----------------------------------------------------------------------------
def raw(value) -> list:
    return list(value.raw_data) if hasattr(value, "raw_data") else list(value or [])


def sync(instance, source_language) -> None:
    """Rebuild every language's stream of each synced field of ``instance`` on the source's
    structure (blocks the source removed since it was last saved are removed everywhere)."""
    model = type(instance)
    names = synced_fields(model)
    if not names:
        return
    before = _source_ids_before(instance, names, source_language)
    for name in names:
        stream_def = model._meta.get_field(f"{name}_{source_language}").stream_block
        source = raw(getattr(instance, f"{name}_{source_language}"))
        if not source:
            continue  # nothing written in the source yet: each language keeps its own
        if any(not item.get("id") for item in source):
            source = [item if item.get("id") else {**item, "id": str(uuid.uuid4())}
                      for item in source]
            setattr(instance, f"{name}_{source_language}", source)
        for code in i18n.language_codes():
            if code == source_language:
                continue
            column = f"{name}_{code}"
            current = aligned(source, raw(getattr(instance, column)))
            if current is None:
                continue  # written on its own structure before syncing: left as it is
            rebuilt = sync_stream(stream_def, source, current, before.get(name))
            if rebuilt != raw(getattr(instance, column)):
                setattr(instance, column, rebuilt)


def aligned(source, target):
    """``target`` ready to sync with ``source``: as it is when they share block ids; written
    separately (no id in common, as text entered before syncing or in bulk) it takes the
    source's ids block by block when its blocks are of the same types in the same order, and
    is None (not to be synced) when they are not."""
    source_ids = {item.get("id") for item in source}
    if not target or any(item.get("id") in source_ids for item in target):
        return target
    if [item.get("type") for item in target] != [item.get("type") for item in source]:
        return None
    return [{**mine, "id": theirs["id"]} for mine, theirs in zip(target, source, strict=True)]


def _source_ids_before(instance, names, source_language) -> dict:
    """{field: ids of its source blocks} as last saved: the latest revision, else the row."""
    if instance.pk is None:
        return {}
    columns = [f"{name}_{source_language}" for name in names]
    revision = instance.get_latest_revision() if hasattr(instance, "get_latest_revision") else None
    if revision is not None:
        stored = {column: revision.content.get(column) for column in columns}
    else:
        row = type(instance)._default_manager.filter(pk=instance.pk).values(*columns).first()
        stored = row or {}
    found = {}
    for name, column in zip(names, columns, strict=True):
        value = stored.get(column)
        if isinstance(value, str):
            try:
                value = json.loads(value or "[]")
            except ValueError:
                value = []
        found[name] = {item.get("id") for item in raw(value) if isinstance(item, dict)}
    return found


def blocks_by_id(instance, name, language) -> dict:
    return {item.get("id"): item for item in raw(getattr(instance, f"{name}_{language}", None))
            if item.get("id")}


def untranslated_block_ids(instance, name, language, source_language) -> set:
    """Ids of the blocks of ``language`` whose text is the source's (shown with its ``lang``)."""
    if language == source_language or name not in synced_fields(type(instance)):
        return set()
    stream_def = type(instance)._meta.get_field(f"{name}_{source_language}").stream_block
    sources = blocks_by_id(instance, name, source_language)
    found = set()
    for ident, item in blocks_by_id(instance, name, language).items():
        child = stream_def.child_blocks.get(item.get("type"))
        origin = sources.get(ident)
        if child is None or origin is None:
            continue
        text = text_of(child, item.get("value"))
        if text and text == text_of(child, origin.get("value")):
            found.add(ident)
    return found
