"""Links: creation rules, safe external links in each language, the admin, and check_links."""

import http.server
import io
import socket
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
from pages.management.commands.check_links import is_public_address
from pages.models import HomePage, Link, LinkGroup, LinksPage
from tests.conftest import ANSWERING_TIMEOUT, LANGUAGES
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
    # An Azerbaijani browser gets the admin in English (core.admin_language).
    assert "Last automatic check" in page_html
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
    """Only links to the local server: the tests never reach the internet.

    The server is on loopback, which check_links refuses unless the operator allows the host.
    It answers every link, so the timeout is one it never reaches (timeouts: silent_link).
    """
    settings.PORTAL_LINK_CHECK_TIMEOUT = ANSWERING_TIMEOUT
    settings.PORTAL_LINK_CHECK_ALLOWED_HOSTS = ["127.0.0.1"]
    Link.objects.all().delete()
    group = LinkGroup.objects.filter(page=links_page).first()
    return {
        name: Link.objects.create(group=group, title_az=name, url=f"{local_server}/{name}")
        for name in ("ok", "missing", "moved", "get-only")
    }


@pytest.fixture
def silent_link(links_page, silent_server, settings):
    """The only link, to a server that never answers, with a short timeout."""
    settings.PORTAL_LINK_CHECK_TIMEOUT = 0.5
    settings.PORTAL_LINK_CHECK_ALLOWED_HOSTS = ["127.0.0.1"]
    Link.objects.all().delete()
    group = LinkGroup.objects.filter(page=links_page).first()
    return Link.objects.create(group=group, title_az="silent", url=f"{silent_server}/page")


def test_check_links_reports_broken_links_and_exits_non_zero(checked_links, local_server):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_links", stdout=out)
    assert error.value.returncode == 1
    assert str(error.value) == "Checked 4 link(s): 1 broken."
    lines = out.getvalue().splitlines()
    assert [line for line in lines if line.startswith("BROKEN")] == [
        f"BROKEN  {local_server}/missing  HTTP 404"]


def test_check_links_reports_a_server_that_never_answers_as_timed_out(silent_link):
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_links", stdout=out)
    assert str(error.value) == "Checked 1 link(s): 1 broken."
    assert f"BROKEN  {silent_link.url}  timed out after 0.5 s" in out.getvalue().splitlines()
    silent_link.refresh_from_db()
    assert (silent_link.last_ok, silent_link.last_status) == (False, None)
    assert silent_link.last_error == "timed out after 0.5 s"


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


def test_check_links_process_exit_code(silent_link, local_server, settings, capsys, monkeypatch):
    """Run as from the shell: the process exits with status 1 when a link is broken, and
    ``--timeout`` wins over the setting."""
    # run_from_argv closes the database connections at the end; the test's transaction
    # needs its connection.
    from django.core.management import base

    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    settings.PORTAL_LINK_CHECK_TIMEOUT = ANSWERING_TIMEOUT
    with pytest.raises(SystemExit) as exit_info:
        CheckLinksCommand().run_from_argv(["manage.py", "check_links", "--timeout", "0.5"])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "Checked 1 link(s): 1 broken." in captured.err
    assert "timed out after 0.5 s" in captured.out
    silent_link.url = f"{local_server}/ok"
    silent_link.save()
    CheckLinksCommand().run_from_argv(["manage.py", "check_links"])  # No SystemExit: status 0.


def test_editors_see_the_last_check_in_the_admin(admin_client, silent_link, local_server,
                                                 links_page, settings):
    edit_url = reverse("wagtailadmin_pages:edit", args=[links_page.pk])
    with pytest.raises(CommandError):
        call_command("check_links", stdout=io.StringIO())
    assert "timed out after 0.5 s" in admin_client.get(edit_url).content.decode()
    silent_link.url = f"{local_server}/missing"
    silent_link.save()
    settings.PORTAL_LINK_CHECK_TIMEOUT = ANSWERING_TIMEOUT
    with pytest.raises(CommandError):
        call_command("check_links", stdout=io.StringIO())
    html = admin_client.get(edit_url).content.decode()
    assert "Last automatic check" in html
    assert "404" in html


# check_links must not fetch the portal's own network (SSRF) ------------------------------------

REFUSED = "refused: private address"


class TargetHandler(http.server.BaseHTTPRequestHandler):
    """A service an attacker would like to read; redirects when the server has redirect_to."""

    def do_HEAD(self):  # noqa: N802
        if self.server.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


class RecordingServer(http.server.ThreadingHTTPServer):
    """Records every TCP connection it accepts, to prove check_links opened none."""

    daemon_threads = True

    def __init__(self, redirect_to=None):
        super().__init__(("127.0.0.1", 0), TargetHandler)
        self.redirect_to = redirect_to
        self.connections = []

    @property
    def port(self):
        return self.server_address[1]

    def verify_request(self, request, client_address):
        self.connections.append(client_address)
        return True

    def connections_so_far(self):
        """Connections accepted before now: the server accepts in order, so one probe of our
        own, once recorded, proves every earlier connection has been recorded too."""
        with socket.create_connection(self.server_address, timeout=ANSWERING_TIMEOUT) as probe:
            mark = probe.getsockname()
            deadline = time.monotonic() + ANSWERING_TIMEOUT
            while mark not in self.connections and time.monotonic() < deadline:
                time.sleep(0.01)
        return self.connections[: self.connections.index(mark)]


@pytest.fixture
def start_server():
    servers = []

    def start(redirect_to=None):
        server = RecordingServer(redirect_to)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def check_link(links_page, settings):
    """Run check_links on a single link, as cron would, with no allow-list unless changed."""
    settings.PORTAL_LINK_CHECK_TIMEOUT = ANSWERING_TIMEOUT
    settings.PORTAL_LINK_CHECK_ALLOWED_HOSTS = []
    group = LinkGroup.objects.filter(page=links_page).first()

    def check(url):
        Link.objects.all().delete()
        link = Link.objects.create(group=group, title_az="Hücum", url=url)
        out = io.StringIO()
        with pytest.raises(CommandError) as error:
            call_command("check_links", stdout=out)
        assert error.value.returncode == 1
        assert str(error.value) == "Checked 1 link(s): 1 broken."
        link.refresh_from_db()
        return link, out.getvalue().splitlines()

    return check


def assert_refused(link, lines):
    assert (link.last_ok, link.last_status, link.last_error) == (False, None, REFUSED)
    assert f"BROKEN  {link.url}  {REFUSED}" in lines


def test_check_links_refuses_a_loopback_server(check_link, start_server, admin_client, links_page):
    server = start_server()
    link, lines = check_link(f"http://127.0.0.1:{server.port}/secret")
    assert_refused(link, lines)
    assert server.connections_so_far() == []
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[links_page.pk]))
    assert REFUSED in html.content.decode()


@pytest.mark.parametrize(
    "template",
    [
        "https://127.0.0.1:{port}/secret",
        "http://127.1:{port}/secret",
        "http://2130706433:{port}/secret",  # 127.0.0.1 as one number.
        "http://0.0.0.0:{port}/secret",
        "http://[::1]:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
    ],
)
def test_check_links_refuses_other_spellings_of_loopback(check_link, start_server, template):
    server = start_server()
    link, lines = check_link(template.format(port=server.port))
    assert_refused(link, lines)
    assert server.connections_so_far() == []


def test_check_links_refuses_the_cloud_metadata_address_before_connecting(check_link,
                                                                          monkeypatch):
    attempted = []
    connect = socket.create_connection

    def recorded(address, *args, **kwargs):
        attempted.append(address)
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recorded)
    link, lines = check_link("http://169.254.169.254/latest/meta-data/")
    assert_refused(link, lines)
    assert attempted == []  # refused before any connection, not after a timeout


def test_check_links_refuses_a_host_name_that_resolves_to_loopback(check_link, start_server):
    server = start_server()
    link, lines = check_link(f"http://localhost:{server.port}/secret")
    assert_refused(link, lines)
    assert server.connections_so_far() == []


def test_check_links_refuses_a_redirect_from_an_allowed_host_to_a_private_address(
    check_link, start_server, settings
):
    """The allow-list names hosts (case-insensitively) and each redirect hop is checked again."""
    target = start_server()
    allowed = start_server(redirect_to=f"http://127.0.0.1:{target.port}/secret")
    settings.PORTAL_LINK_CHECK_ALLOWED_HOSTS = ["LocalHost"]
    link, lines = check_link(f"http://localhost:{allowed.port}/start")
    assert_refused(link, lines)
    assert allowed.connections_so_far() != []  # The allowed host was asked, and redirected.
    assert target.connections_so_far() == []


def test_check_links_does_not_follow_a_redirect_to_ftp(check_link, start_server, settings):
    """urllib would follow a redirect to ftp:// with its unguarded FTP handler."""
    target = start_server()
    allowed = start_server(redirect_to=f"ftp://127.0.0.1:{target.port}/secret")
    settings.PORTAL_LINK_CHECK_ALLOWED_HOSTS = ["localhost"]
    link, lines = check_link(f"http://localhost:{allowed.port}/start")
    assert link.last_ok is False
    assert f"BROKEN  {link.url}  unknown url type: ftp" in lines
    assert target.connections_so_far() == []


def test_check_links_fetches_an_allowed_host(check_link, start_server, settings):
    server = start_server()
    settings.PORTAL_LINK_CHECK_ALLOWED_HOSTS = ["localhost"]
    Link.objects.all().delete()
    link = Link.objects.create(
        group=LinkGroup.objects.first(), title_az="Güzgü", url=f"http://localhost:{server.port}/"
    )
    call_command("check_links", stdout=io.StringIO())
    link.refresh_from_db()
    assert (link.last_ok, link.last_status, link.last_error) == (True, 200, "")
    assert server.connections_so_far() != []


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("10.0.0.1", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("127.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fd00:ec2::254", False),  # The cloud metadata service over IPv6.
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::", False),
        ("224.0.0.1", False),
        ("ff02::1", False),
        ("255.255.255.255", False),
        ("fec0::1", False),
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1.
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1.
        ("93.184.216.34", True),
        ("2606:2800:220:1::1", True),
        ("::ffff:93.184.216.34", True),
        ("64:ff9b::5db8:d822", True),  # NAT64 of 93.184.216.34.
    ],
)
def test_address_classifier(address, public):
    assert is_public_address(address) is public
