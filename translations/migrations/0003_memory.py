"""The translation memory (translations.memory): each translation a person made, with the source it was made from."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('translations', '0002_language_permissions_from_settings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='MemoryEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.CharField(max_length=64)),
                ('field', models.CharField(max_length=255)),
                ('language', models.CharField(max_length=8)),
                ('source_language', models.CharField(max_length=8)),
                ('source_fingerprint', models.CharField(max_length=32)),
                ('source_text', models.TextField()),
                ('target_fingerprint', models.CharField(max_length=32)),
                ('target_text', models.TextField()),
                ('object_label', models.CharField(blank=True, max_length=255)),
                ('field_label', models.TextField(blank=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'translation memory entry',
                'verbose_name_plural': 'translation memory',
                'indexes': [models.Index(fields=['language', 'source_fingerprint'], name='translation_memory_idx')],
                'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'field', 'language', 'source_fingerprint'), name='translation_memory_unique')],
            },
        ),
    ]
