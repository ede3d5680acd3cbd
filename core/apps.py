from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The cross-cutting package; as an app it holds the search synonyms and takes unpublished
    pages' share cards out of the storage (core.share)."""

    name = "core"
    verbose_name = "Portal core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import share

        share.connect()
