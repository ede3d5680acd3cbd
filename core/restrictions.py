"""Which pages are private, remembered instead of asked on every listing.

Wagtail's ``PageQuerySet.public()`` reads every ``PageViewRestriction`` each time it is called
(once per listing, so several times per page), and serving a page reads its ancestors and their
restrictions. The paths of the restricted pages change only when a restriction is saved or
deleted or a page moves, and ops.signals logs each of those as a change reaching everything, so
they are remembered until then (``ops.cache.remember``: this process, then the shared cache).
The portal's lists ask :func:`public` instead of ``.public()``; ``BasePage.get_view_restrictions``
only asks the database when the page lies under a restricted path.
"""

from django.db.models import Q

from ops.cache import remember


def _read_restricted_paths() -> tuple[str, ...]:
    from wagtail.models import PageViewRestriction

    return tuple(sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))))


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of every page that carries a view restriction (its descendants are private)."""
    return remember("restricted-paths", _read_restricted_paths, tags=())


def is_under_restriction(path: str) -> bool:
    return any(path.startswith(restricted) for restricted in restricted_paths())


def private_q() -> Q:
    """What ``PageQuerySet.private_q`` says, without a query."""
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def public(queryset):
    """``queryset.public()``: the pages that are not private, from the remembered paths."""
    return queryset.exclude(private_q())
