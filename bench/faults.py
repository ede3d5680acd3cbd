"""Load and faults on loopback: the production stack under 200 clients, Redis and PostgreSQL
taken away in the middle of a run.

    .venv/bin/python bench/faults.py            (or: make bench-faults)

Starts a private PostgreSQL cluster (with the migrated demo content), a private redis-server
and gunicorn with deploy/gunicorn.conf.py and the production settings, all on 127.0.0.1 (ports
5900-5909, 6900-6909, 8900-8999), then runs three phases:

1. load: 200 concurrent clients for 60 s on cached pages (wrk from Debian when present,
   otherwise the asyncio client below): no errors, no status other than 200.
2. redis: 50 clients on cached and uncached pages; redis-server is stopped in the middle and
   started again: no 5xx at any time.
3. postgres: 50 clients on cached and uncached pages; PostgreSQL is stopped in the middle and
   started again after a pause: 503 only while it is down, every request 200 again within 5 s
   of its return, never a 500.

Prints the figures and writes bench/results/faults.json; exits 1 if any expectation fails.
Everything it started is stopped and removed at the end. Total time: about 3-4 minutes.
"""

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.languages import CODES  # noqa: E402
from tests.servers import (  # noqa: E402
    Gunicorn,
    PostgresCluster,
    RedisServer,
    free_port,
    http,
    manage,
    production_env,
)

RESULTS = BASE_DIR / "bench" / "results" / "faults.json"
LOG = BASE_DIR / "bench" / "results" / "faults-gunicorn.log.tmp"
HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating load balancer sends
RECOVERY_LIMIT = 5.0


# -- a small HTTP/1.1 client: keep-alive connections, one timestamped record per request -------
class Recorder:
    def __init__(self):
        self.records = []  # (started, finished, kind, status)  status 0: connection error

    def add(self, started, finished, kind, status):
        self.records.append((started, finished, kind, status))


async def _read_response(reader) -> tuple[int, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and value.lower() == "close":
            close = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length is not None:
        await reader.readexactly(length)
    else:
        await reader.read()
        close = True
    return status, close


async def _client(port, paths, deadline, recorder, number):
    reader = writer = None
    n = number
    while time.monotonic() < deadline:
        kind, path = paths[n % len(paths)]
        n += 1
        path = path.replace("{n}", str(n))
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
                "Accept-Language: en\r\nUser-Agent: bench-faults\r\n\r\n".encode()
            )
            await writer.drain()
            status, close = await asyncio.wait_for(_read_response(reader), timeout=30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            status, close = 0, True
        recorder.add(started, time.monotonic(), kind, status)
        if close and writer is not None:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _run_clients(port, paths, clients, seconds, recorder):
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(_client(port, paths, deadline, recorder, i * 7)
                           for i in range(clients)))


def run_clients_in_background(port, paths, clients, seconds):
    """Clients in a thread of their own, so the main thread can stop servers meanwhile."""
    import threading

    recorder = Recorder()
    thread = threading.Thread(
        target=lambda: asyncio.run(_run_clients(port, paths, clients, seconds, recorder)),
        daemon=True,
    )
    thread.start()
    return recorder, thread


def summary(records):
    statuses = Counter(status for _s, _f, _k, status in records)
    duration = (max(f for _s, f, _k, _st in records) - min(s for s, _f, _k, _st in records)
                if records else 0)
    latencies = sorted(f - s for s, f, _k, _st in records)

    def percentile(share):
        return round(1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))], 1)

    return {
        "requests": len(records),
        "seconds": round(duration, 1),
        "latency_ms": ({"p50": percentile(0.5), "p99": percentile(0.99),
                        "max": round(1000 * latencies[-1], 1)} if latencies else {}),
        "requests_per_second": round(len(records) / duration, 1) if duration else 0,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


# -- wrk ------------------------------------------------------------------------------------
WRK_SCRIPT = """
local paths = {%s}
local counter = 0
counts = {}
local threads = {}
wrk.headers["X-Forwarded-Proto"] = "https"
wrk.headers["Accept-Language"] = "en"
function setup(thread) table.insert(threads, thread) end
function init(args) counter = math.random(#paths) end
function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, string.format('"%%d": %%d', status, n)) end
  io.write(string.format(
    'WRK-JSON {"requests": %%d, "errors": {"connect": %%d, "read": %%d, "write": %%d, '
    .. '"timeout": %%d, "status": %%d}, "latency_ms": {"mean": %%.2f, "p50": %%.2f, '
    .. '"p99": %%.2f, "max": %%.2f}, "seconds": %%.2f, "statuses": {%%s}}\\n',
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.duration / 1e6, table.concat(parts, ", ")))
end
"""


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    print("Installing wrk from Debian ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True,
                   timeout=300)
    return shutil.which("wrk")


def run_wrk(wrk, port, paths, clients, seconds, workdir) -> dict:
    script = Path(workdir) / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    threads = min(clients, max(2, os.cpu_count() or 2))
    result = subprocess.run(
        [wrk, f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=seconds + 60,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("WRK-JSON ")]
    if not lines:
        raise RuntimeError(f"wrk failed:\n{result.stdout}\n{result.stderr}")
    line = lines[0]
    data = json.loads(line[len("WRK-JSON "):])
    data["requests_per_second"] = round(data["requests"] / data["seconds"], 1)
    data["tool"] = "wrk"
    return data


# -- the stack ------------------------------------------------------------------------------
def start_stack(workdir):
    cluster = PostgresCluster()
    cluster.port = free_port(5900, 5909)
    cluster.init().start()
    redis = RedisServer(port=free_port(6900, 6909)).start()
    cluster.create_database("khojaly_wt9b_faults")
    env = production_env(
        cluster.url("khojaly_wt9b_faults"), redis.url,
        STATIC_ROOT=Path(workdir) / "static", MEDIA_ROOT=Path(workdir) / "media",
        OPS_LOG_LEVEL="WARNING", DB_CONNECT_TIMEOUT="2",
    )
    for args in (["migrate", "--noinput"], ["update_translation_fields", "--verbosity", "0"],
                 ["load_demo_content"], ["collectstatic", "--noinput", "--verbosity", "0"]):
        manage(env, *args)
    app = Gunicorn(env, workdir, port=free_port(8900, 8999))
    workers = os.environ.get("BENCH_WORKERS", str((os.cpu_count() or 2) * 2))
    threads = os.environ.get("BENCH_THREADS", "4")
    app.env.update(WEB_CONCURRENCY=workers, GUNICORN_THREADS=threads, GUNICORN_ACCESS_LOG="")
    app.start()
    return cluster, redis, app, {"workers": int(workers), "threads": int(threads)}


def cached_paths(app) -> list[str]:
    """Every page in the sitemap, in each language, warmed so the page cache holds it."""
    sitemap = http(app.base + "/sitemap.xml", headers=HEADERS).text
    paths = sorted({re.sub(r"^https?://[^/]+", "", url)
                    for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)})
    warm = []
    for path in paths:
        for _ in range(2):
            reply = http(app.base + path, headers=HEADERS)
        if reply.status == 200 and reply.headers.get("X-Cache") == "HIT":
            warm.append(path)
    return warm


def phase_load(app, paths, clients, seconds, workdir):
    wrk = ensure_wrk()
    if wrk:
        return run_wrk(wrk, app.port, paths, clients, seconds, workdir)
    recorder, thread = run_clients_in_background(
        app.port, [("cached", p) for p in paths], clients, seconds)
    thread.join()
    return {**summary(recorder.records), "tool": "asyncio client"}


def mixed(paths):
    """Cached pages, and the home page with a parameter the page cache ignores (each request
    reaches the database)."""
    uncached = [("uncached", f"/{code}/?bench={{n}}") for code in CODES]
    return [*[("cached", p) for p in paths[:12]], *uncached]


def phase_redis(app, redis, paths, clients, before=8, down=10, after=8):
    recorder, thread = run_clients_in_background(app.port, mixed(paths), clients,
                                                 before + down + after)
    time.sleep(before)
    stopped = time.monotonic()
    redis.stop()
    time.sleep(down)
    redis.start()
    restarted = time.monotonic()
    thread.join()
    records = recorder.records
    down_records = [r for r in records if stopped <= r[0] <= restarted]
    result = {
        **summary(records),
        "redis_down_seconds": round(restarted - stopped, 1),
        "while_down": summary(down_records),
        "server_errors": sum(1 for r in records if r[3] >= 500 or r[3] == 0),
    }
    result["ok"] = result["server_errors"] == 0 and len(down_records) > 0
    return result


def phase_postgres(app, cluster, paths, clients, before=8, down=10, after=12):
    recorder, thread = run_clients_in_background(app.port, mixed(paths), clients,
                                                 before + down + after + 5)
    time.sleep(before)
    stop_issued = time.monotonic()
    cluster.stop()
    stopped = time.monotonic()
    time.sleep(down)
    cluster.start()
    back = time.monotonic()
    thread.join()
    records = recorder.records
    outside = [r for r in records if r[1] < stop_issued or r[0] > back + RECOVERY_LIMIT]
    during = [r for r in records if stopped <= r[0] and r[1] <= back]
    uncached_after = [r for r in records if r[2] == "uncached" and r[0] >= back]
    failed_after = [r for r in uncached_after if r[3] != 200]
    recovered = (max(r[1] for r in failed_after) - back) if failed_after else 0.0
    statuses_during = Counter(r[3] for r in during)
    result = {
        **summary(records),
        "postgres_stop_seconds": round(stopped - stop_issued, 2),
        "postgres_down_seconds": round(back - stopped, 1),
        "while_down": {
            "cached": summary([r for r in during if r[2] == "cached"]),
            "uncached": summary([r for r in during if r[2] == "uncached"]),
        },
        "seconds_to_recover": round(recovered, 2),
        "status_500": sum(1 for r in records if r[3] == 500),
        "non_200_outside_outage": sum(1 for r in outside if r[3] != 200),
        "connection_errors": sum(1 for r in records if r[3] == 0),
    }
    result["ok"] = (
        result["status_500"] == 0
        and result["connection_errors"] == 0
        and result["non_200_outside_outage"] == 0
        and set(statuses_during) <= {200, 503}
        and statuses_during.get(503, 0) > 0
        and recovered <= RECOVERY_LIMIT
        and all(r[3] in (200, 503) for r in records)
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60, help="length of the load phase")
    parser.add_argument("--fault-clients", type=int, default=50,
                        help="clients during the Redis and PostgreSQL phases")
    options = parser.parse_args()

    begun = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="portal-faults-")
    cluster = redis = app = None
    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "system": platform.platform()},
              "clients": options.clients, "fault_clients": options.fault_clients}
    try:
        print("Starting PostgreSQL, Redis and gunicorn, loading the demo content ...",
              flush=True)
        cluster, redis, app, report["gunicorn"] = start_stack(workdir)
        paths = cached_paths(app)
        report["cached_pages"] = len(paths)
        print(f"{len(paths)} pages in the cache; gunicorn {report['gunicorn']}", flush=True)

        print(f"Load: {options.clients} clients for {options.seconds} s ...", flush=True)
        load = phase_load(app, paths, options.clients, options.seconds, workdir)
        load["ok"] = (set(load["statuses"]) == {"200"} and not any(
            load.get("errors", {}).values()))
        report["load"] = load

        print("Redis stopped in the middle of a run ...", flush=True)
        report["redis"] = phase_redis(app, redis, paths, options.fault_clients)

        print("PostgreSQL stopped and started again in the middle of a run ...", flush=True)
        report["postgres"] = phase_postgres(app, cluster, paths, options.fault_clients)
    finally:
        if app:
            log = app.output()
            report["gunicorn_tracebacks"] = log.count("Traceback")
            LOG.parent.mkdir(parents=True, exist_ok=True)
            LOG.write_text(log)  # for a look when something failed (not committed)
            app.stop()
        if redis:
            redis.remove()
        if cluster:
            cluster.remove()
        shutil.rmtree(workdir, ignore_errors=True)
    report["total_seconds"] = round(time.monotonic() - begun, 1)
    report["ok"] = all(report[phase]["ok"] for phase in ("load", "redis", "postgres"))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_report(report)
    return 0 if report["ok"] else 1


def print_report(report):
    load, redis, pg = report["load"], report["redis"], report["postgres"]
    print()
    print(f"Load ({load['tool']}, {report['clients']} clients, {load['seconds']:.0f} s, "
          f"{report['cached_pages']} cached pages): {load['requests']} requests, "
          f"{load['requests_per_second']} req/s, statuses {load['statuses']}"
          + (f", latency p50 {load['latency_ms']['p50']} ms, p99 {load['latency_ms']['p99']} ms"
             if "latency_ms" in load else "")
          + f" -> {'OK' if load['ok'] else 'FAILED'}")
    print(f"Redis stopped for {redis['redis_down_seconds']} s ({report['fault_clients']} clients): "
          f"{redis['requests']} requests, "
          f"{redis['requests_per_second']} req/s, statuses {redis['statuses']}; while down "
          f"{redis['while_down']['requests']} requests {redis['while_down']['statuses']}; "
          f"5xx or errors: {redis['server_errors']} -> {'OK' if redis['ok'] else 'FAILED'}")
    print(f"PostgreSQL down for {pg['postgres_down_seconds']} s ({report['fault_clients']} "
          f"clients): {pg['requests']} requests, "
          f"statuses {pg['statuses']}; while down: cached "
          f"{pg['while_down']['cached']['statuses']}, uncached "
          f"{pg['while_down']['uncached']['statuses']}; normal service "
          f"{pg['seconds_to_recover']} s after its return; 500s: {pg['status_500']} -> "
          f"{'OK' if pg['ok'] else 'FAILED'}")
    print(f"Total {report['total_seconds']} s; results in {RESULTS.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    sys.exit(main())
