"""The Nu Html Checker on every page type in az, en and ru: 0 errors.

The checker is vnu.jar from the npm package vnu-jar (package.json), run with Java; it runs once
for all pages, since the JVM takes seconds to start. The pages are found as a reader or a
search engine finds them: every address in the sitemap and every link on those pages within a
language (register records, the proposal form, pages of a list, a testimony's player), search
with and without results, the 404 page, and every form sent empty (errors shown) and the poll
after a vote.

The demo content has no register record, no testimony and no page with every body block, so
the test adds clearly synthetic ones and removes them afterwards. A second server on the shared
database serves them: the shared portal serves nothing meanwhile, so what it keeps in its own
memory (the menu, counts) is still right once they are gone.
"""

import http.cookiejar
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from tests.e2e.conftest import LANGUAGES, ROOT, serve

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SEARCH_WORD = {"az": "Xocalı", "en": "Khojaly", "ru": "Ходжалы"}
NO_HITS = "qzxjvw"
# Every page type, by the class its template gives <body>; the 404 page is checked apart.
PAGE_TYPES = {
    "page-home", "page-article", "page-standard", "page-news-index", "page-news",
    "page-anniversaries", "page-anniversary", "page-resources", "page-resource", "page-links",
    "page-map", "page-contact", "page-poll", "page-search", "page-register", "page-record",
    "page-propose", "page-testimonies", "page-testimony", "page-timeline",
}
MAX_PAGES = 600  # a guard against a crawl that never ends (the demo site has about 130)

ADD = r"""
import datetime, json
import django
django.setup()
from django.core.files.base import ContentFile
from django.db.models import Max
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from pages.models import HomePage, StandardPage
from polls.models import Vote
from remembrance.models import NameRecord, TestimoniesIndexPage, TestimonyPage
from tests.factories import create_page
from tests.remembrance_factories import make_record, make_source

marker = "Synthetic test content (tests/e2e/test_html_validity.py)"
document = Document.objects.create(title=marker)
document.file.save("synthetic.mp3", ContentFile(b"ID3 synthetic"), save=True)
picture = Image.objects.create(
    title=marker, file=get_test_image_file(size=(1600, 1000), colour="black"))
source = make_source(citation=marker, url="https://example.org/synthetic")
known = {
    "votes": Vote.objects.aggregate(last=Max("pk"))["last"] or 0,
    "records": NameRecord.objects.aggregate(last=Max("pk"))["last"] or 0,
}
records = [
    make_record(
        sources=[source], birth_year=1950, event_date=datetime.date(1992, 2, 26),
        place_az="Sintetik yer", place_en="Synthetic place", place_ru="Тестовое место",
        biography_az="Sintetik.", biography_en="Synthetic.", biography_ru="Тест.",
        photo=picture, photo_credit="Synthetic", photo_is_graphic=True,
    ),
    make_record(name_az="Test Person Two", name_en="Test Person Two", name_ru="Тест Два",
                status="missing", age=30),
]
testimony = create_page(
    TestimoniesIndexPage.objects.get(), TestimonyPage,
    title={"az": "Sintetik ifadə", "en": "Synthetic testimony", "ru": "Тестовое свидетельство"},
    recorded_on=datetime.date(2020, 5, 4),
    recorded_at={"az": "Sintetik yer", "en": "Synthetic place", "ru": "Тестовое место"},
    media=document, embed_url="https://player.example.org/embed/synthetic",
    summary={"az": "Sintetik.", "en": "Synthetic.", "ru": "Тест."},
    transcript={"az": "<p>Sintetik mətn.</p>", "en": "<p>Synthetic text.</p>"},
    original_language="az", translator={"en": "Synthetic Translator"},
)
image = {"image": picture.pk, "alt_text": "Synthetic", "caption": "Synthetic caption",
         "credit": "Synthetic credit"}
blocks = [
    {"type": "heading", "value": {"text": "Synthetic heading", "level": "h2"}},
    {"type": "heading", "value": {"text": "Synthetic subheading", "level": "h3"}},
    {"type": "paragraph", "value": '<p>Synthetic <a href="https://example.org/">link</a>.</p>'
        "<ul><li>one</li><li>two</li></ul><ol><li>one</li></ol>"},
    {"type": "image", "value": image},
    {"type": "quote", "value": {"text": "Synthetic quotation.", "attribution": "Synthetic"}},
    {"type": "document", "value": {"document": document.pk, "title": ""}},
    {"type": "graphic", "value": {"warning": "", "content": [
        {"type": "paragraph", "value": "<p>Synthetic graphic text.</p>"},
        {"type": "image", "value": image},
    ]}},
]
# No Russian body: the Russian page shows another language's, marked with its lang.
sampler = create_page(
    HomePage.objects.get(), StandardPage,
    title={"az": "Sintetik bloklar", "en": "Synthetic blocks", "ru": "Тестовые блоки"},
    body={"az": blocks, "en": blocks},
)
print("SYNTHETIC " + json.dumps({
    **known, "pages": [testimony.pk, sampler.pk], "documents": [document.pk],
    "images": [picture.pk], "sources": [source.pk],
}))
"""

REMOVE = r"""
import json, os
import django
django.setup()
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page
from polls.models import Vote
from remembrance.models import NameRecord, Source

added = json.loads(os.environ["SYNTHETIC"])
for page in Page.objects.filter(pk__in=added["pages"]):
    page.delete()
Vote.objects.filter(pk__gt=added["votes"]).delete()
NameRecord.objects.filter(pk__gt=added["records"]).delete()
Source.objects.filter(pk__in=added["sources"]).delete()
for model, key in ((Document, "documents"), (Image, "images")):
    for item in model.objects.filter(pk__in=added[key]):
        item.file.delete(save=False)
        item.delete()
"""


def _django(code, env):
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"{result.stdout}\n{result.stderr}")
    return result.stdout


@pytest.fixture(scope="module")
def synthetic_portal(portal):
    """A second server on the shared portal's database, with synthetic content added."""
    env = portal["env"]
    added = re.search(r"^SYNTHETIC (.*)$", _django(ADD, env), re.M).group(1)
    try:
        with serve(env, "/robots.txt") as base:
            yield base
    finally:
        _django(REMOVE, {**env, "SYNTHETIC": added})


class Reader:
    """Fetches pages with cookies (a form's CSRF token) and keeps every HTML page it gets."""

    def __init__(self, base, folder: Path):
        self.base = base
        self.folder = folder
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.pages = {}  # file name -> (address, status, html)

    def fetch(self, path, data=None, keep=True):
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode() if data is not None else None,
        )
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        body = response.read().decode("utf-8")
        status = response.status
        final = urllib.parse.urlsplit(response.url)
        html = "text/html" in response.headers.get("Content-Type", "")
        if html and keep:
            label = f"{'POST ' if data is not None else ''}{path}"
            name = f"{len(self.pages):03d}-" + re.sub(r"[^\w.-]+", "_", label).strip("_")[:80]
            (self.folder / f"{name}.html").write_text(body, encoding="utf-8")
            self.pages[f"{name}.html"] = (label, status, body)
        return status, (final.path + (f"?{final.query}" if final.query else "")), body, html


def _links(html, language):
    """Addresses of a language's pages linked from a page (no feeds or downloads)."""
    found = []
    for href in re.findall(r'<a\s[^>]*href="([^"#]+)', html):
        href = unescape(href)
        if href.startswith(f"/{language}/") and "/feed/" not in href and "/cite/" not in href:
            found.append(href)
    return found


def _forms(html):
    """(action, radio name, first radio value) of every form that posts."""
    forms = []
    for attrs, inner in re.findall(r"<form\s([^>]*)>(.*?)</form>", html, re.S):
        if 'method="post"' not in attrs:
            continue
        action = unescape(re.search(r'action="([^"]*)"', attrs).group(1))
        radio = re.search(r'<input type="radio" name="([^"]+)" value="([^"]+)"', inner)
        forms.append((action, *(radio.groups() if radio else (None, None))))
    return forms


def _token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return {"csrfmiddlewaretoken": match.group(1)} if match else {}


def crawl(reader, language):
    """Every page of a language from the sitemap and its links; search, 404 and forms."""
    status, _, sitemap, _ = reader.fetch("/sitemap.xml")
    assert status == 200
    queue = [
        urllib.parse.urlsplit(loc).path
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)
        if urllib.parse.urlsplit(loc).path.startswith(f"/{language}/")
    ]
    seen, posted, search = set(queue), set(), None
    while queue:
        assert len(reader.pages) < MAX_PAGES, "the crawl does not end"
        path = queue.pop(0)
        status, final, html, is_html = reader.fetch(path)
        assert status == 200, (path, status)
        if not is_html:
            continue
        search = search or re.search(r'<form [^>]*role="search"[^>]*action="([^"]+)"', html)
        for link in _links(html, language):
            if link not in seen:
                seen.add(link)
                queue.append(link)
        for action, radio, value in _forms(html):
            if action in posted:
                continue
            posted.add(action)
            # This reader's own token (the page above may come from before its cookie).
            again = reader.fetch(path, keep=False)[2]
            status, _, _, _ = reader.fetch(action, _token(again))  # sent empty: errors shown
            assert status in (400, 429), (action, status)
            if radio:  # the poll, after a vote
                assert reader.fetch(action, {**_token(again), radio: value})[0] == 200
    assert search, "no search form"
    for query in (SEARCH_WORD[language], NO_HITS, ""):
        assert reader.fetch(f"{search.group(1)}?q={urllib.parse.quote(query)}")[0] == 200
    assert reader.fetch(f"/{language}/{NO_HITS}/")[0] == 404


def validate(files):
    """The Nu Html Checker's errors on the files, in one run."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(result.stderr or result.stdout)
    return [message for message in report["messages"] if message["type"] == "error"
            or message.get("subType") == "fatal"]


def test_every_page_type_in_every_language_is_valid_html(synthetic_portal, tmp_path):
    reader = Reader(synthetic_portal, tmp_path)
    for language in LANGUAGES:
        before = len(reader.pages)
        crawl(reader, language)
        shown = {
            match.group(1)
            for _, _, html in list(reader.pages.values())[before:]
            if (match := re.search(r'<html lang="([^"]+)"', html))
        }
        assert shown == {language}
        types = {
            kind
            for _, _, html in list(reader.pages.values())[before:]
            for kind in re.findall(r'<body class="([^"]*)"', html)
        }
        assert not PAGE_TYPES - types, f"page types not reached: {PAGE_TYPES - types}"
    errors = validate(sorted(tmp_path.glob("*.html")))
    report = [
        f"{reader.pages[Path(urllib.parse.urlsplit(error['url']).path).name][0]} "
        f"(line {error.get('lastLine', '?')}): {error['message']}"
        f"{' [' + error['extract'].strip() + ']' if error.get('extract') else ''}"
        for error in errors
    ]
    print(f"Nu Html Checker: {len(reader.pages)} pages, {len(errors)} errors")
    assert not report, f"{len(report)} errors:\n" + "\n".join(report)
