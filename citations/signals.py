"""A resource page lists the live pages that cite it ("Cited in"): when a citing page is
published or unpublished, or stops citing it, the resource page's cached copies go too, through
the one cache announcement (ops.signals.announce_change). The other way too: a resource
published or unpublished (its title, its link, whether it shows at all) purges the live pages
whose notes cite it."""

from django.db.models.signals import post_delete, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from ops.signals import announce_change


def cited_pages(page_ids):
    ids = {pk for pk in page_ids if pk}
    return list(Page.objects.filter(pk__in=ids)) if ids else []


def on_citing_page_changed(sender, instance, **kwargs):
    """A page published or unpublished: the resources it cites (their "Cited in"), and the
    live pages whose notes cite it (its title and link in their notes)."""
    from django.db.models import Q

    from citations.models import Footnote

    resources = cited_pages(
        Footnote.objects.filter(page_id=instance.pk).values_list("resource_id", flat=True))
    citing = Page.objects.live().filter(pk__in=Footnote.objects.filter(
        Q(resource_id=instance.pk) | Q(source__page_id=instance.pk)).values("page_id"))
    changed = [*resources, *citing]
    if changed:
        announce_change(*changed)


def on_footnote_changing(sender, instance, raw=False, **kwargs):
    """A note that now cites another resource (or none): the one it cited loses an entry."""
    if raw or instance.pk is None:
        return
    before = type(instance).objects.filter(pk=instance.pk).values_list(
        "resource_id", flat=True).first()
    if before and before != instance.resource_id:
        announce_change(*cited_pages([before]))


def on_footnote_deleted(sender, instance, **kwargs):
    if instance.resource_id:
        announce_change(*cited_pages([instance.resource_id]))


def connect():
    from citations.models import Footnote

    page_published.connect(on_citing_page_changed, dispatch_uid="citations.published")
    page_unpublished.connect(on_citing_page_changed, dispatch_uid="citations.unpublished")
    pre_save.connect(on_footnote_changing, sender=Footnote, dispatch_uid="citations.changing")
    post_delete.connect(on_footnote_deleted, sender=Footnote, dispatch_uid="citations.deleted")
