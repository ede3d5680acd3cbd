"""Editors create resources, links pages and map pages with every language's fields."""

import pytest
from django.urls import reverse

from pages.models import LinksPage, MapPage, ResourceIndexPage, ResourcePage

LANGUAGE_CODES = ("az", "en", "ru")


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


@pytest.mark.parametrize(
    "model, fields",
    [
        (ResourceIndexPage, ["title", "slug", "intro"]),
        (LinksPage, ["title", "slug", "intro"]),
        (MapPage, ["title", "slug", "intro"]),
    ],
)
def test_section_create_views_show_every_language(admin_client, home, model, fields):
    model.objects.all().delete()  # Each section exists once; make room for a new one.
    response = admin_client.get(add_url(model, home))
    assert response.status_code == 200
    html = response.content.decode()
    for name in fields:
        for code in LANGUAGE_CODES:
            assert f'name="{name}_{code}"' in html, f"{name}_{code}"


def test_resource_create_view_shows_citation_documents_and_recordings(admin_client):
    index = ResourceIndexPage.objects.get()
    html = admin_client.get(add_url(ResourcePage, index)).content.decode()
    for code in LANGUAGE_CODES:
        assert f'name="summary_{code}"' in html
        assert f'"fieldName": "media_{code}"' in html
        assert f'name="documents-__prefix__-title_{code}"' in html
    for name in ("kind", "original_title", "authors", "publisher", "publication_date",
                 "date_precision", "original_language", "url", "archive_url"):
        assert f'name="{name}"' in html, name


def test_map_edit_view_offers_places_routes_and_points(admin_client):
    page = MapPage.objects.get()
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    for code in LANGUAGE_CODES:
        assert f'name="places-0-name_{code}"' in html
        assert f'name="routes-0-title_{code}"' in html
        assert f'name="map_images-__prefix__-alt_text_{code}"' in html
    assert 'name="routes-0-points-1-latitude"' in html
