"""The event's names as sources name it, one group per language: searching for one finds the
pages that use another. Editors change them under Settings → Search synonyms."""

from django.conf import settings
from django.db import migrations

DEFAULTS = {
    "az": ("soyqırım", ("faciə", "qətliam")),
    "en": ("massacre", ("tragedy", "genocide")),
    "ru": ("резня", ("трагедия", "геноцид")),
}


def add_defaults(apps, schema_editor):
    synonym = apps.get_model("core", "SearchSynonym")
    for code, _name in settings.LANGUAGES:
        if code in DEFAULTS:
            term, equivalents = DEFAULTS[code]
            synonym.objects.get_or_create(
                language=code, term=term, defaults={"equivalents": "\n".join(equivalents)},
            )


def remove_defaults(apps, schema_editor):
    synonym = apps.get_model("core", "SearchSynonym")
    for code, (term, _equivalents) in DEFAULTS.items():
        synonym.objects.filter(language=code, term=term).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_search_synonyms")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
