"""The glossary now belongs to the translations app (translations.0001_initial); its table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("translations", "0001_initial"),
        ('editorial', '0004_glossary_term_per_language'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='GlossaryTerm',
                ),
            ],
        ),
    ]
