"""Simultaneous votes through the real view over HTTP: every one is counted.

A real threaded HTTP server (a bounded pool of workers, as in production) serves the portal on a
loopback port; at least 200 votes are fired at it at once on PostgreSQL. On SQLite, which takes
one writer at a time, fewer votes are fired and the server runs one worker; the assertions are the
same. The test commits its own poll (from a thread with its own connection) and removes it
afterwards, so the demo tree the rest of the suite reads is never flushed.
"""

import concurrent.futures
import re
import socket
import threading
import urllib.parse
import urllib.request
from socketserver import TCPServer

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.db import connection, connections
from django.utils import translation

from pages.models import HomePage
from polls.models import PollChoice, PollPage, Vote
from tests.factories import create_page

pytestmark = pytest.mark.servers

POSTGRES = connection.vendor == "postgresql"
VOTES = 240 if POSTGRES else 40
WORKERS = 24 if POSTGRES else 1
PORTS = range(8340, 8350)


def in_thread(function):
    """Run database work on a connection of its own, outside the test's rolled-back transaction,
    so that it is committed and the server's workers see it."""
    result = {}

    def run():
        try:
            result["value"] = function()
        except BaseException as error:  # re-raised in the test's thread
            result["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class PoolServer(WSGIServer):
    """A WSGI server with a bounded pool of worker threads."""

    request_queue_size = 512

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)

    def process_request(self, request, client_address):
        self.pool.submit(self._work, request, client_address)

    def _work(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            connections.close_all()


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("No free port in 8340-8349")


@pytest.fixture
def server(settings):
    settings.TRUSTED_PROXY_COUNT = 1  # as behind a proxy that appends X-Forwarded-For
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    TCPServer.allow_reuse_address = True
    httpd = PoolServer(("127.0.0.1", free_port()), QuietHandler, workers=WORKERS,
                       ipv6=False, allow_reuse_address=True)
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.pool.shutdown(wait=True)
    httpd.server_close()


@pytest.fixture
def committed_poll():
    def create():
        return create_page(
            HomePage.objects.get(),
            PollPage,
            title={"az": "Eyni anda", "en": "Concurrent poll"},
            question={"az": "Sual?", "en": "Question?"},
            choices=[PollChoice(label_az=label) for label in ("a", "b", "c")],
        )

    def remove():
        Vote.objects.filter(poll=poll).delete()
        PollPage.objects.get(pk=poll.pk).delete()
        return PollPage.objects.filter(pk=poll.pk).exists()

    poll = in_thread(create)
    cache.clear()
    yield poll
    assert in_thread(remove) is False
    cache.clear()


def test_simultaneous_votes_are_all_counted(server, committed_poll):
    # Every query runs in a thread of its own: the test's own connection reads nothing, so on
    # SQLite it holds no lock that would block the server's writers.
    def details():
        with translation.override("en"):
            path = committed_poll.url
        return path, list(committed_poll.choices.order_by("sort_order", "pk")
                          .values_list("pk", flat=True))

    path, choice_ids = in_thread(details)
    url = server + path
    # One page view gives the CSRF cookie and token every vote sends.
    with urllib.request.urlopen(url) as response:
        html = response.read().decode()
        cookie = response.headers["Set-Cookie"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    start = threading.Barrier(VOTES)

    def cast(number):
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "choice": choice_ids[number % 3]}
        ).encode()
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Cookie": f"csrftoken={csrf_cookie}",
            "X-Forwarded-For": f"10.{number // 250}.{number % 250}.1",
        })
        start.wait(timeout=60)
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status

    with concurrent.futures.ThreadPoolExecutor(max_workers=VOTES) as clients:
        statuses = list(clients.map(cast, range(VOTES)))
    assert statuses == [200] * VOTES

    def counted():
        votes = Vote.objects.filter(poll=committed_poll)
        results, total = PollPage.objects.get(pk=committed_poll.pk).results()
        return votes.count(), total, [r.votes for r in results], (
            votes.values("voter").distinct().count()
        )

    count, total, per_choice, voters = in_thread(counted)
    assert count == total == voters == VOTES
    assert per_choice == [len(range(i, VOTES, 3)) for i in range(3)]
