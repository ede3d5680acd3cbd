"""Translation badges where editors work: a badge per target language ("EN ✓", "RU: 2 missing")
in the page explorer, the page search, the page chooser, the dashboard's "Awaiting your review"
and the e-mail reviewers get when a page is submitted; all rows' statuses in one query."""

import difflib
import json
import re
from pathlib import Path

import pytest
import wagtail.admin
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.users.models import UserProfile

from pages.models import AnniversaryIndexPage, AnniversaryUpdatePage, StandardPage
from tests.factories import body, create_page

EVERY = {"az": body("a"), "en": body("b"), "ru": body("c")}
# What the editor reads, in the admin's language: the page without its Russian title and body.
MISSING_RU = {
    "az": ("RU: 2 mətn yoxdur", "Rus dili: 2 mətn yoxdur", "İngilis dili: tərcümə olunub"),
    "en": ("RU: 2 missing", "Russian: 2 missing", "English: translated and up to date"),
    "ru": ("RU: нет 2 текстов", "Русский: нет 2 текстов", "Английский: переведено"),
}


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def section(home):
    return create_page(home, StandardPage, title={"az": "Bölmə", "en": "Section", "ru": "Раздел"},
                       body=EVERY)


def complete_page(parent, n=""):
    return create_page(parent, StandardPage,
                       title={"az": f"Tam {n}", "en": f"Complete {n}", "ru": f"Полная {n}"},
                       body=EVERY)


def no_russian_page(parent):
    return create_page(parent, StandardPage, title={"az": "Rus yox", "en": "No Russian"},
                       body={"az": body("a"), "en": body("b")})


def row_of(html, page):
    """The listing row (or table row) holding ``page``'s edit link."""
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    rows = [row for row in html.split("<tr")[1:] if f'href="{edit}"' in row]
    assert len(rows) == 1, f"no single row for {edit}"
    return rows[0].split("</tr>")[0]


def badges_in(row):
    """{language: (state, visible text, title)} of the row's badges."""
    found = re.findall(
        r'data-language="(\w+)" data-state="(\w+)" title="([^"]*)"><span aria-hidden="true">'
        r"([^<]*)</span>", row)
    return {language: (state, text, title) for language, state, title, text in found}


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_explorer_shows_each_languages_state_for_each_child(admin_client, section, language):
    speaks(admin_client.user, language)
    complete = complete_page(section)
    partial = no_russian_page(section)
    html = admin_client.get(reverse("wagtailadmin_explore", args=[section.pk])).content.decode()

    text, title, translated = MISSING_RU[language]
    partial_badges = badges_in(row_of(html, partial))
    assert set(partial_badges) == {"en", "ru"}  # the source language is not translated into
    assert partial_badges["ru"][:2] == ("missing", text)
    assert partial_badges["ru"][2] == title  # the language named in words, not colour alone
    assert partial_badges["en"][:2] == ("translated", "EN ✓")
    assert partial_badges["en"][2].startswith(translated)
    complete_badges = badges_in(row_of(html, complete))
    assert {code: badge[:2] for code, badge in complete_badges.items()} == {
        "en": ("translated", "EN ✓"), "ru": ("translated", "RU ✓"),
    }
    # Screen readers hear the same words as the title.
    assert f'<span class="w-sr-only">{title}</span>' in row_of(html, partial)


def test_outdated_and_copied_texts_are_named(admin_client, section):
    speaks(admin_client.user, "en")
    page = complete_page(section)
    page.title_az = "Tam, yenidən yazılıb"  # the source changes after the translations
    page.title_en = page.title_az  # and the English title is a copy of it
    page.save_revision().publish()
    html = admin_client.get(reverse("wagtailadmin_explore", args=[section.pk])).content.decode()
    badges = badges_in(row_of(html, page))
    assert badges["ru"][:2] == ("outdated", "RU: 1 outdated")
    assert badges["en"][:2] == ("same", "EN: 1 same as source")


def test_page_search_results_carry_the_badges(admin_client, section):
    speaks(admin_client.user, "en")
    partial = no_russian_page(section)
    html = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "Rus yox"}).content
    badges = badges_in(row_of(html.decode(), partial))
    assert badges["ru"][:2] == ("missing", "RU: 2 missing")
    explorer_search = admin_client.get(
        reverse("wagtailadmin_explore", args=[section.pk]), {"q": "Rus yox"}
    ).content.decode()
    assert badges_in(row_of(explorer_search, partial))["ru"][0] == "missing"


def test_page_chooser_lists_the_badges(admin_client, section):
    speaks(admin_client.user, "en")
    partial = no_russian_page(section)
    complete = complete_page(section)
    response = admin_client.get(reverse("wagtailadmin_choose_page_child", args=[section.pk]))
    html = json.loads(response.content)["html"]

    def chooser_row(page):
        rows = [row for row in html.split("<tr")[1:] if f'data-id="{page.pk}"' in row]
        assert len(rows) == 1
        return rows[0]

    assert badges_in(chooser_row(partial))["ru"][:2] == ("missing", "RU: 2 missing")
    assert badges_in(chooser_row(complete))["ru"][:2] == ("translated", "RU ✓")


def explorer_queries(client, parent):
    client.get(reverse("wagtailadmin_explore", args=[parent.pk]))  # caches filled after publishing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("wagtailadmin_explore", args=[parent.pk]))
    assert response.status_code == 200
    statuses = [q["sql"] for q in queries.captured_queries
                if "core_translationstatus" in q["sql"]]
    return len(queries.captured_queries), statuses, response.content.decode()


def test_explorer_reads_every_rows_status_in_one_query(admin_client, section):
    for n in range(3):
        complete_page(section, n)
    three, statuses_three, html = explorer_queries(admin_client, section)
    assert html.count("data-translation-badges") == 3
    for n in range(3, 10):
        complete_page(section, n)
    ten, statuses_ten, html = explorer_queries(admin_client, section)
    assert html.count("data-translation-badges") == 10
    assert len(statuses_three) == len(statuses_ten) == 1
    assert ten == three, f"{three} queries for 3 pages, {ten} for 10"


# -- review: the dashboard and the e-mail -----------------------------------------------------
def update_without_russian_summary():
    """An anniversary update submitted for review whose Russian summary is not written."""
    return nested_form_data({
        "title_az": "Bakıda anım", "title_en": "Remembrance in Baku", "title_ru": "Память в Баку",
        "slug_az": "bakida-anim", "slug_en": "remembrance-in-baku", "slug_ru": "pamyat-v-baku",
        "commemoration_date": "2027-02-26",
        "place_az": "Bakı", "place_en": "Baku", "place_ru": "Баку",
        "summary_az": "Anım mərasimi.", "summary_en": "A commemoration.", "summary_ru": "",
        "body_az": streamfield([]), "body_en": streamfield([]), "body_ru": streamfield([]),
        "gallery_images-TOTAL_FORMS": "0", "gallery_images-INITIAL_FORMS": "0",
        "gallery_images-MIN_NUM_FORMS": "0", "gallery_images-MAX_NUM_FORMS": "1000",
        "footnotes-TOTAL_FORMS": "0", "footnotes-INITIAL_FORMS": "0",  # sources cited
        "action-submit": "submit",
    })


def submit(contributor):
    index = AnniversaryIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add",
                  args=["pages", "anniversaryupdatepage", index.pk])
    response = contributor.post(url, update_without_russian_summary())
    assert response.status_code == 302, response.content.decode()[:2000]
    page = AnniversaryUpdatePage.objects.get(slug_en="remembrance-in-baku")
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "in_progress"
    return page


def test_awaiting_your_review_lists_each_languages_state(contributor, editor):
    speaks(editor.user, "en")
    page = submit(contributor)
    dashboard = editor.get(reverse("wagtailadmin_home")).content.decode()
    panel = dashboard.split('id="awaiting-review-section"')[1]
    badges = badges_in(row_of(panel, page))
    assert badges["ru"] == ("missing", "RU: 1 missing", "Russian: 1 missing")
    assert badges["en"][:2] == ("translated", "EN ✓")


@pytest.mark.parametrize("language, line", [
    ("en", "Translation status: English: translated and up to date; Russian: 1 missing"),
    ("ru", "Состояние переводов: Английский: переведено, перевод актуален; "
           "Русский: нет 1 текста"),
    ("az", "Tərcümə vəziyyəti: İngilis dili: tərcümə olunub və mənbəyə uyğundur; "
           "Rus dili: 1 mətn yoxdur"),
])
def test_review_email_states_each_language(contributor, editor, language, line):
    speaks(editor.user, language)
    mail.outbox.clear()
    submit(contributor)
    to_editor = [message for message in mail.outbox if editor.user.email in message.to]
    assert to_editor, [message.to for message in mail.outbox]
    assert line in to_editor[0].body


def test_review_email_in_html_states_each_language(contributor, editor, settings):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    speaks(editor.user, "en")
    mail.outbox.clear()
    submit(contributor)
    to_editor = [message for message in mail.outbox if editor.user.email in message.to]
    html = to_editor[0].alternatives[0][0]
    # Wagtail renders the HTML part outside the recipient's language; the line keeps to it.
    assert "<p data-translation-summary>Translation status: English: translated" in html
    assert "Russian: 1 missing" in html


# -- the copies of Wagtail's templates ----------------------------------------------------------
@pytest.mark.parametrize("name", [
    "wagtailadmin/chooser/tables/page_status_cell.html",
    "wagtailadmin/home/workflow_objects_to_moderate.html",
])
def test_overridden_wagtail_templates_only_add_the_badges(name):
    """Those templates have no block to extend, so the portal keeps a copy: it must still be
    Wagtail's own plus the badges (a Wagtail upgrade that changes the original fails here)."""
    original = (Path(wagtail.admin.__file__).parent / "templates" / name).read_text()
    ours = (Path(__file__).parents[1] / "translations" / "templates" / name).read_text()
    ours = ours.replace(" translation_badges %}", " %}").replace("{% load %}\n", "")
    matcher = difflib.SequenceMatcher(a=original.splitlines(), b=ours.splitlines())
    changes = [(tag, matcher.a[i1:i2]) for tag, i1, i2, _j1, _j2 in matcher.get_opcodes()
               if tag != "equal"]
    assert all(tag == "insert" for tag, _lines in changes), changes
