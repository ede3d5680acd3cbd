"""Import names register records from a CSV file: every row valid, or nothing imported.

The admin's "Import names" (remembrance/admin_views.py) does the same through
remembrance/importing.py, with a dry run first.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from remembrance.importing import COLUMNS, FileError, import_rows, parse_bytes, plan


class Command(BaseCommand):
    help = (
        "Import name records from a UTF-8 CSV file with a header row. Columns: "
        + ", ".join(COLUMNS)
        + ". event_date is YYYY, YYYY-MM or YYYY-MM-DD; sources are source numbers separated "
        "by ';'. Rows are matched to existing records by external_id; a row that changes "
        "nothing is left alone. Imported records are drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the imported records at once."
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Check the file and list what would change, without writing anything.",
        )

    @no_translations  # messages in English, whatever the active language
    def handle(self, *args, **options):
        try:
            parsed = parse_bytes(Path(options["file"]).read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except FileError as error:  # not UTF-8, binary, not CSV
            raise CommandError(f"{options['file']}: {error}") from error
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(parsed.errors)} error(s) found; nothing was imported."
            )
        if options["dry_run"]:
            self.report(plan(parsed.rows, publish=options["publish"]))
            return
        outcome = import_rows(parsed.rows, publish=options["publish"])
        state = "published" if options["publish"] else "saved as drafts"
        self.stdout.write(
            f"{outcome.created} record(s) created, {outcome.updated} updated, {state}; "
            f"{outcome.unchanged} unchanged."
        )

    def report(self, planned):
        for item in planned.created:
            self.stdout.write(f"row {item.line}: new record {item.external_id}")
        for item in planned.updated:
            self.stdout.write(f"row {item.line}: record {item.external_id} changes")
            for change in item.changes:
                self.stdout.write(f"    {change.field}: {change.old!r} -> {change.new!r}")
        self.stdout.write(
            f"Dry run: {len(planned.created)} record(s) would be created, "
            f"{len(planned.updated)} updated; {planned.unchanged} unchanged. "
            "Nothing was written."
        )
