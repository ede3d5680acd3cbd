"""Import names register records from a CSV file: every row valid, or nothing imported."""

from django.core.management.base import BaseCommand, CommandError

from remembrance.importing import COLUMNS, import_rows, parse


class Command(BaseCommand):
    help = (
        "Import name records from a UTF-8 CSV file with a header row. Columns: "
        + ", ".join(COLUMNS)
        + ". event_date is YYYY, YYYY-MM or YYYY-MM-DD; sources are source numbers separated "
        "by ';'. Rows are matched to existing records by external_id. Imported records are "
        "drafts unless --publish is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the imported records at once."
        )

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as handle:
                parsed = parse(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not UTF-8: {error}") from error
        if parsed.errors:
            for error in parsed.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(parsed.errors)} error(s) found; nothing was imported."
            )
        created, updated = import_rows(parsed.rows, publish=options["publish"])
        state = "published" if options["publish"] else "saved as drafts"
        self.stdout.write(f"{created} record(s) created, {updated} updated, {state}.")
