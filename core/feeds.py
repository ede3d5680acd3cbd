"""RSS 2.0 and Atom feeds of the news, one per language, served from the news index."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    """The news in the reader's language. ``site_name`` (the portal's name in that language)
    is in the feed's title, as readers' feed lists show feeds side by side, and is the
    feed's author, which Atom requires (RFC 4287, 4.1.1)."""

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
        # The host the reader asked, as the canonical and hreflang links in the pages use.
        return self.request.build_absolute_uri(page.get_url(self.request))

    def link(self, obj):
        return self.absolute(obj)

    def feed_url(self, obj):
        return self.request.build_absolute_uri(self.request.path)

    def description(self, obj):
        return obj.intro or obj.search_description or _("News of the memorial portal.")

    def items(self, obj):
        return obj.news_items().prefetch_related("tags")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self.absolute(item)

    def item_guid(self, item):
        return self.absolute(item)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
