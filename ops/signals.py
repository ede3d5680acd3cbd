"""Invalidate the page cache, and purge the CDN, whenever what readers see changes: one
announcement, :func:`announce_change`, drives both.

Page events (publish, unpublish, move, delete) bump the page cache generation
(:mod:`ops.cache`) and, when a CDN is configured (``WAGTAILFRONTENDCACHE``), purge every
language URL of the page, its ancestors, the home page, the sitemap and the search page (every
query of it: the proxy's bans compare paths). Saving or deleting
site settings, sites, images, documents and snippets bumps the generation too: pages show them.
So does saving a live page other than through publishing (a page created live in code, an
import, a command that rewrites fields); saving a draft of it only touches Wagtail's
bookkeeping columns and changes nothing readers see.

Nothing a reader does is a change: a proposal to the names register is a draft record (not
live, so not shown) and a private contribution (``shown_to_readers = False``); votes and
contact messages are not shown on cached pages. They become content when an editor publishes
them, and publishing is what invalidates. Otherwise any reader could empty the cache.
"""

import logging
import threading

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal
from django.urls import reverse
from django.utils import translation
from wagtail.models import COMMENTS_RELATION_NAME, DraftStateMixin, Page, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from ops.cache import invalidate_page_cache, purge_delay

logger = logging.getLogger("ops.cache")


# -- which URLs show a page --------------------------------------------------------------
def page_urls(page) -> set[str]:
    """Every language URL of the page and the extra paths it declares (feeds, sub-routes)."""
    urls = set()
    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                url = page.get_full_url()
            except Exception:  # a page without a site (deleted root, orphan) has no URL
                logger.debug("No URL for page %s", page.pk, exc_info=True)
                continue
            if not url:
                continue
            urls.add(url)
            base = url.rstrip("/")
            for path in page.get_cached_paths():
                if path != "/":
                    urls.add(base + "/" + path.lstrip("/"))
    return urls


def search_urls(site) -> set[str]:
    """The site's search page in every language: the proxy drops every query of it at once
    (its bans compare paths), so results never miss a page that was just published."""
    urls = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.add(site.root_url.rstrip("/") + reverse("search"))
    return urls


def urls_showing(page) -> set[str]:
    """The page, its ancestors (section indexes, the home page), each site's sitemap and search
    results."""
    urls = page_urls(page)
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        urls |= page_urls(ancestor)
    for site in Site.objects.select_related("root_page"):
        urls |= page_urls(site.root_page)
        urls.add(site.root_url.rstrip("/") + "/sitemap.xml")
        urls |= search_urls(site)
    return urls


def cdn_configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def after_commit_and_delay(send) -> None:
    """Run ``send`` once the transaction commits and every app server has seen the change
    (``ops.cache.purge_delay``): a shared cache purged earlier could store, from a process that
    still trusts the old generation, the page as it was. The wait happens in a thread of its
    own (not a daemon: a command that published waits for it before it exits)."""
    delay = purge_delay()

    def later():
        if delay <= 0:
            send()
            return
        timer = threading.Timer(delay, send)
        timer.daemon = False
        timer.start()

    transaction.on_commit(later)


def purge(urls) -> None:
    """Purge URLs from the configured CDN, after the commit and the delay; never raises."""
    if not cdn_configured() or not urls:
        return
    urls = sorted(urls)

    def send():
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        try:
            purge_urls_from_cache(urls)
        except Exception:
            logger.exception("Could not purge the CDN")

    after_commit_and_delay(send)


def purge_site() -> None:
    """Ask the caching proxy (FRONTEND_CACHE_PURGE_URL, Varnish) to drop every page of each
    site, after the transaction commits: for changes every page shows (the menu, the site
    settings in header and footer, images, snippets). Other CDNs are left to their TTL."""
    backend = (getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}).get("http")
    location = (backend or {}).get("LOCATION")
    if not location:
        return

    hostnames = set(Site.objects.values_list("hostname", flat=True))

    def send():
        import urllib.request

        for hostname in hostnames:
            request = urllib.request.Request(
                location, method="PURGE",
                headers={"Host": hostname, "X-Purge-Scope": "site"},
            )
            try:
                urllib.request.urlopen(request, timeout=5).close()
            except Exception:
                logger.exception("Could not purge the caching proxy for %s", hostname)

    after_commit_and_delay(send)


def shown_on_every_page(page) -> bool:
    """The home page and the sections: their titles are in every page's menu."""
    return page.depth <= 3


# Sent by announce_change, inside the transaction that made the change, for whoever keeps its own
# copies of the pages (preservation): ``pages`` changed; ``everywhere`` when every page may show
# the change (the menu, site settings, images, snippets).
change_announced = Signal()


def announce_change(*pages, before=(), everywhere=False) -> None:
    """The one way a change reaches every cache: the page cache starts a new generation, and
    the caching proxy or CDN drops every URL that showed ``pages`` (``before``: the URLs they
    had before a move or delete), or every page of each site when ``everywhere`` or when one
    of them is in the menu. Signals call it for Wagtail's events; code that writes without
    signals (bulk loaders, ``update()``) calls it itself."""
    invalidate_page_cache()
    change_announced.send(sender=None, pages=pages, everywhere=everywhere or any(
        shown_on_every_page(page) for page in pages))
    if not cdn_configured():
        return
    urls = set(before)
    for page in pages:
        urls |= urls_showing(page)
    purge(urls)
    if everywhere or any(shown_on_every_page(page) for page in pages):
        purge_site()


# -- page events -------------------------------------------------------------------------
def on_published(sender, instance, **kwargs):
    announce_change(instance)


def on_unpublished(sender, instance, **kwargs):
    announce_change(instance)


_before_move: dict[int, set[str]] = {}
_before_delete: dict[int, set[str]] = {}


def on_pre_move(sender, instance, **kwargs):
    if cdn_configured():
        _before_move[instance.pk] = urls_showing(instance)


def on_post_move(sender, instance, **kwargs):
    # url_path and ancestors as they are now (only the CDN needs them)
    page = Page.objects.get(pk=instance.pk) if cdn_configured() else instance
    announce_change(
        page, before=_before_move.pop(instance.pk, set()),
        everywhere=shown_on_every_page(instance),
    )


def on_pre_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and cdn_configured():
        try:
            _before_delete[instance.pk] = urls_showing(instance)
        except Exception:
            logger.debug("No URLs for deleted page %s", instance.pk, exc_info=True)


def on_post_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        announce_change(
            before=_before_delete.pop(instance.pk, set()),
            everywhere=shown_on_every_page(instance),
        )


# -- other things pages show -------------------------------------------------------------
def shown_on_pages(model) -> bool:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import PageViewRestriction
    from wagtail.snippets.models import get_snippet_models

    if not getattr(model, "shown_to_readers", True):
        return False
    bases = (
        BaseSiteSetting, BaseGenericSetting, AbstractImage, AbstractDocument, Site,
        PageViewRestriction,  # a section made private (or public again) leaves menus and lists
    )
    return issubclass(model, bases) or model in get_snippet_models()


# What saving a draft, locking or commenting writes to a page's row: not what readers see.
PAGE_BOOKKEEPING_FIELDS = {
    COMMENTS_RELATION_NAME, "latest_revision", "latest_revision_created_at", "draft_title",
    "has_unpublished_changes", "locked", "locked_at", "locked_by",
}


def live_object_changed(instance, update_fields) -> bool:
    """A live page or snippet saved with more than its draft bookkeeping."""
    if not isinstance(instance, DraftStateMixin) or not instance.live:
        return False
    return not update_fields or not set(update_fields) <= PAGE_BOOKKEEPING_FIELDS


def on_content_changed(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        if live_object_changed(instance, update_fields):
            announce_change()
    # A draft (a reader's proposal, an editor's unpublished work) is not shown anywhere; a
    # live one is. Publishing and unpublishing are announced by Wagtail's signals.
    elif shown_on_pages(sender) and (
        not isinstance(instance, DraftStateMixin) or live_object_changed(instance, update_fields)
    ):
        announce_change(everywhere=True)


def on_relation_changed(sender, instance, action, **kwargs):
    """Many-to-many changes (a record's sources, an image's tags) save no row of the object."""
    if action.startswith("post_"):
        on_content_changed(type(instance), instance)


def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, DraftStateMixin) and not instance.live:
        return  # a draft nobody saw
    on_content_changed(sender, instance)


def on_snippet_published(sender, instance, **kwargs):
    """Wagtail's published/unpublished signals for snippets with drafts."""
    if shown_on_pages(type(instance)):
        announce_change(everywhere=True)


def connect():
    page_published.connect(on_published, dispatch_uid="ops.page_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="ops.page_unpublished")
    pre_page_move.connect(on_pre_move, dispatch_uid="ops.pre_page_move")
    post_page_move.connect(on_post_move, dispatch_uid="ops.post_page_move")
    pre_delete.connect(on_pre_delete, dispatch_uid="ops.pre_delete")
    post_delete.connect(on_post_delete, dispatch_uid="ops.post_delete")
    post_save.connect(on_content_changed, dispatch_uid="ops.content_saved")
    post_delete.connect(on_deleted, dispatch_uid="ops.content_deleted")
    m2m_changed.connect(on_relation_changed, dispatch_uid="ops.relation_changed")
    published.connect(on_snippet_published, dispatch_uid="ops.published")
    unpublished.connect(on_snippet_published, dispatch_uid="ops.unpublished")
