"""Links to other commemorations and sources, in groups, checked by `manage.py check_links`."""

from urllib.parse import urlsplit

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from pages.models.base import BasePage


class LinksPage(BasePage):
    intro = models.TextField(
        _("Introduction"),
        blank=True,
        help_text=_("A sentence on what these links are and how they were chosen."),
    )

    translated_content_fields = ("title", "intro")
    main_text_field = "intro"
    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/links_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("link_groups", label=_("Group of links"), heading=_("Groups of links")),
    ]

    class Meta:
        verbose_name = _("Links page")

    def get_link_groups(self):
        """Every group in editor order, with its links, in two queries."""
        return (
            LinkGroup.objects.filter(page=self)
            .order_by("sort_order", "pk")
            .prefetch_related(Prefetch("links", queryset=Link.objects.order_by("sort_order", "pk")))
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["link_groups"] = self.get_link_groups()
        return context


class LinkGroup(ClusterableModel, Orderable):
    page = ParentalKey(LinksPage, on_delete=models.CASCADE, related_name="link_groups")
    title = models.CharField(_("Group title"), max_length=250)

    panels = [FieldPanel("title"), InlinePanel("links", label=_("Link"), heading=_("Links"))]

    class Meta(Orderable.Meta):
        verbose_name = _("Group of links")
        verbose_name_plural = _("Groups of links")

    def __str__(self):
        return self.title


class Link(Orderable):
    group = ParentalKey(LinkGroup, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("Link text"), max_length=250)
    description = models.TextField(
        _("Description"),
        blank=True,
        help_text=_("Who runs the site and what readers find there, in one or two sentences."),
    )
    url = models.URLField(_("Address (URL)"), max_length=500)
    # Written by `manage.py check_links`; shown read-only to editors.
    last_checked_at = models.DateTimeField(_("Last checked"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("Last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("Last error"), max_length=500, blank=True)
    last_ok = models.BooleanField(_("Working at the last check"), null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("url"),
        MultiFieldPanel(
            [
                FieldPanel("last_checked_at", read_only=True),
                FieldPanel("last_ok", read_only=True),
                FieldPanel("last_status", read_only=True),
                FieldPanel("last_error", read_only=True),
            ],
            heading=_("Last automatic check"),
            help_text=_("Filled in by the link checker; run it with `manage.py check_links`."),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Link")
        verbose_name_plural = _("Links")

    def __str__(self):
        return self.title

    @property
    def host(self):
        return urlsplit(self.url).hostname or ""
