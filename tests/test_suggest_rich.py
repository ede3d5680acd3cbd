"""The editor's "Suggest machine translation" for rich text (translations.suggest), against the
local LibreTranslate-compatible server on loopback of tests/test_suggest.py: the server writes
the machine's translation, links and emphasis kept, into a new draft revision of the page by
the user, marked as a machine's (missing until reviewed, held back from readers on
publishing); a stale editor, a failing service, a translator of another language and a portal
without a service write nothing."""

import threading
from http.server import ThreadingHTTPServer

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from tests import test_exchange_machine as machine_tests
from tests.test_exchange import RICH, block_page
from tests.test_exchange_admin import client_for
from tests.test_exchange_machine import LibreTranslate
from tests.test_suggest import edit_url, not_found, suggest_url
from translations import state as ts
from translations.models import TranslationRecord, TranslationStatus

libretranslate = machine_tests.libretranslate
deepl = machine_tests.deepl
russian = machine_tests.russian

TRANSLATED_RICH = (
    '<p>[ru] Bu gecə <b>613 nəfər</b> həlak oldu, <a href="https://example.org/x">mənbə</a>'
    '<br/>və <i>yüzlərlə</i> yaralı.</p><ul><li>[ru] Birinci</li><li>[ru] İkinci</li></ul>')


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def english(django_user_model):
    return client_for(django_user_model, "john", "en")


def fresh(page):
    return Page.objects.get(pk=page.pk).specific


def ask(client, page, key, language, revision=None):
    page = fresh(page)
    loaded = page.latest_revision_id if revision is None else revision
    return client.post(suggest_url(page), {"field": key, "language": language,
                                           "revision": str(loaded or "")})


def ru_state(page, key):
    version = ts.editable_version(fresh(page))
    with translation.override("en"):  # the labels as the panel and the report write them
            return next(item for item in ts.states(version)
                    if item.key == key and item.language == "ru")


def written(page):
    """What a stale or failed request must leave as it was: revisions and records."""
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    return (fresh(page).revisions.count(), sorted(TranslationRecord.objects.filter(
        content_type=content_type, object_id=str(page.pk)).values_list(
        "field", "language", "value_fingerprint", "machine")))


def reader(client, page, language="ru"):
    with translation.override(language):
        url = fresh(page).get_url()
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def paragraph_page():
    """A standard page whose Russian body holds a copy of the Azerbaijani rich text block."""
    page = block_page("paragraph", ru_copy=True)
    page.get_latest_revision().publish() if page.has_unpublished_changes else None
    return fresh(page)


def test_a_rich_text_block_is_offered_as_a_draft_to_reload(libretranslate, russian):
    page = paragraph_page()
    html = russian.get(edit_url(page)).content.decode()
    assert ('data-field="body.b1" data-language="ru" data-input="body_ru" data-block="b1" '
            'data-suffixes="[]" data-reload>') in html
    assert 'data-suggest-unsaved="Save your changes first' in html
    assert 'name="loaded_revision_id"' in html  # what the script sends as the loaded revision
    assert libretranslate.requests == []


def test_a_rich_text_block_is_written_into_a_draft_with_its_markup(libretranslate, russian,
                                                                    client):
    page = paragraph_page()
    live_before = fresh(page).body_ru.raw_data[0]["value"]
    revisions = fresh(page).revisions.count()
    response = ask(russian, page, "body.b1", "ru")
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["reload"] is True and "counts as not translated" in answer["message"]
    sent = libretranslate.requests[-1]
    assert sent["source"] == "az" and sent["target"] == "ru"
    assert sent["q"][0] == ("Bu gecə {1}613 nəfər{/1} həlak oldu, {2}mənbə{/2}{3/}və "
                            "{4}yüzlərlə{/4} yaralı.")  # the markup as placeholders

    page = fresh(page)
    assert page.revisions.count() == revisions + 1
    revision = page.get_latest_revision()
    assert revision.user == russian.user
    draft = revision.as_object()
    assert draft.body_ru.raw_data[0]["value"] == TRANSLATED_RICH  # links and bold kept
    assert draft.body_az.raw_data[0]["value"] == RICH
    assert page.body_ru.raw_data[0]["value"] == live_before  # the live page is as it was
    assert page.has_unpublished_changes

    state = ru_state(page, "body.b1")
    assert state.state == ts.MISSING and state.machine
    status = TranslationStatus.objects.get(object_id=str(page.pk), language="ru")
    with translation.override("en"):  # each admin reads the labels in their language
        assert str(state.label) in status.missing_labels().split(", ")
    html = russian.get(edit_url(page)).content.decode()
    assert "Machine — needs review" in html and "Reviewed?" in html
    assert "[ru] Bu gecə" not in reader(client, page)

    # Published as it stands: readers keep the text they had until a person confirms it.
    revision.publish()
    assert "[ru] Bu gecə" not in reader(client, page) and "Bu gecə" in reader(client, page)
    assert fresh(page).get_latest_revision_as_object().body_ru.raw_data[0]["value"] == (
        TRANSLATED_RICH)
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    confirm = reverse("translation_confirm", args=[content_type.pk, page.pk])
    query = f"?field=body.b1&language=ru&next={edit_url(page)}"
    assert russian.post(confirm + query, {"next": edit_url(page)}).status_code == 302
    assert ru_state(page, "body.b1").state == ts.TRANSLATED
    fresh(page).get_latest_revision().publish()
    assert "[ru] Bu gecə" in reader(client, page)


def test_deepl_writes_a_rich_text_block_into_a_draft_with_its_markup(deepl, russian):
    page = paragraph_page()
    revisions = fresh(page).revisions.count()
    response = ask(russian, page, "body.b1", "ru")
    assert response.status_code == 200, response.content
    assert response.json()["reload"] is True
    sent = machine_tests.translations(deepl)[-1]
    assert (sent["source_lang"], sent["target_lang"]) == ("AZ", "RU")
    assert sent["text"][0] == ("Bu gecə {1}613 nəfər{/1} həlak oldu, {2}mənbə{/2}{3/}və "
                               "{4}yüzlərlə{/4} yaralı.")
    page = fresh(page)
    assert page.revisions.count() == revisions + 1
    draft = page.get_latest_revision().as_object()
    assert draft.body_ru.raw_data[0]["value"] == TRANSLATED_RICH.replace("[ru]", "[RU]")
    state = ru_state(page, "body.b1")
    assert state.state == ts.MISSING and state.machine


def test_a_paragraph_of_the_memorial_article_is_suggested_into_a_draft(libretranslate,
                                                                       russian, memorial,
                                                                       client):
    source = memorial.body_az.raw_data
    block = next(item for item in source if item["type"] == "paragraph")
    key = f"body.{block['id']}"
    live_body = list(memorial.body_ru.raw_data)
    live = {item["id"]: item for item in live_body}.get(block["id"])
    response = ask(russian, memorial, key, "ru")
    assert response.status_code == 200, response.content
    draft = fresh(memorial).get_latest_revision_as_object()
    mine = {item["id"]: item for item in draft.body_ru.raw_data}[block["id"]]
    assert mine["value"].count("[ru] ") == block["value"].count("<p>")
    for tag in ("<a ", "<b>", "<i>"):
        assert mine["value"].count(tag) == block["value"].count(tag)  # markup kept
    state = ru_state(memorial, key)
    assert state.state == ts.MISSING and state.machine
    assert list(fresh(memorial).body_ru.raw_data) == live_body  # the live page unchanged
    fresh(memorial).get_latest_revision().publish()
    published = {item["id"]: item for item in fresh(memorial).body_ru.raw_data}
    assert "[ru] " not in str(published.get(block["id"], {}).get("value", ""))
    if live is not None:
        assert published[block["id"]]["value"] == live["value"]
    assert "[ru] " not in reader(client, memorial)


def test_a_rich_text_field_of_a_page_is_suggested_into_a_draft(libretranslate, russian,
                                                               client):
    from remembrance.models import TestimoniesIndexPage

    page = TestimoniesIndexPage.objects.get()
    draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    draft.intro_az = '<p>Şahidlərin <b>razılığı</b> ilə, <a href="https://example.org/y">qayda</a>.</p>'
    draft.intro_ru = ""
    draft.save_revision().publish()
    page = fresh(page)
    html = russian.get(edit_url(page)).content.decode()
    assert 'data-field="intro" data-language="ru" data-input="intro_ru"' in html
    assert "data-reload" in html
    response = ask(russian, page, "intro", "ru")
    assert response.status_code == 200, response.content
    draft = fresh(page).get_latest_revision_as_object()
    assert str(draft.intro_ru) == ('<p>[ru] Şahidlərin <b>razılığı</b> ilə, '
                                   '<a href="https://example.org/y">qayda</a>.</p>')
    assert fresh(page).intro_ru == ""  # readers: the fallback, as before
    state = ru_state(page, "intro")
    assert state.state == ts.MISSING and state.machine
    fresh(page).get_latest_revision().publish()
    assert fresh(page).intro_ru == ""
    assert "[ru] Şahidlərin" not in reader(client, page)
    assert fresh(page).get_latest_revision_as_object().intro_ru.startswith("<p>[ru] ")


def test_a_stale_editor_gets_409_and_nothing_is_written(libretranslate, russian):
    page = paragraph_page()
    loaded = page.latest_revision_id
    fresh(page).save_revision()  # someone saved since the editor opened the page
    before = written(page)
    response = ask(russian, page, "body.b1", "ru", revision=loaded)
    assert response.status_code == 409
    assert "saved since you opened it" in response.json()["error"]
    assert written(page) == before
    assert libretranslate.requests == []  # nothing asked either
    assert ask(russian, page, "body.b1", "ru", revision="").status_code == 409


@pytest.mark.parametrize("mode,message", machine_tests.FAILURES)
def test_a_failing_service_writes_nothing(libretranslate, russian, mode, message):
    machine_tests.fail(libretranslate, mode)
    page = paragraph_page()
    before = written(page)
    response = ask(russian, page, "body.b1", "ru")
    assert response.status_code == 503
    assert message in response.json()["error"] and "reload" not in response.json()
    assert written(page) == before
    assert not ru_state(page, "body.b1").machine


def test_a_translator_of_another_language_may_not_ask(libretranslate, english):
    page = paragraph_page()
    before = written(page)
    response = ask(english, page, "body.b1", "ru")
    assert response.status_code == 403
    assert written(page) == before and libretranslate.requests == []


def test_nothing_offered_nor_written_without_a_service(monkeypatch, russian):
    LibreTranslate.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LibreTranslate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.delenv("PORTAL_MT_BACKEND", raising=False)
        monkeypatch.setenv("PORTAL_MT_URL", f"http://127.0.0.1:{server.server_address[1]}")
        page = paragraph_page()
        before = written(page)
        html = russian.get(edit_url(page)).content.decode()
        assert "data-translation-status" in html and "data-suggest-url" not in html
        assert not_found(ask(russian, page, "body.b1", "ru"))
        assert written(page) == before and LibreTranslate.requests == []
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("closed", ["locked", "in review"])
def test_a_locked_page_or_one_in_review_gets_no_suggestion(libretranslate, russian,
                                                             django_user_model, closed):
    """Issue 24, finding 5: the rich-text suggestion wrote a machine draft into a locked page.
    Refused as the editor refuses to save it, before the paid service is asked."""
    page = paragraph_page()
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    if closed == "locked":
        page.locked, page.locked_by = True, admin
        page.save(update_fields=["locked", "locked_by"])
    else:
        page.save_revision(user=admin)
        page.get_workflow().start(fresh(page), admin)
    before = written(page)
    response = ask(russian, page, "body.b1", "ru")
    assert response.status_code == 423
    assert ("locked" in response.json()["error"] or "moderation" in response.json()["error"])
    assert libretranslate.requests == []
    assert written(page) == before
