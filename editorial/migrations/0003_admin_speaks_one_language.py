from django.conf import settings
from django.db import migrations


def forget_languages_the_admin_does_not_speak(apps, schema_editor):
    """Users who chose an admin language Wagtail has no catalogue for (Azerbaijani) get the
    admin's first language: their admin would otherwise mix it with English
    (core.admin_language)."""
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    speaks = [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES]
    UserProfile.objects.exclude(preferred_language="").exclude(
        preferred_language__in=speaks).update(preferred_language="")


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0002_glossary"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [
        migrations.RunPython(forget_languages_the_admin_does_not_speak,
                             migrations.RunPython.noop),
    ]
