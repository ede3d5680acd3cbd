"""The memorial article: dates, body blocks, preview per language."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from tests.conftest import LANGUAGES


def test_article_shows_first_published_and_last_updated(client, memorial):
    first = memorial.first_published_at
    # Without a date first written (tests/test_first_reader.py: with one, it replaces this).
    memorial.first_written = None
    memorial.lead_en = memorial.lead_en + " Revised."
    revision = memorial.save_revision()
    later = timezone.now() + timezone.timedelta(days=400)
    revision.publish()
    memorial.refresh_from_db()
    memorial.last_published_at = later
    memorial.save(update_fields=["last_published_at"])
    html = client.get("/en/khojaly-massacre/").content.decode()
    assert "First published" in html and "Last updated" in html
    # To the second: HTML allows no microseconds in a <time datetime>.
    for moment in (first, later):
        assert f'datetime="{timezone.localtime(moment).replace(microsecond=0).isoformat()}"' \
            in html
    assert "Revised." in html


def test_article_body_headings_follow_the_title(client, memorial):
    html = client.get("/en/khojaly-massacre/").content.decode()
    main = html.split('<main id="main"')[1]
    assert main.index("<h1") < main.index("<h2")
    assert "<h2>The night of 25 to 26 February</h2>" in main


def test_article_attributes_its_figures(client):
    html = client.get("/en/khojaly-massacre/").content.decode()
    assert "more than 600 to 2,000" in html
    assert "According to the 2002 memorial page" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_preview_renders_in_the_chosen_language(admin_client, memorial, language):
    assert [mode for mode, _label in memorial.preview_modes] == LANGUAGES
    request = RequestFactory().get("/")
    request.user = admin_client.user
    response = memorial.serve_preview(request, language)
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    titles = {
        "az": "Xocalı soyqırımı",
        "en": "The Khojaly massacre",
        "ru": "Ходжалинская трагедия",
    }
    assert titles[language] in html
