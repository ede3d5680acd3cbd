"""What changed since the archive was last brought up to date (``build_archive --changed``)."""

from django.db import models


class PendingChange(models.Model):
    """One announced change (``ops.signals.change_announced``), written in the transaction that
    made it, so a change that was rolled back is never waited for and one that committed is never
    lost, whichever app server made it. ``page_id`` is kept as a plain number: the page may be
    deleted before the archive catches up."""

    page_id = models.PositiveIntegerField(null=True, blank=True)
    everywhere = models.BooleanField(default=False)
    announced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return "everything" if self.everywhere else f"page {self.page_id}"


def note_change(sender, pages=(), everywhere=False, **kwargs):
    """Remember what the next incremental build captures again: the pages, or everything when
    every page may show the change. An announcement naming nothing (a live page saved in code)
    leaves it to the scheduled full build; deletions and pages made private are found anyway
    (each incremental build drops what an anonymous reader can no longer see)."""
    if everywhere:
        PendingChange.objects.create(everywhere=True)
        return
    ids = {page.pk for page in pages if page.pk}
    PendingChange.objects.bulk_create([PendingChange(page_id=pk) for pk in sorted(ids)])
