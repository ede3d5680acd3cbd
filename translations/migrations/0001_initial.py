"""Translation gets its own app: the records, the counts and the glossary move here from core and
editorial, their tables and rows unchanged."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = [("core", "translationrecord"), ("core", "translationstatus"),
         ("editorial", "glossaryterm")]


def move_content_types(apps, schema_editor):
    """The models' content types follow them, and with them their permissions (who writes
    which language) and the groups that hold those. Where code run before this migration
    already made the new content type (the groups' set-up after an earlier ``migrate``), its
    permissions join the old one's, which keeps the groups' and users' grants, and it is
    dropped."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    for app_label, model in MOVED:
        old = ContentType.objects.filter(app_label=app_label, model=model).first()
        new = ContentType.objects.filter(app_label="translations", model=model).first()
        if old is None:
            continue
        if new is not None:
            for permission in Permission.objects.filter(content_type=new):
                kept = Permission.objects.filter(content_type=old,
                                                 codename=permission.codename).first()
                if kept is None:
                    permission.content_type = old
                    permission.save(update_fields=["content_type"])
                    continue
                for group in Group.objects.filter(permissions=permission):
                    group.permissions.add(kept)
                for user in User.objects.filter(user_permissions=permission):
                    user.user_permissions.add(kept)
                permission.delete()
            new.delete()
        old.app_label = "translations"
        old.save(update_fields=["app_label"])


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, model in MOVED:
        ContentType.objects.filter(app_label="translations", model=model).update(
            app_label=app_label)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0004_default_search_synonyms"),
        ("editorial", "0004_glossary_term_per_language"),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        # The tables were made by core (0001, 0002) and editorial (0002, 0004): taken over as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='GlossaryTerm',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('term', models.CharField(help_text='The term as the portal writes it in this language.', max_length=200, verbose_name='Term')),
                        ('term_az', models.CharField(help_text='The term as the portal writes it in this language.', max_length=200, null=True, verbose_name='Term')),
                        ('term_en', models.CharField(help_text='The term as the portal writes it in this language.', max_length=200, null=True, verbose_name='Term')),
                        ('term_ru', models.CharField(help_text='The term as the portal writes it in this language.', max_length=200, null=True, verbose_name='Term')),
                        ('note', models.TextField(blank=True, help_text='Why this translation was chosen, or when not to use it.', verbose_name='Note')),
                    ],
                    options={
                        'verbose_name': 'glossary term',
                        'verbose_name_plural': 'glossary',
                        'db_table': 'editorial_glossaryterm',
                        'ordering': ['term_az'],
                        'constraints': [models.UniqueConstraint(fields=('term_az',), name='glossary_term_unique_in_source')],
                    },
                ),
                migrations.CreateModel(
                    name='TranslationRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=64)),
                        ('field', models.CharField(max_length=255)),
                        ('language', models.CharField(max_length=8)),
                        ('value_fingerprint', models.CharField(max_length=32)),
                        ('source_fingerprint', models.CharField(max_length=32)),
                        ('checked', models.BooleanField(default=False, help_text='A person confirmed this text as it stands.')),
                        ('machine', models.BooleanField(default=False, help_text='A machine suggested this text and no person has reviewed it yet.')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'translation record',
                        'verbose_name_plural': 'translation records',
                        'db_table': 'core_translationrecord',
                        'permissions': [('translate_az', 'Can write the Azerbaijani texts'), ('translate_en', 'Can write the English texts'), ('translate_ru', 'Can write the Russian texts'), ('edit_shared_fields', 'Can change what all languages share (dates, images…)')],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='translation_obj_idx')],
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'field', 'language', 'value_fingerprint'), name='translation_record_unique_text')],
                    },
                ),
                migrations.CreateModel(
                    name='TranslationStatus',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.CharField(max_length=64)),
                        ('language', models.CharField(max_length=8)),
                        ('label', models.CharField(blank=True, max_length=255)),
                        ('missing', models.PositiveIntegerField(default=0)),
                        ('same', models.PositiveIntegerField(default=0)),
                        ('outdated', models.PositiveIntegerField(default=0)),
                        ('translated', models.PositiveIntegerField(default=0)),
                        ('missing_fields', models.TextField(blank=True)),
                        ('same_fields', models.TextField(blank=True)),
                        ('outdated_fields', models.TextField(blank=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                    ],
                    options={
                        'verbose_name': 'translation status',
                        'verbose_name_plural': 'translation statuses',
                        'db_table': 'core_translationstatus',
                        'indexes': [models.Index(fields=['language', 'content_type'], name='translation_lang_idx')],
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'language'), name='translation_status_unique')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
