"""What must reach the caching proxy and the other processes after a change: recorded in the
change's own transaction, sent afterwards by ``ops.purges`` (docs/deploy.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purge(models.Model):
    """One change's purge: the URLs the proxy or CDN must drop (or every page of the sites),
    and the tags every process's cache must drop (``ops.cache``). Written in the transaction
    of the change, so it exists exactly when the change does; sent, retried and kept for an
    operator to see by ``ops.purges``."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices,
                             default=State.PENDING)
    urls = models.JSONField(_("addresses"), default=list)
    hosts = models.JSONField(_("whole sites"), default=list,
                             help_text=_("Host names whose every page is dropped."))
    tags = models.JSONField(_("tags"), default=list)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("cache purge")
        verbose_name_plural = _("cache purges")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_state_display()} #{self.pk}"
