"""Readers' network addresses (core.clients), kept only as a salted hash and counted in the
Django cache to limit how often one address may act."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from core.clients import client_address


def address_hash(request) -> str:
    """A salted hash of the reader's address: equal for one address, useless to reverse."""
    secret = getattr(settings, "PORTAL_ADDRESS_SALT", "") or settings.SECRET_KEY
    # The key keeps the module's old name: votes already stored were hashed with it.
    return salted_hmac(
        "pages.ratelimit.address", client_address(request), secret=secret, algorithm="sha256"
    ).hexdigest()


def hit(request, scope: str, limit: int, window: int) -> bool:
    """Count one action by this address; False once it exceeds `limit` within `window` seconds."""
    return allow(f"{scope}:{address_hash(request)}", limit, window)


def allow(name: str, limit: int, window: int) -> bool:
    """Count one action under ``name`` (an address's hash, a user, the whole site); False once
    it exceeds ``limit`` within ``window`` seconds."""
    key = f"portal:rate:{name}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def exceeded(request, scope: str, limit: int) -> bool:
    """Whether this address has already used up its allowance (without counting)."""
    return (cache.get(f"portal:rate:{scope}:{address_hash(request)}") or 0) >= limit
