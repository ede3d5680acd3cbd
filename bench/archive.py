"""make bench-archive: how long the archive takes to build, how large it is and how much memory
it needs, on the demo site and on the benchmark's large site.

For each database: a full build, then one news item published (its English title changed) and
an incremental build, each in a process of its own (so each peak memory is its own), with
DEBUG off. Figures in bench/results/archive.json: each build's own seconds, the wall time with
Django's start-up, the CPU time of its process (the steadier figure on a shared machine) and
the load average sampled every minute while it ran; a site not measured this time keeps its
earlier figures. The large site is the one bench/build.py builds (make bench builds it in
BENCH_DATABASE_URL).

    ARCHIVE_DATABASES="demo=sqlite:///db.sqlite3 large=postgres://…/bench" make bench-archive
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "archive.json"
# A full build of the large site on a shared 2-core machine may take well over an hour.
TIMEOUT = int(os.environ.get("ARCHIVE_BENCH_TIMEOUT", str(4 * 3600)))

FULL = """
import json
from preservation import build
report = build.build(full=True)
print("REPORT" + json.dumps(report.__dict__))
"""
AFTER_ONE_PUBLISH = """
import json
from django.utils import translation
from pages.models import NewsPage
from preservation import build
item = NewsPage.objects.live().order_by("-date", "pk").first()
with translation.override("en"):
    item.title = item.title + " (corrected)"
item.save_revision().publish()
report = build.build(full=False)
print("REPORT" + json.dumps(report.__dict__))
"""


def cpu_seconds_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class LoadSampler(threading.Thread):
    """The 1-minute load average now and every minute until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples = [os.getloadavg()[0]]
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(60):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict:
        self.stopped.set()
        self.samples.append(os.getloadavg()[0])
        ordered = sorted(self.samples)
        return {"min": round(ordered[0], 2), "median": round(ordered[len(ordered) // 2], 2),
                "max": round(ordered[-1], 2), "samples": len(ordered)}


def run(code: str, env: dict) -> dict:
    started = time.monotonic()
    cpu_before = cpu_seconds_of_children()
    sampler = LoadSampler()
    sampler.start()
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT,
        )
    finally:
        load = sampler.stop()
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    line = next(line for line in result.stdout.splitlines() if line.startswith("REPORT"))
    report = json.loads(line.removeprefix("REPORT"))
    report["wall_seconds"] = round(time.monotonic() - started, 1)  # with Django's start-up
    report["cpu_seconds"] = round(cpu_seconds_of_children() - cpu_before, 1)  # with it too
    report["load_average"] = load
    return report


def measure(name: str, database_url: str) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"archive-bench-{name}-"))
    # The archive names the default site's address (PRESERVATION_BASE_URL unset): the sitemap,
    # the feeds and the share pictures give absolute addresses from it, so another base would
    # leave them out of the crawl (no seeds from the sitemap, an empty offline search, no share
    # cards) and time a smaller build than a real one.
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "PRESERVATION_ROOT": str(root),
           "PRESERVATION_BASE_URL": "",
           "ALLOWED_HOSTS": "localhost,127.0.0.1,[::1],testserver"}
    full = run(FULL, env)
    incremental = run(AFTER_ONE_PUBLISH, env)
    keys = ("seconds", "wall_seconds", "cpu_seconds", "captured", "kept", "removed", "files",
            "site_bytes", "warc_bytes", "peak_memory_mb", "load_average")
    return {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "full": {key: full[key] for key in keys},
            "after_one_publish": {key: incremental[key] for key in keys}}


def main():
    databases = dict(item.split("=", 1) for item in os.environ.get(
        "ARCHIVE_DATABASES", f"demo=sqlite:///{ROOT / 'db.sqlite3'}").split())
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"sites": {}}
    results["cores"] = os.cpu_count()
    for name, url in databases.items():
        results["sites"][name] = measure(name, url)
        print(name, json.dumps(results["sites"][name], indent=1), file=sys.stderr)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
