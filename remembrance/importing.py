"""Validate and import names register rows from a CSV file, all or nothing."""

import csv
import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction

from core.dates import DatePrecision
from remembrance.models import NameRecord, Source
from remembrance.models.register import Origin, Status

COLUMNS = [
    "external_id", "name_az", "name_ru", "name_en", "birth_year", "age", "status",
    "event_date", "place_az", "place_en", "place_ru",
    "biography_az", "biography_en", "biography_ru", "sources",
]
REQUIRED_COLUMNS = {"external_id", "status"}
TEXT_LIMITS = {
    "external_id": 100, "name_az": 200, "name_ru": 200, "name_en": 200,
    "place_az": 200, "place_en": 200, "place_ru": 200,
}
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass
class RowError:
    row: int  # the line in the file, the header being line 1
    column: str
    message: str

    def __str__(self):
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse(handle) -> Parsed:
    result = Parsed()
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in COLUMNS]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    for name in unknown:
        result.errors.append(RowError(1, name, f"unknown column (expected some of {COLUMNS})"))
    for name in missing:
        result.errors.append(RowError(1, name, "required column is missing"))
    if unknown or missing:
        return result
    source_ids = set(Source.objects.values_list("pk", flat=True))
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            result.errors.append(RowError(line, "-", "more values than columns"))
            continue
        values = {key: (value or "").strip() for key, value in raw.items()}
        row, errors = _row(line, values, source_ids)
        external_id = values.get("external_id", "")
        if external_id and external_id in seen:
            errors.append(RowError(
                line, "external_id", f"{external_id!r} already used on row {seen[external_id]}"
            ))
        elif external_id:
            seen[external_id] = line
        result.errors.extend(errors)
        if not errors:
            result.rows.append(row)
    return result


def _row(line, values, source_ids):
    errors = []

    def error(column, message):
        errors.append(RowError(line, column, message))

    row = {}
    for column, limit in TEXT_LIMITS.items():
        value = values.get(column, "")
        if len(value) > limit:
            error(column, f"longer than {limit} characters")
        row[column] = value
    for column in ("biography_az", "biography_en", "biography_ru"):
        row[column] = values.get(column, "")
    if not row["external_id"]:
        error("external_id", "empty: every row needs a stable identifier")
    if not any(row[name] for name in ("name_az", "name_ru", "name_en")):
        error("name_az", "no name in any script (name_az, name_ru or name_en)")
    status = values.get("status", "")
    if status not in Status.values:
        error("status", f"{status!r} is not one of {', '.join(Status.values)}")
    row["status"] = status
    for column, low, high in (("birth_year", 1880, 1992), ("age", 0, 120)):
        value = values.get(column, "")
        row[column] = None
        if value:
            if not value.isdigit():
                error(column, f"{value!r} is not a whole number")
            elif not low <= int(value) <= high:
                error(column, f"{value} is not between {low} and {high}")
            else:
                row[column] = int(value)
    row["event_date"], row["event_date_precision"] = None, DatePrecision.DAY
    value = values.get("event_date", "")
    if value:
        match = DATE.match(value)
        try:
            if not match:
                raise ValueError
            year, month, day = match.groups()
            row["event_date"] = datetime.date(int(year), int(month or 1), int(day or 1))
            row["event_date_precision"] = (
                DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
            )
        except ValueError:
            error("event_date", f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    row["sources"] = []
    for part in filter(None, (p.strip() for p in values.get("sources", "").split(";"))):
        if not part.isdigit():
            error("sources", f"{part!r} is not a source number")
        elif int(part) not in source_ids:
            error("sources", f"no source number {part}")
        else:
            row["sources"].append(int(part))
    return row, errors


def import_rows(rows, publish=False) -> tuple[int, int]:
    """(created, updated). Existing records are matched by external_id.

    A published record changed without --publish gets a new draft revision: what readers see
    stays as it was until an editor publishes the change.
    """
    created = updated = 0
    with transaction.atomic():
        existing = NameRecord.objects.in_bulk(
            [row["external_id"] for row in rows], field_name="external_id"
        )
        sources = Source.objects.in_bulk({pk for row in rows for pk in row["sources"]})
        for row in rows:
            record = existing.get(row["external_id"])
            is_new = record is None
            if is_new:
                record = NameRecord(origin=Origin.IMPORT, live=False)
            for name, value in row.items():
                if name != "sources":
                    setattr(record, name, value)
            record.sources.set([sources[pk] for pk in row["sources"]])  # saved with the record
            if is_new or not record.live:
                record.save()
            # A live record's row is left alone: the change waits in the revision.
            revision = record.save_revision(log_action=True)
            if publish:
                revision.publish()
            if is_new:
                created += 1
            else:
                updated += 1
    return created, updated
