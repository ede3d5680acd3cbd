"""Each page's own share card, per language (issue 18, item 8; sharing.share, sharing.share_card).

A page without a picture of its own is shared with a 1200x630 card the portal draws: its title
in the reader's language, its date where it has one that matters, the site's mark and name, in
the self-hosted Noto Serif. The card's address names its content: it changes when the title
changes, is drawn once and then served from the storage, and exists only for live, public pages.
"""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image, ImageChops
from wagtail.models import PageViewRestriction

from core.dates import written_date
from sharing import share, share_card
from tests.conftest import LANGUAGES
from tests.factories import body, create_page
from tests.test_social_meta import head_of

TITLES = {"az": "Xocalıda şəhid olanların xatirəsi", "en": "In memory of those killed in Khojaly",
          "ru": "Памяти погибших в Ходжалы"}


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """A storage of this test's own: what it counts is what it stored (page ids repeat in every
    test database, and other runs share the test media folder)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def news():
    import datetime

    from pages.models import NewsIndexPage, NewsPage

    page = create_page(NewsIndexPage.objects.get(), NewsPage, title=TITLES,
                       summary={"az": "Anım mərasimi.", "en": "A ceremony of remembrance.",
                                "ru": "Траурная церемония."},
                       body={"az": body("Anım mərasimi.")}, date=datetime.date(2026, 2, 26))
    return page


def stored(page, page_id=None) -> list[str]:
    folder = f"{share.FOLDER}/{page_id or page.pk}"
    try:
        return sorted(f"{folder}/{name}" for name in default_storage.listdir(folder)[1])
    except FileNotFoundError:
        return []


def meta_in(client, page, language):
    with translation.override(language):
        url = page.get_url()
    meta, _raw = head_of(client, url)
    return meta


def fetch(client, url):
    return client.get(url.removeprefix("http://testserver"))


def pixels(data: bytes):
    with Image.open(io.BytesIO(data)) as shown:
        assert shown.format == "PNG" and shown.size == (1200, 630)
        return shown.convert("RGB")


def test_each_language_has_its_own_card_with_its_title_and_date(client, news):
    from pages.models import PortalSettings

    cards = {}
    for language in LANGUAGES:
        meta = meta_in(client, news, language)
        url = meta["og:image"]
        assert re.fullmatch(rf"http://testserver/{language}/share/{news.pk}/[0-9a-f]+\.png", url)
        assert meta["twitter:image"] == url and meta["og:image:type"] == "image/png"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        response = fetch(client, url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        cards[language] = pixels(response.content)
        # What the reader should see, drawn by the same function: the title in this language,
        # the news date as the page writes it, the site's name in this language.
        with translation.override(language):
            site_name = PortalSettings.objects.get().display_name
        date = written_date(language, news.date, "day")
        expected = pixels(share_card.page_card(TITLES[language], date, site_name))
        assert ImageChops.difference(cards[language], expected).getbbox() is None, language
        assert TITLES[language] in meta["og:image:alt"] and date in meta["og:image:alt"]
        assert meta["twitter:image:alt"] == meta["og:image:alt"]
    assert ImageChops.difference(cards["az"], cards["en"]).getbbox() is not None
    assert ImageChops.difference(cards["en"], cards["ru"]).getbbox() is not None


@pytest.mark.parametrize("language, date", [("az", "26 fevral 2026"),
                                            ("en", "26 February 2026"),
                                            ("ru", "26 февраля 2026")])
def test_the_cards_alt_text_is_in_the_readers_language(client, news, language, date):
    alt = meta_in(client, news, language)["og:image:alt"]
    quoted = f"“{TITLES[language]}”" if language == "en" else f"«{TITLES[language]}»"
    assert quoted in alt and alt.endswith(date)


def test_the_memorial_article_shows_the_date_it_was_first_written(memorial):
    with translation.override("en"):
        title, date = memorial.share_card_lines()
        assert title == memorial.title
    assert date == written_date("en", memorial.first_written, memorial.first_written_precision)


def test_a_page_without_a_date_that_matters_has_none(about):
    with translation.override("ru"):
        assert about.share_card_lines() == (about.title, "")


def test_the_address_changes_with_the_title_and_the_old_one_leads_to_the_new(client, news):
    before = meta_in(client, news, "en")["og:image"]
    assert fetch(client, before).status_code == 200
    assert meta_in(client, news, "az")["og:image"] == meta_in(client, news, "az")["og:image"]

    news.title_en = "In memory of the civilians killed in Khojaly"
    news.save_revision().publish()
    after = meta_in(client, news, "en")["og:image"]
    assert after != before
    moved = fetch(client, before)
    assert moved.status_code == 302 and moved["Location"] == after.removeprefix("http://testserver")
    response = fetch(client, after)
    assert response.status_code == 200
    expected = share_card.page_card(news.title_en, "26 February 2026", "Khojaly 1992")
    assert ImageChops.difference(pixels(response.content), pixels(expected)).getbbox() is None
    # One stored card per language: the one with the old title is gone.
    assert [name.rsplit("/", 1)[1][:3] for name in stored(news)] == ["en-"]


def test_a_card_is_drawn_once_then_served_from_the_storage(client, news, tmp_path):
    url = meta_in(client, news, "ru")["og:image"]
    assert stored(news) == []  # rendering the page draws nothing
    first = fetch(client, url)
    assert first.status_code == 200
    [name] = stored(news)
    assert name.startswith(f"share/{news.pk}/ru-") and name.endswith(".png")
    assert (tmp_path / "media" / name).is_file()  # in the default storage (media)
    written = default_storage.get_modified_time(name)
    with default_storage.open(name) as handle:
        assert handle.read() == first.content
    second = fetch(client, url)
    assert second.content == first.content and second["Content-Language"] == "ru"
    head = client.head(url.removeprefix("http://testserver"))  # crawlers may ask first
    assert head.status_code == 200 and head["Content-Type"] == "image/png"
    assert stored(news) == [name] and default_storage.get_modified_time(name) == written
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "immutable" in cache_control
    # A year in browsers, a day in shared caches (which no unpublishing purges of it).
    assert "max-age=31536000" in cache_control and "s-maxage=86400" in cache_control


def test_keys_nobody_was_given_draw_nothing(client, news):
    for key in ("0" * 20, "deadbeef", "x" * 64):
        response = client.get(f"/en/share/{news.pk}/{key}.png")
        assert response.status_code == 302
    assert stored(news) == []


def test_unknown_unpublished_and_private_pages_have_no_card(client, news):
    url = meta_in(client, news, "ru")["og:image"].removeprefix("http://testserver")
    key = url.rsplit("/", 1)[1]

    missing = client.get(f"/ru/share/999999/{key}")
    assert missing.status_code == 404
    assert "Страница не найдена" in missing.content.decode()  # the reader's 404 page

    for language in ("de", "xx"):
        assert client.get(url.replace("/ru/", f"/{language}/", 1)).status_code == 404

    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(url).status_code == 404
    restriction.delete()
    assert client.get(url).status_code == 200 and len(stored(news)) == 1

    news.unpublish()
    response = client.get(url)
    assert response.status_code == 404 and "Страница не найдена" in response.content.decode()
    assert stored(news) == []  # its card left the storage with it


def test_a_deleted_page_takes_its_cards_with_it(client, news):
    for language in LANGUAGES:
        assert fetch(client, meta_in(client, news, language)["og:image"]).status_code == 200
    page_id = news.pk
    assert len(stored(news)) == 3
    news.delete()
    assert stored(None, page_id) == []


def test_the_page_itself_costs_no_more_queries_for_its_card(client, news):
    """The HTML page only names its card (no drawing, no storage): as many queries as when it
    shows the default picture an editor chose in the settings instead."""
    from pages.models import PortalSettings
    from tests.factories import image

    with translation.override("en"):
        url = news.get_url()

    def warm_count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            meta, _raw = head_of(client, url)
        return len(queries), meta["og:image"]

    with_card, shown = warm_count()
    assert "/en/share/" in shown and stored(news) == []
    portal = PortalSettings.objects.get()
    portal.default_social_image = image(title="Candles at the memorial")
    portal.save()
    with_default, shown = warm_count()
    assert "/share/" not in shown and with_card == with_default


def glyph(font, char):
    """The letter's glyph as FreeType draws it (a box for a letter the font does not have)."""
    mask = font.getmask(char)
    return mask.size, bytes(mask)


@pytest.mark.parametrize("text, subset", [
    ("əƏğĞşŞİ", "azerbaijani"),
    ("ıçÇöÖüÜ…", "latin"),
    ("ЖжЩщЁёЫыЭэЮюЯя", "cyrillic"),
])
def test_every_letter_comes_from_noto_serif(text, subset):
    """Each letter is set in the Noto Serif subset that covers it, and that font has a glyph for
    it: not the box FreeType draws for a letter missing from the font's cmap."""
    for weight in (400, 600):
        found = share_card.faces(weight, 60)
        box = glyph(found[0][0], "\U000f0000")  # a private-use letter no subset has
        for char in text:
            font = share_card.face_for(char, found)
            assert font.getname()[0].startswith("Noto Serif")
            assert f"noto-serif-{subset}-{weight}-normal.woff2" in font.path, char
            assert glyph(font, char) != box, char
            assert font.getlength(char) > 0


def test_a_long_title_is_wrapped_in_at_most_four_lines_and_cut_with_an_ellipsis():
    short = share_card.title_lines("Xocalı soyqırımı")
    assert short == (72, ["Xocalı soyqırımı"])
    words = "Ходжалинская трагедия: воспоминания очевидцев и свидетельства выживших " * 4
    size, lines = share_card.title_lines(words.strip())
    assert size == 60 and len(lines) == 4 and lines[-1].endswith("…")
    found = share_card.faces(600, size)
    assert all(share_card.text_width(line, found) <= share_card.WIDTH for line in lines)
    shown = " ".join(lines).removesuffix("…")
    assert words.startswith(shown)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pages_own_picture_wins_with_its_alt_text_in_the_readers_language(
        client, memorial, language):
    from tests.factories import image

    alts = {"az": "Xocalı abidəsi", "en": "The Khojaly memorial", "ru": "Памятник Ходжалы"}
    memorial.hero_image = image(title="IMG_0412")
    for code, text in alts.items():
        setattr(memorial, f"hero_image_alt_{code}", text)
    memorial.save_revision().publish()
    meta = meta_in(client, memorial, language)
    assert "/share/" not in meta["og:image"] and meta["og:image"].endswith(".jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == meta["twitter:image:alt"] == alts[language]


def test_a_card_is_drawn_while_the_shared_cache_is_down(client, news, monkeypatch):
    """With Redis down, django-redis (IGNORE_EXCEPTIONS) answers every call with None: nobody
    holds the drawing lock, so the request draws the card instead of waiting for a drawing that
    never comes (a worker held for WAIT_FOR_DRAWING, then 503, for every card)."""
    url = meta_in(client, news, "en")["og:image"]
    monkeypatch.setattr(share.cache, "add", lambda *args, **kwargs: None)
    monkeypatch.setattr(share.cache, "get", lambda *args, **kwargs: None)
    monkeypatch.setattr(share, "WAIT_FOR_DRAWING", 0.5)
    response = fetch(client, url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert len(stored(news)) == 1
