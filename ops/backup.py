"""Back up and restore the portal: the database named by DATABASE_URL and the media files.

    python -m ops.backup dump DIRECTORY      # DIRECTORY/database.dump (or .sqlite3), media.tar.gz
    python -m ops.backup restore DIRECTORY   # into DATABASE_URL (created) and MEDIA_ROOT

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore`` into a
new database; SQLite is copied with SQLite's own online backup. Media files on local disk are
archived with tar. (Media on object storage is backed up by the bucket's versioning and a
copy to a second bucket: see docs/deploy.md.) Needs no Django settings: only DATABASE_URL and
MEDIA_ROOT from the environment.
"""

import argparse
import glob
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def pg_tool(name: str) -> str:
    """The newest installed PostgreSQL client tool (it must not be older than the server)."""
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0,
    )
    return candidates[-1] if candidates else (shutil.which(name) or name)


def _pg(config: dict) -> tuple[list[str], dict]:
    args = ["--host", config.get("HOST") or "127.0.0.1", "--port", str(config.get("PORT") or 5432)]
    if config.get("USER"):
        args += ["--username", config["USER"]]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return args, env


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    return dj_database_url.parse(url)


def _media_root() -> Path:
    return Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


def dump(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    config = _database()
    written = []
    if "postgresql" in config["ENGINE"]:
        args, env = _pg(config)
        target = directory / "database.dump"
        subprocess.run(
            [pg_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--file", str(target),
             config["NAME"]],
            env=env, check=True,
        )
    else:
        target = directory / "database.sqlite3"
        source = sqlite3.connect(config["NAME"])
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # consistent even while the portal writes
        copy.close()
        source.close()
    written.append(target)
    media = _media_root()
    archive = directory / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        if media.exists():
            tar.add(media, arcname=".")
    written.append(archive)
    return written


def restore(directory: Path) -> None:
    config = _database()
    if "postgresql" in config["ENGINE"]:
        args, env = _pg(config)
        subprocess.run([pg_tool("createdb"), *args, config["NAME"]], env=env, check=True)
        subprocess.run(
            [pg_tool("pg_restore"), *args, "--no-owner", "--no-privileges", "--exit-on-error",
             "--dbname", config["NAME"], str(directory / "database.dump")],
            env=env, check=True,
        )
    else:
        target = Path(config["NAME"])
        if target.exists() and target.stat().st_size > 0:
            raise SystemExit(f"{target} exists: restore into a new file.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(directory / "database.sqlite3", target)
    media = _media_root()
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / "media.tar.gz", "r:gz") as tar:
        tar.extractall(media, filter="data")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["dump", "restore"])
    parser.add_argument("directory", type=Path)
    options = parser.parse_args(argv)
    if options.action == "dump":
        for path in dump(options.directory):
            print(f"Wrote {path}")
    else:
        restore(options.directory)
        print(f"Restored from {options.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
