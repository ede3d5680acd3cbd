"""A surge while editors publish (`make bench-surge`; also a stage of `make bench`).

200 clients spread over the 100 most-read URLs in az, en and ru (home, every section, the
newest news, anniversary updates and resources, search), through Varnish with
deploy/varnish/default.vcl in front of gunicorn (production settings, page cache on, a private
redis-server), for 60 s, while an editor publishes an anniversary update every 10 s as the admin
does (a revision, then ``publish()``). Figures:

- errors and latency percentiles of the 200 clients (wrk, bench/report.lua);
- for each publish, how long until the new update is on the home page in each language through
  the proxy, from the moment publishing finished (the editor sees "published"); how long
  publishing itself took is given beside it;
- how many requests reached gunicorn in the 10 s after each publish (Varnish's ``backend_req``),
  and in the 5 s before the first one, when nothing changed;
- each cache tier's share of the requests: Varnish's hits and misses (``varnishstat``) and what
  the application's page cache answered the misses (``X-Cache`` in gunicorn's access log).

The purge worker (``manage.py send_purges``) runs beside gunicorn, as in production.

Forms (contact, poll) are left out of the URLs: each reader gets a CSRF cookie, so they are
never cached anywhere and measure the database, not the caches.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.languages import CODES  # noqa: E402
from bench.run import (  # noqa: E402
    HOST,
    RESULTS,
    UPDATE_CODE,
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
    Varnish,
    Worker,
    free_port,
    http,
    manage,
)

CLIENTS = int(os.environ.get("SURGE_CLIENTS", "200"))
SECONDS = int(os.environ.get("SURGE_SECONDS", "60"))
EVERY = int(os.environ.get("SURGE_PUBLISH_EVERY", "10"))
QUIET = 5  # seconds of load before the first publish: the baseline of backend requests
LANGUAGES = CODES
VISIBLE_WITHIN = 2.0  # the target, seconds

MOST_READ_CODE = r"""
from django.conf import settings
import json
from django.utils import translation
from pages.models import (AnniversaryUpdatePage, ContactPage, HomePage, NewsPage,
                          ResourcePage)
from polls.models import PollPage
home = HomePage.objects.get()
sections = [page for page in home.get_children().live().public().specific()
            if not isinstance(page, (ContactPage, PollPage))]
newest = (
    list(NewsPage.objects.live().public().order_by("-date", "-pk")[:8])
    + list(AnniversaryUpdatePage.objects.live().public()
           .order_by("-commemoration_date", "-pk")[:5])
    + list(ResourcePage.objects.live().public().order_by("-pk")[:5])
)
urls = []
for code in [code for code, _name in settings.LANGUAGES]:
    with translation.override(code):
        urls += [page.get_url() for page in [home, *sections, *newest]]
    urls.append(f"/{code}/search/?q=Khojaly")
print(json.dumps(urls[:100]))
"""

PUBLISHER_CODE = UPDATE_CODE + r"""
import json, time
run, count, every, first_at = %r, %d, %d, %f
for n in range(count):
    time.sleep(max(0.0, first_at + n * every - time.time()))
    started = time.time()
    titles = publish_update(f"{run}-{n}")
    print(json.dumps({"n": n, "started": started, "published": time.time(), "titles": titles}),
          flush=True)
"""


def backend_requests(varnish) -> int:
    """Varnish's count of requests sent to gunicorn."""
    varnishstat = shutil.which("varnishstat") or "/usr/bin/varnishstat"
    out = subprocess.run(
        [varnishstat, "-n", str(varnish.directory / "work"), "-1", "-f", "MAIN.backend_req"],
        capture_output=True, text=True, timeout=10,
    ).stdout
    match = re.search(r"MAIN\.backend_req\s+(\d+)", out)
    return int(match.group(1)) if match else -1


class Sampler(threading.Thread):
    """Varnish's backend request counter, every 200 ms, with the time it was read."""

    def __init__(self, varnish):
        super().__init__(daemon=True)
        self.varnish, self.samples, self.running = varnish, [], True

    def run(self):
        while self.running:
            self.samples.append((time.time(), backend_requests(self.varnish)))
            time.sleep(0.2)

    def between(self, start, end) -> int:
        inside = [count for at, count in self.samples if start <= at <= end]
        before = [count for at, count in self.samples if at < start]
        if not inside:
            return 0
        return inside[-1] - (before[-1] if before else inside[0])


def wait_until_shown(proxy_base, code, title, started, timeout=15.0) -> float | None:
    """Seconds from ``started`` until the home page in ``code`` shows ``title`` through the
    proxy, asked every 20 ms as a reader pressing reload would; None after ``timeout``."""
    wanted = title.encode("utf-8")
    while time.time() - started < timeout:
        if wanted in http(f"{proxy_base}/{code}/", headers={"Host": HOST}).body:
            return round(time.time() - started, 3)
        time.sleep(0.02)
    return None


def surge_while_publishing(env, proxy) -> dict:
    """The scenario against a running proxy in front of gunicorn (see the module docstring)."""
    urls = json.loads(manage(env, code=MOST_READ_CODE).strip().splitlines()[-1])
    log(f"surge: {CLIENTS} clients over {len(urls)} URLs for {SECONDS} s, "
        f"a publish every {EVERY} s")
    wrk(proxy.base, urls, seconds=3, connections=50)  # every URL once in the proxy
    count = max(1, (SECONDS - QUIET) // EVERY)
    load_started = time.time()
    first_at = load_started + QUIET
    publisher = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c",
         PUBLISHER_CODE % (time.strftime("%H%M%S"), count, EVERY, first_at)],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    sampler = Sampler(proxy)
    sampler.start()
    load = {}
    loader = threading.Thread(
        target=lambda: load.update(wrk(proxy.base, urls, seconds=SECONDS, connections=CLIENTS)))
    loader.start()
    publishes = []
    for line in publisher.stdout:
        event = json.loads(line)
        with ThreadPoolExecutor(len(LANGUAGES)) as pool:
            waits = {code: pool.submit(wait_until_shown, proxy.base, code,
                                       event["titles"][code], event["published"])
                     for code in LANGUAGES}
            shown = {code: wait.result() for code, wait in waits.items()}
        event["visible_after_s"] = shown
        publishes.append(event)
        log(f"publish {event['n']}: took {event['published'] - event['started']:.2f} s, "
            f"on the home page after {shown}")
    publisher.wait(timeout=SECONDS + 60)
    if publisher.returncode:
        raise RuntimeError(f"publisher failed:\n{publisher.stderr.read()}")
    loader.join()
    time.sleep(0.5)
    sampler.running = False
    sampler.join()
    for event in publishes:
        event["backend_requests_next_10s"] = sampler.between(
            event["started"], event["started"] + EVERY)
    quiet = sampler.between(load_started, first_at)
    delays = [seconds for event in publishes for seconds in event["visible_after_s"].values()]
    result = {
        "clients": CLIENTS, "seconds": SECONDS, "urls": len(urls), "publish_every_s": EVERY,
        "load": load, "publishes": publishes, "backend_requests_quiet_5s": quiet,
        "worst_visible_after_s": None if None in delays else max(delays),
        "target_visible_s": VISIBLE_WITHIN,
    }
    per_publish = [event["backend_requests_next_10s"] for event in publishes]
    log(f"surge: {load['rps']:.0f} req/s, p99 {load['p99_ms']:.1f} ms, errors "
        f"{load['error_count']}, worst time to the home page {result['worst_visible_after_s']} s,"
        f" backend requests per publish {per_publish} (quiet 5 s: {quiet})")
    return result


def tier_counts(varnish, app) -> dict:
    """Each tier's share: Varnish's hits and misses, and what the application's page cache
    answered the requests Varnish sent on (gunicorn's access log, ``cache=``)."""
    varnishstat = shutil.which("varnishstat") or "/usr/bin/varnishstat"
    out = subprocess.run([varnishstat, "-n", str(varnish.directory / "work"), "-1"],
                         capture_output=True, text=True, timeout=10).stdout
    counters = {}
    for name in ("client_req", "cache_hit", "cache_hit_grace", "cache_miss", "cache_hitpass",
                 "s_pass", "backend_req"):
        match = re.search(rf"MAIN\.{name}\s+(\d+)", out)
        counters[name] = int(match.group(1)) if match else None
    app_counts: dict[str, int] = {}
    for line in app.output().splitlines():
        match = re.search(r"cache=(\S+)$", line)
        if match and '"GET /healthz' not in line:
            app_counts[match.group(1)] = app_counts.get(match.group(1), 0) + 1
    return {"varnish": counters, "app": app_counts}


def markdown(result) -> str:
    load = result["load"]
    lines = [
        f"## Surge while publishing: {result['clients']} clients, {result['urls']} URLs, "
        f"{result['seconds']} s, a publish every {result['publish_every_s']} s",
        "",
        f"{load['requests']:,} requests, {load['rps']:,.0f} req/s, errors "
        f"{load['error_count']} ({load['errors']}), latency p50 {load['p50_ms']} ms, "
        f"p95 {load['p95_ms']} ms, p99 {load['p99_ms']} ms, max {load['max_ms']} ms. "
        f"Requests reaching gunicorn in the 5 s before the first publish: "
        f"{result['backend_requests_quiet_5s']}.",
        "",
        "| publish | publishing took | on the home page after (az / en / ru) "
        "| requests reaching gunicorn in the next 10 s |",
        "|---|---|---|---|",
    ]
    for event in result["publishes"]:
        shown = " / ".join(
            "not within 15 s" if event["visible_after_s"][code] is None
            else f"{event['visible_after_s'][code]:.2f} s" for code in LANGUAGES)
        lines.append(f"| {event['n'] + 1} | {event['published'] - event['started']:.2f} s "
                     f"| {shown} | {event['backend_requests_next_10s']} |")
    lines += ["", f"Worst time until a new update is on the home page: "
              f"{result['worst_visible_after_s']} s (target ≤ {result['target_visible_s']} s).",
              ""]
    tiers = result.get("tiers")
    if tiers:
        proxy, app = tiers["varnish"], tiers["app"]
        lines += [f"Tiers: of {proxy['client_req']:,} requests Varnish answered "
                  f"{proxy['cache_hit']:,} from its cache ({proxy['cache_hit_grace']} in grace) "
                  f"and sent {proxy['backend_req']:,} on; the application's page cache answered "
                  f"those {', '.join(f'{k} {v}' for k, v in sorted(app.items()))}.", ""]
    return "\n".join(lines)


def main():
    """Standalone: the bench site (built if missing), a private redis-server, gunicorn as in
    production, Varnish in front."""
    ensure_tools()
    RESULTS.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="portal-surge-"))
    redis = RedisServer(port=free_port(6700, 6709)).start()
    servers = []
    try:
        proxy_port = free_port(8750, 8789)
        env = bench_env(bench_database(), redis.url, workdir,
                        FRONTEND_CACHE_PURGE_URL=f"http://127.0.0.1:{proxy_port}")
        ensure_site(env)
        app = Gunicorn({**env, "GUNICORN_ACCESS_LOG": "-", "GUNICORN_MAX_REQUESTS": "0"},
                       workdir, port=free_port(8720, 8739))
        for key in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):  # deploy/gunicorn.conf.py's own
            app.env.pop(key, None) if key not in os.environ else app.env.update(
                {key: os.environ[key]})
        servers.append(app)
        app.start()
        proxy = Varnish(app.port, port=proxy_port, memory="256m")
        servers.append(proxy)
        proxy.start()
        servers.append(Worker(env, workdir).start())
        result = surge_while_publishing(env, proxy)
        result["tiers"] = tier_counts(proxy, app)
    finally:
        for server in reversed(servers):
            (server.remove if hasattr(server, "remove") else server.stop)()
        redis.remove()
        shutil.rmtree(workdir, ignore_errors=True)
    (RESULTS / "surge.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "surge.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
