from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The cross-cutting package; as an app it holds the search synonyms."""

    name = "core"
    verbose_name = "Portal core"
    default_auto_field = "django.db.models.BigAutoField"
