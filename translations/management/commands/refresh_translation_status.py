"""Count again, for every page, setting, snippet and register record, what is left to translate
(translations.state.refresh): after content was written without signals (bulk loaders,
SQL) or to fill the counts of a database that had them before this command existed."""

from django.core.management.base import BaseCommand

from translations import state as translation_state


class Command(BaseCommand):
    help = "Recount the translation status of every tracked object."

    def handle(self, *args, **options):
        count = 0
        for instance in translation_state.tracked_objects():
            translation_state.record(translation_state.editable_version(instance))
            count += 1
        self.stdout.write(f"Translation status counted for {count} objects.")
