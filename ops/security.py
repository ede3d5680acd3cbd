"""The client address behind the load balancer, for the admin sign-in lockout (django-axes)."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the address the last trusted proxy saw when the portal runs behind
    TRUSTED_PROXY_COUNT proxies that append to X-Forwarded-For (the client cannot forge the
    entries the proxies append; it can only prepend)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
