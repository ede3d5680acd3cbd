"""News: one index, newest first, paginated and filterable, with RSS and Atom feeds."""

import datetime
import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.pagination import RememberedCountPaginator, page_or_404
from core.restrictions import public
from core.routing import parent_of
from pages.blocks import BodyBlock
from pages.models.base import (
    BasePage,
    FeedsMixin,
    RoutableBasePage,
    for_listing,
    sources_panel,
)
from translations.forms import ByLanguageForm

YEAR = re.compile(r"^[0-9]{4}$")


class NewsIndexPage(FeedsMixin, RoutableBasePage):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("A sentence or two shown above the list of news."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsPage"]
    # Its content is its child pages: out of the menu while it has none (core.navigation).
    shows_children = True
    max_count = 1
    template = "pages/news_index_page.html"
    feeds_in_footer = True
    feed_names = {"rss": _("News (RSS)"), "atom": _("News (Atom)"),
                  "follow": _("Follow the news:")}

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("News index")

    def feed_items(self):
        return self.news_items().prefetch_related("tags")

    def news_items(self):
        """Every live, public news item below this index, newest first."""
        return public(NewsPage.objects.child_of(self).live()).order_by(
            "-date", "-first_published_at", "-pk"
        )

    def get_listing(self, *, tag: str = "", year: str = "", page_number: str = ""):
        """One page of the list, filtered by tag slug and year, with everything it shows.

        Images and their renditions come in a fixed number of queries, however many items the
        page holds; the columns the list does not show are not read (``for_listing``) and the
        count is remembered until any page changes. An unknown tag or year gives an empty list;
        a page number that is not a positive number or lies beyond the last page raises Http404.
        """
        items = self.news_items()
        if tag:
            items = items.filter(tags__slug=tag)
        if year:
            items = items.filter(date__year=int(year)) if YEAR.match(year) else items.none()
        items = for_listing(items).select_related("main_image").prefetch_related(
            "main_image__renditions"
        )
        paginator = RememberedCountPaginator(
            items, getattr(settings, "NEWS_PAGE_SIZE", 10), count_key=f"news:{self.pk}:{tag}:{year}"
        )
        return page_or_404(paginator, page_number)

    def get_filters(self):
        """The years and tags readers can filter by: two queries, kept in the shared cache
        until a news item changes (ops.cache.remember)."""
        from ops.cache import remember, type_tag

        def compute():
            items = self.news_items()
            years = [value.year for value in items.dates("date", "year", order="DESC")]
            tags = Tag.objects.filter(
                pages_newspagetag_items__content_object__in=items.values("pk")
            ).distinct().order_by("name").select_related("news_topic")
            return years, list(tags)

        return remember(f"news-filters:{self.pk}", compute, tags=(type_tag(NewsPage),))

    def feed_fallback_description(self):
        return _("News of the memorial portal.")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        tag = request.GET.get("tag", "").strip()[:100]
        year = request.GET.get("year", "").strip()[:10]
        listing = self.get_listing(tag=tag, year=year, page_number=request.GET.get("page", ""))
        years, tags = self.get_filters()
        context.update(
            listing=listing,
            # The first and last pages and two either side of this one (a list of 100 pages
            # would be 100 links), with "…" for the gaps.
            page_numbers=list(
                listing.paginator.get_elided_page_range(listing.number, on_each_side=2, on_ends=1)
            ),
            gap=listing.paginator.ELLIPSIS,
            news_items=listing.object_list,
            years=years,
            tags=tags,
            selected_tag=tag,
            selected_year=year,
            **self.feed_context(request),
        )
        return context


class NewsTopic(models.Model):
    """A tag of the news as readers see it: its name in each language. The tag keeps the word
    editors type on news items and the address of its filter; without a topic, readers see
    that word."""

    tag = models.OneToOneField(
        Tag, verbose_name=_("Tag"), on_delete=models.CASCADE, related_name="news_topic",
        help_text=_("The tag as editors type it on news items."),
    )
    name = models.CharField(
        _("Topic name"), max_length=100,
        help_text=_("The topic as readers see it, in each language (\u201cAnniversary\u201d, "
                    "not \u201c26.02\u201d)."),
    )

    base_form_class = ByLanguageForm
    panels = [FieldPanel("tag"), FieldPanel("name")]

    class Meta:
        verbose_name = _("news topic")
        verbose_name_plural = _("news topics")
        ordering = ["tag__name"]

    def __str__(self):
        return self.name or self.tag.name


def topic_name(tag) -> tuple[str, str]:
    """(name, its language) of a news tag for readers: its topic's name in the reader's
    language or the fallback, else the tag as typed (language unknown: "")."""
    from core.i18n import localized

    topic = getattr(tag, "news_topic", None) if hasattr(tag, "pk") else None
    if topic is not None:
        name, language = localized(topic, "name")
        if name:
            return name, language
    return tag.name, ""


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(BasePage):
    shows_access_date = True  # "cite this page"

    date = models.DateField(
        _("Date"),
        default=datetime.date.today,
        help_text=_("The date of the news; the list is ordered by it, newest first."),
    )
    summary = models.TextField(
        _("Summary"),
        help_text=_("One or two sentences shown in the list, the feeds and when shared."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_image_alt = models.CharField(
        _("Main image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the main image for readers who cannot see it."),
    )
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name=_("Tags"),
        help_text=_("Keywords readers can filter the news by."),
    )

    translated_content_fields = ("title", "summary", "body")
    served_with = ("main_image",)
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []
    template = "pages/news_page.html"

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_alt")], heading=_("Main image")
        ),
        FieldPanel("body"),
        sources_panel(),
        FieldPanel("tags"),
    ]

    class Meta:
        verbose_name = _("News item")
        verbose_name_plural = _("News items")
        # The newest items (list, home page, feeds) without sorting every item.
        indexes = [models.Index(fields=["date"], name="news_date_idx")]

    def get_main_image(self):
        return self.social_image or self.main_image

    def get_main_image_alt(self):
        return self.main_image_alt if self.get_main_image() == self.main_image else ""

    def topics(self):
        """The item's tags with their names for readers (``topic_name``), in one query."""
        return self.tags.select_related("news_topic").order_by("name")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = parent_of(self, request)
        context["news_index"] = parent
        if isinstance(parent, NewsIndexPage):
            context.update(parent.feed_context(request))
        return context


def latest_news(root, limit=3):
    """The newest news items anywhere below `root`, with their images, in fixed queries."""
    return list(
        for_listing(public(NewsPage.objects.live()).descendant_of(root))
        .order_by("-date", "-first_published_at", "-pk")
        .select_related("main_image")
        .prefetch_related("main_image__renditions")[:limit]
    )
