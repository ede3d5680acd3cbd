"""Anniversary updates: creation rules, the number in each language, timeline, home page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import (
    AnniversaryGalleryImage,
    AnniversaryIndexPage,
    AnniversaryUpdatePage,
    HomePage,
    PortalSettings,
)
from tests.conftest import in_baku
from tests.factories import body, create_page, image

LANGUAGES = ["az", "en", "ru"]
INDEX_URLS = {"az": "/az/ildonumleri/", "en": "/en/anniversaries/", "ru": "/ru/godovshchiny/"}
# Written out by hand: the 2026 commemoration is the 34th; 2023 the 31st.
LABELS_2026 = {"az": "34-cü ildönümü", "en": "34th anniversary", "ru": "34-я годовщина"}
LABELS_2023 = {"az": "31-ci ildönümü", "en": "31st anniversary", "ru": "31-я годовщина"}


@pytest.fixture
def anniversaries(db):
    return AnniversaryIndexPage.objects.get()


def url(page, language):
    with translation.override(language):
        return page.get_url()


def add_update(index, n, date, gallery=()):
    page = create_page(
        index,
        AnniversaryUpdatePage,
        title={"az": f"Anım {n}", "en": f"Commemoration {n}", "ru": f"Память {n}"},
        slug={"az": f"anim-{n}", "en": f"commemoration-{n}", "ru": f"pamyat-{n}"},
        commemoration_date=date,
        place={"az": "Bakı", "en": "Baku", "ru": "Баку"},
        summary={"az": f"Xülasə {n}", "en": f"Summary {n}", "ru": f"Кратко {n}"},
        body={"az": body("mətn"), "en": body("text"), "ru": body("текст")},
    )
    for position, picture in enumerate(gallery):
        AnniversaryGalleryImage.objects.create(
            page=page, image=picture, sort_order=position,
            alt_text_az="Gül dəstəsi", alt_text_en="A bunch of flowers",
            alt_text_ru="Букет цветов",
            caption_az="Anım günü", caption_en="The day of remembrance",
            caption_ru="День памяти",
        )
    return page


class AnniversaryTreeRulesTests(WagtailPageTestCase):
    def test_index_sits_under_home_and_holds_updates(self):
        self.assertAllowedParentPageTypes(AnniversaryIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(AnniversaryIndexPage, {AnniversaryUpdatePage})

    def test_only_one_index(self):
        self.assertFalse(AnniversaryIndexPage.can_create_at(HomePage.objects.get()))

    def test_updates_only_in_the_index_and_without_children(self):
        self.assertAllowedParentPageTypes(AnniversaryUpdatePage, {AnniversaryIndexPage})
        self.assertAllowedSubpageTypes(AnniversaryUpdatePage, set())
        self.assertCanNotCreateAt(HomePage, AnniversaryUpdatePage)
        self.assertCanNotCreateAt(Page, AnniversaryIndexPage)


@pytest.mark.parametrize("language", LANGUAGES)
def test_update_page_names_its_anniversary_in_each_language(client, anniversaries, language):
    demo_2026 = AnniversaryUpdatePage.objects.get(commemoration_date=datetime.date(2026, 2, 26))
    html = client.get(url(demo_2026, language)).content.decode()
    assert f'<p class="article__kicker">{LABELS_2026[language]}</p>' in html
    assert {"az": "Azərbaycan", "en": "Azerbaijan", "ru": "Азербайджан"}[language] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_gallery_images_carry_alt_text_and_caption(client, anniversaries, language):
    page = add_update(anniversaries, 1, datetime.date(2024, 2, 26),
                      gallery=[image("one", 480, 300), image("two", 480, 300)])
    html = client.get(url(page, language)).content.decode()
    gallery = html.split('class="gallery"')[1].split("</section>")[0]
    alt = {"az": "Gül dəstəsi", "en": "A bunch of flowers", "ru": "Букет цветов"}[language]
    caption = {"az": "Anım günü", "en": "The day of remembrance", "ru": "День памяти"}[language]
    assert gallery.count(f'alt="{alt}"') == 2
    assert gallery.count(caption) == 2
    assert 'loading="lazy"' in gallery and 'type="image/avif"' in gallery
    assert "Commemoration 1" in html or "Anım 1" in html or "Память 1" in html


def test_anniversary_number_follows_the_event_date_in_settings(client, anniversaries):
    portal = PortalSettings.objects.get()
    portal.event_date = datetime.date(2000, 2, 26)
    portal.save()
    demo_2026 = AnniversaryUpdatePage.objects.get(commemoration_date=datetime.date(2026, 2, 26))
    assert "26th anniversary" in client.get(url(demo_2026, "en")).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_timeline_is_grouped_by_year_newest_first(client, anniversaries, language):
    add_update(anniversaries, 2, datetime.date(2023, 3, 1))
    html = client.get(INDEX_URLS[language]).content.decode()
    years = [html.index(f'id="year-{year}"') for year in (2026, 2025, 2024, 2023)]
    assert years == sorted(years)
    year_2023 = html.split('id="year-2023"')[1]
    assert LABELS_2023[language] in year_2023.split("</h2>")[0]
    assert year_2023.split('class="timeline__year"')[0].count('class="news-card"') == 2


def test_timeline_query_count_does_not_grow_with_the_updates(client, anniversaries):
    picture = image(width=480, height=300)

    def add(start, count):
        for n in range(start, start + count):
            page = AnniversaryUpdatePage(
                title_az=f"A {n}", title_en=f"A {n}", title_ru=f"A {n}",
                slug_az=f"a-{n}", slug_en=f"a-{n}", slug_ru=f"a-{n}",
                commemoration_date=datetime.date(1993 + n % 30, 2, 26),
                place_az="x", summary_az="x",
            )
            anniversaries.add_child(instance=page)
            AnniversaryGalleryImage.objects.create(page=page, image=picture, alt_text_az="x")

    def queries():
        client.get("/en/anniversaries/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/anniversaries/").status_code == 200
        return len(captured)

    add(0, 10)
    with_10 = queries()
    add(10, 90)
    # 104 updates: 20 to a page, the last page holds the oldest 4.
    first = client.get("/en/anniversaries/").content.decode()
    assert first.count('class="news-card"') == 20
    assert "Page 1 of 6" in first
    last = client.get("/en/anniversaries/?page=6").content.decode()
    assert last.count('class="news-card"') == 4
    assert queries() == with_10


# The home page ------------------------------------------------------------------------------


# The home page heads the latest update with that update's own anniversary, from its date and
# never from today's. Dates that try each way the number is written (Azerbaijani follows the
# vowel of the number word read last: dörd, beş, altı, doqquz, bir, iki, üç, əlli, yüz), 29
# February, and the last minutes of a year; each checked on a day far from it, so that
# today's year cannot stand in for the update's.
HOME_HEADINGS = [
    # (the latest update's date, the day the home page is read in Baku, az, en, ru)
    ((2026, 2, 27), (2026, 11, 20, 12), "34-cü", "34th", "34-я"),
    ((2027, 2, 26), (2031, 1, 1, 0, 30), "35-ci", "35th", "35-я"),
    ((2028, 2, 29), (2028, 2, 29, 12), "36-cı", "36th", "36-я"),
    ((2031, 2, 26), (2030, 6, 1, 12), "39-cu", "39th", "39-я"),
    ((2033, 2, 26), (2033, 6, 1, 12), "41-ci", "41st", "41-я"),
    ((2034, 2, 25), (2034, 2, 25, 12), "42-ci", "42nd", "42-я"),
    ((2035, 12, 31), (2036, 12, 31, 23, 59), "43-cü", "43rd", "43-я"),
    ((2042, 3, 1), (2042, 3, 1, 12), "50-ci", "50th", "50-я"),
    ((2092, 2, 26), (2092, 2, 26, 12), "100-cü", "100th", "100-я"),
]
HEADINGS = {
    "az": "Xocalı soyqırımının {} ildönümü",
    "en": "{} anniversary of the Khojaly massacre",
    "ru": "{} годовщина Ходжалинской трагедии",
}


@pytest.mark.parametrize("date, moment, az, en, ru", HOME_HEADINGS, ids=lambda v: str(v))
def test_home_page_heads_the_latest_update_with_its_own_anniversary(
        client, anniversaries, time_machine, date, moment, az, en, ru):
    time_machine.move_to(in_baku(*moment), tick=False)
    add_update(anniversaries, 99, datetime.date(*date))
    latest = AnniversaryUpdatePage.objects.order_by("-commemoration_date").first()
    assert latest.commemoration_date == datetime.date(*date)
    for language, ordinal in zip(LANGUAGES, (az, en, ru), strict=True):
        html = client.get(f"/{language}/").content.decode()
        section = html.split('class="home-anniversary"')[1].split("</section>")[0]
        heading = section.split('id="anniversary-title">')[1].split("</h2>")[0]
        assert heading == HEADINGS[language].format(ordinal)
        assert f'href="{url(latest, language)}"' in section


def test_home_page_without_an_update_has_no_anniversary_heading(client, anniversaries):
    for update in AnniversaryUpdatePage.objects.all():
        update.unpublish()
    html = client.get("/en/").content.decode()
    assert 'class="home-anniversary"' not in html
    assert "anniversary of the Khojaly massacre</h2>" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_shows_the_three_latest_news(client, language):
    from pages.models import NewsIndexPage

    items = list(NewsIndexPage.objects.get().news_items()[:4])
    html = client.get(f"/{language}/").content.decode()
    section = html.split('class="home-news"')[1].split("</section>")[0]
    for item in items[:3]:
        assert f'href="{url(item, language)}"' in section
    assert f'href="{url(items[3], language)}"' not in section


def test_home_page_query_count_does_not_grow_with_news_and_updates(client, anniversaries):
    from pages.models import NewsIndexPage
    from tests.test_news import add_plain_news

    news = NewsIndexPage.objects.get()
    picture = image(width=480, height=300)

    def queries():
        client.get("/en/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/en/")
        return len(captured)

    add_plain_news(news, 10, picture=picture)
    with_10 = queries()
    add_plain_news(news, 30, start=10, picture=picture)
    assert queries() == with_10


def test_the_timeline_shows_each_updates_first_picture_only(client, anniversaries):
    with_pictures = add_update(anniversaries, 1, datetime.date(2024, 2, 26),
                               gallery=[image("first", 480, 300), image("second", 480, 300)])
    without = add_update(anniversaries, 2, datetime.date(2023, 2, 26))
    html = client.get("/en/anniversaries/").content.decode()
    cards = {
        title: html.split(title)[0].rsplit('<article class="news-card">', 1)[1]
        for title in ("Commemoration 1", "Commemoration 2")
    }
    first = AnniversaryGalleryImage.objects.get(page=with_pictures, sort_order=0).image
    second = AnniversaryGalleryImage.objects.get(page=with_pictures, sort_order=1).image
    assert cards["Commemoration 1"].count('alt="A bunch of flowers"') == 1
    def stem(picture):
        return picture.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    assert stem(first) != stem(second)
    assert f"/{stem(first)}." in cards["Commemoration 1"]
    assert f"/{stem(second)}." not in html
    assert "<picture" not in cards["Commemoration 2"]
    assert without.live
