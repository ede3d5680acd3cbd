"""The migration to one storage shape (docs/translation.md) loses no text.

A new database is migrated to the state before it, filled in three languages with the
historical models (register records with ``name_az`` … columns, timeline events with
``title_az`` … children, glossary terms with ``term_az`` … columns, a timeline draft), and
migrated forward; every text is then looked for in its new place, through the current models
and on the timeline page a reader gets in each language. The work runs in its own process
(tests/storage_migration_probe.py) on its own SQLite file: the suite's test database holds the
demo site the other tests read, and SQLite cannot change a schema inside a test's transaction.
"""

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import storage_migration_probe as probe

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = probe.LANGUAGES


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    database = tmp_path_factory.mktemp("storage") / "before.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
           "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.storage_migration_probe"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=1800, check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_every_text_of_a_register_record_is_in_its_language_column(migrated):
    first, second = migrated["records"]
    for text, values in probe.RECORD.items():
        assert first[text] == values
    assert first["base"] == probe.RECORD["name"]["az"]  # modeltranslation's base column
    assert second["name"] == probe.SECOND_RECORD["name"]
    for code in LANGUAGES:
        assert first["shown"][code] == [probe.RECORD["name"][code], code]
        # One spelling only: every reader gets it, marked with its own language.
        assert second["shown"][code] == [probe.SECOND_RECORD["name"]["ru"], "ru"]


@pytest.mark.slow
def test_every_glossary_term_is_in_its_language_column(migrated):
    assert migrated["terms"] == [probe.TERM]


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_keeps_the_events_with_their_ids_dates_and_sources(migrated, language):
    events = migrated["events"][language]
    assert events["ids"] == [probe.EVENT_ID, probe.SECOND_EVENT_ID]
    assert events["dates"] == ["1992-02-25", "2000-02-26"]
    assert events["sources"] == migrated["events"]["az"]["sources"]
    assert all(sources for sources in events["sources"])


@pytest.mark.slow
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_reader_reads_every_event_text_in_its_language_or_the_source_marked_so(
        migrated, language):
    first, second = migrated["events"][language]["read"]
    for text, values in probe.EVENT.items():
        assert first[text] == values[language]
        assert first[f"{text}_language"] == language
    for text in ("title", "description"):
        written = probe.SECOND_EVENT[text][language]
        expected = (written, language) if written else (probe.SECOND_EVENT[text]["az"], "az")
        assert (second[text], second[f"{text}_language"]) == expected
    page = migrated["pages"][language]
    assert page["status"] == 200
    assert page["url"].startswith(f"/{language}/")
    content = html.unescape(page["html"])
    assert f'lang="{language}">{probe.EVENT["title"][language]}</h2>' in content
    assert f'<p lang="{language}">{probe.EVENT["description"][language]}</p>' in content
    assert f'lang="{language}">{probe.EVENT["date_label"][language]}</time>' in content
    title_language = "az" if not probe.SECOND_EVENT["title"][language] else language
    title = probe.SECOND_EVENT["title"][title_language]
    assert f'lang="{title_language}">{title}</h2>' in content


@pytest.mark.slow
def test_a_draft_kept_in_a_revision_keeps_its_events_in_every_language(migrated):
    draft = migrated["draft"]
    assert draft["az"] == [probe.EVENT["title"]["az"], probe.SECOND_EVENT["title"]["az"],
                           probe.DRAFT_TITLE["az"]]
    for code in ("en", "ru"):
        assert draft[code][0] == probe.EVENT["title"][code]
        assert draft[code][2] == probe.DRAFT_TITLE[code]
