"""Per-address limits on proposals, through the portal's one limiter (core.ratelimit): the
address is read as the poll and contact form read it and kept only as a salted hash."""

from django.conf import settings

from core import ratelimit

SCOPE = "remembrance-contribution"
address_hash = ratelimit.address_hash


def is_limited(request) -> bool:
    return ratelimit.exceeded(request, SCOPE, settings.REMEMBRANCE_CONTRIBUTION_LIMIT)


def record_attempt(request) -> None:
    ratelimit.hit(
        request,
        SCOPE,
        settings.REMEMBRANCE_CONTRIBUTION_LIMIT,
        settings.REMEMBRANCE_CONTRIBUTION_WINDOW,
    )
