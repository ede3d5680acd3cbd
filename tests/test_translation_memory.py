"""The translation memory (translations.memory), through the admin's own forms and the
exchange files: a block translated on one page is offered, with where it came from, beside the
same source on another page and pre-filled as fuzzy in PO, XLIFF 1.2 and XLIFF 2.0 (an
untouched import writes nothing); a changed source shows the previous translation, what it
was translated from and the word-level changes."""

import io
import re

import polib
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from lxml import etree
from wagtail.models import Page

from editorial.setup import TRANSLATORS
from pages.models import StandardPage
from tests.admin_forms import post_data, rendered_form
from tests.factories import create_page
from translations import state as ts
from translations.exchange import formats, service
from translations.models import MemoryEntry

SOURCE = "Xocalı faciəsinin qurbanlarının xatirəsi"
RUSSIAN = "Память жертв Ходжалинской трагедии"
CHANGED = "Xocalı faciəsinin bütün qurbanlarının əziz xatirəsi"


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_superuser("yaddas", "y@example.org", "pw")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def _page(title, block_id):
    home = Page.objects.get(depth=2).specific
    body = [{"type": "heading", "value": {"text": SOURCE, "level": "h2"}, "id": block_id}]
    return create_page(home, StandardPage, title={"az": title, "en": "", "ru": ""},
                       body={"az": body, "en": [], "ru": []})


def _edit(client, page, **changes):
    url = f"/admin/pages/{page.pk}/edit/"
    data = rendered_form(client, url)
    response = client.post(url, post_data(data, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return data


def _heading_input(data, code):
    name = next(name for name in data
                if re.fullmatch(rf"body_{code}-\d+-value-text", name))
    return name


def _state(page, key, language="ru"):
    version = ts.editable_version(Page.objects.get(pk=page.pk).specific)
    return next(item.state for item in ts.states(version)
                if item.key == key and item.language == language)


def _panel(client, page):
    return client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


@pytest.fixture
def translated_a(editor):
    """Page A, whose heading a person translated into Russian in the admin's form."""
    page_a = _page("Anım səhifəsi A", "a1")
    data = rendered_form(editor, f"/admin/pages/{page_a.pk}/edit/")
    _edit(editor, page_a, **{_heading_input(data, "ru"): RUSSIAN})
    assert _state(page_a, "body.a1") == ts.TRANSLATED
    return page_a


def test_a_translation_is_remembered_with_its_source_and_origin(translated_a):
    entry = MemoryEntry.objects.get(object_id=str(translated_a.pk), field="body.a1",
                                    language="ru")
    assert SOURCE in entry.source_text and RUSSIAN in entry.target_text
    assert entry.object_label == "Anım səhifəsi A"


def test_the_same_source_elsewhere_is_offered_in_the_panel_with_its_origin(
        translated_a, editor):
    page_b = _page("Anım səhifəsi B", "b1")
    _edit(editor, page_b)  # saved through the admin, nothing translated
    assert _state(page_b, "body.b1") == ts.MISSING
    html = _panel(editor, page_b)
    offer = html[html.index('data-memory="suggestion"'):]
    offer = offer[:offer.index("</div>")]
    assert "Suggestion from the translation memory" in offer
    assert RUSSIAN in offer and "Anım səhifəsi A" in offer
    assert f'href="/admin/pages/{translated_a.pk}/edit/"' in offer
    assert 'lang="ru"' in offer


def test_a_machine_suggestion_is_not_remembered(editor):
    page = _page("Anım səhifəsi M", "m1")
    draft = ts.editable_version(page)
    ts.mark_machine(draft, "body.m1", "ru", '["Машинный перевод"]')
    draft.body_ru = [{"type": "heading", "id": "m1",
                      "value": {"text": "Машинный перевод", "level": "h2"}}]
    draft.save_revision()  # the suggestion saved as it came: recorded, not remembered
    assert _state(page, "body.m1") == ts.MISSING
    assert not MemoryEntry.objects.filter(object_id=str(page.pk), language="ru").exists()


@pytest.mark.parametrize("fmt", [formats.PO, formats.XLIFF, formats.XLIFF2])
def test_the_export_carries_the_memory_as_fuzzy_and_an_untouched_import_writes_nothing(
        fmt, translated_a, editor, django_user_model):
    page_b = _page("Anım səhifəsi B", "b1")
    _edit(editor, page_b)
    data = service.export([Page.objects.get(pk=page_b.pk).specific], "ru", fmt)
    text = data.decode()
    if fmt == formats.PO:
        entry = next(e for e in polib.pofile(text) if e.msgid == SOURCE)
        assert entry.msgstr == RUSSIAN and "fuzzy" in entry.flags
        assert "Anım səhifəsi A" in entry.tcomment
    elif fmt == formats.XLIFF:
        root = etree.fromstring(data)
        unit = next(u for u in root.iter("{*}trans-unit")
                    if u.findtext("{*}source") == SOURCE)
        target = unit.find("{*}target")
        assert target.text == RUSSIAN
        assert target.get("state") == "needs-review-translation"
        assert target.get("state-qualifier") == "tm-suggestion"
        alt = unit.find("{*}alt-trans")
        assert "Anım səhifəsi A" in alt.get("origin") and alt.findtext("{*}target") == RUSSIAN
    else:
        root = etree.fromstring(data)
        segment = next(s for s in root.iter("{*}segment") if s.findtext("{*}source") == SOURCE)
        assert segment.findtext("{*}target") == RUSSIAN and segment.get("state") == "initial"
        match = segment.getparent().find("{urn:oasis:names:tc:xliff:matches:2.0}matches")[0]
        assert "Anım səhifəsi A" in match.get("origin")
        assert match.findtext("{*}target") == RUSSIAN
    translator = django_user_model.objects.create_user("tercume", "t@example.org", "pw")
    translator.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    result = service.plan(data, user=translator)
    assert result.errors == [] and result.changes == []
    service.apply(result, user=translator)
    assert _state(page_b, "body.b1") == ts.MISSING


def test_an_accepted_memory_suggestion_imports_as_translated(translated_a, editor,
                                                             django_user_model):
    page_b = _page("Anım səhifəsi B", "b1")
    _edit(editor, page_b)
    catalogue = polib.pofile(
        service.export([Page.objects.get(pk=page_b.pk).specific], "ru", formats.PO).decode())
    for entry in catalogue:
        if entry.msgid == SOURCE:
            entry.flags.remove("fuzzy")  # the translator accepts it
    translator = django_user_model.objects.create_user("tercume", "t@example.org", "pw")
    translator.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    result = service.plan(str(catalogue).encode(), user=translator)
    assert result.errors == [] and len(result.changes) == 1
    service.apply(result, user=translator)
    assert _state(page_b, "body.b1") == ts.TRANSLATED


def test_a_changed_source_shows_the_previous_translation_and_the_word_diff(
        translated_a, editor):
    data = rendered_form(editor, f"/admin/pages/{translated_a.pk}/edit/")
    _edit(editor, translated_a, **{_heading_input(data, "az"): CHANGED})
    assert _state(translated_a, "body.a1") == ts.OUTDATED
    html = _panel(editor, translated_a)
    offer = html[html.index('data-memory="previous"'):]
    offer = offer[:offer.index("</div>")]
    assert "Previous translation" in offer and RUSSIAN in offer
    assert "Translated from" in offer and SOURCE in offer
    # the diff shows the old words; the whole old text is collapsed, not printed a second time
    assert re.search(r'<details class="translation-memory__old-source"><summary>Translated from'
                     r'</summary><p lang="az">' + SOURCE, offer)
    assert re.search(r"<ins><span class=\"w-sr-only\">added: </span>bütün</ins>", offer)
    assert re.search(r"<ins><span class=\"w-sr-only\">added: </span>əziz</ins>", offer)
    assert "<del>" not in offer  # nothing was removed, only words added


def test_the_diff_escapes_what_editors_typed(editor):
    page = _page("Anım səhifəsi X", "x1")
    data = rendered_form(editor, f"/admin/pages/{page.pk}/edit/")
    _edit(editor, page, **{_heading_input(data, "ru"): RUSSIAN})
    _edit(editor, page, **{_heading_input(data, "az"): SOURCE + " <script>alert(1)</script>"})
    html = _panel(editor, page)
    offer = html[html.index('data-memory="previous"'):]
    assert "<script>alert(1)" not in offer
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in offer


def test_the_memory_is_filled_from_existing_content(translated_a):
    from django.core.management import call_command

    MemoryEntry.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_translation_memory", stdout=out)
    assert "entries from" in out.getvalue()
    assert MemoryEntry.objects.filter(object_id=str(translated_a.pk), field="body.a1",
                                      language="ru", target_text__contains=RUSSIAN).exists()


def test_a_file_made_from_an_older_source_teaches_the_memory_nothing(editor,
                                                                     django_user_model):
    page = _page("Anım səhifəsi F", "f1")
    data = service.export([page], "ru", formats.PO)
    draft = page.get_latest_revision_as_object()
    draft.title_az = "Anım səhifəsi F (yeni)"
    draft.save_revision().publish()
    catalogue = polib.pofile(data.decode())
    for entry in catalogue:
        entry.msgstr = "RU " + entry.msgid
    translator = django_user_model.objects.create_user("tercume", "t@example.org", "pw")
    translator.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    result = service.plan(str(catalogue).encode(), user=translator,
                          accept_changed_source=True)
    service.apply(result, user=translator)
    assert _state(page, "title") == ts.OUTDATED
    remembered = set(MemoryEntry.objects.filter(object_id=str(page.pk), language="ru")
                     .values_list("field", flat=True))
    assert remembered == {"body.f1"}  # the title was translated from a source now gone
