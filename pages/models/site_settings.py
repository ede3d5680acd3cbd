"""Site-wide text and dates editors change without a deploy."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

EVENT_DATE = datetime.date(1992, 2, 26)


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    site_name = models.CharField(
        _("Site name"),
        max_length=120,
        default="Xocalı 1992",
        help_text=_("Shown in the header and in the browser tab, in each language."),
    )
    tagline = models.CharField(
        _("Tagline"),
        max_length=200,
        blank=True,
        help_text=_("A short line under the site name."),
    )
    footer_text = models.TextField(
        _("Footer text"),
        blank=True,
        help_text=_("A sentence or two shown at the foot of every page."),
    )
    contact_email = models.EmailField(
        _("Contact address"),
        blank=True,
        help_text=_("Where messages from the contact form are sent; shown in the footer."),
    )
    event_date = models.DateField(
        _("Date of the massacre"),
        default=EVENT_DATE,
        help_text=_("Drives the 'years since' line and anniversary numbers."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("footer_text")],
            heading=_("Texts"),
        ),
        FieldPanel("contact_email"),
        FieldPanel("event_date"),
    ]

    class Meta:
        verbose_name = _("Portal settings")


def years_since(event_date: datetime.date, today: datetime.date | None = None) -> int:
    """Whole years from the event date to today."""
    today = today or datetime.date.today()
    years = today.year - event_date.year
    if (today.month, today.day) < (event_date.month, event_date.day):
        years -= 1
    return max(years, 0)
