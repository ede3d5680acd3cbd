# ruff: noqa: F405
"""bakerydemo's settings for `make bench-versus` (bench/versus.py copies this file to
bakerydemo/settings/bench.py in its checkout): its production settings minus everything that
needs the network (HTTPS redirect, Redis, Elasticsearch, S3/GCS, Cloudflare, oEmbed lookups),
on a local PostgreSQL database, with Django's per-site cache (locmem) in front of every view.
"""
import os

# Keep production.py from generating a random per-process SECRET_KEY (each
# gunicorn worker would otherwise get a different one) and from picking up
# any external service from the environment.
os.environ.setdefault("DJANGO_SECRET_KEY", "bakerydemo-bench-fixed-not-secret-" + "0123456789" * 4)
for _var in (
    "REDIS_URL",
    "REDIS_TLS_URL",
    "ELASTICSEARCH_ENDPOINT",
    "AWS_STORAGE_BUCKET_NAME",
    "GS_BUCKET_NAME",
    "FRONTEND_CACHE_CLOUDFLARE_TOKEN",
    "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN",
    "BASIC_AUTH_ENABLED",
    "CSP_DEFAULT_SRC",
):
    os.environ.pop(_var, None)

import dj_database_url  # noqa: E402

from .production import *  # noqa: E402, F403

DEBUG = False
ALLOWED_HOSTS = ["*"]

# Database: local PostgreSQL (overridable with DATABASE_URL).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get(
            "DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/bakerydemo_bench",
        ),
        conn_max_age=500,
    )
}
if "django.contrib.postgres" not in INSTALLED_APPS:
    INSTALLED_APPS.append("django.contrib.postgres")

# No HTTPS redirect / HSTS on plain-HTTP localhost.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

# Cache: process-local memory only (no Redis).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bakerydemo-bench",
    }
}

# Search: database backend (no Elasticsearch).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "INDEX": "bakerydemo",
    },
}

# No frontend-cache purging (Cloudflare etc.), no cloud storage.
WAGTAILFRONTENDCACHE = {}
for _app in ("wagtail.contrib.frontend_cache", "storages"):
    while _app in INSTALLED_APPS:
        INSTALLED_APPS.remove(_app)
STORAGES["default"]["BACKEND"] = "django.core.files.storage.FileSystemStorage"

# No oEmbed lookups over the network: embeds already stored in the database
# (wagtailembeds_embed, loaded by the fixture) are still rendered; anything
# else renders empty instead of calling out.
WAGTAILEMBEDS_FINDERS = []

WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8600"

# Django per-site cache, as documented:
# https://docs.djangoproject.com/en/stable/topics/cache/#the-per-site-cache
# UpdateCacheMiddleware first, FetchFromCacheMiddleware last. WhiteNoise stays
# where production.py puts it (appended), i.e. just before FetchFromCache, so
# static files are served by WhiteNoise and never go into the page cache.
MIDDLEWARE = [
    m
    for m in MIDDLEWARE
    if m
    not in (
        "django.middleware.cache.UpdateCacheMiddleware",
        "django.middleware.cache.FetchFromCacheMiddleware",
        "baipw.middleware.BasicAuthIPWhitelistMiddleware",
        "csp.middleware.CSPMiddleware",
    )
]
MIDDLEWARE = (
    ["django.middleware.cache.UpdateCacheMiddleware"]
    + MIDDLEWARE
    + ["django.middleware.cache.FetchFromCacheMiddleware"]
)
CACHE_MIDDLEWARE_ALIAS = "default"
CACHE_MIDDLEWARE_SECONDS = 3600
CACHE_MIDDLEWARE_KEY_PREFIX = "bakerydemo-bench"
