"""One citation helper (citations.citation): "how to cite" a resource and "cite this page" on
articles, news, anniversary updates, testimonies and register records, in each language, as
text, BibTeX, RIS and CSL-JSON; the timeline's sources and dates in the reader's language."""

import datetime
import json
import re

import bibtexparser
import pytest
from django.utils import translation

from citations import citation
from pages.models import AnniversaryUpdatePage, MemorialArticlePage, NewsPage, ResourcePage
from remembrance import models as remembrance_models
from remembrance.models import NamesRegisterPage
from tests.conftest import LANGUAGES
from tests.remembrance_factories import make_record

ACCESSED = datetime.date(2026, 12, 1)
WRITTEN_ACCESS = {"az": "1 dekabr 2026", "en": "1 December 2026", "ru": "1 декабря 2026"}
ACCESSED_PHRASE = {"az": "(müraciət tarixi: 1 dekabr 2026)", "en": "(accessed 1 December 2026)",
                   "ru": "(дата обращения: 1 декабря 2026)"}


def work(**fields):
    values = {
        "title": "Synthetic report on a test", "title_language": "en",
        "original_title": "Синтетический доклад", "original_language": "ru",
        "original_language_label": "Russian", "authors": ("Test Author One", "Test Author Two"),
        "publisher": "Тестовое издательство", "date": datetime.date(1992, 3, 1),
        "precision": "month", "version_date": datetime.date(2026, 2, 26),
        "url": "https://example.org/report", "kind": "report", "key": "test1",
        "container": "Test portal",
    }
    values.update(fields)
    return citation.Work(**values)


# The helper, without a database.

@pytest.mark.parametrize("language", LANGUAGES)
def test_plain_citation_is_in_the_readers_language_with_the_original_title(language):
    text = citation.plain(work(), language, ACCESSED)
    assert "Synthetic report on a test" in text
    assert "Синтетический доклад" in text
    assert ACCESSED_PHRASE[language] in text
    assert {"az": "mart 1992", "en": "March 1992", "ru": "март 1992"}[language] in text
    assert {"az": "26 fevral 2026", "en": "26 February 2026",
            "ru": "26 февраля 2026"}[language] in text
    assert text.endswith(".")
    if language != "en":
        assert "accessed" not in text and "Version" not in text


def test_the_access_date_is_given_never_assumed():
    assert "accessed" not in citation.plain(work(), "en")
    assert "1 January 2030" in citation.plain(work(), "en", datetime.date(2030, 1, 1))


def test_plain_citation_marks_text_in_another_language():
    parts = citation.segments(work(), "en", ACCESSED)
    languages = {part.text: part.language for part in parts}
    assert languages["Тестовое издательство"] == "ru"
    assert languages["“Синтетический доклад”"] == "ru"
    assert languages["Synthetic report on a test"] == "en"


def test_bibtex_parses_back():
    text = citation.bibtex(work(), ACCESSED)
    entry = bibtexparser.loads(text).entries[0]
    assert entry["ENTRYTYPE"] == "techreport" and entry["ID"] == "test1"
    assert entry["title"] == "Synthetic report on a test"
    assert entry["url"] == "https://example.org/report"
    assert entry["urldate"] == "2026-12-01" and entry["date"] == "1992-03"
    assert entry["version"] == "2026-02-26"


def test_ris_has_its_line_structure():
    lines = citation.ris(work(), ACCESSED).split("\r\n")
    assert lines[0] == "TY  - RPRT" and lines[-2] == "ER  - " and lines[-1] == ""
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    assert "UR  - https://example.org/report" in lines and "Y2  - 2026/12/01" in lines
    assert "DA  - 1992/03//" in lines


def test_csl_json_has_the_required_keys():
    item = json.loads(citation.csl_json(work(), ACCESSED))[0]
    assert {"type", "title", "URL", "issued", "accessed"} <= set(item)
    assert item["issued"] == {"date-parts": [[1992, 3]]}
    assert item["accessed"] == {"date-parts": [[2026, 12, 1]]}
    assert item["original-title"] == "Синтетический доклад"


# How to cite a resource.

@pytest.mark.parametrize("language", LANGUAGES)
def test_how_to_cite_a_resource_is_in_the_readers_language(client, language):
    page = ResourcePage.objects.get(slug_en="memorial-report-on-khojaly")
    with translation.override(language):
        html = client.get(page.get_url()).content.decode()
        cited = html.split('class="citation__text">')[1].split("</p>")[0]
        assert page.title in cited
    # The publisher as printed, marked as Russian where the reader's language differs.
    if language == "ru":
        assert "Правозащитный центр «Мемориал», 1992." in cited
    else:
        assert '<span lang="ru">Правозащитный центр «Мемориал»</span>' in cited
        assert {"az": "Orijinalın dili: rus dili.",
                "en": "Original language: Russian."}[language] in cited


def test_resource_citation_names_its_own_title():
    page = ResourcePage.objects.get(slug_en="memorial-page-2002")
    # Its own title; the page title is a catalogue label, not a translation of it.
    assert page.citation("en", ACCESSED).startswith("“Khojaly massacre”. 23 February 2002.")
    assert page.citation("ru", ACCESSED).startswith(
        "«Khojaly massacre». 23 февраля 2002. Язык оригинала: английский.")
    assert "Orijinalın dili: ingilis dili." in page.citation("az", ACCESSED)


# Cite this page.

def cite_block(html):
    assert html.count('<details class="cite-this-page">') == 1
    return html.split('<details class="cite-this-page">')[1].split("</details>")[0]


def page_of(model, **filters):
    return model.objects.live().filter(**filters).first()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", [MemorialArticlePage, NewsPage, AnniversaryUpdatePage])
def test_pages_offer_cite_this_page(client, model, language):
    page = page_of(model)
    with translation.override(language):
        url = page.get_url()
        full_url = page.get_full_url()
        title = page.title
    html = client.get(url).content.decode()
    block = cite_block(html)
    assert {"az": "Bu səhifəyə istinad", "en": "Cite this page",
            "ru": "Как цитировать эту страницу"}[language] in block
    assert title.replace("“", "").split(":")[0][:20] in block.replace("“", "")
    assert full_url in block
    for format in ("txt", "bibtex", "ris", "csl"):
        assert f'href="/{language}/cite/{page.pk}.{format}"' in block


@pytest.mark.parametrize("language", LANGUAGES)
def test_downloads_in_each_format(client, memorial, language):
    with translation.override(language):
        url = memorial.get_full_url()
        title = memorial.title
    base = f"/{language}/cite/{memorial.pk}"

    response = client.get(base + ".bibtex")
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.bib"')
    entry = bibtexparser.loads(response.content.decode()).entries[0]
    assert entry["url"] == url and entry["language"] == language
    assert entry["urldate"] and entry["version"]

    response = client.get(base + ".csl")
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    item = json.loads(response.content)[0]
    assert {"type", "title", "URL", "issued", "accessed"} <= set(item)
    assert item["title"] == title and item["URL"] == url
    assert item["issued"] == {"date-parts": [[2000, 2, 26]]}  # first written

    response = client.get(base + ".ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    lines = response.content.decode().split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - "
    assert f"UR  - {url}" in lines

    response = client.get(base + ".txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert title in text and url in text
    assert {"az": "müraciət tarixi", "en": "accessed", "ru": "дата обращения"}[language] in text


def test_unknown_format_or_page_is_not_found(client, memorial):
    assert client.get(f"/en/cite/{memorial.pk}.pdf").status_code == 404
    assert client.get("/en/cite/999999.bibtex").status_code == 404
    memorial.unpublish()
    assert client.get(f"/en/cite/{memorial.pk}.bibtex").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_testimony_and_register_record_offer_cite_this_page(client, language):
    from remembrance.models import TestimoniesIndexPage
    from tests.factories import create_page
    from tests.test_remembrance_pages import TRANSCRIPT

    testimony = create_page(
        TestimoniesIndexPage.objects.get(), remembrance_models.TestimonyPage,
        title={"az": "Sintetik ifadə", "en": "Synthetic testimony", "ru": "Тестовое свидетельство"},
        slug={"az": "sintetik-ifade", "en": "synthetic-testimony", "ru": "testovoe"},
        recorded_on=datetime.date(2020, 5, 4), transcript=TRANSCRIPT,
    )
    with translation.override(language):
        url = testimony.get_url()
    block = cite_block(client.get(url).content.decode())
    assert f'href="/{language}/cite/{testimony.pk}.bibtex"' in block

    record = make_record(name_en="Test Person Cited", name_az="Test Person Cited",
                         name_ru="Тест Цитируемый")
    register = NamesRegisterPage.objects.get()
    with translation.override(language):
        url = register.get_url() + record.subpath()
        full_url = register.get_full_url() + record.subpath()
    block = cite_block(client.get(url).content.decode())
    assert full_url in block
    link = f"/{language}/cite/{register.pk}/{record.pk}.bibtex"
    assert f'href="{link}"' in block
    entry = bibtexparser.loads(client.get(link).content.decode()).entries[0]
    assert entry["url"] == full_url
    assert entry["title"] in ("Test Person Cited", "Тест Цитируемый")
    assert client.get(f"/{language}/cite/{register.pk}/999999.bibtex").status_code == 404


# Timeline and search, in the reader's language.

TIMELINE = {"az": "/az/xronologiya/", "en": "/en/timeline/", "ru": "/ru/xronologiya/"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_timeline_cites_its_source_in_the_readers_language(client, language):
    html = client.get(TIMELINE[language]).content.decode()
    timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
    sources = re.findall(r'<cite class="source">(.*?)</cite>', timeline, re.S)
    assert len(sources) == 3
    # The source's own title, then the date and its language in the reader's language.
    said = {"az": "23 fevral 2002. Orijinalın dili: ingilis dili.", "en": "23 February 2002.",
            "ru": "23 февраля 2002. Язык оригинала: английский."}[language]
    assert all("Khojaly massacre" in source and said in source for source in sources)
    assert "written 26 February 2000" not in timeline
    assert {"az": "26 fevral 2000", "en": "26 February 2000",
            "ru": "26 февраля 2000"}[language] in timeline


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_without_results_says_so_once(client, language):
    html = client.get(f"/{language}/search/", {"q": "zzqqxxnothing"}).content.decode()
    main = html.split('<main id="main"')[1]
    assert main.count('role="status"') == 1
