"""Fonts served by the portal (issue 18, part 2): Noto Serif from the npm registry's Fontsource
package, woff2 only, with its licence, one face for every letter of az, en and ru, fetched per
script (unicode-range), shown at once in a fallback (font-display), the reader's heading face
preloaded, nothing from another host."""

import re
import string
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation

from tests.conftest import LANGUAGES
from tests.test_page_weight import font_faces, in_ranges

ALPHABETS = {
    "az": "AaBbCcÇçDdEeƏəFfGgĞğHhXxIıİiJjKkQqLlMmNnOoÖöPpRrSsŞşTtUuÜüVvYyZz",
    "en": string.ascii_letters,
    "ru": "".join(chr(code) for code in range(ord("А"), ord("я") + 1)) + "Ёё",
}
VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "noto-serif"


def stylesheet() -> str:
    return Path(finders.find("css/portal.css")).read_text(encoding="utf-8")


def faces():
    css = stylesheet()
    blocks = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert blocks, "no @font-face"
    return blocks


def test_every_face_is_a_local_woff2_shown_at_once_for_its_script_only():
    for block in faces():
        urls = re.findall(r"url\(['\"]?([^'\")]+)", block)
        assert len(urls) == 1 and urls[0].endswith(".woff2"), block
        assert urls[0].startswith("../vendor/noto-serif/"), urls[0]  # no other host
        assert (VENDOR / urls[0].rsplit("/", 1)[1]).is_file(), urls[0]
        assert "font-display: swap" in block, block
        assert "unicode-range:" in block, block
    assert "SIL Open Font License" in (VENDOR / "LICENSE").read_text()
    assert "@fontsource/noto-serif" in (VENDOR / "VERSION").read_text()
    assert sorted(path.suffix for path in VENDOR.glob("*.woff*")) == [".woff2"] * 6


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("weight", ["400", "600"])
def test_every_letter_of_each_language_is_in_the_served_face(language, weight):
    ranges = [
        ranges for font, ranges in font_faces(stylesheet())
        if f"-{weight}-normal" in font
    ]
    missing = [ch for ch in ALPHABETS[language]
               if not any(in_ranges(ord(ch), face) for face in ranges)]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_readers_heading_face_is_preloaded(client, home, language):
    with translation.override(language):
        html = client.get(home.get_url()).content.decode()
    head = html.split("</head>")[0]
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" '
                          r"crossorigin>", head)
    script = "cyrillic" if language == "ru" else "latin"
    assert preloads == [f"/static/vendor/noto-serif/noto-serif-{script}-600-normal.woff2"]
    # The preloaded file is the one the stylesheet asks for (else it is fetched twice).
    assert f"../vendor/noto-serif/noto-serif-{script}-600-normal.woff2" in stylesheet()
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
