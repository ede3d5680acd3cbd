"""What the portal remembers between requests (the site, the way to each page, the menu, counts,
the home page's lists) never shows a reader something that has changed since."""

import datetime

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from core.routing import find_site
from ops.cache import generation_key, keep, local_copies, recall, remember
from pages.models import HomePage, NewsIndexPage, NewsPage, PortalSettings, StandardPage
from tests.factories import body, create_page

LANGUAGES = ["az", "en", "ru"]
TITLE = {"az": "Yaddaş gecəsi", "en": "An evening of remembrance", "ru": "Вечер памяти"}
SLUG = {"az": "yaddas-gecesi", "en": "evening-of-remembrance", "ru": "vecher-pamyati"}


@pytest.fixture
def news_index(db):
    return NewsIndexPage.objects.get()


def add_news(index, title=TITLE, slug=SLUG, date=datetime.date(2030, 2, 26)):
    return create_page(
        index, NewsPage, title=title, slug=slug, date=date,
        summary={code: text + "." for code, text in title.items()},
        body={code: body(text) for code, text in title.items()},
    )


def urls_of(page):
    from django.utils import translation

    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            urls[code] = page.get_url()
    return urls


def test_a_renamed_page_answers_at_its_new_address_in_every_language(client, news_index):
    item = add_news(news_index)
    old = urls_of(item)
    for code in LANGUAGES:
        assert client.get(old[code]).status_code == 200  # the way there is remembered now
    item.slug_en, item.slug_az, item.slug_ru = "renamed-evening", "yeni-gece", "novyi-vecher"
    item.title_en = "An evening of remembrance, renamed"
    item.save_revision().publish()
    item = NewsPage.objects.get(pk=item.pk)
    new = urls_of(item)
    for code in LANGUAGES:
        assert new[code] != old[code]
        response = client.get(new[code])
        assert response.status_code == 200
        assert response.context["page"].pk == item.pk
        assert client.get(old[code]).status_code in (301, 302, 404)
    assert "renamed" in client.get(new["en"]).content.decode()


def test_an_unpublished_page_is_gone_although_its_way_was_remembered(client, news_index):
    item = add_news(news_index)
    urls = urls_of(item)
    for code in LANGUAGES:
        assert client.get(urls[code]).status_code == 200
    item.unpublish()
    for code in LANGUAGES:
        assert client.get(urls[code]).status_code == 404


def test_a_page_made_private_asks_for_a_sign_in_at_once(client, news_index):
    item = add_news(news_index)
    urls = urls_of(item)
    assert client.get(urls["en"]).status_code == 200
    PageViewRestriction.objects.create(page=item, restriction_type=PageViewRestriction.LOGIN)
    for code in LANGUAGES:
        response = client.get(urls[code])
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_news_added_in_code_is_listed_and_counted_at_once(client, news_index):
    """A page saved live without publishing (an import, a script) changes what readers see."""
    before = client.get("/en/news/").content.decode()
    client.get("/en/").content.decode()
    count = news_index.news_items().count()
    item = NewsPage(
        title_az="Skriptlə əlavə", title_en="Added by a script", title_ru="Добавлено скриптом",
        slug_az="skript", slug_en="script", slug_ru="skript",
        date=datetime.date(2031, 1, 1), summary_az="İdxal.", summary_en="Imported.",
    )
    news_index.add_child(instance=item)
    assert "Added by a script" not in before
    index_html = client.get("/en/news/").content.decode()
    assert "Added by a script" in index_html
    assert news_index.news_items().count() == count + 1
    assert "Added by a script" in client.get("/en/").content.decode()


def test_the_number_of_pages_follows_publishing(client, settings, news_index):
    settings.NEWS_PAGE_SIZE = 1
    count = news_index.news_items().count()
    assert f'href="?page={count}"' in client.get("/en/news/").content.decode()
    add_news(news_index)
    html = client.get("/en/news/").content.decode()
    assert f'href="?page={count + 1}"' in html


def test_the_menu_and_settings_follow_their_changes(client, rf):
    home = HomePage.objects.get()
    assert "Quiet hours" not in client.get("/en/").content.decode()
    create_page(home, StandardPage, title={"az": "Sakit saatlar", "en": "Quiet hours",
                                           "ru": "Тихие часы"}, show_in_menus=True)
    assert "Quiet hours" in client.get("/en/").content.decode()
    settings_row = PortalSettings.objects.get()
    settings_row.footer_text_en = "Remembered, and changed."
    settings_row.save()
    assert "Remembered, and changed." in client.get("/en/").content.decode()


def test_each_caller_gets_its_own_copy(db):
    """A request sets attributes on remembered objects (settings keep their request): the next
    request, maybe in another thread, must not see them."""
    first = remember("copy-test", lambda: {"names": ["a"]})
    first["names"].append("changed by a caller")
    assert remember("copy-test", lambda: {"names": ["recomputed"]}) == {"names": ["a"]}


def test_another_servers_change_is_seen_by_this_process(db):
    """Another app server starts a new generation in the shared cache: this process's copies
    of the old one are not used again."""
    keep("shared-test", "old value")
    assert recall("shared-test") == (True, "old value")
    cache.set(generation_key(), "generation-started-by-another-server", timeout=None)
    assert recall("shared-test") == (False, None)
    assert remember("shared-test", lambda: "new value") == "new value"


def test_the_copies_kept_in_this_process_are_bounded(db, monkeypatch):
    monkeypatch.setattr(local_copies, "MAX_ENTRIES", 50)
    for n in range(500):
        keep(f"bounded-{n}", n)
    assert len(local_copies.entries) <= 50
    assert recall("bounded-499") == (True, 499)


def test_a_host_django_refuses_is_not_remembered(db, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    request = RequestFactory().get("/en/", HTTP_HOST="evil.example")
    find_site(request)  # Wagtail's own lookup; nothing kept under that host
    found, _value = recall("site:evil.example:80")
    assert not found
