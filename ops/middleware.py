"""Middleware: the database-outage page and the Content-Security-Policy per area."""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
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


class PortalCSPMiddleware(CSPMiddleware):
    """The strict policy of settings.CONTENT_SECURITY_POLICY on public pages; the Wagtail
    admin (which uses inline scripts and styles, evaluates a few templates and frames its own
    previews) gets settings.PORTAL_ADMIN_CSP instead.

    Signed-in editors also see Wagtail's user bar on public pages; its accessibility checker
    compiles templates at run time, so their (never cached) pages allow 'unsafe-eval' too.
    Readers always get the strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if request.path_info.startswith(tuple(settings.PORTAL_ADMIN_PATH_PREFIXES)):
            parts.config = settings.PORTAL_ADMIN_CSP["DIRECTIVES"]
        elif _signed_in(request):
            parts.update = {**(parts.update or {}), "script-src": ["'unsafe-eval'"]}
        return parts
