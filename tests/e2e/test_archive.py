"""The archive's static copy opened from disk in Chromium (file://, no server): the home page,
then in each language the memorial article and one of its notes, a news item, the names register
and the offline search, all reached by clicking the copy's own links. Nothing is asked of any
host: every request but a file: one fails the test, and so does any console error."""

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.e2e.conftest import LANGUAGES, ROOT

# The town's name, and a misspelt name with a misspelt synonym of the event (typing slips and
# synonyms work offline too).
SEARCHED = {"az": ["Xocalı", "Xocali soyqrımı"], "en": ["Khojaly", "Khojlay tragedy"],
            "ru": ["Ходжалы", "Хаджалы резня"]}


@pytest.fixture(scope="module")
def static_copy(portal, tmp_path_factory):
    """`build_archive` run against the portal's database, as `make archive` runs it."""
    root = tmp_path_factory.mktemp("archive")
    env = {**portal["env"], "PRESERVATION_ROOT": str(root),
           "PRESERVATION_BASE_URL": portal["base"]}
    subprocess.run([sys.executable, "manage.py", "build_archive"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=900)
    return root / "current" / "data" / "site"


@pytest.fixture
def offline(browser, static_copy):
    """A browser page that may load files only; a list of what it asked elsewhere or logged
    as an error is checked at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    problems = []

    def on_request(route):
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    context.route("**/*", on_request)
    context.on("console", lambda message: message.type == "error"
               and problems.append(f"console error: {message.text}"))
    context.on("weberror", lambda error: problems.append(str(error.error)))
    page = context.new_page()
    yield page
    context.close()
    assert problems == []


def body_class(path: Path) -> str:
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    return " ".join(soup.body.get("class", []))


def click_to(page, links, wanted_class):
    """Clicks the first of ``links`` (a locator) whose file is a page of ``wanted_class``."""
    here = Path(page.url.removeprefix("file://")).parent
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href") or ""
        target = (here / href.split("#")[0]).resolve()
        if href.endswith(".html") and target.is_file() and wanted_class in body_class(target):
            links.nth(index).click()
            page.wait_for_load_state()
            assert wanted_class in page.locator("body").get_attribute("class")
            return
    pytest.fail(f"no link to a {wanted_class} page on {page.url}")


def test_opened_from_disk_the_copy_shows_the_home_page(offline, static_copy):
    offline.goto((static_copy / "index.html").as_uri())
    assert offline.locator("html").get_attribute("lang") == "az"
    assert "page-home" in offline.locator("body").get_attribute("class")
    assert offline.locator("h1").first.is_visible()
    # Its style sheet is applied: the header is laid out by portal.css, not the browser's
    # default styles.
    assert offline.evaluate(
        "getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_note_news_and_register_open_in_each_language(offline, static_copy, language):
    offline.goto((static_copy / "index.html").as_uri())
    offline.locator(f".language-switcher a[hreflang={language}]").click()
    offline.wait_for_load_state()
    assert offline.locator("html").get_attribute("lang") == language
    home = offline.url

    click_to(offline, offline.locator(".main-nav a"), "page-article")
    heading = offline.locator("h1").inner_text()
    assert heading
    marker = offline.locator(".prose a[role=doc-noteref]").first
    marker.click()
    assert offline.evaluate("location.hash") == "#fn-1"
    assert offline.locator("#fn-1").is_visible()

    offline.goto(home)
    click_to(offline, offline.locator(".main-nav a"), "page-news-index")
    click_to(offline, offline.locator("main a"), "page-news")
    assert offline.locator("main h1").inner_text()

    offline.goto(home)
    click_to(offline, offline.locator(".main-nav a"), "page-register")
    assert offline.locator("html").get_attribute("lang") == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_offline_search_finds_the_article(offline, static_copy, language):
    for query in SEARCHED[language]:
        offline.goto((static_copy / language / "index.html").as_uri())
        form = offline.locator("form.search-form").first
        form.locator("input[name=q]").fill(query)
        form.locator("button[type=submit]").click()
        offline.wait_for_load_state()
        assert "/search/index.html?q=" in offline.url
        first = offline.locator(".archive-search .search-result__title a").first
        first.click()
        offline.wait_for_load_state()
        assert "page-article" in offline.locator("body").get_attribute("class"), query
        assert offline.locator("html").get_attribute("lang") == language
