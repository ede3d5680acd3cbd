"""The home page: years since the massacre, the sections, the latest pages."""

import datetime

import pytest
from django.utils import translation

from pages.models import PortalSettings, StandardPage
from pages.models.site_settings import years_since
from tests.conftest import in_baku
from tests.factories import body, create_page


@pytest.mark.parametrize(
    "event, today, years",
    [
        ((1992, 2, 26), (2026, 2, 25), 33),
        ((1992, 2, 26), (2026, 2, 26), 34),
        ((1992, 2, 26), (2026, 11, 26), 34),
        ((1992, 2, 26), (1992, 2, 26), 0),
        ((1992, 2, 26), (1993, 2, 25), 0),
        ((1992, 2, 26), (2028, 2, 29), 36),
        # An event on 29 February: in other years a year has passed on 1 March.
        ((1992, 2, 29), (2027, 2, 28), 34),
        ((1992, 2, 29), (2027, 3, 1), 35),
        ((1992, 2, 29), (2028, 2, 28), 35),
        ((1992, 2, 29), (2028, 2, 29), 36),
    ],
)
def test_years_since_counts_whole_years(event, today, years):
    assert years_since(datetime.date(*event), datetime.date(*today)) == years


def hero_years(html):
    return " ".join(html.split('class="memorial-hero__years"')[1].split("</p>")[0].split())


@pytest.mark.parametrize(
    "moment, text",
    [
        ((2026, 11, 20, 12), {"az": "34 il", "en": "34 years since 26 February 1992",
                              "ru": "34 года с 26 февраля 1992"}),
        # The last minute before the anniversary in Baku, then the first (20:01 UTC).
        ((2027, 2, 25, 23, 59), {"en": "34 years since 26 February 1992"}),
        ((2027, 2, 26, 0, 1), {"az": "35 il", "en": "35 years since 26 February 1992",
                               "ru": "35 лет с 26 февраля 1992"}),
    ],
    ids=str,
)
def test_home_page_says_how_many_years_have_passed(client, time_machine, moment, text):
    time_machine.move_to(in_baku(*moment), tick=False)
    for language, expected in text.items():
        assert expected in hero_years(client.get(f"/{language}/").content.decode())


@pytest.mark.parametrize(
    "event, moment, expected",
    [
        ((2000, 1, 1), (2026, 11, 20, 12), "26 years since 1 January 2000"),
        ((1992, 2, 29), (2027, 2, 28, 12), "34 years since 29 February 1992"),
        ((1992, 2, 29), (2027, 3, 1, 12), "35 years since 29 February 1992"),
        ((1992, 2, 29), (2028, 2, 29, 12), "36 years since 29 February 1992"),
    ],
    ids=str,
)
def test_years_since_follows_the_event_date_in_settings(client, home, time_machine, event,
                                                        moment, expected):
    time_machine.move_to(in_baku(*moment), tick=False)
    settings = PortalSettings.objects.get()
    settings.event_date = datetime.date(*event)
    settings.save()
    assert expected in hero_years(client.get("/en/").content.decode())


def nav(html):
    return html.split('class="main-nav"')[1].split("</nav>")[0]


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_navigation_shows_sections_in_the_order_editors_set(client, home, memorial, language):
    """In each group of the menu (pages.templatetags.site_links): the short primary menu and
    "More", where sections of other page types go."""
    from pages.models import ResourceIndexPage

    pages = [
        create_page(
            home,
            StandardPage,
            title={"az": f"Bölmə {n}", "en": f"Section {n}", "ru": f"Раздел {n}"},
            body={"az": body("x")},
            show_in_menus=True,
        )
        for n in (1, 2)
    ]
    # An editor moves the second section before the first, and the resources before the
    # memorial article.
    pages[1].move(pages[0], pos="left")
    resources = ResourceIndexPage.objects.get()
    resources.move(memorial, pos="left")
    html = nav(client.get(f"/{language}/").content.decode())
    section = {"az": "Bölmə", "en": "Section", "ru": "Раздел"}[language]
    with translation.override(language):
        resources_url, memorial_url = resources.get_url(), memorial.get_url()
    primary, more = html.split('class="main-nav__more"')
    assert primary.index(f'href="{resources_url}"') < primary.index(f'href="{memorial_url}"')
    assert more.index(f"{section} 2") < more.index(f"{section} 1")


def test_pages_not_in_menus_stay_out_of_the_navigation(client, about):
    assert about.title not in nav(client.get("/az/").content.decode())


def test_current_section_is_marked_for_assistive_technology(client, memorial):
    html = nav(client.get("/en/khojaly-massacre/").content.decode())
    assert 'href="/en/khojaly-massacre/" aria-current="page"' in html


def test_home_page_lists_new_pages_as_they_are_published(client, about):
    page = create_page(
        about,
        StandardPage,
        title={"az": "Yeni səhifə", "en": "A new page", "ru": "Новая страница"},
        body={"az": body("x"), "en": body("x"), "ru": body("x")},
    )
    for language, title in [("az", "Yeni səhifə"), ("en", "A new page"), ("ru", "Новая страница")]:
        html = client.get(f"/{language}/").content.decode()
        latest = html.split('id="latest-title"')[1]
        assert title in latest
    page.unpublish()
    assert "A new page" not in client.get("/en/").content.decode()
