"""Real servers for the production tests: a private PostgreSQL cluster, Redis, gunicorn.

Everything listens on 127.0.0.1 only, on this branch's own ports (PostgreSQL 5490-5499,
Redis 6390-6399, gunicorn 8360-8369), waits a bounded time, and is stopped and removed by the
fixtures that start it. The shared PostgreSQL (5432) and Redis (6379) are never touched.
"""

import glob
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START_TIMEOUT = 60


def free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {first}-{last}")


def wait_for(check, what: str, timeout: float = START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not come up within {timeout} s")


def stop_process(process: subprocess.Popen, timeout: float = 15, sig=signal.SIGTERM):
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


# -- HTTP --------------------------------------------------------------------------------
class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", "replace")

    def cookies(self) -> dict:
        found = {}
        for header in self.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            found[name.strip()] = (rest.split(";")[0], header)
        return found


def http(url, *, method="GET", data=None, headers=None, https=True, timeout=20) -> Response:
    """One request; `https` says the load balancer terminated TLS (X-Forwarded-Proto)."""
    headers = dict(headers or {})
    if https:
        headers.setdefault("X-Forwarded-Proto", "https")
    if isinstance(data, dict):
        data = urllib.parse.urlencode(data).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with _opener.open(request, timeout=timeout) as reply:
            return Response(reply.status, reply.headers, reply.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


# -- Redis -------------------------------------------------------------------------------
class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or free_port(6390, 6399)
        self.directory = tempfile.mkdtemp(prefix="portal-redis-")
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.directory, "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )

        def answers():
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")

        wait_for(answers, f"redis-server on {self.port}", timeout=20)
        return self

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def remove(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# -- PostgreSQL --------------------------------------------------------------------------
def pg_bin(name: str) -> str:
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(re.search(r"/postgresql/(\d+)/", path).group(1)),
    )
    if not found:
        raise RuntimeError("PostgreSQL server binaries are missing (apt-get install postgresql)")
    return found[-1]


class PostgresCluster:
    """A throwaway cluster, run as the postgres user when the tests run as root."""

    def __init__(self):
        self.port = free_port(5490, 5499)
        self.directory = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.directory / "data"
        self.sockets = self.directory / "sockets"

    def _as_postgres(self, args, **kwargs):
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--", *args]
        return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120,
                              **kwargs)

    def init(self):
        self.sockets.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            shutil.chown(self.sockets, "postgres")
        self._as_postgres([pg_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                           "--auth=trust", "--encoding=UTF8", "--no-sync"])
        return self

    def start(self):
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-o", options,
                           "-l", str(self.directory / "server.log"), "-w", "-t", "60", "start"])
        return self

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                               "-t", "60", "stop"])

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str):
        import psycopg
        from psycopg import sql

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# -- the portal --------------------------------------------------------------------------
def production_env(database_url: str, redis_url: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONUNBUFFERED="1",
        OPS_LOG_LEVEL="INFO",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(env: dict, *args, timeout=300, code: str | None = None) -> str:
    command = [sys.executable, "manage.py", *args] if code is None else [
        sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code]
    result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Clocks:
    """The clocks of a test server's workers (tests/gunicorn_clocks.py), moved by the test:
    seconds added to its monotonic clock and to its wall clock (ops.cache)."""

    def __init__(self, directory: Path, monotonic: float = 0.0, wall: float = 0.0):
        self.path = Path(tempfile.mkstemp(prefix="clocks-", suffix=".json", dir=directory)[1])
        self.set(monotonic=monotonic, wall=wall)

    def set(self, **offsets):
        current = json.loads(self.path.read_text() or "{}") if self.path.stat().st_size else {}
        self.path.write_text(json.dumps({**current, **offsets}))

    def advance(self, seconds: float):
        current = json.loads(self.path.read_text())
        self.set(monotonic=current["monotonic"] + seconds, wall=current["wall"] + seconds)


class LoggedProcess:
    """A process of the portal in a session of its own, its output in a log file."""

    log_path: Path
    process = None
    stop_signal = signal.SIGTERM

    def launch(self, command: list, env: dict) -> None:
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()

    def stop(self):
        if self.process is not None:
            stop_process(self.process, sig=self.stop_signal)
            self.process = None
            self.log.close()


class Gunicorn(LoggedProcess):
    """`gunicorn -c deploy/gunicorn.conf.py`, exactly as in production, on a loopback port;
    with ``clocks``, the same configuration with clocks the test moves."""

    stop_signal = signal.SIGQUIT  # quick shutdown: tests only

    def __init__(self, env: dict, log_dir: Path, port: int | None = None,
                 clocks: "Clocks | None" = None):
        self.port = port or free_port(8360, 8369)
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "2",
                    "GUNICORN_THREADS": "2", "GUNICORN_ACCESS_LOG": "-"}
        self.config = "deploy/gunicorn.conf.py"
        if clocks is not None:
            self.env["TEST_CLOCKS"] = str(clocks.path)
            self.config = "tests/gunicorn_clocks.py"
        self.log_path = Path(log_dir) / f"gunicorn-{self.port}.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.launch([str(BIN / "gunicorn"), "-c", self.config], self.env)

        def healthy():
            if self.process.poll() is not None:
                raise RuntimeError(self.log_path.read_text())
            return http(self.base + "/healthz", https=False, timeout=2).status == 200

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.log_path.read_text())
            try:
                if healthy():
                    return self
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.2)
        self.stop()
        raise TimeoutError("gunicorn did not start:\n" + self.log_path.read_text())

    def get(self, path, host=None, **kwargs) -> Response:
        """A request as the load balancer forwards it (optionally for the public `host`)."""
        if host:
            kwargs["headers"] = {"Host": host, **kwargs.get("headers", {})}
        return http(self.base + path, **kwargs)


class Worker(LoggedProcess):
    """``manage.py send_purges``, the purge worker of production (ops.purges)."""

    def __init__(self, env: dict, log_dir: Path):
        self.env = env
        self.log_path = Path(log_dir) / f"purges-{secrets.token_hex(4)}.log"
        self.process = None

    def start(self):
        self.launch([sys.executable, "manage.py", "send_purges", "--interval", "1"], self.env)
        return self


class DevServer(LoggedProcess):
    """``manage.py runserver`` with the development settings, as ``make run`` serves."""

    def __init__(self, env: dict, log_dir: Path):
        self.port = free_port(8380, 8389)
        self.env = env
        self.log_path = Path(log_dir) / f"runserver-{self.port}.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.launch([sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}",
                     "--noreload"], self.env)

        def healthy():
            if self.process.poll() is not None:
                raise RuntimeError("runserver exited:\n" + self.log_path.read_text())
            return http(self.base + "/healthz", https=False, timeout=2).status == 200

        wait_for(healthy, "runserver")
        return self

    def get(self, path, **kwargs) -> Response:
        return http(self.base + path, https=False, **kwargs)


def dev_env(database_url: str, **extra) -> dict:
    """The environment of ``make run``: portal.settings.dev, its database cache included."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", DATABASE_URL=database_url,
               PYTHONUNBUFFERED="1")
    env.update({k: str(v) for k, v in extra.items()})
    return env


# -- the admin through HTTP ------------------------------------------------------------
PUBLIC_HOST = "localhost"  # the host name the load balancer passes on to every app server

def sign_in(app, username, password) -> dict:
    """Sign in to the admin through the login form, as a browser does; returns the cookies."""
    login = app.get("/admin/login/", host=PUBLIC_HOST)
    cookies = {name: value for name, (value, _raw) in login.cookies().items()}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    reply = app.get(
        "/admin/login/",
        host=PUBLIC_HOST,
        method="POST",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password,
              "next": "/admin/"},
        headers=browser_headers(cookies, "/admin/login/"),
    )
    assert reply.status == 302, reply.text[:500]
    cookies.update({name: value for name, (value, _raw) in reply.cookies().items()})
    return cookies

def browser_headers(cookies, path):
    origin = f"https://{PUBLIC_HOST}"
    return {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Origin": origin,
        "Referer": origin + path,
    }


# -- Varnish -----------------------------------------------------------------------------
VCL = BASE_DIR / "deploy" / "varnish" / "default.vcl"


class Varnish:
    """varnishd with the repository's VCL in front of a backend port, in a private working
    directory, in the foreground (so stopping the process stops it)."""

    def __init__(self, backend_port: int, port: int | None = None, memory="64m",
                 archive_port: int | None = None):
        self.port = port or free_port(8750, 8799)
        self.backend_port = backend_port
        # Where the archive's static copy is served when the backend fails (StaticMirror).
        self.archive_port = archive_port or free_port(8850, 8899)
        self.memory = memory
        self.directory = Path(tempfile.mkdtemp(prefix="portal-varnish-"))
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def vcl(self) -> str:
        """The repository's VCL, with this backend's port and the archive's."""
        text = VCL.read_text().replace('.port = "8000";', f'.port = "{self.backend_port}";')
        return text.replace('.port = "8081";', f'.port = "{self.archive_port}";')

    def start(self):
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        vcl = self.directory / "default.vcl"
        vcl.write_text(self.vcl())
        self.log = open(self.directory / "varnishd.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [varnishd, "-F", "-j", "none", "-n", str(self.directory / "work"),
             "-a", f"127.0.0.1:{self.port}", "-T", "none", "-f", str(vcl),
             "-s", f"malloc,{self.memory}", "-p", "thread_pool_min=50"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

        def answers():
            if self.process.poll() is not None:
                raise RuntimeError((self.directory / "varnishd.log").read_text())
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True

        wait_for(answers, f"varnishd on {self.port}", timeout=30)
        return self

    def get(self, path, host=None, **kwargs) -> Response:
        if host:
            kwargs["headers"] = {"Host": host, **kwargs.get("headers", {})}
        return http(self.base + path, **kwargs)

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None
            self.log.close()

    def remove(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# -- nginx serving the archive's static copy ---------------------------------------------
NGINX_ARCHIVE = BASE_DIR / "deploy" / "nginx" / "archive.conf"


class StaticMirror:
    """nginx with the repository's archive.conf (deploy/nginx/) serving a static copy on a
    loopback port, in the foreground, with everything it writes in a private directory."""

    def __init__(self, site: Path, port: int):
        self.site = Path(site)
        self.port = port
        self.directory = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        server = NGINX_ARCHIVE.read_text()
        server = server.replace("listen 127.0.0.1:8081;", f"listen 127.0.0.1:{self.port};")
        server = server.replace("root /srv/khojaly/archive/current/data/site;",
                                f"root {self.site.resolve()};")
        (self.directory / "archive.conf").write_text(server)
        temp = self.directory / "temp"
        temp.mkdir()
        user = "user root;\n" if os.geteuid() == 0 else ""  # the tests' files are private
        (self.directory / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {self.directory}/nginx.pid;\n"
            f"error_log {self.directory}/error.log;\nevents {{ worker_connections 64; }}\n"
            f"http {{\n  access_log off;\n"
            + "".join(f"  {kind}_temp_path {temp}/{kind};\n"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + f"  include {self.directory}/archive.conf;\n}}\n"
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(
            [nginx, "-p", str(self.directory), "-c", str(self.directory / "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )

        def answers():
            if self.process.poll() is not None:
                raise RuntimeError((self.directory / "error.log").read_text())
            return http(self.base + "/robots.txt", https=False, timeout=2).status == 200

        wait_for(answers, f"nginx on {self.port}", timeout=30)
        return self

    def remove(self):
        if self.process is not None:
            stop_process(self.process, sig=signal.SIGQUIT)
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)
