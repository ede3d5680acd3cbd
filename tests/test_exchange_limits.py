"""What an upload, an import and a machine request may cost (issue 24, findings 7-10): refused
entities answer 400 with a message, an import's queries do not grow with unknown segments,
each user keeps one pending upload, and suggestions and machine-filled exports have per-person
and per-site limits with their own message."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_exchange import block_page, edit_xliff
from tests.test_exchange_admin import client_for, translated_po, upload
from tests.test_exchange_machine import LibreTranslate, libretranslate  # noqa: F401
from tests.test_suggest import ask, not_found, quote_page
from translations.exchange import formats, service


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def russian(django_user_model):
    return client_for(django_user_model, "anna", "ru")


ENTITY_FILE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e "EVIL">]>\n'
    b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
    b'source-language="az" target-language="ru" datatype="plaintext"><body>'
    b'<trans-unit id="a"><source>x</source><target>&e; and more</target></trans-unit>'
    b'</body></file></xliff>')


def test_an_xliff_with_an_entity_is_refused_with_a_message_and_a_400(russian):
    response = upload(russian, ENTITY_FILE, name="ru.xlf")
    assert response.status_code == 400
    assert "document type or entities" in response.content.decode()
    assert cache.get(f"editorial-exchange:pending:{russian.user.pk}") is None


def test_escaped_characters_in_a_target_still_import(russian):
    page = block_page("quote", ru_copy=False)
    data, _edited = edit_xliff(service.export([page], "ru", formats.XLIFF),
                               lambda ident, source: "A & B < C · ")
    response = upload(russian, data, name="ru.xlf")
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.ok and any(change.after.startswith("A & B < C") for change in plan.changes)


def test_an_id_too_large_for_the_database_is_not_found(russian, memorial):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(memorial, for_concrete_model=False)
    huge = "9" * 30
    for name in ("translation_suggest", "translation_confirm"):
        url = reverse(name, args=[content_type.pk, huge])
        response = russian.post(url + "?field=title&language=ru",
                                {"field": "title", "language": "ru"})
        assert not_found(response), (name, response.status_code)


def unknown_po(count):
    lines = ['msgid ""', 'msgstr ""', '"Language: ru\\n"', '"X-Source-Language: az\\n"', ""]
    for number in range(count):
        lines += [f'msgctxt "pages.standardpage:{10**6 + number}:title"',
                  f'msgid "Mətn {number}"', f'msgstr "Текст {number}"', ""]
    return "\n".join(lines).encode()


def test_an_import_costs_the_same_queries_for_ten_or_two_thousand_unknown_segments(russian):
    def queries(data):
        with CaptureQueriesContext(connection) as captured:
            result = service.plan(data, user=russian.user)
        assert not result.ok
        return len(captured)

    queries(unknown_po(1))  # the user's permissions, read once
    assert queries(unknown_po(2000)) == queries(unknown_po(10)) == 1


def test_each_user_keeps_one_pending_upload(russian):
    first = block_page("quote", ru_copy=False)
    second = block_page("heading", ru_copy=False, suffix="-2")
    digest_one = upload(russian, translated_po(first)).context["plan"].digest
    digest_two = upload(russian, translated_po(second)).context["plan"].digest
    assert digest_one != digest_two
    kept = [key for key in cache._cache if "editorial-exchange" in key]  # locmem in tests
    assert len(kept) == 1
    response = russian.post(reverse("translation_import"), {"digest": digest_one},
                            follow=True)
    assert "no longer kept" in response.content.decode()
    response = russian.post(reverse("translation_import"), {"digest": digest_two})
    assert response.status_code == 302


def test_suggestions_stop_at_the_persons_limit_with_their_own_message(
        libretranslate, russian, monkeypatch, django_user_model):  # noqa: F811
    monkeypatch.setenv("PORTAL_MT_USER_SUGGESTIONS", "2")
    page = quote_page()
    key = "body.b1"
    answers = [ask(russian, page, key, "ru") for _ in range(3)]
    assert [answer.status_code for answer in answers[:2]] == [200, 200]
    assert answers[2].status_code == 429
    assert "in the last hour" in answers[2].json()["error"]
    assert len(LibreTranslate.requests) == 2
    # Someone else still may ask, until the whole site's limit (3: two were counted).
    monkeypatch.setenv("PORTAL_MT_SITE_SUGGESTIONS", "3")
    other = client_for(django_user_model, "petr", "ru")
    assert ask(other, page, key, "ru").status_code == 200
    refused = ask(other, page, key, "ru")
    assert refused.status_code == 429 and "used up" in refused.json()["error"]
    assert len(LibreTranslate.requests) == 3


def test_machine_filled_exports_stop_at_the_persons_limit(libretranslate, russian,  # noqa: F811
                                                          monkeypatch):
    monkeypatch.setenv("PORTAL_MT_USER_EXPORTS", "1")
    page = block_page("quote", ru_copy=True)
    query = {"download": "1", "language": "ru", "format": formats.PO, "scope": service.PAGE,
             "page": page.pk, "machine": "on"}
    first = russian.get(reverse("translation_export"), query)
    assert first.status_code == 200 and first["Content-Disposition"].startswith("attachment")
    requests = len(LibreTranslate.requests)
    second = russian.get(reverse("translation_export"), query)
    assert "Content-Disposition" not in second
    assert "in the last hour" in second.content.decode()
    assert len(LibreTranslate.requests) == requests
