"""What the portal keeps between requests, shared by every process of a deployment, and how a
change reaches it: anonymous readers' pages, and the pieces pages are built from.

Where it lives
    Django's default cache: Redis in production (``REDIS_URL``), the database's cache table in
    development (``make run``: ``portal.settings.dev``), so every process that can make a
    change — app servers, ``manage.py shell``, ``publish_scheduled``, a second server — reads
    and writes the same entries. Nothing that can go stale is kept in one process's memory
    without being checked against the shared cache on every request (below).

The change log: what changed, and nothing more
    A change (a publish, a new restriction, saved settings …) is written to a numbered log in
    the shared cache (:func:`record_change`): one entry per change, holding the *tags* it
    touches — ``page:<id>`` (the page's own remembered pieces), ``type:<model>`` (lists and
    counts of that type), ``url:<path>`` (the pages readers see at that path, as the proxy is
    purged) or ``*`` (everything: the menu, settings, pictures, the tree's shape). What
    ``ops.signals`` announces decides the tags; what it cannot narrow is ``*``.

    Everything kept carries the tags it depends on, the log's *epoch* and the number of the
    last entry read before it was computed. It is served only while no later entry touches one
    of its tags. ``tags=None`` (the default of :func:`remember`) means "any change", the safe
    choice for a piece nobody has narrowed.

    Each request reads the log's head once, in one round trip with the page it asks for
    (:class:`PageCacheMiddleware`); a process behind reads the new entries (one more round
    trip, only after a change). So a change made by any process is seen by the next request of
    every process: there is no window to wait for. A process that finds a gap (entries expired
    or evicted) or a new epoch (a flushed cache, a new release) drops what it knows. The log is
    per release (``PORTAL_RELEASE``): a deploy starts afresh.

    Races: a change is logged when its signal fires and again after its transaction commits
    (and a third time by the purge runner, ``ops.purges``, so a worker killed between the commit
    and that second entry loses nothing). A request that read the log before the commit stores
    what it rendered under an older entry number, which the entry after the commit makes stale.

Two tiers in front of the database
    Remembered pieces (:func:`remember`: routes, the menu, private paths, settings, lists,
    counts) are kept in the shared cache and, pickled, in this process (:data:`local_copies`),
    checked against the log like the shared ones: a warm render makes no round trip for them.
    Whole pages are kept only in the shared cache (a hit: one round trip), behind the caching
    proxy (Varnish or a CDN, purged by ``ops.purges``). A per-process copy of pages and a
    generation trusted for 0.5 s used to sit in front; behind Varnish they served no measurable
    share of requests (docs/performance.md) and cost a window in which other servers were stale.

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
    means a signed-in editor, a voter, a password-protected page unlocked …), an
    ``Authorization`` header, POST and every other method, the admin and other excluded
    prefixes, previews, non-200 responses and responses that set a cookie. A page with a form
    calls ``get_token()``, and Django then (re)sends the CSRF cookie with the response, so
    **pages with a form are never cached**. Views can opt out with Django's ``never_cache``.

Lifetimes that mean the same on every host
    A page that changes by itself (a poll opens, the anniversary's midnight, ``expire_at``)
    says when in ``s-maxage``. The shared entry keeps that lifetime and the wall-clock moment
    it was stored (:data:`wall_clock`); the shared cache drops it when the lifetime ends (its
    own clock), and a hit says how old it is in ``Age`` (RFC 9111, section 5.1), which
    Varnish and CDNs subtract from ``s-maxage``. So any app server hands on the same end,
    within the hosts' wall-clock skew (NTP: well under a second) and a second of rounding.
    The monotonic :data:`clock` is used only inside one process (how long to leave an
    unreachable cache alone).

Faults
    With ``IGNORE_EXCEPTIONS`` a Redis outage makes every cache call return nothing (and
    django-redis logs it); the middleware then passes requests to the views, which read the
    database, and a process asks the cache again only after ``UNREACHABLE_RETRY_SECONDS``.
    A missing epoch (a Redis restart without persistence) starts a new one.
"""

import contextvars
import hashlib
import logging
import math
import pickle
import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_cache_control

logger = logging.getLogger("ops.cache")

HEADER = "X-Cache"
# Vary values that do not make a response personal: the language is part of the key, and
# requests that carry any cookie besides the harmless ones bypass the cache.
SAFE_VARY = {"accept-language", "cookie"}
EVERYTHING = "*"
# After the shared cache failed to answer, this process does not ask it again for this long:
# each request would otherwise wait for (and log) several failed calls while Redis is down.
UNREACHABLE_RETRY_SECONDS = 1.0
# Log entries read in one round trip, and read back by a process that starts or lost track.
READ_AHEAD = 64
READ_BACK = 2048

# The clocks, module attributes so tests (and test servers) can put their own in place:
# ``clock`` only ever measures time inside this process; ``wall_clock`` is what is shared.
clock = time.monotonic
wall_clock = time.time


def page_tag(pk) -> str:
    """The tag of what is remembered about one page (its notes, its translation state)."""
    return f"page:{pk}"


def type_tag(model) -> str:
    """The tag of lists and counts of ``model`` (a list of pages: ``Page``)."""
    return f"type:{model._meta.label_lower}"


def changed_types(model) -> set[str]:
    """What a change of a ``model`` row touches: lists of its model and of every concrete
    model above it (a news item is in lists of news and in lists of pages)."""
    return {type_tag(m) for m in model.__mro__
            if getattr(getattr(m, "_meta", None), "abstract", True) is False}


def url_tag(path: str) -> str:
    """The tag of the pages served at ``path`` (any query, any language of that path)."""
    return f"url:{path}"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _safe(call, *args, **kwargs):
    """Run a cache call; a cache that fails is a cache miss, never an error for the reader."""
    try:
        return call(*args, **kwargs)
    except Exception:  # a backend without IGNORE_EXCEPTIONS, or a bug in one
        logger.warning("Page cache unavailable", exc_info=True)
        return None


# -- the change log ----------------------------------------------------------------------
def _prefix() -> str:
    return f"changes:{settings.PORTAL_RELEASE}"


def generation_key() -> str:
    """Where the log's epoch is kept: replacing it (a flush, another release) makes every
    process drop everything it knows."""
    return f"{_prefix()}:epoch"


def _head_key() -> str:
    return f"{_prefix()}:head"


def _entry_key(epoch: str, number: int) -> str:
    return f"{_prefix()}:{epoch}:{number}"


def _log_timeout() -> int:
    # Longer than anything kept lives, so an entry outlives everything it could make stale.
    return 2 * settings.PAGE_CACHE_TIMEOUT + 60


@dataclass(frozen=True)
class Snapshot:
    """Where a request (or a command's call) stands in the log."""

    epoch: str
    seen: int  # the last entry read


class _Changes:
    """What this process has read of the log: for each tag, the last entry that touched it,
    from ``floor`` on (nothing is known before ``floor``)."""

    MAX_TAGS = 50_000

    def __init__(self):
        self.lock = threading.Lock()
        self.reset(None, 0)

    def reset(self, epoch, head) -> None:
        self.epoch, self.known, self.floor, self.latest = epoch, head, head, head
        self.changed: dict[str, int] = {}
        local_copies.clear()

    def note(self, number: int, tags) -> None:
        for tag in tags:
            if self.changed.get(tag, -1) < number:
                self.changed[tag] = number
        self.latest = max(self.latest, number)

    def stale(self, epoch, seen: int, tags) -> bool:
        """Whether something computed after reading the log up to ``seen`` may have changed."""
        if epoch != self.epoch or seen < self.floor:
            return True
        if tags is None:
            return self.latest > seen
        changed = self.changed
        if changed.get(EVERYTHING, -1) > seen:
            return True
        return any(changed.get(tag, -1) > seen for tag in tags)

    def snapshot(self) -> Snapshot:
        return Snapshot(self.epoch, self.known)


changes = None  # made below, once local_copies exists
_unreachable_until = -math.inf
_OUTSIDE_REQUEST = object()
_request_snapshot: contextvars.ContextVar = contextvars.ContextVar(
    "page_cache_snapshot", default=_OUTSIDE_REQUEST
)
# What the request being served has recalled already: the same objects for the rest of the
# request (a page asks for the sites' root paths once per link it writes), none for the next.
_request_memo: contextvars.ContextVar = contextvars.ContextVar("page_cache_memo", default=None)


def _read_log(cache, epoch: str, number: int, tags, head: int) -> int:
    """Note entry ``number`` (its ``tags`` already read) and those after it, until one is
    missing or the head is reached; returns the last one read."""
    changes.note(number, tags)
    while number < head:
        keys = [_entry_key(epoch, n) for n in range(number + 1, number + 1 + READ_AHEAD)]
        batch = _safe(cache.get_many, keys) or {}
        for key in keys:
            tags = batch.get(key)
            if tags is None:
                return number
            number += 1
            changes.note(number, tags)
    return number


def _read_back(cache, epoch: str, head: int) -> None:
    """A process that starts (or lost track) reads what the log still holds, so entries other
    processes stored before it came need not be computed again."""
    first = max(1, head - READ_BACK + 1)
    keys = [_entry_key(epoch, n) for n in range(first, head + 1)]
    found = (_safe(cache.get_many, keys) or {}) if keys else {}
    floor = head
    for number in range(head, first - 1, -1):  # the unbroken run that ends at the head
        if _entry_key(epoch, number) not in found:
            break
        floor = number - 1
    for number in range(floor + 1, head + 1):
        changes.note(number, found[_entry_key(epoch, number)])
    changes.floor = floor


def _sync(extra: tuple = ()) -> tuple[Snapshot | None, dict]:
    """Read the log's head (and ``extra`` keys in the same round trip); catch up with what
    other processes changed. (None, {}) when the shared cache cannot be reached."""
    global _unreachable_until
    if clock() < _unreachable_until:
        return None, {}
    cache = _cache()
    epoch_key, head_key = generation_key(), _head_key()
    state = changes
    following = _entry_key(state.epoch, state.known + 1) if state.epoch else None
    keys = [epoch_key, head_key, *([following] if following else []), *extra]
    found = _safe(cache.get_many, keys) or {}
    epoch = found.get(epoch_key)
    if epoch is None:
        candidate = uuid.uuid4().hex
        epoch = candidate if _safe(cache.add, epoch_key, candidate, timeout=None) else (
            _safe(cache.get, epoch_key))
        if epoch is None:  # neither read nor written: the cache is unreachable
            _unreachable_until = clock() + UNREACHABLE_RETRY_SECONDS
            return None, {}
        found = {}
    head = found.get(head_key) or 0
    with state.lock:
        if epoch != state.epoch:
            state.reset(epoch, head)
            _read_back(cache, epoch, head)
        elif following in found:
            last = _read_log(cache, epoch, state.known + 1, found[following], head)
            state.known = max(state.known, last)
            if head > last:  # entries are missing before the head: expired or evicted
                state.reset(epoch, head)
                _read_back(cache, epoch, head)
        elif head > state.known:
            state.reset(epoch, head)
            _read_back(cache, epoch, head)
        return state.snapshot(), found


def snapshot() -> Snapshot | None:
    """Where the request being served stands in the log; outside a request, where the log is
    now. None when the shared cache cannot be reached."""
    current = _request_snapshot.get()
    if current is not _OUTSIDE_REQUEST:
        return current
    return _sync()[0]


def request_generation() -> tuple | None:
    """A token of the request being served that changes whenever the tree's shape, the sites
    or anything else tagged ``*`` changes (what page URLs follow from); None outside a
    request or without a reachable cache."""
    current = _request_snapshot.get()
    if current is _OUTSIDE_REQUEST or current is None:
        return None
    return (current.epoch, changes.floor, changes.changed.get(EVERYTHING, 0))


def current_generation() -> str | None:
    """Where the log stands now (changes with every change anywhere); None when the cache
    cannot be reached."""
    now = _sync()[0]
    return None if now is None else f"{now.epoch}:{changes.latest}"


def record_change(tags) -> int | None:
    """Log a change touching ``tags`` for every process; returns its entry's number."""
    tags = tuple(sorted(set(tags)))
    now = _sync()[0]
    if now is None:
        logger.error(
            "Could not record a change (cache unreachable): pages cached before may be served "
            "for up to %s seconds once it is back.", settings.PAGE_CACHE_TIMEOUT)
        return None
    cache = _cache()
    number = max(now.seen, _safe(cache.get, _head_key()) or 0) + 1
    for _ in range(1000):
        if _safe(cache.add, _entry_key(now.epoch, number), tags, timeout=_log_timeout()):
            break
        number += 1  # another process took that number first
    else:
        logger.error("Could not record a change: no free entry after %s", number)
        return None
    _safe(cache.set, _head_key(), number, timeout=None)
    with changes.lock:
        if changes.epoch == now.epoch:
            changes.note(number, tags)
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()  # the rest of the request sees its own change
    return number


def announce_tags(tags) -> None:
    """Log a change now, and again when the current transaction commits (module docstring)."""
    tags = set(tags)
    record_change(tags)
    transaction.on_commit(lambda: record_change(tags))


def invalidate_page_cache() -> None:
    """Everything changed: nothing kept before is served again, in any process."""
    announce_tags({EVERYTHING})


# -- remembered pieces -------------------------------------------------------------------
class _LocalCopies:
    """This process's copies of remembered pieces, each served while the log says nothing
    it depends on changed. Kept pickled, as the shared cache keeps them, so every caller gets
    its own objects (a request may set attributes on a settings instance or a page).
    Reaching ``MAX_ENTRIES`` empties the store, which bounds its memory."""

    MAX_ENTRIES = 4096

    def __init__(self):
        self.entries: dict[str, tuple] = {}

    def get(self, key: str):
        entry = self.entries.get(key)
        if entry is None:
            return None
        epoch, seen, tags, expires, blob = entry
        if expires < clock() or changes.stale(epoch, seen, tags):
            self.entries.pop(key, None)
            return None
        return pickle.loads(blob)

    def set(self, key: str, stored: tuple, timeout: int) -> None:
        try:
            blob = pickle.dumps(stored[:1], pickle.HIGHEST_PROTOCOL)
        except Exception:  # not picklable: the shared cache could not keep it either
            return
        if len(self.entries) >= self.MAX_ENTRIES:
            self.entries = {}
        epoch, seen, tags = stored[1:]
        self.entries[key] = (epoch, seen, tags, clock() + timeout, blob)

    def clear(self) -> None:
        self.entries = {}


local_copies = _LocalCopies()
changes = _Changes()


def _fragment_key(name: str) -> str:
    return f"fragment:{_prefix()}:{name}"


def recall(name: str):
    """``(True, value)`` if ``name`` is remembered and nothing it depends on changed since,
    else ``(False, None)``. Reads what this request recalled already, then this process's
    copy, then the shared cache. Each request gets its own objects; within one request,
    callers share them."""
    memo = _request_memo.get()
    if memo is not None and name in memo:
        return True, memo[name]
    now = snapshot()
    if now is None:
        return False, None
    key = _fragment_key(name)
    value = local_copies.get(key)
    if value is None:
        stored = _safe(_cache().get, key)
        if not isinstance(stored, tuple) or len(stored) != 4 or changes.stale(*stored[1:]):
            return False, None
        local_copies.set(key, stored, settings.PAGE_CACHE_TIMEOUT)
        value = stored[:1]
    if memo is not None:
        memo[name] = value[0]
    return True, value[0]


def keep(name: str, value, timeout: int | None = None, tags=None, since=None) -> None:
    """Remember ``value`` under ``name`` until a change touches ``tags`` (None: any change).
    ``since``: the snapshot read before ``value`` was computed (default: the request's)."""
    now = since or snapshot()
    if now is None:
        return
    if tags is not None:
        tags = tuple(sorted(set(tags)))
    stored = (value, now.epoch, now.seen, tags)
    timeout = timeout or settings.PAGE_CACHE_TIMEOUT
    _safe(_cache().set, _fragment_key(name), stored, timeout)
    local_copies.set(_fragment_key(name), stored, timeout)
    memo = _request_memo.get()
    if memo is not None:
        memo[name] = value


def remember(name: str, compute, timeout: int | None = None, tags=None):
    """``compute()``, kept until a change touches what it depends on.

    For the pieces many pages share (the menu, site settings, the news filters, the way to a
    page). ``tags``: what the value depends on (see the module docstring); ``None`` means any
    change at all, ``()`` only changes tagged ``*``; a callable gets the value and returns
    its tags. Kept in the shared cache (one computation for every process) and in this
    process. Without a reachable cache the value is computed every time.
    """
    found, value = recall(name)
    if found:
        return value
    now = snapshot()  # before computing: a change meanwhile makes the value stale
    value = compute()
    keep(name, value, timeout, tags(value) if callable(tags) else tags, since=now)
    return value


def forget_local_state() -> None:
    """Drop this process's copies and its memory of the log and of an unreachable cache
    (tests, after the cache they used was replaced or emptied)."""
    global _unreachable_until
    _unreachable_until = -math.inf
    with changes.lock:
        changes.reset(None, 0)


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
    stored with it. The response says what happened in ``X-Cache``: ``HIT``, ``MISS``
    (rendered and stored) or ``BYPASS`` (not cacheable).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = None
        if getattr(settings, "PAGE_CACHE_ENABLED", False) and self.request_is_cacheable(request):
            key = self.cache_key(request)
        now, found = _sync((key,) if key else ())
        reset, reset_memo = _request_snapshot.set(now), _request_memo.set({})
        try:
            if key is None or now is None:
                return self._pass(request)
            return self.serve(request, key, now, found.get(key))
        finally:
            _request_snapshot.reset(reset)
            _request_memo.reset(reset_memo)

    def _pass(self, request):
        response = self.get_response(request)
        if getattr(settings, "PAGE_CACHE_ENABLED", False):
            response[HEADER] = "BYPASS"
        return response

    def serve(self, request, key, now, cached):
        if isinstance(cached, dict) and self.fresh(cached):
            return self.rebuild(request, cached)
        response = self.get_response(request)
        timeout = shared_lifetime(response)
        if timeout > 0 and self.response_is_cacheable(request, response):
            entry = self.freeze(response, timeout, now, (url_tag(request.path),))
            _safe(_cache().set, key, entry, timeout)
            response[HEADER] = "MISS"
        else:
            response[HEADER] = "BYPASS"
        return response

    @staticmethod
    def fresh(cached: dict) -> bool:
        age = wall_clock() - cached["stored_at"]
        return age < cached["lifetime"] and not changes.stale(
            cached["epoch"], cached["seen"], cached["tags"])

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

    def cache_key(self, request) -> str:
        language = translation.get_language_from_request(request, check_path=True)
        raw = "|".join(
            [request.scheme, request.get_host(), request.get_full_path(), language or ""]
        )
        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        return f"pagecache:{settings.PORTAL_RELEASE}:{digest}"

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
    def freeze(response, lifetime_seconds: int, now: Snapshot, tags) -> dict:
        """What is stored: the response; when (wall clock) and for how long; where the log
        stood before it was rendered and what it shows (its path)."""
        headers = tuple((k, v) for k, v in response.items()
                        if k.lower() not in (HEADER.lower(), "age"))
        return {"status": response.status_code, "headers": headers, "body": response.content,
                "stored_at": wall_clock(), "lifetime": lifetime_seconds,
                "epoch": now.epoch, "seen": now.seen, "tags": tuple(tags)}

    @staticmethod
    def rebuild(request, cached: dict) -> HttpResponse:
        body = b"" if request.method == "HEAD" else cached["body"]
        response = HttpResponse(body, status=cached["status"])
        for name, value in cached["headers"]:
            response[name] = value
        # How long it has been kept (RFC 9111 Age): a proxy in front keeps it only for what
        # is left of s-maxage, whichever app server answers.
        response["Age"] = str(max(0, int(wall_clock() - cached["stored_at"])))
        response[HEADER] = "HIT"
        return response
