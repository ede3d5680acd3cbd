"""gunicorn configuration for the portal: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed through the environment (see docs/deploy.md):
GUNICORN_BIND (or HOST and PORT), WEB_CONCURRENCY (worker processes), GUNICORN_THREADS,
GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS, GUNICORN_ACCESS_LOG, FORWARDED_ALLOW_IPS.
"""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.production")
raw_env = [f"DJANGO_SETTINGS_MODULE={settings_module}"]

bind = [
    os.environ.get("GUNICORN_BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
]

# Pages are mostly served from the Redis page cache, so a worker spends its time waiting on
# sockets: two processes per core, each with a few threads, keeps both cores busy.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer is killed and logged; the load balancer retries elsewhere.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Workers are not recycled: memory stays flat (make bench: one worker 145 -> 150.3 -> 150.6 MB
# over 10,000 uncached requests), and recycling at the anniversary's peak rate restarted each
# worker every minute or two, sometimes two within two seconds (p99 of the news index up to 3 s).
# Should a leak ever appear, GUNICORN_MAX_REQUESTS turns recycling on, with a jitter of half the
# limit so restarts spread over minutes (measured with bench/faults.py: 2000 +/- 200 took all
# four workers down at once for about 5 s).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", str(max_requests // 2)))

# Access log to stdout, errors to stderr; the process manager collects both.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" cache=%({x-cache}o)s'
)

# The load balancer's address(es), whose X-Forwarded-* headers gunicorn trusts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "khojaly-portal"
# gunicorn's control socket defaults to one path per user, which two instances on one host
# would share: off unless GUNICORN_CONTROL_SOCKET names a path of its own.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
# Each worker opens its own database and Redis connections.
preload_app = False
