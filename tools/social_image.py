"""Make static/img/social-default.png, the picture a shared link shows when its page has none.

1200x630 (Open Graph's large preview): the portal's mourning background, its carnation mark
and the site's name in Azerbaijani, English and Russian, set in the self-hosted Noto Serif
(static/vendor/noto-serif). Each letter takes the subset whose unicode-range in
static/css/portal.css covers it, as a browser does. No other assets, nothing from other hosts.

    .venv/bin/python tools/social_image.py
"""

import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
OUTPUT = STATIC / "img" / "social-default.png"
SIZE = (1200, 630)
# As in demo/foundation.py (SETTINGS["site_name"]) and core.seo's alt text.
NAMES = ("Xocalı 1992", "Khojaly 1992", "Ходжалы 1992")
MOURNING, PAPER, MUTED, CARNATION = "#17171a", "#faf8f5", "#c9c4bb", "#c62b2b"


def faces(weight: int, size: int):
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
        found.append((ImageFont.truetype(str(STATIC / source), size), ranges))
    return found


def face_for(char: str, found):
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


def draw_text(draw, x, y, text, found, fill):
    for piece, font in runs(text, found):
        draw.text((x, y), piece, font=font, fill=fill, anchor="ls")
        x += font.getlength(piece)


def main():
    image = Image.new("RGB", SIZE, MOURNING)
    draw = ImageDraw.Draw(image)
    left = 110
    # The carnation mark of the header and the favicon.
    draw.ellipse((left, 118, left + 44, 162), fill=CARNATION)
    draw.line((left + 22, 170, left + 22, 214), fill="#6b8f5a", width=4)
    draw_text(draw, left, 330, NAMES[0], faces(600, 96), PAPER)
    secondary = faces(400, 56)
    draw_text(draw, left, 428, NAMES[1], secondary, MUTED)
    draw_text(draw, left, 508, NAMES[2], secondary, MUTED)
    draw.line((left, 560, SIZE[0] - left, 560), fill="#3a3a40", width=2)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    image.save(OUTPUT, optimize=True)
    print(f"{OUTPUT.relative_to(ROOT)}: {SIZE[0]}x{SIZE[1]}, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
