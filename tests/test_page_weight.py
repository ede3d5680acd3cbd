"""Page weight: the home page and the memorial article stay light on a slow connection.

What a first visit transfers, compressed (HTML, stylesheets, scripts and the fonts whose
letters the page holds; images are responsive renditions and load lazily), is at most 60 KB;
no script blocks rendering; every image carries its width and height and offers several
sizes.
"""

import gzip
import re
from urllib.parse import urljoin

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from tests.conftest import LANGUAGES

BUDGET = 60 * 1024


def static_file(url):
    from django.conf import settings

    path = url.split("?")[0]
    assert path.startswith(settings.STATIC_URL), url
    found = finders.find(path[len(settings.STATIC_URL):])
    assert found, url
    with open(found, "rb") as handle:
        return handle.read()


def transferred(html: bytes) -> dict:
    text = html.decode()
    sizes = {"html": len(gzip.compress(html))}
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    for url in assets:
        body = static_file(url)
        sizes[url] = len(gzip.compress(body))
        if url.endswith(".css"):
            for font, ranges in font_faces(body.decode()):
                # A browser fetches a face only for the letters the page shows (its
                # unicode-range); counted as soon as the page holds one of them.
                if ranges is None or any(in_ranges(ord(ch), ranges) for ch in set(text)):
                    sizes[font] = len(static_file(urljoin(url, font)))  # fonts are compressed
    return sizes


def font_faces(css: str):
    """(font URL, unicode ranges or None for all) of each @font-face of a stylesheet."""
    for block in re.findall(r"@font-face\s*{([^}]*)}", css):
        ranges = None
        declared = re.search(r"unicode-range:\s*([^;]+);", block)
        if declared:
            ranges = []
            for part in declared.group(1).split(","):
                first, _, last = part.strip().removeprefix("U+").partition("-")
                ranges.append((int(first, 16), int(last or first, 16)))
        for font in re.findall(r"url\(['\"]?([^'\")]+\.(?:woff2?|ttf|otf))", block):
            yield font, ranges


def in_ranges(code: int, ranges) -> bool:
    return any(first <= code <= last for first, last in ranges)


@pytest.fixture(params=["home", "memorial"])
def page(request, home, memorial):
    return {"home": home, "memorial": memorial}[request.param]


@pytest.mark.parametrize("language", LANGUAGES)
def test_first_visit_weighs_at_most_60_kb_compressed(client, page, language):
    with translation.override(language):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200
    sizes = transferred(response.content)
    assert sum(sizes.values()) <= BUDGET, sizes


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_script_blocks_rendering_and_images_are_responsive(client, page, language):
    with translation.override(language):
        url = page.get_url()
    html = client.get(url).content.decode()
    head, body = html.split("</head>", 1)
    for tag in re.findall(r"<script\b[^>]*>", head):
        if "src=" in tag:
            assert " defer" in tag or " async" in tag or 'type="module"' in tag, tag
    for tag in re.findall(r"<img\b[^>]*>", html):
        assert re.search(r'\swidth="\d+"', tag) and re.search(r'\sheight="\d+"', tag), tag
    for picture in re.findall(r"<picture\b.*?</picture>", html, flags=re.S):
        assert "srcset=" in picture and "," in picture.split("srcset=", 1)[1], picture[:300]
