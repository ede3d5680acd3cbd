"""Notes and figures in the browser (issue 19): the memorial article with its notes passes axe,
a note's number leads to the note and back, and a figure shows its sources to a keyboard
reader, by CSS alone."""

import pytest

from tests.e2e.conftest import LANGUAGES, run_axe
from tests.e2e.test_reader import ARTICLE

# Every rule, every impact, on what the notes add to the article.
AXE_ON_NOTES = """async () => (await axe.run(
    {include: [['.prose'], ['section.notes'], ['section.bibliography']]},
    {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.help)"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_with_notes_passes_axe(page, language):
    page.goto(ARTICLE[language][0])
    assert page.locator(".prose a[role=doc-noteref]").count() >= 4
    assert run_axe(page) == []
    assert page.evaluate(AXE_ON_NOTES) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_note_and_back(page, language):
    page.goto(ARTICLE[language][0])
    marker = page.locator(".prose a[role=doc-noteref]").first
    marker_id = marker.get_attribute("id")
    marker.click()
    assert page.evaluate("location.hash") == "#fn-1"
    note = page.locator("#fn-1")
    assert note.is_visible()
    note.locator(f"a[href='#{marker_id}']").click()
    assert page.evaluate("location.hash") == f"#{marker_id}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_keyboard_focus_on_a_figure_shows_its_sources(page, language):
    page.goto(ARTICLE[language][0])
    figure = page.locator(".prose .figure-cited").first
    sources = figure.locator(".figure-cited__sources")
    assert not sources.is_visible()
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('figure-cited')"):
            break
    else:
        pytest.fail("the keyboard never reached a figure")
    focused = page.locator(":focus")
    assert focused.evaluate("(el, first) => el === first", figure.element_handle())
    assert sources.is_visible()
    assert "Khojaly massacre" in sources.inner_text()
    style = focused.evaluate("el => getComputedStyle(el).outlineStyle")
    assert style != "none"
    # The sources are the figure's description for screen readers.
    assert figure.get_attribute("aria-describedby") == sources.get_attribute("id")
    page.keyboard.press("Tab")
    assert not sources.is_visible()


def test_notes_work_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(ARTICLE["en"][0])
    page.locator(".prose a[role=doc-noteref]").first.click()
    assert page.evaluate("location.hash") == "#fn-1"
    page.locator(".prose .figure-cited").first.hover()
    assert page.locator(".prose .figure-cited .figure-cited__sources").first.is_visible()
