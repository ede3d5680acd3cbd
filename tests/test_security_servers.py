"""The attacks of the hostile review that depend on how the portal runs in production, tried
again over real HTTP against gunicorn with the production settings, PostgreSQL and Redis
(``SERVE_MEDIA_FILES`` on, page cache on, no proxy in front unless a test says so)."""

import json
import re
import secrets
import urllib.parse

import pytest

from tests.servers import PUBLIC_HOST, browser_headers, manage

pytestmark = pytest.mark.servers

PROPOSE = "/en/names/propose/"

ADD_FILES = """
import io, json
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as Picture
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

root = Collection.get_first_root_node()
private = root.add_child(name="Private papers %(tag)s")
CollectionViewRestriction.objects.create(
    collection=private, restriction_type=CollectionViewRestriction.LOGIN)
secret = Document.objects.create(
    title="Private", collection=private,
    file=ContentFile(b"%%PDF-1.4 private", name="private-%(tag)s.pdf"))
# As a contributor could upload before the allow-list: a page that loads an uploaded script.
script = Document.objects.create(
    title="Script", file=ContentFile(b"alert(document.cookie)", name="x-%(tag)s.js"))
page = Document.objects.create(
    title="Page", file=ContentFile(
        ('<script src="/media/' + script.file.name + '"></script>').encode(),
        name="x-%(tag)s.html"))
buffer = io.BytesIO()
Picture.new("RGB", (16, 16), (90, 20, 20)).save(buffer, "PNG")
image = Image.objects.create(title="Candle", file=ImageFile(buffer, name="candle-%(tag)s.png"))
print(json.dumps({
    "secret": [secret.pk, secret.file.name, secret.filename],
    "script": [script.pk, script.file.name, script.filename],
    "page": [page.pk, page.file.name, page.filename],
    "image": image.file.name,
}))
"""


def test_uploaded_files_never_run_and_private_ones_stay_private(portal_env, servers):
    files = json.loads(manage(portal_env, code=ADD_FILES % {"tag": secrets.token_hex(3)}))
    app = servers(portal_env)

    # /media/ serves pictures only: not the uploaded page, not its script, not a private file.
    for _pk, name, _filename in (files["page"], files["script"], files["secret"]):
        assert app.get(f"/media/{name}", host=PUBLIC_HOST).status == 404, name
    picture = app.get(f"/media/{files['image']}", host=PUBLIC_HOST)
    assert picture.status == 200 and picture.headers["Content-Type"] == "image/png"

    # Through the document view the page is a download that cannot run or load anything.
    pk, _name, filename = files["page"]
    served = app.get(f"/documents/{pk}/{filename}", host=PUBLIC_HOST)
    assert served.status == 200
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    policy = served.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy

    # A document in a login-restricted collection asks a reader to sign in.
    pk, _name, filename = files["secret"]
    refused = app.get(f"/documents/{pk}/{filename}", host=PUBLIC_HOST)
    assert refused.status == 302 and "/login" in refused.headers["Location"]
    assert b"private" not in refused.body


def _form(app, path):
    page = app.get(path, host=PUBLIC_HOST)
    assert page.status == 200, page.text[:500]
    cookies = {name: value for name, (value, _raw) in page.cookies().items()}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return cookies, token


def _propose(app, name, forwarded_for=None):
    cookies, token = _form(app, PROPOSE)
    headers = browser_headers(cookies, PROPOSE)
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    data = {
        "csrfmiddlewaretoken": token, "name_az": name, "name_ru": "", "name_en": "",
        "status": "missing", "birth_year": "1960", "age": "", "place": "Test place",
        "message": "A test proposal.", "sources_note": "Test", "contributor_name": "Tester",
        "email": "tester@example.org", "phone": "", "relationship": "", "consent": "on",
        "correction_of": "", "website": "",
    }
    return app.get(PROPOSE, host=PUBLIC_HOST, method="POST",
                   data=urllib.parse.urlencode(data).encode(),
                   headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})


@pytest.mark.parametrize("proxies, forwarded", [
    ("0", "198.51.100.{n}"),  # no proxy: the header is the client's own words
    ("1", "198.51.100.{n}, 203.0.113.50"),  # the proxy appended the reader's real address
])
def test_a_forged_forwarded_for_does_not_lift_the_proposal_limit(
    portal_env, servers, proxies, forwarded
):
    env = {**portal_env, "CACHE_KEY_PREFIX": f"forged-{secrets.token_hex(3)}",
           "REMEMBRANCE_CONTRIBUTION_LIMIT": "2", "TRUSTED_PROXY_COUNT": proxies}
    app = servers(env)
    statuses = [
        _propose(app, f"Forged Address {n}", forwarded_for=forwarded.format(n=n)).status
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]


def test_the_old_trust_everything_setting_is_refused_at_start(portal_env):
    with pytest.raises(RuntimeError, match="PORTAL_CLIENT_ADDRESS_HEADER is gone"):
        manage({**portal_env, "PORTAL_CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR"}, "check")


def test_readers_proposals_leave_every_page_cached(portal_env, servers):
    env = {**portal_env, "CACHE_KEY_PREFIX": f"proposals-{secrets.token_hex(3)}"}
    app = servers(env)
    for code in ("az", "en", "ru"):
        app.get(f"/{code}/", host=PUBLIC_HOST)
        assert app.get(f"/{code}/", host=PUBLIC_HOST).headers["X-Cache"] == "HIT"
    for n in range(3):
        assert _propose(app, f"Cache Test {n}").status == 302
    for code in ("az", "en", "ru"):
        assert app.get(f"/{code}/", host=PUBLIC_HOST).headers["X-Cache"] == "HIT", code


def test_production_headers_on_pages_and_the_admin(portal_env, servers):
    app = servers(portal_env)
    page = app.get("/en/", host=PUBLIC_HOST)
    assert "camera=()" in page.headers["Permissions-Policy"]
    assert page.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    admin = app.get("/admin/login/", host=PUBLIC_HOST)
    assert admin.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in admin.headers["Content-Security-Policy"]
