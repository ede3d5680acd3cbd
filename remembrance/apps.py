from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemembranceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "remembrance"
    verbose_name = _("Remembrance")
