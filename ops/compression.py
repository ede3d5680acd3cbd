"""Gzip for public pages only, as a defence against BREACH.

BREACH recovers a secret from the size of compressed responses that also reflect what an
attacker sends; the secrets on this portal are the CSRF token of a page with a form and
whatever a signed-in user sees. So a response is compressed only when it carries none: a GET
or HEAD without a session (only the CSRF and language cookies, as in the page cache), a
response that sets no cookie and used no CSRF token (``get_token`` marks the request), and
not private. Everything else goes out as it is.

It sits before ``ops.cache.PageCacheMiddleware``: the page cache stores plain bodies, and each
reader gets the encoding they asked for, from a hit as from a miss (``Vary: Accept-Encoding``
tells shared caches in front the same). Compression itself is Django's ``GZipMiddleware``
(with its random padding against Heal-The-Breach).
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import cc_delim_re

COMPRESSED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/atom+xml",
    "application/rss+xml",
    "application/xml",
    "text/xml",
    "text/plain",
)


class PublicGZipMiddleware(GZipMiddleware):
    """Django's gzip, for responses that hold no secret (see the module docstring)."""

    def process_response(self, request, response):
        if self.holds_no_secret(request, response):
            return super().process_response(request, response)
        return response

    @staticmethod
    def holds_no_secret(request, response) -> bool:
        if request.method not in ("GET", "HEAD") or response.streaming:
            return False  # streaming: files, which WhiteNoise serves pre-compressed
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in COMPRESSED_TYPES:
            return False
        harmless = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        if any(name not in harmless for name in request.COOKIES):
            return False  # a session: signed in, voted, unlocked a private page
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        if response.cookies or response.has_header("Set-Cookie"):
            return False  # a CSRF cookie (re)sent: the page holds a token
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False  # get_token() was called: the token is in the body
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return False
        cache_control = {
            part.split("=")[0].strip().lower()
            for part in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return not cache_control & {"private", "no-store"}
