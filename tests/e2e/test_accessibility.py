"""axe-core on one page of every page type in every language: no serious or critical violations.

The pages are taken from the sitemap: the home page, every section (one level down) and the first
child of each section (a news item, an anniversary update, a resource), plus search results.
The poll's results and the contact form's thank-you page are checked in the reader journeys.
"""

import pytest

from tests.e2e.conftest import LANGUAGES, page_type_paths, run_axe

SEARCH_WORD = {"az": "Xocalı", "en": "Khojaly", "ru": "Ходжалы"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe(page, language):
    paths = page_type_paths(page, language)
    # Home, memorial article, two plain pages, resources, links, maps, poll, contact, news,
    # anniversaries, and a child of news, anniversaries and resources.
    assert len(paths) >= 14, paths
    paths.append(f"/{language}/search/?q={SEARCH_WORD[language]}")
    problems = {}
    for path in paths:
        response = page.goto(path)
        assert response.ok, path
        assert page.locator("html").get_attribute("lang") == language
        violations = run_axe(page)
        if violations:
            problems[path] = violations
    assert problems == {}
