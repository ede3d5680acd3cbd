"""Each page's share card (sharing.share_card draws it), made by the portal once per page,
language and content, and kept in the default storage (media: object storage in production).

The page's HTML only names the card: ``/<lang>/share/<page>/<key>.png``, where the key is a
keyed hash of what the card shows (title, date, site name) and the release, computed from the
page already in hand (no query, no drawing, no storage call while the page renders). The first
request for that address draws the card and stores it as ``share/<page>/<lang>-<key>.png``;
every later one serves the stored file, and the address is kept by browsers and proxies for a
year (it changes when what the card shows changes). Only live, public pages have a card, in the
site's languages, under their current key: at most one drawing per page and language per
change, however often or with whatever key the address is asked for.
"""

import json
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.signals import post_delete
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Page
from wagtail.signals import page_unpublished

from core import site_root
from core.restrictions import public
from sharing import share_card

logger = logging.getLogger(__name__)

FOLDER = "share"
SIZE = share_card.SIZE
# A year in browsers: the address names the card's content, so it never changes under its
# address. A day in shared caches (the proxy, the page cache): a page unpublished or made
# private is not purged by its card's address, which it no longer shows.
KEPT_FOR = 365 * 24 * 3600
SHARED_KEPT_FOR = 24 * 3600
# An old key (the title or date changed since the link was shared) leads to the current card.
MOVED_KEPT_FOR = 300
# While another request draws the card: how long to wait for it before answering 503.
WAIT_FOR_DRAWING = 10.0


def card_content(page, site_name: str) -> dict | None:
    """What the page's card shows in the active language (None: the page has no card)."""
    lines = getattr(page, "share_card_lines", None)
    if lines is None:
        return None
    title, date = lines()
    if not title:
        return None
    return {"title": title, "date": date or "", "site_name": site_name}


def card_key(page_id: int, language: str, content: dict) -> str:
    """A keyed hash of the card's page, language, content and the release: another key when
    any of them changes, and not one an outsider can compute."""
    value = json.dumps([page_id, language, content, settings.PORTAL_RELEASE],
                       ensure_ascii=False, sort_keys=True)
    # The salt is the one the cards were first keyed with (in core.share): stored cards and
    # the addresses already shared keep their keys.
    return salted_hmac("core.share.card", value, algorithm="sha256").hexdigest()[:20]


def stored_name(page_id: int, language: str, key: str) -> str:
    return f"{FOLDER}/{page_id}/{language}-{key}.png"


def card_alt(content: dict) -> str:
    """The card's alt text in the active language: what it says."""
    if content["date"]:
        return _("%(site)s: “%(title)s”, %(date)s") % {
            "site": content["site_name"], "title": content["title"], "date": content["date"]}
    return _("%(site)s: “%(title)s”") % {
        "site": content["site_name"], "title": content["title"]}


def card(request, page, site_name: str) -> dict | None:
    """Absolute URL, size, alt text and type of the page's card in the active language (None
    if it has none), for the page's meta tags."""
    content = card_content(page, site_name)
    if content is None:
        return None
    key = card_key(page.pk, translation.get_language(), content)
    url = reverse("share_card", kwargs={"page_id": page.pk, "key": key})
    return {"url": site_root.absolute_url(url, request), "width": SIZE[0], "height": SIZE[1],
            "alt": card_alt(content), "type": "image/png"}


def _read(name: str) -> bytes | None:
    try:
        with default_storage.open(name) as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _forget_older(page_id: int, language: str = "", keep: str = "") -> None:
    """The page's earlier cards in ``language`` (a title since changed; every language if
    none is given) leave the storage."""
    folder = f"{FOLDER}/{page_id}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        if name.startswith(f"{language}-" if language else "") and f"{folder}/{name}" != keep:
            default_storage.delete(f"{folder}/{name}")


def forget_cards(sender=None, instance=None, **kwargs):
    """A page unpublished or deleted takes its cards out of the storage (its card address
    already answers 404; the proxy drops what it kept within ``SHARED_KEPT_FOR``)."""
    if isinstance(instance, Page) and instance.pk is not None:
        _forget_older(instance.pk)


def connect():
    page_unpublished.connect(forget_cards, dispatch_uid="sharing.share.unpublished")
    post_delete.connect(forget_cards, dispatch_uid="sharing.share.deleted")


def stored_card(page_id: int, language: str, key: str, content: dict) -> bytes | None:
    """The card's PNG from the storage, drawn and stored first if it is not there yet (by one
    request at a time: the others wait for it; None if it is not ready in time)."""
    name = stored_name(page_id, language, key)
    data = _read(name)
    if data is not None:
        return data
    lock = f"portal:share-card:{name}"
    # Another request holds the lock: wait for its card. A cache that cannot be reached (Redis
    # down: django-redis answers None to everything) holds no lock, so this request draws.
    if not cache.add(lock, 1, timeout=60) and cache.get(lock) is not None:
        deadline = time.monotonic() + WAIT_FOR_DRAWING
        while data is None and time.monotonic() < deadline:
            time.sleep(0.2)
            data = _read(name)
        return data
    try:
        started = time.perf_counter()
        data = share_card.page_card(content["title"], content["date"], content["site_name"])
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # stored meanwhile by another process: keep one file
            default_storage.delete(saved)
        _forget_older(page_id, language, name)
        logger.info("Share card %s drawn in %.0f ms", name,
                    (time.perf_counter() - started) * 1000)
    finally:
        cache.delete(lock)
    return data


@require_safe
def share_card_view(request, page_id: int, key: str):
    """The card of a live, public page in the language of the address; the reader's 404 page
    for any other page."""
    page = public(Page.objects.live()).filter(pk=page_id).first()
    if page is None:
        raise Http404
    page = page.specific
    language = translation.get_language()
    content = card_content(page, site_root.site_name(request))
    if content is None:
        raise Http404
    current = card_key(page.pk, language, content)
    if key != current:
        response = HttpResponseRedirect(
            reverse("share_card", kwargs={"page_id": page.pk, "key": current}))
        patch_cache_control(response, public=True, max_age=MOVED_KEPT_FOR)
        return response
    data = stored_card(page.pk, language, current, content)
    if data is None:
        response = HttpResponse(status=503)
        response["Retry-After"] = "2"
        patch_cache_control(response, no_store=True)
        return response
    response = HttpResponse(data, content_type="image/png")
    response["Content-Length"] = str(len(data))
    response["Content-Language"] = language
    patch_cache_control(response, public=True, max_age=KEPT_FOR, s_maxage=SHARED_KEPT_FOR,
                        immutable=True)
    return response


urlpatterns = [
    path("<int:page_id>/<slug:key>.png", share_card_view, name="share_card"),
]
