from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class TranslationsConfig(AppConfig):
    """Everything about translating the portal's texts: what each model translates, where each
    translation stands, who may write which language, the admin workbench, exchange with
    translators and machine suggestions (docs/translation.md)."""

    name = "translations"
    verbose_name = pgettext_lazy("translation workbench", "Translations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from translations import field_permissions
        from translations import state as translation_state

        field_permissions.connect()
        translation_state.connect()
