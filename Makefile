# The memorial portal's commands. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
QUICK_WORKERS ?= auto
MANAGE := $(BIN)/python manage.py

.PHONY: help install migrate demo run serve test test-quick machine lint check messages clean scheduler browser screenshots bench bench-names bench-faults bench-surge bench-versus bench-exchange lighthouse archive archive-changed replay-tools bench-archive

help:
	@echo "make run    - set up, migrate, load the demo content and serve on http://127.0.0.1:$(PORT)"
	@echo "make serve  - production settings with gunicorn, the purge worker, PostgreSQL and Redis on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run lint, checks and the whole test suite (honours DATABASE_URL)"
	@echo "make test-quick - lint, checks and the tests that need no server or browser (< 3 min)"
	@echo "make lint   - ruff"
	@echo "make screenshots - every page type in every language, desktop and phone, in screenshots/"
	@echo "make scheduler - publish scheduled pages every minute (leave running beside make run)"
	@echo "make messages - refresh and compile the translation catalogues of every language in locale/"
	@echo "make bench-names - time the names search on 10,000 synthetic records (PostgreSQL)"
	@echo "make bench-faults - 200 clients for 60 s, Redis and PostgreSQL stopped mid-run (about 3 minutes)"
	@echo "make bench  - build a large site and measure it under load (bench/results/, < 15 min)"
	@echo "make bench-surge - 200 clients through Varnish while an editor publishes every 10 s"
	@echo "make bench-versus - cache hits against bakerydemo's per-site cache middleware"
	@echo "make lighthouse - Lighthouse mobile scores of home, article and news index in az, en, ru"
	@echo "make archive - static copy, WARC and BagIt bag of the public site in archive/current/"
	@echo "make archive-changed - capture again only what changed since the last archive"
	@echo "make bench-archive - time full and incremental archive builds (demo and large site)"

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python -m portal.createdb
	$(MANAGE) migrate --noinput
	$(MANAGE) update_translation_fields --verbosity 0

demo: migrate
	$(MANAGE) load_demo_content

# Absolute URLs (feeds, citations, sitemaps, files for translators) start with the default
# site's address: the one served here (core.site_root, docs/configuration.md).
run: demo
	$(MANAGE) set_site_address 127.0.0.1:$(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The archive (docs/preservation.md): every public page in every language as a static copy
# (archive/current/data/site/index.html opens from disk), a WARC with its CDXJ index, in a
# BagIt bag. From the database make run uses (DATABASE_URL otherwise).
archive: migrate
	$(MANAGE) build_archive

archive-changed: migrate
	$(MANAGE) build_archive --changed

# pywb (WARC replay) has its own virtualenv: it pins redis 2.10, which the portal's cache
# cannot use. The replay test and make test create it (tests/replay-requirements.txt).
REPLAY_VENV ?= .venv-replay
replay-tools: $(REPLAY_VENV)/.installed
$(REPLAY_VENV)/.installed: tests/replay-requirements.txt
	test -x $(REPLAY_VENV)/bin/python || $(PYTHON) -m venv $(REPLAY_VENV)
	$(REPLAY_VENV)/bin/python -m pip install --quiet -r tests/replay-requirements.txt
	touch $@

# Publishes pages whose go-live time has come (and unpublishes expired ones) every minute,
# as cron or the systemd timer in deploy/ does in production.
scheduler: install
	while true; do $(MANAGE) publish_scheduled; sleep 60; done
# Production mode on this machine: PostgreSQL and Redis, collected static files, gunicorn.
# Plain HTTP on loopback, so no HTTPS redirect; everything else as in production.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/khojaly
SERVE_REDIS_URL ?= redis://127.0.0.1:6379/0
SERVE_ENV = DJANGO_SETTINGS_MODULE=portal.settings.production \
	DATABASE_URL="$${DATABASE_URL:-$(SERVE_DATABASE_URL)}" \
	REDIS_URL="$${REDIS_URL:-$(SERVE_REDIS_URL)}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat .serve-secret-key 2>/dev/null || \
		$(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' | tee .serve-secret-key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	PORT=$(PORT)

serve: install
	$(SERVE_ENV) $(BIN)/python -m portal.createdb
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) update_translation_fields --verbosity 0
	$(SERVE_ENV) $(MANAGE) load_demo_content
	$(SERVE_ENV) $(MANAGE) set_site_address 127.0.0.1:$(PORT)
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) sh -c '$(MANAGE) send_purges & worker=$$!; \
		trap "kill $$worker" EXIT INT TERM; $(BIN)/gunicorn -c deploy/gunicorn.conf.py'

lint: install
	$(BIN)/ruff check .

check: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

# The browser tests need Debian's Chromium and, from the npm registry, axe-core, vnu-jar (the
# Nu Html Checker, run with Java) and lighthouse (package.json, exact versions).
NPM_TOOLS := node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar \
	node_modules/lighthouse/cli/index.js
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Install Chromium first: sudo apt-get install chromium"; exit 1; fi; }
	@for f in $(NPM_TOOLS); do test -f $$f || { npm ci --no-audit --no-fund; break; }; done

# What the whole suite needs besides Python (PostgreSQL, Redis, Varnish, Chromium, npm):
# installed and started as root, named otherwise.
machine:
	bash tests/machine/prepare.sh

test: lint check machine replay-tools
	$(BIN)/pytest $(PYTEST_ARGS)

# The edit-test loop: no servers, no browser, no floods or walks, fewer fuzzing examples; SQLite
# unless DATABASE_URL says otherwise.
FUZZ_EXAMPLES ?= 300
# The quick tier runs on every core (pytest-xdist): each worker builds its own demo database.
test-quick: lint check
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -m "not e2e and not flood and not servers and not slow" \
		-n $(QUICK_WORKERS) -p no:cacheprovider $(PYTEST_ARGS)

screenshots: install browser
	$(BIN)/pytest tests/e2e/test_screenshots.py -p no:cacheprovider
	@echo "Screenshots are in screenshots/"

# The benchmark: its own PostgreSQL database (BENCH_DATABASE_URL), private redis, gunicorn,
# Varnish and nginx on loopback ports; installs wrk, varnish and nginx when missing (as root).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/khojaly_bench
bench: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.run

# The surge while an editor publishes (also a stage of `make bench`), and cache hits side by
# side with bakerydemo (BAKERYDEMO_DIR; the portal alone without it): figures in bench/results/.
bench-surge: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.surge

bench-versus: install
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python -m bench.versus

messages: install
	$(MANAGE) makemessages --all --no-obsolete \
		--ignore '.venv/*' --ignore 'static_collected/*' --ignore 'tests/*' --ignore 'node_modules/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

# Exports the demo site for Russian, edits every segment and imports it (XLIFF and PO):
# bench/results/exchange.json (targets: export under 5 s, import under 15 s).
bench-exchange: install
	$(BIN)/python bench/exchange.py

# Full and incremental archive builds: time, sizes, memory (bench/results/archive.json).
# ARCHIVE_DATABASES="demo=sqlite:///db.sqlite3 large=$(BENCH_DATABASE_URL)" for both sites.
bench-archive: install
	$(BIN)/python bench/archive.py

# Times the names register search on 10,000 synthetic records in a throwaway PostgreSQL database.
bench-names: install
	$(BIN)/python bench/names_search.py

# Load and faults on loopback with the production stack; figures in bench/results/faults.json.
bench-faults: install
	$(BIN)/python bench/faults.py

# Lighthouse (npm) in Debian's Chromium, mobile, against gunicorn with the production settings
# and the page cache on loopback: bench/results/lighthouse.json (LIGHTHOUSE_RUNS per page).
lighthouse: install browser
	$(BIN)/python bench/lighthouse.py

clean:
	rm -rf $(VENV) $(REPLAY_VENV) static_collected .pytest_cache .test-media .e2e-media node_modules screenshots
