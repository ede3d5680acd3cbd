"""Plain pages: about the portal, privacy, and other texts that need no structure."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from pages.blocks import BodyBlock
from pages.models.base import BasePage, sources_panel


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), verbose_name=_("Body"), blank=True)

    translated_content_fields = ("title", "body")
    # Translations follow the Azerbaijani blocks (translations.stream_sync).
    synced_streamfields = ("body",)
    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]
    template = "pages/standard_page.html"

    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    content_panels = [*BasePage.content_panels, FieldPanel("body"), sources_panel()]

    class Meta:
        verbose_name = _("Standard page")
