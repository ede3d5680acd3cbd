"""What validators read (issue 18, part 10 in part, and part 7's feed titles): every
``<time datetime>`` is a valid date or moment, without microseconds; the Atom feeds name an
author (RFC 4287); both feeds carry the site's name in their title, in each language."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from wagtail.models import Page

from pages.models import NewsIndexPage, PortalSettings
from tests.conftest import LANGUAGES

ATOM = "{http://www.w3.org/2005/Atom}"
# The forms of HTML's "valid date string", "valid month string", "valid year" (four digits)
# and "valid global date and time string" the portal writes: seconds at most, no fraction.
VALID_TIME = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?)?)?$"
)
TIME = re.compile(r'<time datetime="([^"]*)"')


def demo_urls(language):
    with translation.override(language):
        return [page.specific.get_url() for page in Page.objects.live().filter(depth__gte=2)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_time_element_holds_a_valid_value(client, language):
    seen = 0
    for url in demo_urls(language):
        html = client.get(url).content.decode()
        for value in TIME.findall(html):
            assert VALID_TIME.match(value), f"{url}: {value}"
            seen += 1
    # The home page and the article show moments (publication), the lists days.
    assert seen > 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_articles_dates_are_to_the_second(client, memorial, language):
    with translation.override(language):
        html = client.get(memorial.get_url()).content.decode()
    moments = [value for value in TIME.findall(html) if "T" in value]
    assert moments and all(re.match(r".*T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", v) for v in moments)


def feed(client, language, kind):
    with translation.override(language):
        url = NewsIndexPage.objects.get().get_url() + f"feed/{kind}/"
        site_name = PortalSettings.for_site(
            Page.objects.get(depth=2).get_site()
        ).display_name
    return ET.fromstring(client.get(url).content), site_name


@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_feed_names_its_author_and_the_site(client, language):
    root, site_name = feed(client, language, "atom")
    with translation.override(language):
        section = NewsIndexPage.objects.get().title
    assert root.findtext(f"{ATOM}title") == f"{section} · {site_name}"
    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == site_name


@pytest.mark.parametrize("language", LANGUAGES)
def test_rss_feed_title_carries_the_site_name(client, language):
    root, site_name = feed(client, language, "rss")
    with translation.override(language):
        section = NewsIndexPage.objects.get().title
    assert root.find("channel").findtext("title") == f"{section} · {site_name}"
