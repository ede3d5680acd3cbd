"""The translation records and counts now belong to the translations app
(translations.0001_initial): only Django's idea of where they live changes; the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("translations", "0001_initial"),
        ('core', '0004_default_search_synonyms'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='translationstatus',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='translationstatus',
                    name='page',
                ),
                migrations.DeleteModel(
                    name='TranslationRecord',
                ),
                migrations.DeleteModel(
                    name='TranslationStatus',
                ),
            ],
        ),
    ]
