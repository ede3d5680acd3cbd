import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.servers import Gunicorn, PostgresCluster, RedisServer, manage, production_env

LANGUAGES = ["az", "en", "ru"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrate, fill the translated Page columns the sync step leaves empty, load the demo site.

    The demo tree is built once per run; each test runs in a transaction that is rolled back.
    """
    with django_db_blocker.unblock():
        call_command("update_translation_fields", verbosity=0)
        call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
        # Absolute URLs start with the site's address (core.site_root): the test client's.
        call_command("set_site_address", "testserver", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _database(db):
    """Every test may read the demo site; its changes are rolled back afterwards."""


@pytest.fixture(autouse=True)
def _default_language():
    with translation.override("az"):
        yield


@pytest.fixture
def home(db):
    from pages.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def memorial(db):
    from pages.models import MemorialArticlePage

    return MemorialArticlePage.objects.get()


@pytest.fixture
def about(db):
    from pages.models import StandardPage

    return StandardPage.objects.get(slug_en="about")


@pytest.fixture
def admin_client(db, client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def signed_in(django_user_model, username, group):
    """A client signed in as a new member of the group (Editors, Contributors)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def contributor(django_user_model):
    from editorial.setup import CONTRIBUTORS

    return signed_in(django_user_model, "leyla", CONTRIBUTORS)


@pytest.fixture
def editor(django_user_model):
    from editorial.setup import EDITORS

    return signed_in(django_user_model, "rashid", EDITORS)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The in-memory cache outlives each test's rolled-back transaction: empty it, so cached
    menus, settings and restricted paths never describe rows that were rolled back."""
    from django.core.cache import cache

    from ops.cache import forget_local_state

    cache.clear()
    forget_local_state()
    yield
    cache.clear()
    forget_local_state()


# -- the production stack on loopback (tests/servers.py) ---------------------------------
# Shared by every module that runs gunicorn with the production settings: one private
# PostgreSQL cluster and Redis, one migrated demo database, for the whole run.
@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.remove()


@pytest.fixture(scope="session")
def cluster():
    cluster = PostgresCluster().init().start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def portal_env(cluster, redis_server, workdir):
    """A migrated portal database with the demo content, and the collected static files."""
    cluster.create_database("khojaly_demo")
    env = production_env(
        cluster.url("khojaly_demo"),
        redis_server.url,
        STATIC_ROOT=workdir / "static",
        MEDIA_ROOT=workdir / "media",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "update_translation_fields", "--verbosity", "0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return env


@pytest.fixture
def servers(workdir):
    started = []

    def start(env, clocks=None, **extra):
        server = Gunicorn({**env, **{k: str(v) for k, v in extra.items()}}, workdir,
                          clocks=clocks)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


# -- a caching proxy's purge endpoint ----------------------------------------------------
class _Recorder(BaseHTTPRequestHandler):
    received: list[str] = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.received.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_endpoint(settings):
    """A caching proxy's purge endpoint on loopback that records what it is asked."""
    _Recorder.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {"http": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": f"http://127.0.0.1:{server.server_address[1]}/",
    }}
    yield _Recorder.received
    server.shutdown()
    server.server_close()


@pytest.fixture
def silent_server():
    """The address of a loopback server that never answers: it listens, the kernel accepts
    the connection, and nothing is ever read or sent. A client's timeout always fires, however
    fast or slow the machine is (a server that answers slowly would race the timeout)."""
    import socket

    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


# Long enough that a loopback server that answers is never cut off, however busy the machine
# is; only a silent_server ever reaches it, and tests that use one set a short timeout.
ANSWERING_TIMEOUT = 60


def in_baku(*moment):
    """A moment as the portal's readers count it (TIME_ZONE), for time_machine.move_to."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.conf import settings

    return datetime.datetime(*moment, tzinfo=ZoneInfo(settings.TIME_ZONE))


# -- figures the run prints at its end (the judged search set's score) --------------------
_SCORES: list[str] = []


def pytest_runtest_logreport(report):
    """Tests report figures as ``record_property("judged_search", ...)``; with pytest-xdist
    the report reaches the controller with its properties, so every worker's figure is shown."""
    if report.when == "call":
        _SCORES.extend(value for name, value in report.user_properties
                       if name == "judged_search")


def pytest_terminal_summary(terminalreporter):
    for score in _SCORES:
        terminalreporter.write_line(score)
