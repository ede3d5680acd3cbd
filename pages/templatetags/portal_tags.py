"""Navigation, language and display helpers for the portal's templates."""

import datetime
import functools
from urllib.parse import urlsplit

from django import template
from django.templatetags.static import static
from django.utils import dateformat, translation
from wagtail.models import Page

from core import dates, i18n, routing
from core.navigation import is_empty, menu_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """The page's URL, like Wagtail's ``pageurl``, for specific and plain pages alike, computed
    once per path, language and page cache generation (core.routing.page_url)."""
    return routing.page_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """The current page or view in each language (switcher, hreflang, canonical)."""
    request = context.get("request")
    return i18n.language_links(
        request, page if isinstance(page, Page) else None,
        subpath=context.get("language_subpath"),  # set by routable pages' views
    )


@register.simple_tag(takes_context=True)
def site_root(context):
    request = context.get("request")
    if request is None:
        return None
    site = routing.find_site(request)
    return site.root_page.specific if site else None


@register.inclusion_tag("navigation/main_navigation.html", takes_context=True)
def main_navigation(context, page=None):
    """Home and the sections editors put in the menu, in page-tree order (empty ones only for
    signed-in editors, marked: core.navigation)."""
    request = context.get("request")
    site = routing.find_site(request) if request else None
    if site is None:
        return {"items": []}
    home = site.root_page
    page = page if isinstance(page, Page) else None
    current_path = getattr(page, "path", "")

    def current(item, is_home=False):
        if page is not None and page.pk == item.pk:
            return "page"
        if not is_home and current_path.startswith(item.path):
            return "true"
        return None

    items = [{"page": home, "is_home": True, "current": current(home, is_home=True)}]
    for child in menu_pages(home, request):
        items.append({"page": child, "is_home": False, "current": current(child),
                      "empty": is_empty(child)})
    return {"request": request, "items": items}


@register.filter
def time_attribute(value):
    """The <time datetime> value of a date or a moment, to the second (core.dates)."""
    return dates.time_attribute(value)


@register.filter
def empty_section(page):
    """Whether a section has nothing for readers yet (only editors are shown it)."""
    return is_empty(page)


@register.simple_tag
def heading_font():
    """The heading font's file for the letters of the active language (preloaded)."""
    return static(f"vendor/noto-serif/noto-serif-{i18n.font_subset(translation.get_language())}"
                  "-600-normal.woff2")


@register.simple_tag
def fallback_notice(missing):
    """One sentence per language actually shown instead of the reader's."""
    return [(code, i18n.fallback_notice(code)) for code in sorted(set(missing.values()))]


@register.filter
def topic_name(tag):
    """(name, language or "") a reader sees for a news tag (pages.models.news.topic_name)."""
    from pages.models.news import topic_name as name_of

    return name_of(tag)


@register.filter
def shown_language(instance, field_name):
    """The language a translated field is displayed in (differs when it falls back)."""
    return i18n.shown_language(instance, field_name)


@register.filter
def url_host(url):
    """"https://www.example.org/a" → "www.example.org": names the site a link leads to."""
    return urlsplit(str(url or "")).hostname or ""


@register.filter(expects_localtime=True)
def long_date(value):
    """A day as readers write it in their language: "26 February 1992", "26 fevral 1992",
    "26 февраля 1992" (Django's ``date:"j E Y"``), kept per language and day: a list shows
    dozens of dates and each costs a lookup of the month's name."""
    if not value:
        return ""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return _long_date(translation.get_language(), day)


@functools.lru_cache(maxsize=4096)
def _long_date(language, day: datetime.date) -> str:
    text = dateformat.format(day, "j E Y")
    # Azerbaijani and Russian write month names in lower case inside a sentence.
    return text.lower() if language in ("az", "ru") else text
