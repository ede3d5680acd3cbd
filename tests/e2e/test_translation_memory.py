"""The translation memory in the real admin, in Chromium: an editor corrects a translated
paragraph of the demo article in Draftail; beside the changed source the status panel shows
the previous Russian and English translations, what they were translated from, and the
word-level changes (the added words in <ins>, labelled for screen readers)."""

from playwright.sync_api import expect

from tests.e2e.test_translation_journeys import correct_a_paragraph


def test_a_changed_source_shows_the_previous_translation_and_the_word_diff(new_context,
                                                                           portal):
    correction = " Şahidlərin adları arxivdən yoxlanılıb."
    editor, page_id, _home_id, _block_id, position = correct_a_paragraph(
        new_context, portal, 1, correction)
    editor.goto(f"/admin/pages/{page_id}/edit/")
    # (The panel shows a long source's first 300 characters: the row is found by its label.)
    row = editor.locator("[data-translation-status] tbody tr").filter(
        has=editor.get_by_role("rowheader", name=f"Article: Paragraph {position}", exact=True))
    expect(row).to_have_count(1)
    for language in ("en", "ru"):
        cell = row.locator(f'td[data-language="{language}"]')
        expect(cell).to_have_attribute("data-state", "outdated")
        previous = cell.locator('[data-memory="previous"]')
        expect(previous).to_contain_text("Previous translation")
        expect(previous.locator(f'.translation-memory__text[lang="{language}"]')).not_to_be_empty()
        old_source = previous.locator(".translation-memory__old-source")
        expect(old_source).to_contain_text("Translated from")
        expect(old_source).not_to_contain_text(correction.strip())
        # The diff already shows the old source's words: the whole old text waits behind its
        # summary rather than being printed a second time.
        expect(old_source.locator("p")).to_be_hidden()
        old_source.locator("summary").click()
        expect(old_source.locator("p")).to_be_visible()
        diff = previous.locator(".translation-memory__diff")
        expect(diff.locator("ins")).to_have_text("added: " + correction.strip())
        expect(diff.locator("ins .w-sr-only")).to_have_text("added:")
        expect(diff.locator("del")).to_have_count(0)
        expect(previous.locator(".translation-memory__origin")).to_contain_text("From")
