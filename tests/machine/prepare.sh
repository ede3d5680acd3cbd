#!/usr/bin/env bash
# What `make test` needs besides Python: a PostgreSQL server on 127.0.0.1:5432 (browser tests)
# and its binaries (the production tests start a private cluster), redis-server, varnishd, nginx,
# Chromium, Java (the Nu Html Checker) and npm. As root on Debian it installs what is missing
# and starts PostgreSQL; as anyone else it names what is missing and stops. `make test-quick`
# needs none of it.
set -euo pipefail

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
missing=()
packages=()

need() {  # need COMMAND-OR-PATH DEBIAN-PACKAGE
  if [ -x "$1" ] || command -v "$1" >/dev/null 2>&1; then return; fi
  missing+=("$1")
  packages+=("$2")
}

need pg_isready postgresql
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { missing+=(initdb); packages+=(postgresql); }
need redis-server redis-server
need /usr/sbin/varnishd varnish
need /usr/sbin/nginx nginx
need /usr/bin/chromium chromium
need npm npm
need msgfmt gettext  # compilemessages: the fourth-language test compiles a catalogue
need java default-jre-headless

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(printf '%s\n' "${packages[@]}" | sort -u) >/dev/null
  else
    echo "make test needs: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install $(printf '%s\n' "${packages[@]}" | sort -u | tr '\n' ' ')" >&2
    exit 1
  fi
fi

if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
  if [ "$(id -u)" = 0 ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "Starting PostgreSQL"
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break; sleep 1; done
  fi
  pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || {
    echo "make test needs a PostgreSQL server on $PG_HOST:$PG_PORT (trust or PG* variables)" >&2
    exit 1
  }
fi

# The npm tools: axe-core (browser tests), vnu-jar (HTML validity), lighthouse (make lighthouse).
# Java is installed above first, so vnu-jar's install script finds it and downloads nothing.
{ [ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  && [ -f node_modules/lighthouse/cli/index.js ]; } || npm ci --no-audit --no-fund >/dev/null
