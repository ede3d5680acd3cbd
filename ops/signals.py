"""Tell every cache what changed whenever what readers see changes: one announcement,
:func:`announce_change`, drives this process's and every other process's cache (``ops.cache``)
and the caching proxy or CDN (through ``ops.purges``).

What a change reaches, narrowed so that a publish costs only the pages it touches:

- a page published, unpublished or saved live: its own remembered pieces (``page:<id>``),
  lists and counts of its type (``type:<model>``), and the pages that show it — every language
  URL of the page, of its ancestors (section indexes, the home page) and their extra paths
  (feeds), each site's sitemap and search page — in the page cache and the proxy;
- everything (``*``, and every page of each site in the proxy) when the change reaches every
  page or the tree's shape: the home page or a section (the menu), a page whose URL changed,
  the first or last page of a section (the menu hides empty sections), a move, a deletion, and
  saving site settings, sites, restrictions, images, documents, snippets (search synonyms
  among them) or promoted search results (search pages show them).

Nothing a reader does is a change: a proposal to the names register is a draft record (not
live, so not shown) and a private contribution (``shown_to_readers = False``); votes and
contact messages are not shown on cached pages. They become content when an editor publishes
them, and publishing is what invalidates. Otherwise any reader could empty the cache.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
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

from ops import purges
from ops.cache import EVERYTHING, announce_tags, changed_types, page_tag, url_tag

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


def shown_on_every_page(page) -> bool:
    """The home page and the sections: their titles are in every page's menu."""
    return page.depth <= 3


# Sent by announce_change, inside the transaction that made the change, for whoever keeps its own
# copies of the pages (preservation): ``pages`` changed; ``everywhere`` when every page may show
# the change (the menu, site settings, images, snippets).
change_announced = Signal()


def _url_path_fields() -> list[str]:
    return [f"url_path_{code}" for code, _name in settings.LANGUAGES]


def on_page_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Note a live page's addresses before it is saved (``moved_address``)."""
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields and set(update_fields) <= PAGE_BOOKKEEPING_FIELDS:
        return
    instance._ops_before = (
        Page.objects.filter(pk=instance.pk).values("live", *_url_path_fields()).first()
    )


def moved_address(page) -> bool:
    """A live page saved under another address in some language: every page linking to it,
    and the way to it and to everything below it, changed."""
    before = getattr(page, "_ops_before", None)
    return bool(before and before["live"] and any(
        before[name] != getattr(page, name, before[name]) for name in _url_path_fields()))


def alone_in_its_section(page) -> bool:
    """A page with no live, public sibling in a section that shows its children: publishing or
    unpublishing it makes the section appear in, or leave, every page's menu
    (``core.navigation``: no empty rooms)."""
    if page.depth != 4 or page.get_siblings(inclusive=False).live().public().exists():
        return False
    return bool(getattr(page.get_parent().specific_class, "shows_children", False))


def reaches_every_page(page) -> bool:
    return shown_on_every_page(page) or moved_address(page) or alone_in_its_section(page)


def announce_change(*pages, before=(), everywhere=False) -> None:
    """The one way a change reaches every cache. ``pages``: what changed; ``before``: the URLs
    they had before a move or delete; ``everywhere``: the change reaches every page (see the
    module docstring, which also says when a page's change does). The tags are logged for
    every process now and after the commit; the purge is recorded in the change's transaction
    and sent after it (``ops.purges``). Signals call it for Wagtail's events; code that
    writes without signals (bulk loaders, ``update()``) calls it itself."""
    everywhere = everywhere or any(reaches_every_page(page) for page in pages)
    change_announced.send(sender=None, pages=pages, everywhere=everywhere)
    urls, tags = set(before), {EVERYTHING} if everywhere else set()
    for page in pages:
        urls |= urls_showing(page)
        tags.add(page_tag(page.pk))
        tags |= changed_types(page.specific_class or type(page))
    tags |= {url_tag(urlsplit(url).path) for url in urls}
    announce_tags(tags)
    backends = getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}
    hosts = set(Site.objects.values_list("hostname", flat=True)) if (
        everywhere and "http" in backends) else set()
    purges.record(urls=urls if backends else (), hosts=hosts, tags=tags)


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
    # url_path and ancestors as they are now
    page = Page.objects.get(pk=instance.pk)
    announce_change(page, before=_before_move.pop(instance.pk, set()), everywhere=True)


def on_pre_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and cdn_configured():
        try:
            _before_delete[instance.pk] = urls_showing(instance)
        except Exception:
            logger.debug("No URLs for deleted page %s", instance.pk, exc_info=True)


def on_post_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        announce_change(before=_before_delete.pop(instance.pk, set()), everywhere=True)


# -- other things pages show -------------------------------------------------------------
def shown_on_pages(model) -> bool:
    from wagtail.contrib.search_promotions.models import SearchPromotion
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
        SearchPromotion,  # search results show editors' promotions
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
            announce_change(instance)
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
    if isinstance(instance, Page):
        return  # on_post_delete
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
    pre_save.connect(on_page_saving, dispatch_uid="ops.page_saving")
    pre_delete.connect(on_pre_delete, dispatch_uid="ops.pre_delete")
    post_delete.connect(on_post_delete, dispatch_uid="ops.post_delete")
    post_save.connect(on_content_changed, dispatch_uid="ops.content_saved")
    post_delete.connect(on_deleted, dispatch_uid="ops.content_deleted")
    m2m_changed.connect(on_relation_changed, dispatch_uid="ops.relation_changed")
    published.connect(on_snippet_published, dispatch_uid="ops.published")
    unpublished.connect(on_snippet_published, dispatch_uid="ops.unpublished")
