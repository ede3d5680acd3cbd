"""Varnish in front of gunicorn (deploy/varnish/default.vcl), purged on every change, and
falling back to the archive's static copy (nginx, deploy/nginx/archive.conf) when gunicorn is down.

Starts, on loopback ports of its own: a private Redis, gunicorn with deploy/gunicorn.conf.py and
the production settings on a database of the shared PostgreSQL server, the purge worker
(``manage.py send_purges``), and varnishd with the repository's VCL in a private working
directory. Everything is stopped and removed afterwards.
"""

import re
import time
from urllib.parse import quote

import pytest

from tests.servers import (
    Clocks,
    Gunicorn,
    RedisServer,
    StaticMirror,
    Varnish,
    Worker,
    free_port,
    http,
    manage,
    production_env,
)

pytestmark = pytest.mark.servers

# varnishd comes from Debian's varnish package; .ci/run installs it. Without it these tests fail.

PUBLIC_HOST = "localhost"
DATABASE = "khojaly_wt7_varnish"
TITLES = {
    "az": "Varnish sınağı: anım günü",
    "en": "Proxy check: day of remembrance",
    "ru": "Проверка прокси: день памяти",
}
PUBLISH = """
from demo.builder import create_page
from pages.models import NewsIndexPage, NewsPage
index = NewsIndexPage.objects.get()
page = create_page(index, NewsPage, title=%r, summary=%r, publish=True)
print(page.pk)
"""


def _postgres_admin():
    import psycopg

    return psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres",
                           autocommit=True, connect_timeout=5)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from psycopg import sql

    workdir = tmp_path_factory.mktemp("varnish")
    redis = RedisServer(port=free_port(6700, 6709)).start()
    with _postgres_admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(DATABASE)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
    app = proxy = worker = None
    try:
        proxy_port = free_port(8750, 8799)
        env = production_env(
            f"postgres://postgres@127.0.0.1:5432/{DATABASE}", redis.url,
            STATIC_ROOT=workdir / "static", MEDIA_ROOT=workdir / "media",
            SECURE_SSL_REDIRECT="0",
            FRONTEND_CACHE_PURGE_URL=f"http://127.0.0.1:{proxy_port}",
        )
        manage(env, "migrate", "--noinput")
        manage(env, "update_translation_fields", "--verbosity", "0")
        manage(env, "load_demo_content")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        app = Gunicorn(env, workdir, port=free_port(8700, 8749)).start()
        proxy = Varnish(app.port, port=proxy_port).start()
        worker = Worker(env, workdir).start()
        yield env, app, proxy
    finally:
        if worker is not None:
            worker.stop()
        if proxy is not None:
            proxy.remove()
        if app is not None:
            app.stop()
        redis.remove()
        with _postgres_admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(DATABASE)))


def proxied(proxy, path, **kwargs):
    return proxy.get(path, host=PUBLIC_HOST, **kwargs)


def test_second_request_is_a_proxy_hit_in_every_language(stack):
    _env, _app, proxy = stack
    for code in TITLES:
        first = proxied(proxy, f"/{code}/")
        assert first.status == 200
        second = proxied(proxy, f"/{code}/")
        assert second.status == 200
        assert second.headers["X-Proxy-Cache"] == "HIT"
        assert second.text == first.text
        assert f'<html lang="{code}"' in second.text
        assert "X-Url" not in second.headers  # the ban bookkeeping stays inside Varnish


def test_publishing_purges_the_home_page_in_every_language(stack):
    env, _app, proxy = stack
    for code in TITLES:
        proxied(proxy, f"/{code}/")
        assert proxied(proxy, f"/{code}/").headers["X-Proxy-Cache"] == "HIT"
    manage(env, code=PUBLISH % (TITLES, {k: v + "." for k, v in TITLES.items()}))
    for code, title in TITLES.items():
        home = proxied(proxy, f"/{code}/")
        assert home.status == 200
        assert title in home.text, code
        assert home.headers["X-Proxy-Cache"] == "MISS"
        assert proxied(proxy, f"/{code}/").headers["X-Proxy-Cache"] == "HIT"


def test_searches_are_kept_per_query_and_dropped_by_a_publish(stack):
    env, _app, proxy = stack
    query = {"az": "Varnish", "en": "Proxy", "ru": quote("Проверка")}
    for code, word in query.items():
        for path in (f"/{code}/search/?q={word}", f"/{code}/search/?q={word}&page=1"):
            proxied(proxy, path)
            assert proxied(proxy, path).headers["X-Proxy-Cache"] == "HIT", path
    manage(env, code=PUBLISH % (
        {k: v + " (search)" for k, v in TITLES.items()},
        {k: v + "!" for k, v in TITLES.items()},
    ))
    for code, word in query.items():
        found = proxied(proxy, f"/{code}/search/?q={word}")
        assert found.headers["X-Proxy-Cache"] == "MISS"
        assert TITLES[code] + " (search)" in found.text, code
    # Parameters other than the query and the page are never stored.
    made_up = "/en/search/?q=Proxy&utm=x"
    proxied(proxy, made_up)
    assert proxied(proxy, made_up).headers["X-Proxy-Cache"] == "MISS"


def test_admin_sessions_and_posts_pass(stack):
    _env, _app, proxy = stack
    for path in ("/admin/login/", "/"):
        proxied(proxy, path)
        assert proxied(proxy, path).headers["X-Proxy-Cache"] == "MISS", path
    # A session cookie (signed-in editor, voter) is never answered from the cache.
    proxied(proxy, "/en/")
    signed_in = proxied(proxy, "/en/", headers={"Cookie": "sessionid=abc; csrftoken=x"})
    assert signed_in.headers["X-Proxy-Cache"] == "MISS"
    # The CSRF and language cookies alone do not make a request personal.
    anonymous = proxied(proxy, "/en/", headers={"Cookie": "csrftoken=x; django_language=en"})
    assert anonymous.headers["X-Proxy-Cache"] == "HIT"
    posted = http(proxy.base + "/en/search/", method="POST", data={"q": "x"},
                  headers={"Host": PUBLIC_HOST})
    assert posted.headers["X-Proxy-Cache"] == "MISS"


def test_pages_with_a_form_are_not_stored(stack):
    _env, app, proxy = stack
    contact_path = "/en/contact/"
    direct = app.get(contact_path, host=PUBLIC_HOST)
    assert direct.status == 200
    assert "csrftoken" in direct.cookies()
    for _ in range(2):
        reply = proxied(proxy, contact_path)
        assert reply.headers["X-Proxy-Cache"] == "MISS"
        assert "csrftoken" in reply.cookies()



RENAME_NEWS_SECTION = """
from pages.models import NewsIndexPage
index = NewsIndexPage.objects.get()
index.title_en = "Latest reports"
index.save_revision().publish()
"""


def test_renaming_a_section_purges_every_page_that_shows_the_menu(stack):
    env, _app, proxy = stack
    about = "/en/about/"
    proxied(proxy, about)
    assert proxied(proxy, about).headers["X-Proxy-Cache"] == "HIT"
    manage(env, code=RENAME_NEWS_SECTION)
    page = proxied(proxy, about)
    assert page.headers["X-Proxy-Cache"] == "MISS"
    assert "Latest reports" in page.text


def test_every_page_of_a_paginated_list_is_purged(stack):
    env, _app, proxy = stack
    for path in ("/en/news/?page=1", "/en/news/"):
        proxied(proxy, path)
        assert proxied(proxy, path).headers["X-Proxy-Cache"] == "HIT", path
    manage(env, code=PUBLISH % ({k: v + " II" for k, v in TITLES.items()},
                                {k: v + "." for k, v in TITLES.items()}))
    for path in ("/en/news/?page=1", "/en/news/"):
        reply = proxied(proxy, path)
        assert reply.headers["X-Proxy-Cache"] == "MISS", path
        assert TITLES["en"] + " II" in reply.text


# -- lifetimes that mean the same on every host -----------------------------------------
EXPIRING = """
import datetime
from django.utils import timezone, translation
from demo.builder import create_page
from pages.models import StandardPage
about = StandardPage.objects.get(slug_en="about")
expires = timezone.now() + datetime.timedelta(seconds=%d)
page = create_page(about, StandardPage, title=%r, expire_at=expires)
with translation.override("en"):
    print(page.get_url(), expires.timestamp())
"""
DAYS = 24 * 3600
SKEW = 1.0  # the wall clocks' difference given to the second server (NTP keeps it below)
BOUND = SKEW + 1.0  # and a second of rounding: Age and s-maxage are whole seconds


@pytest.fixture(scope="module")
def two_clocks(stack, tmp_path_factory):
    """Two app servers on the stack's Redis and database, whose monotonic clocks are days
    apart (hosts booted at different times) and whose wall clocks differ by SKEW, behind one
    Varnish that sends a request to the one its ``X-Backend`` header names."""
    env, _app, _proxy = stack
    workdir = tmp_path_factory.mktemp("clocks")
    env = {**env, "CACHE_KEY_PREFIX": "two-clocks"}
    apps = {
        "a": Gunicorn(env, workdir, port=free_port(8700, 8749),
                      clocks=Clocks(workdir, monotonic=0)),
        "b": Gunicorn(env, workdir, port=free_port(8700, 8749),
                      clocks=Clocks(workdir, monotonic=-3 * DAYS, wall=SKEW)),
    }
    proxy = None
    try:
        apps["a"].start()
        apps["b"].start()
        proxy = TwoBackendVarnish(apps["a"].port, apps["b"].port).start()
        yield env, apps, proxy
    finally:
        if proxy is not None:
            proxy.remove()
        for app in apps.values():
            app.stop()


class TwoBackendVarnish(Varnish):
    """The repository's VCL with a second backend, chosen per request by ``X-Backend: b``."""

    def __init__(self, port_a, port_b):
        super().__init__(port_a)
        self.port_b = port_b

    def vcl(self) -> str:
        backend_b = f'backend b {{\n    .host = "127.0.0.1";\n    .port = "{self.port_b}";\n}}\n\n'
        choose = ('sub vcl_recv {\n    if (req.http.X-Backend == "b") {\n'
                  "        set req.backend_hint = b;\n    }\n")
        return super().vcl().replace("sub vcl_recv {", backend_b + choose, 1)


def fetch(get, *args, **kwargs):
    """The reply, and when the proxy (or server) stops serving it as far as this host can
    tell: the moment the request was sent plus what is left of ``s-maxage`` after ``Age``
    (RFC 9111), and how long the request took (the answer's moment lies within it)."""
    sent = time.time()
    reply = get(*args, **kwargs)
    took = time.time() - sent
    s_maxage = int(re.search(r"s-maxage=(\d+)", reply.headers["Cache-Control"]).group(1))
    return reply, sent + s_maxage - int(reply.headers.get("Age", "0")), took


def assert_on_time(end, took, expires):
    """Within BOUND of ``expires``; earlier by at most the request's own duration too (the
    answer was made after it was sent). A lifetime read against another host's uptime would
    be days off."""
    assert expires - BOUND - took <= end <= expires + BOUND, (end - expires, took)


@pytest.mark.parametrize("stored_by, served_by", [("a", "b"), ("b", "a")])
def test_a_page_that_expires_leaves_the_proxy_on_time_whichever_server_answers(
    two_clocks, stored_by, served_by
):
    """A page with ``expire_at`` two minutes ahead: one server renders and stores it, the other
    hands it to Varnish from the shared cache. Whichever does, Varnish keeps it until
    ``expire_at`` within BOUND, never the days between the servers' boot times."""
    env, apps, proxy = two_clocks
    made = manage(env, code=EXPIRING % (120, {
        "az": f"Müddətli səhifə {stored_by}", "en": f"Expiring page {stored_by}",
        "ru": f"Временная страница {stored_by}"})).split()
    path, expires = made[-2], float(made[-1])
    stored, end, took = fetch(apps[stored_by].get, path, host=PUBLIC_HOST)
    assert stored.headers["X-Cache"] == "MISS"
    assert_on_time(end, took, expires)
    for proxy_cache in ("MISS", "HIT"):  # the other server's hit through the proxy, then its own
        reply, end, took = fetch(proxied, proxy, path, headers={"X-Backend": served_by})
        assert reply.status == 200 and reply.headers["X-Proxy-Cache"] == proxy_cache
        assert_on_time(end, took, expires)
    assert reply.headers["X-Cache"] == "HIT"  # what the app server said when Varnish fetched


# Last in this module: it stops the application server.
def test_with_the_application_stopped_readers_get_the_archived_copy(stack, tmp_path):
    env, app, proxy = stack
    root = tmp_path / "archive"
    manage({**env, "PRESERVATION_ROOT": str(root),
            "PRESERVATION_BASE_URL": f"http://{PUBLIC_HOST}"}, "build_archive", timeout=600)
    mirror = StaticMirror(root / "current" / "data" / "site", proxy.archive_port).start()
    try:
        article = "/az/xocali-soyqirimi/"
        assert "X-Archive-Copy" not in proxied(proxy, "/ru/opros/").headers
        app.stop()
        for path, words in [
            (article, '<h1 lang="az"'),
            ("/", '<html dir="ltr" lang="az"'),
            ("/en/news/feed/rss/", "<rss"),
            ("/ru/search/?q=%D0%A5%D0%BE%D0%B4%D0%B6%D0%B0%D0%BB%D1%8B", "data-archive-search"),
            ("/ru/opros/", "archive-note"),  # the poll's form: a note linking to the live page
        ]:
            reply = proxied(proxy, path)
            assert reply.status == 200, path
            assert reply.headers["X-Archive-Copy"] == "1", path
            assert words in reply.text, path
        assert proxied(proxy, "/en/no-such-page/").status == 404
        assert proxied(proxy, "/admin/login/").status == 503  # never an archived admin
    finally:
        mirror.remove()
