"""What a shared link shows of a page: the description, Open Graph and Twitter cards."""

from django import template
from django.utils import translation
from wagtail.models import Page

from core import i18n, site_root
from sharing import seo

register = template.Library()


@register.inclusion_tag("sharing/social_meta.html", takes_context=True)
def social_meta(context, page=None, portal=None):
    """The description, Open Graph and Twitter cards: title, description, image, locale and
    its alternates. ``portal`` is the site's settings (``settings.pages.PortalSettings`` in the
    template): its name, tagline and the default picture editors chose."""
    request = context.get("request")
    if not isinstance(page, Page) or request is None or not portal:
        return {"meta": None}
    language = translation.get_language()
    meta = {
        "type": "article" if page.specific_class.__name__ != "HomePage" else "website",
        "site_name": portal.site_name,
        "title": page.seo_title or page.title,
        # Every page has one (sharing.seo): the page's own text, else the site's tagline.
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
