from django.apps import AppConfig


class SharingConfig(AppConfig):
    """Sharing a page; as an app it takes unpublished or deleted pages' share cards out of the
    storage (sharing.share)."""

    name = "sharing"
    verbose_name = "Sharing a page"  # no models: the name is shown nowhere

    def ready(self):
        from sharing import share

        share.connect()
