from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "citations"
    verbose_name = _("Sources cited")

    def ready(self):
        from citations import signals

        signals.connect()
