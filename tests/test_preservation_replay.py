"""The archive's WARC replayed in Webrecorder's pywb.

Every page of the sitemap, in every language, is asked of pywb on a loopback port and must
answer 200 with the main text the live site shows (its forms, which the archive turns into a
note, left out on both sides). pywb runs from its own virtualenv (make replay-tools), created
here when missing. The offline search is tested on the whole judged set in
tests/test_preservation_search.py.
"""

import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from tests.servers import free_port, stop_process

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parent.parent
WAYBACK = ROOT / ".venv-replay" / "bin" / "wayback"
BASE = "http://testserver"  # the site's configured address (tests/conftest.py)


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    from preservation import build

    root = tmp_path_factory.mktemp("replayed")
    with django_db_blocker.unblock(), override_settings(
        PRESERVATION_ROOT=root, PRESERVATION_BASE_URL=BASE
    ), translation.override("az"), transaction.atomic():
        build.build(full=True)
        transaction.set_rollback(True)
    return root / "current"


@pytest.fixture(scope="module")
def pywb(archive, tmp_path_factory):
    if not WAYBACK.exists():
        subprocess.run(["make", "replay-tools"], cwd=ROOT, check=True, timeout=600,
                       capture_output=True)
    warcs = archive / "data" / "warc"
    folder = tmp_path_factory.mktemp("pywb")
    (folder / "config.yaml").write_text(
        f"collections:\n  khojaly:\n    archive_paths: {warcs}/\n"
        f"    index_paths: {warcs}/index.cdxj\n"
    )
    port = free_port(8800, 8849)
    log = open(folder / "wayback.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(WAYBACK), "-p", str(port), "-b", "127.0.0.1"], cwd=folder,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/khojaly"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/id_/{BASE}/robots.txt", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((folder / "wayback.log").read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        stop_process(process)
        log.close()


def main_text(html: bytes) -> str:
    """What a reader reads in <main>, without forms and the archive's note about them."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    for element in main.select("form, .archive-note"):
        element.decompose()
    return " ".join(main.get_text(" ").split())


def sitemap_urls(archive):
    sitemap = archive / "data" / "site" / "sitemap.xml"
    return re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text())


def test_every_sitemap_page_replays_with_the_live_main_text(pywb, archive, client):
    urls = sitemap_urls(archive)
    assert len(urls) > 60
    for language in ("az", "en", "ru"):
        assert sum(f"{BASE}/{language}/" in url for url in urls) == len(urls) // 3
    for url in urls:
        with urllib.request.urlopen(f"{pywb}/id_/{url}", timeout=20) as replay:
            assert replay.status == 200, url
            replayed = replay.read()
        live = client.get(url.removeprefix(BASE), HTTP_HOST="localhost")
        assert live.status_code == 200, url
        assert main_text(replayed) == main_text(live.content), url


def test_replay_with_pywb_rewriting_serves_the_page_and_its_style_sheet(pywb, archive):
    with urllib.request.urlopen(f"{pywb}/2030mp_/{BASE}/en/", timeout=20) as replay:
        html = replay.read().decode()
    assert replay.status == 200
    sheet = re.search(r'href="([^"]*portal\.css)"', html).group(1)
    with urllib.request.urlopen(urllib.request.urljoin(f"{pywb}/2030mp_/{BASE}/en/", sheet),
                                timeout=20) as style:
        assert style.status == 200
        assert b"font-face" in style.read()
