"""What every page gives readers: breadcrumbs, sharing metadata, sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from wagtail.models import Page

from pages.models import NewsIndexPage, NewsPage
from tests.factories import body, create_page, image

LANGUAGES = ["az", "en", "ru"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def url(page, language):
    with translation.override(language):
        return page.get_url()


# Breadcrumbs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, label, home, section",
    [
        ("az", "Naviqasiya zənciri", "Ana səhifə", "Xəbərlər"),
        ("en", "Breadcrumbs", "Home", "News"),
        ("ru", "Навигационная цепочка", "Главная", "Новости"),
    ],
)
def test_breadcrumbs_lead_from_home_to_the_page(client, language, label, home, section):
    item = NewsIndexPage.objects.get().news_items().first()
    html = client.get(url(item, language)).content.decode()
    crumbs = html.split('class="breadcrumbs')[1].split("</nav>")[0]
    assert f'aria-label="{label}"' in crumbs
    items = crumbs.split("<li>")[1:]
    assert len(items) == 3
    assert f'href="/{language}/">{home}<' in items[0]
    assert f">{section}<" in items[1]
    assert 'aria-current="page"' in items[2] and getattr(item, f"title_{language}") in items[2]
    assert 'aria-current' not in items[0] + items[1]


def test_no_breadcrumbs_on_the_home_page(client):
    assert 'class="breadcrumbs' not in client.get("/en/").content.decode()


# Open Graph and Twitter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, locale, alternates",
    [("az", "az_AZ", ["en_GB", "ru_RU"]), ("en", "en_GB", ["az_AZ", "ru_RU"]),
     ("ru", "ru_RU", ["az_AZ", "en_GB"])],
)
def test_social_meta_in_each_language(client, language, locale, alternates):
    index = NewsIndexPage.objects.get()
    page = create_page(
        index, NewsPage,
        title={"az": "Şəkilli xəbər", "en": "News with a picture", "ru": "Новость со снимком"},
        summary={"az": "Qısa məzmun", "en": "In short", "ru": "Вкратце"},
        body={"az": body("x")},
        main_image=image(),
        main_image_alt={"az": "Abidə", "en": "The memorial", "ru": "Памятник"},
    )
    html = client.get(url(page, language)).content.decode()
    head = html.split("</head>")[0]
    title = getattr(page, f"title_{language}")
    summary = {"az": "Qısa məzmun", "en": "In short", "ru": "Вкратце"}[language]
    alt = {"az": "Abidə", "en": "The memorial", "ru": "Памятник"}[language]
    assert f'<meta property="og:title" content="{title}">' in head
    assert f'<meta property="og:description" content="{summary}">' in head
    assert f'<meta property="og:locale" content="{locale}">' in head
    for alternate in alternates:
        assert f'<meta property="og:locale:alternate" content="{alternate}">' in head
    assert f'<meta property="og:url" content="http://testserver{url(page, language)}">' in head
    image_url = head.split('<meta property="og:image" content="')[1].split('"')[0]
    assert image_url.startswith("http://testserver/") and image_url.endswith(".jpg")
    assert '<meta property="og:image:width" content="1200">' in head
    assert '<meta property="og:image:height" content="630">' in head
    assert f'<meta property="og:image:alt" content="{alt}">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert f'<meta name="twitter:title" content="{title}">' in head


def test_pages_without_an_image_get_their_own_card(client, memorial):
    head = client.get("/en/khojaly-massacre/").content.decode().split("</head>")[0]
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert f'<meta property="og:image" content="http://testserver/en/share/{memorial.pk}/' in head
    assert '<meta property="og:description" content="The main article' in head


# Sitemap and robots -------------------------------------------------------------------------


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    entries = {}
    for entry in root.findall(f"{SITEMAP}url"):
        alternates = {
            link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")
        }
        entries[entry.findtext(f"{SITEMAP}loc")] = alternates
    return entries


def test_sitemap_lists_every_live_page_in_every_language_with_alternates(client):
    entries = sitemap_urls(client)
    pages = Page.objects.live().public().filter(depth__gte=2).specific()
    assert len(entries) == 3 * pages.count()
    for page in pages:
        urls = {code: f"http://testserver{url(page, code)}" for code in LANGUAGES}
        for code in LANGUAGES:
            alternates = entries[urls[code]]
            assert alternates == {**urls, "x-default": urls["az"]}


def test_sitemap_leaves_out_unpublished_pages(client):
    item = NewsIndexPage.objects.get().news_items().first()
    en = f"http://testserver{url(item, 'en')}"
    assert en in sitemap_urls(client)
    item.unpublish()
    assert en not in sitemap_urls(client)


def test_sitemap_is_outside_the_language_prefixes(client):
    assert client.get("/en/sitemap.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
