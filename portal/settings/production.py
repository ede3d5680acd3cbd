"""Production: every value comes from the environment, and start-up fails clearly without the
ones that guard security or that several app servers must share.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), REDIS_URL.
See README.md (environment variables) and docs/deploy.md.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import (
    CONTENT_SECURITY_POLICY,
    DATABASES,
    MIDDLEWARE,
    PORTAL_ADMIN_CSP,
    env_bool,
    env_list,
    env_required,
)
from .environment import email_settings, frontend_cache, media_storage, redis_cache

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]

# -- Database: PostgreSQL ----------------------------------------------------------------
if "postgresql" not in dj_database_url.parse(env_required("DATABASE_URL"))["ENGINE"]:
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL in production (postgres://user:pass@host/name)."
    )
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault(
    "connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "5"))
)

# -- Cache and sessions: Redis, shared by every app server ------------------------------
# Wagtail keeps its site root paths in the default cache: with several processes it must be
# this shared cache, or a moved or renamed page keeps its old URL in some of them.
CACHES = {
    "default": redis_cache(
        env_required("REDIS_URL"), key_prefix=os.environ.get("CACHE_KEY_PREFIX", "khojaly")
    )
}
DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "ops.cache"
# Sessions are read from Redis and written through to the database: Redis down does not
# sign editors out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PURGE_WORKER = env_bool("PURGE_WORKER", True)

# -- HTTPS and security headers ----------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# -- Static files: WhiteNoise, right after SecurityMiddleware -----------------------------
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

# -- Media: local disk, or S3-compatible object storage ---------------------------------
_media_backend, _media_origin = media_storage()
STORAGES = {
    "default": _media_backend,
    # Hashed, compressed (gzip, and brotli when installed) names, served by WhiteNoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if _media_origin:
    options = _media_backend["OPTIONS"]
    if options.get("custom_domain"):
        MEDIA_URL = f"https://{options['custom_domain']}/{options['location']}/"
    # The object store is the portal's own origin for images, video and audio.
    for policy in (CONTENT_SECURITY_POLICY, PORTAL_ADMIN_CSP):
        for directive in ("img-src", "media-src"):
            policy["DIRECTIVES"][directive].append(_media_origin)
# A template naming a file collectstatic did not see gets its plain name, not an error.
WHITENOISE_MANIFEST_STRICT = False
# With media on local disk and no web server in front for /media/, the app serves it.
SERVE_MEDIA_FILES = env_bool("SERVE_MEDIA_FILES", _media_origin is None)
if SECURE_SSL_REDIRECT:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# -- Mail --------------------------------------------------------------------------------
globals().update(email_settings())
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "memorial@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# -- CDN purging (wagtail.contrib.frontend_cache, used by ops.signals) ------------------
WAGTAILFRONTENDCACHE = frontend_cache()

# -- Logging: to stderr, collected by the process manager --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "ops": {"level": os.environ.get("OPS_LOG_LEVEL", "WARNING")},
        "axes": {"level": "WARNING"},
    },
}
