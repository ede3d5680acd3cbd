"""Rich text as segments: block-level tags (paragraphs, headings, list items) cut the text into
segments; inline markup (links, bold, italics, line breaks) becomes numbered placeholders,
``{1}…{/1}`` around a span and ``{2/}`` for a break, that stand for tags the translator never
sees and cannot change."""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCK_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "div", "embed",
    "hr", "figure", "figcaption", "table", "tr", "td", "th", "pre",
}
VOID_INLINE = {"br", "img", "wbr"}
MARKER = re.compile(r"\{(/?)(\d+)(/?)\}")
# What a translator must not type: markup, instead of the placeholders.
RAW_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")


class MarkupError(ValueError):
    """A translated segment whose placeholders or markup cannot be put back."""


@dataclass
class Slot:
    """The inline content of one block-level element: its tokens and placeholder tags."""

    # ("text", s) | ("open", n) | ("close", n) | ("void", n)
    tokens: list = field(default_factory=list)
    tags: dict = field(default_factory=dict)  # n -> (start tag as written, tag name)

    @property
    def text(self) -> str:
        """The segment's text with placeholders."""
        out = []
        for kind, value in self.tokens:
            if kind == "text":
                out.append(value)
            elif kind == "open":
                out.append(f"{{{value}}}")
            elif kind == "close":
                out.append(f"{{/{value}}}")
            else:
                out.append(f"{{{value}/}}")
        return "".join(out)

    def describe(self) -> dict:
        """n -> what the placeholder stands for, for the translator's note."""
        result = {}
        for number, (start, name) in sorted(self.tags.items()):
            href = re.search(r'href="([^"]*)"', start)
            if name == "a":
                result[number] = "link" + (f" to {html.unescape(href.group(1))}" if href else "")
            else:
                result[number] = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
                                  "br": "line break"}.get(name, name)
        return result


class _Splitter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list = []  # str (markup kept as it is) or Slot
        self.slot = None
        self.stack: list = []  # open inline tags: (name, n)

    def _slot(self):
        if self.slot is None:
            self.slot = Slot()
        return self.slot

    def flush(self):
        slot, self.slot = self.slot, None
        self.stack = []
        if slot is None:
            return
        if any(kind != "text" or value.strip() for kind, value in slot.tokens):
            self.pieces.append(slot)
        else:
            self.pieces.append(html.escape("".join(v for _k, v in slot.tokens), quote=False))

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text()
        if tag in BLOCK_TAGS:
            self.flush()
            self.pieces.append(raw)
            return
        slot = self._slot()
        number = len(slot.tags) + 1
        slot.tags[number] = (raw, tag)
        if tag in VOID_INLINE or raw.endswith("/>"):
            slot.tokens.append(("void", number))
        else:
            slot.tokens.append(("open", number))
            self.stack.append((tag, number))

    def handle_startendtag(self, tag, attrs):
        # "<br/>": a start tag ending in "/>", read as void there (no end tag follows).
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.flush()
            self.pieces.append(f"</{tag}>")
            return
        if tag in VOID_INLINE:
            return
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                number = self.stack[position][1]
                del self.stack[position:]
                self._slot().tokens.append(("close", number))
                return

    def handle_data(self, data):
        if self.slot is None and not data.strip():
            self.pieces.append(html.escape(data, quote=False))
            return
        self._slot().tokens.append(("text", data))


def split(source_html: str) -> list:
    """The pieces of a rich text: markup kept as written (str) and text slots (Slot)."""
    parser = _Splitter()
    parser.feed(source_html or "")
    parser.close()
    parser.flush()
    return parser.pieces


def slots(pieces) -> list:
    return [piece for piece in pieces if isinstance(piece, Slot)]


def shape(pieces) -> tuple:
    """The block structure: block tag names and slots, without text or attributes."""
    result = []
    for piece in pieces:
        if isinstance(piece, Slot):
            result.append("#")
        else:
            result.extend(re.findall(r"</?\s*([a-zA-Z0-9]+)", piece))
    return tuple(result)


def align(source_slot: Slot, target_slot: Slot) -> tuple[str, dict]:
    """The target slot's text numbered with the source's placeholders (a tag of the target
    takes the number of the same tag in the source), and the tags to write back: the
    target's own tags where it has them (a link it points elsewhere), else the source's."""
    unused = dict(source_slot.tags)
    renumber, tags = {}, dict(source_slot.tags)
    next_free = max(source_slot.tags, default=0) + 1
    for number, (start, name) in target_slot.tags.items():
        match = next((n for n, (s, _t) in unused.items() if s == start), None)
        if match is None:
            match = next((n for n, (_s, t) in unused.items() if t == name), None)
        if match is None:
            match, next_free = next_free, next_free + 1
        else:
            del unused[match]
        renumber[number] = match
        if match in source_slot.tags:
            tags[match] = (start, name)
    renumbered = Slot([(kind, value if kind == "text" else renumber[value])
                       for kind, value in target_slot.tokens], {})
    return renumbered.text, tags


def check_plain(text: str) -> None:
    if RAW_TAG.search(text):
        raise MarkupError("markup")


def render(text: str, tags: dict) -> str:
    """A translated segment back to HTML with the tags its placeholders stand for; raises
    MarkupError when a placeholder is unknown, missing, repeated or badly nested, or when the
    text carries markup of its own."""
    out, stack, seen, position = [], [], set(), 0
    for match in MARKER.finditer(text):
        chunk = text[position:match.start()]
        check_plain(chunk)
        out.append(html.escape(chunk, quote=False))
        position = match.end()
        closing, number, void = match.group(1) == "/", int(match.group(2)), match.group(3) == "/"
        if number not in tags:
            raise MarkupError("unknown")
        start, name = tags[number]
        paired = name not in VOID_INLINE and not start.endswith("/>")
        if void:
            if paired or number in seen:
                raise MarkupError("broken")
            seen.add(number)
            out.append(start)
        elif closing:
            if not stack or stack[-1] != number:
                raise MarkupError("broken")
            stack.pop()
            out.append(f"</{name}>")
        else:
            if not paired or number in seen:
                raise MarkupError("broken")
            seen.add(number)
            stack.append(number)
            out.append(start)
    chunk = text[position:]
    check_plain(chunk)
    out.append(html.escape(chunk, quote=False))
    if stack or seen != set(tags):
        raise MarkupError("broken")
    return "".join(out)


def join(pieces) -> str:
    """Pieces back to HTML (slots rendered with their own tags)."""
    return "".join(piece if isinstance(piece, str) else render(piece.text, piece.tags)
                   for piece in pieces)
