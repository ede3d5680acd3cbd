"""The contact form: editors' fields per language, stored submissions, mail, spam defence."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from wagtail.contrib.forms.models import FormSubmission

from pages.models import ContactPage, HomePage, PortalSettings
from pages.models.contact import HONEYPOT_FIELD

VALID = {
    "adiniz": "Leyla",
    "e_poct_unvaniniz": "leyla@example.org",
    "movzu": "Düzəliş",
    "mesajiniz": "Bir düzəliş təklif edirəm.",
}
SUBJECTS = {"az": "Düzəliş", "en": "Correction", "ru": "Исправление"}


def valid(language):
    """A complete message; the choices of the subject field are in the reader's language."""
    return {**VALID, "movzu": SUBJECTS[language]}


@pytest.fixture
def contact(db):
    return ContactPage.objects.get()



@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()

def url_of(page, language):
    with translation.override(language):
        return page.url


def test_contact_page_lives_under_home_only():
    assert ContactPage.allowed_parent_page_models() == [HomePage]
    assert ContactPage.max_count == 1


def test_field_names_are_stable(contact):
    names = [f.clean_name for f in contact.form_fields.all()]
    assert names == list(VALID)


@pytest.mark.parametrize(
    ("language", "label", "help_text", "button"),
    [
        ("az", "E-poçt ünvanınız", "Yalnız sizə cavab vermək üçün.", "Göndər"),
        ("en", "Your email address", "Only used to reply to you.", "Send"),
        ("ru", "Ваш адрес электронной почты", "Только для ответа вам.", "Отправить"),
    ],
)
def test_form_is_shown_in_the_readers_language(client, contact, language, label, help_text,
                                               button):
    html = client.get(url_of(contact, language)).content.decode()
    assert label in html and help_text in html and f">{button}</button>" in html
    assert 'aria-describedby="e_poct_unvaniniz-help"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # The honeypot is labelled but hidden from people and assistive technology.
    trap = html.split('class="contact__trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true" hidden' in trap and f'name="{HONEYPOT_FIELD}"' in trap
    assert "<label" in trap and 'tabindex="-1"' in trap


def test_valid_message_is_stored_and_mailed_to_the_settings_address(client, contact, home):
    portal = PortalSettings.for_site(contact.get_site())
    portal.contact_email = "editors@example.org"
    portal.save()
    response = client.post(url_of(contact, "en"), valid("en"))
    assert response.status_code == 200
    assert "Thank you. Your message has reached the editors." in response.content.decode()
    submission = FormSubmission.objects.get(page=contact)
    assert submission.get_data()["mesajiniz"] == VALID["mesajiniz"]
    assert HONEYPOT_FIELD not in submission.form_data
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["editors@example.org"]
    assert "Bir düzəliş təklif edirəm." in mail.outbox[0].body


def test_page_address_overrides_the_settings_address(client, contact):
    contact.to_address = "one@example.org, two@example.org"
    contact.save_revision().publish()
    client.post(url_of(contact, "az"), valid("az"))
    assert mail.outbox[0].to == ["one@example.org", "two@example.org"]


def test_mail_failure_still_saves_and_thanks(client, contact, settings, caplog):
    settings.EMAIL_BACKEND = "tests.mail_backends.FailingBackend"
    contact.to_address = "editors@example.org"
    contact.save_revision().publish()
    response = client.post(url_of(contact, "ru"), valid("ru"))
    assert response.status_code == 200
    assert "Спасибо. Ваше сообщение получено редакцией." in response.content.decode()
    assert FormSubmission.objects.filter(page=contact).count() == 1
    assert "stored but not emailed" in caplog.text


@pytest.mark.parametrize(
    ("language", "required"),
    [("az", "Bu sahə vacibdir."), ("en", "This field is required."),
     ("ru", "Требуется заполнить это поле.")],
)
def test_errors_appear_next_to_their_fields_in_the_readers_language(client, contact, language,
                                                                    required):
    data = {**valid(language), "adiniz": "", "e_poct_unvaniniz": "not an address"}
    response = client.post(url_of(contact, language), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_adiniz"' in html
    assert f'<p class="field-error" id="adiniz-error">{required}' in html
    assert 'aria-describedby="e_poct_unvaniniz-help e_poct_unvaniniz-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="not an address"' in html  # nothing the reader typed is lost
    assert not FormSubmission.objects.exists()


def test_filled_honeypot_stores_nothing(client, contact):
    response = client.post(url_of(contact, "en"), {**valid("en"), HONEYPOT_FIELD: "http://spam"})
    assert response.status_code == 400
    assert "Your message could not be sent." in response.content.decode()
    assert not FormSubmission.objects.exists() and not mail.outbox


def test_messages_from_one_address_are_rate_limited(contact, settings):
    settings.CONTACT_RATE_LIMIT = 2
    url = url_of(contact, "en")
    statuses = [Client().post(url, valid("en"), REMOTE_ADDR="192.0.2.1").status_code
                for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert FormSubmission.objects.count() == 2
    assert Client().post(url, valid("en"), REMOTE_ADDR="192.0.2.2").status_code == 200


def test_submissions_are_listed_and_exported_in_the_admin(admin_client, client, contact):
    client.post(url_of(contact, "en"), valid("en"))
    listing = admin_client.get(f"/admin/forms/submissions/{contact.pk}/")
    assert listing.status_code == 200 and "Leyla" in listing.content.decode()
    export = admin_client.get(f"/admin/forms/submissions/{contact.pk}/?export=csv")
    content = b"".join(export.streaming_content).decode()
    assert export.status_code == 200 and "leyla@example.org" in content
