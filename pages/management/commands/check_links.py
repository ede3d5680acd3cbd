"""Check every link on the links page; record the result for editors; fail when any is broken."""

import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pages.models import Link

USER_AGENT = "KhojalyMemorialPortal-LinkChecker/1.0"


@dataclass
class Result:
    ok: bool
    status: int | None = None
    final_url: str = ""
    error: str = ""

    def describe(self):
        if self.error:
            return self.error
        return f"HTTP {self.status}"


def _request(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    # urllib follows redirects for GET and HEAD; the response carries the final address.
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return Result(ok=200 <= response.status < 400, status=response.status,
                      final_url=response.geturl())


def _is_timeout(error):
    reason = getattr(error, "reason", error)
    return isinstance(error, TimeoutError | socket.timeout) or isinstance(
        reason, TimeoutError | socket.timeout
    )


def check_url(url, timeout):
    """HEAD first (cheap); when HEAD fails for any reason but a timeout, GET decides."""
    if not url.lower().startswith(("http://", "https://")):
        return Result(ok=False, error="not an http(s) address")
    timed_out = Result(ok=False, error=f"timed out after {timeout:g} s")
    try:
        return _request(url, "HEAD", timeout)
    except urllib.error.HTTPError:
        pass  # Some servers answer HEAD with 403, 404 or 405 but serve GET.
    except (OSError, ValueError) as error:  # URLError and socket errors are OSErrors.
        if _is_timeout(error):
            return timed_out
    try:
        return _request(url, "GET", timeout)
    except urllib.error.HTTPError as error:
        return Result(ok=False, status=error.code, final_url=error.geturl() or url)
    except (OSError, ValueError) as error:
        if _is_timeout(error):
            return timed_out
        reason = getattr(error, "reason", None) or error
        return Result(ok=False, error=str(reason) or type(error).__name__)


class Command(BaseCommand):
    help = (
        "Check every link of the links page (HEAD, then GET), follow redirects, record the "
        "result on each link for editors, print the broken ones and exit 1 if there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            default=None,
            help="Seconds to wait for each link (default: PORTAL_LINK_CHECK_TIMEOUT).",
        )

    def handle(self, *args, **options):
        timeout = options["timeout"] or settings.PORTAL_LINK_CHECK_TIMEOUT
        links = list(Link.objects.order_by("pk"))
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda link: check_url(link.url, timeout), links))
        broken = 0
        checked_at = timezone.now()
        for link, result in zip(links, results, strict=True):
            link.last_checked_at = checked_at
            link.last_ok = result.ok
            link.last_status = result.status
            link.last_error = result.error[:500]
            link.save(update_fields=["last_checked_at", "last_ok", "last_status", "last_error"])
            if result.ok:
                redirected = result.final_url and result.final_url != link.url
                note = f" (redirected to {result.final_url})" if redirected else ""
                if options["verbosity"] >= 2:
                    self.stdout.write(f"OK      {link.url}  HTTP {result.status}{note}")
            else:
                broken += 1
                self.stdout.write(f"BROKEN  {link.url}  {result.describe()}")
        summary = f"Checked {len(links)} link(s): {broken} broken."
        if broken:
            raise CommandError(summary, returncode=1)
        self.stdout.write(summary)
