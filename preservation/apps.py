from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreservationConfig(AppConfig):
    """A static copy, a WARC and a BagIt bag of everything an anonymous reader can see."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "preservation"
    verbose_name = _("Preservation")

    def ready(self):
        from ops.signals import change_announced
        from preservation.models import note_change

        change_announced.connect(note_change, dispatch_uid="preservation.note_change")
