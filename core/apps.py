from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The cross-cutting package; as an app it holds the translation records and keeps them
    (core.translation_state)."""

    name = "core"
    verbose_name = "Portal core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import field_permissions, translation_state

        field_permissions.connect()
        translation_state.connect()
