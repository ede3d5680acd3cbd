"""Query budgets: every page type renders with at most 10 SQL queries on a warm process."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pages.models.base import BasePage
from tests.conftest import LANGUAGES

BUDGET = 10


def page_types():
    from django.apps import apps

    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, BasePage) and not model._meta.abstract
        ),
        key=lambda model: model.__name__,
    )


def count_queries(client, url, *, cold=False):
    """Queries of a request on a warm process: renditions made, the site, the way to the page,
    the menu and settings remembered. ``cold``: right after a publish, when nothing is
    remembered any more (ops.cache), so listings that remember their rows still read them."""
    from ops.cache import invalidate_page_cache

    client.get(url)  # warm: caches, site root paths, renditions
    if cold:
        invalidate_page_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [query["sql"][:200] for query in queries]


def synthetic_testimony():
    """The demo never invents witnesses, so the budget is measured on a clearly synthetic one."""
    from remembrance.models import TestimoniesIndexPage, TestimonyPage
    from tests.factories import create_page

    index = TestimoniesIndexPage.objects.live().first()
    return create_page(
        index,
        TestimonyPage,
        title={"az": "Sınaq ifadəsi", "en": "Test testimony", "ru": "Тестовое свидетельство"},
        witness_name="Test Person One",
        summary={"az": "Sınaq", "en": "Synthetic", "ru": "Тест"},
        content_note={"az": "Sınaq", "en": "Synthetic", "ru": "Тест"},
        transcript={"az": "<p>Sınaq</p>", "en": "<p>Synthetic</p>", "ru": "<p>Тест</p>"},
    )


# Page types the demo content leaves empty on purpose, and how tests make one.
SYNTHETIC = {"TestimonyPage": synthetic_testimony}


def live_urls(model):
    pages = list(model.objects.live().public()[:1])
    if not pages and model.__name__ in SYNTHETIC:
        pages = [SYNTHETIC[model.__name__]()]
    urls = []
    for page in pages:
        for language in LANGUAGES:
            with translation.override(language):
                urls.append(page.get_url())
    return urls


def test_every_page_type_has_demo_content_to_measure():
    missing = [model.__name__ for model in page_types() if not live_urls(model)]
    assert missing == []


@pytest.mark.parametrize("model", page_types(), ids=lambda model: model.__name__)
def test_page_type_renders_within_the_query_budget(client, model):
    for url in live_urls(model):
        count, sql = count_queries(client, url)
        assert count <= BUDGET, f"{url}: {count} queries\n" + "\n".join(sql)


# The same count with 10 and with 200 items -------------------------------------------------
# Each listing is measured with 10 items, then 190 more are added in bulk (demo.bulk) and
# it is measured again, in every language: listings fetch specific pages, images and renditions
# in bulk, so the count must not move.


def news_items(index, count, start, picture):
    from taggit.models import Tag

    from demo.bulk import add_children
    from pages.models import NewsPage, NewsPageTag

    pages = add_children(index, [
        NewsPage(
            title_az=f"Xəbər {n}", title_en=f"News {n}", title_ru=f"Новость {n}",
            slug_az=f"xeber-{n}", slug_en=f"news-{n}", slug_ru=f"novost-{n}",
            summary_az="Qısa", summary_en="Short", summary_ru="Кратко",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n), main_image=picture,
            main_image_alt_az="Şəkil", main_image_alt_en="Picture", main_image_alt_ru="Снимок",
        )
        for n in range(start, start + count)
    ])
    tag, _created = Tag.objects.get_or_create(name="budget", slug="budget")
    NewsPageTag.objects.bulk_create([NewsPageTag(content_object=p, tag=tag) for p in pages])
    return pages


def anniversary_updates(index, count, start, picture):
    from demo.bulk import add_children
    from pages.models import AnniversaryGalleryImage, AnniversaryUpdatePage

    pages = add_children(index, [
        AnniversaryUpdatePage(
            title_az=f"Anma {n}", title_en=f"Commemoration {n}", title_ru=f"Память {n}",
            slug_az=f"anma-{n}", slug_en=f"commemoration-{n}", slug_ru=f"pamyat-{n}",
            commemoration_date=datetime.date(2000 + n % 25, 2, 26),
            place_az="Bakı", place_en="Baku", place_ru="Баку",
            summary_az="Qısa", summary_en="Short", summary_ru="Кратко",
        )
        for n in range(start, start + count)
    ])
    AnniversaryGalleryImage.objects.bulk_create([
        AnniversaryGalleryImage(page=p, image=picture, alt_text_az="Şəkil", alt_text_en="Picture",
                                alt_text_ru="Снимок", sort_order=0)
        for p in pages
    ])
    return pages


def resources(index, count, start, picture):
    from demo.bulk import add_children
    from pages.models import ResourcePage

    return add_children(index, [
        ResourcePage(
            title_az=f"Mənbə {n}", title_en=f"Source {n}", title_ru=f"Источник {n}",
            slug_az=f"menbe-{n}", slug_en=f"source-{n}", slug_ru=f"istochnik-{n}",
            kind="book", authors="A. Author", publisher="Publisher",
            publication_date=datetime.date(1995, 1, 1) + datetime.timedelta(days=n),
            original_language="en", summary_az="Qısa", summary_en="Short", summary_ru="Кратко",
        )
        for n in range(start, start + count)
    ])


def links(page, count, start, picture):
    from pages.models import Link, LinkGroup

    group = LinkGroup.objects.filter(page=page).order_by("sort_order").first()
    return Link.objects.bulk_create([
        Link(group=group, title_az=f"Keçid {n}", title_en=f"Link {n}", title_ru=f"Ссылка {n}",
             url=f"https://example.org/{n}", sort_order=100 + n)
        for n in range(start, start + count)
    ])


def places(page, count, start, picture):
    from decimal import Decimal

    from pages.models import Place

    return Place.objects.bulk_create([
        Place(page=page, name_az=f"Yer {n}", name_en=f"Place {n}", name_ru=f"Место {n}",
              latitude=Decimal("39.9") + Decimal(n) / 1000, longitude=Decimal("46.7"),
              sort_order=100 + n)
        for n in range(start, start + count)
    ])


def search_hits(index, count, start, picture):
    from demo.bulk import index_pages

    pages = news_items(index, count, start, picture)
    index_pages(pages)
    return pages


LISTINGS = {
    # name: (page type holding the items, how to add items, the URL to measure, relative to it)
    "news index": ("NewsIndexPage", news_items, ""),
    "anniversary index": ("AnniversaryIndexPage", anniversary_updates, ""),
    "resource index": ("ResourceIndexPage", resources, ""),
    "links page": ("LinksPage", links, ""),
    "map page": ("MapPage", places, ""),
    "home page": ("NewsIndexPage", news_items, "home"),
    "search results": ("NewsIndexPage", search_hits, "search"),
}


def listing_urls(holder, where):
    from wagtail.models import Site

    urls = []
    for language in LANGUAGES:
        with translation.override(language):
            if where == "home":
                urls.append(Site.objects.get(is_default_site=True).root_page.specific.get_url())
            elif where == "search":
                urls.append(f"/{language}/search/?q=budget+xeber+news+novost")
            else:
                urls.append(holder.get_url())
    return urls


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_listing_query_count_does_not_grow_with_its_items(client, listing):
    from django.apps import apps

    from tests.factories import image

    model_name, add_items, where = LISTINGS[listing]
    holder = apps.get_model("pages", model_name).objects.get()
    picture = image(width=640, height=400)
    add_items(holder, 10, 0, picture)
    urls = listing_urls(holder, where)
    with_ten = {url: count_queries(client, url) for url in urls}
    cold_with_ten = {url: count_queries(client, url, cold=True) for url in urls}
    add_items(holder, 190, 10, picture)
    for url in urls:
        count, sql = count_queries(client, url)
        assert count == with_ten[url][0], (
            f"{url}: {with_ten[url][0]} queries with 10 items, {count} with 200\n"
            + "\n".join(sql)
        )
        assert count <= BUDGET, f"{url}: {count} queries\n" + "\n".join(sql)
        cold, sql = count_queries(client, url, cold=True)
        assert cold == cold_with_ten[url][0], (
            f"{url} after a publish: {cold_with_ten[url][0]} queries with 10 items, {cold} with "
            "200\n" + "\n".join(sql)
        )


# The memorial article with 1 and with 10 notes (issue 19) -----------------------------------
def article_with_notes(count):
    """The memorial article whose text cites ``count`` notes, each its own source (resource
    pages, a register source, free-text references), published."""
    from citations.models import Footnote
    from pages.models import MemorialArticlePage, ResourcePage
    from remembrance.models import Source

    article = MemorialArticlePage.objects.get().get_latest_revision_as_object()
    resources = list(ResourcePage.objects.live().order_by("pk")[:4])
    register = Source.objects.create(citation="Budget source", url="https://example.org/b")
    notes, links = [], []
    for n in range(count):
        kind = n % 3
        footnote = Footnote(key=f"n{n}", sort_order=n, locator_az=f"s. {n}")
        if kind == 0:
            footnote.resource = resources[n // 3 % len(resources)]
        elif kind == 1:
            footnote.source = register
        else:
            footnote.reference_az = f"Mənbə {n}"
            footnote.url = f"https://example.org/{n}"
        notes.append(footnote)
        links.append(f'<a href="#{"figure" if n % 2 else "note"}-n{n}">{n}</a>')
    text = "<p>" + " ".join(links) + "</p>"
    for code in LANGUAGES:
        setattr(article, f"body_{code}", [{"type": "paragraph", "value": text}])
    article.footnotes = notes
    article.save_revision().publish()
    return MemorialArticlePage.objects.get(pk=article.pk)


def test_the_articles_query_count_does_not_grow_with_its_notes(client):
    article = article_with_notes(1)
    urls = []
    for language in LANGUAGES:
        with translation.override(language):
            urls.append(article.get_url())
    with_one = {url: count_queries(client, url) for url in urls}
    cold_with_one = {url: count_queries(client, url, cold=True) for url in urls}
    article_with_notes(10)
    for url in urls:
        response = client.get(url)
        assert response.content.decode().count('role="doc-noteref"') == 10
        count, sql = count_queries(client, url)
        assert count == with_one[url][0], (
            f"{url}: {with_one[url][0]} queries with 1 note, {count} with 10\n" + "\n".join(sql))
        assert count <= BUDGET, f"{url}: {count} queries\n" + "\n".join(sql)
        cold, sql = count_queries(client, url, cold=True)
        assert cold == cold_with_one[url][0], (
            f"{url} after a publish: {cold_with_one[url][0]} queries with 1 note, {cold} with "
            "10\n" + "\n".join(sql))
