"""Files for professional translators: export to XLIFF and PO, edit with an independent
library (translate-toolkit, polib), import; every page type, every StreamField block with text,
site settings and register records; and every error an import refuses with nothing written."""

import copy
import io

import polib
import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from lxml import etree
from translate.storage import xliff, xliff2
from translate.storage.placeables import StringElem
from wagtail.models import Page, Revision

from editorial.setup import TRANSLATORS
from pages.models import PortalSettings, StandardPage
from remembrance.models import NameRecord
from tests.factories import create_page, image
from translations import state as ts
from translations.exchange import formats, segments, service
from translations.models import TranslationRecord

PAGE_TYPES = [
    "pages.homepage", "pages.memorialarticlepage", "pages.standardpage", "pages.newsindexpage",
    "pages.newspage", "pages.anniversaryindexpage", "pages.anniversaryupdatepage",
    "pages.resourceindexpage", "pages.resourcepage", "pages.linkspage", "pages.mappage",
    "pages.contactpage", "polls.pollpage", "remembrance.namesregisterpage",
    "remembrance.testimoniesindexpage", "remembrance.testimonypage", "remembrance.timelinepage",
]
ALL_FORMATS = [formats.XLIFF, formats.XLIFF2, formats.PO]


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the admin speaks each user's language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def translator(django_user_model):
    user = django_user_model.objects.create_user("anna", "anna@example.org", "pw")
    user.groups.add(Group.objects.get(name=TRANSLATORS["ru"]))
    return user


def page_of(label):
    from django.apps import apps

    model = apps.get_model(label)
    page = model.objects.order_by("path").first()
    if page is None and label == "remembrance.testimonypage":  # the demo has none
        from remembrance.models import TestimoniesIndexPage, TestimonyPage

        page = create_page(
            TestimoniesIndexPage.objects.get(), TestimonyPage,
            title={"az": "Şahidin ifadəsi", "en": "A witness", "ru": "Свидетельство"},
            recorded_at={"az": "Bakı", "en": "Baku", "ru": ""},
            summary={"az": "Gecənin xatirəsi.", "en": "", "ru": ""},
            transcript={"az": '<p>O gecə <b>qar</b> yağırdı.</p><p><a href="https://'
                              'example.org">Mənbə</a> və sonra.</p>', "en": "", "ru": ""},
        )
    assert page is not None, f"the demo site has no {label}"
    return page


# -- editing files the way a translator's tool does ---------------------------------------
def edit_xliff(data, change):
    """Set the target of each unit ``change(id, source)`` picks (a prefix before the source,
    its placeholders kept), with translate-toolkit, as a CAT tool would."""
    store = xliff.xlifffile.parsestring(data)
    edited = {}
    for unit in store.units:
        ident = unit.xmlelement.get("id")
        prefix = change(ident, unit.source)
        if prefix is None:
            continue
        rich = copy.deepcopy(unit.rich_source)
        unit.rich_target = [StringElem([prefix, *rich])]
        unit.set_state_n(unit.S_TRANSLATED)
        edited[ident] = prefix
    return bytes(store), edited


def edit_po(data, change):
    """The same with polib, as Poedit would."""
    catalogue = polib.pofile(data.decode("utf-8"))
    edited = {}
    for entry in catalogue:
        prefix = change(entry.msgctxt, entry.msgid)
        if prefix is None:
            continue
        entry.msgstr = prefix + entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        edited[entry.msgctxt] = prefix
    return str(catalogue).encode("utf-8"), edited


def edit_xliff2(data, change):
    """The same in XLIFF 2.0, with translate-toolkit's XLIFF 2.0 store: the target is the
    source's inline content (its <pc> and <ph> kept) after the prefix, marked translated."""
    store = xliff2.Xliff2File.parsestring(data)
    edited = {}
    for unit in store.units:
        ident = unit.getunitelement().get("name")
        prefix = change(ident, unit.source)
        if prefix is None:
            continue
        source = unit.xmlelement.find(etree.QName(store.namespace, "source"))
        target = unit.xmlelement.find(etree.QName(store.namespace, "target"))
        if target is None:
            target = etree.SubElement(unit.xmlelement, etree.QName(store.namespace, "target"))
        for child in list(target):
            target.remove(child)
        target.text = prefix + (source.text or "")
        for child in source:
            target.append(copy.deepcopy(child))
        unit.marktranslated()
        edited[ident] = prefix
    return bytes(store), edited


EDIT = {formats.XLIFF: edit_xliff, formats.XLIFF2: edit_xliff2, formats.PO: edit_po}


def current(instance, language="ru"):
    fresh = type(instance).objects.get(pk=instance.pk)
    return {s.id: s for s in segments.entry_for(fresh, language).segments}


def all_texts(instance):
    fresh = type(instance).objects.get(pk=instance.pk)
    version = ts.editable_version(fresh)
    return {text.key: {code: ts.normalized(value) for code, value in text.values.items()}
            for text in ts.texts(version)}


def import_file(data, user, **options):
    result = service.plan(data, user=user, **options)
    assert result.errors == []
    service.apply(result, user=user)
    return result


def round_trip(instance, fmt, user, pick=lambda position: position % 2 == 0):
    before_texts = all_texts(instance)
    before = current(instance)
    data = service.export([instance], "ru", fmt)
    positions = {ident: n for n, ident in enumerate(before)}
    edited_data, edited = EDIT[fmt](
        data, lambda ident, source: "RU· " if pick(positions[ident]) else None)
    assert edited, "nothing to translate"
    result = import_file(edited_data, user)
    assert {change.segment_id for change in result.changes} == set(edited)
    after = current(instance)
    assert set(after) == set(before)
    for ident, segment in after.items():
        if ident in edited:
            assert segment.target == "RU· " + before[ident].source
        else:  # untouched (a block added for a sibling carries the source's text)
            assert segment.target in (before[ident].target, before[ident].source)
    after_texts = all_texts(instance)
    for key, values in before_texts.items():
        assert after_texts[key]["az"] == values["az"]
        assert after_texts[key]["en"] == values["en"]
    return data, edited


# -- the round trip -----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("label", PAGE_TYPES)
def test_every_page_type_round_trips_and_changes_nothing_else(label, fmt, translator):
    page = page_of(label).specific
    live_ru = {text.key: ts.normalized(text.values["ru"]) for text in ts.texts(page)}
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    round_trip(page, fmt, translator)
    page = Page.objects.get(pk=page.pk).specific
    # A new draft by the translator; what readers see has not changed.
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    assert page.get_latest_revision().user == translator
    assert page.has_unpublished_changes
    assert {text.key: ts.normalized(text.values["ru"]) for text in ts.texts(page)} == live_ru


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_an_unchanged_import_changes_nothing_and_exports_the_same_file(memorial, fmt,
                                                                       translator):
    round_trip(memorial, fmt, translator)
    page = type(memorial).objects.get(pk=memorial.pk)
    first = service.export([page], "ru", fmt)
    result = service.plan(first, user=translator)
    assert result.errors == [] and result.changes == []
    service.apply(result, user=translator)
    assert service.export([type(memorial).objects.get(pk=memorial.pk)], "ru", fmt) == first


RICH = ('<p>Bu gecə <b>613 nəfər</b> həlak oldu, <a href="https://example.org/x">mənbə</a>'
        '<br/>və <i>yüzlərlə</i> yaralı.</p><ul><li>Birinci</li><li>İkinci</li></ul>')
BLOCKS = {
    "heading": {"text": "Başlıq mətni", "level": "h3"},
    "paragraph": RICH,
    "image": {"image": None, "alt_text": "Şəklin təsviri", "caption": "Şəklin yazısı",
              "credit": "Arxiv"},
    "quote": {"text": "Sitat mətni", "attribution": "Şahid"},
    "document": {"document": None, "title": "Sənədin adı"},
    "graphic": {"warning": "Xəbərdarlıq", "content": [
        {"type": "paragraph", "value": "<p>Ağır <b>mətn</b></p>", "id": "c1"},
        {"type": "image", "id": "c2", "value": {"image": None, "alt_text": "Alt",
                                                "caption": "Yazı", "credit": ""}},
    ]},
}


def block_page(block_type, ru_copy, suffix=""):
    """A standard page whose body holds one block of the type, in Azerbaijani; Russian has
    no body (``ru_copy`` False) or a copy of it with the same block ids to translate."""
    from wagtail.documents.models import Document

    value = copy.deepcopy(BLOCKS[block_type])
    if block_type in ("image", "graphic"):
        picture = image()
        if block_type == "image":
            value["image"] = picture.pk
        else:
            value["content"][1]["value"]["image"] = picture.pk
    if block_type == "document":
        from django.core.files.base import ContentFile

        value["document"] = Document.objects.create(
            title="Report", file=ContentFile(b"%PDF-1.4", name="report.pdf")).pk
    body = [{"type": block_type, "value": value, "id": "b1"},
            {"type": "heading", "value": {"text": "Son", "level": "h2"}, "id": "b2"}]
    parent = page_of("pages.homepage")
    return create_page(parent, StandardPage,
                       title={"az": "Blok" + suffix, "en": "Block" + suffix, "ru": "Блок" + suffix},
                       body={"az": body, "en": [], "ru": copy.deepcopy(body) if ru_copy else []})


@pytest.mark.parametrize("ru_copy", [False, True], ids=["missing", "copied"])
@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("block_type", list(BLOCKS))
def test_every_block_with_text_round_trips(block_type, fmt, ru_copy, translator):
    page = block_page(block_type, ru_copy)
    before = current(page)
    body = [s for s in before.values() if ":body:" in s.id]
    assert body and all(s.state in ((ts.SAME,) if ru_copy else (ts.MISSING, ts.SAME))
                        for s in body)
    round_trip(page, fmt, translator, pick=lambda position: True)
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    source, target = draft.body_az.raw_data, draft.body_ru.raw_data
    assert [block["id"] for block in target] == [block["id"] for block in source]
    # Everything that is not text is the source's: images, documents, heading levels.
    for mine, theirs in zip(source, target, strict=True):
        assert mine["type"] == theirs["type"]
        if isinstance(mine["value"], dict):
            for name, value in mine["value"].items():
                if name in ("image", "document", "level"):
                    assert theirs["value"][name] == value
    assert "RU· " in str(draft.body_ru)


def test_inline_markup_travels_as_placeholders_never_as_html(translator):
    page = block_page("paragraph", ru_copy=False)
    data = service.export([page], "ru", formats.XLIFF)
    text = data.decode("utf-8")
    assert '<g id="1">613 nəfər</g>' in text and '<x id="3"/>' in text
    assert "&lt;b&gt;" not in text and "href" not in text.split("<note")[0]
    po = service.export([page], "ru", formats.PO).decode("utf-8")
    assert "{1}613 nəfər{/1}" in po and "{3/}" in po and "<b>" not in po
    # A list item is a segment of its own.
    assert po.count('msgid "Birinci"') == 1


def test_segments_carry_their_context_and_state(memorial):
    data = service.export([memorial], "ru", formats.PO)
    catalogue = polib.pofile(data.decode("utf-8"))
    title = next(e for e in catalogue if e.msgctxt.endswith(":title"))
    assert title.msgctxt == f"pages.memorialarticlepage:{memorial.pk}:title"
    assert memorial.title_az in title.comment
    assert "Maximum length: 255 characters" in title.comment
    assert "State: " in title.comment
    store = xliff.xlifffile.parsestring(service.export([memorial], "ru", formats.XLIFF))
    root = store.document.getroot()
    assert root.get("version") == "1.2"
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff"
    assert root[0].get("target-language") == "ru"


# -- sources and states -------------------------------------------------------------------
def test_a_file_made_from_an_older_source_imports_as_outdated(translator):
    page = block_page("heading", ru_copy=False)
    data = service.export([page], "ru", formats.PO)
    draft = page.get_latest_revision_as_object()
    draft.title_az = "Blok (yeni)"
    draft.save_revision().publish()
    edited, _ids = edit_po(data, lambda ident, source: "RU· ")
    result = service.plan(edited, user=translator)
    assert any(ident.endswith(":title") for ident, _old, _new in result.source_changed)
    assert result.errors  # listed, importable only on confirmation
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2
    result = service.plan(edited, user=translator, accept_changed_source=True)
    service.apply(result, user=translator)
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    states = {(s.key, s.language): s.state for s in ts.states(draft)}
    assert states[("title", "ru")] == ts.OUTDATED
    assert {state for (key, language), state in states.items()
            if language == "ru" and key.startswith("body")} == {ts.TRANSLATED}


def test_an_import_records_translated_by_the_importing_user(translator):
    page = block_page("quote", ru_copy=False)
    edited, _ids = edit_po(service.export([page], "ru", formats.PO), lambda i, s: "RU· ")
    import_file(edited, translator)
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert {s.state for s in ts.states(draft) if s.language == "ru"} == {ts.TRANSLATED}
    content_type = ContentType.objects.get_for_model(StandardPage)
    assert TranslationRecord.objects.filter(content_type=content_type, object_id=str(page.pk),
                                            language="ru", user=translator).exists()


# -- settings and register records --------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_site_settings_round_trip(fmt, translator, django_user_model):
    translator.is_superuser = True  # may change settings
    translator.save()
    settings_obj = PortalSettings.objects.get()
    data = service.export(service.select(service.SETTINGS, "ru"), "ru", fmt)
    edited, ids = EDIT[fmt](data, lambda ident, source: "RU· ")
    assert any(ident.endswith(":site_name") for ident in ids)
    import_file(edited, translator)
    settings_obj.refresh_from_db()
    assert settings_obj.site_name_ru == "RU· " + settings_obj.site_name_az
    assert settings_obj.site_name_en != settings_obj.site_name_ru


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_register_records_round_trip_as_drafts(fmt, translator):
    from tests.remembrance_factories import make_record

    record = make_record(name_az="Əliyev Əli", place_az="Xocalı", biography_az="Müəllim idi.",
                         name_ru="", place_ru="", biography_ru="")
    record.save_revision().publish()
    instances = [r for r in service.select(service.RECORDS, "ru") if r.pk == record.pk]
    edited, ids = EDIT[fmt](service.export(instances, "ru", fmt), lambda i, s: "RU· ")
    assert {i.rsplit(":", 1)[1] for i in ids} == {"name", "place", "biography"}
    import_file(edited, translator)
    record = NameRecord.objects.get(pk=record.pk)
    assert record.name_ru == ""  # published text unchanged: the import is a draft
    draft = record.get_latest_revision_as_object()
    assert draft.name_ru == "RU· Əliyev Əli" and draft.biography_ru == "RU· Müəllim idi."
    assert record.has_unpublished_changes


# -- what an import refuses, with nothing written -----------------------------------------
def _po(page):
    return service.export([page], "ru", formats.PO).decode("utf-8")


def _with(page, change):
    catalogue = polib.pofile(_po(page))
    change(catalogue)
    return str(catalogue).encode("utf-8")


def _set(ident_end, text):
    def change(catalogue):
        entry = next(e for e in catalogue if e.msgctxt.endswith(ident_end))
        entry.msgstr = text
    return change


def _duplicate(catalogue):
    entry = next(e for e in catalogue if e.msgctxt.endswith(":title"))
    twin = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid + " ", msgstr="x")
    catalogue.append(twin)
    catalogue.metadata["X-Portal-Segments"] = str(len(catalogue))


def _unknown(catalogue):
    entry = next(e for e in catalogue if e.msgctxt.endswith(":title"))
    entry.msgctxt = entry.msgctxt.replace(":title", ":nonsense")
    entry.msgstr = "x"


def _language(catalogue):
    catalogue.metadata["Language"] = "en"
    catalogue[0].msgstr = "x"


def _not_an_id(catalogue):
    entry = next(e for e in catalogue if e.msgctxt.endswith(":title"))
    entry.msgctxt = "pages.standardpage:not-a-number:title"
    entry.msgstr = "x"


ERRORS = {
    "unknown id": (_unknown, "Unknown segment"),
    "object id of the wrong kind": (_not_an_id, "Unknown segment"),
    "duplicated id": (_duplicate, "more than once"),
    "broken placeholder": (_set("#1", "Сегодня {1}613 человек погибли"), "placeholders"),
    "foreign placeholder": (_set("#1", "{1}613{/1} {2}x{/2}{3/}{9}y{/9}"), "placeholders"),
    "markup typed in": (_set("#1", "{1}613{/1} {2}x{/2}{3/}<script>x</script>"), "no HTML"),
    "over the maximum length": (_set(":title", "Ж" * 256), "more than the 255"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_a_file_with_an_error_writes_nothing(case, translator):
    page = block_page("paragraph", ru_copy=False)
    change, message = ERRORS[case]
    data = _with(page, lambda catalogue: (
        [setattr(e, "msgstr", "Перевод") for e in catalogue if e.msgctxt.endswith(":b2/text")],
        change(catalogue)))
    revisions, records = Revision.objects.count(), TranslationRecord.objects.count()
    result = service.plan(data, user=translator)
    assert any(message in error for error in result.errors), result.errors
    with pytest.raises(service.ImportFailed):
        service.apply(result, user=translator)
    assert (Revision.objects.count(), TranslationRecord.objects.count()) == (revisions, records)


FILE_ERRORS = {
    "another language": (lambda page: _with(page, _language), "not for Русский"),
    "malformed XML": (lambda page: b"<?xml version='1.0'?><xliff><file><body><trans-unit",
                      "malformed"),
    "truncated XLIFF": (lambda page: service.export([page], "ru", formats.XLIFF)[:-300],
                        "malformed"),
    "truncated PO": (lambda page: _po(page).encode("utf-8")[:-15] + b'\nmsgstr "abc',
                     "malformed"),
    "PO cut between entries": (
        lambda page: _po(page).encode("utf-8").rstrip().rsplit(b"\n\n", 1)[0], "cut short"),
    "wrong encoding": (lambda page: _po(page).replace("UTF-8", "CP1251").encode("cp1251",
                                                                                 "replace"),
                       "UTF-8"),
    "not UTF-8": (lambda page: _po(page).encode("utf-16"), "UTF-8"),
    "over the size limit": (lambda page: b"#" * (service.max_bytes() + 1), "larger than"),
    "not a translation file": (lambda page: b"hello", "malformed"),
}


@pytest.mark.parametrize("case", list(FILE_ERRORS))
def test_a_file_that_cannot_be_read_writes_nothing(case, translator, settings):
    settings.PORTAL_EXCHANGE_MAX_BYTES = 200_000
    page = block_page("paragraph", ru_copy=False)
    make, message = FILE_ERRORS[case]
    revisions = Revision.objects.count()
    result = service.plan(make(page), user=translator, language="ru")
    assert any(message in error for error in result.errors), result.errors
    assert Revision.objects.count() == revisions


def test_a_translator_may_import_only_their_language(django_user_model):
    from django.core.exceptions import PermissionDenied

    english = django_user_model.objects.create_user("john", "j@example.org", "pw")
    english.groups.add(Group.objects.get(name=TRANSLATORS["en"]))
    page = block_page("heading", ru_copy=False)
    edited, _ids = edit_po(service.export([page], "ru", formats.PO), lambda i, s: "RU· ")
    with pytest.raises(PermissionDenied):
        service.plan(edited, user=english)


def test_the_commands_export_and_import_with_a_dry_run(translator, tmp_path):
    from django.core.management import call_command

    page = block_page("quote", ru_copy=False)
    out = io.StringIO()
    call_command("export_translations", "--language", "ru", "--format", "po", "--page",
                 str(page.pk), stdout=out)
    edited, _ids = edit_po(out.getvalue().encode("utf-8"), lambda i, s: "RU· ")
    path = tmp_path / "ru.po"
    path.write_bytes(edited)
    revisions = Revision.objects.count()
    out = io.StringIO()
    call_command("import_translations", str(path), "--dry-run", "--user", "anna", stdout=out)
    assert "Dry run: nothing was written." in out.getvalue()
    assert "+ RU· Sitat mətni" in out.getvalue()
    assert Revision.objects.count() == revisions
    call_command("import_translations", str(path), "--user", "anna", stdout=io.StringIO())
    assert Revision.objects.count() == revisions + 1


# -- what an export holds -----------------------------------------------------------------
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_a_recording_block_round_trips(fmt, translator):
    from pages.models import ResourceIndexPage, ResourcePage

    media = [{"type": "recording", "id": "r1", "value": {
        "embed": "https://www.youtube.com/watch?v=abc", "title": "Şahidlər danışır",
        "caption": "1992-ci il"}}]
    page = create_page(ResourceIndexPage.objects.get(), ResourcePage,
                       title={"az": "Video", "en": "Video", "ru": "Видео"}, kind="video",
                       summary={"az": "Qısa", "en": "Short", "ru": "Кратко"},
                       media={"az": media, "en": [], "ru": []})
    round_trip(page, fmt, translator, pick=lambda position: True)
    draft = ResourcePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    value = draft.media_ru.raw_data[0]["value"]
    assert value["title"] == "RU· Şahidlər danışır" and value["caption"] == "RU· 1992-ci il"
    assert value["embed"] == "https://www.youtube.com/watch?v=abc"


def test_everything_outdated_in_russian_is_one_export(translator):
    outdated = block_page("heading", ru_copy=False)
    untouched = block_page("quote", ru_copy=False, suffix=" 2")
    draft = outdated.get_latest_revision_as_object()
    draft.title_az = "Blok (yeni)"
    draft.save_revision().publish()
    chosen = service.select(service.REPORT, "ru", state=ts.OUTDATED)
    assert outdated.pk in {instance.pk for instance in chosen}
    assert untouched.pk not in {instance.pk for instance in chosen}
    out = io.StringIO()
    from django.core.management import call_command

    call_command("export_translations", "--language", "ru", "--format", "po", "--state",
                 "outdated", stdout=out)
    catalogue = polib.pofile(out.getvalue())
    title = next(e for e in catalogue if e.msgctxt == f"pages.standardpage:{outdated.pk}:title")
    assert "State: outdated" in title.comment and "fuzzy" in title.flags
    assert title.msgstr == "Блок"
    assert not any(e.msgctxt.startswith(f"pages.standardpage:{untouched.pk}:")
                   for e in catalogue)


# -- timeline events: a translated StreamField on the source's blocks (translations.stream_sync)
def event(ident, date, precision, date_label, title, description):
    return {"type": "event", "id": ident, "value": {
        "date": date, "precision": precision, "date_label": date_label, "title": title,
        "description": description, "sources": []}}


def timeline_page():
    """Two events: written in Azerbaijani and English; Russian gets the source's copies."""
    from remembrance.models import TimelinePage

    page = TimelinePage.objects.order_by("path").first()
    page.events_az = [
        event("e1", "1992-02-25", "day", "25–26 fevral gecəsi", "Hücum başladı", "Gecə.\nQar."),
        event("e2", "1992-03-01", "month", "", "Xəbərlər", ""),
    ]
    page.events_en = [
        event("e1", "1992-02-25", "day", "", "The assault began", "Night.\nSnow."),
        event("e2", "1992-03-01", "month", "", "News", ""),
    ]
    page.events_ru = []
    page.save_revision().publish()
    return TimelinePage.objects.get(pk=page.pk)


def test_timeline_events_are_tracked_block_by_block(translator):
    page = timeline_page()
    # Russian has every event, on the source's blocks, with the source's date.
    assert [(block.id, str(block.value["date"])) for block in page.events_ru] == [
        ("e1", "1992-02-25"), ("e2", "1992-03-01")]
    found = {(item.key, item.language): item.state for item in ts.states(page)}
    assert found[("events.e1", "en")] == ts.TRANSLATED
    assert found[("events.e1", "ru")] == ts.MISSING  # the source's copy: not translated
    assert found[("events.e2", "ru")] == ts.MISSING
    label = next(item.label for item in ts.states(page) if item.key == "events.e1")
    assert str(label) == "Events: Event 1"
    # The source revised: the English event is outdated.
    page.events_az[0].value["description"] = "Gecə. Qar yağırdı."
    page.save_revision().publish()
    page = type(page).objects.get(pk=page.pk)
    found = {(item.key, item.language): item.state for item in ts.states(page)}
    assert found[("events.e1", "en")] == ts.OUTDATED
    # Shared values follow the source: the date changed in Azerbaijani changes everywhere.
    page.events_az[1].value["date"] = "1992-03-02"
    page.save_revision().publish()
    page = type(page).objects.get(pk=page.pk)
    assert {str(block.value["date"]) for block in (*page.events_en, *page.events_ru)
            if block.id == "e2"} == {"1992-03-02"}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_timeline_events_round_trip(fmt, translator):
    page = timeline_page()
    segment_ids = [s.id for s in segments.entry_for(page, "ru").segments]
    title_id = f"remembrance.timelinepage:{page.pk}:events:e1/title"
    assert title_id in segment_ids
    assert f"remembrance.timelinepage:{page.pk}:events:e1/description" in segment_ids
    data, edited = round_trip(page, fmt, translator, pick=lambda position: True)
    assert title_id in edited
    draft = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    event = {block.id: block.value for block in draft.events_ru}["e1"]
    assert event["title"] == "RU· Hücum başladı"
    assert event["description"] == "RU· Gecə.\nQar."
    assert event["date_label"] == "RU· 25–26 fevral gecəsi"
    assert str(event["date"]) == "1992-02-25" and event["precision"] == "day"
    assert {block.id: block.value["title"] for block in draft.events_en}["e1"] == (
        "The assault began")
    assert {block.id: block.value["title"] for block in draft.events_az}["e1"] == "Hücum başladı"
    found = {(item.key, item.language): item.state for item in ts.states(draft)}
    assert found[("events.e1", "ru")] == ts.TRANSLATED
    # Readers still see the published events; exporting the import again gives its texts.
    live = type(page).objects.get(pk=page.pk)
    assert {b.id: b.value for b in live.events_ru}["e1"]["title"] == "Hücum başladı"
    again = {s.id: s for s in segments.entry_for(live, "ru").segments}
    assert again[title_id].target == "RU· Hücum başladı"
    assert again[title_id].state == ts.TRANSLATED


def test_an_event_title_over_its_length_is_refused(translator):
    page = timeline_page()
    data = service.export([page], "ru", formats.PO)
    catalogue = polib.pofile(data.decode("utf-8"))
    entry = next(e for e in catalogue if e.msgctxt.endswith(":events:e1/title"))
    entry.msgstr = "Я" * 251
    result = service.plan(str(catalogue).encode("utf-8"), user=translator)
    assert any("251 characters, more than the 250" in error for error in result.errors)


# -- XLIFF 2.0 ----------------------------------------------------------------------------
def test_xliff2_is_written_by_translate_toolkit_with_inline_placeholders(translator):
    page = block_page("paragraph", ru_copy=False)
    data = service.export([page], "ru", formats.XLIFF2)
    store = xliff2.Xliff2File.parsestring(data)
    root = store.document.getroot()
    assert root.tag == "{urn:oasis:names:tc:xliff:document:2.0}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "az", "ru")
    text = data.decode("utf-8")
    assert '<pc id="1">613 nəfər</pc>' in text and '<ph id="3"/>' in text
    assert "<g " not in text and "&lt;b&gt;" not in text
    names = [unit.getunitelement().get("name") for unit in store.units]
    assert f"standardpage:{page.pk}:title" in " ".join(names)
    segment = next(unit.xmlelement for unit in store.units if unit.source.startswith("Bu gecə"))
    assert segment.get("state") == "initial"
    assert segment.get("subState") in ("portal:missing", "portal:same")
    title = next(unit.xmlelement for unit in store.units if unit.source == "Blok")
    assert (title.get("state"), title.get("subState")) == ("translated", None)
    assert formats.read(data).format == formats.XLIFF2


def test_xliff2_machine_suggestions_stay_out_until_confirmed(translator):
    from translations.machine import MACHINE_MARK

    page = block_page("quote", ru_copy=False)
    entry = segments.entry_for(page, "ru")
    quote = next(s for s in entry.segments if s.source == "Sitat mətni")
    quote.target, quote.machine = "[ru] Sitat mətni", True
    document = service.Document("ru", "az", [entry], [])
    data = formats.write_xliff2(document)
    assert 'subState="portal:mt-suggestion"' in data.decode("utf-8")
    assert MACHINE_MARK in data.decode("utf-8")
    result = service.plan(data, user=translator)
    assert result.changes == [] and result.machine_skipped
    store = xliff2.Xliff2File.parsestring(data)
    unit = next(u for u in store.units if u.getunitelement().get("name") == quote.id)
    unit.marktranslated()  # the translator confirms it in their tool
    result = service.plan(bytes(store), user=translator)
    assert [change.after for change in result.changes] == ["[ru] Sitat mətni"]


def test_xliff2_broken_placeholders_are_refused(translator):
    page = block_page("paragraph", ru_copy=False)
    data = service.export([page], "ru", formats.XLIFF2)

    def broken(ident, source):
        return "Эта ночь " if source.startswith("Bu gecə") else None

    edited, ids = edit_xliff2(data, broken)
    assert len(ids) == 1
    text = edited.decode("utf-8")
    start = text.index("<target>Эта ночь")
    text = text[:start] + text[start:].replace('<pc id="1">', '<pc id="9">', 1)
    edited = text.encode("utf-8")
    result = service.plan(edited, user=translator)
    assert any("placeholders are broken" in error for error in result.errors)
    assert result.work == [] or not result.ok
