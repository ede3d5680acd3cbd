"""Health checks for load balancers and the page readers see when the database is down."""

import logging
import sys
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache

logger = logging.getLogger("ops.health")

DATABASE_DOWN = (OperationalError, InterfaceError)


@never_cache
def healthz(request):
    """The process is alive and answers; touches neither the database nor the cache."""
    return HttpResponse("ok\n", content_type="text/plain")


def _database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except DatabaseError:
        logger.warning("Readiness: database unreachable", exc_info=True)
        return False


def _cache_ok() -> bool:
    cache = caches["default"]
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        logger.warning("Readiness: cache unreachable", exc_info=True)
        return False
    if not ok:  # django-redis with IGNORE_EXCEPTIONS returns nothing instead of raising
        logger.warning("Readiness: cache unreachable")
    return ok


@never_cache
def readyz(request):
    """Ready for traffic: the database and the shared cache both answer. 503 otherwise."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    body = {name: "ok" if ok else "unavailable" for name, ok in checks.items()}
    body["status"] = "ok" if ready else "unavailable"
    return JsonResponse(body, status=200 if ready else 503)


def reader_language(request) -> str:
    """The reader's language without the database: the URL prefix, else Accept-Language."""
    codes = {code for code, _name in settings.LANGUAGES}
    language = translation.get_language_from_path(request.path_info)
    if language not in codes:
        language = translation.get_language_from_request(request, check_path=False)
    return language if language in codes else settings.LANGUAGE_CODE


def database_unavailable(request, exception=None):
    """A friendly 503 in the reader's language; the template needs no database."""
    language = reader_language(request)
    with translation.override(language):
        html = loader.render_to_string("503.html", {"LANGUAGE_CODE": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.DATABASE_DOWN_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def server_error(request):
    """handler500: a database outage anywhere in the stack is a 503, not a 500."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return database_unavailable(request, exception)
    language = reader_language(request)
    with translation.override(language):
        html = loader.render_to_string("500.html", {"LANGUAGE_CODE": language})
    response = HttpResponse(html, status=500)
    response["Content-Language"] = language
    return response


def not_served(request, *args, **kwargs):
    """An address a library registers that the portal does not offer (portal/urls.py)."""
    raise Http404
