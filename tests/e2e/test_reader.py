"""A reader's journeys in each language, on desktop and phone, with and without a mouse."""

import pytest

from tests.e2e.conftest import LANGUAGES

ARTICLE = {
    "az": ("/az/xocali-soyqirimi/", "Xocalı soyqırımı"),
    "en": ("/en/khojaly-massacre/", "The Khojaly massacre"),
    "ru": ("/ru/xodzhalinskaya-tragediya/", "Ходжалинская трагедия"),
}
NATIVE = {"az": "Azərbaycanca", "en": "English", "ru": "Русский"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_to_article_and_switch_language(page, language):
    page.goto(f"/{language}/")
    assert page.locator("html").get_attribute("lang") == language
    path, title = ARTICLE[language]
    page.locator(".main-nav").get_by_role("link", name=title).click()
    page.wait_for_url(f"**{path}")
    assert title in page.locator("h1").inner_text()
    for other in LANGUAGES:
        if other == language:
            continue
        page.goto(path)
        page.locator(".language-switcher").get_by_role("link", name=NATIVE[other]).click()
        other_path, other_title = ARTICLE[other]
        page.wait_for_url(f"**{other_path}")
        assert other_title in page.locator("h1").inner_text()
        assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_reader_sees_the_article_without_sideways_scrolling(new_context, language):
    phone = new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    for path in (f"/{language}/", ARTICLE[language][0]):
        page.goto(path)
        assert page.locator("h1").is_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide on a 360px screen"


@pytest.mark.parametrize("path", ["/en/", "/en/khojaly-massacre/"])
def test_keyboard_only_reader(page, path):
    page.goto(path)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    page.goto(path)
    focusable = page.evaluate(
        """() => { const selector = 'a[href], button, input, select, textarea';
                   const els = [...document.querySelectorAll(selector)]
                     // checkVisibility: not inside a closed <details> (the menu's "More").
                     .filter(el => !el.disabled && el.offsetParent !== null
                                   && el.checkVisibility());
                   els.forEach((el, i) => el.dataset.e2eIndex = i);
                   return els.length; }"""
    )
    reached = set()
    for _ in range(focusable + 5):
        page.keyboard.press("Tab")
        index, label, outline_style, outline_width = page.evaluate(
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
                       return [el.dataset.e2eIndex ?? null, el.outerHTML.slice(0, 100),
                               style.outlineStyle, style.outlineWidth]; }"""
        )
        if index is None:
            continue
        reached.add(index)
        assert outline_style != "none" and outline_width != "0px", f"no visible focus on {label}"
    assert len(reached) == focusable
