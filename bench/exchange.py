"""Exchange with translators on the demo site (`make bench-exchange`).

A throwaway database (SQLite by default, as `make run`; ``BENCH_EXCHANGE_DATABASE_URL`` for
PostgreSQL) gets the demo content; then, for Russian and for each format, the whole site is
exported (``export_translations``; PO, XLIFF 1.2 and XLIFF 2.0), every translated segment is
edited with polib or translate-toolkit as a translator's tool would, and the file is imported
(``import_translations``: the dry run's checks, then new draft revisions). Times are wall clock
in this process, the best of ``BENCH_EXCHANGE_RUNS`` (3) for export; an import runs once per
format (it writes). Targets (issue 17): export under 5 s, import under 15 s.
Results: bench/results/exchange.json.
"""

import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
RESULTS = BASE_DIR / "bench" / "results" / "exchange.json"
RUNS = int(os.environ.get("BENCH_EXCHANGE_RUNS", "3"))
LANGUAGE = "ru"
TARGETS = {"export": 5.0, "import": 15.0}


def edited_po(data: bytes) -> tuple[bytes, int]:
    import polib

    po = polib.pofile(data.decode("utf-8"))
    edited = 0
    for entry in po:
        if entry.msgstr:
            entry.msgstr += " (ред.)"
            edited += 1
    return str(po).encode("utf-8"), edited


def edited_xliff(data: bytes, version: int = 1) -> tuple[bytes, int]:
    """XLIFF 1.2 (``version`` 1) or 2.0 (2), edited with translate-toolkit."""
    from translate.storage import xliff, xliff2

    store_class = xliff.xlifffile if version == 1 else xliff2.Xliff2File
    store = store_class.parsestring(data)
    edited = 0
    for unit in store.units:
        if unit.isheader() or not unit.target:
            continue
        unit.target = f"{unit.target} (ред.)"
        edited += 1
    return bytes(store), edited


def main():
    workdir = tempfile.mkdtemp(prefix="bench-exchange-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_EXCHANGE_DATABASE_URL", f"sqlite:///{workdir}/demo.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    print(f"Demo site in {os.environ['DATABASE_URL']} …", flush=True)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("update_translation_fields", verbosity=0)
    call_command("load_demo_content", stdout=io.StringIO())
    user = get_user_model().objects.filter(is_superuser=True).first() or \
        get_user_model().objects.create_superuser("bench-exchange", password=None)

    from translations.exchange import formats

    result = {"database": os.environ["DATABASE_URL"].split(":")[0], "language": LANGUAGE,
              "targets_seconds": TARGETS, "formats": {}}
    for fmt, edit in ((formats.PO, edited_po), (formats.XLIFF, edited_xliff),
                      (formats.XLIFF2, lambda data: edited_xliff(data, version=2))):
        path = Path(workdir) / f"site-{LANGUAGE}.{fmt}"
        export_times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            call_command("export_translations", language=LANGUAGE, format=fmt,
                         output=str(path), stdout=io.StringIO())
            export_times.append(time.perf_counter() - started)
        data, edited = edit(path.read_bytes())
        changed = Path(workdir) / f"site-{LANGUAGE}-edited.{fmt}"
        changed.write_bytes(data)
        started = time.perf_counter()
        call_command("import_translations", str(changed), user=user.get_username(),
                     language=LANGUAGE, stdout=io.StringIO())
        import_time = time.perf_counter() - started
        result["formats"][fmt] = {
            "bytes": path.stat().st_size, "segments_edited": edited,
            "export_seconds": round(min(export_times), 3),
            "import_seconds": round(import_time, 3),
            "export_within_target": min(export_times) < TARGETS["export"],
            "import_within_target": import_time < TARGETS["import"],
        }
        print(f"{fmt}: export {min(export_times):.2f} s ({path.stat().st_size} bytes), "
              f"import of {edited} edited segments {import_time:.2f} s", flush=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Written {RESULTS.relative_to(BASE_DIR)}")
    if result["database"] == "sqlite":
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
