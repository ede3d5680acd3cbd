"""Which pages are private, kept in the shared cache instead of asked on every listing.

Wagtail's ``PageQuerySet.public()`` reads every ``PageViewRestriction`` each time it is called
(once per listing, so several times per page), and serving a page reads its ancestors and their
restrictions. The paths of the restricted pages change only when a restriction is saved or
deleted or a page moves, so they are kept in the Django cache (Redis in production, shared by
every process) and dropped on those events, at once and again after the transaction commits.
``PageQuerySet.private_q`` is replaced (see ``PagesConfig.ready``) so that every ``.public()``
anywhere, Wagtail's own included, uses the cached paths; ``BasePage.get_view_restrictions``
only asks the database when the page lies under a restricted path.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.signals import post_page_move

logger = logging.getLogger(__name__)

CACHE_KEY = "pages:restricted-paths"
# A bound on staleness should an invalidation ever be lost (cache unreachable at that moment).
TIMEOUT = 600


def _cache_call(call, *args):
    try:
        return call(*args)
    except Exception:  # a cache backend without IGNORE_EXCEPTIONS: read the database instead
        logger.warning("Cache unavailable for restricted paths", exc_info=True)
        return None


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of every page that carries a view restriction (its descendants are private)."""
    paths = _cache_call(cache.get, CACHE_KEY)
    if paths is None:
        from wagtail.models import PageViewRestriction

        paths = tuple(
            sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        )
        _cache_call(cache.set, CACHE_KEY, paths, TIMEOUT)
    return paths


def is_under_restriction(path: str) -> bool:
    return any(path.startswith(restricted) for restricted in restricted_paths())


def private_q(self):
    """Replacement of ``PageQuerySet.private_q``: the same condition, without a query."""
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def forget(**kwargs) -> None:
    _cache_call(cache.delete, CACHE_KEY)
    transaction.on_commit(lambda: _cache_call(cache.delete, CACHE_KEY))


def connect() -> None:
    from wagtail.models import PageViewRestriction
    from wagtail.query import PageQuerySet

    PageQuerySet.private_q = private_q
    post_save.connect(forget, sender=PageViewRestriction, dispatch_uid="pages.restriction_saved")
    post_delete.connect(
        forget, sender=PageViewRestriction, dispatch_uid="pages.restriction_deleted"
    )
    post_page_move.connect(forget, dispatch_uid="pages.restricted_page_moved")
