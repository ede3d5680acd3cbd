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
