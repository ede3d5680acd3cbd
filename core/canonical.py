"""A text as a reader reads it, for comparing: what changes only how an editor stored it is
not a change of text.

The admin's rich text editor adds a ``data-block-key`` to every paragraph on the first save
(and new keys on later ones), may reorder attributes, spell characters as entities or not,
and leaves an empty paragraph behind; code, imports and migrations write none of that. Two
texts with the same canonical form read the same: fingerprints (core.translation_state) and
"is this block still the source's copy?" (core.stream_sync) compare canonical forms only.

For HTML: tags lower-cased with their attributes sorted, ``data-block-key`` dropped, entities
and character references read as the characters they stand for, runs of white space as one
space (none at the edges of a paragraph or list item), empty paragraphs left out. For plain
text: runs of white space as one space, stripped.
"""

import html
import re
from html.parser import HTMLParser

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
