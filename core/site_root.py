"""Absolute URLs from one place: the site's configured root URL.

Every address the portal hands out whole (feeds, sitemaps, canonical, hreflang and Open Graph
links, share cards, citations, the notes in files for translators) starts with the root URL of
the Wagtail ``Site`` it belongs to, as editors configure it in Settings → Sites (hostname and
port: port 443 gives ``https://``, 80 ``http://``, any other ``http://host:port``). Never the
host a request happened to name, and never a ``localhost`` a reader cannot open: ``make run``
sets the default site to the address it serves (``load_demo_content --site``), production to
its domain (docs/deploy.md). The site's name in the reader's language comes from here too.
"""

from urllib.parse import urlsplit

from django.apps import apps
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

from core import routing
from ops.cache import remember


def _default_root_url() -> str:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_url if site is not None else ""


def root_url(request=None) -> str:
    """The root URL (no trailing slash) of the request's site (Wagtail's choice for its host,
    the default site for an unknown one), or of the default site without a request."""
    site = routing.find_site(request) if request is not None else None
    if site is not None:
        return site.root_url.rstrip("/")
    return remember("default-site-root-url", _default_root_url, tags=()).rstrip("/")


def absolute_url(url: str, request=None) -> str:
    """``url`` (a path, or already absolute) as an absolute URL on the site's root URL."""
    if not url:
        return ""
    if urlsplit(url).scheme:
        return url
    return root_url(request) + ("" if url.startswith("/") else "/") + url


def page_url(page, request=None) -> str:
    """The absolute URL of ``page`` in the active language ("" when it has none)."""
    return absolute_url(routing.page_url(page, request), request)


def site_name(request) -> str:
    """The portal's name in the reader's language, from the site settings that have one (what
    citations and share cards name as the site)."""
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting) and hasattr(model, "display_name"):
            return model.for_request(request).display_name
    return ""
