"""The portal on real servers: gunicorn, PostgreSQL, Redis, and the development server.

Each test starts what it needs on 127.0.0.1 (a private PostgreSQL cluster, private Redis
servers, gunicorn with deploy/gunicorn.conf.py and the production settings, or
``manage.py runserver`` with the settings ``make run`` uses), stops servers mid-test to see how
readers fare, and removes everything afterwards. These tests run the same way whichever
database the rest of the suite uses: they bring their own PostgreSQL (and SQLite where
``make run`` uses it). Nothing waits for time to pass: where time matters the test moves the
servers' clocks (tests/gunicorn_clocks.py) or the moments stored in the database.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.servers import (
    BASE_DIR,
    PUBLIC_HOST,
    Clocks,
    DevServer,
    RedisServer,
    browser_headers,
    dev_env,
    manage,
    production_env,
    sign_in,
)

pytestmark = pytest.mark.servers

TITLES = {
    "az": "Anım mərasiminin vaxtı dəqiqləşdi",
    "en": "Time of the commemoration confirmed",
    "ru": "Время траурной церемонии уточнено",
}


def test_production_mode_headers_https_and_static_files(portal_env, servers):
    app = servers(portal_env)
    page = app.get("/en/")
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert page.headers["X-Frame-Options"] == "DENY"
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";" and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    # Plain HTTP is sent to HTTPS, except the load balancer's probes.
    plain = app.get("/en/", https=False)
    assert plain.status == 301
    assert plain.headers["Location"].startswith("https://")
    assert app.get("/healthz", https=False).status == 200
    # Cookies are Secure and HttpOnly.
    login = app.get("/admin/login/")
    _value, cookie = login.cookies()["csrftoken"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    # Static files: hashed names, compressed, cached for ever.
    css = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', page.text).group(1)
    asset = app.get(css, headers={"Accept-Encoding": "gzip"})
    assert asset.status == 200
    assert asset.headers["Content-Encoding"] == "gzip"
    assert "immutable" in asset.headers["Cache-Control"]


def test_redis_down_pages_are_still_served(portal_env, servers, workdir):
    redis = RedisServer().start()
    clocks = Clocks(workdir)
    try:
        app = servers(portal_env, clocks=clocks, REDIS_URL=redis.url)
        assert app.get("/en/").headers["X-Cache"] == "MISS"
        assert app.get("/en/").headers["X-Cache"] == "HIT"
        assert app.get("/readyz").status == 200

        redis.stop()
        titles = [("az", "Xocalını"), ("en", "Remembering Khojaly"), ("ru", "Помним")]
        for code, title in titles:
            page = app.get(f"/{code}/")
            assert page.status == 200 and title in page.text
            assert page.headers["X-Cache"] == "BYPASS"
        ready = app.get("/readyz")
        assert ready.status == 503
        assert json.loads(ready.body) == {
            "database": "ok",
            "cache": "unavailable",
            "status": "unavailable",
        }
        assert app.get("/healthz").status == 200
        assert "Exception ignored" in app.output()  # logged by django-redis, not raised

        redis.start()  # back on the same port: the page cache works again
        clocks.advance(2)  # once the workers ask again (after UNREACHABLE_RETRY_SECONDS)
        for _ in range(4):  # every worker finds it back: stored once, then hits
            app.get("/en/")
        assert app.get("/en/").headers["X-Cache"] == "HIT"
    finally:
        redis.remove()


def test_database_down_readers_get_a_503_in_their_language(portal_env, cluster, servers):
    app = servers(portal_env, CACHE_KEY_PREFIX="pg-down-test")
    assert app.get("/ru/").status == 200
    assert app.get("/ru/").headers["X-Cache"] == "HIT"
    cluster.stop()
    try:
        cases = [
            ("/ru/?page=3", {}, "ru", "Мемориал временно недоступен"),
            ("/en/?page=3", {}, "en", "The memorial is briefly unavailable"),
            ("/az/?page=3", {}, "az", "Xatirə portalı qısa müddətə əlçatan deyil"),
            ("/no-such-page", {"Accept-Language": "ru,en;q=0.5"}, "ru", "Мемориал"),
            ("/no-such-page", {"Accept-Language": "en-GB"}, "en", "The memorial is briefly"),
        ]
        for path, headers, code, text in cases:
            page = app.get(path, headers=headers)
            assert page.status == 503, (path, page.text[:300])
            assert f'<html lang="{code}"' in page.text
            assert text in page.text
            assert int(page.headers["Retry-After"]) > 0
            assert "Traceback" not in page.text and "OperationalError" not in page.text
        # Pages already in the cache still reach readers.
        assert app.get("/ru/").status == 200
        assert app.get("/healthz").status == 200
        ready = app.get("/readyz")
        assert ready.status == 503
        assert json.loads(ready.body)["database"] == "unavailable"
    finally:
        cluster.start()
    assert app.get("/ru/?page=4").status == 200  # and the portal recovers by itself


SCHEDULE_NEWS = """
from datetime import timedelta
from django.utils import timezone
from demo.builder import create_page
from pages.models import StandardPage
about = StandardPage.objects.get(slug_en="about")
page = create_page(about, StandardPage, title=%r, publish=False, live=False)
page.go_live_at = timezone.now() + timedelta(hours=1)
page.save_revision().publish()
print(page.pk)
"""
# The hour has passed, as far as the scheduled revision knows: no waiting for it.
COME_DUE = """
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Page, Revision
due = timezone.now() - timedelta(seconds=1)
Page.objects.filter(pk=%d).update(go_live_at=due)
for revision in Revision.objects.filter(object_id="%d").exclude(approved_go_live_at=None):
    revision.approved_go_live_at = due
    revision.content["go_live_at"] = due.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
"""


def test_two_app_servers_share_the_cache_and_its_invalidation(portal_env, servers):
    # Both app servers and the cron job run with the same environment.
    env = {**portal_env, "CACHE_KEY_PREFIX": "two-servers"}
    first = servers(env)
    second = servers(env)
    assert first.port != second.port
    for code in TITLES:
        assert first.get(f"/{code}/", host=PUBLIC_HOST).headers["X-Cache"] == "MISS"
        # The second process serves the page the first one rendered.
        assert second.get(f"/{code}/", host=PUBLIC_HOST).headers["X-Cache"] == "HIT"

    # Publish: a news item scheduled for the next second, published by the cron job.
    page_id = int(manage(env, code=SCHEDULE_NEWS % (TITLES,)).strip())
    assert TITLES["en"] not in second.get("/en/", host=PUBLIC_HOST).text  # not yet due
    manage(env, code=COME_DUE % (page_id, page_id))
    manage(env, "publish_scheduled")
    for code, title in TITLES.items():
        home = second.get(f"/{code}/", host=PUBLIC_HOST)
        assert home.headers["X-Cache"] == "MISS"
        assert title in home.text
        assert title in first.get(f"/{code}/", host=PUBLIC_HOST).text

    # Unpublish through the admin of the first server: gone from the second at once.
    manage(env, code="from django.contrib.auth.models import User; "
           "User.objects.create_superuser('chief', 'chief@example.org', 'Memorial-2027!')")
    cookies = sign_in(first, "chief", "Memorial-2027!")
    unpublish = f"/admin/pages/{page_id}/unpublish/"
    form = first.get(unpublish, host=PUBLIC_HOST, headers=browser_headers(cookies, "/admin/"))
    assert form.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    done = first.get(
        unpublish,
        host=PUBLIC_HOST,
        method="POST",
        data={"csrfmiddlewaretoken": token},
        headers=browser_headers(cookies, unpublish),
    )
    assert done.status == 302, done.text[:500]
    for code, title in TITLES.items():
        page = second.get(f"/{code}/", host=PUBLIC_HOST)
        assert page.status == 200
        assert title not in page.text


# -- purges survive the web worker ------------------------------------------------------
class PurgeRecorder:
    """A caching proxy's purge endpoint on loopback, in this process: records each PURGE."""

    def __init__(self):
        seen = self.seen = []

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 - the HTTP method's name
                seen.append(urllib.parse.unquote(self.path))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


ADD_NEWS = """
from demo.builder import create_page
from pages.models import NewsIndexPage, NewsPage
from django.utils import translation
page = create_page(NewsIndexPage.objects.get(), NewsPage, title=%r, summary=%r)
urls = {}
for code in ("az", "en", "ru"):
    with translation.override(code):
        urls[code] = page.get_url()
print(page.pk, urls["az"], urls["en"], urls["ru"])
"""


def test_a_web_worker_killed_right_after_a_publish_loses_no_purge(portal_env, servers):
    """The editor's unpublish is answered, and the web worker is killed at once (a recycled or
    timed-out worker): its purge was recorded with the change, and the purge worker sends it."""
    recorder = PurgeRecorder()
    env = {**portal_env, "CACHE_KEY_PREFIX": "killed-worker",
           "FRONTEND_CACHE_PURGE_URL": recorder.url}
    try:
        app = servers(env)
        made = manage(env, code=ADD_NEWS % (TITLES, TITLES)).split()
        page_id, urls = int(made[0]), made[1:]
        manage(env, "send_purges", "--once")  # the item's own publishing, sent and done
        manage(env, code="from django.contrib.auth.models import User; "
               "User.objects.create_superuser('night-editor', 'n@example.org', 'Memorial-2027!')")
        cookies = sign_in(app, "night-editor", "Memorial-2027!")
        recorder.seen.clear()
        unpublish = f"/admin/pages/{page_id}/unpublish/"
        form = app.get(unpublish, host=PUBLIC_HOST, headers=browser_headers(cookies, "/admin/"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        done = app.get(unpublish, host=PUBLIC_HOST, method="POST",
                       data={"csrfmiddlewaretoken": token},
                       headers=browser_headers(cookies, unpublish))
        assert done.status == 302, done.text[:500]
        os.killpg(app.process.pid, signal.SIGKILL)  # master and workers, no goodbye
        app.process.wait(timeout=15)

        assert recorder.seen == []  # web workers never send purges themselves
        assert "pending: 1" in manage(env, "send_purges", "--report")
        assert "Sent 1," in manage(env, "send_purges", "--once")
        for url in urls:
            assert url in recorder.seen, (url, recorder.seen)
        assert "/sitemap.xml" in recorder.seen
        assert "pending: 0" in manage(env, "send_purges", "--report")
    finally:
        recorder.stop()


# -- make run: one cache for every process ---------------------------------------------
@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    """The portal as `make run` serves it (development settings, SQLite, the database cache),
    with the page cache on, and the environment a second process uses."""
    directory = tmp_path_factory.mktemp("make-run")
    env = dev_env(f"sqlite:///{directory / 'db.sqlite3'}", MEDIA_ROOT=directory / "media",
                  PAGE_CACHE_ENABLED="1")
    manage(env, "migrate", "--noinput")
    manage(env, "update_translation_fields", "--verbosity", "0")
    manage(env, "load_demo_content")
    server = DevServer(env, directory).start()
    yield env, server
    server.stop()


NEWEST_NEWS = """
import json
from django.utils import translation
from pages.models import NewsIndexPage, NewsPage
index = NewsIndexPage.objects.get()
page = NewsPage.objects.live().public().order_by("-date", "-pk").first()
with translation.override("en"):
    print(json.dumps({"pk": page.pk, "title": page.title, "url": page.get_url(),
                      "index": index.get_url(), "feed": index.feed_urls()["rss"]}))
"""
RESTRICT = """
from wagtail.models import PageViewRestriction
PageViewRestriction.objects.create(page_id=%d, restriction_type=PageViewRestriction.%s%s)
"""


LINKS_PAGE = """
from django.utils import translation
from pages.models import LinksPage
page = LinksPage.objects.get()
with translation.override("en"):
    print(page.pk, page.get_url())
"""


def newest_news(env) -> dict:
    return json.loads(manage(env, code=NEWEST_NEWS).strip().splitlines()[-1])


def test_a_page_made_private_from_another_process_is_gone_at_once(make_run):
    env, server = make_run
    news = newest_news(env)
    search = "/en/search/?q=" + urllib.parse.quote(news["title"])
    places = [news["index"], news["feed"], search, "/en/"]
    for path in [news["url"], *places]:
        server.get(path)
        again = server.get(path)
        assert again.status == 200 and news["url"] in again.text, path  # a link to it
    assert server.get(news["url"]).headers["X-Cache"] == "HIT"

    manage(env, code=RESTRICT % (news["pk"], "LOGIN", ""))  # a second process, as a shell

    gone = server.get(news["url"])
    assert gone.status == 302 and "login" in gone.headers["Location"]
    for path in places:
        page = server.get(path)
        assert page.status == 200 and news["url"] not in page.text, path


def test_an_unlocked_password_page_is_never_served_to_other_readers(make_run):
    env, server = make_run
    page_id, about = manage(env, code=LINKS_PAGE).split()[-2:]
    server.get(about)
    assert server.get(about).headers["X-Cache"] == "HIT"
    manage(env, code=RESTRICT % (int(page_id), "PASSWORD", ", password='xocali-1992'"))

    form = server.get(about)
    assert "xocali-1992" not in form.text and 'name="password"' in form.text
    cookies = {name: value for name, (value, _raw) in form.cookies().items()}
    action = re.search(r'<form action="([^"]+)"', form.text).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    unlocked = server.get(action, method="POST", data={
        "csrfmiddlewaretoken": token, "password": "xocali-1992", "return_url": about},
        headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    assert unlocked.status == 302
    cookies.update({name: value for name, (value, _raw) in unlocked.cookies().items()})
    reader = server.get(about, headers={
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    assert reader.status == 200 and 'name="password"' not in reader.text
    for _ in range(2):  # another reader, twice: the form, never the unlocked page
        other = server.get(about)
        assert 'name="password"' in other.text and other.headers["X-Cache"] != "HIT"


def test_a_page_published_on_schedule_by_another_process_shows_at_once(make_run):
    env, server = make_run
    for path in ("/en/", "/en/about/"):
        server.get(path)
    page_id = int(manage(env, code=SCHEDULE_NEWS % ({"en": TITLES["en"] + " (scheduled)",
                                                     "az": TITLES["az"]},)).strip())
    assert TITLES["en"] + " (scheduled)" not in server.get("/en/").text
    manage(env, code=COME_DUE % (page_id, page_id))
    manage(env, "publish_scheduled")
    assert TITLES["en"] + " (scheduled)" in server.get("/en/").text


# -- backup and restore ------------------------------------------------------------------
ADD_SUBMISSIONS_AND_MEDIA = """
import io
from django.core.files.images import ImageFile
from PIL import Image as Picture
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images.models import Image
from pages.models import HomePage
home = HomePage.objects.get()
for i, text in enumerate(["Allah rəhmət eləsin", "We remember", "Помним и скорбим"]):
    FormSubmission.objects.create(page=home, form_data={"name": f"Reader {i}", "message": text})
buffer = io.BytesIO()
Picture.new("RGB", (32, 24), (120, 30, 30)).save(buffer, "PNG")
Image.objects.create(title="Memorial candle", file=ImageFile(buffer, name="candle.png"))
"""

SNAPSHOT = """
import hashlib, json
from django.core.files.storage import default_storage
from wagtail.contrib.forms.models import FormSubmission
from wagtail.images.models import Image
from wagtail.models import Page, Revision
print(json.dumps({
    "pages": sorted([p.pk, p.title_az, p.title_en, p.title_ru, p.live, p.url_path_en]
                    for p in Page.objects.all()),
    "revisions": sorted([r.pk, r.object_id, json.dumps(r.content, sort_keys=True)]
                        for r in Revision.objects.all()),
    "submissions": sorted([s.pk, s.page_id, json.dumps(s.form_data, sort_keys=True)]
                          for s in FormSubmission.objects.all()),
    "media": sorted([i.title, i.file.name,
                     hashlib.sha256(default_storage.open(i.file.name).read()).hexdigest()]
                    for i in Image.objects.all()),
}))
"""


def backup(env, action, directory):
    subprocess.run([sys.executable, "-m", "ops.backup", action, str(directory)], cwd=BASE_DIR,
                   env=env, check=True, capture_output=True, timeout=300)


def check_restore(env, restored_env, directory):
    manage(env, code=ADD_SUBMISSIONS_AND_MEDIA)
    before = json.loads(manage(env, code=SNAPSHOT))
    assert len(before["submissions"]) >= 3 and before["media"] and before["revisions"]
    backup(env, "dump", directory)
    backup(restored_env, "restore", directory)
    after = json.loads(manage(restored_env, code=SNAPSHOT))
    assert after == before
    return after


def test_backup_and_restore_postgresql(portal_env, cluster, workdir, servers):
    restored_env = {
        **portal_env,
        "DATABASE_URL": cluster.url("khojaly_restored"),
        "MEDIA_ROOT": str(workdir / "media-restored"),
    }
    check_restore(portal_env, restored_env, workdir / "backup-pg")
    # The restored portal serves its pages.
    app = servers(restored_env, CACHE_KEY_PREFIX="restored")
    assert "Remembering Khojaly" in app.get("/en/").text


def test_backup_and_restore_sqlite(workdir):
    """The same steps for a portal on SQLite: the database file is copied with SQLite's backup."""
    env = {
        **production_env("", ""),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media-sqlite"),
    }
    manage(env, "migrate", "--noinput")
    manage(env, "update_translation_fields", "--verbosity", "0")
    manage(env, "load_demo_content")
    restored_env = {
        **env,
        "DATABASE_URL": f"sqlite:///{workdir / 'restored' / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media-sqlite-restored"),
    }
    check_restore(env, restored_env, workdir / "backup-sqlite")
