"""Production settings: built from the environment, refused when incomplete, deploy-clean."""

import json
import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from portal.settings.environment import email_settings, frontend_cache, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "khojaly.example.org",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/khojaly",
    "REDIS_URL": "redis://127.0.0.1:6379/6",
    "CSRF_TRUSTED_ORIGINS": "https://khojaly.example.org",
}


def run_django(env_changes: dict, *args, code: str | None = None):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing():
    result = run_django(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    "missing, message",
    [
        ("SECRET_KEY", "The environment variable SECRET_KEY must be set."),
        ("ALLOWED_HOSTS", "The environment variable ALLOWED_HOSTS must be set."),
        ("DATABASE_URL", "The environment variable DATABASE_URL must be set."),
        ("REDIS_URL", "The environment variable REDIS_URL must be set."),
    ],
)
def test_start_up_fails_clearly_without_required_variables(missing, message):
    result = run_django({**PRODUCTION_ENV, missing: None}, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_refuses_sqlite():
    result = run_django({**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "check")
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "cache": settings.CACHES["default"],
    "session": settings.SESSION_ENGINE,
    "storages": settings.STORAGES,
    "media_url": default_storage.url("images/photo.jpg"),
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "email": [settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
              settings.EMAIL_HOST_USER, settings.EMAIL_USE_TLS],
    "frontend": settings.WAGTAILFRONTENDCACHE,
    "hsts": [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS],
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                settings.CSRF_COOKIE_SECURE, settings.CSRF_COOKIE_HTTPONLY],
    "csrf_origins": settings.CSRF_TRUSTED_ORIGINS,
    "middleware": settings.MIDDLEWARE,
}))
"""


def show_settings(**extra):
    result = run_django({**PRODUCTION_ENV, **extra}, code=SHOW_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_from_the_environment():
    shown = show_settings(
        EMAIL_URL="smtp://mailer:p%40ss@smtp.example.org:2525?tls=1",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
    )
    cache = shown["cache"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/6"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"
    assert shown["storages"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert shown["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert shown["media_url"] == "/media/images/photo.jpg"
    assert shown["email"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        2525,
        "mailer",
        True,
    ]
    assert shown["frontend"]["http"]["LOCATION"] == "http://127.0.0.1:6081"
    assert shown["hsts"] == [600, False]
    assert shown["cookies"] == [True, True, True, True]
    assert shown["csrf_origins"] == ["https://khojaly.example.org"]
    middleware = shown["middleware"]
    # Gzip for public pages around the page cache (which stores plain bodies), then the page
    # cache (a hit skips everything), then security, then static files.
    assert middleware[:4] == ["ops.compression.PublicGZipMiddleware",
                              "ops.cache.PageCacheMiddleware",
                              "django.middleware.security.SecurityMiddleware",
                              "whitenoise.middleware.WhiteNoiseMiddleware"]
    assert middleware[-1] == "axes.middleware.AxesMiddleware"


def test_media_on_s3_compatible_storage():
    shown = show_settings(
        AWS_STORAGE_BUCKET_NAME="khojaly-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.org",
        AWS_S3_CUSTOM_DOMAIN="media.khojaly.example.org",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    default = shown["storages"]["default"]
    assert default["BACKEND"] == "ops.storage.MediaStorage"
    assert default["OPTIONS"]["bucket_name"] == "khojaly-media"
    assert shown["media_url"] == "https://media.khojaly.example.org/media/images/photo.jpg"
    assert "https://media.khojaly.example.org" in shown["img_src"]


def test_documents_in_object_storage_are_private_downloads():
    """Pictures are read from the bucket by browsers; documents only through the document
    view, which checks who may read them: uploaded with a private ACL, as attachments."""
    from ops.storage import MediaStorage

    storage = MediaStorage(bucket_name="khojaly-media", location="media",
                           default_acl="public-read", access_key="key", secret_key="secret")
    document = storage._get_write_parameters("media/documents/report.pdf")
    assert document["ACL"] == "private"
    assert document["ContentDisposition"] == "attachment"
    picture = storage._get_write_parameters("media/original_images/khojaly.jpg")
    assert picture["ACL"] == "public-read"
    assert "ContentDisposition" not in picture
    assert picture["ContentType"] == "image/jpeg"


def test_email_settings_variants():
    assert email_settings({})["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtps = email_settings({"EMAIL_URL": "smtps://u:p@mail.example.org"})
    assert (smtps["EMAIL_PORT"], smtps["EMAIL_USE_SSL"], smtps["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )
    separate = email_settings(
        {"EMAIL_HOST": "mail.example.org", "EMAIL_HOST_USER": "u", "EMAIL_USE_TLS": "1"}
    )
    assert (separate["EMAIL_HOST"], separate["EMAIL_PORT"], separate["EMAIL_USE_TLS"]) == (
        "mail.example.org",
        587,
        True,
    )


def test_media_and_cdn_defaults():
    assert media_storage({})[1] is None
    assert frontend_cache({}) == {}
    cloudflare = frontend_cache({"CLOUDFLARE_API_TOKEN": "t", "CLOUDFLARE_ZONE_ID": "z"})
    assert cloudflare["cloudflare"]["ZONEID"] == "z"


def test_gunicorn_configuration(monkeypatch):
    path = str(BASE_DIR / "deploy" / "gunicorn.conf.py")
    monkeypatch.setenv("WEB_CONCURRENCY", "6")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8361")
    config = runpy.run_path(path)
    assert config["workers"] == 6
    assert config["bind"] == ["127.0.0.1:8361"]
    assert config["max_requests"] == 0  # memory is flat: workers are not recycled
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "10000")
    recycled = runpy.run_path(path)
    assert (recycled["max_requests"], recycled["max_requests_jitter"]) == (10000, 5000)
    assert config["timeout"] == 30
    assert config["accesslog"] == "-"
    assert config["control_socket_disable"] is True
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert runpy.run_path(path)["workers"] == os.cpu_count() * 2 + 1
