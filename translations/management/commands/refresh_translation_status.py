"""Count again, for every page, setting, snippet and register record, what is left to translate
(translations.state.refresh): after content was written without signals (bulk loaders,
SQL) or to fill the counts of a database that had them before this command existed."""

from django.apps import apps
from django.core.management.base import BaseCommand
from wagtail.models import Page

from translations import state as translation_state


class Command(BaseCommand):
    help = "Recount the translation status of every tracked object."

    def handle(self, *args, **options):
        count = 0
        for model in apps.get_models():
            if model._meta.abstract or not translation_state.is_tracked(model):
                continue
            if issubclass(model, Page) and model is not Page:
                continue  # pages are read once, as their specific type, below
            queryset = model._default_manager.all()
            if model is Page:
                queryset = Page.objects.filter(depth__gt=1).specific()
            for instance in queryset.iterator(chunk_size=200) if model is not Page else queryset:
                translation_state.record(translation_state.editable_version(instance))
                count += 1
        self.stdout.write(f"Translation status counted for {count} objects.")
