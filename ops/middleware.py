"""Middleware: the database-outage page and the Content-Security-Policy per area."""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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


class PortalCSPMiddleware(CSPMiddleware):
    """The strict policy of settings.CONTENT_SECURITY_POLICY on public pages; the Wagtail
    admin (which uses inline scripts and styles, and frames its own previews) gets
    settings.PORTAL_ADMIN_CSP instead."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_prefixes = tuple(settings.PORTAL_ADMIN_PATH_PREFIXES)
        if not report_only and parts.config is None and request.path_info.startswith(
            admin_prefixes
        ):
            parts.config = settings.PORTAL_ADMIN_CSP["DIRECTIVES"]
        return parts
