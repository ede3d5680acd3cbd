"""Abuse: floods from one address are limited without losing anything from anyone else,
oversized uploads and bodies are refused with a message, never a 500.

The rate limits are the configured ones (CONTACT_RATE_LIMIT, POLL_RATE_LIMIT); admin sign-in
lockout is covered by tests/test_ops_security.py.
"""

import io
import itertools
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image as PILImage
from PIL import PngImagePlugin
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from core import ratelimit
from pages.models import ContactPage
from polls.models import PollPage, Vote
from tests.servers import BASE_DIR
from tests.test_contact import valid

FLOOD = 1000
FLOODER = "198.51.100.66"
LANGUAGES = ["az", "en", "ru"]
CONTACT_REFUSED = ("Too many messages have come from your network address. "
                   "Please try again later.")
POLL_REFUSED = "Too many votes have come from your network address. Please try again later."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def url_of(page, language):
    with translation.override(language):
        return page.url


def in_language(message, language):
    with translation.override(language):
        text = gettext(message)
    if language != "en":
        assert text != message, f"{message!r} is not translated into {language}"
    return text


def others():
    """Readers elsewhere, each sending once between the flood's requests."""
    return (f"203.0.113.{n % 250 + 1}" if n < 250 else f"192.0.2.{n % 250 + 1}"
            for n in itertools.count())


def interleaved():
    """The flood, with a request from another address after every tenth one of it."""
    other = others()
    for n in range(FLOOD):
        yield n, FLOODER, LANGUAGES[n % 3]
        if n % 10 == 9:
            yield n, next(other), LANGUAGES[(n // 10) % 3]


@pytest.mark.flood
def test_contact_flood_is_limited_and_nobody_elses_message_is_lost(db):
    contact = ContactPage.objects.get()
    client = Client()
    accepted, refused = {}, []
    for n, address, language in interleaved():
        marker = f"{address} #{n}"
        client.cookies.clear()
        response = client.post(url_of(contact, language),
                               {**valid(language), "mesajiniz": marker}, REMOTE_ADDR=address)
        if response.status_code == 200:
            accepted[marker] = address
            continue
        assert response.status_code == 429, (marker, response.status_code)
        html = response.content.decode()
        assert in_language(CONTACT_REFUSED, language) in html
        assert f'<html lang="{language}"' in html
        refused.append(marker)

    flood_accepted = [m for m, a in accepted.items() if a == FLOODER]
    other_sent = FLOOD // 10
    assert len(flood_accepted) == settings.CONTACT_RATE_LIMIT
    assert len(refused) == FLOOD - settings.CONTACT_RATE_LIMIT
    assert sum(a != FLOODER for a in accepted.values()) == other_sent  # every one of theirs
    stored = [s.get_data()["mesajiniz"] for s in FormSubmission.objects.filter(page=contact)]
    assert sorted(stored) == sorted(accepted)  # each accepted message once, no refused one


@pytest.mark.flood
def test_vote_flood_is_limited_and_nobody_elses_vote_is_lost(db):
    poll = PollPage.objects.get()
    choices = list(poll.choices.order_by("sort_order", "pk").values_list("pk", flat=True))
    client = Client()
    accepted, refused = {}, 0
    for n, address, language in interleaved():
        client.cookies.clear()  # a new browser each time: only the address limit applies
        response = client.post(url_of(poll, language), {"choice": choices[n % len(choices)]},
                               REMOTE_ADDR=address)
        if response.status_code == 200:
            accepted[address] = accepted.get(address, 0) + 1
            continue
        assert response.status_code == 429, (address, n, response.status_code)
        html = response.content.decode()
        assert in_language(POLL_REFUSED, language) in html
        assert f'<html lang="{language}"' in html
        refused += 1

    assert accepted.pop(FLOODER) == settings.POLL_RATE_LIMIT
    assert refused == FLOOD - settings.POLL_RATE_LIMIT
    assert sum(accepted.values()) == FLOOD // 10
    factory = RequestFactory()
    stored = {}
    for address in [FLOODER, *accepted]:
        voter = ratelimit.address_hash(factory.get("/", REMOTE_ADDR=address))
        stored[address] = Vote.objects.filter(poll=poll, voter=voter).count()
    assert stored == {FLOODER: settings.POLL_RATE_LIMIT, **accepted}
    assert Vote.objects.filter(poll=poll).count() == settings.POLL_RATE_LIMIT + FLOOD // 10


# -- Upload and body size limits ----------------------------------------------------------------

def png_of_size(size: int) -> bytes:
    """A valid 8×8 PNG made exactly `size` bytes long by a text chunk."""
    def png(padding: str) -> bytes:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", padding)
        buffer = io.BytesIO()
        PILImage.new("RGB", (8, 8), (90, 90, 90)).save(buffer, "PNG", pnginfo=info)
        return buffer.getvalue()

    data = png(padding="")
    data = png(padding="x" * (size - len(data)))
    assert len(data) == size
    return data


def test_limits_come_from_the_environment():
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.WAGTAILIMAGES_MAX_UPLOAD_SIZE, s.WAGTAILDOCS_MAX_UPLOAD_SIZE, "
            "s.DATA_UPLOAD_MAX_MEMORY_SIZE, s.FILE_UPLOAD_MAX_MEMORY_SIZE)")
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings.test", "PATH": "/usr/bin:/bin",
           "WAGTAILIMAGES_MAX_UPLOAD_SIZE": "1000", "WAGTAILDOCS_MAX_UPLOAD_SIZE": "2000",
           "DATA_UPLOAD_MAX_MEMORY_SIZE": "3000", "FILE_UPLOAD_MAX_MEMORY_SIZE": "4000"}
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == ["1000", "2000", "3000", "4000"]
    # And the defaults here: 10 MB images, 50 MB documents, Django's 2.5 MB bodies.
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 2**20
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * 2**20
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440


LIMIT = 20_000  # small limits keep the test fast; the views read them per request


def root():
    return {"collection": Collection.get_first_root_node().pk}


def test_image_just_over_the_limit_is_refused_with_a_message(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = LIMIT
    before = Image.objects.count()
    too_big = SimpleUploadedFile("big.png", png_of_size(LIMIT + 1), content_type="image/png")
    response = admin_client.post("/admin/images/add/",
                                 {"title": "Too big", "file": too_big, **root()})
    assert response.status_code == 200  # the form again, with its error
    html = response.content.decode()
    assert "This file is too big" in html and "Maximum filesize" in html
    assert Image.objects.count() == before
    # The multiple-upload view (what the admin's uploader actually uses) refuses it too.
    too_big.seek(0)
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": too_big, **root()})
    assert response.json()["success"] is False
    assert "This file is too big" in response.json()["error_message"]
    assert Image.objects.count() == before
    # Exactly at the limit it is accepted.
    fits = SimpleUploadedFile("fits.png", png_of_size(LIMIT), content_type="image/png")
    response = admin_client.post("/admin/images/add/", {"title": "Fits", "file": fits, **root()})
    assert response.status_code == 302
    assert Image.objects.count() == before + 1


def test_document_just_over_the_limit_is_refused_with_a_message(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = LIMIT
    before = Document.objects.count()
    too_big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"x" * (LIMIT - 8),
                                 content_type="application/pdf")
    assert too_big.size == LIMIT + 1
    response = admin_client.post("/admin/documents/add/",
                                 {"title": "Too big", "file": too_big, **root()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This file is too big" in html
    assert Document.objects.count() == before
    too_big.seek(0)
    response = admin_client.post("/admin/documents/multiple/add/", {"files[]": too_big, **root()})
    assert response.json()["success"] is False
    assert Document.objects.count() == before


@pytest.mark.parametrize(
    ("language", "title"),
    [("az", "Yanlış sorğu"), ("en", "Bad request"), ("ru", "Некорректный запрос")],
)
def test_a_body_over_the_limit_gets_the_400_page_in_the_readers_language(db, settings, language,
                                                                         title):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT
    contact = ContactPage.objects.get()
    poll = PollPage.objects.get()
    for page, data in [(contact, {**valid(language), "mesajiniz": "x" * (LIMIT + 1)}),
                       (poll, {"choice": "1", "padding": "y" * (LIMIT + 1)})]:
        response = Client().post(url_of(page, language), data)
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        assert title in html
    assert not FormSubmission.objects.exists() and not Vote.objects.exists()
