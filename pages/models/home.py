"""The site root: the memorial introduction and the way into every section."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import ordinals
from core.navigation import menu_pages
from core.restrictions import public
from pages.blocks import BodyBlock
from pages.models.anniversaries import latest_update
from pages.models.base import BasePage, earliest, for_listing
from pages.models.news import latest_news
from pages.models.site_settings import PortalSettings, next_anniversary, years_since


class HomePage(BasePage):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("Two or three sentences that open the memorial, shown under the title."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("Memorial introduction"),
        blank=True,
        help_text=_("The text under the introduction."),
    )

    translated_content_fields = ("title", "intro", "body")
    served_with = ("hero_image",)
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("Home page")

    def get_main_image(self):
        return self.social_image or self.hero_image

    def get_sections(self, request=None):
        """The sections shown in the menu, in the order editors set in the page tree (empty
        ones only for signed-in editors, core.navigation)."""
        return menu_pages(self, request)

    def get_latest_pages(self, limit=5):
        """The pages published most recently anywhere below the home page, sections excluded.

        Plain pages: the list shows only their titles, URLs and dates (one query).
        """
        return (
            for_listing(public(Page.objects.live()).descendant_of(self))
            .exclude(depth=self.depth + 1)
            .order_by("-first_published_at")[:limit]
        )

    def get_lists(self):
        """The latest pages, the latest anniversary update and the three latest news: three
        queries, remembered until any page changes (ops.cache.remember), since every reader of
        the home page in every language sees the same pages."""
        from ops.cache import remember

        def compute():
            return {
                "latest_pages": list(self.get_latest_pages()),
                "latest_update": latest_update(self),
                "latest_news": latest_news(self, limit=3),
            }

        return remember(f"home-lists:{self.pk}", compute)

    def next_change(self, request, now):
        """The anniversary's midnight changes "N years since" and the anniversary number."""
        event_date = PortalSettings.for_request(request).event_date
        return earliest(super().next_change(request, now), next_anniversary(event_date, now))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        portal_settings = PortalSettings.for_request(request)
        context["event_date"] = portal_settings.event_date
        context["years_since"] = years_since(portal_settings.event_date)
        context["sections"] = self.get_sections(request)
        # This year's anniversary, the latest anniversary update, the three latest news and the
        # pages published last.
        number = ordinals.anniversary_number(portal_settings.event_date, timezone.localdate())
        context["anniversary"] = ordinals.anniversary_label(number)
        context.update(self.get_lists())
        return context
