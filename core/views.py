"""The view that serves pages, and the one view that is not a page: site search."""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core import routing
from core import search as portal_search
from core.restrictions import public
from ops.cache import lifetime, mark_cacheable


def serve(request, path):
    """Wagtail's ``serve`` view with the way to the page found and remembered by core.routing,
    and a Cache-Control whose lifetime ends when the page changes by itself (ops.cache)."""
    route = routing.route_for_request(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    response = serve_page(page, request, args, kwargs)
    now = timezone.now()
    next_change = getattr(page, "next_change", None)
    changes_at = next_change(request, now) if next_change else None
    mark_cacheable(request, response, lifetime(changes_at, now))
    return response


def _page_serve(page, request, args, kwargs):
    return page.serve(request, *args, **kwargs)


def serve_page(page, request, args, kwargs):
    """What Wagtail's serve view does once it knows the page, through its documented hooks:
    each ``before_serve_page`` hook may answer instead (the request method check), then the
    page is served through the chain the ``on_serve_page`` hooks build (the view restrictions).

    Wagtail offers no public way to hand its own view a route found elsewhere (it keeps it in
    a private request attribute), hence this copy of its few lines; tests/test_wagtail_pins.py
    fails when Wagtail's view changes, and compares the two views' answers.
    """
    chain = _page_serve
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        chain = hook(chain)
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)


def search(request):
    """Search every live, public page; editors' promoted results come first."""
    query = portal_search.clean_query(request.GET.get("q"))
    site = routing.find_site(request)
    site_root = site.root_page if site else None
    messages = []
    results = None
    promotions = []
    if query.truncated:
        messages.append(
            _("Your search was long, so only its first %(count)s characters or %(words)s words "
              "were used.")
            % {"count": portal_search.MAX_QUERY_LENGTH, "words": portal_search.MAX_TERMS}
        )
    if not query.shown:
        messages.append(_("Type one or more words to search the portal."))
    elif not query.terms:
        messages.append(
            _("Your search contained no letters or digits. Type one or more words to search for.")
        )
    else:
        results = portal_search.search_pages(query, request.GET.get("page"), site_root)
        promotions = _promotions(query, site_root) if results.number == 1 else []
        if promotions:
            promoted_ids = {p["page_id"] for p in promotions}
            results.object_list = [r for r in results.object_list if r.pk not in promoted_ids]
        if not results.paginator.count and not promotions:
            messages.append(_("No pages match your search. Try other or fewer words."))
    response = TemplateResponse(
        request,
        "pages/search_results.html",
        {
            "search_query": query.shown,
            "results": results,
            "promotions": promotions,
            "search_messages": messages,
        },
    )
    # Kept like a page, per query, language and page; every publish drops them all.
    mark_cacheable(request, response, lifetime(None, timezone.now()))
    return response


def _promotions(query, site_root):
    """Links editors promoted for this query (or for one that means the same), in their order:
    live, public pages or other sites.

    Looked up without get_or_create, so readers' searches are never written to the database.
    """
    wanted = {normalise_query_string(query.text), normalise_query_string(query.shown)}
    stored = Query.objects.filter(query_string__in=wanted).order_by("pk").first()
    if stored is None:
        # The same query in another spelling or with a synonym ("Khodjaly tragedy").
        pk = portal_search.promoted_query_id(query)
        stored = Query.objects.filter(pk=pk).first() if pk else None
    if stored is None:
        return []
    picks = list(stored.editors_picks.order_by("sort_order", "pk"))
    pages = public(Page.objects.live()).filter(pk__in=[p.page_id for p in picks if p.page_id])
    if site_root is not None:
        pages = pages.descendant_of(site_root, inclusive=True)
    specific = {page.pk: page for page in pages.specific()}
    promoted = []
    for pick in picks:
        if pick.page_id in specific:
            page = specific[pick.page_id]
            promoted.append(
                {"page_id": page.pk, "title": page.title, "url": page.get_url(),
                 "description": pick.description or portal_search.snippet(page)[0]}
            )
        elif not pick.page_id and pick.external_link_url:
            promoted.append(
                {"page_id": None, "title": pick.external_link_text or pick.external_link_url,
                 "url": pick.external_link_url, "description": pick.description}
            )
    return promoted
