"""Hostile input against search, the poll and the contact form: never a 5xx, nothing stored from
a rejected submission, nothing lost from a valid one."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission

from core.search import clean_query
from pages.models import ContactPage
from polls.models import PollPage, Vote
from tests.test_contact import valid

HOSTILE = [
    "",
    "   ",
    "a" * 1001,
    "word " * 600,
    "x" * 100_000,
    "!!!",
    "...,,,;;;---",
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "UNION SELECT password FROM auth_user",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%00",
    "\x00",
    "abc\x00def",
    "\ufffd\ufffd",
    "NEAR(a b)",
    "a AND OR NOT",
    '"unterminated',
    "*",
    "a:b & c | !d <-> e",
    "🙂🕯️",
    "İIıi",
    "\u202ereversed",
    "\t\n\r",
    "../../etc/passwd",
    "%s %d %(x)s",
    "Xocalı",
    "\\",
    "()[]{}",
]
# Query strings and bodies that are not valid UTF-8 or not valid percent-encoding.
RAW = ["%FF%FE%FD", "%E2%82", "%", "%zz", "%C0%AE", "%ED%A0%80", "%00%00", "%u0041"]


def test_the_table_is_long_enough():
    assert len(HOSTILE) + len(RAW) >= 30


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url_of(page, language="en"):
    with translation.override(language):
        return page.url


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_search(client, value, language):
    response = client.get(f"/{language}/search/", {"q": value, "page": value})
    # A query with words lists results, and anything but one of their page numbers is the
    # reader's 404 page (core.pagination's one rule); a query without words lists nothing.
    assert response.status_code == (404 if clean_query(value).terms else 200)
    html = response.content.decode()
    assert "\x00" not in html
    if "<" in value:
        assert value[:200] not in html  # shown only escaped
    with translation.override(language):
        assert f'<html lang="{language}"' in html


@pytest.mark.parametrize("raw", RAW)
def test_search_with_broken_encoding(client, raw):
    response = client.generic("GET", f"/ru/search/?q={raw}&page={raw}")
    # Not a page number: the 404 page, in Russian, when the query has words to list results.
    assert response.status_code in (200, 404)
    assert '<html lang="ru"' in response.content.decode()
    assert "\x00" not in response.content.decode()
    assert client.generic("GET", f"/ru/search/?q=Ходжалы&page={raw}").status_code == 404
    assert client.generic("GET", f"/ru/search/?q={raw}").status_code == 200


@pytest.fixture
def poll(db):
    return PollPage.objects.get()


@pytest.mark.parametrize("value", HOSTILE)
def test_poll_refuses_a_hostile_answer_and_stores_nothing(poll, value):
    response = Client().post(url_of(poll), {"choice": value})
    assert response.status_code == 400
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", HOSTILE[:12])
def test_poll_keeps_a_valid_vote_with_hostile_extras(poll, value):
    choice = poll.choices.first()
    response = Client().post(url_of(poll), {"choice": choice.pk, "extra": value, "q": value})
    assert response.status_code == 200
    assert list(Vote.objects.values_list("choice_id", flat=True)) == [choice.pk]


@pytest.mark.parametrize("raw", RAW)
def test_poll_with_broken_encoding(poll, raw):
    response = Client().generic("POST", url_of(poll), f"choice={raw}".encode(),
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not Vote.objects.exists()


@pytest.fixture
def contact(db):
    return ContactPage.objects.get()


@pytest.mark.parametrize("value", HOSTILE)
def test_contact_message(contact, value):
    response = Client().post(url_of(contact), {**valid("en"), "mesajiniz": value})
    assert response.status_code < 500
    if value.strip() and "\x00" not in value:
        assert response.status_code == 200
        stored = FormSubmission.objects.get(page=contact).get_data()
        assert stored["mesajiniz"] == value.strip()  # nothing lost
    else:
        assert response.status_code == 400
        assert not FormSubmission.objects.exists()


@pytest.mark.parametrize("value", HOSTILE)
def test_contact_refuses_hostile_email_address(contact, value):
    response = Client().post(url_of(contact, "az"), {**valid("az"), "e_poct_unvaniniz": value})
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()
    if "<" in value:
        assert value[:200] not in response.content.decode()


@pytest.mark.parametrize("raw", RAW)
def test_contact_with_broken_encoding(contact, raw):
    body = f"adiniz={raw}&e_poct_unvaniniz={raw}&movzu={raw}&mesajiniz={raw}"
    response = Client().generic("POST", url_of(contact), body.encode(),
                                content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()
