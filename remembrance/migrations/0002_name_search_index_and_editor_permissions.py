"""A trigram index on the folded name key (PostgreSQL only) and the editors' permissions."""

from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "remembrance_namerecord_search_key_trgm"
EDITOR_PERMISSIONS = [
    "add_namerecord", "change_namerecord", "delete_namerecord", "publish_namerecord",
    "add_source", "change_source", "delete_source",
    "view_contribution", "delete_contribution",
]


def create_index(apps, schema_editor):
    # SQLite has no trigram index; the search still works there, only slower on big registers.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON remembrance_namerecord "
            "USING gin (search_key gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def grant_editors(apps, schema_editor):
    app_config = apps.get_app_config("remembrance")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    editors.permissions.add(*Permission.objects.filter(
        content_type__app_label="remembrance", codename__in=EDITOR_PERMISSIONS
    ))


class Migration(migrations.Migration):
    dependencies = [
        ("remembrance", "0001_initial"),
        ("editorial", "0001_groups_and_workflow"),
    ]

    operations = [
        TrigramExtension(),  # does nothing on databases other than PostgreSQL
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
    ]
