"""Write the texts of a language as an XLIFF or PO file for translators."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from translations import machine
from translations import state as translation_state
from translations.exchange import formats, service


class Command(BaseCommand):
    help = ("Export the texts to translate into one language as XLIFF 1.2 or PO: one page, a "
            "section, what the translation report lists in a state, the site settings, the "
            "register records, or the whole site.")

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True,
                            choices=translation_state.target_languages())
        parser.add_argument("--format", default=formats.XLIFF, choices=list(formats.FORMATS))
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--page", type=int, help="one page (its id)")
        what.add_argument("--section", type=int, help="a page and its descendants (its id)")
        what.add_argument("--state", choices=["missing", "same", "outdated", "to-do"],
                          help="everything the translation report lists in this state")
        what.add_argument("--site-settings", action="store_true", help="the site settings")
        what.add_argument("--records", action="store_true", help="the register records")
        parser.add_argument("--machine", action="store_true",
                            help="pre-fill missing segments with machine suggestions "
                                 "(needs PORTAL_MT_BACKEND)")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        language = options["language"]
        page = None
        if options["page"] or options["section"]:
            page = Page.objects.filter(pk=options["page"] or options["section"]).first()
            if page is None:
                raise CommandError("No page has this id.")
        scope = (service.PAGE if options["page"] else service.SECTION if options["section"]
                 else service.REPORT if options["state"] else service.SETTINGS
                 if options["site_settings"] else service.RECORDS if options["records"]
                 else service.SITE)
        state = options["state"] if options["state"] != "to-do" else None
        instances = service.select(scope, language, page=page, state=state)
        backend = None
        if options["machine"]:
            backend = machine.configured()
            if backend is None:
                raise CommandError("No machine translation service is configured "
                                   "(PORTAL_MACHINE_TRANSLATION, or PORTAL_MT_BACKEND "
                                   "and PORTAL_MT_URL).")
        try:
            data = service.export(instances, language, options["format"], machine=backend,
                                  state=state)
        except machine.MachineTranslationError as error:
            raise CommandError(str(error)) from error
        if options["output"]:
            with open(options["output"], "wb") as output:
                output.write(data)
            self.stderr.write(f"{len(instances)} objects written to {options['output']}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
