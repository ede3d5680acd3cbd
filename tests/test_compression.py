"""HTML is sent compressed to readers who ask for it, but never a page holding a secret
(issue 18, item 10; BREACH): a page with a CSRF form, or anything a signed-in user sees,
goes out as it is. The page cache keeps plain bodies, so hits are right with and without
``Accept-Encoding``."""

import gzip

import pytest
from django.test import Client
from django.utils import translation

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


def body(response) -> bytes:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


@pytest.fixture
def memorial_url(memorial):
    with translation.override("en"):
        return memorial.get_url()


@pytest.fixture
def contact_url(db):
    from pages.models import ContactPage

    with translation.override("en"):
        return ContactPage.objects.live().get().get_url()


def test_a_public_page_is_gzipped_when_asked(client, memorial_url):
    compressed = client.get(memorial_url, **GZIP)
    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(compressed)
    plain = client.get(memorial_url)
    assert not plain.has_header("Content-Encoding")
    assert "accept-encoding" in vary(plain)
    html = gzip.decompress(compressed.content)
    assert html.startswith(b"<!DOCTYPE html>") and b"</html>" in html
    assert len(compressed.content) < len(plain.content) / 2
    assert int(compressed["Content-Length"]) == len(compressed.content)


def test_the_home_page_and_a_feed_are_gzipped(client):
    assert client.get("/az/", **GZIP)["Content-Encoding"] == "gzip"
    assert client.get("/sitemap.xml", **GZIP)["Content-Encoding"] == "gzip"


def test_a_page_with_a_csrf_form_is_not_compressed(client, contact_url):
    response = client.get(contact_url, **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_a_page_with_a_csrf_form_is_not_compressed_with_a_csrf_cookie(client, contact_url):
    client.get(contact_url)  # the reader already holds a CSRF cookie
    response = client.get(contact_url, **GZIP)
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


def test_a_signed_in_user_gets_nothing_compressed(admin_client, memorial_url):
    page = admin_client.get(memorial_url, **GZIP)
    assert page.status_code == 200
    assert not page.has_header("Content-Encoding")
    admin = admin_client.get("/admin/", **GZIP)
    assert admin.status_code == 200
    assert not admin.has_header("Content-Encoding")


def test_a_post_is_not_compressed(client, contact_url):
    response = client.post(contact_url, {}, **GZIP)
    assert not response.has_header("Content-Encoding")


@pytest.mark.parametrize("first", ["gzip", "plain"])
def test_cached_pages_are_served_right_with_and_without_accept_encoding(
    settings, memorial_url, first
):
    settings.PAGE_CACHE_ENABLED = True
    reader = Client()
    asks = {"gzip": GZIP, "plain": {}}
    order = [first, "plain" if first == "gzip" else "gzip", first, "gzip", "plain"]
    responses = [(ask, reader.get(memorial_url, **asks[ask])) for ask in order]
    assert [r["X-Cache"] for _ask, r in responses] == ["MISS", "HIT", "HIT", "HIT", "HIT"]
    html = body(responses[0][1])
    for ask, response in responses:
        assert response.status_code == 200
        assert (response.get("Content-Encoding") == "gzip") == (ask == "gzip"), ask
        assert "accept-encoding" in vary(response)
        assert body(response) == html


def test_a_cached_page_with_a_form_is_never_stored_nor_compressed(settings, contact_url):
    settings.PAGE_CACHE_ENABLED = True
    reader = Client()
    for _ in range(2):
        response = reader.get(contact_url, **GZIP)
        assert response["X-Cache"] == "BYPASS"
        assert not response.has_header("Content-Encoding")
