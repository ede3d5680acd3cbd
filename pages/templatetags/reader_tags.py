"""What every page gives readers besides its content: breadcrumbs and sharing metadata."""

from django import template
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Page

from core import i18n, seo, site_root
from core.routing import find_site, way_to

register = template.Library()


def _site(request):
    return find_site(request) if request is not None else None


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None):
    """Home > section > … > this page, in one query; nothing on the home page itself."""
    request = context.get("request")
    site = _site(request)
    if not isinstance(page, Page) or site is None or page.pk == site.root_page_id:
        return {"crumbs": []}
    root = site.root_page
    if not page.path.startswith(root.path):
        return {"crumbs": []}
    ancestors = way_to(request, page, root)  # known from routing: no query
    if ancestors is None:
        ancestors = list(
            Page.objects.ancestor_of(page).filter(depth__gt=root.depth).order_by("depth")
        )
    crumbs = [{"page": root, "label": _("Home")}]
    crumbs += [{"page": ancestor, "label": ancestor.title} for ancestor in ancestors]
    crumbs.append({"page": page, "label": page.title})
    return {"crumbs": crumbs, "request": request}


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context, page=None):
    """The description, Open Graph and Twitter cards: title, description, image, locale and
    its alternates."""
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return {"meta": None}
    language = translation.get_language()
    from pages.models import PortalSettings

    portal = PortalSettings.for_request(request)
    site_name = portal.site_name
    meta = {
        "type": "article" if page.specific_class.__name__ != "HomePage" else "website",
        "site_name": site_name,
        "title": page.seo_title or page.title,
        # Every page has one (core.seo): the page's own text, else the site's tagline.
        "description": seo.page_description(page, fallback=portal.tagline),
        "url": site_root.absolute_url(page.get_url(request) or request.path, request),
        "locale": i18n.og_locale(language),
        "alternate_locales": [
            i18n.og_locale(code) for code in i18n.language_codes() if code != language
        ],
        "image": seo.share_image(request, page, portal.default_social_image_id,
                                 portal.display_name),
    }
    return {"meta": meta}
