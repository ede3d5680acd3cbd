"""The one answer to "which address is this reader at?", for every per-address limit (contact
form, poll, proposals to the names register) and the admin sign-in lockout (django-axes).

Behind ``TRUSTED_PROXY_COUNT`` proxies (load balancer, Varnish, CDN) that each append the
address they were reached from to ``X-Forwarded-For``, the reader is the right-most entry that
no trusted proxy wrote: entries further left were written by the client itself and prove
nothing. With no trusted proxy the header is ignored and ``REMOTE_ADDR`` is the reader.
The parsing is django-ipware's (python-ipware underneath), not a parser of our own.
"""

from django.conf import settings
from ipware import get_client_ip

UNKNOWN = "unknown"


def client_address(request) -> str:
    """The reader's address as a string (``"unknown"`` when no header holds one)."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        address, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    else:
        # The last proxy's own address is REMOTE_ADDR, so the header holds the reader followed
        # by the other proxies - 1 hops. python-ipware counts those hops ("proxy_count") and
        # takes the entry just before them; extra entries on the left (forged) are ignored,
        # and a request that did not come through every proxy falls back to REMOTE_ADDR.
        address, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            strict=False,
            request_header_order=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        )
    return address or UNKNOWN

