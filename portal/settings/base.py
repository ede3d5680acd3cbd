"""Settings shared by every environment, read from the environment where they vary."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.release import release
from portal.settings.environment import archive_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # wagtail-modeltranslation must come before the models it patches.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "core",
    "translations",
    "pages",
    "editorial",
    "polls",
    "ops",
    "remembrance",
    "citations",
    "sharing",
    "preservation",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # First: a cached page skips everything else (ops/cache.py). It is stored with the headers
    # the middleware below added when it was rendered (security headers, CSP), and only for
    # the scheme it was asked with, so a plain-HTTP request still reaches the HTTPS redirect.
    # Gzip for public pages only (BREACH: nothing with a CSRF token or a session), outside
    # the page cache so it stores plain bodies and each reader gets the encoding asked for.
    "ops.compression.PublicGZipMiddleware",
    "ops.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "ops.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.admin_language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ops.middleware.PortalCSPMiddleware",
    # Every CSV the portal hands out, Wagtail's exports included, through one safe writer.
    "core.spreadsheets.SafeCSVMiddleware",
    "ops.middleware.DatabaseUnavailableMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A truncated live-preview form gets a 400 like the editor's own form (editorial.malformed).
    "editorial.malformed.MalformedPreviewMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# PostgreSQL in production through DATABASE_URL; SQLite when it is unset.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses sign-in for a locked-out account or address before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: one line each, the first is the default and the one every translation is made from
# (PORTAL_SOURCE_LANGUAGE below). Everything else about languages is derived from this list:
# modeltranslation's columns and fallbacks, the editor's language picker, the translators' groups
# and permissions (core.languages), the switcher and hreflang (core.i18n). Adding one is this
# line, makemigrations, migrate and a catalogue in locale/<code>/ (docs/translation.md).
LANGUAGES = [
    ("az", _("Azerbaijani")),
    ("en", _("English")),
    ("ru", _("Russian")),
]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Baku"

_LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = _LANGUAGE_CODES
# A text missing in the reader's language is shown in the next language of its chain: the
# default language first, then the others in the order of LANGUAGES.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": _LANGUAGE_CODES,
    **{
        code: tuple(other for other in _LANGUAGE_CODES if other != code)
        for code in _LANGUAGE_CODES
    },
}
MODELTRANSLATION_TRANSLATION_FILES = ("pages.translation", "remembrance.translation")
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# The editor's language picker shows every language at first and then remembers the editor's
# choice (editorial/static/editorial/locale_picker.js limits it to the form's languages).
WAGTAILMODELTRANSLATION_LOCALE_PICKER_DEFAULT = _LANGUAGE_CODES
WAGTAILMODELTRANSLATION_LOCALE_PICKER_RESTORE = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = "Khojaly 1992"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Slugs stay ASCII: Azerbaijani and Cyrillic titles are transliterated (core.slugs).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_I18N_ENABLED = False


def _admin_speaks(code: str) -> bool:
    """Wagtail's admin has a catalogue of its own for the language (Azerbaijani has none
    worth the name: its az_AZ holds two dozen of Wagtail's thousands of texts)."""
    import wagtail
    from django.utils.translation import to_locale

    folder = Path(wagtail.__file__).parent / "admin" / "locale" / to_locale(code)
    return (folder / "LC_MESSAGES" / "django.mo").exists()


# The admin speaks one language throughout, Wagtail's texts and the portal's alike: the
# languages Wagtail's admin speaks (English and Russian); anyone else's admin is in English
# (core.admin_language; docs/translation.md).
WAGTAILADMIN_PERMITTED_LANGUAGES = [(code, name) for code, name in LANGUAGES if _admin_speaks(code)]
# No avatars from gravatar.com: the admin, like the site, loads nothing from another host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# One PostgreSQL text-search configuration for all languages: "russian" stems Russian words and,
# through its English stemmer for Latin words, English too (SQLite ignores it: exact words).
# Azerbaijani is matched through a folded copy of each page's text (core.search).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "russian"}
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document, PDFs included, downloads as an attachment under its own file name (safer than
# rendering uploaded files inline, and what the resources section promises).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# The formats a memorial archive keeps; anything else (HTML, SVG, XML, scripts, programs) is
# refused by the upload form with a message. Served files also get a sandboxing CSP and
# nosniff (PORTAL_FILE_CSP below), and never come from /media/ (ops.media).
WAGTAILDOCS_EXTENSIONS = [
    # documents
    "pdf", "txt", "csv", "rtf", "epub",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp",
    # pictures and scans
    "jpg", "jpeg", "png", "gif", "webp", "tif", "tiff",
    # sound and film
    "mp3", "m4a", "aac", "ogg", "oga", "opus", "wav", "flac",
    "mp4", "m4v", "webm", "ogv", "mov",
]
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Upload limits, in bytes. A form body (without its files) over DATA_UPLOAD_MAX_MEMORY_SIZE gets
# the 400 page; an image or document over its limit is refused by the admin's upload form with a
# message. Uploaded files larger than FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440))
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 2**20))
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", 50 * 2**20))

# Sections where contributors write drafts that editors review ("Editorial review" workflow).
PORTAL_CONTRIBUTOR_SECTIONS = ["pages.NewsIndexPage", "pages.AnniversaryIndexPage"]
# Redirects for renamed and moved pages are made per language by editorial.redirects.
WAGTAILREDIRECTS_AUTO_CREATE = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_COMMENTS_ENABLED = True

# Proposals to the names register: at most this many per address (kept only as a salted
# hash) in this many seconds.
REMEMBRANCE_CONTRIBUTION_LIMIT = int(os.environ.get("REMEMBRANCE_CONTRIBUTION_LIMIT", "5"))
REMEMBRANCE_CONTRIBUTION_WINDOW = int(os.environ.get("REMEMBRANCE_CONTRIBUTION_WINDOW", "3600"))

# The day the portal commemorates; site settings may override it per site.
PORTAL_EVENT_DATE = os.environ.get("PORTAL_EVENT_DATE", "1992-02-26")

# Readers' network addresses (core.clients) are kept only as a salted hash; the salt is
# SECRET_KEY when empty. Which address is the reader's depends on TRUSTED_PROXY_COUNT (below).
if os.environ.get("PORTAL_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR") != "REMOTE_ADDR":
    raise ImproperlyConfigured(
        "PORTAL_CLIENT_ADDRESS_HEADER is gone: any client can write that header. Set "
        "TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For instead."
    )
PORTAL_ADDRESS_SALT = os.environ.get("PORTAL_ADDRESS_SALT", "")
# Votes and contact messages accepted from one address per window (seconds), counted in the cache.
POLL_RATE_LIMIT = int(os.environ.get("POLL_RATE_LIMIT", "20"))
POLL_RATE_WINDOW = int(os.environ.get("POLL_RATE_WINDOW", "3600"))
CONTACT_RATE_LIMIT = int(os.environ.get("CONTACT_RATE_LIMIT", "5"))
CONTACT_RATE_WINDOW = int(os.environ.get("CONTACT_RATE_WINDOW", "3600"))
# Map tiles (MapPage): a URL template with {z}/{x}/{y} and its attribution, as plain text.
# An empty template draws the places and routes without a background map.
# Empty by default: no page loads anything from another host unless the operator chooses a
# tile server (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png, within its usage policy).
PORTAL_MAP_TILE_URL = os.environ.get("PORTAL_MAP_TILE_URL", "")
PORTAL_MAP_TILE_ATTRIBUTION = os.environ.get(
    "PORTAL_MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors"
)
# Seconds `manage.py check_links` waits for each link before calling it broken.
PORTAL_LINK_CHECK_TIMEOUT = float(os.environ.get("PORTAL_LINK_CHECK_TIMEOUT", "10"))
# `check_links` never connects to loopback, private, link-local or metadata addresses (after DNS
# resolution and on every redirect hop); an operator may allow named hosts (an intranet mirror).
PORTAL_LINK_CHECK_ALLOWED_HOSTS = env_list("PORTAL_LINK_CHECK_ALLOWED_HOSTS")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "memorial@localhost")

# -- Admin sign-in lockout (django-axes) -------------------------------------------------
# After AXES_FAILURE_LIMIT failed sign-ins for one account, or from one address, further
# attempts are refused for AXES_COOLOFF_MINUTES. Attempts are stored in the database, so the
# count is shared by every app server.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "ops/lockout.html"
# Proxies in front of the portal that each append to X-Forwarded-For (load balancer, Varnish,
# CDN): every per-address limit and the lockout count the address the outermost one saw.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# -- Content-Security-Policy (django-csp) ------------------------------------------------
# Public pages: everything from the portal itself; no inline scripts or styles, no frames
# around the portal. MEDIA_SOURCES gains the object storage origin in production.
MEDIA_SOURCES: list[str] = []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "media-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin uses inline scripts and styles, compiles some templates at run time
# (new Function) and frames its own previews: its paths get this policy instead
# (ops.middleware.PortalCSPMiddleware). Only signed-in staff use it.
PORTAL_ADMIN_PATH_PREFIXES = ["/admin/", "/django-admin/"]
PORTAL_ADMIN_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Files (documents through Wagtail's view, pictures from /media/): nothing in them may run,
# even if a browser were to render one as a page.
PORTAL_FILE_CSP = {
    "DIRECTIVES": {"default-src": [NONE], "sandbox": True, "frame-ancestors": [NONE]}
}
# Headers on every response (ops.middleware.SecurityHeadersMiddleware): no powerful browser
# feature for any page, and the portal's resources are not for other sites' pages.
PORTAL_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)
PORTAL_CROSS_ORIGIN_RESOURCE_POLICY = os.environ.get(
    "CROSS_ORIGIN_RESOURCE_POLICY", "same-origin"
)

# The language every translation is made from and compared with (translations.state).
PORTAL_SOURCE_LANGUAGE = os.environ.get("PORTAL_SOURCE_LANGUAGE", LANGUAGE_CODE)

# Machine translation as a suggestion (translations.machine, docs/configuration.md): None (the
# default) lets the PORTAL_MT_* environment variables decide, read when asked; or the backend's
# class and its options, e.g. {"BACKEND": "translations.machine.DeepL", "OPTIONS": {"api_key":
# "…", "timeout": 10}}, loaded with import_string.
PORTAL_MACHINE_TRANSLATION = None

# The running release (a version or commit): part of every page cache key (portal/release.py).
PORTAL_RELEASE = release()

# -- Page cache (ops/cache.py) -----------------------------------------------------------
# Off in development and tests (each test that needs it turns it on); on in production.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "3600"))
# Purges (ops.purges) are sent by `manage.py send_purges`, a process of its own (production);
# off: the process that made the change sends them right after its commit (make run, tests).
PURGE_WORKER = env_bool("PURGE_WORKER", False)
PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/documents/",
    STATIC_URL,
    MEDIA_URL,
    "/healthz",
    "/readyz",
]
# Query parameters that may be cached (pagination, search queries: each query, language and
# page is kept like any page); any other one bypasses the cache.
PAGE_CACHE_QUERY_PARAMETERS = ["page", "q"]
# Seconds a reader is asked to wait when the database is down (Retry-After).
DATABASE_DOWN_RETRY_AFTER = int(os.environ.get("DATABASE_DOWN_RETRY_AFTER", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Items per page of the news list.
NEWS_PAGE_SIZE = int(os.environ.get("NEWS_PAGE_SIZE", "10"))

# -- The archive (preservation/, docs/preservation.md) -----------------------------------
# Where `make archive` builds the static copy, the WARC and the bag (current/ is the newest).
PRESERVATION_ROOT = Path(os.environ.get("PRESERVATION_ROOT", BASE_DIR / "archive"))
# The live site's address the archive names; the default site's when empty.
PRESERVATION_BASE_URL = os.environ.get("PRESERVATION_BASE_URL", "")
# Where --upload sends each build (portal.settings.environment.archive_storage), and how many of
# the newest uploads are kept besides the first of each month.
PRESERVATION_UPLOAD = archive_storage()
PRESERVATION_KEEP_UPLOADS = int(os.environ.get("PRESERVATION_KEEP_UPLOADS", "14"))
