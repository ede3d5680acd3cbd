"""Maps: creation rules, the accessible list, GeoJSON, coordinate validation, local assets."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from pages.models import HomePage, MapImage, MapPage, Place
from tests.conftest import LANGUAGES
from tests.html_checks import assert_only_local_resources, collect

MAP_URLS = {"az": "/az/xeriteler/", "en": "/en/maps/", "ru": "/ru/karty/"}
PLACES = {
    "az": ["Xocalı", "Ağdam", "Xankəndi"],
    "en": ["Khojaly", "Aghdam", "Khankendi"],
    "ru": ["Ходжалы", "Агдам", "Ханкенди"],
}
ROUTE = {
    "az": "Ağdama doğru qaçış istiqaməti",
    "en": "Direction of the flight towards Aghdam",
    "ru": "Направление бегства к Агдаму",
}
APPROXIMATE = {"az": "təqribi", "en": "approximate", "ru": "приблизительно"}


@pytest.fixture
def map_page(db):
    return MapPage.objects.get()


class MapTreeRulesTests(WagtailPageTestCase):
    def test_one_map_page_under_home_without_children(self):
        self.assertAllowedParentPageTypes(MapPage, {HomePage})
        self.assertAllowedSubpageTypes(MapPage, set())
        self.assertFalse(MapPage.can_create_at(HomePage.objects.get()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_page_lists_every_place_with_coordinates_without_javascript(client, language):
    response = client.get(MAP_URLS[language])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    listing = html.split('class="place-list"')[1].split("</ul>")[0]
    for name, (lat, lon) in zip(
        PLACES[language], [("39.91", "46.79"), ("39.99", "46.93"), ("39.82", "46.75")], strict=True
    ):
        assert f'<strong lang="{language}">{name}</strong>' in listing
        item = listing.split(name)[1].split("</li>")[0]
        assert f'<span class="coord">{lat}</span>' in item
        assert f'<span class="coord">{lon}</span>' in item
    assert f'<strong lang="{language}">{ROUTE[language]}</strong>' in html
    assert f"({APPROXIMATE[language]})" in html
    # The map itself only appears when the script has drawn it.
    assert '<div class="map" id="places-map" hidden' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_page_loads_leaflet_and_its_script_from_this_site(client, language, settings):
    html = client.get(MAP_URLS[language]).content.decode()
    assert_only_local_resources(html, anchors_too=True)
    scripts = collect(html).scripts
    assert [script["src"] for script in scripts] == [
        "/static/vendor/leaflet/leaflet.js",
        "/static/js/map.js",
    ]
    assert all("defer" in script for script in scripts)
    assert 'href="/static/vendor/leaflet/leaflet.css"' in html
    assert f'data-tile-url="{settings.PORTAL_MAP_TILE_URL}"' in html
    assert f'data-geojson-url="{MAP_URLS[language]}geojson/"' in html


def test_vendored_leaflet_files_are_present():
    from pathlib import Path

    from django.conf import settings

    vendor = Path(settings.BASE_DIR) / "static" / "vendor" / "leaflet"
    for name in ("leaflet.js", "leaflet.css", "LICENSE", "images/marker-icon.png"):
        assert (vendor / name).is_file(), name
    assert "BSD" in (vendor / "LICENSE").read_text() or "Redistribution" in (
        vendor / "LICENSE"
    ).read_text()


def test_empty_tile_setting_leaves_the_map_without_tiles(client, settings):
    settings.PORTAL_MAP_TILE_URL = ""
    html = client.get("/en/maps/").content.decode()
    assert 'data-tile-url=""' in html
    assert "openstreetmap" not in html
    assert "Khojaly" in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_geojson_holds_places_and_route_in_the_readers_language(client, language):
    response = client.get(MAP_URLS[language] + "geojson/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["name"] for f in points] == PLACES[language]
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "geometry", "properties"}
    # GeoJSON order is [longitude, latitude].
    assert points[0]["geometry"]["coordinates"] == [46.79, 39.91]
    assert [line["properties"]["name"] for line in lines] == [ROUTE[language]]
    assert lines[0]["geometry"]["coordinates"] == [[46.79, 39.91], [46.93, 39.99]]
    assert lines[0]["properties"]["approximate"] is True
    for feature in data["features"]:
        coordinates = feature["geometry"]["coordinates"]
        pairs = [coordinates] if feature["geometry"]["type"] == "Point" else coordinates
        for lon, lat in pairs:
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_falls_back_per_field(client, map_page):
    Place.objects.filter(page=map_page, name_en="Khojaly").update(name_ru="")
    data = json.loads(client.get("/ru/karty/geojson/").content)
    names = [f["properties"]["name"] for f in data["features"]]
    assert names[0] == "Xocalı"  # ru falls back to az first.


@pytest.mark.parametrize(
    "language, latitude_message, longitude_message",
    [
        (
            "az",
            "En dairəsi -90 ilə 90 dərəcə arasında olmalıdır.",
            "Uzunluq dairəsi -180 ilə 180 dərəcə arasında olmalıdır.",
        ),
        (
            "en",
            "Latitude must be between -90 and 90 degrees.",
            "Longitude must be between -180 and 180 degrees.",
        ),
        (
            "ru",
            "Широта должна быть от -90 до 90 градусов.",
            "Долгота должна быть от -180 до 180 градусов.",
        ),
    ],
)
def test_model_clean_rejects_coordinates_out_of_range(
    map_page, language, latitude_message, longitude_message
):
    place = Place(page=map_page, name="x", latitude=Decimal("90.5"), longitude=Decimal("-181"))
    with translation.override(language), pytest.raises(ValidationError) as error:
        place.full_clean()
    with translation.override(language):
        messages = error.value.message_dict
        assert messages["latitude"] == [latitude_message]
        assert messages["longitude"] == [longitude_message]


@pytest.mark.parametrize("latitude, longitude", [("-90", "-180"), ("90", "180"), ("0", "0")])
def test_model_clean_accepts_the_edges(map_page, latitude, longitude):
    Place(
        page=map_page, name="x", latitude=Decimal(latitude), longitude=Decimal(longitude)
    ).full_clean()


def map_form(map_page, places, routes=None):
    data = {
        "title_az": map_page.title_az,
        "title_en": map_page.title_en,
        "title_ru": map_page.title_ru,
        "slug_az": map_page.slug_az,
        "slug_en": map_page.slug_en,
        "slug_ru": map_page.slug_ru,
        "intro_az": map_page.intro_az,
        "intro_en": map_page.intro_en,
        "intro_ru": map_page.intro_ru,
        "map_images": inline_formset([]),
        "places": inline_formset(places),
        "routes": inline_formset(routes or []),
    }
    return nested_form_data(data)


def place_form(latitude, longitude):
    return {
        "name_az": "Yer",
        "name_en": "Place",
        "name_ru": "Место",
        "kind": "memorial",
        "latitude": latitude,
        "longitude": longitude,
    }


@pytest.mark.parametrize(
    "language, message",
    [
        ("az", "En dairəsi -90 ilə 90 dərəcə arasında olmalıdır."),
        ("en", "Latitude must be between -90 and 90 degrees."),
        ("ru", "Широта должна быть от -90 до 90 градусов."),
    ],
)
def test_admin_form_shows_coordinate_errors_in_the_editors_language(
    admin_client, map_page, language, message
):
    from django.contrib.auth.models import User
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(User.objects.get(username="admin"))
    profile.preferred_language = language
    profile.save()
    url = reverse("wagtailadmin_pages:edit", args=[map_page.pk])
    response = admin_client.post(url, map_form(map_page, [place_form("95", "46.79")]))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not Place.objects.filter(page=map_page, latitude=95).exists()


def test_admin_saves_places_and_routes(admin_client, map_page, client):
    url = reverse("wagtailadmin_pages:edit", args=[map_page.pk])
    route = {
        "title_az": "Yol",
        "title_en": "Road",
        "title_ru": "Дорога",
        "approximate": "on",
        "points": inline_formset(
            [{"latitude": "39.9", "longitude": "46.8"}, {"latitude": "40.0", "longitude": "46.9"}],
            min=2,
        ),
    }
    data = map_form(map_page, [place_form("40.1", "47.2")], [route])
    data["action-publish"] = "publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    features = {
        f["properties"]["name"]: f["geometry"]
        for f in json.loads(client.get("/en/maps/geojson/").content)["features"]
    }
    assert features["Place"] == {"type": "Point", "coordinates": [47.2, 40.1]}
    assert features["Road"] == {"type": "LineString", "coordinates": [[46.8, 39.9], [46.9, 40.0]]}
    assert "Khojaly" in features  # Places already saved stay.


def test_map_images_show_alt_text_caption_credit_and_full_size_link(client, map_page):
    image = Image.objects.create(title="Karabakh map", file=get_test_image_file())
    MapImage.objects.create(
        page=map_page,
        image=image,
        alt_text_az="Qarabağ xəritəsi",
        alt_text_en="Map of Karabakh with Khojaly marked",
        alt_text_ru="Карта Карабаха",
        caption_en="The region in 1992.",
        credit="Portal editors",
    )
    html = client.get("/en/maps/").content.decode()
    assert 'alt="Map of Karabakh with Khojaly marked"' in html
    assert "The region in 1992." in html
    assert '<span class="figure__credit">Portal editors</span>' in html
    assert f'<a href="{image.file.url}">Full-size image' in html
    assert 'loading="lazy"' in html
    assert_only_local_resources(html, anchors_too=True)
    image.file.delete(save=False)


NO_TILES_NOTE = {
    "az": "Xəritə fonu qurulmayıb: yerlər sadə koordinat şəbəkəsi üzərində göstərilir.",
    "en": "Map background not configured: places are shown on a plain grid.",
    "ru": "Подложка карты не настроена: места показаны на простой координатной сетке.",
}
MAP_KEY = {"az": "Xəritənin şərti işarələri", "en": "Map key", "ru": "Условные обозначения"}
DASHED = {
    "az": "Qırıq xətt dəqiq yolu deyil, yalnız istiqaməti göstərir.",
    "en": "A dashed line shows a direction, not an exact path.",
    "ru": "Пунктирная линия показывает направление, а не точный путь.",
}
GRID = {
    "az": "En və uzunluq dairələrinin xətləri, dərəcələrlə işarələnib.",
    "en": "Grid lines of latitude and longitude, labelled in degrees.",
    "ru": "Линии широты и долготы с подписями в градусах.",
}


def map_key(html):
    return html.split('<div class="map-key" id="places-map-key" hidden>')[1].split("</ul>")[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_tiles_the_map_has_a_key_and_says_it_is_a_plain_grid(client, language, settings):
    settings.PORTAL_MAP_TILE_URL = ""
    html = client.get(MAP_URLS[language]).content.decode()
    assert 'data-key="places-map-key"' in html
    key = map_key(html)
    assert f'<p class="map-key__note">{NO_TILES_NOTE[language]}</p>' in key
    assert f'<h3 class="map-key__heading" id="map-key-heading">{MAP_KEY[language]}</h3>' in key
    # The portal's own marker, the route with its dashed line and what that means, the grid.
    assert '<span class="map-marker"></span>' in key
    route = key.split('class="map-key__route"')[1].split("</li>")[0]
    assert 'stroke-dasharray="8 8"' in route
    assert f'<span lang="{language}">{ROUTE[language]}</span>' in route
    assert f"({APPROXIMATE[language]})" in route
    assert DASHED[language] in route
    assert GRID[language] in key
    assert_only_local_resources(html, anchors_too=True)
    assert 'href="/static/css/map.css"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_tiles_the_key_has_no_plain_grid_note(client, language, settings):
    settings.PORTAL_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client.get(MAP_URLS[language]).content.decode()
    key = map_key(html)
    assert MAP_KEY[language] in key
    assert ROUTE[language] in key
    assert NO_TILES_NOTE[language] not in html
    assert "map-key__note" not in html
    assert GRID[language] not in html
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html


def test_a_route_without_two_points_stays_out_of_the_key(client, map_page):
    from pages.models import Route

    Route.objects.create(page=map_page, title_en="Unfinished line", approximate=False)
    html = client.get("/en/maps/").content.decode()
    assert "Unfinished line" not in map_key(html)
    assert "Unfinished line" in html.split('class="route-list"')[1]


def test_map_script_draws_the_portals_markers_and_credit():
    """Leaflet's default marker images and its flag prefix are not used (checked in a browser
    by tests/e2e/test_maps.py)."""
    from pathlib import Path

    from django.conf import settings

    script = (Path(settings.BASE_DIR) / "static" / "js" / "map.js").read_text()
    assert "Icon.Default" not in script
    assert "L.divIcon(" in script
    assert "attributionControl: false" in script
    assert 'L.control.attribution({ prefix: "Leaflet" })' in script
    assert (Path(settings.BASE_DIR) / "static" / "css" / "map.css").is_file()
