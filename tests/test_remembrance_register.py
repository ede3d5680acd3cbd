"""The names register: published records only, stable pages in every language, counts by
status with their sources, search across scripts and spellings."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from remembrance.models import NameRecord, NamesRegisterPage
from remembrance.search import search_records
from tests.conftest import LANGUAGES
from tests.remembrance_factories import make_record, make_source

REGISTER_URLS = {"az": "/az/adlar-reyestri/", "en": "/en/names/", "ru": "/ru/reestr-imyon/"}


@pytest.fixture
def register():
    return NamesRegisterPage.objects.get()


@pytest.fixture
def agayev():
    return make_record(
        name_az="Ağayev Test Birinci", name_ru="Агаев Тест Первый", name_en="Agayev Test First",
        birth_year=1950, status="missing", sources=[make_source()],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_register_explains_itself_and_offers_the_form(client, language):
    html = client.get(REGISTER_URLS[language]).content.decode()
    explanation = {
        "az": "Reyestr hələ boşdur",
        "en": "The register is still empty",
        "ru": "Пока реестр пуст",
    }
    not_estimates = {
        "az": "qurbanların sayı ilə bağlı təxmin deyil",
        "en": "They are not estimates of the number of victims",
        "ru": "Это не оценки числа жертв",
    }
    assert explanation[language] in html
    # No figures of an empty register: "0 killed" on a memorial reads as denial.
    assert 'class="register-figures"' not in html
    assert not_estimates[language] not in html
    assert f'href="{REGISTER_URLS[language]}propose/"' in html
    assert NameRecord.objects.count() == 0
    make_record()
    html = client.get(REGISTER_URLS[language]).content.decode()
    assert 'class="register-figures"' in html and not_estimates[language] in html


def test_drafts_are_never_public(client, register):
    draft = make_record(publish=False, name_az="Test Person Draft")
    index = client.get("/en/names/").content.decode()
    assert "Test Person Draft" not in index
    assert "Test Person Draft" not in client.get("/en/names/?q=draft").content.decode()
    assert client.get(f"/en/names/{draft.pk}-test-person-draft/").status_code == 404
    assert client.get(f"/en/names/{draft.pk}/").status_code == 404
    figures = {figure["status"]: figure["count"] for figure in register.status_figures()}
    assert figures["killed"] == 0


def test_a_published_change_waits_in_a_draft_until_published(client):
    record = make_record(name_en="Test Person One")
    record.name_en = "Test Person Renamed"
    record.save_revision()  # a draft: the live row keeps the published name
    assert "Test Person Renamed" not in client.get("/en/names/").content.decode()
    assert "Test Person One" in client.get("/en/names/").content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_record_has_its_page_in_every_language(client, agayev, language):
    names = {"az": "Ağayev Test Birinci", "en": "Agayev Test First", "ru": "Агаев Тест Первый"}
    slugs = {"az": "agayev-test-birinci", "en": "agayev-test-first", "ru": "agaev-test-pervyj"}
    url = f"{REGISTER_URLS[language]}{agayev.pk}-{slugs[language]}/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 lang="{language}">{names[language]}</h1>' in html
    assert "1950" in html
    assert "Synthetic test source" in html
    status = {"az": "İtkin düşüb", "en": "Missing", "ru": "Пропал без вести"}
    assert status[language] in html
    # The language switcher leads to the same record in the other languages.
    for other in LANGUAGES:
        assert f'hreflang="{other}" href="http://testserver{REGISTER_URLS[other]}{agayev.pk}-' \
            f'{slugs[other]}/"' in html


def test_record_url_survives_a_corrected_name(client, agayev):
    old = f"/en/names/{agayev.pk}-agayev-test-first/"
    agayev.name_en = "Aghayev Test First"
    agayev.save_revision().publish()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/en/names/{agayev.pk}-aghayev-test-first/"
    short = client.get(f"/en/names/{agayev.pk}/")
    assert short.status_code == 301 and short["Location"].endswith("aghayev-test-first/")


def test_counts_by_status_come_from_published_records_with_their_sources(client, register):
    first = make_source("Synthetic list A")
    second = make_source("Synthetic list B", url="https://example.org/list-b")
    make_record(name_en="Test Person One", status="killed", sources=[first])
    make_record(name_en="Test Person Two", status="killed", sources=[first, second])
    make_record(name_en="Test Person Three", status="hostage", sources=[second])
    make_record(name_en="Test Person Four", status="killed", publish=False, sources=[second])
    figures = {figure["status"]: figure for figure in register.status_figures()}
    assert figures["killed"]["count"] == 2
    assert [s.citation for s in figures["killed"]["sources"]] == [
        "Synthetic list A", "Synthetic list B"
    ]
    assert figures["hostage"]["count"] == 1
    assert figures["missing"]["count"] == 0 and figures["missing"]["sources"] == []
    html = client.get("/en/names/").content.decode()
    assert "The register holds 3 published records." in html
    assert '<a href="https://example.org/list-b">Synthetic list B</a>' in html


@pytest.mark.parametrize(
    "query",
    ["Агаев", "Agayev", "Ağayev", "AĞAYEV", "agay", "Ağa", "аге", "Agayev Test", "test agayev"],
)
def test_search_finds_a_name_in_any_script_or_spelling(client, agayev, query):
    make_record(name_az="Hüseynov Test", name_ru="Гусейнов Тест", name_en="Huseynov Test")
    found = search_records(NameRecord.objects.filter(live=True), query)
    assert list(found) == [agayev]
    html = client.get("/en/names/", {"q": query}).content.decode()
    assert f"/en/names/{agayev.pk}-agayev-test-first/" in html
    assert "Huseynov" not in html


@pytest.mark.parametrize(
    "stored, queries",
    [
        ({"name_ru": "Гусейнов Тест"}, ["Huseynov", "Hüseynov", "HÜSEYNOV", "гусейн"]),
        ({"name_az": "Məmmədov Test"}, ["Мамедов", "Mammadov", "mamed", "MƏMMƏD"]),
        ({"name_en": "Khojaly Test"}, ["Ходжалы", "Xocalı", "xocali", "XOCALI"]),
    ],
)
def test_search_cross_script_pairs(stored, queries):
    record = make_record(**{"name_az": "", "name_ru": "", "name_en": "", **stored})
    for query in queries:
        assert list(search_records(NameRecord.objects.filter(live=True), query)) == [record]


def test_punctuation_only_query_finds_nothing(agayev):
    assert list(search_records(NameRecord.objects.all(), "!!! ...")) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_without_result_says_so(client, agayev, language):
    html = client.get(REGISTER_URLS[language], {"q": "Zzyzx"}).content.decode()
    expected = {"az": "tapılan qeyd: 0", "en": "0 records found", "ru": "найдено записей: 0"}
    assert expected[language] in html


def test_graphic_photo_is_hidden_behind_a_warning(client):
    image = Image.objects.create(
        title="Synthetic test image",
        file=SimpleUploadedFile("test.png", get_test_image_file().file.getvalue()),
    )
    record = make_record(photo=image, photo_credit="Synthetic credit", photo_is_graphic=True)
    html = client.get(f"/en/names/{record.pk}-test-person-one/").content.decode()
    details = html.split('<details class="graphic">')[1].split("</details>")[0]
    assert "<summary>" in details and "Warning: this photograph is graphic" in details
    assert "<img" in details and "Synthetic credit" in details


def test_record_without_any_name_is_refused():
    from django.core.exceptions import ValidationError

    record = NameRecord(status="killed")
    with pytest.raises(ValidationError):
        record.full_clean()


def test_editors_create_records_as_drafts_in_the_admin(admin_client):
    assert admin_client.get("/admin/snippets/remembrance/namerecord/add/").status_code == 200
    source = make_source()
    response = admin_client.post("/admin/snippets/remembrance/namerecord/add/", {
        "name_az": "Test Person Admin", "name_ru": "", "name_en": "", "status": "killed",
        "event_date_precision": "day", "sources": [source.pk],
        "biography_az": "", "biography_en": "", "biography_ru": "", "photo_credit": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    record = NameRecord.objects.get(name_az="Test Person Admin")
    assert not record.live and record.search_key == "tast parson admin"
    edit = admin_client.get(f"/admin/snippets/remembrance/namerecord/edit/{record.pk}/")
    assert edit.status_code == 200


@pytest.mark.parametrize(
    "model", ["namesregisterpage", "testimoniesindexpage", "timelinepage", "testimonypage"]
)
def test_admin_edit_forms_open(admin_client, model):
    from django.apps import apps

    page = apps.get_model("remembrance", model).objects.first()
    if page is None:
        parent = apps.get_model("remembrance", "testimoniesindexpage").objects.get()
        url = f"/admin/pages/add/remembrance/{model}/{parent.pk}/"
    else:
        url = f"/admin/pages/{page.pk}/edit/"
    assert admin_client.get(url).status_code == 200
