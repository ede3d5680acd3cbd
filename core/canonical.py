"""A text as a reader reads it, for comparing: what changes only how an editor stored it is
not a change of text.

The admin's rich text editor adds a ``data-block-key`` to every paragraph on the first save
(and new keys on later ones), may reorder attributes, spell characters as entities or not,
and leaves an empty paragraph behind; code, imports and migrations write none of that. Two
texts with the same canonical form read the same: fingerprints (translations.state) and
"is this block still the source's copy?" (translations.stream_sync) compare canonical forms only.

For HTML: tags lower-cased with their attributes sorted, ``data-block-key`` dropped, entities
and character references read as the characters they stand for, runs of white space as one
space (none at the edges of a paragraph or list item), empty paragraphs left out. For plain
text: runs of white space as one space, stripped.
"""

import hashlib
import html
import json
import re
from html.parser import HTMLParser

from django.core.serializers.json import DjangoJSONEncoder

# Attributes that say how the editor keeps a text, not what it says.
EDITOR_ATTRIBUTES = frozenset({"data-block-key"})
BLOCK_TAGS = frozenset({"p", "li", "ul", "ol", "h2", "h3", "h4", "h5", "h6", "blockquote",
                        "br", "hr"})
VOID_TAGS = frozenset({"br", "hr", "img", "embed"})
_TAG = re.compile(r"<[a-zA-Z/!]")
_SPACE = re.compile(r"\s+")


class _Canonical(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        kept = sorted((name, value or "") for name, value in attrs
                      if name not in EDITOR_ATTRIBUTES)
        attributes = "".join(f' {name}="{html.escape(value)}"' for name, value in kept)
        self.out.append(f"<{tag}{attributes}{'/' if tag in VOID_TAGS else ''}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))


def _block_edges(text: str) -> str:
    """No space inside a block's edges or between blocks."""
    for tag in BLOCK_TAGS:
        text = re.sub(rf"\s*(</?{tag}(?: [^>]*)?/?>)\s*", r"\1", text)
    return text


def _without_empty_paragraphs(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"<p(?: [^>]*)?>(?:<br/>)*</p>", "", text)
    return text


def text(value) -> str:
    """The canonical form of ``value`` (HTML or plain text; None is "")."""
    if value is None:
        return ""
    value = str(value)
    if not _TAG.search(value):
        return _SPACE.sub(" ", value).strip()
    parser = _Canonical()
    parser.feed(value)
    parser.close()
    result = _SPACE.sub(" ", "".join(parser.out))
    return _without_empty_paragraphs(_block_edges(result)).strip()


# -- comparing stored values ------------------------------------------------------------
class BlockText(str):
    """A block's texts as one comparable string, in canonical form, with
    the form fingerprints had before canonical forms (``legacy``: stripped, as stored)."""

    legacy = ""


def without_ids(data):
    if isinstance(data, dict):
        return {k: without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def _canonical_data(data):
    """Raw StreamField data with every string in canonical form."""
    if isinstance(data, dict):
        return {key: _canonical_data(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_canonical_data(item) for item in data]
    return text(data) if isinstance(data, str) else data


def normalized(value) -> str:
    """The text as compared: what a reader reads; a StreamField's blocks
    without their ids. Keys, spaces, entities and empty paragraphs an editor's save adds are
    not a change of text."""
    if value is None:
        return ""
    if isinstance(value, BlockText):
        return str(value)
    if hasattr(value, "raw_data"):  # a StreamValue
        data = _canonical_data(without_ids(list(value.raw_data)))
        # Dates as the StreamField stores them (an event's date, read from a form as a date).
        return json.dumps(data, sort_keys=True, ensure_ascii=False,
                          cls=DjangoJSONEncoder) if data else ""
    if hasattr(value, "source"):  # RichText
        value = value.source
    return text(value)


def print_of(text: str) -> str:
    """A short hash of a text, as records and the memory keep it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def fingerprint(value) -> str:
    """The fingerprint of a stored value's canonical form (:func:`normalized`)."""
    return print_of(normalized(value))
