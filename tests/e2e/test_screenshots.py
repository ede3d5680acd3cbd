"""Screenshots of each page type in each language, desktop and phone, for design review.

`make screenshots` runs only this file; the images go to the git-ignored `screenshots/`.
"""

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import LANGUAGES, ROOT

OUTPUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "screenshots"))
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def page_urls(page, language):
    """The home page and every section in the menu, plus the footer's plain pages."""
    page.goto(f"/{language}/")
    hrefs = page.eval_on_selector_all(
        ".main-nav a[href], .site-footer a[href^='/']",
        "els => els.map(el => el.getAttribute('href'))",
    )
    return list(dict.fromkeys([f"/{language}/", *hrefs]))


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots(new_context, language, viewport):
    context = new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone")
    page = context.new_page()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for path in page_urls(page, language):
        page.goto(path)
        name = path.strip("/").replace("/", "_") or "root"
        target = OUTPUT / f"{viewport}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000, target
