"""The demo news and anniversary updates: several years, three languages, previews."""

import datetime

import pytest
from django.test import RequestFactory

from pages.models import AnniversaryIndexPage, AnniversaryUpdatePage, NewsIndexPage, NewsPage
from tests.conftest import LANGUAGES


def test_demo_has_news_and_updates_over_several_years_in_three_languages(db):
    updates = AnniversaryUpdatePage.objects.live().order_by("commemoration_date")
    assert [u.commemoration_date for u in updates] == [
        datetime.date(year, 2, 26) for year in (2023, 2024, 2025, 2026)
    ]
    news = NewsPage.objects.live()
    assert {item.date.year for item in news} >= {2023, 2024, 2025, 2026}
    for page in [*updates, *news]:
        for code in LANGUAGES:
            assert getattr(page, f"title_{code}")
            assert getattr(page, f"summary_{code}")
            assert getattr(page, f"body_{code}")
    assert updates.last().title_en == "34th anniversary of the Khojaly massacre"
    assert updates.last().title_ru == "34-я годовщина Ходжалинской трагедии"
    assert updates.last().title_az == "Xocalı soyqırımının 34-cü ildönümü"
    assert updates.first().title_az == "Xocalı soyqırımının 31-ci ildönümü"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", [NewsIndexPage, AnniversaryIndexPage, NewsPage,
                                   AnniversaryUpdatePage])
def test_preview_renders_in_the_chosen_language(admin_client, model, language):
    page = model.objects.first()
    request = RequestFactory().get("/")
    request.user = admin_client.user
    html = page.serve_preview(request, language).content.decode()
    assert f'<html lang="{language}"' in html
    assert getattr(page, f"title_{language}") in html
