"""The menu in groups, the footer's links and the privacy link beside forms.

The sections come from the menu the header already reads (``portal_tags.main_navigation``,
remembered by core.navigation): grouping them and linking the footer costs no query. About and
Privacy are the pages editors choose on the home page (``HomePage.about_page`` and
``privacy_page``), remembered with the page cache like the menu.
"""

from django import template
from django.utils.translation import gettext_lazy as _

from core import routing
from ops.cache import page_tag, remember
from pages.templatetags.portal_tags import main_navigation

register = template.Library()

# The page types of the short primary menu, in the order of the page tree; every other section
# editors put in the menu goes under "More". Page types are named by app label and model name,
# so page types of any app can be listed without importing them.
PRIMARY = {
    "pages.memorialarticlepage",
    "pages.newsindexpage",
    "pages.anniversaryindexpage",
    "pages.resourceindexpage",
    "pages.mappage",
    "remembrance.namesregisterpage",
}
# Short menu labels for page types whose titles are long (the article's is a full heading).
SHORT_LABELS = {
    "pages.memorialarticlepage": _("The Khojaly massacre"),
}


def kind(page) -> str:
    """"app_label.modelname" of a plain page, from Django's cached content types (no query
    once the process has seen the type)."""
    content_type = page.cached_content_type
    return f"{content_type.app_label}.{content_type.model}"


@register.simple_tag
def menu_groups(items):
    """The menu's items split into the primary menu and "More", each with its label: home and
    the search are the template's."""
    primary, more = [], []
    for item in items:
        if item.get("is_home"):
            continue
        page_kind = kind(item["page"])
        label = SHORT_LABELS.get(page_kind)
        entry = {**item, "label": str(label) if label else item["page"].title,
                 "shortened": bool(label)}
        (primary if page_kind in PRIMARY else more).append(entry)
    return {"primary": primary, "more": more,
            "more_current": any(entry.get("current") for entry in more)}


def _read_site_pages(home_pk) -> dict:
    from pages.models.home import HomePage

    home = (
        HomePage.objects.filter(pk=home_pk)
        .select_related("about_page", "privacy_page")
        .first()
    )
    if home is None:
        return {}
    return {name: page for name in ("about", "privacy")
            if (page := getattr(home, f"{name}_page")) is not None and page.live}


def site_pages(request) -> dict:
    """{"about": page, "privacy": page} as chosen on the site's home page (live ones only)."""
    site = routing.find_site(request) if request is not None else None
    if site is None:
        return {}
    return remember(f"site-pages:{site.root_page_id}", lambda: _read_site_pages(site.root_page_id),
                    tags=lambda pages: [page_tag(page.pk) for page in pages.values()])


@register.simple_tag(takes_context=True)
def privacy_page(context):
    """The privacy page, for the link beside the button of a form that asks for personal
    details (None when editors have not chosen one)."""
    return site_pages(context.get("request")).get("privacy")


@register.inclusion_tag("navigation/footer_navigation.html", takes_context=True)
def footer_navigation(context, page=None):
    """About, Privacy, Contact and the news feeds, in the reader's language."""
    request = context.get("request")
    menu = main_navigation(context, page)
    contact, feeds = None, {}
    for item in menu.get("items", []):
        specific_class = item["page"].specific_class
        if item.get("is_home") or item.get("empty") or specific_class is None:
            continue
        if contact is None and kind(item["page"]) == "pages.contactpage":
            contact = item["page"]
        if not feeds and getattr(specific_class, "feeds_in_footer", False):
            base = routing.page_url(item["page"], request)
            resolver = specific_class.get_resolver()
            feeds = {"rss": base + resolver.reverse("feed_rss"),
                     "atom": base + resolver.reverse("feed_atom")}
    return {"request": request, "contact": contact, "feeds": feeds, **site_pages(request)}
