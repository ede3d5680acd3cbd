"""Security headers and the admin sign-in lockout, through the real views."""

import pytest
from django.test import Client

PASSWORD = "correct horse battery staple"


def directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


@pytest.mark.parametrize("code", ["az", "en", "ru"])
def test_public_pages_have_a_strict_content_security_policy(client, code):
    response = client.get(f"/{code}/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    # The pages really carry no inline script for that policy to block.
    html = response.content.decode()
    assert "<script>" not in html and "onclick=" not in html


def test_editors_user_bar_may_evaluate_scripts_but_readers_never(admin_client):
    editor = directives(admin_client.get("/en/")["Content-Security-Policy"])
    assert "'unsafe-eval'" in editor["script-src"]
    assert "'unsafe-inline'" not in editor["script-src"]
    reader = directives(Client().get("/en/")["Content-Security-Policy"])
    assert reader["script-src"] == ["'self'"]


def test_the_admin_gets_its_own_policy_that_lets_it_work(admin_client, home):
    response = admin_client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-eval'" in policy["script-src"]
    # Live preview frames the page from the admin itself.
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["frame-src"] == ["'self'"]


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(username, password, address="203.0.113.7", language="az"):
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}
    )
    return client, response


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_an_account_is_locked_after_repeated_failures_from_any_address(
    axes_on, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    client, response = sign_in("editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)

    for address in ["198.51.100.1", "198.51.100.2"]:
        _client, response = sign_in("editor", "wrong", address)
        assert response.status_code == 200  # the form again, with its error
    _client, response = sign_in("editor", "wrong", "198.51.100.3")
    assert response.status_code == 429  # the third failure locks the account
    # Now even the right password from a new address is refused.
    client, response = sign_in("editor", PASSWORD, "198.51.100.99", language="ru")
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert not signed_in(client)


def test_an_address_is_locked_after_repeated_failures_on_any_account(
    axes_on, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    for name in ["alice", "bob", "carol"]:
        sign_in(name, "guess", "192.0.2.50")
    client, response = sign_in("editor", PASSWORD, "192.0.2.50")
    assert response.status_code == 429
    assert "Sign-in temporarily blocked" in response.content.decode()
    assert not signed_in(client)
    # The editor is not locked out everywhere: another address signs in.
    client, response = sign_in("editor", PASSWORD, "192.0.2.51")
    assert response.status_code == 302 and signed_in(client)


def test_the_client_address_behind_trusted_proxies(settings, rf):
    from core.clients import client_address

    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.9"  # the forged 1.1.1.1 is ignored
    settings.TRUSTED_PROXY_COUNT = 2  # CDN, then the load balancer: the CDN saw 1.1.1.1
    assert client_address(request) == "1.1.1.1"
