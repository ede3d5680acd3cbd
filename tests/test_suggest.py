"""The editor's "Suggest machine translation" (translations.suggest), against a local server on
loopback that speaks LibreTranslate's API: offered only when a service is configured, to those
who may write the language; the suggestion is marked as a machine's, counts as not translated
and stays hidden from readers until a person edits or confirms it; a failing service gives a
message and changes nothing."""

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from pages.models import StandardPage
from tests import test_exchange_machine as machine_tests
from tests.test_exchange import block_page
from tests.test_exchange_admin import client_for
from tests.test_exchange_machine import LibreTranslate
from translations import state as ts
from translations.models import TranslationStatus

# The loopback LibreTranslate and the Russian translator of the machine tests.
libretranslate = machine_tests.libretranslate
deepl = machine_tests.deepl
russian = machine_tests.russian


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def english(django_user_model):
    return client_for(django_user_model, "john", "en")


def suggest_url(page):
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    return reverse("translation_suggest", args=[content_type.pk, page.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def ask(client, page, key, language, current=None):
    return client.post(suggest_url(page), {
        "field": key, "language": language, "current": json.dumps(current or {})})


def not_found(response):
    """A 404 from an admin view outside the language prefixes, which LocaleMiddleware turns
    into a redirect to the prefixed address (a reader's 404 page)."""
    return response.status_code == 404 or (
        response.status_code == 302 and response.url.startswith("/az/admin/"))


def quote_page():
    """A page whose Russian body holds the Azerbaijani quotation block, not yet translated."""
    return block_page("quote", ru_copy=True)


def save_as_suggested(page, language, texts, publish=False):
    """What the editor's Save does with the inputs the script filled in: a new revision."""
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    body = [dict(item) for item in draft.body_ru.raw_data]
    for item in body:
        if item["id"] == "b1":
            item["value"] = {**item["value"], "text": texts["-value-text"],
                             "attribution": texts["-value-attribution"]}
    setattr(draft, f"body_{language}", body)
    revision = draft.save_revision()
    if publish:
        revision.publish()
    return StandardPage.objects.get(pk=page.pk)


def ru_states(page):
    version = ts.editable_version(StandardPage.objects.get(pk=page.pk))
    return {item.key: item for item in ts.states(version) if item.language == "ru"}


def ru_summary(page):
    return {key: (item.state, item.machine) for key, item in ru_states(page).items()}


def test_not_offered_and_nothing_sent_without_a_configured_service(monkeypatch, russian):
    LibreTranslate.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), LibreTranslate)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.delenv("PORTAL_MT_BACKEND", raising=False)
        monkeypatch.setenv("PORTAL_MT_URL", f"http://127.0.0.1:{server.server_address[1]}")
        page = quote_page()
        html = russian.get(edit_url(page)).content.decode()
        assert "data-translation-status" in html  # the panel is there, with work to do
        assert "Suggest machine translation" not in html and "data-suggest-url" not in html
        assert not_found(ask(russian, page, "body.b1", "ru"))
        assert LibreTranslate.requests == []
    finally:
        server.shutdown()
        server.server_close()


def test_the_panel_offers_a_suggestion_for_the_languages_the_user_writes(libretranslate,
                                                                       russian):
    page = quote_page()
    html = russian.get(edit_url(page)).content.decode()
    assert "Suggest machine translation" in html
    assert 'data-field="body.b1" data-language="ru" data-input="body_ru" data-block="b1"' in html
    assert 'data-language="en" data-input' not in html  # English is not hers to write
    assert 'data-suggest-busy="Asking the machine translation service' in html
    assert libretranslate.requests == []  # nothing is asked before the button is pressed


def test_a_suggestion_fills_the_block_and_counts_as_missing_until_confirmed(
        libretranslate, russian, client):
    page = quote_page()
    response = ask(russian, page, "body.b1", "ru",
                   current={"-value-text": "Sitat mətni", "-value-attribution": "Şahid"})
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["texts"] == {"-value-text": "[ru] Sitat mətni",
                               "-value-attribution": "[ru] Şahid"}
    assert "counts as not translated" in answer["message"]
    assert libretranslate.requests[-1]["source"] == "az"
    assert libretranslate.requests[-1]["target"] == "ru"

    # Saved as suggested: still to do, marked as the machine's, in the panel and the report.
    page = save_as_suggested(page, "ru", answer["texts"], publish=True)
    state = ru_states(page)["body.b1"]
    assert state.state == ts.MISSING and state.machine
    status = TranslationStatus.objects.get(object_id=str(page.pk), language="ru")
    with translation.override("en"):  # each admin reads the labels in their language
        assert str(state.label) in status.missing_labels().split(", ")
    html = russian.get(edit_url(page)).content.decode()
    assert "Machine — needs review" in html and "Reviewed?" in html

    # Readers never see it: the published Russian page shows the Azerbaijani quotation.
    with translation.override("ru"):
        url = page.get_url()
    reader = client.get(url).content.decode()
    assert "[ru] Sitat mətni" not in reader and "Sitat mətni" in reader
    assert "[ru] Sitat mətni" in str(page.get_latest_revision_as_object().body_ru)

    # A person confirms it: translated, and the next publication shows it to readers.
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    confirm = reverse("translation_confirm", args=[content_type.pk, page.pk])
    query = f"?field=body.b1&language=ru&next={edit_url(page)}"
    assert "A machine suggested the Русский text" in russian.get(confirm + query).content.decode()
    assert russian.post(confirm + query, {"next": edit_url(page)}).status_code == 302
    assert ru_states(page)["body.b1"].state == ts.TRANSLATED
    page.get_latest_revision().publish()
    assert "[ru] Sitat mətni" in client.get(url).content.decode()


def test_a_suggestion_the_editor_changes_is_their_translation(libretranslate, russian):
    page = quote_page()
    texts = ask(russian, page, "body.b1", "ru").json()["texts"]
    page = save_as_suggested(page, "ru", texts)
    assert ru_states(page)["body.b1"].machine
    page = save_as_suggested(page, "ru", {**texts, "-value-text": "Цитата, исправленная"})
    state = ru_states(page)["body.b1"]
    assert state.state == ts.TRANSLATED and not state.machine


def test_a_plain_field_is_suggested_and_marked(libretranslate, russian):
    page = quote_page()
    draft = page.get_latest_revision_as_object()
    draft.title_ru = ""
    draft.save_revision()
    answer = ask(russian, page, "title", "ru", current={"": ""}).json()
    assert answer["texts"] == {"": "[ru] Blok"}
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    draft.title_ru = answer["texts"][""]
    draft.save_revision()
    state = ru_states(page)["title"]
    assert state.state == ts.MISSING and state.machine


@pytest.mark.parametrize("mode,message", machine_tests.FAILURES)
def test_a_failing_service_gives_a_message_and_changes_nothing(libretranslate, russian, mode,
                                                               message):
    machine_tests.fail(libretranslate, mode)
    page = quote_page()
    before = ru_summary(page)
    revisions = page.revisions.count()
    response = ask(russian, page, "body.b1", "ru",
                   current={"-value-text": "Мой перевод", "-value-attribution": ""})
    assert response.status_code == 503
    assert message in response.json()["error"]
    assert "texts" not in response.json()  # the script leaves the form as it is
    assert page.revisions.count() == revisions
    assert ru_summary(page) == before


def test_the_message_is_in_the_editors_language(libretranslate, russian):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(russian.user)
    profile.preferred_language = "ru"
    profile.save()
    libretranslate.mode = "429"
    response = ask(russian, quote_page(), "body.b1", "ru")
    assert response.status_code == 503
    assert "Служба машинного перевода занята" in response.json()["error"]


def test_a_translator_of_another_language_may_not_ask(libretranslate, english):
    page = quote_page()
    response = ask(english, page, "body.b1", "ru")
    assert response.status_code == 403
    assert response.json() == {"error": "You may not write the Русский texts of this page."}
    assert libretranslate.requests == []
    assert ask(english, page, "body.b1", "en").status_code == 200  # their own language


def test_only_a_post_with_the_csrf_token(libretranslate, russian):
    page = quote_page()
    assert russian.get(suggest_url(page), {"field": "body.b1", "language": "ru"}
                       ).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(russian.user)
    assert strict.post(suggest_url(page), {"field": "body.b1", "language": "ru"}
                       ).status_code == 403
    assert libretranslate.requests == []


def test_rich_text_is_not_filled_into_the_form(libretranslate, russian):
    """Rich text is written by the server into a draft (tests/test_suggest_rich.py): its
    button names no inputs to fill, and a request without the loaded revision writes
    nothing."""
    page = block_page("paragraph", ru_copy=True)
    html = russian.get(edit_url(page)).content.decode()
    assert 'data-field="body.b1" data-language="ru" data-input="body_ru" data-block="b1" ' \
           'data-suffixes="[]" data-reload>' in html
    revisions = page.revisions.count()
    response = ask(russian, page, "body.b1", "ru", current={"-value": "<p>Мой текст</p>"})
    assert response.status_code == 409 and "texts" not in response.json()
    assert page.revisions.count() == revisions and libretranslate.requests == []


def test_an_export_carries_the_editors_suggestion_as_a_machines(libretranslate, russian):
    from translations.exchange import formats, service

    page = quote_page()
    texts = ask(russian, page, "body.b1", "ru").json()["texts"]
    page = save_as_suggested(page, "ru", texts)
    data = service.export([page], "ru", formats.XLIFF)
    units = {unit.source: unit for unit in formats.read(data).units}
    assert units["Sitat mətni"].machine and units["Sitat mətni"].target == "[ru] Sitat mətni"
    result = service.plan(data, user=russian.user)
    assert result.changes == []  # still unreviewed: nothing to write


def test_the_suggestion_follows_the_glossary_with_deepl(deepl, russian):
    from translations.models import GlossaryTerm

    deepl.glossary_pairs.add(("AZ", "RU"))  # as if DeepL kept glossaries for Azerbaijani
    GlossaryTerm.objects.create(term_az="Sitat", term_en="Quotation", term_ru="Цитата")
    answer = ask(russian, quote_page(), "body.b1", "ru").json()
    assert answer["texts"]["-value-text"] == "[RU] Цитата mətni"
    assert any(path == "/v2/glossaries" and method == "POST"
               for method, path, _payload in deepl.requests)


def test_a_deepl_suggestion_reaches_the_editors_form_and_is_marked(deepl, russian):
    page = quote_page()
    html = russian.get(edit_url(page)).content.decode()
    assert 'data-field="body.b1" data-language="ru" data-input="body_ru"' in html
    response = ask(russian, page, "body.b1", "ru",
                   current={"-value-text": "Sitat mətni", "-value-attribution": "Şahid"})
    assert response.status_code == 200, response.content
    assert response.json()["texts"] == {"-value-text": "[RU] Sitat mətni",
                                        "-value-attribution": "[RU] Şahid"}
    sent = machine_tests.translations(deepl)[-1]
    assert (sent["source_lang"], sent["target_lang"]) == ("AZ", "RU")
    assert sent["text"] == ["Sitat mətni", "Şahid"]
    page = save_as_suggested(page, "ru", response.json()["texts"])
    state = ru_states(page)["body.b1"]
    assert state.state == ts.MISSING and state.machine


@pytest.mark.parametrize("mode,message", machine_tests.DEEPL_FAILURES)
def test_a_failing_deepl_gives_the_editor_a_message_and_changes_nothing(deepl, russian, mode,
                                                                        message):
    machine_tests.fail(deepl, mode)
    page = quote_page()
    before = ru_summary(page)
    response = ask(russian, page, "body.b1", "ru")
    assert response.status_code == 503 and message in response.json()["error"]
    assert ru_summary(page) == before


def test_a_pair_deepl_does_not_translate_is_not_offered_and_the_editor_is_told(deepl,
                                                                               russian):
    deepl.sources = {"EN", "RU", "DE"}  # a DeepL that does not translate from Azerbaijani
    page = quote_page()
    before = ru_summary(page)
    response = ask(russian, page, "body.b1", "ru")
    said = "does not translate from Azərbaycanca into Русский"
    assert response.status_code == 503 and said in response.json()["error"]
    assert ru_summary(page) == before
    # From now on the panel says so instead of offering the button, and nothing is asked.
    html = russian.get(edit_url(page)).content.decode()
    assert said in html and 'data-field="body.b1" data-language="ru" data-input' not in html
    asked = len(machine_tests.translations(deepl))
    response = ask(russian, page, "body.b1", "ru")
    assert response.status_code == 422 and said in response.json()["error"]
    assert len(machine_tests.translations(deepl)) == asked


def test_a_register_record_is_offered_and_its_published_text_is_held_back(libretranslate,
                                                                         russian):
    from remembrance.models import NameRecord
    from tests.remembrance_factories import make_record

    record = make_record(name_az="Əliyev Əli", place_az="Xocalı", biography_az="Müəllim idi.",
                         name_ru="Алиев Али", place_ru="Ходжалы", biography_ru="")
    record.save_revision().publish()
    edit = reverse("wagtailsnippets_remembrance_namerecord:edit", args=[record.pk])
    html = russian.get(edit).content.decode()
    assert 'data-field="biography" data-language="ru" data-input="biography_ru"' in html
    answer = ask(russian, record, "biography", "ru", current={"": ""}).json()
    assert answer["texts"] == {"": "[ru] Müəllim idi."}
    draft = NameRecord.objects.get(pk=record.pk).get_latest_revision_as_object()
    draft.biography_ru = answer["texts"][""]
    draft.save_revision().publish()
    record = NameRecord.objects.get(pk=record.pk)
    assert record.biography_ru == ""  # readers never see the machine's text
    assert record.has_unpublished_changes
    draft = record.get_latest_revision_as_object()
    assert draft.biography_ru == "[ru] Müəllim idi."
    state = next(item for item in ts.states(draft)
                 if item.key == "biography" and item.language == "ru")
    assert state.state == ts.MISSING and state.machine
    # Edited by a person, it is a translation and is published.
    draft.biography_ru = "Был учителем."
    draft.save_revision().publish()
    assert NameRecord.objects.get(pk=record.pk).biography_ru == "Был учителем."


@pytest.mark.parametrize("key", ["nothing", "nothing.b1", "body.nothing", "title.x.y", ""])
def test_a_text_the_page_does_not_have_is_not_found(libretranslate, russian, key):
    page = quote_page()
    assert not_found(ask(russian, page, key, "ru"))
    assert libretranslate.requests == []


def test_an_object_id_that_is_not_one_is_not_found(libretranslate, russian):
    page = quote_page()
    url = suggest_url(page).replace(f"/{page.pk}/", "/not-a-number/")
    assert not_found(russian.post(url, {"field": "body.b1", "language": "ru"}))
    assert libretranslate.requests == []
