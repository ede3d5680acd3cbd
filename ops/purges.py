"""Purges that are never lost.

A change (``ops.signals.announce_change``) records what must be dropped — the URLs the
caching proxy or CDN keeps, whole sites, and the tags every process's cache keeps
(``ops.cache``) — as a :class:`ops.models.Purge` row *in the change's own transaction*: the row
exists exactly when the change does, whatever happens to the process afterwards. A runner then
sends it (:func:`run_due`): it logs the tags again for every process (so nothing rendered
from the old data before the commit is served), then purges the proxy. A failure is retried
later (``RETRY_DELAYS``), then the row is marked failed; sent rows are kept a day. Operators see
pending and failed purges under Reports → Cache purges, or with ``manage.py send_purges
--report``.

Who sends:
- production (``PURGE_WORKER=1``): ``manage.py send_purges``, a process of its own
  (``deploy/portal-purges.service``). On PostgreSQL the change's transaction also says
  ``NOTIFY`` (delivered at its commit), so the worker wakes at once; it looks anyway every
  ``--interval`` seconds. A web worker killed, recycled or timed out right after a publish
  loses nothing.
- development and tests (``PURGE_WORKER=0``, ``make run``): the process that made the change
  runs the due rows itself right after its commit; a row left by a process that died is sent
  by the next change's runner.

Why not a queue library: django-rq keeps its jobs in Redis, outside the database transaction,
so a job is either enqueued before the commit (the proxy refetches the old page) or after it
(lost when the process dies in between); django-q2 could write into the database but brings a
multiprocess cluster, a scheduler and an admin of its own for this one job; django-tasks 0.12,
which Wagtail uses, has no durable backend. Wagtail's HTTP backend logs a failed purge and
returns, so the PURGE requests to the proxy (``FRONTEND_CACHE_PURGE_URL``) are sent here, where a
failure can be retried; CDN backends (Cloudflare, CloudFront) go through Wagtail's
``purge_urls_from_cache``, which logs their failures.
"""

import logging
import threading
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ops.cache import record_change

logger = logging.getLogger("ops.purges")

# Seconds to wait after each failed attempt; after the last, the purge is marked failed.
RETRY_DELAYS = (5, 30, 120, 600, 1800)
CLAIM_SECONDS = 120  # a runner that claimed a row and died leaves it to others after this
KEEP_SENT = timedelta(days=1)
CHANNEL = "portal_purges"
TIMEOUT = 5  # seconds for each request to the proxy

_open = threading.local()  # the row of the transaction being written, per thread


class PurgeFailed(Exception):
    pass


def in_process() -> bool:
    return not getattr(settings, "PURGE_WORKER", False)


def record(urls=(), hosts=(), tags=()) -> None:
    """Record a purge in the current transaction (merged with the one this transaction
    already recorded), to be sent once it commits."""
    from ops.models import Purge

    urls, hosts, tags = set(urls), set(hosts), set(tags)
    if not (urls or hosts or tags):
        return
    row = None
    if connection.in_atomic_block and getattr(_open, "pk", None):
        row = Purge.objects.filter(pk=_open.pk, state=Purge.State.PENDING).first()
    if row is not None:
        row.urls = sorted(urls | set(row.urls))
        row.hosts = sorted(hosts | set(row.hosts))
        row.tags = sorted(tags | set(row.tags))
        row.save(update_fields=["urls", "hosts", "tags"])
    else:
        _create(Purge, urls, hosts, tags)
    if in_process():
        transaction.on_commit(run_due)


def _create(Purge, urls, hosts, tags) -> None:  # noqa: N803 - the model
    row = Purge.objects.create(urls=sorted(urls), hosts=sorted(hosts), tags=sorted(tags),
                               next_attempt_at=timezone.now())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")  # delivered when the transaction commits
    if connection.in_atomic_block:
        _open.pk = row.pk
        transaction.on_commit(_closed)


def _closed():
    _open.pk = None


def _due(now):
    from ops.models import Purge

    return Purge.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        state=Purge.State.PENDING,
    ).order_by("pk")


def _claim(pk, now) -> bool:
    """Take a row for this runner, unless another took it first (one UPDATE)."""
    from ops.models import Purge

    return bool(Purge.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        pk=pk, state=Purge.State.PENDING,
    ).update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS)))


def run_due(limit: int = 200) -> tuple[int, int]:
    """Send every purge that is due; returns how many were sent and how many failed now."""
    from ops.models import Purge

    now = timezone.now()
    sent = failed = 0
    for pk in list(_due(now).values_list("pk", flat=True)[:limit]):
        if not _claim(pk, now):
            continue
        purge = Purge.objects.get(pk=pk)
        try:
            send(purge)
        except Exception as error:  # a proxy down, a timeout, a refusal: try again later
            failed += 1
            purge.attempts += 1
            purge.last_error = str(error)[:2000]
            if purge.attempts > len(RETRY_DELAYS):
                purge.state = Purge.State.FAILED
                logger.error("Purge %s failed for good: %s", purge.pk, error)
            else:
                delay = RETRY_DELAYS[purge.attempts - 1]
                purge.next_attempt_at = timezone.now() + timedelta(seconds=delay)
                logger.warning("Purge %s failed (attempt %s), again in %s s: %s",
                               purge.pk, purge.attempts, delay, error)
        else:
            sent += 1
            purge.attempts += 1
            purge.state = Purge.State.SENT
            purge.sent_at = timezone.now()
            purge.last_error = ""
        purge.claimed_until = None
        purge.save(update_fields=["attempts", "state", "next_attempt_at", "sent_at",
                                  "last_error", "claimed_until"])
    Purge.objects.filter(state=Purge.State.SENT, sent_at__lt=now - KEEP_SENT).delete()
    return sent, failed


def send(purge) -> None:
    """Log the tags again for every process, then purge the proxy and CDNs; raises
    :class:`PurgeFailed` when the proxy did not confirm every purge."""
    if purge.tags and record_change(purge.tags) is None:
        raise PurgeFailed("the shared cache did not take the change")
    backends = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    problems = []
    proxy = (backends.get("http") or {}).get("LOCATION")
    if proxy:
        for url in purge.urls:
            problems += _purge_proxy(proxy, url, {})
        for host in purge.hosts:
            problems += _purge_proxy(proxy, f"http://{host}/", {"X-Purge-Scope": "site"})
    others = [name for name in backends if name != "http"]
    if others and purge.urls:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(list(purge.urls), backends=others)
    if problems:
        raise PurgeFailed("; ".join(problems))


def _purge_proxy(location: str, url: str, headers: dict) -> list[str]:
    """One PURGE to the proxy for ``url`` (its host in ``Host``, as Wagtail's HTTP backend
    sends it); the problem, if any."""
    proxy, target = urlsplit(location), urlsplit(url)
    host = target.hostname + (f":{target.port}" if target.port else "")
    request = urllib.request.Request(
        urlunsplit((proxy.scheme, proxy.netloc, target.path or "/", target.query, "")),
        method="PURGE", headers={"Host": host, **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:  # noqa: S310 - configured
            if reply.status >= 300:
                return [f"{url}: {reply.status}"]
    except Exception as error:
        return [f"{url}: {error}"]
    return []


def wait_for_work(timeout: float) -> None:
    """Until a change's commit says so (PostgreSQL NOTIFY) or ``timeout`` seconds pass."""
    if connection.vendor != "postgresql":
        threading.Event().wait(timeout)
        return
    import psycopg

    listener = getattr(_open, "listener", None)
    if listener is None or listener.closed:
        listener = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        listener.execute(f"LISTEN {CHANNEL}")
        _open.listener = listener
    for _notice in listener.notifies(timeout=timeout, stop_after=1):
        pass


def report() -> dict:
    from django.db.models import Count

    from ops.models import Purge

    counts = dict(Purge.objects.values_list("state").annotate(n=Count("pk")))
    oldest = _due(timezone.now() + timedelta(days=3650)).order_by("created_at").first()
    return {"counts": counts, "oldest_pending": oldest.created_at if oldest else None}
