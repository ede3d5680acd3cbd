from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the portal in production: page cache, health checks, fault pages, security."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from ops import signals

        signals.connect()
