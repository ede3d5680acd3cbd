"""How fast is the names search on PostgreSQL with 10,000 records?

Creates a throwaway database, migrates it, fills it with 10,000 clearly synthetic records
(generated syllable names marked "Synthetic"), times 100 searches through the register's own
search (remembrance.search.search_records, the pg_trgm GIN index on the folded key), prints
p50/p95 and the query plan of one search, and drops the database.

    make bench-names            # PostgreSQL at postgres://postgres@127.0.0.1:5432
    BENCH_POSTGRES=postgres://user@host:port make bench-names
"""

import io
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
RECORDS = 10_000
QUERIES = 100

SYLLABLES_LATIN = ["ba", "da", "ka", "la", "ma", "na", "ra", "sa", "ta", "va", "za", "gu", "hu",
                   "xo", "çi", "şe", "ğa", "ye", "lı", "mə", "rə", "ü", "ö", "ov", "yev", "li"]


def synthetic_name(rng) -> tuple[str, str]:
    surname = "".join(rng.choice(SYLLABLES_LATIN) for _ in range(rng.randint(2, 4)))
    given = "".join(rng.choice(SYLLABLES_LATIN) for _ in range(rng.randint(2, 3)))
    return surname.capitalize() + "ov", given.capitalize()


def main():
    name = f"khojaly_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{SERVER}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    try:
        run(name)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"Dropped {name}.")


def run(name):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from core import i18n
    from remembrance.models import NameRecord
    from remembrance.search import search_records

    print(f"Migrating {name} …")
    call_command("migrate", "--noinput", verbosity=0, stdout=io.StringIO())
    rng = random.Random(1992)
    records = []
    for number in range(RECORDS):
        surname, given = synthetic_name(rng)
        spelling = f"{surname} {given} Synthetic {number:05d}"
        # The same Latin spelling in the first two languages' columns, none in the others.
        record = NameRecord(
            **dict.fromkeys(i18n.language_columns("name")[:2], spelling),
            status=rng.choice(["killed", "missing", "hostage", "released"]),
            live=True,
        )
        record.search_key = record.build_search_key()
        records.append(record)
    NameRecord.objects.bulk_create(records, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE remembrance_namerecord")
    published = NameRecord.objects.filter(live=True)
    # Queries: parts of stored surnames (3–8 letters), half of them upper-cased.
    queries = []
    for _ in range(QUERIES):
        surname = next(iter(rng.choice(records).spellings().values())).split()[0]
        start = rng.randint(0, max(0, len(surname) - 4))
        part = surname[start:start + rng.randint(3, 8)]
        queries.append(part.upper() if rng.random() < 0.5 else part)
    timings, hits = [], []
    for query in queries:
        started = time.perf_counter()
        first_name = i18n.language_columns("name")[0]
        results = list(search_records(published, query).order_by(first_name)[:50])
        timings.append((time.perf_counter() - started) * 1000)
        hits.append(len(results))
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{RECORDS} synthetic records, {QUERIES} searches (first 50 results each)")
    print(f"p50 {p50:.2f} ms   p95 {p95:.2f} ms   max {timings[-1]:.2f} ms   "
          f"median hits {statistics.median(hits)}")
    sql, params = search_records(published, "agayev").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print("Plan of one search (the planner may prefer a scan at this size):\n" + plan)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    print("The same search with sequential scans off (the trigram index is usable):\n" + plan)


if __name__ == "__main__":
    main()
