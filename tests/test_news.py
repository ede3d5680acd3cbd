"""News: creation rules, rendering in each language, pagination, filters, feeds, query count."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import HomePage, NewsIndexPage, NewsPage, NewsTopic, StandardPage
from pages.models.news import topic_name
from tests.factories import body, create_page, image

LANGUAGES = ["az", "en", "ru"]
INDEX_URLS = {"az": "/az/xeberler/", "en": "/en/news/", "ru": "/ru/novosti/"}
NOT_FOUND = {"az": "Səhifə tapılmadı", "en": "Page not found", "ru": "Страница не найдена"}
NO_MATCH = {
    "az": "Bu mövzu və il üzrə xəbər yoxdur.",
    "en": "No news matches this topic and year.",
    "ru": "Новостей по этой теме и году нет.",
}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news_index(db):
    return NewsIndexPage.objects.get()


def add_news(index, n, *, date=None, tags=(), image_=None, title=None):
    """A news item with its text in all three languages, published."""
    title = title or {"az": f"Xəbər {n}", "en": f"News item {n}", "ru": f"Новость {n}"}
    page = create_page(
        index,
        NewsPage,
        publish=False,
        title=title,
        slug={"az": f"xeber-{n}", "en": f"news-item-{n}", "ru": f"novost-{n}"},
        date=date or datetime.date(2020, 1, 1),
        summary={"az": f"Xülasə {n}", "en": f"Summary {n}", "ru": f"Краткое {n}"},
        body={"az": body("mətn"), "en": body("text"), "ru": body("текст")},
        main_image=image_,
        main_image_alt={"az": "Şəkil", "en": "A picture", "ru": "Снимок"} if image_ else "",
    )
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_plain_news(index, count, start=0, picture=None):
    """Many items quickly: live pages without revisions, each with an image and a tag."""
    from taggit.models import Tag

    from pages.models import NewsPageTag

    tags = [Tag.objects.get_or_create(name=f"tag-{k}", slug=f"tag-{k}")[0] for k in range(3)]
    pages = []
    for n in range(start, start + count):
        page = NewsPage(
            title_az=f"Sürətli {n}", title_en=f"Quick {n}", title_ru=f"Быстрая {n}",
            slug_az=f"suretli-{n}", slug_en=f"quick-{n}", slug_ru=f"bystraya-{n}",
            summary_az="x", summary_en="x", summary_ru="x",
            date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n),
            main_image=picture, main_image_alt_az="x", main_image_alt_en="x",
            main_image_alt_ru="x",
        )
        index.add_child(instance=page)
        NewsPageTag.objects.create(content_object=page, tag=tags[n % 3])
        pages.append(page)
    return pages


# Creation rules -----------------------------------------------------------------------------


class NewsTreeRulesTests(WagtailPageTestCase):
    def test_news_index_sits_under_home_and_holds_news(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)

    def test_only_one_news_index(self):
        home = HomePage.objects.get()
        self.assertTrue(NewsIndexPage.objects.exists())
        self.assertFalse(NewsIndexPage.can_create_at(home))

    def test_news_items_only_in_the_news_index_and_without_children(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(Page, NewsIndexPage)


# Rendering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_index_lists_newest_first_in_each_language(client, news_index, language):
    add_news(news_index, 1, date=datetime.date(2030, 5, 1))
    add_news(news_index, 2, date=datetime.date(2031, 5, 1))
    html = client.get(INDEX_URLS[language]).content.decode()
    titles = {"az": "Xəbər", "en": "News item", "ru": "Новость"}[language]
    assert html.index(f"{titles} 2") < html.index(f"{titles} 1")
    assert f'<html lang="{language}"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_item_renders_in_each_language(client, news_index, language):
    page = add_news(news_index, 7, image_=image(), tags=["Memory"])
    response = client.get(_url(page, language))
    html = response.content.decode()
    assert response.status_code == 200
    expected = {"az": ("Xəbər 7", "Xülasə 7", "Şəkil"), "en": ("News item 7", "Summary 7",
                "A picture"), "ru": ("Новость 7", "Краткое 7", "Снимок")}[language]
    for text in expected:
        assert text in html
    # The responsive image: modern formats, widths, size attributes; the topic links back.
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert 'width="' in html and 'height="' in html
    assert f'href="{INDEX_URLS[language]}?tag=memory"' in html


def _url(page, language):
    from django.utils import translation

    with translation.override(language):
        return page.get_url()


# Pagination ---------------------------------------------------------------------------------


@pytest.fixture
def paginated(settings, news_index):
    settings.NEWS_PAGE_SIZE = 2
    return news_index  # the demo holds six items: three pages


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9999", "1" * 40, "1.5", "2abc", "٣"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_impossible_page_numbers_give_the_404_page_in_the_readers_language(
    client, paginated, page, language
):
    response = client.get(INDEX_URLS[language], {"page": page})
    assert response.status_code == 404
    html = response.content.decode()
    assert NOT_FOUND[language] in html
    assert f'<html lang="{language}"' in html


def test_pages_of_the_list_follow_each_other(client, paginated):
    first = client.get("/en/news/").content.decode()
    second = client.get("/en/news/", {"page": "2"}).content.decode()
    last = client.get("/en/news/", {"page": "3"}).content.decode()
    assert 'rel="next" href="?page=2"' in first and 'rel="prev"' not in first
    assert 'rel="prev" href="?page=1"' in second and 'rel="next" href="?page=3"' in second
    assert 'rel="next"' not in last
    assert 'aria-current="page">2<' in second
    titles = [NewsPage.objects.get(pk=p.pk).title_en for p in paginated.news_items()]
    assert titles[0] in first and titles[2] in second and titles[4] in last
    assert titles[2] not in first


def test_a_long_list_links_the_ends_and_the_neighbours_not_every_page(client, settings,
                                                                       news_index):
    settings.NEWS_PAGE_SIZE = 1
    add_plain_news(news_index, 40)
    pages = news_index.news_items().count()  # the demo news and the 40 added
    html = client.get("/en/news/", {"page": "20"}).content.decode()
    nav = html[html.index('<nav class="pagination"'):]
    nav = nav[: nav.index("</nav>")]
    numbers = [int(n) for n in re.findall(r'>(\d+)</a>', nav)]
    assert numbers == [1, 18, 19, 20, 21, 22, pages]
    assert nav.count("pagination__gap") == 2
    assert 'aria-current="page">20<' in nav
    assert f'href="?page={pages}"' in nav


def test_an_empty_page_parameter_is_the_first_page(client, paginated):
    assert client.get("/en/news/", {"page": ""}).status_code == 200
    assert client.get("/en/news/", {"page": "1"}).status_code == 200


def test_page_links_keep_the_filters(client, settings, news_index):
    settings.NEWS_PAGE_SIZE = 1
    add_news(news_index, 1, date=datetime.date(2024, 3, 1))
    html = client.get("/en/news/", {"year": "2024"}).content.decode()
    assert 'href="?year=2024&amp;page=2"' in html


# Filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_filter_by_tag(client, news_index, language):
    add_news(news_index, 1, tags=["Victims"])
    add_news(news_index, 2, tags=["Other"])
    html = client.get(INDEX_URLS[language], {"tag": "victims"}).content.decode()
    word = {"az": "Xəbər", "en": "News item", "ru": "Новость"}[language]
    assert f"{word} 1" in html and f"{word} 2" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_filter_by_year(client, news_index, language):
    html = client.get(INDEX_URLS[language], {"year": "2024"}).content.decode()
    items = html.split('class="news-list"')[1].split("</ol>")[0]
    assert items.count('class="news-card"') == 1
    assert "2024" in items and "2025" not in items
    assert '<option value="2024" selected>' in html


@pytest.mark.parametrize("query", [{"tag": "no-such-topic"}, {"year": "1800"},
                                   {"year": "abc"}, {"year": "20245"},
                                   {"tag": "rss", "year": "2023"}])
@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_filters_give_an_empty_list_with_a_message(client, news_index, query, language):
    response = client.get(INDEX_URLS[language], query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="news-list"' not in html
    assert NO_MATCH[language] in html


def test_unpublished_news_is_not_listed(client, news_index):
    page = add_news(news_index, 3)
    page.unpublish()
    assert "News item 3" not in client.get("/en/news/").content.decode()


# Feeds --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_rss_feed_holds_the_news_in_the_readers_language(client, news_index, language):
    response = client.get(f"{INDEX_URLS[language]}feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == language
    items = channel.findall("item")
    expected = list(news_index.news_items())
    assert len(items) == len(expected) == 6
    for item, page in zip(items, expected, strict=True):
        assert item.findtext("title") == getattr(page, f"title_{language}")
        assert item.findtext("description") == getattr(page, f"summary_{language}")
        link = item.findtext("link")
        assert link.startswith(f"http://testserver{INDEX_URLS[language]}")
        assert client.get(link.removeprefix("http://testserver")).status_code == 200
    assert channel.findtext("link") == f"http://testserver{INDEX_URLS[language]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_feed_holds_the_news_in_the_readers_language(client, news_index, language):
    added = add_news(news_index, 9, date=datetime.date(2099, 1, 1))
    response = client.get(f"{INDEX_URLS[language]}feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 7
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == getattr(added, f"title_{language}")
    assert first.findtext(f"{ATOM}summary") == getattr(added, f"summary_{language}")
    href = first.find(f"{ATOM}link").get("href")
    assert href == f"http://testserver{_url(added, language)}"
    assert href.startswith("http://testserver/")


def test_feed_leaves_out_unpublished_news(client, news_index):
    page = add_news(news_index, 4, date=datetime.date(2099, 1, 1))
    page.unpublish()
    assert b"News item 4" not in client.get("/en/news/feed/rss/").content


@pytest.mark.parametrize("language", LANGUAGES)
def test_news_pages_announce_their_feeds(client, news_index, language):
    item = news_index.news_items().first()
    for url in (INDEX_URLS[language], _url(item, language)):
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert ('<link rel="alternate" type="application/rss+xml" title="'
                in head)
        assert f'href="{INDEX_URLS[language]}feed/rss/"' in head
        assert f'href="{INDEX_URLS[language]}feed/atom/"' in head


# Query count --------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page_size", [10, 500])
def test_news_index_query_count_does_not_grow_with_the_news(client, settings, news_index,
                                                            page_size):
    settings.NEWS_PAGE_SIZE = page_size
    picture = image(width=480, height=300)
    add_plain_news(news_index, 10, picture=picture)
    with_10 = count_queries(client, "/en/news/")
    add_plain_news(news_index, 90, start=10, picture=picture)
    html = client.get("/en/news/").content.decode()
    assert html.count('class="news-card"') == min(page_size, 106)
    assert count_queries(client, "/en/news/") == with_10


def test_news_item_url_is_absolute_and_in_language(news_index):
    item = news_index.news_items().first()
    assert _url(item, "ru").startswith("/ru/novosti/")


# Topics: a tag's name in the reader's language (issue 29) ------------------------------------
TOPIC = {"az": "Anım", "en": "Commemoration", "ru": "Память"}


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_topics_are_named_in_the_readers_language(client, news_index, language):
    from taggit.models import Tag

    item = add_news(news_index, 1, tags=["commemoration-day", "zz-untitled"])
    NewsTopic.objects.create(tag=Tag.objects.get(name="commemoration-day"),
                             **{f"name_{code}": name for code, name in TOPIC.items()})
    with translation.override(language):
        item_url, index_url = item.url, news_index.url
        label = translation.gettext("Topics:")
    html = client.get(item_url).content.decode()
    topics = html.split('<p class="tags">')[1].split("</p>")[0]
    assert label in topics
    assert f'?tag=commemoration-day" rel="tag" lang="{language}">{TOPIC[language]}</a>' in topics
    # A tag nobody has named yet is shown as it was typed.
    assert '?tag=zz-untitled" rel="tag">zz-untitled</a>' in topics
    index = client.get(index_url).content.decode()
    assert f'value="commemoration-day" lang="{language}">{TOPIC[language]}</option>' in index


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_no_demo_topic_is_a_date(language):
    """"Topics: 26.02" meant nothing to readers: every demo tag has a name in each language."""
    items = NewsPage.objects.live()
    assert items.exists()
    for item in items:
        for tag in item.topics():
            with translation.override(language):
                name, shown = topic_name(tag)
            assert shown == language and not re.fullmatch(r"[\d.]+", name), (item, name)
