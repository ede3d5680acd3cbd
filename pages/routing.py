"""Serving a URL with a bounded number of rows, and remembering the way there.

wagtail-modeltranslation's ``route`` reads *every* child of each page on the way to compare
slugs in the reader's language (with fallbacks) in Python: the news index has thousands. This
``route`` only reads the children whose slug in some language is the wanted one, then applies
the same comparison. Each page found keeps the page it was reached from (``_route_parent``), so
breadcrumbs and "the index this item belongs to" need no further query.

Routing a URL the first time costs two queries per level (the children with that slug, then the
specific page). The way found — which pages, by id and type — is then remembered per site,
language and path until any page is published, unpublished, moved or deleted (the page cache
generation, ``ops.cache.remember``), so serving the URL again reads each page on the way once,
by primary key, from its own table. The site for a host is remembered the same way.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import DisallowedHost
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath, get_site_for_hostname
from wagtail.url_routing import RouteResult

from ops.cache import keep, recall, remember, request_generation
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


def _read_site_root_paths() -> list[SiteRootPath]:
    """Each site's root in the active language, longest first (as Wagtail orders them)."""
    sites = Site.objects.select_related("root_page", "root_page__locale")
    return [
        SiteRootPath(
            site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
        )
        for site in sites.order_by("-root_page__url_path")
    ]


def site_root_paths(self, request=None):
    """Replacement of ``Page._get_site_root_paths`` (every page URL starts here).

    wagtail-modeltranslation's version keeps one language per request and asks the shared cache
    again whenever the language changes, which the language switcher does three times per
    page. These are kept per language on the request (or the page) and remembered under the
    page cache generation, which a change to any site starts anew (ops.signals).
    """
    language = translation.get_language()
    holder = request if request is not None else self
    known = holder.__dict__.setdefault("_portal_site_root_paths", {})
    paths = known.get(language)
    if paths is None:
        paths = known[language] = remember(f"site-root-paths:{language}", _read_site_root_paths)
    return paths


class _UrlParts:
    """This process's answers of ``Page.get_url_parts`` in the current generation.

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
        site = getattr(request, "_wagtail_site", None)
        key = (translation.get_language(), page.url_path, site.pk if site else None)
        if generation != self.generation or len(self.entries) >= self.MAX_ENTRIES:
            self.entries = {}
            self.generation = generation
        parts = self.entries.get(key)
        if parts is None:
            parts = self.entries[key] = self.compute(page, request)
        return parts


def connect() -> None:
    from pages.models.base import BasePage

    # Page's own method: page types that override it call it through super().
    if not hasattr(Page.get_url_parts, "memo"):
        memo = _UrlParts(Page.get_url_parts)

        def get_url_parts(self, request=None):
            return memo(self, request)

        get_url_parts.memo = memo
        Page.get_url_parts = get_url_parts

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    # wagtail-modeltranslation sets its own on every translated page model.
    for model in (Page, *subclasses(Page)):
        model._get_site_root_paths = site_root_paths

    for model in subclasses(BasePage):
        if not model._meta.abstract:
            model.route = route


# -- remembered sites and routes ----------------------------------------------------------
def _site_for(hostname: str, port: int):
    try:
        return get_site_for_hostname(hostname, port)  # with its root page
    except Site.DoesNotExist:
        return None


def find_site(request):
    """``Site.find_for_request`` with the answer remembered per host and port (Wagtail reads the
    sites table on every request). Hosts Django refuses are left to Wagtail."""
    if not hasattr(request, "_wagtail_site"):
        try:
            host = request.get_host()
        except DisallowedHost:
            return Site.find_for_request(request)
        hostname = split_domain_port(host)[0]
        port = request.get_port()
        request._wagtail_site = remember(
            f"site:{hostname}:{port}", lambda: _site_for(hostname, port)
        )
    return request._wagtail_site


def _route_key(site, path_components) -> str:
    path = "/".join(path_components)
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:32]
    return f"route:{site.pk}:{translation.get_language()}:{digest}"


def _way_to(page) -> list[tuple[int, int]]:
    """(content type, id) of each page routing went through, the site root first."""
    way = []
    while page is not None:
        way.append((page.content_type_id, page.pk))
        page = getattr(page, "_route_parent", None)
    return list(reversed(way))


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
        if pages:
            page._route_parent = pages[-1]
        pages.append(page)
    return pages


def route_for_request(request, path: str):
    """Wagtail's ``Page.route_for_request``, remembering the way to each page (module docstring).

    The result is left where Wagtail looks for it (``request._wagtail_route_for_request``), so
    Wagtail's ``serve`` view and everything else that asks for the page of this request use it.
    """
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = find_site(request)
    if site is None:
        return Page.route_for_request(request, path)
    components = [component for component in path.split("/") if component]
    key = _route_key(site, components)
    found, way = recall(key)
    pages = _pages_on(way, site) if found and way else None
    if pages:
        remaining = components[len(pages) - 1 :]
        try:
            result = pages[-1].route(request, remaining)
        except Http404:
            result = None
        request._wagtail_route_for_request = result
        return result
    result = Page.route_for_request(request, path)
    if result is not None:
        way = _way_to(result.page)
        if way[0][1] == site.root_page_id:  # every step went through this module's route
            keep(key, way)
    return result
