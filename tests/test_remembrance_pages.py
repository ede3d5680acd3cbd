"""Testimonies, the timeline, graphic material, and the section's place in the page tree."""

import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import HomePage, MemorialArticlePage, StandardPage
from remembrance import models as remembrance_models
from remembrance.models import NamesRegisterPage, Source, TimelinePage
from tests.conftest import LANGUAGES
from tests.factories import create_page, stream

TRANSCRIPT = {
    "az": "<p>Sintetik test mətni: qarlı meşə.</p>",
    "en": "<p>Synthetic test transcript: the snowy forest.</p>",
    "ru": "<p>Синтетическая тестовая расшифровка: снежный лес.</p>",
}


@pytest.fixture
def testimonies():
    return remembrance_models.TestimoniesIndexPage.objects.get()


@pytest.fixture
def testimony(testimonies):
    audio = Document.objects.create(title="Synthetic audio")
    audio.file.save("synthetic.mp3", ContentFile(b"ID3 synthetic"), save=True)
    return create_page(
        testimonies, remembrance_models.TestimonyPage,
        title={"az": "Sintetik ifadə", "en": "Synthetic testimony", "ru": "Тестовое свидетельство"},
        slug={"az": "sintetik-ifade", "en": "synthetic-testimony", "ru": "testovoe"},
        recorded_on=datetime.date(2020, 5, 4),
        recorded_at={"az": "Test yeri", "en": "Test place", "ru": "Тестовое место"},
        media=audio,
        transcript=TRANSCRIPT,
        original_language="az",
        translator={"en": "Synthetic Translator", "ru": "Тестовый переводчик"},
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_testimony_renders_note_before_transcript_with_recording(client, testimony, language):
    response = client.get(testimony.get_url() if language == "az" else {
        "en": "/en/testimonies/synthetic-testimony/", "ru": "/ru/svidetelstva/testovoe/"
    }[language])
    assert response.status_code == 200
    html = response.content.decode()
    anonymous = {"az": "Anonim şahid", "en": "Anonymous witness", "ru": "Анонимный свидетель"}
    note = {
        "az": "Bu ifadədə zorakılıq",
        "en": "This testimony describes violence, death and loss.",
        "ru": "В этом свидетельстве",
    }
    assert anonymous[language] in html
    assert html.index(note[language]) < html.index(TRANSCRIPT[language])
    assert '<audio controls preload="none" src="/documents/' in html
    assert " download>" in html
    assert 'datetime="2020-05-04"' in html
    translator = {"az": None, "en": "Translated by Synthetic Translator.",
                  "ru": "Перевод: Тестовый переводчик."}
    if translator[language]:
        assert translator[language] in html


def test_embed_is_loaded_only_when_the_reader_chooses(client, testimony):
    testimony.embed_url = "https://player.example.org/embed/synthetic"
    testimony.save_revision().publish()
    html = client.get("/en/testimonies/synthetic-testimony/").content.decode()
    assert "<iframe" not in html
    assert "player.example.org" in html
    assert 'href="/en/testimonies/synthetic-testimony/play/' in html
    played = client.get("/en/testimonies/synthetic-testimony/play/").content.decode()
    assert '<iframe src="https://player.example.org/embed/synthetic"' in played


def test_embed_must_use_https(testimony):
    from django.core.exceptions import ValidationError

    testimony.embed_url = "http://player.example.org/embed"
    with pytest.raises(ValidationError):
        testimony.full_clean()


def test_play_without_embed_is_not_found(client, testimony):
    assert client.get("/en/testimonies/synthetic-testimony/play/").status_code == 404


def test_testimonies_are_searchable_by_transcript_words(testimony):
    assert list(remembrance_models.TestimonyPage.objects.live().search("snowy")) == [testimony]
    assert list(remembrance_models.TestimonyPage.objects.live().search("снежный")) == [testimony]
    assert list(remembrance_models.TestimonyPage.objects.live().search("meşə")) == [testimony]
    assert list(remembrance_models.TestimonyPage.objects.live().search("volcano")) == []


def test_witness_name_shown_when_given(client, testimony):
    testimony.witness_name = "Synthetic Witness"
    testimony.save_revision().publish()
    html = client.get("/en/testimonies/synthetic-testimony/").content.decode()
    assert "Synthetic Witness" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_testimonies_index_lists_and_explains(client, testimony, language):
    urls = {"az": "/az/sahid-ifadeleri/", "en": "/en/testimonies/", "ru": "/ru/svidetelstva/"}
    html = client.get(urls[language]).content.decode()
    titles = {"az": "Sintetik ifadə", "en": "Synthetic testimony", "ru": "Тестовое свидетельство"}
    assert titles[language] in html
    consent = {"az": "şahidin razılığı ilə", "en": "with the witness's consent",
               "ru": "с согласия свидетеля"}
    assert consent[language] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_demo_timeline_is_an_ordered_list_of_dated_attributed_facts(client, language):
    urls = {"az": "/az/xronologiya/", "en": "/en/timeline/", "ru": "/ru/xronologiya/"}
    html = client.get(urls[language]).content.decode()
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    dates = ['datetime="1992-02-25"', 'datetime="2000-02-26"', 'datetime="2002-02-23"']
    positions = [timeline.index(date) for date in dates]
    assert positions == sorted(positions)
    assert timeline.count("<li") == 3 and timeline.count("<time") == 3
    assert timeline.count("Khojaly massacre") == 3  # the source, cited in citations.citation
    attribution = {"az": "2002-ci il xatirə səhifəsinə görə", "en": "According to the 2002 "
                   "memorial page", "ru": "По данным мемориальной страницы 2002 года"}
    assert attribution[language] in timeline


def test_timeline_shows_dates_as_precisely_as_known(client, home):
    source = Source.objects.create(citation="Synthetic chronology")
    # One stream of events per language, on the same blocks (translations.stream_sync).
    titles = {"az": ("Test ay", "Test il"), "en": ("Test month event", "Test year event")}
    events = {code: [
        {"type": "event", "id": "month", "value": {
            "date": "1991-10-01", "precision": "month", "title": month, "sources": [source.pk]}},
        {"type": "event", "id": "year", "value": {
            "date": "1990-01-01", "precision": "year", "title": year, "sources": []}},
    ] for code, (month, year) in titles.items()}
    page = create_page(home, TimelinePage, title={"az": "Test xronologiya", "en": "Test timeline"},
                       slug={"az": "test-xronologiya", "en": "test-timeline"}, events=events)
    html = client.get("/en/test-timeline/").content.decode()
    assert '<time datetime="1990">1990</time>' in html
    assert '<time datetime="1991-10">October 1991</time>' in html
    assert html.index("Test year event") < html.index("Test month event")
    assert page.get_events()[0]["datetime"] == "1990"


@pytest.mark.parametrize("language", LANGUAGES)
def test_memorial_article_links_to_the_timeline(client, memorial, language):
    timeline = TimelinePage.objects.get()
    assert memorial.timeline_id == timeline.pk
    urls = {"az": "/az/xocali-soyqirimi/", "en": "/en/khojaly-massacre/",
            "ru": "/ru/xodzhalinskaya-tragediya/"}
    html = client.get(urls[language]).content.decode()
    targets = {"az": "/az/xronologiya/", "en": "/en/timeline/", "ru": "/ru/xronologiya/"}
    assert f'href="{targets[language]}"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_graphic_passage_is_revealed_only_on_request(client, home, language):
    body = stream([("paragraph", "<p>Before.</p>")]) + [{
        "type": "graphic",
        "value": {"warning": "", "content": [
            {"type": "paragraph", "value": "<p>Synthetic graphic passage.</p>"}]},
    }]
    create_page(home, StandardPage, title={"az": "Test", "en": "Test", "ru": "Тест"},
                slug={"az": "test-graphic", "en": "test-graphic", "ru": "test-graphic"},
                body={"az": body, "en": body, "ru": body})
    html = client.get(f"/{language}/test-graphic/").content.decode()
    details = html.split('<details class="graphic">')[1].split("</details>")[0]
    warning = {"az": "Xəbərdarlıq", "en": "Warning: this material is graphic",
               "ru": "Внимание"}
    assert "<summary>" in details and warning[language] in details
    assert details.index("</summary>") < details.index("Synthetic graphic passage.")
    assert " open" not in html.split('<details class="graphic"')[1][:5]


class RemembrancePageRulesTests(WagtailPageTestCase):
    def test_sections_sit_under_home(self):
        index, testimony = remembrance_models.TestimoniesIndexPage, remembrance_models.TestimonyPage
        for model in (NamesRegisterPage, index, TimelinePage):
            self.assertAllowedParentPageTypes(model, {HomePage})
        self.assertAllowedSubpageTypes(index, {testimony})
        self.assertAllowedParentPageTypes(testimony, {index})
        self.assertAllowedSubpageTypes(NamesRegisterPage, set())
        self.assertAllowedSubpageTypes(TimelinePage, set())

    def test_one_register_and_one_testimonies_index(self):
        home = HomePage.objects.get()
        self.assertFalse(NamesRegisterPage.can_create_at(home))
        self.assertFalse(remembrance_models.TestimoniesIndexPage.can_create_at(home))
        self.assertTrue(TimelinePage.can_create_at(home))
        self.assertFalse(remembrance_models.TestimonyPage.can_create_at(Page.objects.get(pk=home.pk)))
        self.assertFalse(MemorialArticlePage.can_create_at(home))
