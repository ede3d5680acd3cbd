"""Serving a URL with a bounded number of rows, and remembering the way there.

wagtail-modeltranslation's ``route`` reads *every* child of each page on the way to compare
slugs in the reader's language (with fallbacks) in Python: the news index has thousands. This
``route`` only reads the children whose slug in some language is the wanted one, then applies
the same comparison. Each page found keeps the page it was reached from (``_route_parent``), so
breadcrumbs and "the index this item belongs to" need no further query.
"""

from django.db.models import Q
from django.http import Http404
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.url_routing import RouteResult

from pages import i18n


def slug_q(slug: str) -> Q:
    q = Q()
    for code in i18n.language_codes():
        q |= Q(**{build_localized_fieldname("slug", code): slug})
    return q


def route(self, request, path_components):
    if isinstance(self, RoutablePageMixin) and self.live:
        try:
            path = "/" + ("/".join(path_components) + "/" if path_components else "")
            view, args, kwargs = self.resolve_subpage(path)
            return RouteResult(self, args=(view, args, kwargs))
        except Http404:
            pass

    if path_components:
        child_slug, remaining = path_components[0], path_components[1:]
        for child in self.get_children().filter(slug_q(child_slug)):
            if child.slug == child_slug:  # the reader's language, with fallbacks
                child = child.specific
                child._route_parent = self
                return child.route(request, remaining)
        raise Http404
    if self.live:
        return RouteResult(self)
    raise Http404


def route_ancestors(page, root):
    """The pages between `root` (excluded) and `page` (excluded), top down, as routed; or None
    when the page was not reached by routing from `root` (previews, pages built in code)."""
    chain = []
    current = getattr(page, "_route_parent", None)
    while current is not None and current.pk != root.pk:
        chain.append(current)
        current = getattr(current, "_route_parent", None)
    if current is None:
        return None
    return list(reversed(chain))


def parent_of(page):
    """The specific parent page: the one routing went through, or read from the tree."""
    parent = getattr(page, "_route_parent", None)
    return parent if parent is not None else page.get_parent().specific


def connect() -> None:
    from pages.models.base import BasePage

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for model in subclasses(BasePage):
        if not model._meta.abstract:
            model.route = route
