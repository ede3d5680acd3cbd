"""The portal in production mode on real servers: gunicorn, PostgreSQL, Redis.

Each test starts what it needs on 127.0.0.1 (a private PostgreSQL cluster, private Redis
servers, gunicorn with deploy/gunicorn.conf.py and the production settings), stops servers
mid-test to see how readers fare, and removes everything afterwards. These tests run the same
way whichever database the rest of the suite uses: they bring their own PostgreSQL (and the
backup test covers SQLite too).
"""

import json
import re
import subprocess
import sys
import time

import pytest

from tests.servers import (
    BASE_DIR,
    PUBLIC_HOST,
    RedisServer,
    browser_headers,
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


def test_redis_down_pages_are_still_served(portal_env, servers):
    redis = RedisServer().start()
    try:
        app = servers(portal_env, REDIS_URL=redis.url)
        assert app.get("/en/").headers["X-Cache"] == "MISS"
        assert app.get("/en/").headers["X-Cache"] == "HIT"
        assert app.get("/readyz").status == 200

        redis.stop()
        titles = [("az", "Xocalını"), ("en", "Remembering Khojaly"), ("ru", "Помним")]
        for code, title in titles:
            page = app.get(f"/{code}/")
            assert page.status == 200
            assert title in page.text
        # Once the generation the workers read is no longer trusted (production: 0.5 s), the
        # cache is not asked at all until Redis answers again.
        time.sleep(0.6)
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
        deadline = time.monotonic() + 20
        while app.get("/en/").headers["X-Cache"] != "HIT" and time.monotonic() < deadline:
            time.sleep(0.2)
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
page.go_live_at = timezone.now() + timedelta(seconds=1)
page.save_revision().publish()
print(page.pk)
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
    time.sleep(1.2)
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
