"""The sitemap's entries, with every page in every language and its hreflang alternates
(Wagtail's sitemap view asks each page's ``get_sitemap_urls``), robots.txt, and what a shared
link shows (a description and a picture for every page)."""

from django.conf import settings
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import i18n, site_root
from core.summary import DESCRIPTION_LIMIT, page_summary, plain_text, shorten
from ops.cache import remember
from sharing import share


def sitemap_urls(page, request=None) -> list[dict]:
    """A page's entries in Wagtail's sitemap (``Page.get_sitemap_urls``): one per language the
    page has a URL in, each listing its az, en, ru and x-default twins.

    Wagtail's own gives one URL per page (the active language's); with field-level translation
    every page has a URL per language. The addresses start with the site's configured root URL
    (``core.site_root``), as the pages' canonical and hreflang links do.
    """
    locations = {}
    for code in i18n.language_codes():
        with translation.override(code):
            url = page.get_url(request)
            if url:
                locations[code] = site_root.absolute_url(url, request)
    if not locations:
        return []
    alternates = [{"lang_code": code, "location": url} for code, url in locations.items()]
    default = locations.get(settings.LANGUAGE_CODE)
    if default:
        alternates.append({"lang_code": "x-default", "location": default})
    lastmod = page.last_published_at or page.latest_revision_created_at
    return [{"location": url, "lastmod": lastmod, "alternates": alternates}
            for url in locations.values()]


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {site_root.absolute_url(reverse('sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# -- What a shared link shows: a description and a picture for every page -------------------
# The description is the page's summary (core.summary, at most 160 characters, as search
# engines show); Open Graph wants at least 1200x630 for a large preview.
SOCIAL_IMAGE_SPEC = "fill-1200x630-c50|format-jpeg"
# Unless the site's settings choose one: made by tools/social_image.py (the site's name in az,
# en and ru, Noto Serif, no other assets).
DEFAULT_SOCIAL_IMAGE = "img/social-default.png"
DEFAULT_SOCIAL_IMAGE_SIZE = (1200, 630)


def page_description(page, fallback: str = "") -> str:
    """What search engines and shared links show of the page (``page_summary``, at most 160
    characters); ``fallback`` (the site's tagline) when the page has no text of its own."""
    return (page_summary(page, DESCRIPTION_LIMIT)[0]
            or shorten(plain_text(fallback), DESCRIPTION_LIMIT))


def _rendition(image, alt: str = "") -> dict:
    rendition = image.get_rendition(SOCIAL_IMAGE_SPEC)
    return {
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.default_alt_text,
        "type": "image/jpeg",
    }


def _alt_beside(page, image) -> str:
    """The alt text an editor wrote beside the field the picture comes from (``hero_image_alt``
    next to ``hero_image``), in the reader's language; "" without one."""
    for field in page._meta.concrete_fields:
        if field.is_relation and getattr(page, field.attname, None) == image.pk:
            alt = getattr(page, f"{field.name}_alt", None)
            if isinstance(alt, str) and alt.strip():
                return alt
    return ""


def _chosen_default(image_id: int) -> dict | None:
    """The site's chosen default picture as a rendition, remembered until anything changes
    (saving settings or images starts a new generation): no query on a warm process."""
    from wagtail.images import get_image_model

    def compute():
        image = get_image_model().objects.filter(pk=image_id).first()
        return _rendition(image) if image is not None else None

    return remember(f"social-image:default:{image_id}", compute, tags=())


def share_image(request, page, default_image_id: int | None = None, site_name: str = "") -> dict:
    """URL (absolute), size and alt text of the picture a shared link shows, in the reader's
    language: the page's social or main image as a 1200x630 rendition (renditions are
    cached), else the default image an editor chose in the site's settings
    (``default_image_id``), else the page's own card, drawn by the portal with its title, date
    and the site's name (sharing.share: only its address is computed here), else the portal's
    static picture."""
    get_image = getattr(page, "get_main_image", None)
    image = get_image() if get_image else None
    shown = None
    if image is not None:
        get_alt = getattr(page, "get_main_image_alt", None)
        shown = _rendition(image, get_alt() if get_alt else _alt_beside(page, image))
    elif default_image_id:
        shown = _chosen_default(default_image_id)
    if shown is not None:
        return {**shown, "url": site_root.absolute_url(shown["url"], request)}
    card = share.card(request, page, site_name)
    if card is not None:
        return card
    width, height = DEFAULT_SOCIAL_IMAGE_SIZE
    return {
        "url": site_root.absolute_url(static(DEFAULT_SOCIAL_IMAGE), request),
        "width": width,
        "height": height,
        "alt": _("The portal's name in Azerbaijani, English and Russian: "
                 "Xocalı 1992, Khojaly 1992, Ходжалы 1992."),
        "type": "image/png",
    }
