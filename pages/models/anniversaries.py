"""Anniversary updates: how each year's commemoration on 26 February was marked."""

import datetime
from itertools import groupby

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core import ordinals
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
from pages.models.site_settings import PortalSettings

# Updates per page of the timeline: the page stays light however many years are recorded.
UPDATES_PER_PAGE = 20


def event_date_for(request) -> datetime.date:
    return PortalSettings.for_request(request).event_date


class AnniversaryIndexPage(FeedsMixin, RoutableBasePage):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("A sentence or two shown above the timeline."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.AnniversaryUpdatePage"]
    # Its content is its child pages: out of the menu while it has none (core.navigation).
    shows_children = True
    max_count = 1
    template = "pages/anniversary_index_page.html"
    feed_date_field = "commemoration_date"
    feed_names = {"rss": _("Anniversary updates (RSS)"), "atom": _("Anniversary updates (Atom)"),
                  "follow": _("Follow the anniversary updates:")}

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("Anniversary updates index")

    def feed_items(self):
        """Every live, public update below this index, the latest commemoration first."""
        return public(AnniversaryUpdatePage.objects.child_of(self).live()).order_by(
            "-commemoration_date", "-first_published_at", "-pk"
        )

    def feed_fallback_description(self):
        return _("How each anniversary of the Khojaly massacre was commemorated.")

    def get_timeline(self, event_date: datetime.date, page_number=None):
        """One page of the timeline: ([(year, anniversary label, [updates])], newest year first,
        the Django page of updates), in a fixed number of queries however many updates exist.

        Each update carries its first gallery image (``first_gallery_image``, with the image
        and its renditions) for the timeline: the list asks for each update's first image id
        in a subquery, then reads those images alone, not every update's whole gallery. A year
        whose updates span two pages is headed on both.
        """
        first_image = AnniversaryGalleryImage.objects.filter(page=OuterRef("pk")).order_by(
            "sort_order", "pk"
        )
        updates = (
            for_listing(public(AnniversaryUpdatePage.objects.child_of(self).live()))
            .annotate(first_gallery_image_id=Subquery(first_image.values("pk")[:1]))
            .order_by("-commemoration_date", "-first_published_at", "-pk")
        )
        paginator = RememberedCountPaginator(
            updates, UPDATES_PER_PAGE, count_key=f"anniversaries:{self.pk}"
        )
        page_obj = page_or_404(paginator, page_number)
        page_obj.object_list = list(page_obj.object_list)
        wanted = [u.first_gallery_image_id for u in page_obj.object_list]
        wanted = [pk for pk in wanted if pk]
        images = {
            row.pk: row
            for row in AnniversaryGalleryImage.objects.filter(pk__in=wanted)
            .select_related("image")
            .prefetch_related("image__renditions")
        } if wanted else {}
        for update in page_obj.object_list:
            update.first_gallery_image = images.get(update.first_gallery_image_id)
        timeline = []
        for year, group in groupby(page_obj.object_list,
                                   key=lambda update: update.commemoration_date.year):
            number = ordinals.anniversary_number(event_date, datetime.date(year, 1, 1))
            timeline.append((year, ordinals.anniversary_label(number), list(group)))
        return timeline, page_obj

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        timeline, page_obj = self.get_timeline(event_date_for(request), request.GET.get("page"))
        context["timeline"] = timeline
        context["page_obj"] = page_obj
        context.update(self.feed_context(request))
        return context


class AnniversaryUpdatePage(BasePage):
    shows_access_date = True  # "cite this page"

    commemoration_date = models.DateField(
        _("Commemoration date"),
        help_text=_("The day of the commemoration; the anniversary number follows from it."),
    )
    place = models.CharField(
        _("Place"),
        max_length=200,
        help_text=_("Where the commemoration took place, e.g. a town or a country."),
    )
    summary = models.TextField(
        _("Summary"),
        help_text=_("One or two sentences shown in the timeline and on the home page."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)

    translated_content_fields = ("title", "place", "summary", "body")
    parent_page_types = ["pages.AnniversaryIndexPage"]
    subpage_types = []
    template = "pages/anniversary_update_page.html"

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("place"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("commemoration_date"),
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("commemoration_date"),
        FieldPanel("place"),
        FieldPanel("summary"),
        FieldPanel("body"),
        sources_panel(),
        InlinePanel("gallery_images", label=_("Gallery")),
    ]

    class Meta:
        verbose_name = _("Anniversary update")
        indexes = [models.Index(fields=["commemoration_date"], name="anniversary_date_idx")]

    def anniversary_number(self, event_date: datetime.date) -> int:
        return ordinals.anniversary_number(event_date, self.commemoration_date)

    def anniversary_label(self, event_date: datetime.date) -> str:
        return ordinals.anniversary_label(self.anniversary_number(event_date))

    def gallery(self):
        """The gallery with images and renditions, read once per instance (one or two queries)."""
        if not hasattr(self, "_gallery"):
            self._gallery = list(
                self.gallery_images.select_related("image")
                .prefetch_related("image__renditions")
                .order_by("sort_order")
            )
        return self._gallery

    def first_gallery_image(self):
        gallery = self.gallery()
        return gallery[0] if gallery else None

    def get_main_image(self):
        if self.social_image:
            return self.social_image
        first = self.first_gallery_image()
        return first.image if first else None

    def get_main_image_alt(self):
        first = None if self.social_image else self.first_gallery_image()
        return first.alt_text if first else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["anniversary"] = self.anniversary_label(event_date_for(request))
        parent = parent_of(self, request)
        if isinstance(parent, AnniversaryIndexPage):
            context.update(parent.feed_context(request))
        context["gallery"] = self.gallery()
        return context


class AnniversaryGalleryImage(Orderable):
    page = ParentalKey(
        AnniversaryUpdatePage, related_name="gallery_images", on_delete=models.CASCADE
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("Alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for readers who cannot see it."),
    )
    caption = models.CharField(_("Caption"), max_length=500, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("Gallery image")


def latest_update(root):
    """The most recent anniversary update below `root`, or None."""
    return (
        for_listing(public(AnniversaryUpdatePage.objects.live()).descendant_of(root))
        .order_by("-commemoration_date", "-first_published_at", "-pk")
        .first()
    )
