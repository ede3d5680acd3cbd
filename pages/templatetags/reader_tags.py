"""What every page gives readers besides its content: breadcrumbs and sharing metadata."""

from django import template
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from core import i18n
from core.routing import way_to

register = template.Library()

# Open Graph asks for at least 1200x630 for large previews.
SOCIAL_IMAGE_SPEC = "fill-1200x630-c50|format-jpeg"


def _site(request):
    return Site.find_for_request(request) if request is not None else None


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


def description_for(page) -> str:
    for name in ("search_description", "summary", "intro", "lead"):
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return Truncator(value.strip()).chars(300)
    return ""


@register.inclusion_tag("components/social_meta.html", takes_context=True)
def social_meta(context, page=None):
    """Open Graph and Twitter cards: title, description, image, locale and its alternates."""
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return {"meta": None}
    language = translation.get_language()
    from pages.models import PortalSettings

    site_name = PortalSettings.for_request(request).site_name
    meta = {
        "type": "article" if page.specific_class.__name__ != "HomePage" else "website",
        "site_name": site_name,
        "title": page.seo_title or page.title,
        "description": description_for(page),
        "url": request.build_absolute_uri(page.get_url(request) or request.path),
        "locale": i18n.OG_LOCALES.get(language, language),
        "alternate_locales": [
            locale for code, locale in i18n.OG_LOCALES.items() if code != language
        ],
        "image": None,
    }
    get_image = getattr(page, "get_main_image", None)
    image = get_image() if get_image else None
    if image is not None:
        rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
        get_alt = getattr(page, "get_main_image_alt", None)
        meta["image"] = {
            "url": request.build_absolute_uri(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": get_alt() if get_alt else "",
        }
    return {"meta": meta}
