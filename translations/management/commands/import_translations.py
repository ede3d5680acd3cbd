"""Read a translator's XLIFF or PO file back: a dry run, or new draft revisions."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from translations.exchange import service


class Command(BaseCommand):
    help = ("Import an XLIFF or PO file: every change and every error is listed; without "
            "--dry-run each object changed gets a new draft revision (never published). All "
            "or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true",
                            help="list what would change and every error; write nothing")
        parser.add_argument("--user", help="the user the revisions are attributed to; they "
                                           "must be allowed to write the file's language")
        parser.add_argument("--language", help="refuse a file for another language")
        parser.add_argument("--accept-changed-source", action="store_true",
                            help="import segments whose source changed since the export "
                                 "(they count as outdated)")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError("No user has this name.")
        try:
            with open(options["file"], "rb") as source:
                data = source.read(service.max_bytes() + 1)
        except OSError as error:
            raise CommandError(f"Cannot read the file: {error}") from error
        try:
            result = service.plan(data, user=user, language=options["language"],
                                  accept_changed_source=options["accept_changed_source"])
        except PermissionDenied as error:
            raise CommandError("This user may not write the file's language.") from error
        for change in result.changes:
            mark = " (outdated)" if change.outdated else ""
            self.stdout.write(f"{change.segment_id}{mark}\n  - {change.before}\n  + "
                              f"{change.after}")
        for ident, old, new in result.source_changed:
            self.stdout.write(f"source changed: {ident}\n  file: {old}\n  now:  {new}")
        for ident in result.machine_skipped:
            self.stdout.write(f"machine suggestion not reviewed, left out: {ident}")
        for error in result.errors:
            self.stderr.write(f"error: {error}")
        self.stdout.write(f"{len(result.changes)} segments change in {result.objects} objects; "
                          f"{result.unchanged} unchanged.")
        if result.errors:
            raise CommandError("Nothing was written: the file has errors.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            count = service.apply(result, user=user)
        except service.ImportFailed as error:
            raise CommandError(f"Nothing was written: {error}") from error
        self.stdout.write(f"{count} draft revisions saved.")
