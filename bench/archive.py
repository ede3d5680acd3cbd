"""make bench-archive: how long the archive takes to build, how large it is and how much memory
it needs, on the demo site and on the benchmark's large site.

For each database: a full build, then one news item published (its English title changed) and
an incremental build, each in a process of its own (so each peak memory is its own), with
DEBUG off. Figures in bench/results/archive.json. The large site is the one bench/build.py
builds (make bench builds it in BENCH_DATABASE_URL).

    ARCHIVE_DATABASES="demo=sqlite:///db.sqlite3 large=postgres://…/bench" make bench-archive
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "archive.json"

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


def run(code: str, env: dict) -> dict:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600,
    )
    if result.returncode:
        raise RuntimeError(result.stdout + result.stderr)
    line = next(line for line in result.stdout.splitlines() if line.startswith("REPORT"))
    report = json.loads(line.removeprefix("REPORT"))
    report["wall_seconds"] = round(time.monotonic() - started, 1)  # with Django's start-up
    return report


def measure(name: str, database_url: str) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"archive-bench-{name}-"))
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "portal.settings.dev", "PRESERVATION_ROOT": str(root),
           "PRESERVATION_BASE_URL": "https://khojaly.example",
           "ALLOWED_HOSTS": "khojaly.example,localhost,127.0.0.1"}
    full = run(FULL, env)
    incremental = run(AFTER_ONE_PUBLISH, env)
    keys = ("seconds", "wall_seconds", "captured", "kept", "removed", "files", "site_bytes",
            "warc_bytes", "peak_memory_mb")
    return {"full": {key: full[key] for key in keys},
            "after_one_publish": {key: incremental[key] for key in keys}}


def main():
    databases = dict(item.split("=", 1) for item in os.environ.get(
        "ARCHIVE_DATABASES", f"demo=sqlite:///{ROOT / 'db.sqlite3'}").split())
    results = {"when": time.strftime("%Y-%m-%d %H:%M"), "cores": os.cpu_count(), "sites": {}}
    for name, url in databases.items():
        results["sites"][name] = measure(name, url)
        print(name, json.dumps(results["sites"][name], indent=1), file=sys.stderr)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
