"""A Russian translator exchanges a PO file through the admin in a real browser: export, edit
with polib, upload, read the dry run, confirm, and find the Russian draft in the editor."""

import re

import polib
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

NEW_TITLE = "Ходжалы: перевод из файла"


def test_a_russian_translator_imports_a_po_file_after_its_dry_run(new_context, portal,
                                                                  tmp_path):
    page = new_context(accept_downloads=True).new_page()
    sign_in(page, "translator_ru", portal["passwords"]["translator_ru"])
    page.goto("/admin/translations/export/")
    page.get_by_label("Language").select_option("ru")
    page.get_by_label("Format").select_option("po")
    page.get_by_label("What").select_option("site")
    with page.expect_download() as download:
        page.locator("form[data-exchange-export] button[type=submit]").click()
    catalogue = polib.pofile(download.value.path())
    entry = next(e for e in catalogue if e.msgctxt.startswith("pages.memorialarticlepage:")
                 and e.msgctxt.endswith(":title"))
    page_id = entry.msgctxt.split(":")[1]
    entry.msgstr = NEW_TITLE
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    translated = tmp_path / "ru.po"
    catalogue.save(str(translated))

    page.goto("/admin/translations/import/")
    page.locator("input[type=file]").set_input_files(str(translated))
    page.locator("form[enctype] button[type=submit]").click()
    changes = page.locator("[data-import-changes]")
    expect(changes).to_contain_text(NEW_TITLE)
    expect(page.locator("[data-import-errors]")).to_have_count(0)
    # Nothing is written before the confirmation.
    editor = new_context().new_page()
    sign_in(editor, "translator_ru", portal["passwords"]["translator_ru"])
    editor.goto(f"/admin/pages/{page_id}/edit/")
    expect(editor.locator(f'input[value="{NEW_TITLE}"]')).to_have_count(0)

    page.locator("form input[name=digest]").locator("xpath=..").locator(
        "button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("1"))
    page.goto(f"/admin/pages/{page_id}/edit/")
    expect(page.locator(f'input[value="{NEW_TITLE}"]')).to_have_count(1)
    # A draft, not published: the live page still shows its old Russian title.
    status = page.locator("[data-translation-status]")
    expect(status).not_to_contain_text(re.compile(r"Title.*(Missing|Outdated)"))
