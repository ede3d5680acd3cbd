"""Check every link on the links page; record the result for editors; fail when any is broken.

Editors choose the addresses, so the checker must not become a way to make the server fetch
its own network (SSRF): every connection, redirect hops included, goes only to public
addresses, vetted after DNS resolution, unless the operator allows the host by name.
"""

import http.client
import ipaddress
import socket
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pages.models import Link

USER_AGENT = "KhojalyMemorialPortal-LinkChecker/1.0"
REFUSED = "refused: private address"
# DNS64/NAT64 well-known prefix: the last 32 bits are the IPv4 address really reached.
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")


class PrivateAddressRefused(OSError):
    """Raised instead of connecting to an address that is not on the public internet."""


def is_public_address(address):
    """True only for a public internet address, judged by where a connection would go.

    IPv6 forms that carry an IPv4 address (mapped, 6to4, NAT64) are judged by that address.
    """
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in NAT64_PREFIX:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            ip = embedded
        elif ip.is_site_local:  # Deprecated fec0::/10, which Python still calls global.
            return False
    # is_global alone lets multicast (224.0.0.0/4, ff00::/8) through; 100.64/10 is not global.
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _vetted_addresses(host, port):
    """Resolve once; refuse the host if ANY of its addresses is not public."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = []
    for *_, sockaddr in infos:
        try:
            public = is_public_address(sockaddr[0])
        except ValueError:
            public = False
        if not public:
            raise PrivateAddressRefused(REFUSED)
        addresses.append(sockaddr[0])
    return addresses


class GuardedHTTPConnection(http.client.HTTPConnection):
    """Connects only to the addresses it has vetted, so DNS cannot change between check and use.

    Hosts in allowed_hosts (lower case) skip the check: the operator named them.
    """

    allowed_hosts = frozenset()

    def connect(self):
        if self.host.lower() in self.allowed_hosts:
            super().connect()
            return
        sys.audit("http.client.connect", self, self.host, self.port)
        addresses = _vetted_addresses(self.host, self.port)
        error = None
        for address in addresses:  # As socket.create_connection does, but only these.
            try:
                self.sock = socket.create_connection(
                    (address, self.port), self.timeout, self.source_address
                )
                return
            except OSError as exc:
                error = exc
        raise error or OSError(f"no address for {self.host}")


class GuardedHTTPSConnection(http.client.HTTPSConnection, GuardedHTTPConnection):
    """HTTPSConnection.connect() calls super().connect(), which is the guarded one by this
    order; it then wraps the vetted socket in TLS for the URL's host name."""


def _connection_factory(connection_class, allowed_hosts):
    """What do_open() calls to make each hop's connection, with the operator's allow-list."""

    def make(*args, **kwargs):
        connection = connection_class(*args, **kwargs)
        connection.allowed_hosts = allowed_hosts
        return connection

    return make


class _GuardedOpening:
    """What both handlers share: the allow-list, and each hop opened through a guarded
    connection class."""

    def __init__(self, allowed_hosts=frozenset()):
        super().__init__()
        self.allowed_hosts = allowed_hosts

    def open_guarded(self, connection_class, req):
        return self.do_open(_connection_factory(connection_class, self.allowed_hosts), req)


class GuardedHTTPHandler(_GuardedOpening, urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.open_guarded(GuardedHTTPConnection, req)


class GuardedHTTPSHandler(_GuardedOpening, urllib.request.HTTPSHandler):
    """The default (verifying) TLS context; only the connection class changes."""

    def https_open(self, req):
        return self.open_guarded(GuardedHTTPSConnection, req)


def build_guarded_opener(allowed_hosts=()):
    """An opener whose every hop, redirects included, connects through the guarded handlers.

    Built by hand rather than with build_opener: no proxy (a proxy would fetch the address
    unvetted) and no FTP, file or data handlers (urllib follows redirects to ftp://).
    """
    allowed = frozenset(host.lower() for host in allowed_hosts)
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.UnknownHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
        GuardedHTTPHandler(allowed),
        GuardedHTTPSHandler(allowed),
    ):
        opener.add_handler(handler)
    return opener


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


def _request(opener, url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    # urllib follows redirects for GET and HEAD; the response carries the final address.
    with opener.open(request, timeout=timeout) as response:
        return Result(ok=200 <= response.status < 400, status=response.status,
                      final_url=response.geturl())


def _is_timeout(error):
    reason = getattr(error, "reason", error)
    return isinstance(error, TimeoutError | socket.timeout) or isinstance(
        reason, TimeoutError | socket.timeout
    )


def _is_refused(error):
    return isinstance(getattr(error, "reason", error), PrivateAddressRefused)


def check_url(url, timeout, allowed_hosts=()):
    """HEAD first (cheap); when HEAD fails for any reason but a timeout or a refusal, GET decides.

    Only public addresses are fetched, except the hosts named in allowed_hosts.
    """
    if not url.lower().startswith(("http://", "https://")):
        return Result(ok=False, error="not an http(s) address")
    opener = build_guarded_opener(allowed_hosts)
    timed_out = Result(ok=False, error=f"timed out after {timeout:g} s")
    refused = Result(ok=False, error=REFUSED)
    try:
        return _request(opener, url, "HEAD", timeout)
    except urllib.error.HTTPError:
        pass  # Some servers answer HEAD with 403, 404 or 405 but serve GET.
    except (OSError, ValueError) as error:  # URLError and socket errors are OSErrors.
        if _is_refused(error):
            return refused
        if _is_timeout(error):
            return timed_out
    try:
        return _request(opener, url, "GET", timeout)
    except urllib.error.HTTPError as error:
        return Result(ok=False, status=error.code, final_url=error.geturl() or url)
    except (OSError, ValueError) as error:
        if _is_refused(error):
            return refused
        if _is_timeout(error):
            return timed_out
        reason = getattr(error, "reason", None) or error
        return Result(ok=False, error=str(reason) or type(error).__name__)


class Command(BaseCommand):
    help = (
        "Check every link of the links page (HEAD, then GET), follow redirects, record the "
        "result on each link for editors, print the broken ones and exit 1 if there are any. "
        "Private, loopback and link-local addresses are refused unless the host is named in "
        "PORTAL_LINK_CHECK_ALLOWED_HOSTS."
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
        allowed_hosts = settings.PORTAL_LINK_CHECK_ALLOWED_HOSTS
        links = list(Link.objects.order_by("pk"))
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(
                pool.map(lambda link: check_url(link.url, timeout, allowed_hosts), links)
            )
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
