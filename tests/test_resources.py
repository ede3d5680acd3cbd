"""Resources: creation rules, rendering per language, filters, how to cite, documents, embeds."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.test.utils import WagtailPageTestCase

from pages.models import HomePage, ResourceDocument, ResourceIndexPage, ResourcePage
from tests.conftest import LANGUAGES
from tests.factories import create_page
from tests.html_checks import assert_only_local_resources, external_anchors

INDEX_URLS = {"az": "/az/menbeler/", "en": "/en/resources/", "ru": "/ru/materialy/"}


@pytest.fixture
def index(db):
    return ResourceIndexPage.objects.get()


def add_resource(index, number, **fields):
    """A live resource added without revisions: quick enough to add a hundred."""
    values = {
        "title_az": f"Mənbə {number}",
        "title_en": f"Resource {number}",
        "title_ru": f"Материал {number}",
        "slug_az": f"menbe-{number}",
        "slug_en": f"resource-{number}",
        "slug_ru": f"material-{number}",
        "summary_az": "Qısa məzmun.",
        "summary_en": "A summary.",
        "summary_ru": "Краткое содержание.",
        "kind": "document",
        **fields,
    }
    with translation.override("az"):
        return index.add_child(instance=ResourcePage(**values))


class ResourceTreeRulesTests(WagtailPageTestCase):
    def test_index_sits_under_home_once_and_holds_resources(self):
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})
        self.assertFalse(ResourceIndexPage.can_create_at(HomePage.objects.get()))

    def test_resources_only_in_the_index_and_without_children(self):
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertAllowedSubpageTypes(ResourcePage, set())
        self.assertCanCreateAt(ResourceIndexPage, ResourcePage)
        self.assertCanNotCreateAt(HomePage, ResourcePage)


@pytest.mark.parametrize(
    "language, heading, book, kind",
    [
        ("az", "Mənbələr", "Tomas de Vaal, «Black Garden» (2003)", "Kitab"),
        ("en", "Resources", "Thomas de Waal, Black Garden (2003)", "Book"),
        ("ru", "Материалы", "Томас де Ваал, «Black Garden» (2003)", "Книга"),
    ],
)
def test_index_lists_resources_in_each_language(client, language, heading, book, kind):
    response = client.get(INDEX_URLS[language])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f">{heading}</h1>" in html
    assert book in html
    assert f'<span class="resource-kind">{kind}</span>' in html


@pytest.mark.parametrize(
    "language, url, heading, published",
    [
        ("az", "/az/menbeler/tomas-de-vaal-black-garden/", "Necə istinad etməli", "Nəşr olunub"),
        ("en", "/en/resources/de-waal-black-garden/", "How to cite", "Published"),
        ("ru", "/ru/materialy/tomas-de-vaal-black-garden/", "Как ссылаться", "Опубликовано"),
    ],
)
def test_resource_page_renders_in_each_language(client, language, url, heading, published):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h2 id="citation-heading">{heading}</h2>' in html
    assert f"<dt>{published}</dt>" in html
    assert '<time datetime="2003">2003</time>' in html
    assert re.search(r"New York University Press(</span>)?, 2003\.", html)


def titles_listed(html):
    return re.findall(r'<h2 class="resource-list__title"><a [^>]*>([^<]+)</a>', html)


def test_filter_by_kind(client):
    html = client.get("/en/resources/?kind=book").content.decode()
    assert titles_listed(html) == ["Thomas de Waal, Black Garden (2003)"]
    assert '<option value="book" selected>' in html


def test_filter_by_original_language(client):
    html = client.get("/en/resources/?language=ru").content.decode()
    assert titles_listed(html) == ["Memorial Human Rights Centre: report on Khojaly (1992)"]


def test_filters_combine_and_say_when_nothing_matches(client):
    html = client.get("/en/resources/?kind=book&language=ru").content.decode()
    assert titles_listed(html) == []
    assert "No resources match these filters." in html


@pytest.mark.parametrize(
    "language, message",
    [
        ("az", "Süzgəc dəyərlərindən biri tanınmadı və nəzərə alınmadı."),
        ("en", "A filter value was not recognised and has been ignored."),
        ("ru", "Одно из значений фильтра не распознано и не учтено."),
    ],
)
def test_unknown_filter_values_are_ignored_with_a_message(client, language, message):
    response = client.get(INDEX_URLS[language] + "?kind=pamphlet&language=xx%3Cscript%3E")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert len(titles_listed(html)) == 4
    assert "<script>" not in html.split('<main id="main"')[1]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "2.5"])
def test_odd_page_numbers_give_the_404_page(client, page):
    """One rule for every list (core.pagination): not a page of the list, the 404 page."""
    response = client.get(f"/en/resources/?page={page}")
    assert response.status_code == 404
    assert '<html lang="en"' in response.content.decode()


def test_an_empty_page_number_is_the_first_page(client):
    response = client.get("/en/resources/?page=")
    assert response.status_code == 200
    assert len(titles_listed(response.content.decode())) == 4


def test_pagination_keeps_the_filters(client, index):
    for number in range(25):
        add_resource(index, number, kind="testimony")
    html = client.get("/en/resources/?kind=testimony").content.decode()
    assert len(titles_listed(html)) == 20
    assert "Page 1 of 2" in html
    assert 'href="?kind=testimony&amp;page=2"' in html
    second = client.get("/en/resources/?kind=testimony&page=2").content.decode()
    assert len(titles_listed(second)) == 5


def count_index_queries(client):
    client.get("/en/resources/")  # Warm the site and translation caches.
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/resources/")
    assert response.status_code == 200
    return len(queries)


def test_index_query_count_is_flat(client, index):
    for number in range(10):
        add_resource(index, number)
    with_ten = count_index_queries(client)
    for number in range(10, 100):
        add_resource(index, number)
    with_hundred = count_index_queries(client)
    assert with_ten == with_hundred


# How to cite ----------------------------------------------------------------------------------


def test_citation_of_a_book():
    book = ResourcePage.objects.get(slug_en="de-waal-black-garden")
    title = "Black Garden: Armenia and Azerbaijan through Peace and War"
    assert book.citation("en") == (
        f"Thomas de Waal. “{title}”. New York University Press, 2003."
    )
    # The work's own title; its language in the reader's language where it differs.
    assert book.citation("ru") == (
        f"Thomas de Waal. «{title}». New York University Press, 2003. "
        "Язык оригинала: английский."
    )
    assert book.citation("az") == (
        f"Thomas de Waal. «{title}». New York University Press, 2003. "
        "Orijinalın dili: ingilis dili."
    )


def report(**fields):
    values = {
        "title_en": "A report",
        "kind": "report",
        "original_title": "Report on the events",
        "authors": "Jane Roe; John Doe",
        "publisher": "Example Press",
        "publication_date": datetime.date(1992, 9, 1),
        "date_precision": "month",
        "url": "https://example.org/report",
        "archive_url": "https://web.archive.org/web/1993/https://example.org/report",
    }
    values.update(fields)
    return ResourcePage(**values)


def test_citation_of_a_report_with_url_and_archived_copy():
    page = report()
    archive = "https://web.archive.org/web/1993/https://example.org/report"
    assert page.citation("en") == (
        "Jane Roe, John Doe. “Report on the events”. Example Press, September 1992. "
        f"Online: https://example.org/report (archived copy: {archive})"
    )
    assert page.citation("ru") == (
        "Jane Roe, John Doe. «Report on the events». Example Press, сентябрь 1992. "
        f"URL: https://example.org/report (архивная копия: {archive})"
    )
    assert page.citation("az") == (
        "Jane Roe, John Doe. «Report on the events». Example Press, sentyabr 1992. "
        f"İnternetdə: https://example.org/report (arxiv nüsxəsi: {archive})"
    )


def test_citation_with_only_an_archived_copy_and_a_full_date():
    page = report(url="", date_precision="day", publication_date=datetime.date(1992, 2, 26))
    archive = "https://web.archive.org/web/1993/https://example.org/report"
    assert page.citation("ru") == (
        "Jane Roe, John Doe. «Report on the events». Example Press, 26 февраля 1992. "
        f"Архивная копия: {archive}"
    )
    assert page.citation("en").endswith(
        f"Example Press, 26 February 1992. Archived copy: {archive}"
    )


@pytest.mark.parametrize(
    "language, expected",
    [
        ("az", "[Vərəqə]. t.g."),
        ("en", "[Leaflet]. n.d."),
        ("ru", "[Листовка]. б. г."),
    ],
)
def test_citation_with_missing_fields_describes_the_work(language, expected):
    page = ResourcePage(
        kind="document", title_az="Vərəqə", title_en="Leaflet", title_ru="Листовка"
    )
    with translation.override(language):
        assert page.citation() == expected


def test_resource_page_shows_the_citation_in_the_readers_language(client):
    html = client.get("/ru/materialy/doklad-memoriala-o-xodzhaly/").content.decode()
    assert (
        '<p class="citation__text">[Доклад Правозащитного центра «Мемориал» о Ходжалы (1992)]. '
        "Правозащитный центр «Мемориал», 1992.</p>"
    ) in html


# Documents and embeds -------------------------------------------------------------------------


@pytest.fixture
def resource_with_documents(index):
    pdf = Document(title="Report scan")
    pdf.file.save("khojaly-report.pdf", ContentFile(b"%PDF-1.4\n%test\n"), save=False)
    pdf._set_document_file_metadata()  # What the admin's upload form does.
    pdf.save()
    text = Document(title="Transcript")
    text.file.save("transcript.txt", ContentFile("Xocalı, 1992\n".encode()), save=False)
    text._set_document_file_metadata()
    text.save()
    page = create_page(
        index,
        ResourcePage,
        title={"az": "Sənədlər", "en": "Documents test", "ru": "Документы"},
        kind="document",
        summary={"az": "Sənədlər.", "en": "Documents.", "ru": "Документы."},
        documents=[
            ResourceDocument(
                document=pdf, title_az="Skan", title_en="The scan", title_ru="Скан", sort_order=0
            ),
            ResourceDocument(document=text, sort_order=1),
        ],
    )
    yield page, pdf, text
    pdf.file.delete(save=False)
    text.file.delete(save=False)


def download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content)
    response.close()
    return response, body


def test_attached_documents_are_listed_per_language(client, resource_with_documents):
    page, pdf, text = resource_with_documents
    html = client.get("/ru/materialy/dokumenty/").content.decode()
    assert f'<a href="{pdf.url}" download lang="ru">Скан</a>' in html
    assert f'<a href="{text.url}" download>Transcript</a>' in html
    assert "(PDF, 15\xa0байт)" in html and "(TXT, 14\xa0байт)" in html
    assert pdf.url == f"/documents/{pdf.pk}/khojaly-report.pdf"


def test_pdf_downloads_with_its_type_and_file_name(client, resource_with_documents):
    _page, pdf, _text = resource_with_documents
    response, body = download(client, f"/documents/{pdf.pk}/khojaly-report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="khojaly-report.pdf"'
    )
    assert body.startswith(b"%PDF-1.4")


def test_text_file_downloads_with_its_type_and_file_name(client, resource_with_documents):
    _page, _pdf, text = resource_with_documents
    response, body = download(client, f"/documents/{text.pk}/transcript.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"] == (
        'attachment; filename="transcript.txt"'
    )
    assert body.decode() == "Xocalı, 1992\n"


def test_a_wrong_file_name_does_not_serve_the_document(client, resource_with_documents):
    _page, pdf, _text = resource_with_documents
    response = client.get(f"/documents/{pdf.pk}/other-name.pdf")
    assert response.status_code in (301, 302, 404)


def test_recordings_are_links_until_the_reader_follows_them(client, index):
    create_page(
        index,
        ResourcePage,
        title={"az": "Video", "en": "A recording", "ru": "Запись"},
        slug={"az": "video-yazi", "en": "a-recording", "ru": "zapis"},
        kind="video",
        summary={"az": "Video.", "en": "A video.", "ru": "Видео."},
        media={
            "en": [
                {
                    "type": "recording",
                    "value": {
                        "embed": "https://www.youtube.com/watch?v=abcdefghijk",
                        "title": "Survivors remember",
                        "caption": "",
                    },
                }
            ]
        },
    )
    html = client.get("/en/resources/a-recording/").content.decode()
    assert "<iframe" not in html
    assert "This recording is hosted at www.youtube.com." in html
    assert (
        '<a class="embed-placeholder__link" href="https://www.youtube.com/watch?v=abcdefghijk" '
        'rel="noopener noreferrer">Watch “Survivors remember” at www.youtube.com</a>'
    ) in html
    assert_only_local_resources(html)
    assert [a["rel"] for a in external_anchors(html)] == ["noopener noreferrer"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_index_loads_nothing_from_other_hosts(client, language):
    html = client.get(INDEX_URLS[language]).content.decode()
    assert_only_local_resources(html, anchors_too=True)
