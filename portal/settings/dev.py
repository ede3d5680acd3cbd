"""Local development: debug on, a throwaway key, loopback hosts only, and a cache every
process shares (the server, `manage.py shell`, `publish_scheduled`, a second server)."""

import os

from portal.release import release, source_stamp

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, env_bool, env_list

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# The page cache and everything remembered live in the database's cache table (created by
# `migrate`): every process that uses this database sees one cache, so a page made private or
# published from another process is seen by the running server at once (ops/cache.py). A
# file cache would do as much on one machine, but not for `make run` on a shared PostgreSQL,
# and its `add` is not atomic, which the change log needs.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# What is cached survives a restart of the server: a code change (even uncommitted) starts a
# new release, so nothing pickled by the code before it is read again.
PORTAL_RELEASE = f"{release()}-{source_stamp(BASE_DIR)}"
