"""Editors and contributors in the Wagtail admin, with its JavaScript, in a real browser.

The editor writes a news item in az, en and ru (the admin fills each slug from its title) and
publishes it; a contributor writes an anniversary update that only reaches readers after an
editor approves it in the "Editorial review" workflow.
"""

import re

from playwright.sync_api import expect

from core.i18n import NATIVE_NAMES
from tests.e2e.conftest import LANGUAGES, sign_in

NEWS = {
    "az": ("Şəhidlər xiyabanında anım mərasimi", "sehidler-xiyabaninda-anim-merasimi"),
    "en": (
        "Remembrance ceremony at the Alley of Martyrs",
        "remembrance-ceremony-at-the-alley-of-martyrs",
    ),
    "ru": ("Траурная церемония на Аллее шехидов", "traurnaya-ceremoniya-na-allee-shexidov"),
}
NEWS_SUMMARY = {
    "az": "Xocalı qurbanlarının xatirəsi Şəhidlər xiyabanında yad edildi.",
    "en": "The victims of Khojaly were remembered at the Alley of Martyrs.",
    "ru": "На Аллее шехидов почтили память жертв Ходжалы.",
}
UPDATE = {
    "az": ("Xatirə gecəsi", "Bakı", "Xocalı qurbanlarının xatirəsinə axşam."),
    "en": ("An evening of remembrance", "Baku", "An evening in memory of the victims of Khojaly."),
    "ru": ("Вечер памяти", "Баку", "Вечер памяти жертв Ходжалы."),
}
ANNIVERSARIES = {"az": "/az/ildonumleri/", "en": "/en/anniversaries/", "ru": "/ru/godovshchiny/"}


def open_add_form(page, section):
    """Through the page explorer: the home page, the section, "Add child page"."""
    page.goto("/admin/pages/")
    home = page.get_by_role("link", name="Explore child pages of 'Remembering Khojaly'")
    if home.count():  # editors start at the root; contributors at the home page
        home.click()
    page.get_by_role("link", name=f"Explore child pages of '{section}'").click()
    page.get_by_role("link", name="Add child page").click()
    page.wait_for_url(re.compile(r"/admin/pages/add/pages/\w+/\d+/"))


def fill_translated(page, label, values, required_default=True):
    """Fill one translated field in each language, showing that language's fields first.

    Tab leaves the field, as a person does, which is when the admin syncs a title to its slug.
    """
    for language in LANGUAGES:
        toggle = page.locator(".locale-picker").get_by_role("button", name=language, exact=True)
        if "showing-locale" not in (toggle.get_attribute("class") or ""):
            toggle.click()
        star = "*" if language == "az" and required_default else ""
        name = f"{label} — {NATIVE_NAMES[language]} [{language}]{star}"
        field = page.get_by_role("textbox", name=name, exact=True)
        field.fill(values[language])
        field.press("Tab")


def test_editor_publishes_a_news_item_in_three_languages(new_context, portal):
    page = new_context().new_page()
    sign_in(page, "editor", portal["passwords"]["editor"])
    open_add_form(page, "News")

    fill_translated(page, "Title", {code: NEWS[code][0] for code in LANGUAGES})
    fill_translated(page, "Summary", NEWS_SUMMARY)

    # The slugs were made from the titles by the admin's JavaScript, transliterated.
    page.get_by_role("tab", name="Promote").click()
    for language in LANGUAGES:
        label = rf"^Slug — {NATIVE_NAMES[language]} \[{language}\]"
        slug = page.get_by_role("textbox", name=re.compile(label))
        expect(slug).to_have_value(NEWS[language][1])

    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(re.compile("created and published"))).to_be_visible()

    reader = new_context().new_page()
    for language in LANGUAGES:
        title, slug = NEWS[language]
        reader.goto(f"/{language}/")
        link = reader.get_by_role("main").get_by_role("link", name=title)
        expect(link.first).to_be_visible()
        link.first.click()
        reader.wait_for_url(re.compile(rf"/{language}/[^/]+/{slug}/$"))
        expect(reader.get_by_role("heading", level=1)).to_have_text(title)


def test_contributor_submits_and_editor_approves_an_anniversary_update(new_context, portal):
    contributor = new_context().new_page()
    sign_in(contributor, "contributor", portal["passwords"]["contributor"])
    open_add_form(contributor, "Anniversary updates")
    fill_translated(contributor, "Title", {code: UPDATE[code][0] for code in LANGUAGES})
    contributor.get_by_role("textbox", name="Commemoration date*").fill("2026-02-25")
    fill_translated(contributor, "Place", {code: UPDATE[code][1] for code in LANGUAGES})
    fill_translated(contributor, "Summary", {code: UPDATE[code][2] for code in LANGUAGES})

    # A contributor can save or submit, never publish.
    actions = contributor.locator("footer")
    contributor.get_by_role("button", name="More actions").click()
    expect(actions.get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
    contributor.get_by_role("button", name="Submit to Editorial review").click()
    expect(contributor.get_by_text(re.compile("submitted for moderation"))).to_be_visible()

    # Not on the site yet.
    reader = new_context().new_page()
    for language in LANGUAGES:
        reader.goto(ANNIVERSARIES[language])
        expect(reader.get_by_role("link", name=UPDATE[language][0])).to_have_count(0)

    # The editor finds it on the dashboard, opens it and approves it.
    editor = new_context().new_page()
    sign_in(editor, "editor", portal["passwords"]["editor"])
    review = editor.get_by_role("region", name="Awaiting your review")
    # Admin listings show the title in the language of whoever saved last (Wagtail's draft_title).
    titles = "|".join(re.escape(UPDATE[code][0]) for code in LANGUAGES)
    review.get_by_role("link", name=re.compile(rf"^({titles})$")).click()
    editor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(editor.get_by_text(re.compile("has been updated"))).to_be_visible()

    for language in LANGUAGES:
        title, place, _summary = UPDATE[language]
        reader.goto(ANNIVERSARIES[language])
        year = reader.get_by_role("list", name=re.compile("^2026"))
        entry = year.get_by_role("listitem").filter(has_text=title)
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text(place)


def test_a_translator_for_russian_changes_only_russian_and_an_editor_approves(
    new_context, portal
):
    from tests.servers import manage

    found = manage(portal["env"], code=(
        "from pages.models import NewsPage; "
        "p = NewsPage.objects.get(slug_en='memorial-page-of-2002'); "
        "print(p.pk, p.summary_az, p.summary_en, sep='|')"
    )).strip().splitlines()[-1]
    page_id, summary_az, summary_en = found.split("|", 2)
    translator = new_context().new_page()
    sign_in(translator, "translator_ru", portal["passwords"]["translator_ru"])
    translator.goto(f"/admin/pages/{page_id}/edit/")
    picker = translator.locator(".locale-picker")
    # The picker offers only the language the form holds
    # (translations/static/translations/locale_picker.js).
    expect(picker.get_by_role("button", name="ru", exact=True)).to_have_count(1)
    for language in set(LANGUAGES) - {"ru"}:
        expect(picker.get_by_role("button", name=language, exact=True)).to_have_count(0)
    for language in LANGUAGES:
        toggle = picker.get_by_role("button", name=language, exact=True)
        if toggle.count() and "showing-locale" not in (toggle.get_attribute("class") or ""):
            toggle.click()
    russian = translator.get_by_role("textbox", name="Summary — Русский [ru]", exact=True)
    expect(russian).to_be_visible()
    # The other languages' texts and what every language shares are not in the form at all.
    for name in ("Summary — Azərbaycanca [az]", "Summary — English [en]",
                 "Title — Azərbaycanca [az]*"):
        expect(translator.get_by_role("textbox", name=name, exact=True)).to_have_count(0)
    expect(translator.get_by_role("textbox", name=re.compile(r"^Date"))).to_have_count(0)
    new_summary = "Мемориальная страница 2002 года: краткое описание, исправленное переводчиком."
    russian.fill(new_summary)
    translator.get_by_role("button", name="More actions").click()
    expect(translator.locator("footer").get_by_role(
        "button", name=re.compile("Publish"))).to_have_count(0)
    translator.get_by_role("button", name="Submit to Editorial review").click()
    expect(translator.get_by_text(re.compile("submitted for moderation"))).to_be_visible()

    editor = new_context().new_page()
    sign_in(editor, "editor", portal["passwords"]["editor"])
    editor.goto(f"/admin/pages/{page_id}/edit/")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(editor.get_by_text(re.compile("has been updated"))).to_be_visible()

    reader = new_context().new_page()
    reader.goto("/ru/novosti/memorialnaya-stranica-2002-goda/")
    expect(reader.get_by_text(new_summary)).to_be_visible()
    reader.goto("/en/news/memorial-page-of-2002/")
    expect(reader.get_by_text(new_summary)).to_have_count(0)
    if summary_en.strip():
        expect(reader.get_by_text(summary_en.strip()).first).to_be_visible()
    reader.goto("/az/xeberler/2002-ci-il-xatire-sehifesi/")
    expect(reader.get_by_text(summary_az.strip()).first).to_be_visible()


def test_the_preview_panel_shows_the_page_in_each_language(new_context, portal):
    """The admin frames its own previews (frame-ancestors 'self'); public pages stay unframed."""
    from tests.servers import manage

    found = manage(portal["env"], code=(
        "from pages.models import MemorialArticlePage; "
        "p = MemorialArticlePage.objects.get().get_latest_revision_as_object(); "
        "print(p.pk, p.title_az, p.title_en, p.title_ru, sep='|')"
    )).strip().splitlines()[-1]
    # The titles of the latest revision, which the editor's form holds and previews: another
    # test may have left a draft (test_exchange imports a Russian title into one).
    page_id, *titles = found.split("|")
    editor = new_context().new_page()
    sign_in(editor, "editor", portal["passwords"]["editor"])
    editor.goto(f"/admin/pages/{page_id}/edit/")
    editor.locator('[data-side-panel-toggle="preview"]').click()
    frame = editor.frame_locator("#w-preview-iframe")
    # The panel first shows the editor's own language; a mode chosen before its script has
    # loaded that first preview would be lost, as it would be for a person clicking that fast.
    expect(frame.locator("h1").first).to_be_visible(timeout=20_000)
    for language, title in zip(LANGUAGES, titles, strict=True):
        editor.locator("#id_preview_mode").select_option(language)
        expect(frame.locator("h1").first).to_have_text(title, timeout=20_000)
        expect(frame.locator("html")).to_have_attribute("lang", language)


def test_an_az_correction_shows_outdated_translations_until_russian_is_translated(
    new_context, portal
):
    """The walk of issue 16: an editor corrects the Azerbaijani text; English and Russian show
    as outdated in the editor, the explorer and the report; the Russian translator translates
    it beside the source and submits; the editor approves; Russian readers get the new text,
    English readers the old translation with a notice that the original was revised."""
    from tests.servers import manage

    found = manage(portal["env"], code=(
        "from pages.models import NewsPage; "
        "p = NewsPage.objects.get(slug_en='26-february-2024'); "
        "print(p.pk, p.get_parent().pk, p.summary_en, sep='|')"
    )).strip().splitlines()[-1]
    page_id, index_id, summary_en = found.split("|", 2)
    correction = "Bir həftədən sonra, fevralın 26-da, Xocalı faciəsinin 32-ci ildönümü qeyd olunur."

    editor = new_context().new_page()
    sign_in(editor, "editor", portal["passwords"]["editor"])
    editor.goto(f"/admin/pages/{page_id}/edit/")
    editor.get_by_role("textbox", name="Summary — Azərbaycanca [az]*", exact=True).fill(correction)
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish", exact=True).click()
    expect(editor.get_by_text(re.compile("has been published"))).to_be_visible()

    # In the editor: the summary is outdated in English and in Russian.
    editor.goto(f"/admin/pages/{page_id}/edit/")
    status = editor.locator("[data-translation-status]")
    summary_row = status.get_by_role("row").filter(has_text="Summary")
    expect(summary_row).to_contain_text("Outdated")
    expect(summary_row.get_by_text("Outdated")).to_have_count(2)
    # In the explorer: the news item's row says so for each language.
    editor.goto(f"/admin/pages/{index_id}/")
    row = editor.get_by_role("row").filter(
        has=editor.locator(f'a[href="/admin/pages/{page_id}/edit/"]'))
    expect(row.locator('[data-language="ru"]')).to_have_attribute("data-state", "outdated")
    expect(row.locator('[data-language="en"]')).to_have_attribute("data-state", "outdated")
    # In the report, filtered to what is outdated in Russian.
    editor.goto("/admin/reports/translation-status/?language=ru&state=outdated")
    expect(editor.get_by_role("main")).to_contain_text("26")
    expect(editor.get_by_role("link", name=re.compile("2024")).first).to_be_visible()

    # The Russian translator sees the Azerbaijani source and writes only Russian.
    translator = new_context().new_page()
    sign_in(translator, "translator_ru", portal["passwords"]["translator_ru"])
    translator.goto(f"/admin/pages/{page_id}/edit/")
    status = translator.locator("[data-translation-status]")
    expect(status).to_contain_text("Outdated")
    # The corrected source stands beside the field to translate.
    expect(status.locator('td[lang="az"]').filter(has_text=correction)).to_have_count(1)
    expect(translator.get_by_role("textbox", name="Summary — Azərbaycanca [az]*",
                                  exact=True)).to_have_count(0)
    russian = translator.get_by_role("textbox", name="Summary — Русский [ru]", exact=True)
    translated = "Через неделю, 26 февраля, отмечается 32-я годовщина Ходжалинской трагедии."
    russian.fill(translated)
    translator.get_by_role("button", name="More actions").click()
    translator.get_by_role("button", name="Submit to Editorial review").click()
    expect(translator.get_by_text(re.compile("submitted for moderation"))).to_be_visible()

    editor.goto(f"/admin/pages/{page_id}/edit/")
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(editor.get_by_text(re.compile("has been updated"))).to_be_visible()

    reader = new_context().new_page()
    reader.goto("/ru/novosti/26-fevralya-2024/")
    expect(reader.get_by_text(translated)).to_be_visible()
    expect(reader.locator("[data-outdated-translation]")).to_have_count(0)
    reader.goto("/en/news/26-february-2024/")
    expect(reader.get_by_text(summary_en.strip()[:40], exact=False).first).to_be_visible()
    notice = reader.locator("[data-outdated-translation]")
    expect(notice).to_contain_text("The original of this page was revised")
    expect(notice.get_by_role("link", name="Read the original")).to_have_attribute(
        "hreflang", "az")
