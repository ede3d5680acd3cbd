"""The phone reader's edges (issue 29), at 320×640 and 390×844: note numbers and "back to the
reference" links are tap targets of at least 24×24 px, following them lands the line below a
margin, and no label or placeholder is cut or parted from its field."""

import pytest

from tests.e2e.conftest import LANGUAGES, fonts_loaded
from tests.e2e.test_reader import ARTICLE

VIEWPORTS = {"320x640": {"width": 320, "height": 640}, "390x844": {"width": 390, "height": 844}}
NEWS = {"az": "/az/xeberler/", "en": "/en/news/", "ru": "/ru/novosti/"}
RESOURCES = {"az": "/az/menbeler/", "en": "/en/resources/", "ru": "/ru/materialy/"}
SEARCH = {"az": "/az/search/?q=Xocalı", "en": "/en/search/?q=Khojaly",
          "ru": "/ru/search/?q=Ходжалы"}
MIN_TARGET = 24
# Where a followed link puts its line: not on the window's top edge (scroll-margin).
MIN_LANDING = 40

TARGET_SIZES = """els => els.map(el => {
    const box = el.getBoundingClientRect();
    return {text: el.textContent.trim(), width: box.width, height: box.height};
})"""

# Every visible placeholder, measured in the field's own font against the room the field gives
# it; every visible label, legend, button and menu summary against its own box and the window.
CUT_TEXTS = """() => {
    const problems = [];
    const canvas = document.createElement("canvas").getContext("2d");
    // Shown (not inside the closed menu), and not hidden for screen readers only (a 1px box:
    // the header's search label).
    const visible = el => el.checkVisibility({visibilityProperty: true})
        && el.getBoundingClientRect().width > 1;
    for (const field of document.querySelectorAll("input[placeholder]")) {
        if (!visible(field)) continue;
        const style = getComputedStyle(field);
        canvas.font = [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily]
            .join(" ");
        const room = field.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
        const needed = canvas.measureText(field.placeholder).width;
        if (needed > room)
            problems.push(`placeholder "${field.placeholder}" needs ${needed}px, has ${room}px`);
    }
    for (const el of document.querySelectorAll("label, legend, button, summary")) {
        if (!visible(el)) continue;
        const box = el.getBoundingClientRect();
        if (el.scrollWidth > el.clientWidth + 1 || box.left < -1 || box.right > innerWidth + 1)
            problems.push(
                `"${el.textContent.trim()}" is cut (${box.left}–${box.right} of ${innerWidth})`);
    }
    return problems;
}"""

# Each label of a filter next to its list (above it or beside it), never at the end of one row
# with its list on the next.
PARTED_LABELS = """() => [
    ...document.querySelectorAll(".news-filters label[for], .filter-form label[for]")
].flatMap(label => {
    const field = document.getElementById(label.htmlFor).getBoundingClientRect();
    const box = label.getBoundingClientRect();
    const apart = Math.max(field.left - box.right, box.left - field.right, 0)
        + Math.max(field.top - box.bottom, box.top - field.bottom, 0);
    return apart <= 12 ? [] : [`${label.textContent.trim()}: ${apart}px from its field`];
})"""


def phone_page(new_context, viewport):
    return new_context(viewport=VIEWPORTS[viewport], is_mobile=True, has_touch=True).new_page()


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_note_numbers_and_back_links_are_tap_targets(new_context, viewport, language):
    page = phone_page(new_context, viewport)
    page.goto(ARTICLE[language][0])
    fonts_loaded(page)
    targets = page.locator(".prose a[role=doc-noteref], .notes a[role=doc-backlink]")
    sizes = targets.evaluate_all(TARGET_SIZES)
    assert len(sizes) >= 8
    small = [size for size in sizes
             if size["width"] < MIN_TARGET or size["height"] < MIN_TARGET]
    assert small == []


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_note_and_back_land_below_a_margin(new_context, viewport, language):
    page = phone_page(new_context, viewport)
    page.goto(ARTICLE[language][0])
    fonts_loaded(page)
    marker = page.locator(".prose a[role=doc-noteref]").nth(2)
    marker_id = marker.get_attribute("id")
    note_id = marker.get_attribute("href").lstrip("#")
    marker.tap()
    page.wait_for_function(f"location.hash === '#{note_id}'")
    note_top = page.locator(f"#{note_id}").evaluate("el => el.getBoundingClientRect().top")
    assert MIN_LANDING <= note_top < VIEWPORTS[viewport]["height"] / 2
    page.locator(f"#{note_id} a[href='#{marker_id}']").tap()
    page.wait_for_function(f"location.hash === '#{marker_id}'")
    top = page.locator(f"#{marker_id}").evaluate("el => el.getBoundingClientRect().top")
    assert MIN_LANDING <= top < VIEWPORTS[viewport]["height"] / 2


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_label_or_placeholder_is_cut(new_context, viewport, language):
    page = phone_page(new_context, viewport)
    for path in (f"/{language}/", NEWS[language], SEARCH[language], ARTICLE[language][0]):
        page.goto(path)
        fonts_loaded(page)
        assert page.evaluate(CUT_TEXTS) == [], path
    for path in (NEWS[language], RESOURCES[language]):
        page.goto(path)
        fonts_loaded(page)
        assert page.locator(".news-filters label, .filter-form label").count() >= 2, path
        assert page.evaluate(PARTED_LABELS) == [], path
