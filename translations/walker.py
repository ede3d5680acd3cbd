"""The one walk over StreamField text: every text leaf of a block's stored (raw) value with
its path (block ids, StructBlock child names, list positions), its kind and its length limit;
the value at a path; and a copy with the text at a path replaced.

Translation states and structure sync (translations.stream_sync), the exchange files
(translations.exchange.segments) and machine suggestions (translations.suggest) all read a
StreamField's texts through it.
"""

import copy

from wagtail import blocks

PLAIN, RICH = "plain", "rich"


def _items(value):
    """Children of a stream or list as raw dicts (type, value, id)."""
    return value if isinstance(value, list) else []


def leaves(block, value, path=(), absent=False):
    """(path, kind, text, max length) of every text in a block's raw value, in order.

    ``absent``: also a StructBlock's texts its value lacks (as ""), so that two versions of a
    block compare text by text even where one was stored before a child was added."""
    if isinstance(block, blocks.StreamBlock):
        for child in _items(value):
            if isinstance(child, dict) and child.get("type") in block.child_blocks:
                yield from leaves(block.child_blocks[child["type"]], child.get("value"),
                                  path + (str(child.get("id")),), absent)
    elif isinstance(block, blocks.ListBlock):
        for position, item in enumerate(_items(value)):
            if isinstance(item, dict) and "id" in item and "value" in item:
                yield from leaves(block.child_block, item["value"], path + (str(item["id"]),),
                                  absent)
            else:
                yield from leaves(block.child_block, item, path + (str(position),), absent)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if isinstance(value, dict) and name in value:
                yield from leaves(child, value[name], path + (name,), absent)
            elif absent:
                yield from leaves(child, None, path + (name,), absent)
    elif isinstance(block, blocks.RichTextBlock):
        yield path, RICH, value or "", None
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield path, PLAIN, value or "", getattr(block.field, "max_length", None)


def find(block, value, path):
    """The raw value at ``path`` in a block's raw value, or None."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(block, (blocks.StreamBlock, blocks.ListBlock)):
        for position, item in enumerate(_items(value)):
            if isinstance(item, dict) and str(item.get("id")) == head:
                child = (block.child_blocks.get(item.get("type"))
                         if isinstance(block, blocks.StreamBlock) else block.child_block)
                return None if child is None else find(child, item.get("value"), rest)
            if (isinstance(block, blocks.ListBlock) and not isinstance(item, dict)
                    and str(position) == head):
                return find(block.child_block, item, rest)
        return None
    if (isinstance(block, blocks.StructBlock) and isinstance(value, dict)
            and head in block.child_blocks):
        return find(block.child_blocks[head], value.get(head), rest)
    return None


def replace(block, source, target, path, leaf):
    """A copy of the target's raw value with the text at ``path`` replaced by
    ``leaf(target text)``; a block the target lacks is copied from the source first, after the
    nearest source block before it that the target has."""
    if not path:
        return leaf(target)
    head, rest = path[0], path[1:]
    if isinstance(block, (blocks.StreamBlock, blocks.ListBlock)):
        source_items, target_items = _items(source), list(_items(target))
        keyed = all(isinstance(item, dict) and "id" in item for item in source_items)
        if keyed:
            ids = [str(item.get("id")) for item in source_items]
            position = ids.index(head)
            here = [str(item.get("id")) if isinstance(item, dict) else None
                    for item in target_items]
            if head not in here:
                after = next((here.index(ids[i]) for i in range(position - 1, -1, -1)
                              if ids[i] in here), -1)
                target_items.insert(after + 1, copy.deepcopy(source_items[position]))
                here.insert(after + 1, head)
            index = here.index(head)
            item = dict(target_items[index])
            child = (block.child_blocks[item["type"]] if isinstance(block, blocks.StreamBlock)
                     else block.child_block)
            item["value"] = replace(child, source_items[position]["value"], item["value"],
                                    rest, leaf)
            target_items[index] = item
            return target_items
        index = int(head)
        while len(target_items) <= index:
            target_items.append(copy.deepcopy(source_items[len(target_items)]))
        target_items[index] = replace(block.child_block, source_items[index],
                                      target_items[index], rest, leaf)
        return target_items
    if isinstance(block, blocks.StructBlock):
        result = dict(target) if isinstance(target, dict) else copy.deepcopy(source)
        if head not in result:
            result[head] = copy.deepcopy(source.get(head))
        result[head] = replace(block.child_blocks[head], source.get(head), result[head], rest,
                               leaf)
        return result
    raise LookupError(path)
