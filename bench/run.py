"""`make bench`: the portal under load on this machine, on loopback only, in under 15 minutes.

1. Builds the large site (bench/build.py) in its own PostgreSQL database (BENCH_DATABASE_URL).
2. Measures in-process render times (Django's test client, warm process, page cache off).
3. Starts the production stack: a private redis-server, gunicorn with deploy/gunicorn.conf.py
   and the production settings, Varnish with deploy/varnish/default.vcl, and nginx serving a
   static copy of the home page (the ceiling).
4. Measures every page type in every language with wrk: uncached (PAGE_CACHE_ENABLED=0),
   cached in the application, cached in Varnish; the home page at 200 concurrent clients;
   the transferred weight of the home page and the memorial article; worker memory after
   5,000 and 10,000 requests.
5. Writes bench/results/latest.json and bench/results/latest.md; earlier runs live in git
   history and their figures in docs/performance.md.
"""

import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.languages import CODES  # noqa: E402
from tests.servers import (  # noqa: E402
    Gunicorn,
    RedisServer,
    Varnish,
    Worker,
    free_port,
    http,
    manage,
    production_env,
    stop_process,
    wait_for,
)

RESULTS = BASE_DIR / "bench" / "results"
LUA = BASE_DIR / "bench" / "report.lua"
HOST = "localhost"
LANGUAGES = CODES
DURATION = int(os.environ.get("BENCH_SECONDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
SURGE = 200
DEADLINE = time.monotonic() + 14 * 60
TARGETS = {"render_ms": 10, "index_render_ms": 15, "uncached_home_rps": 150,
           "app_cached_home_rps": 1000, "varnish_ratio": 0.5, "weight_kb": 60, "rss_mb": 200}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def ensure_tools():
    missing = [name for name, binary in (("wrk", "wrk"), ("varnish", "varnishd"),
                                         ("nginx", "nginx"), ("redis-server", "redis-server"))
               if not (shutil.which(binary) or Path(f"/usr/sbin/{binary}").exists())]
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"Install first: sudo apt-get install {' '.join(missing)}")
        log(f"installing {' '.join(missing)}")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


# -- the site ------------------------------------------------------------------------------
def prepare_database(database_url):
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(host=parts.hostname, port=parts.port or 5432,
                         user=parts.username or "postgres", dbname="postgres",
                         autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build_site(env):
    log("migrating and loading the demo content")
    manage(env, "migrate", "--noinput", timeout=600)
    manage(env, "update_translation_fields", "--verbosity", "0")
    manage(env, "load_demo_content")
    log("building the large site (bulk)")
    subprocess.run([sys.executable, "-m", "bench.build"], cwd=BASE_DIR, env=env, check=True,
                   timeout=600)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0", timeout=300)


def bench_env(database_url, redis_url, workdir, **extra) -> dict:
    """The production settings every bench server and command uses (loopback, no HTTPS)."""
    return production_env(database_url, redis_url, STATIC_ROOT=Path(workdir) / "static",
                          MEDIA_ROOT=BASE_DIR / "bench" / ".media", SECURE_SSL_REDIRECT="0",
                          NEWS_PAGE_SIZE="20", OPS_LOG_LEVEL="WARNING", **extra)


def bench_database() -> str:
    return os.environ.get("BENCH_DATABASE_URL",
                          "postgres://postgres@127.0.0.1:5432/khojaly_bench")


def ensure_site(env):
    """The large site, built when the database does not hold it yet; otherwise migrated and
    its static files collected (``make bench-surge`` and ``bench-versus`` after ``make bench``)."""
    prepare_database(env["DATABASE_URL"])
    try:
        built = manage(env, code="from pages.models import NewsPage; "
                       "print(NewsPage.objects.filter(slug__startswith='bench-').count())")
    except RuntimeError:  # a new database: no tables yet
        built = "0"
    lines = built.strip().splitlines()
    if not lines or int(lines[-1]) == 0:
        build_site(env)
    else:
        manage(env, "migrate", "--noinput", timeout=600)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0", timeout=300)


URLS_CODE = r"""
from django.conf import settings
import json
from django.utils import translation
from pages.models import *
from polls.models import PollPage
def first(model, **filters):
    return model.objects.live().filter(**filters).order_by("path").first()
pages = {
    "home": HomePage.objects.get(),
    "memorial": first(MemorialArticlePage),
    "standard": first(StandardPage),
    "news index": first(NewsIndexPage),
    "news item": first(NewsPage, slug__startswith="bench-"),
    "anniversary index": first(AnniversaryIndexPage),
    "anniversary update": first(AnniversaryUpdatePage, slug__startswith="bench-"),
    "resource index": first(ResourceIndexPage),
    "resource": first(ResourcePage, slug__startswith="bench-"),
    "links": first(LinksPage),
    "map": first(MapPage),
    "poll": first(PollPage),
    "contact": first(ContactPage),
}
urls = {}
for name, page in pages.items():
    for code in [code for code, _name in settings.LANGUAGES]:
        with translation.override(code):
            urls.setdefault(name, {})[code] = page.get_url()
for code in [code for code, _name in settings.LANGUAGES]:
    urls.setdefault("search", {})[code] = f"/{code}/search/?q=Khojaly"
print(json.dumps(urls))
"""


# An editor publishes an anniversary update as the admin does (a revision, then publish()):
# defines publish_update(stamp), which returns the titles; used here and by bench/surge.py.
UPDATE_CODE = r"""
from django.contrib.auth import get_user_model
from django.utils import timezone
from demo.builder import translated
from pages.models import AnniversaryIndexPage, AnniversaryUpdatePage
index = AnniversaryIndexPage.objects.live().order_by("path").first()
editor = get_user_model().objects.filter(is_superuser=True).first()
def publish_update(stamp):
    titles = {"az": f"Anım günü yeniləməsi {stamp}", "en": f"Remembrance day update {stamp}",
              "ru": f"Новости дня памяти {stamp}"}
    page = AnniversaryUpdatePage(
        live=False, commemoration_date=timezone.localdate(),
        **{f"title_{code}": title for code, title in titles.items()},
        **{f"slug_{code}": f"surge-{code}-{stamp}" for code in titles},
        **translated("place", {"az": "Bakı", "en": "Baku", "ru": "Баку"}),
        **translated("summary", {"az": "Xocalı qurbanları anıldı.",
                                 "en": "The victims of Khojaly were remembered.",
                                 "ru": "Почтили память жертв Ходжалы."}),
    )
    index.add_child(instance=page)
    page.save_revision(user=editor).publish(user=editor)
    return titles
"""

# -- in-process render times -----------------------------------------------------------------
RENDER_CODE = UPDATE_CODE + r"""
import json, statistics, time
from django.test import Client
from ops.cache import invalidate_page_cache
urls = json.loads(%r)
client = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_PROTO="https")
out = {}
def timed(url):
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000
for name, url in urls.items():
    for _ in range(15):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = [timed(url) for _ in range(60)]
    # Right after an editor publishes an anniversary update (what the surge does): the pages
    # it reaches render what changed again, the others only what they share with it.
    published = []
    for n in range(10):
        publish_update(f"render-{time.time_ns()}-{n}")
        published.append(timed(url))
    # Right after a change that reaches everything (settings, the menu): nothing remembered.
    cold = []
    for _ in range(10):
        invalidate_page_cache()
        cold.append(timed(url))
    out[name] = {"url": url, "median_ms": round(statistics.median(times), 2),
                 "p90_ms": round(sorted(times)[int(len(times) * 0.9)], 2),
                 "after_publish_median_ms": round(statistics.median(published), 2),
                 "cold_median_ms": round(statistics.median(cold), 2)}
print(json.dumps(out))
"""


def render_times(env, urls):
    wanted = {name: urls[name]["en"] for name in
              ("home", "memorial", "news item", "news index", "resource index",
               "anniversary index", "standard")}
    env = {**env, "PAGE_CACHE_ENABLED": "0", "ALLOWED_HOSTS": "localhost,127.0.0.1",
           "DEBUG": "0"}
    output = manage(env, code=RENDER_CODE % json.dumps(wanted), timeout=600)
    return json.loads(output.strip().splitlines()[-1])


# -- servers ---------------------------------------------------------------------------------
class Nginx:
    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.directory = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
        self.process = None

    def start(self):
        conf = self.directory / "nginx.conf"
        conf.write_text(f"""
worker_processes auto;
daemon off;
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {self.directory}/body;
    proxy_temp_path {self.directory}/proxy;
    fastcgi_temp_path {self.directory}/fastcgi;
    uwsgi_temp_path {self.directory}/uwsgi;
    scgi_temp_path {self.directory}/scgi;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{self.port};
        root {self.root};
        location / {{ default_type text/html; try_files /index.html =404; }}
    }}
}}
""")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.directory)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        wait_for(lambda: http(f"http://127.0.0.1:{self.port}/", https=False).status == 200,
                 "nginx", timeout=20)
        return self

    def remove(self):
        if self.process is not None:
            stop_process(self.process)
        shutil.rmtree(self.directory, ignore_errors=True)


def wrk(base, paths, *, seconds=DURATION, connections=CONNECTIONS, threads=2, limit=0,
        headers=None):
    command = [shutil.which("wrk") or "wrk", "-t", str(threads), "-c", str(connections),
               "-d", f"{seconds}s", "--timeout", "10s", "-s", str(LUA)]
    for name, value in {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    command += [base, "--", *paths]
    env = {**os.environ, "WRK_LIMIT": str(limit)} if limit else dict(os.environ)
    result = subprocess.run(command, capture_output=True, text=True, env=env,
                            timeout=seconds + 60)
    line = [row for row in result.stdout.splitlines() if row.startswith("{")]
    if not line:
        raise RuntimeError(f"wrk failed: {result.stdout}\n{result.stderr}")
    data = json.loads(line[-1])
    data["error_count"] = sum(data["errors"].values())
    return data


def worker_rss(master_pid):
    """RSS in MB of each gunicorn worker (children of the master)."""
    out = {}
    for child in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        out[child] = round(rss / 1024, 1)
    return out


# -- page weight ---------------------------------------------------------------------------
def page_weight(base, path):
    html = http(base + path, headers={"Host": HOST}).body
    text = html.decode("utf-8", "replace")
    assets = set(re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text))
    assets |= set(re.findall(r'<script[^>]+src="([^"]+)"', text))
    fonts = set()
    sizes = {"html": len(gzip.compress(html, 6))}
    for asset in sorted(assets):
        body = http(base + asset, headers={"Host": HOST}).body
        sizes[asset] = len(gzip.compress(body, 6))
        if asset.endswith(".css"):
            for font in re.findall(r"url\(['\"]?([^'\")]+\.woff2?)['\"]?\)", body.decode()):
                fonts.add(urllib.parse.urljoin(asset, font))
    for font in sorted(fonts):
        sizes[font] = len(http(base + font, headers={"Host": HOST}).body)  # already compressed
    head = text.split("</head>")[0]
    blocking = [tag for tag in re.findall(r"<script[^>]*>", head)
                if "src=" in tag and " defer" not in tag and " async" not in tag
                and 'type="module"' not in tag]
    return {"path": path, "bytes_gzip": sum(sizes.values()),
            "kb_gzip": round(sum(sizes.values()) / 1024, 1), "parts": sizes,
            "render_blocking_scripts": blocking}


# -- the run -------------------------------------------------------------------------------
def measure_modes(urls, app_uncached, app_cached, proxy):
    rows = []
    modes = [("uncached", app_uncached.base), ("app cache", app_cached.base),
             ("varnish", proxy.base)]
    # Warm every worker thread of both app servers on every URL (imports, connections, what
    # each process remembers), as a server that has been running would be.
    every_url = [path for by_language in urls.values() for path in by_language.values()]
    for base in (app_uncached.base, app_cached.base):
        wrk(base, every_url, seconds=4, connections=40)
    for name, by_language in urls.items():
        for code in LANGUAGES:
            path = by_language[code]
            for mode, base in modes:
                if time.monotonic() > DEADLINE - 180:
                    log("time budget: skipping the remaining runs")
                    return rows
                wrk(base, [path], seconds=1, connections=10)  # warm (and fill the caches)
                result = wrk(base, [path])
                rows.append({"page": name, "language": code, "mode": mode, "path": path,
                             **result})
                log(f"{name:18} {code} {mode:9} {result['rps']:8.0f} req/s "
                    f"p95 {result['p95_ms']:.1f} ms errors {result['error_count']}")
    return rows


def main():
    ensure_tools()
    RESULTS.mkdir(parents=True, exist_ok=True)
    database_url = bench_database()
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    redis = RedisServer(port=free_port(6700, 6709)).start()
    started_at = time.time()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    servers = []
    try:
        prepare_database(database_url)
        proxy_port = free_port(8750, 8789)
        env = bench_env(database_url, redis.url, workdir,
                        FRONTEND_CACHE_PURGE_URL=f"http://127.0.0.1:{proxy_port}")
        build_site(env)
        urls = json.loads(manage(env, code=URLS_CODE).strip().splitlines()[-1])

        log("in-process render times")
        renders = render_times(env, urls)

        log("starting gunicorn (uncached and cached), Varnish and nginx")
        production = {"GUNICORN_ACCESS_LOG": "", "GUNICORN_MAX_REQUESTS": "0"}
        uncached = Gunicorn({**env, **production, "PAGE_CACHE_ENABLED": "0"}, workdir,
                            port=free_port(8700, 8719))
        cached = Gunicorn({**env, **production, "CACHE_KEY_PREFIX": "bench"}, workdir,
                          port=free_port(8720, 8739))
        for app in (uncached, cached):
            # deploy/gunicorn.conf.py as in production: tests.servers pins 2x2, undo that.
            for key in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
                if key in os.environ:
                    app.env[key] = os.environ[key]
                else:
                    app.env.pop(key, None)
            servers.append(app)
            app.start()
        proxy = Varnish(cached.port, port=proxy_port, memory="256m")
        servers.append(proxy)
        proxy.start()
        servers.append(Worker(cached.env, workdir).start())  # the purge worker, as in production
        static_root = workdir / "ceiling"
        static_root.mkdir()
        for directory in (workdir, static_root):
            directory.chmod(0o755)  # nginx's workers run as another user
        home_html = http(cached.base + urls["home"]["en"], headers={"Host": HOST}).body
        (static_root / "index.html").write_bytes(home_html)
        nginx = Nginx(static_root, free_port(8790, 8799))
        servers.append(nginx)
        nginx.start()
        nginx_base = f"http://127.0.0.1:{nginx.port}"

        log("ceiling: nginx serving the home page's HTML")
        wrk(nginx_base, ["/"], seconds=1)
        ceiling = wrk(nginx_base, ["/"])
        ceiling_surge = wrk(nginx_base, ["/"], connections=SURGE)
        log(f"nginx {ceiling['rps']:.0f} req/s ({len(home_html)} bytes)")

        rows = measure_modes(urls, uncached, cached, proxy)

        log(f"surge: the home page at {SURGE} concurrent clients")
        surge = {}
        for mode, base in (("uncached", uncached.base), ("app cache", cached.base),
                           ("varnish", proxy.base)):
            surge[mode] = wrk(base, [urls["home"][code] for code in LANGUAGES],
                              connections=SURGE, seconds=max(DURATION, 5))
            log(f"surge {mode}: {surge[mode]['rps']:.0f} req/s, "
                f"errors {surge[mode]['error_count']}")

        from bench.surge import surge_while_publishing

        # The editor's process shares the app servers' cache settings (their key prefix).
        surge_publishing = surge_while_publishing(cached.env, proxy)

        log("memory: one worker, RSS after 5,000 and 10,000 uncached requests")
        # The production configuration with one worker process, so that the one worker
        # measured has served every request (with five, each would serve a fifth).
        memory_app = Gunicorn({**env, **production, "PAGE_CACHE_ENABLED": "0"}, workdir,
                              port=free_port(8740, 8749))
        memory_app.env["WEB_CONCURRENCY"] = "1"
        memory_app.env.pop("GUNICORN_THREADS", None)
        servers.append(memory_app)
        memory_app.start()
        mixed = [by_language[code] for name, by_language in urls.items()
                 if name not in ("search", "contact", "poll") for code in LANGUAGES]
        wrk(memory_app.base, mixed, seconds=5, connections=4)  # every page once: warm
        memory = {"before": worker_rss(memory_app.process.pid)}
        served = 0
        for half, label in enumerate(("after_5000", "after_10000")):
            # wrk's 2 threads stop after 2,500 responses each; bounded in time as well: the
            # first half may take half the time left, the second all of it.
            left = DEADLINE - time.monotonic() - 30
            budget = max(60, min(400, left / 2 if half == 0 else left))
            run = wrk(memory_app.base, mixed, seconds=int(budget), connections=8, threads=2,
                      limit=2500)
            served += run["requests"]
            memory[label] = worker_rss(memory_app.process.pid)
            memory[f"requests_{label}"] = served
        log(f"memory {memory}")
        memory_app.stop()
        servers.remove(memory_app)

        weights = {name: page_weight(cached.base, urls[name]["en"])
                   for name in ("home", "memorial")}
    finally:
        for server in reversed(servers):
            (server.remove if hasattr(server, "remove") else server.stop)()
        redis.remove()
        shutil.rmtree(workdir, ignore_errors=True)

    result = {
        "started_at": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started_at)),
        "minutes": round((time.time() - started_at) / 60, 1),
        "load_average_at_start": load_at_start,
        "machine": machine(),
        "gunicorn": gunicorn_settings(),
        "connections": CONNECTIONS, "seconds_per_run": DURATION,
        "ceiling": {"concurrent_50": ceiling, "concurrent_200": ceiling_surge,
                    "bytes": len(home_html)},
        "render": renders, "runs": rows, "surge": surge, "memory": memory,
        "surge_while_publishing": surge_publishing,
        "weight": weights, "targets": TARGETS,
    }
    result["summary"] = summarise(result)
    (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(markdown(result))
    print(markdown(result))


def machine():
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    load = os.getloadavg()
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gb": round(memory / 1024 / 1024, 1),
            "python": platform.python_version(), "load_average_at_end": [round(x, 2) for x in load]}


def gunicorn_settings():
    import multiprocessing

    return {"workers": int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)),
            "threads": int(os.environ.get("GUNICORN_THREADS", "4"))}


def summarise(result):
    def rps(page, mode, language="en"):
        for row in result["runs"]:
            if row["page"] == page and row["mode"] == mode and row["language"] == language:
                return row["rps"]
        return None

    ceiling = result["ceiling"]["concurrent_50"]["rps"]
    home_uncached, home_cached = rps("home", "uncached"), rps("home", "app cache")
    home_varnish = rps("home", "varnish")
    render = result["render"]
    rss = result["memory"]
    workers_5000, workers_10000 = rss["after_5000"], rss["after_10000"]
    memory_note = f"{rss['requests_after_5000']} / {rss['requests_after_10000']} requests"
    growth = max((workers_10000.get(pid, 0) - mb for pid, mb in workers_5000.items()), default=0)
    checks = {
        "uncached home >= 150 req/s": (home_uncached, home_uncached and home_uncached >= 150),
        "app-cached home >= 1,000 req/s": (home_cached, home_cached and home_cached >= 1000),
        "Varnish home >= half of nginx": (
            round(home_varnish / ceiling, 3) if home_varnish else None,
            bool(home_varnish and home_varnish >= ceiling / 2)),
        "zero errors at 200 clients": (
            {mode: run["error_count"] for mode, run in result["surge"].items()},
            all(run["error_count"] == 0 for run in result["surge"].values())),
    }
    for name in ("home", "memorial", "news item"):
        checks[f"render {name} <= 10 ms"] = (render[name]["median_ms"],
                                             render[name]["median_ms"] <= 10)
    for name in ("news index", "resource index", "anniversary index"):
        checks[f"render {name} (20 items) <= 15 ms"] = (render[name]["median_ms"],
                                                        render[name]["median_ms"] <= 15)
    for name, weight in result["weight"].items():
        checks[f"{name} weight <= 60 KB gzip"] = (weight["kb_gzip"], weight["kb_gzip"] <= 60)
        checks[f"{name} no render-blocking script"] = (
            len(weight["render_blocking_scripts"]), not weight["render_blocking_scripts"])
    checks["worker RSS < 200 MB after 10,000"] = (
        f"{max(workers_10000.values())} MB ({memory_note})",
        max(workers_10000.values()) < 200 and rss["requests_after_10000"] >= 10000)
    checks["no RSS growth 5,000 -> 10,000 (MB)"] = (round(growth, 1), growth <= 5)
    publishing = result["surge_while_publishing"]
    checks["surge while publishing: 0 errors"] = (
        publishing["load"]["error_count"], publishing["load"]["error_count"] == 0)
    worst = publishing["worst_visible_after_s"]
    checks["new update on the home page (az, en, ru) <= 2 s"] = (
        worst, worst is not None and worst <= publishing["target_visible_s"])
    return {name: {"value": value, "met": bool(met)} for name, (value, met) in checks.items()}


def markdown(result):
    ceiling = result["ceiling"]["concurrent_50"]["rps"]
    m = result["machine"]
    lines = [
        f"# Benchmark {result['started_at']} ({result['minutes']} min)",
        "",
        f"Machine: {m['cores']} cores, {m['cpu']}, {m['memory_gb']} GB, Python {m['python']}; "
        f"load average at the start {result['load_average_at_start']}, at the end "
        f"{m['load_average_at_end']} (other work shared the machine when it was above 2). "
        "gunicorn "
        f"{result['gunicorn']['workers']} workers x {result['gunicorn']['threads']} threads "
        f"(deploy/gunicorn.conf.py). wrk {result['connections']} connections, "
        f"{result['seconds_per_run']} s per run.",
        "",
        f"Ceiling: nginx serving the home page's HTML ({result['ceiling']['bytes']} bytes): "
        f"{ceiling:.0f} req/s at 50 clients, "
        f"{result['ceiling']['concurrent_200']['rps']:.0f} req/s at 200.",
        "",
        "## Targets",
        "",
        "| check | value | met |",
        "|---|---|---|",
    ]
    for name, check in result["summary"].items():
        lines.append(f"| {name} | {check['value']} | {'yes' if check['met'] else '**no**'} |")
    lines += ["", "## In-process render (page cache off; Django's test client)", "",
              "Warm: median and p90 of 60 requests after 15, the shared pieces remembered "
              "(ops.cache.remember). After a publish: median of 10 requests each made right "
              "after an editor published an anniversary update (the home page and the "
              "anniversary index show it; the other pages do not). After everything changed: "
              "median of 10 requests each made right after a change tagged `*`, when nothing "
              "is remembered.", "",
              "| page | warm median ms | warm p90 ms | after a publish, median ms "
              "| after everything changed, median ms |",
              "|---|---|---|---|---|"]
    for name, row in result["render"].items():
        lines.append(f"| {name} | {row['median_ms']} | {row['p90_ms']} | "
                     f"{row.get('after_publish_median_ms', '')} | "
                     f"{row.get('cold_median_ms', '')} |")
    lines += ["", "## Throughput (req/s, latency ms, ratio to the nginx ceiling)", "",
              "| page | lang | mode | req/s | ratio | p50 | p95 | p99 | errors |",
              "|---|---|---|---|---|---|---|---|---|"]
    for row in result["runs"]:
        lines.append(
            f"| {row['page']} | {row['language']} | {row['mode']} | {row['rps']:.0f} | "
            f"{row['rps'] / ceiling:.3f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['p99_ms']:.1f} | {row['error_count']} |")
    lines += ["", f"## Surge: home page, {SURGE} concurrent clients, all three languages", "",
              "| mode | req/s | ratio | p50 | p95 | p99 | errors |",
              "|---|---|---|---|---|---|---|"]
    for mode, run in result["surge"].items():
        lines.append(f"| {mode} | {run['rps']:.0f} | {run['rps'] / ceiling:.3f} | "
                     f"{run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['p99_ms']:.1f} | "
                     f"{run['error_count']} |")
    from bench.surge import markdown as surge_markdown

    lines += ["", "#" + surge_markdown(result["surge_while_publishing"])]
    lines += ["", "## Weight (gzip) and memory", ""]
    for name, weight in result["weight"].items():
        lines.append(f"- {name} ({weight['path']}): {weight['kb_gzip']} KB "
                     f"(HTML+CSS+JS+fonts); render-blocking scripts: "
                     f"{len(weight['render_blocking_scripts'])}")
    for label, workers in result["memory"].items():
        if label.startswith("requests_"):
            continue
        requests = result["memory"].get(f"requests_{label}", 0)
        lines.append(f"- worker RSS {label.replace('_', ' ')} ({requests} requests made): "
                     f"{', '.join(f'{mb} MB' for mb in workers.values())}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
