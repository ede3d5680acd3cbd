"""Proposals to the register: a draft for editors, private contact details, rate limit,
honeypot, errors in the reader's language."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings

from remembrance.models import Contribution, NameRecord
from tests.conftest import LANGUAGES
from tests.remembrance_factories import make_record

FORM_URLS = {
    "az": "/az/adlar-reyestri/propose/",
    "en": "/en/names/propose/",
    "ru": "/ru/reestr-imyon/propose/",
}
EMAIL = "synthetic.contributor@example.org"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def proposal(**changes):
    data = {
        "name_az": "Test Person Proposed",
        "name_ru": "",
        "name_en": "",
        "status": "missing",
        "birth_year": "1960",
        "age": "",
        "place": "Synthetic place",
        "message": "Synthetic message for a test.",
        "sources_note": "Synthetic family record",
        "contributor_name": "Synthetic Contributor",
        "email": EMAIL,
        "phone": "+000 0000",
        "relationship": "Synthetic relative",
        "consent": "on",
        "correction_of": "",
        "website": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_has_labels_consent_and_csrf_in_every_language(client, language):
    html = client.get(FORM_URLS[language]).content.decode()
    assert "csrfmiddlewaretoken" in html
    # The name in each configured language's script, named in the reader's language.
    labels = {
        "az": ["Ad (Azərbaycan dili)", "Ad (Rus dili)", "Elektron poçt ünvanınız", "razıyam"],
        "en": ["Name (Azerbaijani)", "Name (Russian)", "Your email address",
               "I agree that the editors"],
        "ru": ["Имя (Азербайджанский)", "Имя (Русский)", "Ваш адрес электронной почты",
               "Я согласен"],
    }
    for label in labels[language]:
        assert label in html
    for column in ("name_az", "name_en", "name_ru"):
        assert f'name="{column}"' in html
    assert 'for="id_consent"' in html and 'for="id_email"' in html


def test_form_needs_the_csrf_token():
    response = Client(enforce_csrf_checks=True).post(FORM_URLS["en"], proposal())
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_a_proposal_becomes_a_draft_and_private_contact_details(client):
    response = client.post(FORM_URLS["en"], proposal())
    assert response.status_code == 302 and response["Location"] == "/en/names/propose/thanks/"
    record = NameRecord.objects.get(name_az="Test Person Proposed")
    assert record.live is False and record.origin == "contribution"
    assert record.place_en == "Synthetic place" and record.birth_year == 1960
    assert record.latest_revision is not None
    contribution = Contribution.objects.get()
    assert contribution.record == record and contribution.email == EMAIL
    assert contribution.consent_given_at is not None
    assert EMAIL not in str(contribution)
    thanks = client.get(response["Location"]).content.decode()
    assert "Nothing is published before" in thanks
    # Not public until an editor publishes it; then still no contact details anywhere.
    assert client.get(f"/en/names/{record.pk}/").status_code == 404
    record.save_revision().publish()
    for url in ["/en/names/", f"/en/names/{record.pk}-test-person-proposed/",
                "/en/names/?q=proposed", thanks and "/en/names/propose/thanks/"]:
        html = client.get(url, follow=True).content.decode()
        for private in [EMAIL, "Synthetic Contributor", "+000 0000", "Synthetic relative",
                        "Synthetic message", "Synthetic family record"]:
            assert private not in html, (url, private)


@pytest.mark.parametrize("language", LANGUAGES)
def test_errors_are_shown_next_to_their_fields_in_the_readers_language(client, language):
    response = client.post(
        FORM_URLS[language], proposal(name_az="", email="not-an-address", consent="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    messages = {
        "az": ["Adı ən azı bir əlifbada yazın.", "Düzgün e-poçt ünvanı daxil edin."],
        "en": ["Enter the name in at least one script.", "Enter a valid email address."],
        "ru": ["Укажите имя хотя бы в одном написании.",
               "Введите правильный адрес электронной почты."],
    }
    for message in messages[language]:
        assert message in html
    email_block = html.split('id="id_email_error"')[1][:300]
    assert messages[language][1] in email_block
    assert 'id="id_consent-error"' in html
    assert not Contribution.objects.exists() and not NameRecord.objects.exists()


def test_honeypot_saves_nothing(client):
    response = client.post(FORM_URLS["en"], proposal(website="http://spam.example"))
    assert response.status_code == 302
    assert not Contribution.objects.exists() and not NameRecord.objects.exists()


@override_settings(REMEMBRANCE_CONTRIBUTION_LIMIT=2)
def test_rate_limit_per_address_with_the_address_hashed(client):
    for number in range(2):
        assert client.post(FORM_URLS["en"], proposal(name_az=f"Test {number}")).status_code == 302
    response = client.post(FORM_URLS["en"], proposal(name_az="Test 3"))
    assert response.status_code == 429
    assert "Please try again in an hour." in response.content.decode()
    assert Contribution.objects.count() == 2
    keys = list(cache._cache.keys())
    assert keys and not any("127.0.0.1" in key for key in keys)
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(FORM_URLS["en"], proposal(name_az="Test 4")).status_code == 302


def test_a_correction_names_the_record_it_corrects(client):
    record = make_record(name_en="Test Person One")
    html = client.get(f"/en/names/{record.pk}-test-person-one/").content.decode()
    assert f"/en/names/propose/?correction={record.pk}" in html
    form = client.get(FORM_URLS["en"], {"correction": record.pk}).content.decode()
    assert "You are proposing a correction to the record of Test Person One." in form
    assert f'name="correction_of" value="{record.pk}"' in form
    client.post(FORM_URLS["en"], proposal(correction_of=str(record.pk), name_en="Test Person 1"))
    draft = NameRecord.objects.get(name_en="Test Person 1")
    assert draft.corrects == record and not draft.live
    record.refresh_from_db()
    assert record.name_en == "Test Person One"


def test_contributor_data_is_deleted_on_request(client):
    client.post(FORM_URLS["en"], proposal())
    client.post(FORM_URLS["en"], proposal(email=EMAIL.upper(), name_az="Test Two"))
    client.post(FORM_URLS["en"], proposal(email="someone.else@example.org", name_az="Test 3"))
    out = io.StringIO()
    call_command("delete_contributor_data", EMAIL, stdout=out)
    assert "Deleted 2 contribution(s)" in out.getvalue()
    assert list(Contribution.objects.values_list("email", flat=True)) == [
        "someone.else@example.org"
    ]
    assert NameRecord.objects.count() == 3  # the proposed drafts stay for the editors


def test_editors_see_contributions_in_the_admin(admin_client, client):
    client.post(FORM_URLS["en"], proposal())
    contribution = Contribution.objects.get()
    response = admin_client.get(
        f"/admin/snippets/remembrance/contribution/inspect/{contribution.pk}/"
    )
    assert response.status_code == 200 and EMAIL in response.content.decode()
    listing = admin_client.get("/admin/snippets/remembrance/namerecord/")
    assert "Test Person Proposed" in listing.content.decode()
