"""Links: creation rules, safe external links in each language, the admin, and check_links."""

import http.server
import io
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from pages.management.commands.check_links import Command as CheckLinksCommand
from pages.models import HomePage, Link, LinkGroup, LinksPage
from tests.conftest import LANGUAGES
from tests.html_checks import assert_only_local_resources, external_anchors

LINKS_URLS = {"az": "/az/kecidler/", "en": "/en/links/", "ru": "/ru/ssylki/"}
GROUPS = {
    "az": ["Ensiklopediya məqalələri", "İnsan hüquqları təşkilatları", "Veb arxivlər"],
    "en": ["Encyclopaedia articles", "Human rights organisations", "Web archives"],
    "ru": ["Энциклопедические статьи", "Правозащитные организации", "Веб-архивы"],
}


@pytest.fixture
def links_page(db):
    return LinksPage.objects.get()


class LinksTreeRulesTests(WagtailPageTestCase):
    def test_one_links_page_under_home_without_children(self):
        self.assertAllowedParentPageTypes(LinksPage, {HomePage})
        self.assertAllowedSubpageTypes(LinksPage, set())
        self.assertFalse(LinksPage.can_create_at(HomePage.objects.get()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_page_shows_groups_in_order_in_each_language(client, language):
    response = client.get(LINKS_URLS[language])
    assert response.status_code == 200
    html = response.content.decode()
    headings = [html.index(f">{title}</h2>") for title in GROUPS[language]]
    assert headings == sorted(headings)
    assert 'href="https://en.wikipedia.org/wiki/Khojaly_massacre"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_external_links_open_safely_in_the_same_window(client, language):
    html = client.get(LINKS_URLS[language]).content.decode()
    anchors = external_anchors(html)
    assert len(anchors) == 3
    for anchor in anchors:
        assert anchor["rel"] == "noopener noreferrer"
        assert "target" not in anchor
    # Nothing on the page is loaded from those sites.
    assert_only_local_resources(html)


def test_links_page_query_count_is_flat(client, links_page):
    def count():
        client.get("/en/links/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/links/").status_code == 200
        return len(queries)

    group = LinkGroup.objects.create(page=links_page, title_az="Qrup", sort_order=10)
    for number in range(10):
        Link.objects.create(group=group, title_az=f"K {number}", url=f"https://example.org/{number}")
    with_ten = count()
    for number in range(10, 100):
        Link.objects.create(group=group, title_az=f"K {number}", url=f"https://example.org/{number}")
    LinkGroup.objects.create(page=links_page, title_az="Başqa qrup", sort_order=11)
    assert count() == with_ten


def test_admin_edits_nested_groups_and_links_in_three_languages(admin_client, links_page, client):
    url = reverse("wagtailadmin_pages:edit", args=[links_page.pk])
    page_html = admin_client.get(url).content.decode()
    for field in ("title_az", "title_en", "title_ru", "description_ru"):
        assert f"link_groups-0-links-0-{field}" in page_html
    assert "Son avtomatik yoxlama" in page_html  # The admin speaks az by default.
    data = nested_form_data(
        {
            **{
                f"{name}_{code}": getattr(links_page, f"{name}_{code}")
                for name in ("title", "slug", "intro")
                for code in LANGUAGES
            },
            "link_groups": inline_formset(
                [
                    {
                        "title_az": "Muzeylər",
                        "title_en": "Museums",
                        "title_ru": "Музеи",
                        "links": inline_formset(
                            [
                                {
                                    "title_az": "Nümunə",
                                    "title_en": "Example",
                                    "title_ru": "Пример",
                                    "description_en": "A test site.",
                                    "url": "https://example.org/museum",
                                }
                            ]
                        ),
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get("/ru/ssylki/").content.decode()
    assert ">Музеи</h2>" in html
    assert (
        '<a href="https://example.org/museum" rel="noopener noreferrer" lang="ru">Пример</a>'
    ) in html


# check_links against a local server ----------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self, send_body):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/missing":
            self.send_response(404)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/ok")
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
        elif self.path == "/get-only":
            self.send_response(405 if self.command == "HEAD" else 200)
        else:
            self.send_response(500)
        body = b"hello" if send_body else b""
        self.send_header("Content-Length", str(len(body) if send_body else 0))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_HEAD(self):  # noqa: N802
        self._answer(send_body=False)

    def do_GET(self):  # noqa: N802
        self._answer(send_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def checked_links(links_page, local_server, settings):
    """Only links to the local server: the tests never reach the internet."""
    settings.PORTAL_LINK_CHECK_TIMEOUT = 0.5
    Link.objects.all().delete()
    group = LinkGroup.objects.filter(page=links_page).first()
    return {
        name: Link.objects.create(group=group, title_az=name, url=f"{local_server}/{name}")
        for name in ("ok", "missing", "moved", "slow", "get-only")
    }


def test_check_links_reports_broken_links_and_exits_non_zero(checked_links, local_server):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_links", stdout=out)
    assert error.value.returncode == 1
    assert str(error.value) == "Checked 5 link(s): 2 broken."
    lines = out.getvalue().splitlines()
    assert f"BROKEN  {local_server}/missing  HTTP 404" in lines
    assert f"BROKEN  {local_server}/slow  timed out after 0.5 s" in lines
    assert len([line for line in lines if line.startswith("BROKEN")]) == 2


def test_check_links_records_the_result_for_editors(checked_links, local_server):
    with pytest.raises(CommandError):
        call_command("check_links", stdout=io.StringIO())
    results = {
        name: Link.objects.get(pk=link.pk) for name, link in checked_links.items()
    }
    assert (results["ok"].last_ok, results["ok"].last_status) == (True, 200)
    assert (results["moved"].last_ok, results["moved"].last_status) == (True, 200)
    assert (results["get-only"].last_ok, results["get-only"].last_status) == (True, 200)
    assert (results["missing"].last_ok, results["missing"].last_status) == (False, 404)
    assert results["slow"].last_ok is False
    assert results["slow"].last_status is None
    assert results["slow"].last_error == "timed out after 0.5 s"
    assert all(link.last_checked_at is not None for link in results.values())


def test_check_links_reports_redirects_when_verbose(checked_links, local_server):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_links", stdout=out, verbosity=2)
    assert f"OK      {local_server}/moved  HTTP 200 (redirected to {local_server}/ok)" in (
        out.getvalue().splitlines()
    )


def test_check_links_exits_zero_when_all_work(checked_links):
    Link.objects.exclude(pk__in=[checked_links["ok"].pk, checked_links["moved"].pk]).delete()
    out = io.StringIO()
    call_command("check_links", stdout=out)
    assert out.getvalue().strip() == "Checked 2 link(s): 0 broken."


def test_check_links_process_exit_code(checked_links, capsys, monkeypatch):
    """Run as from the shell: the process exits with status 1 when a link is broken."""
    # run_from_argv closes the database connections at the end; the test's transaction
    # needs its connection.
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        CheckLinksCommand().run_from_argv(["manage.py", "check_links", "--timeout", "0.5"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "Checked 5 link(s): 2 broken." in captured.err
    Link.objects.filter(url__endswith=("/missing")).delete()
    Link.objects.filter(url__endswith=("/slow")).delete()
    CheckLinksCommand().run_from_argv(["manage.py", "check_links"])  # No SystemExit: status 0.


def test_editors_see_the_last_check_in_the_admin(admin_client, checked_links, links_page):
    with pytest.raises(CommandError):
        call_command("check_links", stdout=io.StringIO())
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[links_page.pk]))
    html = html.content.decode()
    assert "Son avtomatik yoxlama" in html
    assert "timed out after 0.5 s" in html
    assert "404" in html
