"""4xx pages speak the reader's language."""

import pytest
from django.test import Client


@pytest.mark.parametrize(
    "language, text",
    [
        ("az", "Form göndərilə bilmədi"),
        ("en", "The form could not be sent"),
        ("ru", "Форму не удалось отправить"),
    ],
)
def test_post_without_csrf_token_gets_a_403_in_the_readers_language(language, text):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/", {"anything": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert text in html


@pytest.mark.parametrize(
    "language, text",
    [("az", "Yanlış sorğu"), ("en", "Bad request"), ("ru", "Некорректный запрос")],
)
def test_bad_host_gets_a_400_in_the_readers_language(language, text):
    response = Client().get(f"/{language}/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{language}"' in html and text in html


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_each_language_is_written_in_its_own_direction(client, language):
    """The direction comes from the language (Django's ``LANGUAGES_BIDI``), not from the
    template. Azerbaijani is written in Latin letters, left to right, although Django's
    language info marks it right to left, after its Arabic script."""
    from django.utils import translation

    with translation.override(language):
        direction = "rtl" if translation.get_language_bidi() else "ltr"
    assert direction == "ltr"
    html = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_a_right_to_left_language_added_to_the_settings_is_written_right_to_left(settings, rf):
    """A language such as Persian, once configured, gets dir="rtl" on every page; the page
    shown when the database is down, which needs nothing but the settings, shows it here."""
    from ops.views import database_unavailable

    settings.LANGUAGES = [*settings.LANGUAGES, ("fa", "فارسی")]
    html = database_unavailable(rf.get("/fa/")).content.decode()
    assert '<html lang="fa" dir="rtl">' in html
