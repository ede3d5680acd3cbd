"""Run by tests/test_storage_migration.py in its own process, on a new SQLite database
(``DATABASE_URL``): migrates to the state before the one storage shape (register records with
their own ``name_az`` … columns, timeline events with ``title_az`` … children, glossary terms
with ``term_az`` … columns), writes texts in three languages with the historical models,
migrates forward and prints, as one JSON line, where each text is found: through the current
models, and on the timeline page as a reader gets it in each language.

Not a test module itself (no ``test_`` prefix): the test database of the suite holds the demo
site every other test reads, and SQLite cannot change a schema inside a test's transaction.
"""

import io
import json
import os
import sys

BEFORE = [("remembrance", "0004_translation_unfinished"),
          ("editorial", "0003_admin_speaks_one_language")]

RECORD = {
    "name": {"az": "Məmmədov Əli Həsən oğlu", "en": "Mammadov Ali Hasan",
             "ru": "Мамедов Али Гасан оглы"},
    "place": {"az": "Xocalı", "en": "Khojaly", "ru": "Ходжалы"},
    "biography": {"az": "Müəllim idi.", "en": "He was a teacher.", "ru": "Был учителем."},
}
# The second record has its name in one script only, as many imported records have.
SECOND_RECORD = {"name": {"az": "", "en": "", "ru": "Алиева Сона"}}
TERM = {"az": "Xocalı soyqırımı", "en": "Khojaly genocide", "ru": "Ходжалинский геноцид"}
EVENT_ID = "5f0c1c1e-0000-4000-8000-000000000001"
SECOND_EVENT_ID = "5f0c1c1e-0000-4000-8000-000000000002"
EVENT = {
    "date_label": {"az": "25–26 fevral gecəsi", "en": "Night of 25–26 February",
                   "ru": "Ночь с 25 на 26 февраля"},
    "title": {"az": "Xocalıya hücum", "en": "The assault on Khojaly",
              "ru": "Нападение на Ходжалы"},
    "description": {"az": "Şəhər gecə hücuma məruz qaldı.", "en": "The town was attacked.",
                    "ru": "Город подвергся нападению."},
}
# Translated only in part: no English description, no Russian at all.
SECOND_EVENT = {
    "date_label": {"az": "", "en": "", "ru": ""},
    "title": {"az": "Xatirə səhifəsi yazılır", "en": "The memorial page is written", "ru": ""},
    "description": {"az": "Səkkizinci ildönümündə.", "en": "", "ru": ""},
}
DRAFT_TITLE = {"az": "Qaralama", "en": "Draft", "ru": "Черновик"}
LANGUAGES = ("az", "en", "ru")


def old_event(ident, date, texts, source_pk):
    value = {"date": date, "precision": "day", "sources": [source_pk]}
    for text, values in texts.items():
        for code in LANGUAGES:
            value[f"{text}_{code}"] = values[code]
    return {"type": "event", "id": ident, "value": value}


def write_before(apps):
    """The texts as the previous migration state stores them, with its historical models."""
    from django.utils import timezone

    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    NameRecord = apps.get_model("remembrance", "NameRecord")
    Source = apps.get_model("remembrance", "Source")
    TimelinePage = apps.get_model("remembrance", "TimelinePage")
    GlossaryTerm = apps.get_model("editorial", "GlossaryTerm")

    for data in (RECORD, SECOND_RECORD):
        NameRecord.objects.create(
            status="killed", live=True,
            **{f"{text}_{code}": values[code]
               for text, values in data.items() for code in LANGUAGES})
    GlossaryTerm.objects.create(**{f"term_{code}": TERM[code] for code in LANGUAGES})

    source = Source.objects.create(citation="Khojaly massacre: memorial page, 2002.")
    events = [old_event(EVENT_ID, "1992-02-25", EVENT, source.pk),
              old_event(SECOND_EVENT_ID, "2000-02-26", SECOND_EVENT, source.pk)]
    home = Page.objects.get(depth=2)
    content_type, _created = ContentType.objects.get_or_create(
        app_label="remembrance", model="timelinepage")
    timeline = TimelinePage.objects.create(
        title="Xronologiya", draft_title="Xronologiya", slug="xronologiya",
        path=home.path + "0001", depth=home.depth + 1, numchild=0,
        url_path=f"{home.url_path}xronologiya/", content_type=content_type, live=True,
        locale_id=home.locale_id,
        first_published_at=timezone.now(), last_published_at=timezone.now(),
        events=json.dumps(events),
    )
    Page.objects.filter(pk=home.pk).update(numchild=1)
    # A draft with a third event, in a revision only: no draft may lose its texts either.
    draft_events = [*events, old_event("5f0c1c1e-0000-4000-8000-000000000003", "2002-02-23",
                                       {"title": DRAFT_TITLE}, source.pk)]
    Revision.objects.create(
        content_type=content_type, base_content_type=ContentType.objects.get(
            app_label="wagtailcore", model="page"),
        object_id=str(timeline.pk), created_at=timezone.now(),
        content={"pk": timeline.pk, "title": "Xronologiya", "slug": "xronologiya",
                 "events": json.dumps(draft_events)},
    )


def read_after():
    """Where each text is after migrating forward: current models and the reader's page."""
    from django.test import Client
    from django.utils import translation
    from modeltranslation.utils import build_localized_fieldname
    from wagtail.models import Revision

    from remembrance.models import NameRecord, TimelinePage
    from translations.models import GlossaryTerm

    found = {"records": [], "terms": [], "events": {}, "pages": {}, "draft": {}}
    for record in NameRecord.objects.order_by("pk"):
        found["records"].append({
            text: {code: getattr(record, build_localized_fieldname(text, code)) or ""
                   for code in LANGUAGES}
            for text in ("name", "place", "biography")
        } | {"base": record.__dict__["name"], "shown": {}})
        for code in LANGUAGES:
            with translation.override(code):
                found["records"][-1]["shown"][code] = [record.name, record.name_language]
    for term in GlossaryTerm.objects.all():
        found["terms"].append({code: term.in_language(code) for code in LANGUAGES})
    timeline = TimelinePage.objects.get()
    client = Client()
    for code in LANGUAGES:
        stream = getattr(timeline, build_localized_fieldname("events", code))
        found["events"][code] = {
            "ids": [block.id for block in stream],
            "sources": [[source.pk for source in block.value["sources"]] for block in stream],
            "dates": [block.value["date"].isoformat() for block in stream],
        }
        with translation.override(code):
            found["events"][code]["read"] = [
                {key: event[key] for key in ("title", "title_language", "description",
                                             "description_language", "date_label",
                                             "date_label_language")}
                for event in timeline.get_events()]
            url = timeline.get_url()
        response = client.get(url)
        found["pages"][code] = {"url": url, "status": response.status_code,
                                "html": response.content.decode()}
    revision = Revision.objects.filter(object_id=str(timeline.pk),
                                       content_type__model="timelinepage").get()
    draft = revision.as_object()
    for code in LANGUAGES:
        stream = getattr(draft, build_localized_fieldname("events", code))
        found["draft"][code] = [block.value["title"] for block in stream]
    return found


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    quiet = {"verbosity": 0, "stdout": io.StringIO()}
    for app, migration in BEFORE:
        call_command("migrate", app, migration, "--noinput", **quiet)
    state = MigrationExecutor(connection).loader.project_state(BEFORE, at_end=True)
    write_before(state.apps)
    call_command("migrate", "--noinput", **quiet)
    call_command("update_translation_fields", **quiet)
    call_command("set_site_address", "testserver", **quiet)
    print(json.dumps(read_after(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    sys.exit(main())
