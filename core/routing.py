"""Serving a URL with a bounded number of rows, and remembering the way there.

wagtail-modeltranslation's ``route`` reads *every* child of each page on the way to compare
slugs in the reader's language (with fallbacks) in Python: the news index has thousands.
:func:`walk` only reads the children whose slug in some language is the wanted one, then applies
the same comparison. The result (:class:`Route`, a Wagtail ``RouteResult``) also holds the pages
it went through, so breadcrumbs and "the index this item belongs to" need no further query
(:func:`way_to`, :func:`parent_of`). Page URLs come from ``BasePage.get_url_parts``, which
answers from :data:`url_parts`.

Why a view of its own and not ``Page.route``: wagtail-modeltranslation assigns its ``route`` to
every page type it registers (all of ours), so an override on the base page is never called.
The portal's serve view (``core.views.serve``) therefore routes with :func:`route_for_request`
and then serves the page as Wagtail's own view does, through Wagtail's documented
``before_serve_page`` and ``on_serve_page`` hooks (docs/architecture.md). Nothing here writes
Wagtail's private request attributes: the route and the site are kept on the request as
``request.portal_route`` and ``request.portal_site``.

Routing a URL the first time costs two queries per level (the children with that slug, then the
specific page). The way found — which pages, by id and type — is then remembered per site,
language and path until any page is published, unpublished, moved or deleted (the page cache
generation, ``ops.cache.remember``), so serving the URL again reads each page on the way once,
by primary key, from its own table. The site for a host is remembered the same way.
"""

import hashlib
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from core import i18n
from ops.cache import keep, recall, remember, request_generation


def slug_q(slug: str) -> Q:
    q = Q()
    for code in i18n.language_codes():
        q |= Q(**{build_localized_fieldname("slug", code): slug})
    return q


class Route(RouteResult):
    """Wagtail's ``RouteResult`` and the pages routing went through to reach the page, from
    where it started (the site root) down to the page's parent."""

    def __init__(self, page, args=None, kwargs=None, way=()):
        super().__init__(page, args, kwargs)
        self.way = tuple(way)


def walk(page, path_components, way=()) -> Route:
    """The route from ``page`` down ``path_components``: what ``Page.route`` does, reading only
    the children whose slug in some language is the wanted one, then comparing in the reader's
    language with fallbacks as wagtail-modeltranslation does. Sub-URLs of a page come from
    ``RoutablePageMixin``. Raises Http404 where there is no page.

    ``way`` holds the pages already passed through above ``page``.
    """
    way = list(way)
    while True:
        if isinstance(page, RoutablePageMixin) and page.live:
            path = "/" + ("/".join(path_components) + "/" if path_components else "")
            try:
                view, args, kwargs = page.resolve_subpage(path)
                return Route(page, args=(view, args, kwargs), way=way)
            except Http404:
                pass
        if not path_components:
            if page.live:
                return Route(page, way=way)
            raise Http404
        child_slug, path_components = path_components[0], path_components[1:]
        child = next(
            (c for c in page.get_children().filter(slug_q(child_slug)) if c.slug == child_slug),
            None,
        )
        if child is None:
            raise Http404
        way.append(page)
        page = child.specific


def _route_of(request, page):
    """The route by which ``request`` reached ``page``, or None (previews, pages built in code,
    a page shown on another page's URL)."""
    route = getattr(request, "portal_route", None)
    if isinstance(route, Route) and route.page.pk == page.pk:
        return route
    return None


def way_to(request, page, root):
    """The pages between ``root`` (excluded) and ``page`` (excluded), top down, as routing
    found them for this request; None when the request did not reach ``page`` from ``root``."""
    route = _route_of(request, page)
    if route is None:
        return None
    ids = [step.pk for step in route.way]
    if root.pk not in ids:
        return None
    return list(route.way[ids.index(root.pk) + 1 :])


def parent_of(page, request=None):
    """The specific parent page: the one routing went through, or read from the tree."""
    route = _route_of(request, page) if request is not None else None
    if route is not None and route.way:
        return route.way[-1]
    return page.get_parent().specific


class RootPath(NamedTuple):
    """Where a site's pages start in the tree, in the active language (``url_path`` is
    translated), and the URL they are served at: what ``Site.get_site_root_paths`` gives
    for one language."""

    site_id: int
    root_path: str
    root_url: str


def _read_site_root_paths() -> list[RootPath]:
    """Each site's root in the active language, longest first (as Wagtail orders them)."""
    sites = Site.objects.select_related("root_page")
    return [
        RootPath(site.id, site.root_page.url_path, site.root_url)
        for site in sites.order_by("-root_page__url_path")
    ]


def site_root_paths() -> list[RootPath]:
    """The sites' root paths in the active language, remembered under the page cache
    generation, which a change to any site starts anew (ops.signals)."""
    return remember(
        f"site-root-paths:{translation.get_language()}", _read_site_root_paths, tags=()
    )


def _url_parts(page, request=None):
    """``Page.get_url_parts`` for the active language, from the remembered site root paths:
    (site id, site root URL, path), ``(site id, None, None)`` without a route, or None."""
    possible = [root for root in site_root_paths() if page.url_path.startswith(root.root_path)]
    if not possible:
        return None
    chosen = possible[0]  # the longest root path: right for all but the rarest setups
    if len({root.site_id for root in possible}) > 1 and isinstance(request, HttpRequest):
        site = find_site(request)  # a page in several sites: prefer the request's
        chosen = next((root for root in possible if site and root.site_id == site.pk), chosen)
    try:
        path = reverse("wagtail_serve", args=(page.url_path[len(chosen.root_path):],))
    except NoReverseMatch:
        return (chosen.site_id, None, None)
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
        path = path.rstrip("/")
    return (chosen.site_id, chosen.root_url, path)


class _UrlParts:
    """This process's answers of :func:`_url_parts` in the current generation.

    A page's URL follows from its ``url_path`` in the active language, the sites' root paths
    and the URL configuration: within one page cache generation (which any change to a page's
    path or to a site starts anew) the same ``url_path`` always gives the same URL, and a page
    shows dozens of them (menu, switcher, lists), each costing a ``reverse()``.
    """

    MAX_ENTRIES = 20000

    def __init__(self, compute):
        self.compute = compute
        self.generation = None
        self.entries = {}

    def __call__(self, page, request=None):
        generation = request_generation()
        if generation is None:  # outside a request: nothing to tie the answer to
            return self.compute(page, request)
        site = getattr(request, "portal_site", None)
        key = (translation.get_language(), page.url_path, site.pk if site else None)
        if generation != self.generation or len(self.entries) >= self.MAX_ENTRIES:
            self.entries = {}
            self.generation = generation
        parts = self.entries.get(key)
        if parts is None:
            parts = self.entries[key] = self.compute(page, request)
        return parts


# What BasePage.get_url_parts answers.
url_parts = _UrlParts(_url_parts)


# -- remembered sites and routes ----------------------------------------------------------
def find_site(request):
    """``Site.find_for_request`` with the answer remembered per host and port (Wagtail reads the
    sites table on every request), kept on the request as ``request.portal_site``. Hosts Django
    refuses are left to Wagtail and not remembered."""
    if not hasattr(request, "portal_site"):
        try:
            host = request.get_host()
        except DisallowedHost:
            request.portal_site = Site.find_for_request(request)
            return request.portal_site
        hostname = split_domain_port(host)[0]
        port = request.get_port()
        request.portal_site = remember(
            f"site:{hostname}:{port}", lambda: Site.find_for_request(request), tags=()
        )
    return request.portal_site


def _route_key(site, path_components) -> str:
    path = "/".join(path_components)
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:32]
    return f"route:{site.pk}:{translation.get_language()}:{digest}"


def _steps(route: Route) -> list[tuple[int, int]]:
    """(content type, id) of each page on the route, the site root first, the page last."""
    return [(page.content_type_id, page.pk) for page in (*route.way, route.page)]


def _pages_on(way, site):
    """The pages on a remembered way, each read by primary key from its own table.

    The site's root page, when it is only passed through, is the one the site already holds:
    nothing asks its specific type there (breadcrumbs start from ``site.root_page`` anyway).
    """
    pages = []
    for step, (content_type_id, pk) in enumerate(way, start=1):
        last = step == len(way)
        if pk == site.root_page_id and not last:
            page = site.root_page
        else:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                return None
            queryset = model.objects
            if last and hasattr(model, "served_queryset"):
                queryset = model.served_queryset()  # the page served, with what it always shows
            try:
                page = queryset.get(pk=pk)
            except model.DoesNotExist:
                return None
        pages.append(page)
    return pages


def route_for_request(request, path: str):
    """What Wagtail's ``Page.route_for_request`` answers, remembering the way to each page
    (module docstring); kept on the request as ``request.portal_route`` for breadcrumbs and
    parents (:func:`way_to`, :func:`parent_of`)."""
    if hasattr(request, "portal_route"):
        return request.portal_route
    site = find_site(request)
    result = None
    if site is not None:
        components = [component for component in path.split("/") if component]
        key = _route_key(site, components)
        found, way = recall(key)
        pages = _pages_on(way, site) if found and way else None
        start, above, remaining = (
            (pages[-1], pages[:-1], components[len(pages) - 1 :]) if pages
            else (site.root_page.specific, (), components)
        )
        try:
            result = walk(start, remaining, way=above)
        except Http404:
            result = None
        if result is not None and not pages:
            keep(key, _steps(result), tags=())  # the tree's shape changes are tagged "*"
    request.portal_route = result
    return result


def page_url(page, request=None, current_site=None) -> str:
    """What Wagtail's ``Page.get_url`` gives for ``page`` (relative on its own site), for a
    specific or a plain page alike, from :data:`url_parts`; "" for a page without a URL."""
    parts = url_parts(page, request)
    if parts is None or parts[2] is None:
        return ""
    site_id, root_url, path = parts
    if current_site is None and isinstance(request, HttpRequest):
        current_site = find_site(request)
    single_site = len({root.site_id for root in site_root_paths()}) == 1
    if (current_site is not None and current_site.pk == site_id) or single_site:
        return path
    return root_url + path
