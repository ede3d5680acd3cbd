"""Which release of the code is running: part of every page cache key (ops.cache), so a
deploy never serves HTML or pickled objects made by the code before it.

``PORTAL_RELEASE`` from the environment (a version or a commit, set by the deploy), else the
commit of the checkout the code runs from, read from ``.git`` without running git.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _git_commit(base: Path) -> str:
    git = base / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        pass
    return ""


def release(env=os.environ, base: Path = BASE_DIR) -> str:
    return env.get("PORTAL_RELEASE", "").strip() or _git_commit(base)[:12] or "unknown"


SKIPPED_FOLDERS = {"node_modules", "static_collected", "media", "locale", "__pycache__"}


def source_stamp(base: Path = BASE_DIR) -> str:
    """When the portal's Python code last changed (development, where edits are not committed
    yet): the newest modification time of its modules, as a number."""
    newest = 0.0
    for directory, folders, files in os.walk(base):
        folders[:] = [name for name in folders
                      if not name.startswith(".") and name not in SKIPPED_FOLDERS]
        for name in files:
            if name.endswith(".py"):
                newest = max(newest, os.stat(os.path.join(directory, name)).st_mtime)
    return str(int(newest))
