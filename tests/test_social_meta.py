"""What a shared link shows: every page has a description and a picture (issue 18, item 8).

Every page type in every language has a plain-text description of at most 160 characters
(the editor's search description, else the page's own summary, lead or introduction in the
reader's language or the language the page shows instead, else the site's tagline), and an
absolute ``og:image`` that answers with a picture of the size it states. Every page read here
is also checked for ``<time datetime>`` values with fractions of a second (item 10).
"""

import html
import io
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles.views import serve as serve_static
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.utils import translation
from PIL import Image

from sharing import seo
from tests.conftest import LANGUAGES
from tests.factories import body, create_page, image
from tests.test_query_budgets import live_urls, page_types


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, attrs["content"])


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    # Validators (item 10): a <time datetime> is to the second at most, never microseconds.
    assert not [v for v in re.findall(r'<time datetime="([^"]*)"', text) if "." in v], url
    raw_head = text.split("</head>")[0]
    parser = _Head()
    parser.feed(raw_head)
    return parser.meta, raw_head


def picture(url: str, client=None):
    """(status, content type, bytes) of an og:image address, fetched as the portal serves it."""
    assert url.startswith("http://testserver/"), url
    path = url.removeprefix("http://testserver")
    if client is not None and not path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        response = client.get(path)  # a page's card (sharing.share)
        return response.status_code, response["Content-Type"], response.content
    if path.startswith(settings.STATIC_URL):
        request = RequestFactory().get(path)
        response = serve_static(request, path[len(settings.STATIC_URL):], insecure=True)
        return response.status_code, response["Content-Type"], b"".join(response)
    assert path.startswith(settings.MEDIA_URL), url
    with default_storage.open(path[len(settings.MEDIA_URL):]) as handle:
        data = handle.read()
    kind = "image/jpeg" if path.endswith((".jpg", ".jpeg")) else "image/png"
    return 200, kind, data


CHECKED = [(model, language) for model in page_types() for language in LANGUAGES]


@pytest.mark.parametrize(
    "model, language", CHECKED, ids=[f"{m.__name__}-{code}" for m, code in CHECKED]
)
def test_every_page_type_has_a_description_and_a_picture(client, model, language):
    with translation.override(language):
        urls = live_urls(model)
    url = urls[LANGUAGES.index(language)]
    meta, raw_head = head_of(client, url)

    description = meta.get("description", "")
    assert description.strip(), url
    assert "<" not in description and "&lt;" not in raw_head, url
    assert len(description) <= seo.DESCRIPTION_LIMIT, (url, description)
    assert description == description.strip() and "  " not in description
    assert meta["og:description"] == description == meta["twitter:description"]

    image_url = meta["og:image"]
    status, content_type, data = picture(image_url, client)
    assert status == 200 and content_type in ("image/png", "image/jpeg"), image_url
    with Image.open(io.BytesIO(data)) as shown:
        assert shown.format.lower() in ("png", "jpeg")
        assert shown.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
    assert shown.size == (1200, 630)
    assert meta["og:image:type"] == content_type
    assert meta["og:image:alt"].strip()
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == image_url


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_description_is_its_introduction_as_plain_text(client, language):
    from remembrance.models import NamesRegisterPage

    register = NamesRegisterPage.objects.live().get()
    with translation.override(language):
        url = register.get_url()
        intro = register.intro
    meta, raw_head = head_of(client, url)
    assert "&lt;" not in raw_head and "&amp;lt;" not in raw_head
    assert "<p" not in meta["description"]
    expected = seo.shorten(seo.plain_text(intro))
    assert meta["description"] == expected
    assert expected.split()[0] in html.unescape(seo.plain_text(intro))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_without_a_picture_shows_its_own_card(client, about, language):
    with translation.override(language):
        url = about.get_url()
        title = about.title
    meta, _raw = head_of(client, url)
    assert meta["og:image"].startswith(f"http://testserver/{language}/share/{about.pk}/")
    assert meta["og:image:type"] == "image/png"
    assert title in meta["og:image:alt"] and meta["twitter:image:alt"] == meta["og:image:alt"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_static_picture_for_a_page_that_has_no_card(rf, language):
    from wagtail.models import Page

    root = Page.objects.get(depth=1)  # not a portal page: it gives no card
    with translation.override(language):
        shown = seo.share_image(rf.get("/"), root)
    assert shown["url"].startswith("http://testserver/static/img/social-default")
    assert shown["alt"].endswith("Xocalı 1992, Khojaly 1992, Ходжалы 1992.")
    if language != "en":
        assert not shown["alt"].startswith("The portal's name")


def news_page(**fields):
    from pages.models import NewsIndexPage, NewsPage

    defaults = {
        "title": {"az": "Sınaq xəbəri", "en": "Test news", "ru": "Тестовая новость"},
        "body": {"az": body("x")},
    }
    return create_page(NewsIndexPage.objects.get(), NewsPage, **{**defaults, **fields})


def test_the_editors_search_description_comes_first(client):
    page = news_page(summary={"az": "Xülasə.", "en": "The summary."},
                     search_description={"en": "What the editor wrote & meant."})
    with translation.override("en"):
        meta, raw = head_of(client, page.get_url())
    assert meta["description"] == "What the editor wrote & meant."
    assert 'content="What the editor wrote &amp; meant."' in raw


def test_a_long_summary_is_cut_at_a_word_with_an_ellipsis(client):
    words = "Şahidlər " + " ".join(["xatırlayır"] * 40)
    page = news_page(summary={"az": f"<b>{words}</b> &amp; daha"})
    with translation.override("az"):
        meta, _raw = head_of(client, page.get_url())
    description = meta["description"]
    assert len(description) <= 160 and description.endswith("…")
    assert description.startswith("Şahidlər xatırlayır")
    assert description[:-1].split()[-1] == "xatırlayır"  # no word cut in half


def test_a_missing_translation_falls_back_as_the_page_does(client):
    page = news_page(summary={"az": "Yalnız azərbaycanca xülasə."})
    with translation.override("ru"):
        meta, _raw = head_of(client, page.get_url())
    assert meta["description"] == "Yalnız azərbaycanca xülasə."


def test_a_page_with_no_text_of_its_own_has_the_sites_tagline(client):
    from pages.models import PortalSettings, StandardPage

    about = StandardPage.objects.get(slug_en="about")
    page = create_page(about, StandardPage,
                       title={"az": "Boş", "en": "Empty", "ru": "Пусто"}, body={"az": []})
    tagline = PortalSettings.objects.get().tagline_en
    with translation.override("en"):
        meta, _raw = head_of(client, page.get_url())
    assert meta["description"] == tagline


def test_a_pages_own_picture_is_a_1200x630_rendition(client):
    page = news_page(summary={"az": "Şəkillə.", "en": "With a picture."}, main_image=image(),
                     main_image_alt={"az": "Abidə", "en": "The memorial", "ru": "Памятник"})
    with translation.override("en"):
        meta, _raw = head_of(client, page.get_url())
    assert meta["og:image"].endswith(".jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == "The memorial"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<p>One</p><p>Two&nbsp;&amp;\n three</p>", "One Two\xa0& three"),
        ("Plain", "Plain"),
        ("", ""),
    ],
)
def test_plain_text(text, expected):
    assert seo.plain_text(text) == expected.replace("\xa0", " ")


def test_shorten_keeps_short_texts_and_cuts_long_ones():
    assert seo.shorten("Short text.") == "Short text."
    cut = seo.shorten("word " * 60)
    assert len(cut) <= 160 and cut.endswith("word…")


def test_the_default_picture_is_the_stated_size():
    path = settings.BASE_DIR / "static" / seo.DEFAULT_SOCIAL_IMAGE
    with Image.open(path) as shown:
        assert shown.format == "PNG" and shown.size == seo.DEFAULT_SOCIAL_IMAGE_SIZE


def test_a_default_picture_chosen_in_the_settings_costs_no_query(client, about):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pages.models import PortalSettings

    with translation.override("en"):
        url = about.get_url()

    def warm_count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            meta, _raw = head_of(client, url)
        return len(queries), meta

    before, meta = warm_count()
    assert f"/en/share/{about.pk}/" in meta["og:image"]  # its own card until then

    portal = PortalSettings.objects.get()
    portal.default_social_image = image(title="Candles at the memorial")
    portal.save()
    after, meta = warm_count()
    assert after == before
    assert meta["og:image"].startswith("http://testserver/") and meta["og:image"].endswith(".jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == "Candles at the memorial"
    status, content_type, data = picture(meta["og:image"])
    with Image.open(io.BytesIO(data)) as shown:
        assert status == 200 and content_type == "image/jpeg" and shown.size == (1200, 630)


def test_editors_choose_the_default_picture_in_the_site_settings(admin_client):
    from django.urls import reverse

    from pages.models import PortalSettings

    portal = PortalSettings.objects.get()
    url = reverse("wagtailsettings:edit", args=["pages", "portalsettings", portal.site_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert 'name="default_social_image"' in response.content.decode()
