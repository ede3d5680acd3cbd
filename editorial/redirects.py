"""Old addresses keep working in every language after a page is renamed or moved.

Wagtail's own automatic redirects know only one URL per page; with a slug per language a
rename can change the address in one language and not the others. Before a page row is saved
we note its URL paths in every language; after the save every path that changed (for the page
and, through the prefix, for its descendants) gets a permanent redirect to the page.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _url_path_fields():
    return [f"url_path_{code}" for code in _languages()]


def remember_url_paths(instance):
    if instance.pk is None:
        instance._portal_old_url_paths = None
        return
    instance._portal_old_url_paths = (
        Page.objects.filter(pk=instance.pk).values("live", *_url_path_fields()).first()
    )


def _public_path(url_path, language, root_paths):
    root = root_paths.get(language)
    if not url_path or not root or not url_path.startswith(root):
        return None
    return f"/{language}/{url_path[len(root):]}"


def _site_root_paths(page):
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None, {}
    root = Page.objects.filter(pk=site.root_page_id).values(*_url_path_fields()).first() or {}
    return site, {code: root.get(f"url_path_{code}") for code in _languages()}


def create_redirects(instance):
    old = getattr(instance, "_portal_old_url_paths", None)
    instance._portal_old_url_paths = None
    if not old or not old["live"]:
        return
    site, root_paths = _site_root_paths(instance)
    if not root_paths:
        return

    def apply():
        for code in _languages():
            before = old.get(f"url_path_{code}")
            after = getattr(instance, f"url_path_{code}", None)
            if not before or not after or before == after:
                continue
            moved = [(instance, after)] + [
                (page, getattr(page, f"url_path_{code}"))
                for page in Page.objects.descendant_of(instance).live()
            ]
            for page, new_path in moved:
                if not new_path or not new_path.startswith(after):
                    continue
                old_public = _public_path(before + new_path[len(after):], code, root_paths)
                if old_public:
                    Redirect.objects.update_or_create(
                        old_path=Redirect.normalise_path(old_public),
                        site=site,
                        defaults={"redirect_page": page, "is_permanent": True},
                    )

    transaction.on_commit(apply)


def drop_redirects_shadowing(instance):
    """A live page now at an address wins over a redirect from that address."""
    if not instance.live:
        return
    _site, root_paths = _site_root_paths(instance)
    paths = [
        _public_path(getattr(instance, f"url_path_{code}", None), code, root_paths)
        for code in _languages()
    ]
    paths = [Redirect.normalise_path(path) for path in paths if path]
    Redirect.objects.filter(old_path__in=paths).exclude(redirect_page=instance).delete()
