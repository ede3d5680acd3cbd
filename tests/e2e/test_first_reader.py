"""A first-time reader on a 390 × 844 phone with JavaScript off: the header is small, the first
link to the article is on the first screen, the menu folds behind a button that works by touch
and by keyboard (tests/test_first_reader.py covers the rest without a browser)."""

import pytest

from tests.e2e.conftest import LANGUAGES, fonts_loaded

ARTICLE_PATHS = {
    "az": "/az/xocali-soyqirimi/",
    "en": "/en/khojaly-massacre/",
    "ru": "/ru/xodzhalinskaya-tragediya/",
}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "java_script_enabled": False}


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_reader_reaches_the_article_from_the_first_screen(new_context, language):
    page = new_context(**PHONE).new_page()
    page.goto(f"/{language}/")
    fonts_loaded(page)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 120
    link = page.locator(f'main a[href="{ARTICLE_PATHS[language]}"]').first
    box = link.bounding_box()
    assert box["y"] + box["height"] <= 844
    link.tap()
    page.wait_for_url(f"**{ARTICLE_PATHS[language]}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_menu_is_folded_and_opens_without_script(new_context, language):
    page = new_context(**PHONE).new_page()
    page.goto(f"/{language}/")
    menu = page.locator(".main-nav__list")
    assert not menu.is_visible()
    page.locator(".main-nav__toggle").tap()
    assert menu.is_visible()
    assert page.locator(".main-nav__list").get_by_role("link").first.is_visible()
    page.locator(".main-nav__toggle").tap()
    assert not menu.is_visible()
    # By keyboard: the button is reachable with Tab and opens with Enter.
    page.locator(".main-nav__toggle").focus()
    page.keyboard.press("Enter")
    assert menu.is_visible()


def test_desktop_menu_is_open_on_one_line(new_context):
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    for language in LANGUAGES:
        page.goto(f"/{language}/")
        assert not page.locator(".main-nav__toggle").is_visible()
        fonts_loaded(page)
        # One reading of every item at once, not one per item while the layout may move.
        tops = set(page.locator(".main-nav__list > li").evaluate_all(
            "items => items.map(item => Math.round(item.getBoundingClientRect().top))"))
        assert len(tops) == 1, (language, tops)
