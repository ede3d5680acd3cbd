"""The page cache: anonymous readers get cached pages, and every change shows at once."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.template import engines
from django.test import Client, RequestFactory, override_settings

from ops.cache import PageCacheMiddleware, current_generation, generation_key
from pages.models import HomePage, StandardPage
from tests.factories import body, create_page

LANGUAGES = ["az", "en", "ru"]
NEWS_TITLE = {
    "az": "Anım gününün proqramı",
    "en": "Programme of the day of remembrance",
    "ru": "Программа дня памяти",
}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def publish_news(about, title=NEWS_TITLE):
    """A news-like page: published below a section, so the home page lists it as latest."""
    return create_page(about, StandardPage, title=title, body={"en": body("Details.")})


def test_second_anonymous_request_is_a_hit_per_language(client):
    for code in LANGUAGES:
        first, html = get(client, f"/{code}/")
        assert first.status_code == 200
        assert first["X-Cache"] == "MISS"
        second, cached_html = get(client, f"/{code}/")
        assert second["X-Cache"] == "HIT"
        assert cached_html == html
        assert f'<html lang="{code}"' in cached_html


def test_head_is_served_from_the_cache_without_a_body(client):
    client.get("/en/")
    response = client.head("/en/")
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_publishing_shows_on_the_home_page_in_every_language(client, about):
    for code in LANGUAGES:
        assert get(client, f"/{code}/")[0]["X-Cache"] == "MISS"
        assert get(client, f"/{code}/")[0]["X-Cache"] == "HIT"
    publish_news(about)
    for code in LANGUAGES:
        response, html = get(client, f"/{code}/")
        assert response["X-Cache"] == "MISS"
        assert NEWS_TITLE[code] in html


def test_unpublishing_moving_and_deleting_invalidate(client, about, memorial):
    news = publish_news(about)
    about_url = {code: about.get_url() for code in LANGUAGES}

    def warm_and_check(expect_shown):
        for code in LANGUAGES:
            get(client, f"/{code}/")
            response, html = get(client, f"/{code}/")
            assert (NEWS_TITLE[code] in html) is expect_shown
        return current_generation()

    generation = warm_and_check(True)
    news.unpublish()
    assert current_generation() != generation
    warm_and_check(False)

    news.save_revision().publish()
    generation = warm_and_check(True)
    home = HomePage.objects.get()
    other_section = create_page(home, StandardPage, title={"en": "Archive", "az": "Arxiv"})
    generation = current_generation()
    news.refresh_from_db()
    news.move(other_section, pos="last-child")
    assert current_generation() != generation
    response, html = get(client, about_url["en"])
    assert response["X-Cache"] == "MISS"

    generation = warm_and_check(True)
    StandardPage.objects.get(pk=news.pk).delete()
    assert current_generation() != generation
    warm_and_check(False)


def test_site_settings_change_invalidates(client, home):
    from pages.models import PortalSettings

    get(client, "/en/")
    portal = PortalSettings.objects.get()
    portal.footer_text_en = "A new footer line."
    portal.save()
    response, html = get(client, "/en/")
    assert response["X-Cache"] == "MISS"
    assert "A new footer line." in html


def test_signed_in_users_bypass_the_cache(admin_client):
    client = Client()  # anonymous; admin_client is signed in
    get(client, "/en/")
    assert get(client, "/en/")[0]["X-Cache"] == "HIT"
    response, html = get(admin_client, "/en/")
    assert response["X-Cache"] == "BYPASS"
    assert "wagtail-userbar" in html  # the editor's own page, not the anonymous copy
    # … and their page was not stored for anonymous readers either.
    cache.clear()
    get(admin_client, "/en/")
    assert get(client, "/en/")[0]["X-Cache"] == "MISS"


def test_posts_and_other_queries_bypass(client):
    assert client.post("/en/")["X-Cache"] == "BYPASS"
    assert client.get("/en/?utm_source=x")["X-Cache"] == "BYPASS"
    assert client.get("/en/?page=2")["X-Cache"] == "MISS"
    assert client.get("/en/?page=2")["X-Cache"] == "HIT"


def test_admin_and_not_found_are_never_cached(client):
    assert client.get("/admin/login/")["X-Cache"] == "BYPASS"
    missing = client.get("/en/no-such-page/")
    assert missing.status_code == 404
    assert client.get("/en/no-such-page/")["X-Cache"] == "BYPASS"


def test_a_page_with_a_csrf_token_is_not_cached():
    """A form's token is personal: the response (re)sends the CSRF cookie, so it is skipped."""
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")

    def view(request):
        return HttpResponse(template.render({}, request))

    stack = PageCacheMiddleware(CsrfViewMiddleware(view))
    factory = RequestFactory()
    first = stack(factory.get("/en/contact/"))
    second = stack(factory.get("/en/contact/"))
    assert first["X-Cache"] == second["X-Cache"] == "BYPASS"
    assert "csrftoken" in second.cookies


def test_cache_down_still_serves_pages(client, settings):
    """A Redis that does not answer: pages come from the database, nothing is raised."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",  # nothing listens there in these tests
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    for code in LANGUAGES:
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        assert response["X-Cache"] == "BYPASS"


class FrozenClock:
    """A clock that moves only when the test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_an_unreachable_cache_is_not_asked_again_for_every_request(
    client, settings, caplog, monkeypatch
):
    """Redis down: the first request finds out (a few failed calls, logged), the next ones in
    the same second do not wait for more failures; a second later it is asked again; pages
    are served all the while. The clock is the test's, not the machine's speed."""
    from ops import cache as page_cache

    clock = FrozenClock()
    monkeypatch.setattr(page_cache, "clock", clock)
    settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    settings.DJANGO_REDIS_LOGGER = "ops.cache"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",  # nothing listens there in these tests
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }

    def failed_calls():
        return len([r for r in caplog.records if r.getMessage() == "Exception ignored"])

    with caplog.at_level("ERROR", logger="ops.cache"):
        for _ in range(5):
            for code in LANGUAGES:
                assert client.get(f"/{code}/").status_code == 200
        first_second = failed_calls()
        assert 1 <= first_second <= 3
        clock.now += page_cache.UNREACHABLE_RETRY_SECONDS + 0.1
        assert client.get("/en/").status_code == 200
        assert failed_calls() > first_second  # asked again, found it still down
        again = failed_calls()
        for code in LANGUAGES:
            assert client.get(f"/{code}/").status_code == 200
        assert failed_calls() == again


def test_generation_survives_a_lost_key():
    first = current_generation()
    cache.delete(generation_key())
    assert current_generation() not in (None, first)


@pytest.mark.parametrize(
    "path, headers, code, text",
    [
        ("/ru/", {}, "ru", "Мемориал временно недоступен"),
        ("/en/", {}, "en", "The memorial is briefly unavailable"),
        ("/az/", {}, "az", "Xatirə portalı qısa müddətə əlçatan deyil"),
        # No language prefix: the redirect lookup fails outside the view (handler500).
        ("/nothing", {"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9"}, "ru", "Мемориал временно"),
        ("/nothing", {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, "en", "The memorial is briefly"),
    ],
)
def test_database_down_gives_a_friendly_503(monkeypatch, path, headers, code, text):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(HomePage, "serve", down)
    monkeypatch.setattr("wagtail.contrib.redirects.middleware.get_redirect", down)
    client = Client(raise_request_exception=False)
    response = client.get(path, **headers)
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert text in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.parametrize(
    "path, headers, code, text",
    [
        ("/ru/", {}, "ru", "Произошла ошибка"),
        ("/en/", {}, "en", "Something went wrong"),
        ("/az/", {}, "az", "Xəta baş verdi"),
        ("/nothing", {"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9"}, "ru", "Не удалось показать"),
    ],
)
def test_a_server_error_is_said_in_the_readers_language(monkeypatch, path, headers, code, text):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomePage, "serve", broken)
    monkeypatch.setattr("wagtail.contrib.redirects.middleware.get_redirect", broken)
    response = Client(raise_request_exception=False).get(path, **headers)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    assert text in html
    assert "Traceback" not in html and "RuntimeError" not in html


def test_health_checks(client):
    assert client.get("/healthz").content == b"ok\n"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"database": "ok", "cache": "ok", "status": "ok"}


class _PurgeRecorder(BaseHTTPRequestHandler):
    seen: list

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.seen.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    seen = []
    handler = type("Recorder", (_PurgeRecorder,), {"seen": seen})
    for port in range(8370, 8380):
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
            break
        except OSError:
            continue
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def test_cdn_is_purged_for_every_language_url(
    settings, purge_server, about, django_capture_on_commit_callbacks
):
    location, seen = purge_server
    settings.WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        news = publish_news(about)
    paths = {path for _host, path in seen}
    for code in LANGUAGES:
        with override_settings(LANGUAGE_CODE=code):
            from django.utils import translation

            with translation.override(code):
                assert news.get_url() in paths
                assert about.get_url() in paths
        assert f"/{code}/" in paths  # the home page and its latest list
    assert "/sitemap.xml" in paths

    # A move purges the old and the new addresses.
    old_url = news.get_url()
    archive = create_page(
        HomePage.objects.get(), StandardPage, title={"az": "Arxiv", "en": "Archive"}
    )
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        news.move(archive, pos="last-child")
    paths = {path for _host, path in seen}
    news.refresh_from_db()
    assert old_url in paths
    assert news.get_url() in paths and news.get_url() != old_url


def test_search_results_are_cached_per_query_language_and_page(client):
    assert client.get("/en/search/?q=Khojaly")["X-Cache"] == "MISS"
    assert client.get("/en/search/?q=Khojaly")["X-Cache"] == "HIT"
    for other in ("/en/search/?q=Xocal%C4%B1", "/ru/search/?q=Khojaly",
                  "/en/search/?q=Khojaly&page=2"):
        assert client.get(other)["X-Cache"] == "MISS", other
    assert client.get("/en/search/?q=Khojaly&lang=x")["X-Cache"] == "BYPASS"


# -- one shared tier, a log of what changed, narrow invalidation ---------------------------
class CountingCache:
    """The real cache, counting the round trips the page cache makes to it."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def get(self, key, *args, **kwargs):
        self.calls.append(("get", key))
        return self.real.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.calls.append(("get_many", tuple(keys)))
        return self.real.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_a_hit_is_one_round_trip_to_the_shared_cache(client, monkeypatch):
    from ops import cache as page_cache

    client.get("/en/")
    counting = CountingCache(cache)
    monkeypatch.setattr(page_cache, "_cache", lambda: counting)
    response = client.get("/en/")
    assert response["X-Cache"] == "HIT"
    assert [call for call, _keys in counting.calls] == ["get_many"]  # the log and the page


def test_a_change_made_on_another_server_shows_on_the_next_request(client, about):
    """Another app server changes a page and starts a new epoch in the shared cache: this
    process, which has seen the old page, renders the new one at the next request."""
    from django.utils import translation

    with translation.override("en"):
        url = about.get_url()
    client.get(url)
    response, html = get(client, url)
    assert response["X-Cache"] == "HIT"
    StandardPage.objects.filter(pk=about.pk).update(title_en="About the memorial, revised")
    assert "revised" not in get(client, url)[1]  # nothing announced yet: the copy is kept
    cache.set(generation_key(), "started-by-another-server", timeout=None)
    response, html = get(client, url)
    assert response["X-Cache"] == "MISS"
    assert "About the memorial, revised" in html


def test_a_publish_leaves_the_pages_it_does_not_touch_cached(client, about, memorial):
    """A page under "About" is reached from its section, listed on the home page, the sitemap
    and search: those are rendered again, in every language; the memorial article stays a hit,
    also for a process that starts after the change (it reads the log back)."""
    from django.utils import translation

    from ops.cache import forget_local_state

    urls = {}
    for code in LANGUAGES:
        with translation.override(code):
            urls[code] = {"home": f"/{code}/", "section": about.get_url(),
                          "memorial": memorial.get_url()}
        for url in urls[code].values():
            client.get(url)
    publish_news(about)
    forget_local_state()  # as a server that starts now
    for code in LANGUAGES:
        assert client.get(urls[code]["memorial"])["X-Cache"] == "HIT", code
        assert client.get(urls[code]["section"])["X-Cache"] == "MISS", code
        response, html = get(client, urls[code]["home"])
        assert response["X-Cache"] == "MISS" and NEWS_TITLE[code] in html, code


def test_a_copy_is_kept_no_longer_than_its_lifetime_on_the_wall_clock(
    client, monkeypatch, settings
):
    from ops import cache as page_cache

    clock = FrozenClock()
    clock.now = 1_900_000_000.0
    monkeypatch.setattr(page_cache, "wall_clock", clock)
    settings.PAGE_CACHE_TIMEOUT = 600
    assert client.get("/en/")["X-Cache"] == "MISS"
    clock.now += 599
    hit = client.get("/en/")
    assert hit["X-Cache"] == "HIT" and hit["Age"] == "599"
    clock.now += 2
    assert client.get("/en/")["X-Cache"] == "MISS"


# -- purges: recorded with the change, sent after it, retried -----------------------------
def test_a_purge_is_recorded_with_the_change_and_sent_after_its_commit(
    about, purge_endpoint, django_capture_on_commit_callbacks
):
    from ops.models import Purge

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        news = publish_news(about)
        purge = Purge.objects.latest("pk")  # in the change's own transaction
        assert purge.state == Purge.State.PENDING
        assert purge_endpoint == []  # nothing sent before the commit
    for callback in callbacks:
        callback()
    purge.refresh_from_db()
    assert purge.state == Purge.State.SENT
    assert any(news.get_url() == path for path in purge_endpoint)


def test_a_failed_purge_is_retried_then_marked_failed(
    about, settings, django_capture_on_commit_callbacks
):
    """The proxy does not answer: the purge stays pending with its error, is tried again when
    it is due (time moved by the test, not waited for), and is failed after the last delay."""
    from django.utils import timezone

    from ops import purges
    from ops.models import Purge

    settings.WAGTAILFRONTENDCACHE = {"http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://127.0.0.1:9/",  # discard port: nothing answers
    }}
    with django_capture_on_commit_callbacks(execute=True):
        publish_news(about)
    purge = Purge.objects.latest("pk")
    assert purge.state == Purge.State.PENDING and purge.attempts == 1 and purge.last_error
    assert purges.run_due() == (0, 0)  # not due yet
    for attempt in range(2, len(purges.RETRY_DELAYS) + 2):
        Purge.objects.filter(pk=purge.pk).update(next_attempt_at=timezone.now())
        assert purges.run_due() == (0, 1)
        purge.refresh_from_db()
        assert purge.attempts == attempt
    assert purge.state == Purge.State.FAILED


def test_operators_see_pending_and_failed_purges_and_nobody_else(
    admin_client, editor, about, settings, django_capture_on_commit_callbacks
):
    from ops.models import Purge

    settings.WAGTAILFRONTENDCACHE = {"http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://127.0.0.1:9/",  # nothing answers
    }}
    with django_capture_on_commit_callbacks(execute=True):
        publish_news(about)
    Purge.objects.filter(state=Purge.State.PENDING).update(state=Purge.State.FAILED)
    listing = admin_client.get("/admin/cache-purges/?state=failed")
    assert listing.status_code == 200
    assert "Connection refused" in listing.content.decode()  # the last error, for each purge
    assert "/admin/cache-purges/" in admin_client.get("/admin/").content.decode()  # in the menu
    assert editor.get("/admin/cache-purges/").status_code in (302, 403)
    assert "/admin/cache-purges/" not in editor.get("/admin/").content.decode()
