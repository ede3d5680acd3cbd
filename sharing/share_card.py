"""The pictures a shared link shows, drawn in one place: each page's card (its title, its date,
the site's mark and name, in the reader's language) and the portal's default picture
(tools/social_image.py).

1200x630 (Open Graph's large preview) on the portal's mourning background, set in the
self-hosted Noto Serif (static/vendor/noto-serif): each letter takes the subset whose
unicode-range in static/css/portal.css covers it, as a browser does, so ə, ğ, ş and Cyrillic
come from the same family as the rest. Pillow's FreeType reads the woff2 files as they are.
No other assets, nothing from other hosts; Pillow only (no Django), so the script can run alone.
"""

import functools
import io
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

STATIC = Path(__file__).resolve().parent.parent / "static"
SIZE = (1200, 630)
MOURNING, PAPER, MUTED, CARNATION, STEM, RULE = (
    "#17171a", "#faf8f5", "#c9c4bb", "#c62b2b", "#6b8f5a", "#3a3a40",
)
LEFT = 110
WIDTH = SIZE[0] - 2 * LEFT
ELLIPSIS = "…"
# The title's size and how many lines it may take at that size: short titles large, long
# ones smaller, then cut with an ellipsis.
TITLE_SIZES = ((72, 3), (60, 4))


@functools.lru_cache(maxsize=16)
def faces(weight: int, size: int) -> tuple:
    """(font, unicode ranges) of each Noto Serif subset of ``weight``, from portal.css."""
    css = (STATIC / "css" / "portal.css").read_text()
    found = []
    for block in re.findall(r"@font-face\s*{([^}]*)}", css):
        if f"font-weight: {weight};" not in block:
            continue
        source = re.search(r'url\("\.\./([^"]+)"\)', block).group(1)
        ranges = []
        for part in re.search(r"unicode-range:\s*([^;]+);", block).group(1).split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
        found.append((ImageFont.truetype(str(STATIC / source), size), tuple(ranges)))
    return tuple(found)


def face_for(char: str, found):
    """The subset that covers ``char`` (the first, Latin, for a letter none covers)."""
    code = ord(char)
    for font, ranges in found:
        if any(first <= code <= last for first, last in ranges):
            return font
    return found[0][0]


def runs(text: str, found):
    """``text`` in pieces set in one subset each."""
    pieces = []
    for char in text:
        font = face_for(char, found)
        if pieces and pieces[-1][1] is font:
            pieces[-1][0] += char
        else:
            pieces.append([char, font])
    return pieces


def text_width(text: str, found) -> float:
    return sum(font.getlength(piece) for piece, font in runs(text, found))


def draw_text(draw, x, y, text, found, fill):
    """``text`` on the baseline ``y`` from ``x``."""
    for piece, font in runs(text, found):
        draw.text((x, y), piece, font=font, fill=fill, anchor="ls")
        x += font.getlength(piece)


def wrap(text: str, found, width: float, max_lines: int) -> list[str]:
    """``text`` in lines no wider than ``width``, broken between words (inside a word only when
    it is wider than a line); past ``max_lines`` the last line ends with an ellipsis."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, found) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while text_width(line, found) > width:  # a word wider than the line
            # The longest start that fits, by halving (a prefix only widens as it grows).
            low, high = 1, len(line) - 1
            while low < high:
                middle = (low + high + 1) // 2
                if text_width(line[:middle], found) <= width:
                    low = middle
                else:
                    high = middle - 1
            lines.append(line[:low])
            line = line[low:]
    if line:
        lines.append(line)
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and text_width(last.rstrip(" ,;:.-–—") + ELLIPSIS, found) > width:
        last = last[:-1]
    return [*lines[: max_lines - 1], last.rstrip(" ,;:.-–—") + ELLIPSIS]


def title_lines(title: str) -> tuple[int, list[str]]:
    """(font size, lines) of a title: the largest size at which it fits, else the smallest
    size cut after its last line."""
    for size, max_lines in TITLE_SIZES:
        lines = wrap(title, faces(600, size), WIDTH, len(title) + 1)  # every line
        if len(lines) <= max_lines:
            return size, lines
    return size, wrap(title, faces(600, size), WIDTH, max_lines)


def mark(draw, x: int, y: int, scale: float = 1.0):
    """The carnation of the header and the favicon, its flower's top left at (x, y)."""
    flower = round(44 * scale)
    middle = x + flower // 2
    draw.ellipse((x, y, x + flower, y + flower), fill=CARNATION)
    draw.line((middle, y + round(52 * scale), middle, y + round(96 * scale)), fill=STEM,
              width=max(2, round(4 * scale)))


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def default_picture(names) -> bytes:
    """The portal's own picture: its mark and ``names`` (the site's name in each language, the
    first large)."""
    image = Image.new("RGB", SIZE, MOURNING)
    draw = ImageDraw.Draw(image)
    mark(draw, LEFT, 118)
    draw_text(draw, LEFT, 330, names[0], faces(600, 96), PAPER)
    secondary = faces(400, 56)
    for number, name in enumerate(names[1:]):
        draw_text(draw, LEFT, 428 + 80 * number, name, secondary, MUTED)
    draw.line((LEFT, 560, SIZE[0] - LEFT, 560), fill=RULE, width=2)
    return _png(image)


def page_card(title: str, date: str, site_name: str) -> bytes:
    """A page's card: the site's mark and name at the top, the page's title (wrapped, at most
    four lines) and its date, if it has one that matters, under it."""
    image = Image.new("RGB", SIZE, MOURNING)
    draw = ImageDraw.Draw(image)
    mark(draw, LEFT, 64, scale=0.6)
    draw_text(draw, LEFT + 48, 96, site_name, faces(400, 34), MUTED)
    draw.line((LEFT, 136, SIZE[0] - LEFT, 136), fill=RULE, width=2)
    size, lines = title_lines(title)
    height = round(size * 1.22)
    # The title sits in the space between the rule and the date, centred on it.
    room_top, room_bottom = 150, 520 if date else 580
    block = height * len(lines)
    baseline = room_top + (room_bottom - room_top - block) // 2 + size
    for line in lines:
        draw_text(draw, LEFT, baseline, line, faces(600, size), PAPER)
        baseline += height
    if date:
        draw_text(draw, LEFT, 570, date, faces(400, 40), MUTED)
    return _png(image)
