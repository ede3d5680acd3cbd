"""Screenshots of each page type in each language, desktop and phone, for design review.

`make screenshots` runs only this file; the images go to the git-ignored `screenshots/`
(`SCREENSHOTS_DIR` elsewhere), named `<language>-<viewport>-<page>.png`. On the way, every page
is checked for sideways scrolling at the viewport's width.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LANGUAGES, ROOT, page_type_paths

OUTPUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "screenshots"))
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SEARCH_WORD = {"az": "Xocalı", "en": "Khojaly", "ru": "Ходжалы"}
VOTE = {"az": "Səs ver", "en": "Vote", "ru": "Голосовать"}


def shoot(page, language, viewport, name):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"], f"{page.url} is {width}px wide"
    target = OUTPUT / f"{language}-{viewport}-{name}.png"
    page.screenshot(path=str(target), full_page=True, animations="disabled")
    assert target.stat().st_size > 5_000, target


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots(new_context, language, viewport):
    phone = viewport == "phone"
    context = new_context(viewport=VIEWPORTS[viewport], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    poll = None
    for path in page_type_paths(page, language):
        page.goto(path)
        if page.locator("#places-map").count():
            expect(page.locator("#places-map .leaflet-marker-icon").first).to_be_visible()
        if page.get_by_role("button", name=VOTE[language]).count():
            poll = path
        name = path.removeprefix(f"/{language}/").strip("/").replace("/", "_")
        shoot(page, language, viewport, name or "home")

    page.goto(f"/{language}/search/?q={SEARCH_WORD[language]}")
    shoot(page, language, viewport, "search")

    # The poll's results, with their bars, after a vote.
    assert poll, "no poll page in the sitemap"
    page.goto(poll)
    page.locator("input[type=radio]").first.check()
    page.get_by_role("button", name=VOTE[language]).click()
    expect(page.get_by_role("meter").first).to_be_visible()
    shoot(page, language, viewport, "poll-results")
