"""Site-wide text and dates editors change without a deploy."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core import routing
from translations.forms import ByLanguageForm
from translations.panels import TranslationStatusPanel

EVENT_DATE = datetime.date(1992, 2, 26)


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    # No default: modeltranslation treats a value equal to the default as missing and would
    # fall back to another language.
    site_name = models.CharField(
        _("Site name"),
        max_length=120,
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
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) profile"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    instagram_url = models.URLField(_("Instagram profile"), blank=True)
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Default social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when a page without a picture of its own is shared (cut to 1200x630). "
            "Without one, the portal's own picture with the site's name is used."
        ),
    )
    event_date = models.DateField(
        _("Date of the massacre"),
        default=EVENT_DATE,
        help_text=_("Drives the 'years since' line and anniversary numbers."),
    )

    # Translators write their language's texts only (the status says which are to do).
    base_form_class = ByLanguageForm
    panels = [
        TranslationStatusPanel(),
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("footer_text")],
            heading=_("Texts"),
        ),
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("youtube_url"),
                FieldPanel("instagram_url"),
            ],
            heading=_("Social links"),
        ),
        FieldPanel("event_date"),
        FieldPanel("default_social_image"),
    ]

    @property
    def display_name(self):
        return self.site_name or settings.WAGTAIL_SITE_NAME

    def social_links(self):
        """(name, URL) of each social profile editors filled in, in a fixed order."""
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
            ("Instagram", self.instagram_url),
        ]
        return [(name, url) for name, url in links if url]

    class Meta:
        verbose_name = _("Portal settings")

    @classmethod
    def for_request(cls, request):
        """Once per request, and kept in the shared cache until anything pages show changes
        (saving these settings invalidates it: see ops.signals)."""
        from ops.cache import remember

        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = routing.find_site(request)
        if site is None:
            return super().for_request(request)
        instance = remember(f"portalsettings:{site.pk}", lambda: cls.for_site(site), tags=())
        instance._request = request
        setattr(request, attr_name, instance)
        return instance


def years_since(event_date: datetime.date, today: datetime.date | None = None) -> int:
    """Whole years from the event date to today in the site's time zone (Baku), as the
    anniversary number and the page's next change count them."""
    today = today or timezone.localdate()
    years = today.year - event_date.year
    if (today.month, today.day) < (event_date.month, event_date.day):
        years -= 1
    return max(years, 0)


def next_anniversary(event_date: datetime.date, now: datetime.datetime) -> datetime.datetime:
    """The first midnight of the event's day and month after ``now``, in the site's time zone
    (the 29th of February falls on the 1st of March in other years)."""
    local = timezone.localtime(now)
    for year in (local.year, local.year + 1, local.year + 2):
        try:
            day = event_date.replace(year=year)
        except ValueError:
            day = datetime.date(year, 3, 1)
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        if midnight > now:
            return midnight
    raise ValueError(event_date)
