"""Many live pages at once, for the query-budget tests and the benchmark's large site.

Publishing through Wagtail (revisions, signals, search indexing, one tree update per page) takes
tens of milliseconds a page; the benchmark needs thousands. ``add_children`` writes the tree rows
directly: paths computed as treebeard would, the ``wagtailcore_page`` rows in batched INSERTs,
then the page type's own rows, then the parent's child count. The pages are live, without
revisions, and are not added to the search index (``index_pages`` does that in bulk).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models import F
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from core import i18n
from ops.signals import announce_change

BATCH = 100


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def add_children(parent, pages, published_at=None):
    """Insert the unsaved specific `pages` (translated titles and slugs set) below `parent`.

    Returns the pages, saved. ``published_at`` (default now) is the first publication time of
    the first page; each next page is a minute older, so "latest" lists have a stable order.
    """
    if not pages:
        return pages
    model = type(pages[0])
    assert all(type(page) is model for page in pages), "one page type per call"
    using = router.db_for_write(Page)
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    parent = Page.objects.using(using).get(pk=parent.pk)
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen:]) if last else 0
    depth = parent.depth + 1
    published_at = published_at or timezone.now()
    codes = i18n.language_codes()
    with translation.override(codes[0]):
        for number, page in enumerate(pages):
            page.path = Page._get_path(parent.path, depth, start + number + 1)
            page.depth = depth
            page.numchild = 0
            page.content_type = content_type
            page.locale_id = parent.locale_id
            page.live = True
            page.has_unpublished_changes = False
            when = published_at - datetime.timedelta(minutes=number)
            page.first_published_at = page.first_published_at or when
            page.last_published_at = page.first_published_at
            page.draft_title = page.title
            default_slug = getattr(page, build_localized_fieldname("slug", codes[0]))
            for code in codes:
                base = getattr(parent, build_localized_fieldname("url_path", code)) or ""
                slug = getattr(page, build_localized_fieldname("slug", code)) or default_slug
                setattr(page, build_localized_fieldname("url_path", code), f"{base}{slug}/")
            page.url_path = getattr(page, build_localized_fieldname("url_path", codes[0]))
            page.slug = default_slug
        page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
        own_fields = list(model._meta.local_concrete_fields)
        for batch in _batches(pages):
            rows = Page._base_manager.using(using)._insert(
                batch, fields=page_fields, returning_fields=[Page._meta.pk], using=using
            )
            for page, (pk,) in zip(batch, rows, strict=True):
                page.pk = page.id = page.page_ptr_id = pk
                page._state.adding = False
                page._state.db = using
            model._base_manager.using(using)._insert(batch, fields=own_fields, using=using)
    Page.objects.using(using).filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    # No page signal was sent: say that what readers see has changed.
    announce_change(everywhere=True)
    return pages


def index_pages(pages):
    """Add the pages to the search index in bulk (one call per page type)."""
    from wagtail.search.backends import get_search_backends

    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, items in by_model.items():
            for batch in _batches(items, 500):
                backend.add_bulk(model, batch)
