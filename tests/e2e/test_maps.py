"""The map without a tile server (the default): the portal's own markers, labels, graticule,
scale and key; Leaflet's credit without its flag; nothing from another host (conftest)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LANGUAGES, fonts_loaded, run_axe

MAP_URLS = {"az": "/az/xeriteler/", "en": "/en/maps/", "ru": "/ru/karty/"}
PLACES = {
    "az": ["Xocalı", "Ağdam", "Xankəndi"],
    "en": ["Khojaly", "Aghdam", "Khankendi"],
    "ru": ["Ходжалы", "Агдам", "Ханкенди"],
}
NOTE = {
    "az": "Xəritə fonu qurulmayıb",
    "en": "Map background not configured: places are shown on a plain grid.",
    "ru": "Подложка карты не настроена",
}
DESCRIPTION = {"az": "1992-ci il", "en": "February 1992", "ru": "февраля 1992"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_without_tiles_reads_as_a_map(page, language, tmp_path):
    page.goto(MAP_URLS[language])
    area = page.locator("#places-map")
    expect(area).to_be_visible()
    expect(area).to_have_class(re.compile(r"\bmap--plain\b"))

    # The portal's own markers, one per listed place, named and reachable by keyboard.
    markers = area.locator(".leaflet-marker-icon")
    expect(markers).to_have_count(3)
    expect(area.locator(".leaflet-marker-icon.map-marker")).to_have_count(3)
    for name in PLACES[language]:
        marker = area.locator(f".map-marker[title='{name}']")
        expect(marker).to_be_visible()
        expect(marker).to_have_attribute("role", "button")
        expect(marker).to_have_attribute("tabindex", "0")
    # Never Leaflet's default marker pictures or their shadows.
    expect(area.locator("img.leaflet-marker-icon, .leaflet-marker-shadow")).to_have_count(0)
    expect(area.locator("img[src*='marker-icon'], img[src*='marker-shadow']")).to_have_count(0)

    # The names drawn by the portal, the graticule's labels and a metric scale.
    labels = area.locator(".leaflet-tooltip.map-label")
    expect(labels).to_have_count(3)
    assert sorted(labels.all_inner_texts()) == sorted(PLACES[language])
    expect(area.locator(".map-grid-label--latitude").first).to_be_visible()
    expect(area.locator(".map-grid-label--longitude").first).to_be_visible()
    assert all(
        re.fullmatch(r"-?\d+(\.\d+)?°", text)
        for text in area.locator(".map-grid-label").all_inner_texts()
    )
    expect(area.locator(".leaflet-control-scale-line")).to_contain_text(re.compile(r"k?m"))

    # The route as a line, dashed because it is approximate.
    route = area.locator("path.leaflet-interactive[stroke-dasharray]")
    expect(route).to_have_count(1)

    # Leaflet's credit, without the flag of its default prefix.
    credit = area.locator(".leaflet-control-attribution")
    expect(credit).to_have_text("Leaflet")
    expect(credit.locator("svg, img, .leaflet-attribution-flag")).to_have_count(0)

    # The key below the map, with the note in the reader's language.
    key = page.locator("#places-map-key")
    expect(key).to_be_visible()
    expect(key.locator(".map-key__note")).to_contain_text(NOTE[language])
    expect(key.locator(".map-key__route svg line")).to_have_attribute("stroke-dasharray", "8 8")

    # A marker opened from the keyboard shows the place's description.
    area.locator(f".map-marker[title='{PLACES[language][0]}']").focus()
    page.keyboard.press("Enter")
    expect(area.locator(".leaflet-popup-content")).to_contain_text(DESCRIPTION[language])

    assert run_axe(page) == [], page.url
    area.screenshot(path=str(tmp_path / f"map-{language}.png"))


def test_without_javascript_the_places_are_listed_with_coordinates(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(MAP_URLS["en"])
    expect(page.locator("#places-map")).to_be_hidden()
    expect(page.locator("#places-map-key")).to_be_hidden()
    places = page.get_by_role("list", name="Places").get_by_role("listitem")
    expect(places).to_have_count(3)
    expect(places.first).to_contain_text("Khojaly")
    expect(places.first).to_contain_text("39.91")
    expect(places.first).to_contain_text("46.79")
    expect(places.first).to_contain_text(DESCRIPTION["en"])


def test_map_on_a_phone_keeps_its_labels_inside(new_context, tmp_path):
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(MAP_URLS["ru"])
    area = page.locator("#places-map")
    expect(area.locator(".leaflet-tooltip.map-label")).to_have_count(3)
    fonts_loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = area.bounding_box()
    for label in area.locator(".leaflet-tooltip.map-label").all():
        inside = label.bounding_box()
        assert box["x"] <= inside["x"] and inside["x"] + inside["width"] <= box["x"] + box["width"]
    page.locator(".map-section").screenshot(path=str(tmp_path / "map-ru-phone.png"))
