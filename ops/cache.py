"""The whole-page cache for anonymous readers, kept in the shared (Redis) cache.

What is cached
    Anonymous GET and HEAD requests for public pages, per scheme, host, path (with an allowed
    query such as ``?page=2``) and language, as long as the response is a plain 200 that sets no
    cookie and says nothing against caching (``Cache-Control: private/no-cache/no-store``,
    ``Vary: *``). The language is part of the key: it is in the URL for every page
    (``/az/…``, ``/en/…``, ``/ru/…``) and, for the few URLs without a prefix (``/sitemap.xml``),
    it is the language Django would choose from the language cookie and ``Accept-Language`` —
    exactly what ``Vary: Accept-Language`` asks for.

What is never cached
    Requests that carry any cookie other than the CSRF and language cookies (a session cookie
    means a signed-in editor, a voter, a password-protected page…), an ``Authorization``
    header, POST and every other method, the admin and other excluded prefixes, previews,
    non-200 responses and responses that set a cookie. A page with a form calls
    ``get_token()``, and Django then (re)sends the CSRF cookie with the response, so **pages
    with a form are never cached**: each reader gets their own token. Views can opt out with
    Django's ``never_cache``.

Exact invalidation: one generation for the whole page cache
    Every cache key contains the current *generation*, a random token kept in the cache under
    ``generation_key()``, one per release: a deploy starts a new generation by itself.
    Publishing, unpublishing, moving or deleting any page (and saving site settings, images,
    documents, snippets: anything a page may show) replaces the token with a new random one
    (:func:`bump_generation`, called by ``ops.signals``). After the bump no request can read an
    entry written before it, because the keys of those entries contain a token that is never
    used again. So every page that showed the changed page — the page itself, its index, the
    home page's latest lists, feeds, the sitemap, in every language — is invalidated at once,
    without having to know which pages show what. That is the point: a dependency graph between
    pages would have to be right for every listing any helper adds, while the generation is
    right by construction. The cost is that an edit empties the whole page cache; on a memorial
    portal publishing a few times a day that is negligible, and the old entries simply expire.

    Races: the token is bumped when the signal fires and again after the transaction commits.
    A request that read the old token may still store a page rendered from old data, but under
    the old token, which nobody reads again. A request that reads the new token started after
    the commit, so it renders from the new data. All app servers share the cache, so one bump
    invalidates the pages of every process.

Two tiers: this process, then the shared cache
    A hit still asks the shared cache for the generation (one small read, so a change made on
    any server is seen by the next request everywhere: no staleness beyond the shared model),
    then looks for the page in this process's copies (:class:`_LocalPages`) and only then asks
    the shared cache for the page. Each process keeps at most ``PAGE_CACHE_LOCAL_BYTES`` of
    pages (least recently used go first) and only of the current generation; a copy is served
    until the lifetime its entry was stored with ends, exactly as the shared entry is.

How long a process trusts the generation it read
    Asking the shared cache for the generation is most of what a hit costs (a round trip to
    Redis), so each process trusts the token it read for ``PAGE_CACHE_GENERATION_SECONDS``
    (0.5 s in production, 0 in development and tests). A change made on another app server
    therefore reaches this process's readers within that time: that is the staleness bound.
    The process that made the change sees it at once. So that no shared cache in front (Varnish,
    a CDN) stores a page from a process that has not seen the change yet, the proxy purge is
    sent that long after the commit (:func:`purge_delay`, ``ops.signals``).

Faults
    With ``IGNORE_EXCEPTIONS`` a Redis outage makes every cache call return nothing (and
    django-redis logs it); the middleware then passes requests to the views, which read the
    database. A missing generation (a Redis restart without persistence) starts a new one.
"""

import contextvars
import hashlib
import logging
import math
import pickle
import re
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_cache_control

logger = logging.getLogger("ops.cache")

def generation_key() -> str:
    """Where the current generation is kept: per release, so a deploy starts a new one and
    nothing the previous code stored is read again (portal/release.py)."""
    return f"pagecache:generation:{settings.PORTAL_RELEASE}"
HEADER = "X-Cache"
# Vary values that do not make a response personal: the language is part of the key, and
# requests that carry any cookie besides the harmless ones bypass the cache.
SAFE_VARY = {"accept-language", "cookie"}


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _safe(call, *args, **kwargs):
    """Run a cache call; a cache that fails is a cache miss, never an error for the reader."""
    try:
        return call(*args, **kwargs)
    except Exception:  # a backend without IGNORE_EXCEPTIONS, or a bug in one
        logger.warning("Page cache unavailable", exc_info=True)
        return None


# The generation read at the start of the request being served (PageCacheMiddleware): one read
# of the shared cache per request, however many remembered values the request uses.
_OUTSIDE_REQUEST = object()
_request_generation: contextvars.ContextVar = contextvars.ContextVar(
    "page_cache_generation", default=_OUTSIDE_REQUEST
)
# After the shared cache failed to answer, this process does not ask it again for this long:
# each request would otherwise wait for (and log) several failed calls while Redis is down.
UNREACHABLE_RETRY_SECONDS = 1.0
_unreachable_until = 0.0
# The clock every deadline here is read from; tests put a clock of their own in its place
# instead of relying on how fast the machine renders pages.
clock = time.monotonic


def request_generation() -> str | None:
    """The generation of the request being served; None outside a request, or when the
    shared cache could not be reached at its start."""
    token = _request_generation.get()
    return None if token is _OUTSIDE_REQUEST else token


def current_generation() -> str | None:
    """The token every page cache key contains now; None when the cache cannot be reached."""
    token = _request_generation.get()
    if token is not _OUTSIDE_REQUEST:
        return token
    return _read_generation()


class _KnownGeneration:
    """The generation this process read last, and when (on ``clock``): trusted for
    ``PAGE_CACHE_GENERATION_SECONDS``, so a hit needs no round trip to the shared cache."""

    def __init__(self):
        self.token, self.read_at = None, -math.inf

    def fresh(self) -> str | None:
        trusted = getattr(settings, "PAGE_CACHE_GENERATION_SECONDS", 0)
        if self.token is not None and clock() - self.read_at < trusted:
            return self.token
        return None

    def remember(self, token: str | None) -> None:
        self.token, self.read_at = token, clock()

    def forget(self) -> None:
        self.token, self.read_at = None, -math.inf


known_generation = _KnownGeneration()


def _read_generation() -> str | None:
    global _unreachable_until
    token = known_generation.fresh()
    if token is not None:
        return token
    if clock() < _unreachable_until:
        return None
    token = _ask_generation()
    if token is None:  # neither read nor written: the cache is unreachable
        _unreachable_until = clock() + UNREACHABLE_RETRY_SECONDS
        known_generation.forget()
    else:
        known_generation.remember(token)
    return token


def _ask_generation() -> str | None:
    cache = _cache()
    token = _safe(cache.get, generation_key())
    if token is None:
        candidate = uuid.uuid4().hex
        if _safe(cache.add, generation_key(), candidate, timeout=None):
            return candidate
        token = _safe(cache.get, generation_key())
    return token


def bump_generation() -> str:
    """Make every cached page unreachable, in every process that shares the cache."""
    token = uuid.uuid4().hex
    cache = _cache()
    _safe(cache.set, generation_key(), token, timeout=None)
    known_generation.remember(token)  # this process sees its own change at once
    if _request_generation.get() is not _OUTSIDE_REQUEST:
        _request_generation.set(token)  # the rest of this request sees its own change
    global _unreachable_until
    if _safe(cache.get, generation_key()) == token:
        _unreachable_until = 0.0  # reachable again
    else:
        logger.error(
            "Could not invalidate the page cache (cache unreachable): pages cached before "
            "may be served for up to %s seconds once it is back.",
            settings.PAGE_CACHE_TIMEOUT,
        )
    return token


class _LocalCopies:
    """This process's copies of remembered values, for the current generation only.

    Values are kept pickled, as the shared cache keeps them, so every caller gets its own
    objects (a request may set attributes on a settings instance or a page). A new generation
    empties the store; so does reaching ``MAX_ENTRIES``, which bounds its memory.
    """

    MAX_ENTRIES = 4096

    def __init__(self):
        self.generation = None
        self.entries: dict[str, tuple[float, bytes]] = {}

    def get(self, generation: str, key: str):
        if generation != self.generation:
            return None
        entry = self.entries.get(key)
        if entry is None or entry[0] < clock():
            return None
        return pickle.loads(entry[1])

    def set(self, generation: str, key: str, stored: tuple, timeout: int) -> None:
        try:
            blob = pickle.dumps(stored, pickle.HIGHEST_PROTOCOL)
        except Exception:  # not picklable: the shared cache could not keep it either
            return
        if generation != self.generation or len(self.entries) >= self.MAX_ENTRIES:
            self.entries = {}
            self.generation = generation
        self.entries[key] = (clock() + timeout, blob)

    def clear(self) -> None:
        self.generation = None
        self.entries = {}


local_copies = _LocalCopies()


class _LocalPages:
    """This process's copies of cached pages of the current generation, least recently used
    dropped first beyond ``PAGE_CACHE_LOCAL_BYTES``.

    Entries are the dicts :meth:`PageCacheMiddleware.freeze` makes (a status, a tuple of header
    pairs, the body as bytes, when it expires): nothing in them is ever changed, so every hit
    builds its response from the same entry without copying or unpickling it.
    """

    def __init__(self):
        self.generation = None
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.size = 0

    def get(self, generation: str, key: str):
        if generation != self.generation:
            return None
        entry = self.entries.get(key)
        if entry is None:
            return None
        if entry["expires"] <= clock():
            self._drop(key)
            return None
        self.entries.move_to_end(key)
        return entry

    def set(self, generation: str, key: str, entry: dict) -> None:
        limit = getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 0)
        size = len(entry["body"]) + 64 * len(entry["headers"])
        if size > limit // 4:
            return  # too big to be worth keeping here (or the tier is off)
        if generation != self.generation:
            self.clear()
            self.generation = generation
        self._drop(key)
        self.entries[key] = entry
        self.size += size
        while self.size > limit:
            self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.size -= len(entry["body"]) + 64 * len(entry["headers"])

    def clear(self) -> None:
        self.generation = None
        self.entries = OrderedDict()
        self.size = 0


local_pages = _LocalPages()


def recall(name: str):
    """``(True, value)`` if ``name`` is remembered in the current generation, else
    ``(False, None)``. Reads this process's copy first, then the shared cache."""
    generation = current_generation()
    if generation is None:
        return False, None
    key = f"fragment:{generation}:{name}"
    stored = local_copies.get(generation, key)
    if stored is None:
        stored = _safe(_cache().get, key)
        if stored is None:
            return False, None
        local_copies.set(generation, key, stored, settings.PAGE_CACHE_TIMEOUT)
    return True, stored[0]


def keep(name: str, value, timeout: int | None = None) -> None:
    """Remember ``value`` under ``name`` until the generation changes (see ``remember``)."""
    generation = current_generation()
    if generation is None:
        return
    key = f"fragment:{generation}:{name}"
    timeout = timeout or settings.PAGE_CACHE_TIMEOUT
    _safe(_cache().set, key, (value,), timeout)
    local_copies.set(generation, key, (value,), timeout)


def remember(name: str, compute, timeout: int | None = None):
    """``compute()``, kept until the page cache generation changes.

    For the pieces many pages share (the menu, site settings, the news filters, the way to a
    page): they change exactly when the whole page cache is invalidated, so they live under the
    same generation, in the shared cache (one computation for every app server) and in this
    process (no round trip to the shared cache). Without a reachable cache the value is computed
    every time.
    """
    found, value = recall(name)
    if found:
        return value
    value = compute()
    keep(name, value, timeout)
    return value


def forget_local_state() -> None:
    """Drop this process's copies and its memory of an unreachable cache (tests, after the
    cache they used was replaced or emptied)."""
    global _unreachable_until
    _unreachable_until = 0.0
    local_copies.clear()
    local_pages.clear()
    known_generation.forget()


def purge_delay() -> float:
    """Seconds after a change's commit before shared caches in front may be purged: until
    then another process may still serve what it had (see the module docstring)."""
    return float(getattr(settings, "PAGE_CACHE_GENERATION_SECONDS", 0))


def invalidate_page_cache() -> None:
    """Bump now and again when the current transaction commits (see the module docstring)."""
    bump_generation()
    transaction.on_commit(bump_generation)


# -- how long a page may be kept ---------------------------------------------------------
# Shared caches (Varnish, a CDN) may serve a stored copy this long after it should be
# refreshed while one request fetches a new one, and this long when the portal answers errors.
STALE_WHILE_REVALIDATE = 30
STALE_IF_ERROR = 24 * 3600


def lifetime(changes_at, now) -> int:
    """Seconds a page may be kept: PAGE_CACHE_TIMEOUT, or less when what it shows changes by
    itself before then (a poll opens or closes, the anniversary's midnight, a page expires)."""
    seconds = settings.PAGE_CACHE_TIMEOUT
    if changes_at is not None:
        seconds = min(seconds, max(0, math.ceil((changes_at - now).total_seconds())))
    return seconds


def mark_cacheable(request, response, seconds: int) -> None:
    """Cache-Control of a page: for shared caches ``s-maxage`` (the lifetime; every change
    purges it before then), a short ``stale-while-revalidate`` and a long ``stale-if-error``;
    browsers ask again each time. Signed-in editors' pages and pages that set a cookie (a
    form's CSRF token) are private. The page cache reads the same header (``shared_lifetime``)."""
    if response.has_header("Cache-Control") or response.status_code != 200:
        return
    user = getattr(request, "user", None)
    if response.cookies or (user is not None and user.is_authenticated):
        patch_cache_control(response, private=True, no_cache=True)
        return
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=seconds,
        stale_while_revalidate=STALE_WHILE_REVALIDATE, stale_if_error=STALE_IF_ERROR,
    )


def shared_lifetime(response) -> int:
    """The response's ``s-maxage`` bounded by PAGE_CACHE_TIMEOUT (PAGE_CACHE_TIMEOUT without)."""
    for part in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _, value = part.partition("=")
        if name.strip().lower() == "s-maxage" and value.strip().isdigit():
            return min(int(value), settings.PAGE_CACHE_TIMEOUT)
    return settings.PAGE_CACHE_TIMEOUT


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the shared cache; see the module docstring.

    Place it first, so a hit skips every other middleware (security headers, static files,
    sessions, language selection, CSRF) and the views: what those add to a page's headers was
    stored with it. The response says what happened in
    ``X-Cache``: ``HIT``, ``MISS`` (rendered and stored) or ``BYPASS`` (not cacheable).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        generation = _read_generation()
        reset = _request_generation.set(generation)
        try:
            return self.serve(request, generation)
        finally:
            _request_generation.reset(reset)

    def serve(self, request, generation):
        if not getattr(settings, "PAGE_CACHE_ENABLED", False):
            return self.get_response(request)
        if not self.request_is_cacheable(request):
            return self._bypass(request)
        if generation is None:
            return self._bypass(request)
        key = self.cache_key(request, generation)
        cached = local_pages.get(generation, key)
        if cached is None:
            cached = _safe(_cache().get, key)
            if cached is not None and cached.get("expires", 0) > clock():
                local_pages.set(generation, key, cached)
            else:
                cached = None
        if cached is not None:
            return self.rebuild(request, cached)
        response = self.get_response(request)
        timeout = shared_lifetime(response)
        if timeout > 0 and self.response_is_cacheable(request, response):
            entry = self.freeze(response, clock() + timeout)
            _safe(_cache().set, key, entry, timeout)
            local_pages.set(generation, key, entry)
            response[HEADER] = "MISS"
        else:
            response[HEADER] = "BYPASS"
        return response

    def _bypass(self, request):
        response = self.get_response(request)
        response[HEADER] = "BYPASS"
        return response

    # -- requests ------------------------------------------------------------------------
    def request_is_cacheable(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path_info.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PREFIXES)):
            return False
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        if any(name not in harmless for name in request.COOKIES):
            return False  # a session (signed in, voted, unlocked a private page …)
        allowed = set(settings.PAGE_CACHE_QUERY_PARAMETERS)
        return all(name in allowed for name in request.GET)

    def cache_key(self, request, generation: str) -> str:
        language = translation.get_language_from_request(request, check_path=True)
        raw = "|".join(
            [request.scheme, request.get_host(), request.get_full_path(), language or ""]
        )
        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        return f"pagecache:{generation}:{digest}"

    # -- responses -----------------------------------------------------------------------
    def response_is_cacheable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies:
            return False  # includes the CSRF cookie a page with a form (re)sends
        if getattr(request, "is_preview", False):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        if response.has_header("Content-Encoding"):
            return False
        cache_control = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if cache_control & {"private", "no-cache", "no-store"}:
            return False
        vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
        return vary <= SAFE_VARY

    @staticmethod
    def freeze(response, expires: float) -> dict:
        """What is stored: the response, and when (on ``clock``) it stops being served."""
        headers = tuple((k, v) for k, v in response.items() if k.lower() != HEADER.lower())
        return {"status": response.status_code, "headers": headers, "body": response.content,
                "expires": expires}

    @staticmethod
    def rebuild(request, cached: dict) -> HttpResponse:
        body = b"" if request.method == "HEAD" else cached["body"]
        response = HttpResponse(body, status=cached["status"])
        for name, value in cached["headers"]:
            response[name] = value
        if "s-maxage=" in response.get("Cache-Control", ""):
            # What is left of the lifetime, so a proxy in front keeps it no longer.
            remaining = max(0, math.ceil(cached["expires"] - clock()))
            response["Cache-Control"] = re.sub(
                r"s-maxage=\d+", f"s-maxage={remaining}", response["Cache-Control"]
            )
        response[HEADER] = "HIT"
        return response
