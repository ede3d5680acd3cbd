"""The translation journeys of issue 25 (item 5) through the real admin in Chromium, typing in
Draftail as a person does: an editor's first correction of demo content makes English and
Russian outdated everywhere and readers are told; a Russian translator translates the outdated
block beside its source and submits it; an English translator exchanges a PO file and the draft
keeps exactly one copy of each block; a contributor's scheduled anniversary update reaches the
anniversary feed of each language once an editor has approved it.

Content written by code (the demo) has never been saved through the admin: the first admin save
is where a translation's state used to be lost (issue 25, finding 1).
"""

import datetime
import json
import re
import secrets
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import polib
from playwright.sync_api import expect

from tests.e2e.conftest import LANGUAGES, sign_in
from tests.e2e.test_editorial import ANNIVERSARIES, fill_translated, open_add_form
from tests.servers import manage

ARTICLE = {
    "az": "/az/xocali-soyqirimi/",
    "en": "/en/khojaly-massacre/",
    "ru": "/ru/xodzhalinskaya-tragediya/",
}
REVISED = {
    "en": "The original of this page was revised",
    "ru": "Оригинал этой страницы исправлен",
}


def article_blocks(env):
    """The memorial article's id, its home page's id and its Azerbaijani blocks as
    [(id, type, text)] from the latest revision (what the editor's form holds)."""
    found = manage(env, code=(
        "import json; from pages.models import MemorialArticlePage; "
        "p = MemorialArticlePage.objects.get().get_latest_revision_as_object(); "
        "print(json.dumps([p.pk, p.get_parent().pk, "
        "[(b.id, b.block_type, str(b.value)) for b in p.body_az]]))"
    )).strip().splitlines()[-1]
    page_id, home_id, blocks = json.loads(found)
    return page_id, home_id, [tuple(block) for block in blocks]


# Wagtail's editor starts watching the form for edits (its unsaved-changes warning and its
# autosave) two seconds after it opens, with the form as it is then; it says so with this event.
WATCHING = ("document.addEventListener('w-unsaved:watch-edits', () => "
            "document.documentElement.setAttribute('data-watching-edits', ''))")


def open_editor(page, page_id):
    """The page's editor, once it watches for edits, as a person who reads before typing
    would find it (what is typed earlier counts as the form's starting point: no autosave,
    no warning)."""
    page.add_init_script(WATCHING)
    page.goto(f"/admin/pages/{page_id}/edit/")
    expect(page.locator("html[data-watching-edits]")).to_have_count(1)


def draftail(page, field, block_id):
    """The rich text editor of one block of a StreamField in the admin's form (blocks keep
    their id in every language, so the field's own container narrows it down)."""
    return page.locator(
        f'[data-contentpath="{field}"] [data-contentpath="{block_id}"] [contenteditable="true"]')


def type_at_the_end(page, editor, text):
    """Click into the rich text editor, go to the end of its text and type, key by key; then,
    as a person reads what they typed, until the admin says it autosaved the form (Draftail
    hands its text to the form a moment after the last key: a click on "Publish" within that
    moment would post the text as it was, and the pending autosave would then be refused)."""
    editor.click()
    editor.press("Control+End")
    editor.press_sequentially(text, delay=5)
    expect(page.locator("#w-autosave-indicator").get_by_text("Saved", exact=True)).to_be_visible()


def publish(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(re.compile("has been published"))).to_be_visible()


def status_row(page, label, source_text):
    """The row ``label`` of the editor's translation status panel, with ``source_text`` in its
    source cell."""
    return page.locator("[data-translation-status] tbody tr").filter(
        has=page.get_by_role("rowheader", name=label, exact=True)).filter(
        has=page.locator("td.translation-status__source", has_text=source_text))


def correct_a_paragraph(new_context, portal, index, correction):
    """The editor types ``correction`` at the end of the article's ``index``-th Azerbaijani
    paragraph in Draftail and publishes. (page id, home id, block id, its position among the
    article's blocks, counted from 1 as the admin labels them)."""
    page_id, home_id, blocks = article_blocks(portal["env"])
    paragraphs = [(position, block) for position, block in enumerate(blocks, start=1)
                  if block[1] == "paragraph"]
    position, (block_id, _type, _text) = paragraphs[index]
    editor = new_context().new_page()
    sign_in(editor, "editor", portal["passwords"]["editor"])
    open_editor(editor, page_id)
    type_at_the_end(editor, draftail(editor, "body_az", block_id), correction)
    publish(editor)
    return editor, page_id, home_id, block_id, position


def test_an_editors_first_correction_of_the_demo_article_makes_en_and_ru_outdated(
    new_context, portal
):
    """Issue 25, journey 1: the first admin save of content written by code records the
    correction as a change of the source, in every place an editor or a reader looks."""
    correction = " Məqalə 2026-cı ildə redaktorlar tərəfindən yoxlanılıb."
    editor, page_id, home_id, block_id, position = correct_a_paragraph(
        new_context, portal, -1, correction)
    label = f"Article: Paragraph {position}"

    # The status panel: that paragraph is outdated in English and in Russian, beside its new
    # Azerbaijani source.
    editor.goto(f"/admin/pages/{page_id}/edit/")
    row = status_row(editor, label, correction.strip())
    expect(row).to_have_count(1)
    for language in ("en", "ru"):
        cell = row.locator(f'td[data-language="{language}"]')
        expect(cell).to_have_attribute("data-state", "outdated")
        expect(cell).to_contain_text("Outdated")
    # Nothing else was touched: no other text of the article is missing, same or outdated.
    expect(editor.locator("[data-translation-status] td[data-state]")).to_have_count(2)

    # The page explorer: the article's badges say outdated for both languages.
    editor.goto(f"/admin/pages/{home_id}/")
    listed = editor.get_by_role("row").filter(
        has=editor.locator(f'a[href="/admin/pages/{page_id}/edit/"]'))
    for language in ("en", "ru"):
        expect(listed.locator(f'[data-language="{language}"]')).to_have_attribute(
            "data-state", "outdated")

    # The report, filtered to what is outdated in each language, names the paragraph.
    for language in ("en", "ru"):
        editor.goto(f"/admin/reports/translation-status/?language={language}&state=outdated")
        report_row = editor.locator(f'tr[data-translation-row][data-language="{language}"]').filter(
            has=editor.locator(f'a[href="/admin/pages/{page_id}/edit/"]'))
        expect(report_row).to_have_count(1)
        expect(report_row.locator('td[data-state="outdated"]')).to_have_text(label)

    # Readers: the correction in Azerbaijani; in English and Russian the old translation with
    # a notice that the original was revised, and a link to it.
    reader = new_context().new_page()
    reader.goto(ARTICLE["az"])
    expect(reader.get_by_role("main")).to_contain_text(correction.strip())
    expect(reader.locator("[data-outdated-translation]")).to_have_count(0)
    for language in ("en", "ru"):
        reader.goto(ARTICLE[language])
        notice = reader.locator("[data-outdated-translation]")
        expect(notice).to_contain_text(REVISED[language])
        expect(notice.locator('a[hreflang="az"]')).to_have_attribute("href", ARTICLE["az"])
        expect(reader.get_by_role("main")).not_to_contain_text(correction.strip())


def test_a_russian_translator_translates_the_outdated_block_beside_its_source_and_submits(
    new_context, portal
):
    """Issue 25, journey 2: the translator finds the corrected paragraph outdated with its new
    source beside it, types the Russian in that block's editor and submits; readers get it once
    an editor approves, and only Russian is up to date."""
    correction = " Siyahılar hələ tamamlanmayıb."
    editor, page_id, _home_id, block_id, position = correct_a_paragraph(
        new_context, portal, 3, correction)
    label = f"Article: Paragraph {position}"
    translated = " Списки ещё не полны."

    translator = new_context().new_page()
    sign_in(translator, "translator_ru", portal["passwords"]["translator_ru"])
    open_editor(translator, page_id)
    row = status_row(translator, label, correction.strip())
    expect(row.locator('td[data-language="ru"]')).to_have_attribute("data-state", "outdated")
    # Only the Russian text is in the form; the source stands beside it in the panel.
    expect(draftail(translator, "body_az", block_id)).to_have_count(0)
    type_at_the_end(translator, draftail(translator, "body_ru", block_id), translated)
    translator.get_by_role("button", name="More actions").click()
    expect(translator.locator("footer").get_by_role(
        "button", name=re.compile("Publish"))).to_have_count(0)
    translator.get_by_role("button", name="Submit to Editorial review").click()
    expect(translator.get_by_text(re.compile("submitted for moderation"))).to_be_visible()

    # Submitted, not published: Russian readers still read the old translation, told why.
    reader = new_context().new_page()
    reader.goto(ARTICLE["ru"])
    expect(reader.get_by_role("main")).not_to_contain_text(translated.strip())
    expect(reader.locator("[data-outdated-translation]")).to_contain_text(REVISED["ru"])

    # The editor approves: the Russian is read, the block is up to date in Russian only.
    editor.goto(f"/admin/pages/{page_id}/edit/")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(editor.get_by_text(re.compile("has been updated"))).to_be_visible()
    editor.goto(f"/admin/pages/{page_id}/edit/")
    row = status_row(editor, label, correction.strip())
    expect(row.locator('td[data-language="ru"]')).to_have_attribute("data-state", "translated")
    expect(row.locator('td[data-language="en"]')).to_have_attribute("data-state", "outdated")
    reader.goto(ARTICLE["ru"])
    expect(reader.get_by_role("main")).to_contain_text(translated.strip())
    reader.goto(ARTICLE["en"])
    expect(reader.locator("[data-outdated-translation]")).to_contain_text(REVISED["en"])


def english_translator(env):
    """An account in the English translators' group (the demo makes only a Russian one)."""
    password = secrets.token_urlsafe(12)
    manage(env, code=(
        "from django.contrib.auth import get_user_model; "
        "from django.contrib.auth.models import Group; "
        "from editorial.setup import TRANSLATORS; "
        "user, _ = get_user_model().objects.get_or_create(username='translator_en'); "
        f"user.set_password({password!r}); user.save(); "
        "user.groups.add(Group.objects.get(name=TRANSLATORS['en']))"
    ))
    return "translator_en", password


def form_blocks(page, field):
    """The ids of the blocks of a StreamField in the editor's form, in order, and the rich
    text each holds (Draftail's own JSON, as the form posts it)."""
    return page.evaluate("""(field) => Array.from(document.querySelectorAll(
            `input[name^="${field}-"][name$="-id"]`))
        .filter((input) => input.name.split("-").length === 3)
        .map((input) => {
            const value = document.querySelector(
                `[name="${input.name.slice(0, -3)}-value"]`);
            return [input.value, value ? value.value : ""];
        })""", field)


def test_an_english_translator_exchanges_a_po_file_and_the_draft_keeps_one_copy_of_each_block(
    new_context, portal, tmp_path
):
    """Issue 25, journey 3 (finding 2): the English of the memorial article, which exists, is
    exported as it is, never as missing; one paragraph edited with polib is the one change of
    the dry run, and the draft holds each block once, that paragraph with its new text."""
    page_id, _home_id, blocks = article_blocks(portal["env"])
    paragraph = [block for block in blocks if block[1] == "paragraph"][2][0]
    username, password = english_translator(portal["env"])
    translator = new_context(accept_downloads=True).new_page()
    sign_in(translator, username, password)

    # The page's "Export for translators" (explorer and header) opens the form for that page.
    translator.goto(f"/admin/translations/export/?scope=section&page={page_id}")
    translator.get_by_label("Language").select_option("en")
    translator.get_by_label("Format").select_option("po")
    translator.get_by_label("What").select_option("page")
    with translator.expect_download() as download:
        translator.locator("form[data-exchange-export] button[type=submit]").click()
    catalogue = polib.pofile(download.value.path())
    body = [entry for entry in catalogue if ":body:" in entry.msgctxt]
    # Every block of the article is in the file once, with the English it has.
    assert sorted({entry.msgctxt.split(":body:")[1][:36] for entry in body}) == sorted(
        block[0] for block in blocks)
    assert all(entry.msgstr.strip() for entry in catalogue)
    entry = next(entry for entry in body if entry.msgctxt.endswith(f":body:{paragraph}#1"))
    before = entry.msgstr
    added = " Their names were recorded later, one by one."
    entry.msgstr = before + added
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    edited = tmp_path / "en.po"
    catalogue.save(str(edited))

    # The dry run: exactly that paragraph changes, from the English it has now.
    translator.goto("/admin/translations/import/")
    translator.locator("input[type=file]").set_input_files(str(edited))
    translator.locator("form[enctype] button[type=submit]").click()
    changes = translator.locator("[data-import-changes] tbody tr")
    expect(changes).to_have_count(1)
    expect(changes.locator("td").nth(2)).to_contain_text(before[:40])
    expect(changes.locator("td").nth(3)).to_contain_text(added.strip())
    expect(translator.locator("[data-import-errors]")).to_have_count(0)
    translator.locator("form input[name=digest]").locator("xpath=..").locator(
        "button[type=submit]").click()
    expect(translator.locator(".messages")).to_contain_text(re.compile("1"))

    # The draft: each block of the article once, in the source's order, the new sentence once.
    translator.goto(f"/admin/pages/{page_id}/edit/")
    expect(draftail(translator, "body_en", paragraph)).to_contain_text(added.strip())
    english = form_blocks(translator, "body_en")
    assert [ident for ident, _value in english] == [block[0] for block in blocks]
    assert sum(value.count(added.strip()) for _ident, value in english) == 1
    # Not published: readers still read the English as it was.
    reader = new_context().new_page()
    reader.goto(ARTICLE["en"])
    expect(reader.get_by_role("main")).to_contain_text(before[:40])
    expect(reader.get_by_role("main")).not_to_contain_text(added.strip())


SCHEDULED = {
    "az": ("Xocalı qurbanlarının xatirəsinə konsert", "Gəncə",
           "Xocalı qurbanlarının xatirəsinə həsr olunmuş konsert."),
    "en": ("A concert in memory of the victims of Khojaly", "Ganja",
           "A concert dedicated to the memory of the victims of Khojaly."),
    "ru": ("Концерт памяти жертв Ходжалы", "Гянджа",
           "Концерт, посвящённый памяти жертв Ходжалы."),
}


def feed_titles(page, language):
    """The item titles of the anniversary updates' RSS feed in ``language``."""
    response = page.request.get(f"{ANNIVERSARIES[language]}feed/rss/")
    assert response.ok, f"{ANNIVERSARIES[language]}feed/rss/ answered {response.status}"
    channel = ET.fromstring(response.body()).find("channel")
    assert channel.findtext("language", "").startswith(language)
    return [item.findtext("title", "") for item in channel.iter("item")]


def test_a_contributors_scheduled_anniversary_update_reaches_each_languages_feed_once_approved(
    new_context, portal
):
    """Issue 25, journey 4: a contributor writes an anniversary update in three languages with
    a go-live time, submits it; an editor approves it; when the scheduler publishes it (run at
    a moment after that time), it is in the anniversary feed of each language, under that
    language's title."""
    baku = ZoneInfo("Asia/Baku")  # the portal's TIME_ZONE, in which the admin takes times
    go_live = (datetime.datetime.now(baku) + datetime.timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0)

    contributor = new_context().new_page()
    sign_in(contributor, "contributor", portal["passwords"]["contributor"])
    open_add_form(contributor, "Anniversary updates")
    fill_translated(contributor, "Title", {code: SCHEDULED[code][0] for code in LANGUAGES})
    contributor.get_by_role("textbox", name="Commemoration date*").fill("2026-02-26")
    fill_translated(contributor, "Place", {code: SCHEDULED[code][1] for code in LANGUAGES})
    fill_translated(contributor, "Summary", {code: SCHEDULED[code][2] for code in LANGUAGES})
    contributor.get_by_role("button", name="Save draft").click()
    contributor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    page_id = re.search(r"/admin/pages/(\d+)/edit/", contributor.url).group(1)
    # The draft's editor: the go-live time in its schedule, then submitted.
    open_editor(contributor, page_id)
    contributor.locator('[data-side-panel-toggle="status"]').click()
    contributor.get_by_role("button", name="Set schedule").click()
    contributor.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    contributor.get_by_role("button", name="Save schedule").click()
    contributor.get_by_role("button", name="More actions").click()
    contributor.get_by_role("button", name="Submit to Editorial review").click()
    expect(contributor.get_by_text(re.compile("submitted for moderation"))).to_be_visible()

    editor = new_context().new_page()
    sign_in(editor, "editor", portal["passwords"]["editor"])
    review = editor.get_by_role("region", name="Awaiting your review")
    titles = "|".join(re.escape(SCHEDULED[code][0]) for code in LANGUAGES)
    review.get_by_role("link", name=re.compile(rf"^({titles})$")).click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(editor.locator(".messages")).to_contain_text("has been")
    expect(editor.get_by_text("Current page status: scheduled")).to_have_count(1)

    # Approved, not yet live: in no feed.
    reader = new_context().new_page()
    for language in LANGUAGES:
        assert SCHEDULED[language][0] not in feed_titles(reader, language)

    # The scheduler runs after the go-live time, in the server's database.
    after = go_live + datetime.timedelta(hours=1)
    manage(portal["env"], code="\n".join([
        "import datetime, time_machine",
        "from django.core.management import call_command",
        f"moment = datetime.datetime.fromisoformat({after.isoformat()!r})",
        "with time_machine.travel(moment, tick=False):",
        "    call_command('publish_scheduled')",
    ]))

    for language in LANGUAGES:
        titles = feed_titles(reader, language)
        assert titles.count(SCHEDULED[language][0]) == 1, (language, titles)
        others = {SCHEDULED[code][0] for code in LANGUAGES if code != language}
        assert not others & set(titles), (language, titles)
