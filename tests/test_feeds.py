"""Feeds in each language (issue 25, item 6): the anniversary updates have RSS and Atom feeds
like the news, built by the same code; each feed is in its language, an item without a title
in it is left out; only published, public items; every absolute URL, in feeds, citations and
translators' files, starts with the site's configured root URL."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction, Site

from pages.models import AnniversaryIndexPage, AnniversaryUpdatePage, NewsIndexPage, NewsPage
from tests.factories import body, create_page
from translations.exchange import formats, service

LANGUAGES = ["az", "en", "ru"]
ANNIVERSARIES = {"az": "/az/ildonumleri/", "en": "/en/anniversaries/", "ru": "/ru/godovshchiny/"}
NEWS = {"az": "/az/xeberler/", "en": "/en/news/", "ru": "/ru/novosti/"}
ATOM = "{http://www.w3.org/2005/Atom}"
TITLES = {"az": "Bakıda anım mərasimi", "en": "Commemoration in Baku",
          "ru": "Траурная церемония в Баку"}


def add_update(title=None, *, date=datetime.date(2025, 2, 26), publish=True, suffix=""):
    title = title or TITLES
    return create_page(
        AnniversaryIndexPage.objects.get(), AnniversaryUpdatePage, publish=publish,
        title=title,
        slug={code: f"feed-update-{code}{suffix}" for code in title},
        commemoration_date=date,
        place={code: {"az": "Bakı", "en": "Baku", "ru": "Баку"}[code] for code in title},
        summary={code: f"{text}: xülasə" if code == "az" else f"{text}: summary"
                 for code, text in title.items()},
        body={code: body(text) for code, text in title.items()},
    )


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel")


def titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_anniversary_feeds_are_in_each_language(client, language):
    update = add_update()
    channel = rss(client, f"{ANNIVERSARIES[language]}feed/rss/")
    assert channel.findtext("language") == language
    assert TITLES[language] in titles(channel)
    first = next(item for item in channel.findall("item")
                 if item.findtext("title") == TITLES[language])
    assert first.findtext("description") == getattr(update, f"summary_{language}")
    with translation.override(language):
        assert first.findtext("link") == f"http://testserver{update.get_url()}"
    for page in AnniversaryIndexPage.objects.get().feed_items():
        title = getattr(page, f"title_{language}")
        assert not title or title in titles(channel)
    others = {code: TITLES[code] for code in LANGUAGES if code != language}
    assert not set(others.values()) & set(titles(channel))

    response = client.get(f"{ANNIVERSARIES[language]}feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert TITLES[language] in entries and not set(others.values()) & set(entries)


def test_an_update_without_an_english_title_is_only_in_the_other_feeds(client):
    add_update({"az": TITLES["az"], "ru": TITLES["ru"]})
    assert TITLES["az"] in titles(rss(client, "/az/ildonumleri/feed/rss/"))
    assert TITLES["ru"] in titles(rss(client, "/ru/godovshchiny/feed/rss/"))
    english = client.get("/en/anniversaries/feed/rss/").content.decode()
    assert TITLES["az"] not in english and TITLES["ru"] not in english


def test_the_english_news_feed_carries_no_azerbaijani_title(client):
    create_page(NewsIndexPage.objects.get(), NewsPage, title={"az": "Yalnız azərbaycanca xəbər"},
                date=datetime.date(2099, 1, 1), summary={"az": "Qısa xülasə"})
    assert "Yalnız azərbaycanca xəbər" in titles(rss(client, "/az/xeberler/feed/rss/"))
    for language in ("en", "ru"):
        channel = rss(client, f"{NEWS[language]}feed/rss/")
        assert channel.findtext("language") == language
        assert "Yalnız azərbaycanca xəbər" not in titles(channel)
        assert titles(channel), "the items translated are still there"
        own = {getattr(page, f"title_{language}") for page in NewsPage.objects.live()}
        assert set(titles(channel)) <= own


def test_drafts_and_private_updates_are_in_no_feed(client):
    add_update()
    add_update({code: f"{text} (draft)" for code, text in TITLES.items()}, publish=False,
               suffix="d")
    private = add_update({code: f"{text} (gizli)" for code, text in TITLES.items()}, suffix="p")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    for language in LANGUAGES:
        shown = titles(rss(client, f"{ANNIVERSARIES[language]}feed/rss/"))
        assert TITLES[language] in shown
        assert not [title for title in shown if "(draft)" in title or "(gizli)" in title]


def test_a_scheduled_update_appears_once_published(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    update = add_update(publish=False)
    update.go_live_at = now + datetime.timedelta(hours=2)
    update.save_revision(approved_go_live_at=update.go_live_at).publish()
    update.refresh_from_db()
    assert not update.live
    assert TITLES["en"] not in client.get("/en/anniversaries/feed/rss/").content.decode()
    time_machine.move_to(now + datetime.timedelta(hours=3), tick=False)
    call_command("publish_scheduled", verbosity=0)
    for language in LANGUAGES:
        assert TITLES[language] in titles(rss(client, f"{ANNIVERSARIES[language]}feed/rss/"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_anniversary_index_announces_and_links_its_feeds(client, language):
    html = client.get(ANNIVERSARIES[language]).content.decode()
    head, content = html.split("</head>")
    for kind, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        url = f"{ANNIVERSARIES[language]}feed/{kind}/"
        assert f'<link rel="alternate" type="{mime}"' in head
        assert f'href="{url}"' in head
        assert f'<a href="{url}" type="{mime}">' in content
        assert client.get(url).status_code == 200
    assert "News (RSS)" not in head  # the news feeds keep their own names


# -- absolute URLs: the site's configured root URL -------------------------------------------
@pytest.fixture
def memorial_example(db):
    """The site's address set as a deploy sets it (Settings → Sites does the same)."""
    call_command("set_site_address", "memorial.example:443", stdout=io.StringIO())
    assert Site.objects.get(is_default_site=True).root_url == "https://memorial.example"
    return "https://memorial.example"


def test_feeds_use_the_configured_site_address(client, memorial_example):
    update = add_update()
    for url in ("/en/anniversaries/feed/rss/", "/en/news/feed/rss/", "/en/news/feed/atom/"):
        text = client.get(url).content.decode()
        assert f"{memorial_example}/en/" in text
        assert "testserver" not in text and "localhost" not in text
    with translation.override("en"):
        path = update.get_url()
    assert f"<link>{memorial_example}{path}</link>" in client.get(
        "/en/anniversaries/feed/rss/").content.decode()


def test_citations_use_the_configured_site_address(client, memorial_example, memorial):
    for fmt in ("txt", "bibtex", "ris", "csl"):
        response = client.get(f"/en/cite/{memorial.pk}.{fmt}")
        assert response.status_code == 200, fmt
        text = response.content.decode()
        assert f"{memorial_example}/en/" in text, fmt
        assert "testserver" not in text and "localhost" not in text


def test_translators_files_point_to_the_configured_site_address(memorial_example, memorial):
    for fmt in (formats.XLIFF, formats.XLIFF2, formats.PO):
        data = service.export([memorial], "en", fmt=fmt).decode()
        assert f"{memorial_example}/" in data
        assert "localhost" not in data and "testserver" not in data


def test_set_site_address_sets_where_absolute_urls_start(client):
    call_command("set_site_address", "127.0.0.1:8123", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123,
                                                        "http://127.0.0.1:8123")
    text = client.get("/az/ildonumleri/feed/rss/").content.decode()
    assert "http://127.0.0.1:8123/az/ildonumleri/" in text
