"""RSS 2.0 and Atom feeds of an index page's items (the news, the anniversary updates), one per
language, served from the index (``pages.models.base.FeedsMixin``).

A feed is in its language throughout: ``<language>``, its title and description, and each
item's title and summary in that language. An item without a title in the feed's language is
left out rather than shown under another language's title; an item without a summary in it has
no description. Only live, public items are listed (a scheduled item once it is published).
Every address is absolute on the site's configured root URL (``core.site_root``).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from modeltranslation.utils import build_localized_fieldname

from core import site_root

FEED_LENGTH = 20


def titled_in(queryset, language: str):
    """The pages of ``queryset`` that have a title of their own in ``language``."""
    column = build_localized_fieldname("title", language)
    return queryset.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})


def own_text(instance, field_name: str, language: str) -> str:
    """The text of a translated field in ``language`` itself, without falling back."""
    return (getattr(instance, build_localized_fieldname(field_name, language), "") or "").strip()


class IndexRssFeed(Feed):
    """The items of ``index_page`` in the reader's language. ``site_name`` (the portal's name
    in that language) is in the feed's title, as readers' feed lists show feeds side by side,
    and is the feed's author, which Atom requires (RFC 4287, 4.1.1).

    The index page gives ``feed_items()`` (its live, public items, newest first),
    ``feed_date_field`` (the item's date field) and ``feed_fallback_description()``."""

    feed_type = Rss201rev2Feed

    def __init__(self, index_page, site_name=""):
        super().__init__()
        self.index_page = index_page
        self.site_name = site_name

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.language = translation.get_language()
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index_page

    def title(self, obj):
        title = obj.seo_title or obj.title
        return f"{title} · {self.site_name}" if self.site_name else title

    def author_name(self, obj):
        return self.site_name or None

    def author_link(self, obj):
        return self.absolute(obj) if self.site_name else None

    def absolute(self, page):
        return site_root.page_url(page, self.request)

    def link(self, obj):
        return self.absolute(obj)

    def feed_url(self, obj):
        return site_root.absolute_url(self.request.path, self.request)

    def description(self, obj):
        return (own_text(obj, "intro", self.language) or obj.search_description
                or str(obj.feed_fallback_description()))

    def items(self, obj):
        return titled_in(obj.feed_items(), self.language)[:FEED_LENGTH]

    def item_title(self, item):
        return own_text(item, "title", self.language)

    def item_description(self, item):
        return own_text(item, "summary", self.language) or None

    def item_link(self, item):
        return self.absolute(item)

    def item_guid(self, item):
        return self.absolute(item)

    def item_pubdate(self, item):
        day = getattr(item, self.index_page.feed_date_field)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        tags = getattr(item, "tags", None)
        return [tag.name for tag in tags.all()] if tags is not None else []


class IndexAtomFeed(IndexRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
