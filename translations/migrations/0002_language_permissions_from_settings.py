"""Each language's permission to write its texts is made for every configured language
(translations.field_permissions.ensure_language_permissions), no longer listed in the model:
existing permissions and the groups that hold them stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('translations', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='translationrecord',
            options={'permissions': [('edit_shared_fields', 'Can change what all languages share (dates, images…)')], 'verbose_name': 'translation record', 'verbose_name_plural': 'translation records'},
        ),
    ]
