from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_tables(**kwargs):
    """The database cache of development (portal.settings.dev) gets its table with the
    migrations, so `manage.py migrate` is all a new checkout needs; other caches need none."""
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)


class OpsConfig(AppConfig):
    """Running the portal in production: page cache, purges, health checks, fault pages,
    security."""

    name = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from ops import signals

        signals.connect()
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="ops.cache_tables")
