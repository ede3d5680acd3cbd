"""Names register rows from a CSV file: read, validate, show what an import would change (the
dry run) and write it, all or nothing.

One implementation for the ``import_names`` command and the admin's "Import names" view
(remembrance/admin_views.py). Messages are in the active language: the admin's, or English for
the command.
"""

import csv
import datetime
import hashlib
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Revision

from core import i18n
from core.dates import DatePrecision
from remembrance.models import NameRecord, Source
from remembrance.models.register import Origin, Status

# The file keeps a column per configured language for each text of a record, named as the
# record's own columns (modeltranslation's ``name_<code>``), built from the settings.
NAMES = i18n.language_columns("name")
PLACES = i18n.language_columns("place")
BIOGRAPHIES = i18n.language_columns("biography")
COLUMNS = [
    "external_id", *NAMES, "birth_year", "age", "status",
    "event_date", *PLACES, *BIOGRAPHIES, "sources",
]
REQUIRED_COLUMNS = {"external_id", "status"}
TEXT_LIMITS = {
    "external_id": 100, **dict.fromkeys(NAMES, 200), **dict.fromkeys(PLACES, 200),
}
# The record's fields an import writes, besides its sources.
FIELDS = [
    "external_id", *NAMES, "birth_year", "age", "status",
    "event_date", "event_date_precision", *PLACES, *BIOGRAPHIES,
]
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class FileError(Exception):
    """The file as a whole cannot be read as the register's CSV (its message says why)."""


class PlanChanged(Exception):
    """The register changed after the dry run: the import would not do what it showed."""


@dataclass
class RowError:
    row: int  # the line in the file, the header being line 1
    column: str
    message: str

    def __str__(self):
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row, "column": self.column, "message": self.message,
        }


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def decode(data: bytes) -> str:
    """The text of an uploaded file, or FileError saying why it is not a UTF-8 CSV file."""
    if not data.strip():
        raise FileError(_("The file is empty."))
    if b"\x00" in data:
        raise FileError(_(
            "This is not a CSV file: it holds binary data. Save the spreadsheet as "
            "“CSV UTF-8” and upload that file."
        ))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(_(
            "The file is not UTF-8 text (byte %(position)s cannot be read). Save it as "
            "“CSV UTF-8” and upload it again."
        ) % {"position": error.start + 1}) from error


def parse_bytes(data: bytes) -> Parsed:
    """``parse`` for a file's bytes: FileError if they are not UTF-8 CSV text."""
    return parse(io.StringIO(decode(data), newline=""))


def parse(handle) -> Parsed:
    """Every row checked; a row with an error is left out of ``rows``. FileError when the text
    cannot be read as CSV at all."""
    try:
        return _parse(handle)
    except csv.Error as error:
        raise FileError(
            _("The file cannot be read as CSV: %(error)s.") % {"error": error}
        ) from error


def _parse(handle) -> Parsed:
    result = Parsed()
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in COLUMNS]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    for name in unknown:
        result.errors.append(RowError(1, name, _(
            "unknown column (the columns are: %(columns)s)"
        ) % {"columns": ", ".join(COLUMNS)}))
    for name in missing:
        result.errors.append(RowError(1, name, _("required column is missing")))
    if unknown or missing:
        return result
    source_ids = set(Source.objects.values_list("pk", flat=True))
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num  # a quoted value may span lines: then the row's last line
        if None in raw:
            result.errors.append(RowError(line, "-", _("more values than columns")))
            continue
        if any(value is None for value in raw.values()):
            result.errors.append(RowError(line, "-", _(
                "fewer values than columns: the row may be cut short"
            )))
            continue
        values = {key: (value or "").strip() for key, value in raw.items()}
        row, errors = _row(line, values, source_ids)
        external_id = values.get("external_id", "")
        if external_id and external_id in seen:
            errors.append(RowError(line, "external_id", _(
                "'%(value)s' already used on row %(row)s"
            ) % {"value": external_id, "row": seen[external_id]}))
        elif external_id:
            seen[external_id] = line
        result.errors.extend(errors)
        if not errors:
            result.rows.append(row)
    return result


def _row(line, values, source_ids):
    errors = []

    def error(column, message, **params):
        errors.append(RowError(line, column, message % params if params else message))

    row = {"line": line}
    for column, limit in TEXT_LIMITS.items():
        value = values.get(column, "")
        if len(value) > limit:
            error(column, _("longer than %(limit)s characters"), limit=limit)
        row[column] = value
    for column in BIOGRAPHIES:
        row[column] = values.get(column, "")
    if not row["external_id"]:
        error("external_id", _("empty: every row needs a stable identifier"))
    if not any(row[name] for name in NAMES):
        error(NAMES[0], _("no name in any script (%(columns)s)"), columns=", ".join(NAMES))
    status = values.get("status", "")
    if status not in Status.values:
        error("status", _("'%(value)s' is not one of %(choices)s"),
              value=status, choices=", ".join(Status.values))
    row["status"] = status
    for column, low, high in (("birth_year", 1880, 1992), ("age", 0, 120)):
        value = values.get(column, "")
        row[column] = None
        if value:
            if not value.isdigit():
                error(column, _("'%(value)s' is not a whole number"), value=value)
            elif not low <= int(value) <= high:
                error(column, _("%(value)s is not between %(low)s and %(high)s"),
                      value=value, low=low, high=high)
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
            error("event_date", _("'%(value)s' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                  value=value)
    row["sources"] = []
    for part in filter(None, (p.strip() for p in values.get("sources", "").split(";"))):
        if not part.isdigit():
            error("sources", _("'%(value)s' is not a source number"), value=part)
        elif int(part) not in source_ids:
            error("sources", _("no source number %(number)s"), number=part)
        else:
            row["sources"].append(int(part))
    return row, errors


# -- what an import would change ------------------------------------------------------------
@dataclass
class Change:
    field: str
    label: str
    old: str  # as editors read it, in the active language
    new: str
    values: str = ""  # the stored values, for the fingerprint (the same in every language)


@dataclass
class RowPlan:
    line: int
    external_id: str
    name: str
    record_id: int | None = None
    changes: list[Change] = field(default_factory=list)
    publish_only: bool = False  # same content, published now (the command's --publish)


@dataclass
class Plan:
    created: list[RowPlan] = field(default_factory=list)
    updated: list[RowPlan] = field(default_factory=list)
    unchanged: int = 0

    def fingerprint(self) -> str:
        """Changes to the same records, from the same values: the same fingerprint."""
        data = [
            [kind, item.external_id, item.record_id, item.publish_only,
             [[change.field, change.values] for change in item.changes]]
            for kind, items in (("new", self.created), ("update", self.updated))
            for item in items
        ]
        text = json.dumps([data, self.unchanged], ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Outcome:
    created: int
    updated: int
    unchanged: int


def _current(rows) -> dict:
    """{external_id: (record, the version editors work on, its source ids)} for the rows that
    match a record: the latest revision when it has unpublished changes (as the edit view shows
    it), else the record itself. A fixed number of queries for any number of rows."""
    records = NameRecord.objects.in_bulk(
        [row["external_id"] for row in rows], field_name="external_id"
    )
    drafts = {r.pk: r.latest_revision_id for r in records.values()
              if r.has_unpublished_changes and r.latest_revision_id}
    revisions = Revision.objects.in_bulk(list(drafts.values()))
    links = defaultdict(set)
    for record_id, source_id in NameRecord.sources.through.objects.filter(
        namerecord_id__in=[r.pk for r in records.values()]
    ).values_list("namerecord_id", "source_id"):
        links[record_id].add(source_id)
    current = {}
    for external_id, record in records.items():
        revision = revisions.get(drafts.get(record.pk))
        if revision is not None:
            # No query per record: the sources are set by the writer from those fetched at
            # once; the revision pointers are the record's own (with_content_json would look
            # each one up to check it exists).
            content = dict(revision.content)
            source_ids = {int(pk) for pk in content.pop("sources", None) or []}
            content.pop("latest_revision", None)
            content.pop("live_revision", None)
            record.latest_revision = revision
            version = record.with_content_json(content)
            version.live_revision_id = record.live_revision_id
        else:
            version, source_ids = record, links[record.pk]
        current[external_id] = (record, version, source_ids)
    return current


def _blank_is_none(value):
    return None if value == "" else value  # an age of 0 stays 0


def _date_value(date, precision):
    return (date, precision) if date else None


def _changed_fields(row, version, source_ids) -> list[str]:
    names = []
    for name in FIELDS:
        if name == "event_date_precision":
            continue  # compared with the date: it means nothing without one
        if name == "event_date":
            old = _date_value(version.event_date, version.event_date_precision)
            if old != _date_value(row["event_date"], row["event_date_precision"]):
                names.append(name)
        elif _blank_is_none(getattr(version, name)) != _blank_is_none(row[name]):
            names.append(name)
    if set(row["sources"]) != set(source_ids):
        names.append("sources")
    return names


def _display(name, value, sources) -> str:
    """A value as editors read it: labels, not codes; dates at their precision."""
    if name == "status":
        return str(i18n.choice_label(Status, value)) if value else ""
    if name == "event_date":
        if not value:
            return ""
        date, precision = value  # as the file writes it: 1992, 1992-02 or 1992-02-26
        text = f"{date.year:04d}"
        if precision != DatePrecision.YEAR:
            text += f"-{date.month:02d}"
        if precision == DatePrecision.DAY:
            text += f"-{date.day:02d}"
        return text
    if name == "sources":
        return "; ".join(str(sources[pk]) if pk in sources else f"#{pk}" for pk in sorted(value))
    return "" if value is None else str(value)


def _stored(value):
    return sorted(value) if isinstance(value, set) else value


def _row_name(row) -> str:
    return next((row[name] for name in NAMES if row[name]), "")


def _plan(rows, current, publish, sources) -> Plan:
    plan = Plan()
    labels = {f.name: str(f.verbose_name) for f in NameRecord._meta.get_fields()
              if hasattr(f, "verbose_name")}
    for row in rows:
        found = current.get(row["external_id"])
        item = RowPlan(row["line"], row["external_id"], _row_name(row))
        if found is None:  # every value the row gives is new
            version, source_ids = NameRecord(), set()
            names = _changed_fields(row, version, source_ids)
            plan.created.append(item)
        else:
            record, version, source_ids = found
            item.record_id = record.pk
            names = _changed_fields(row, version, source_ids)
            if not names:
                if publish and (not record.live or record.has_unpublished_changes):
                    item.publish_only = True
                    plan.updated.append(item)
                else:
                    plan.unchanged += 1
                continue
            plan.updated.append(item)
        for name in names:
            if name == "event_date":
                old = _date_value(version.event_date, version.event_date_precision)
                new_value = _date_value(row["event_date"], row["event_date_precision"])
            elif name == "sources":
                old, new_value = source_ids, set(row["sources"])
            else:
                old, new_value = getattr(version, name), row[name]
            item.changes.append(Change(
                name, labels.get(name, name),
                _display(name, old, sources), _display(name, new_value, sources),
                json.dumps([_stored(old), _stored(new_value)], default=str),
            ))
    return plan


def _sources(rows, current):
    ids = {pk for row in rows for pk in row["sources"]}
    ids |= {pk for _record, _version, source_ids in current.values() for pk in source_ids}
    return Source.objects.in_bulk(ids)


def plan(rows, publish=False) -> Plan:
    """What ``import_rows`` would do with these rows now; writes nothing."""
    current = _current(rows)
    return _plan(rows, current, publish, _sources(rows, current))


def import_rows(rows, publish=False, user=None, expect: str | None = None) -> Outcome:
    """Write the rows, all or nothing. Existing records are matched by external_id; a row
    that changes nothing is left alone.

    A published record changed without ``publish`` gets a new draft revision: what readers see
    stays as it was until an editor publishes the change. With ``expect`` (a dry run's
    ``Plan.fingerprint()``), PlanChanged and nothing written if the register changed since.
    """
    with transaction.atomic():
        current = _current(rows)
        sources = _sources(rows, current)
        planned = _plan(rows, current, publish, sources)
        if expect is not None and planned.fingerprint() != expect:
            raise PlanChanged
        to_write = {item.external_id for item in (*planned.created, *planned.updated)}
        for row in rows:
            if row["external_id"] not in to_write:
                continue
            found = current.get(row["external_id"])
            if found is None:
                record = version = NameRecord(origin=Origin.IMPORT, live=False)
            else:
                record, version, _source_ids = found
            for name in FIELDS:
                setattr(version, name, row[name])
            version.sources.set([sources[pk] for pk in row["sources"]])  # saved with it
            if found is None or not record.live:
                version.save()
            # A live record's row is left alone: the change waits in the revision.
            revision = version.save_revision(user=user, log_action=found is not None)
            if found is None:
                log(version, "wagtail.create", user=user, revision=revision,
                    content_changed=True)
            if publish:
                revision.publish(user=user)
    return Outcome(len(planned.created), len(planned.updated), planned.unchanged)
