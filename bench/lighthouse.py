"""`make lighthouse`: Lighthouse mobile scores of the home page, the memorial article and the news
index in az, en and ru, with the portal served as in production, on loopback.

1. A throwaway PostgreSQL database (on LIGHTHOUSE_POSTGRES, default the local server) gets the
   demo content; static files are collected (WhiteNoise, hashed and compressed names).
2. A private redis-server and gunicorn with deploy/gunicorn.conf.py and the production settings
   (page cache on, plain HTTP: no HTTPS redirect); each page is requested once first, so
   Lighthouse reads it from the page cache as a reader would.
3. Lighthouse (npm package `lighthouse`, package.json) runs Debian's Chromium (CHROME_PATH,
   default /usr/bin/chromium) headless with its defaults for mobile: a Moto G Power sized screen,
   simulated slow 4G and a 4x slower CPU. LIGHTHOUSE_RUNS (default 1) runs per page; the median
   performance score counts. Chromium talks to no other host (the machine's network is closed).
4. Writes bench/results/lighthouse.json and prints a table. Targets (issue 18, item 10):
   performance >= 95, accessibility, best practices and SEO 100.

A benchmark, not a test: `make test` does not run it. The database and servers are removed at
the end.
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.languages import CODES  # noqa: E402
from tests.servers import (  # noqa: E402
    Gunicorn,
    RedisServer,
    free_port,
    http,
    manage,
    production_env,
)

RESULTS = BASE_DIR / "bench" / "results" / "lighthouse.json"
LIGHTHOUSE = BASE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
POSTGRES = os.environ.get("LIGHTHOUSE_POSTGRES", "postgres://postgres@127.0.0.1:5432")
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "1"))
LANGUAGES = CODES
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = {
    "first-contentful-paint": "FCP ms", "largest-contentful-paint": "LCP ms",
    "total-blocking-time": "TBT ms", "cumulative-layout-shift": "CLS", "speed-index": "SI ms",
}

URLS_CODE = r"""
from django.conf import settings
import json
from django.utils import translation
from pages.models import HomePage, MemorialArticlePage, NewsIndexPage
pages = {
    "home": HomePage.objects.live().get(),
    "article": MemorialArticlePage.objects.live().order_by("path").first(),
    "news index": NewsIndexPage.objects.live().order_by("path").first(),
}
urls = {}
for name, page in pages.items():
    for code in [code for code, _name in settings.LANGUAGES]:
        with translation.override(code):
            urls.setdefault(name, {})[code] = page.get_url()
print(json.dumps(urls))
"""


def log(message):
    print(f"[lighthouse {time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_tools():
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BASE_DIR, check=True)
    if not Path(CHROME).exists():
        sys.exit(f"Chromium is missing at {CHROME}: apt-get install chromium (or set CHROME_PATH)")


def database(action, name):
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        if action == "create":
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        else:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


def lighthouse(url, output: Path, attempts=3) -> dict:
    """One Lighthouse run (mobile, the default form factor); its JSON report. A run that fails
    (on a busy machine Chromium's trace sometimes misses the navigation: NO_NAVSTART) is
    tried again."""
    for attempt in range(1, attempts + 1):
        output.unlink(missing_ok=True)
        result = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
             "--max-wait-for-load=60000"],
            cwd=BASE_DIR, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True,
            text=True, timeout=300,
        )
        if result.returncode == 0 and output.exists():
            return json.loads(output.read_text())
        reason = (result.stderr or result.stdout).strip()[-300:]
        log(f"run {attempt} of {attempts} failed: {reason}")
    raise RuntimeError(f"lighthouse failed on {url}:\n{result.stdout}\n{result.stderr}")


def summary(report: dict) -> dict:
    """Scores (0-100), the main metrics and every audit that kept a score below 100."""
    audits = report["audits"]
    failing, diagnostics = {}, {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if audit["score"] is None or audit["score"] >= 1:
                continue
            # Weighted audits make the score; the others (HSTS, CSP ...) are only reported.
            nodes = [item["node"].get("snippet", "") for item in
                     (audit.get("details") or {}).get("items", []) if "node" in item][:3]
            (failing if ref["weight"] else diagnostics).setdefault(category, []).append(
                f"{audit['id']} ({audit['score']:.2f}): {audit['title']}"
                + (f" - {audit['displayValue']}" if audit.get("displayValue") else "")
                + (f" at {' '.join(nodes)}" if nodes and category != "performance" else "")
            )
    origin = urllib.parse.urlsplit(report["finalDisplayedUrl"]).netloc
    requested = {urllib.parse.urlsplit(item["url"]).netloc
                 for item in audits["network-requests"]["details"]["items"]}
    return {
        "scores": {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "requests": len(audits["network-requests"]["details"]["items"]),
        "other_hosts": sorted(host for host in requested if host and host != origin),
        "metrics": {
            label: round(audits[key]["numericValue"], 3) if key.startswith("cumul")
            else round(audits[key]["numericValue"])
            for key, label in METRICS.items()
        },
        "below_100": failing,
        "diagnostics": diagnostics,
        "warnings": report.get("runWarnings", []),
    }


def chromium_version() -> str:
    result = subprocess.run([CHROME, "--version"], capture_output=True, text=True, timeout=30)
    return result.stdout.strip()


def main():
    ensure_tools()
    workdir = Path(tempfile.mkdtemp(prefix="portal-lighthouse-"))
    name = f"khojaly_lighthouse_{uuid.uuid4().hex[:8]}"
    redis = RedisServer(port=free_port(6710, 6719)).start()
    app = None
    started = time.time()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    try:
        database("create", name)
        env = production_env(
            f"{POSTGRES}/{name}", redis.url, STATIC_ROOT=workdir / "static",
            MEDIA_ROOT=workdir / "media", SECURE_SSL_REDIRECT="0", OPS_LOG_LEVEL="WARNING",
        )
        log("migrating and loading the demo content")
        manage(env, "migrate", "--noinput", timeout=600)
        manage(env, "update_translation_fields", "--verbosity", "0")
        manage(env, "load_demo_content", timeout=600)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0", timeout=300)
        urls = json.loads(manage(env, code=URLS_CODE).strip().splitlines()[-1])
        app = Gunicorn({**env, "GUNICORN_ACCESS_LOG": ""}, workdir,
                       port=free_port(8790, 8799)).start()
        for per_language in urls.values():
            for path in per_language.values():
                for _ in range(2):  # the second answer comes from the page cache
                    assert http(app.base + path, https=False).status == 200, path
        pages = {}
        for page, per_language in urls.items():
            for language in LANGUAGES:
                url = app.base + per_language[language]
                log(f"{page} ({language}): {url}")
                runs = [summary(lighthouse(url, workdir / f"report-{page}-{language}-{i}.json"))
                        for i in range(RUNS)]
                runs.sort(key=lambda run: run["scores"]["performance"])
                chosen = runs[len(runs) // 2]  # the median run by performance
                chosen["performance_runs"] = [run["scores"]["performance"] for run in runs]
                pages.setdefault(page, {})[language] = {"url": per_language[language], **chosen}
        result = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
            "minutes": round((time.time() - started) / 60, 1),
            "conditions": {
                "lighthouse": json.loads((LIGHTHOUSE.parent.parent / "package.json")
                                         .read_text())["version"],
                "chromium": chromium_version(),
                "form_factor": "mobile (Lighthouse default: Moto G Power screen, simulated "
                               "slow 4G, 4x CPU slowdown)",
                "server": "gunicorn (deploy/gunicorn.conf.py, 2 workers x 2 threads), "
                          "production settings, page cache in a private Redis, WhiteNoise, "
                          "plain HTTP on 127.0.0.1, PostgreSQL, demo content",
                "runs_per_page": RUNS,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "load_average_at_start": load_at_start,
                "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "targets": TARGETS,
            "pages": pages,
        }
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print_table(result)
    finally:
        if app is not None:
            app.stop()
        redis.remove()
        database("drop", name)
        shutil.rmtree(workdir, ignore_errors=True)


def print_table(result):
    header = ["page", "lang", "perf", "a11y", "best", "seo", *METRICS.values()]
    print("\n" + " | ".join(header))
    missed = []
    for page, per_language in result["pages"].items():
        for language, run in per_language.items():
            scores = run["scores"]
            cells = []
            for category in CATEGORIES:
                mark = "" if scores[category] >= TARGETS[category] else " *"
                cells.append(f"{scores[category]}{mark}")
                if mark:
                    missed.append(f"{page} ({language}) {category} {scores[category]}: "
                                  + "; ".join(run["below_100"].get(category, [])))
            print(" | ".join([page, language, *cells, *map(str, run["metrics"].values())]))
            if run["other_hosts"]:
                missed.append(f"{page} ({language}) asked other hosts: {run['other_hosts']}")
    print(f"\n{RESULTS.relative_to(BASE_DIR)}; * below target")
    for line in missed:
        print(line)


if __name__ == "__main__":
    main()
