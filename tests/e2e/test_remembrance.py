"""The names register, its proposal form, the timeline and testimonies in a real browser."""

import pytest

from tests.e2e.conftest import LANGUAGES, run_axe

REGISTER = {"az": "/az/adlar-reyestri/", "en": "/en/names/", "ru": "/ru/reestr-imyon/"}
TIMELINE = {"az": "/az/xronologiya/", "en": "/en/timeline/", "ru": "/ru/xronologiya/"}
TESTIMONIES = {"az": "/az/sahid-ifadeleri/", "en": "/en/testimonies/", "ru": "/ru/svidetelstva/"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_remembrance_pages_have_no_serious_accessibility_violations(page, language):
    for path in (REGISTER[language], f"{REGISTER[language]}propose/", TIMELINE[language],
                 TESTIMONIES[language]):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert run_axe(page) == [], path


def test_proposal_without_javascript_shows_errors_then_thanks(browser, portal):
    # Its own context: the invalid submission answers 400 on purpose, which the shared
    # watcher would count as a console error.
    context = browser.new_context(base_url=portal["base"], java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/names/propose/")
    page.click("main form.portal-form button[type=submit]")
    assert page.locator("#id_email_error").is_visible()
    assert "Enter the name in at least one script." in page.content()
    page.fill("#id_name_en", "Test Person Browser")
    page.select_option("#id_status", "missing")
    page.fill("#id_sources_note", "Synthetic browser test")
    page.fill("#id_contributor_name", "Synthetic Tester")
    page.fill("#id_email", "synthetic.browser@example.org")
    page.check("#id_consent")
    page.click("main form.portal-form button[type=submit]")
    page.wait_for_url("**/en/names/propose/thanks/")
    assert "Nothing is published before" in page.content()
    page.goto("/en/names/?q=browser")
    assert "Test Person Browser" not in page.content()
    context.close()


def test_timeline_reads_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/timeline/")
    items = page.locator("ol.timeline > li")
    assert items.count() == 3
    assert items.nth(0).locator("time").get_attribute("datetime") == "1992-02-25"
