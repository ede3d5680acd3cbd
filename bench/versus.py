"""Cache hits side by side (`make bench-versus`): the portal's page cache against Django's
per-site cache middleware in front of Wagtail's bakerydemo, in one interleaved run.

Two servers, each gunicorn with 2 sync workers on the same machine and PostgreSQL:

- ``portal``: production settings, the page cache in a private redis-server (what runs in
  production: one round trip to Redis per hit);
- ``bakerydemo``: Wagtail's bakerydemo (``BAKERYDEMO_DIR``, default ``../bakerydemo``, set up
  as docs/performance.md describes) with bench/bakerydemo_settings.py: ``UpdateCacheMiddleware``
  first, ``FetchFromCacheMiddleware`` last and a local-memory cache, as Django's documentation
  sets up the per-site cache.

For each kind of page (home, article, index, search results) wrk (2 threads, 32 connections,
5 s) runs against each server in turn, three rounds, so a slow moment of the machine falls on
all of them alike; the median of the rounds is compared. Without bakerydemo the portal is
measured alone, and the result says so.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.run import (  # noqa: E402
    RESULTS,
    URLS_CODE,
    bench_database,
    bench_env,
    ensure_site,
    ensure_tools,
    log,
    wrk,
)
from tests.servers import (  # noqa: E402
    Gunicorn,
    RedisServer,
    free_port,
    http,
    manage,
    stop_process,
    wait_for,
)

ROUNDS = int(os.environ.get("VERSUS_ROUNDS", "3"))
SECONDS = int(os.environ.get("VERSUS_SECONDS", "5"))
CONNECTIONS = 32
BAKERYDEMO_DIR = Path(os.environ.get("BAKERYDEMO_DIR", BASE_DIR.parent / "bakerydemo"))
BAKERY_PATHS = {"home": "/", "article": "/blog/wild-yeast/", "index": "/blog/",
                "search": "/search/?q=bread"}


class Bakerydemo:
    """bakerydemo under gunicorn, 2 sync workers, its per-site cache settings (bench.py)."""

    def __init__(self, directory: Path, port: int):
        self.directory, self.port, self.process = directory, port, None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
        env["DJANGO_SETTINGS_MODULE"] = "bakerydemo.settings.bench"
        self.process = subprocess.Popen(
            [str(self.directory / ".venv" / "bin" / "gunicorn"), "bakerydemo.wsgi:application",
             "--workers", "2", "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}"],
            cwd=self.directory, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(lambda: http(self.base + "/", headers={"Host": "localhost"}).status == 200,
                 "bakerydemo", timeout=60)
        return self

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None


def portal_app(env, workdir, port, **extra):
    app = Gunicorn({**env, "GUNICORN_ACCESS_LOG": "", "GUNICORN_MAX_REQUESTS": "0", **extra},
                   workdir, port=port)
    app.env.update(WEB_CONCURRENCY="2", GUNICORN_THREADS="1")  # 2 sync workers
    return app.start()


def compare(servers: dict, paths: dict) -> dict:
    """{kind: {server: {"rps": [...], "median_rps": …, "p99_ms": …}}}, interleaved."""
    for name, base in servers.items():  # warm every worker on every path, fill the caches
        wrk(base, list(paths[name].values()), seconds=3, connections=8)
    runs = {kind: {name: [] for name in servers} for kind in BAKERY_PATHS}
    for round_number in range(ROUNDS):
        for kind in BAKERY_PATHS:
            for name, base in servers.items():
                result = wrk(base, [paths[name][kind]], seconds=SECONDS,
                             connections=CONNECTIONS)
                if result["error_count"]:
                    raise RuntimeError(f"{name} {kind}: errors {result['errors']}")
                runs[kind][name].append(result)
                log(f"round {round_number + 1} {kind:8} {name:20} {result['rps']:8.0f} req/s "
                    f"p99 {result['p99_ms']:.1f} ms")
    out = {}
    for kind, by_server in runs.items():
        out[kind] = {
            name: {"path": paths[name][kind],
                   "rps": [round(r["rps"]) for r in results],
                   "median_rps": round(statistics.median(r["rps"] for r in results)),
                   "median_p99_ms": round(statistics.median(r["p99_ms"] for r in results), 1)}
            for name, results in by_server.items()
        }
    return out


def markdown(result) -> str:
    names = result["servers"]
    lines = [
        f"## Cache hits side by side ({result['started_at']}): gunicorn 2 sync workers each, "
        f"wrk 2 threads, {CONNECTIONS} connections, {SECONDS} s, {ROUNDS} interleaved rounds "
        "(median req/s; p99 in ms)",
        "",
        "| page | " + " | ".join(names) + " | portal ÷ " + names[-1] + " |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for kind, by_server in result["figures"].items():
        cells = [f"{by_server[n]['median_rps']:,} (p99 {by_server[n]['median_p99_ms']})"
                 for n in names]
        ratio = by_server["portal"]["median_rps"] / by_server[names[-1]]["median_rps"]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {ratio:.2f}× |")
    lines += ["", "Paths: " + "; ".join(
        f"{name}: " + ", ".join(result["figures"][kind][name]["path"] for kind in BAKERY_PATHS)
        for name in names), ""]
    if "bakerydemo" not in names:
        lines += [f"bakerydemo was not found in {BAKERYDEMO_DIR}: the portal is compared with "
                  "its own page cache reading every hit from Redis.", ""]
    return "\n".join(lines)


def main():
    ensure_tools()
    RESULTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="portal-versus-"))
    redis = RedisServer(port=free_port(6700, 6709)).start()
    started = []
    try:
        env = bench_env(bench_database(), redis.url, workdir)
        ensure_site(env)
        urls = json.loads(manage(env, code=URLS_CODE).strip().splitlines()[-1])
        portal_paths = {"home": urls["home"]["en"], "article": urls["memorial"]["en"],
                        "index": urls["news index"]["en"], "search": urls["search"]["en"]}
        portal = portal_app(env, workdir, free_port(8720, 8729), CACHE_KEY_PREFIX="tiers")
        started.append(portal)
        servers = {"portal": portal.base}
        paths = {"portal": portal_paths}
        if (BAKERYDEMO_DIR / ".venv" / "bin" / "gunicorn").exists():
            shutil.copyfile(BASE_DIR / "bench" / "bakerydemo_settings.py",
                            BAKERYDEMO_DIR / "bakerydemo" / "settings" / "bench.py")
            bakery = Bakerydemo(BAKERYDEMO_DIR, free_port(8600, 8619)).start()
            started.append(bakery)
            servers["bakerydemo"] = bakery.base
            paths["bakerydemo"] = BAKERY_PATHS
        else:
            log(f"no bakerydemo in {BAKERYDEMO_DIR}: measuring the portal alone")
        begun = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        figures = compare(servers, paths)
    finally:
        for server in reversed(started):
            server.stop()
        redis.remove()
        shutil.rmtree(workdir, ignore_errors=True)
    result = {"started_at": begun, "servers": list(servers), "figures": figures,
              "load_average": [round(x, 2) for x in os.getloadavg()]}
    (RESULTS / "versus.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "versus.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
