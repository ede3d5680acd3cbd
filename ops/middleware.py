"""Middleware: the database-outage page, security headers and the Content-Security-Policy
per area (public pages, the admin, served files)."""

import logging

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.db import DatabaseError

from ops.views import DATABASE_DOWN, database_unavailable

logger = logging.getLogger("ops.health")


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 in the reader's language.

    Errors raised outside views reach ``handler500`` (``ops.views.server_error``), which does
    the same. The error is logged once, as a warning, without a stack trace for the reader.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            logger.warning("Database unavailable: %s %s: %s", request.method, request.path,
                           exception)
            return database_unavailable(request, exception)
        return None


def _signed_in(request) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # anonymous readers: no session, nothing to look up
    try:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
    except DatabaseError:
        return False


def _served_file(request) -> bool:
    """A document (Wagtail's serve view; not its password form) or a file from /media/."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "wagtaildocs_serve":
        return True
    return request.path_info.startswith(settings.MEDIA_URL)


def _in_admin(request) -> bool:
    return request.path_info.startswith(tuple(settings.PORTAL_ADMIN_PATH_PREFIXES))


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response, and an admin
    whose X-Frame-Options says what its CSP says: framed by itself (the live preview), by
    nobody else. Public pages keep DENY and ``frame-ancestors 'none'``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PORTAL_PERMISSIONS_POLICY)
        response.setdefault(
            "Cross-Origin-Resource-Policy", settings.PORTAL_CROSS_ORIGIN_RESOURCE_POLICY
        )
        if _in_admin(request):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class PortalCSPMiddleware(CSPMiddleware):
    """The strict policy of settings.CONTENT_SECURITY_POLICY on public pages; the Wagtail
    admin (which uses inline scripts and styles, evaluates a few templates and frames its own
    previews) gets settings.PORTAL_ADMIN_CSP instead.

    Signed-in editors also see Wagtail's user bar on public pages; its accessibility checker
    compiles templates at run time, so their (never cached) pages allow 'unsafe-eval' too.
    Readers always get the strict policy. Served files (documents, pictures) get
    settings.PORTAL_FILE_CSP: nothing in them may load or run anything (``sandbox``).
    """

    def process_response(self, request, response):
        if _served_file(request):
            # Replaces the weaker "default-src 'none'" Wagtail's document view sets itself.
            response[HEADER] = build_policy(config=settings.PORTAL_FILE_CSP["DIRECTIVES"])
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if _in_admin(request):
            parts.config = settings.PORTAL_ADMIN_CSP["DIRECTIVES"]
            return parts
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the middleware as a request for the public
            # URL: the page's own policy, except that the admin (and only it) may frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        if _signed_in(request):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-eval'"]}
        return parts
