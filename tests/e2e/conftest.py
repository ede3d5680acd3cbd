"""Browser tests: the portal served on a free loopback port against a fresh PostgreSQL database
with the demo content, driven by Playwright in Debian's Chromium.

Every page a test opens fails the test on a browser console error or on a request to any host
other than the portal's own.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PG = os.environ.get("E2E_POSTGRES", "postgres://postgres@127.0.0.1:5432")
LANGUAGES = ["az", "en", "ru"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e is a browser test (CI's SQLite pass leaves them out)."""
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _database():
    """Browser tests talk to their own server and database, never to the test database."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Migrate, fill the translated columns and load the demo content in one Django process (each
# start of manage.py costs seconds on a busy 2-core machine). DEBUG=1 only for this set-up:
# load_demo_content makes demo users only in development; the server itself runs with DEBUG=0.
SET_UP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("update_translation_fields", verbosity=0)
call_command("load_demo_content", with_demo_users=True)
"""


def _set_up_database(env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SET_UP],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        raise RuntimeError(f"setting up the database failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextlib.contextmanager
def serve(env, ready_path):
    """The portal's development server on a free loopback port with ``env``: its base URL once
    ``ready_path`` answers (60 s at most), stopped with its children afterwards."""
    port = _free_port()
    # Absolute URLs (feeds, canonical links, citations) start with the site's address: this one.
    subprocess.run([sys.executable, "manage.py", "set_site_address", f"127.0.0.1:{port}"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}{ready_path}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the portal did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


@pytest.fixture(scope="session")
def portal():
    """A running portal with fresh demo content, plus the demo accounts' passwords."""
    name = f"khojaly_e2e_{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{name}",
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "0",
        "MEDIA_ROOT": str(ROOT / ".e2e-media" / name),
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    subprocess.run([sys.executable, "-m", "portal.createdb"], cwd=ROOT, env=env, check=True)
    output = _set_up_database(env)
    passwords = dict(re.findall(r"'(\w+)' with password (\S+)", output))
    try:
        with serve(env, "/az/") as base:
            yield {"base": base, "passwords": passwords, "env": env}
    finally:
        _drop_database(name)


def _drop_database(name):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class Watch:
    """Console errors and foreign requests seen by one browser context."""

    def __init__(self, base):
        self.origin = base
        self.console_errors = []
        self.foreign_requests = []

    def attach(self, context):
        def on_request(route):
            url = route.request.url
            if url.startswith(self.origin) or url.startswith(("data:", "blob:", "about:")):
                route.continue_()
            else:
                self.foreign_requests.append(url)
                route.abort()

        context.route("**/*", on_request)
        context.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        context.on("weberror", lambda error: self.console_errors.append(str(error.error)))


@pytest.fixture
def new_context(browser, portal):
    """Open browser contexts (desktop by default); each is checked when the test ends."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=portal["base"], **options)
        context.set_default_timeout(15_000)
        watch = Watch(portal["base"])
        watch.attach(context)
        contexts.append((context, watch))
        return context

    yield make
    problems = []
    for context, watch in contexts:
        context.close()
        problems += [f"console error: {text}" for text in watch.console_errors]
        problems += [f"request to another host: {url}" for url in watch.foreign_requests]
    assert problems == []


def fonts_loaded(page):
    """Wait until the page's fonts have arrived. Only the heading font is preloaded; the other
    subsets (Azerbaijani letters, Cyrillic) come when text needs them and swap in, which moves
    lines by a pixel or two: a test that measures the layout waits for them, or a busy machine
    decides what it measures."""
    page.evaluate("() => document.fonts.ready.then(() => document.fonts.status)")


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def run_axe(page):
    """axe-core from the npm package, injected from the local file; serious/critical only."""
    # Evaluated through the DevTools protocol: the portal's CSP forbids inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def sign_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def page_type_paths(page, language):
    """One path per parent in the sitemap: each section, and one child of each section."""
    sitemap = page.request.get("/sitemap.xml")
    assert sitemap.ok
    paths, parents = [], set()
    for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.text()):
        path = urlsplit(loc).path
        if not path.startswith(f"/{language}/"):
            continue
        depth = path.strip("/").count("/")
        parent = path if depth < 2 else path.rstrip("/").rsplit("/", 1)[0]
        if parent not in parents:
            parents.add(parent)
            paths.append(path)
    return paths
