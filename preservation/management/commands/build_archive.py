"""``manage.py build_archive``: the static copy, the WARC and the bag (``make archive``)."""

from django.core.management.base import BaseCommand, CommandError

from preservation import build, upload


class Command(BaseCommand):
    help = (
        "Build the archive of the public site (static copy, WARC with CDXJ index, BagIt bag) "
        "in PRESERVATION_ROOT; with --changed, capture again only what changed since the last "
        "build; with --upload, send the bag to the PRESERVATION_STORAGE storage."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed", action="store_true",
            help="Capture again only the pages announced as changed (full when there is no "
                 "build yet or every page may show the change).",
        )
        parser.add_argument(
            "--upload", action="store_true",
            help="Upload the bag as one tar file and apply PRESERVATION_KEEP_UPLOADS.",
        )

    def handle(self, *args, changed=False, **options):
        warning = build.address_mismatch()
        if warning:
            self.stderr.write(warning)
        try:
            report = build.build(full=not changed)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
        if options.get("upload"):
            try:
                name = upload.upload(report.path)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"uploaded {name}")
