"""Create the PostgreSQL database named in DATABASE_URL when it does not exist yet.

`make run` and `make serve` call this before migrating, so a new database is set up the same
way as the default SQLite file. SQLite needs nothing: the file is created on first use.
"""

import os
import sys

import dj_database_url


def main() -> int:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return 0
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return 0
    import psycopg
    from psycopg import sql

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    name = config["NAME"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created PostgreSQL database {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
