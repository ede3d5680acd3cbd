"""Per-address limits on public submissions; the address is kept only as a salted hash."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def address_hash(request) -> str:
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return salted_hmac("remembrance.contribution.address", address).hexdigest()


def _key(request) -> str:
    return f"remembrance:contributions:{address_hash(request)}"


def is_limited(request) -> bool:
    return cache.get(_key(request), 0) >= settings.REMEMBRANCE_CONTRIBUTION_LIMIT


def record_attempt(request) -> None:
    key = _key(request)
    if cache.add(key, 1, timeout=settings.REMEMBRANCE_CONTRIBUTION_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=settings.REMEMBRANCE_CONTRIBUTION_WINDOW)
