"""import_names: every row validated, errors by row and column, all or nothing, re-import
updates instead of duplicating, drafts unless --publish."""

import io

import pytest
from django.core.management import CommandError, call_command

from remembrance.folding import fold
from remembrance.models import NameRecord
from tests.remembrance_factories import make_record, make_source

HEADER = "external_id,name_az,name_ru,name_en,birth_year,age,status,event_date,place_en,sources\n"


def write(tmp_path, text, name="names.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_names", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_valid_file_imports_drafts(tmp_path, client):
    source = make_source()
    path = write(tmp_path, HEADER
                 + f"T-1,Test Birinci,Тест Первый,Test First,1950,,killed,1992-02-26,,{source.pk}\n"
                 + "T-2,Test İkinci,,,,41,missing,1992-02,Synthetic place,\n")
    out, _err = run(path)
    assert "2 record(s) created, 0 updated, saved as drafts" in out
    first = NameRecord.objects.get(external_id="T-1")
    assert not first.live and first.origin == "import"
    assert list(first.sources.all()) == [source]
    assert first.event_date.isoformat() == "1992-02-26" and first.event_date_precision == "day"
    second = NameRecord.objects.get(external_id="T-2")
    assert second.event_date_precision == "month" and second.age == 41
    assert "Test Birinci" not in client.get("/en/names/").content.decode()


def test_any_error_imports_nothing_and_names_row_and_column(tmp_path):
    path = write(tmp_path, HEADER
                 + "T-1,Test Birinci,,,1950,,killed,,,\n"
                 + "T-2,,,,,,dead,1992-13-01,,\n"
                 + "T-3,Test Üçüncü,,,nineteen,,missing,,,999\n"
                 + "T-1,Test Again,,,,,killed,,,\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        run(path)
    assert NameRecord.objects.count() == 0
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_names", path, stderr=err)
    report = err.getvalue()
    assert "row 3, column name_az: no name in any script" in report
    assert "row 3, column status: 'dead' is not one of killed, missing, hostage, released" in report
    assert "row 3, column event_date: '1992-13-01' is not a date" in report
    assert "row 4, column birth_year: 'nineteen' is not a whole number" in report
    assert "row 4, column sources: no source number 999" in report
    assert "row 5, column external_id: 'T-1' already used on row 2" in report


def test_unknown_or_missing_columns_are_reported(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_names", write(tmp_path, "name,colour\nx,y\n"), stderr=io.StringIO())
    assert NameRecord.objects.count() == 0


def test_reimport_updates_instead_of_duplicating(tmp_path, client):
    run(write(tmp_path, HEADER + "T-1,Test Birinci,,Test First,1950,,killed,,,\n"), "--publish")
    record = NameRecord.objects.get(external_id="T-1")
    assert record.live
    assert "Test First" in client.get("/en/names/").content.decode()
    # Without --publish the change waits as a draft; readers still see the published text.
    corrected = HEADER + "T-1,Test Birinci,,Test First Corrected,1951,,killed,,,\n"
    out, _ = run(write(tmp_path, corrected))
    assert "0 record(s) created, 1 updated" in out
    assert NameRecord.objects.count() == 1
    record.refresh_from_db()
    assert record.name_en == "Test First" and record.has_unpublished_changes
    assert "Corrected" not in client.get("/en/names/").content.decode()
    run(write(tmp_path, HEADER + "T-1,Test Birinci,,Test First Corrected,1951,,killed,,,\n"),
        "--publish")
    record.refresh_from_db()
    assert record.name_en == "Test First Corrected" and record.birth_year == 1951
    assert NameRecord.objects.count() == 1
    assert fold("Test First Corrected") in record.search_key


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))


def test_dry_run_writes_nothing_and_lists_the_changes(tmp_path):
    run(write(tmp_path, HEADER + "T-1,Test Birinci,,,1950,,killed,,,\n"))
    path = write(tmp_path, HEADER + "T-1,Test Birinci,,,1951,,killed,,,\n"
                 + "T-2,Test İkinci,,,,,missing,,,\n")
    out, _ = run(path, "--dry-run")
    assert "row 2: record T-1 changes" in out and "birth_year: '1950' -> '1951'" in out
    assert "row 3: new record T-2" in out
    assert "1 record(s) would be created, 1 updated; 0 unchanged. Nothing was written." in out
    assert NameRecord.objects.count() == 1
    assert NameRecord.objects.get().birth_year == 1950


def test_a_row_that_changes_nothing_is_left_alone(tmp_path):
    path = write(tmp_path, HEADER + "T-1,Test Birinci,,,1950,,killed,1992,,\n")
    run(path)
    record = NameRecord.objects.get()
    revisions = record.revisions.count()
    out, _ = run(path)
    assert "0 record(s) created, 0 updated, saved as drafts; 1 unchanged." in out
    assert record.revisions.count() == revisions


def test_a_short_row_is_an_error(tmp_path):
    """A file cut short ends in a row with missing values: never imported as blanks."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_names", write(tmp_path, HEADER + "T-1,Test Birinci,,,1950\n"),
                     stderr=err)
    assert "row 2, column -: fewer values than columns" in err.getvalue()
    assert NameRecord.objects.count() == 0


def test_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "names.csv"
    path.write_bytes(b"external_id,status\nT-1,\x00killed\n")
    with pytest.raises(CommandError, match="cannot be read as CSV|binary"):
        run(str(path))


def test_the_dry_run_takes_the_same_queries_for_few_or_many_records(
    tmp_path, django_assert_max_num_queries
):
    from remembrance.importing import parse, plan

    def rows(count):
        text = HEADER + "".join(f"T-{n},Test {n},,,1950,,killed,,,\n" for n in range(count))
        return parse(io.StringIO(text)).rows

    for n in range(30):  # published with a draft, and drafts never published
        make_record(external_id=f"T-{n}", name_az=f"Test {n}", publish=n % 2 == 0)
    for record in NameRecord.objects.filter(live=True):
        record.birth_year = 1940
        record.save_revision()
    with django_assert_max_num_queries(8):
        small = plan(rows(3))
    with django_assert_max_num_queries(8):
        large = plan(rows(30))
    assert len(small.updated) == 3 and len(large.updated) == 30


def test_the_dry_run_sees_an_age_of_zero_and_its_fingerprint_ignores_the_language():
    from django.utils import translation

    from remembrance.importing import parse, plan

    make_record(external_id="T-1", name_az="Test Birinci", status="killed")
    rows = parse(io.StringIO(HEADER + "T-1,Test Birinci,,,,0,missing,,,\n")).rows
    with translation.override("en"):
        english = plan(rows)
    with translation.override("ru"):
        russian = plan(rows)
    # The record's fields in their order: names in the configured languages' order.
    assert [c.field for c in english.updated[0].changes] == ["name_en", "name_ru", "age",
                                                             "status"]
    assert english.updated[0].changes[-1].new == "Missing"
    assert russian.updated[0].changes[-1].new != "Missing"
    assert english.fingerprint() == russian.fingerprint()
