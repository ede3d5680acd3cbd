"""Sending each build to object storage (django-storages) as one tar file, and the retention
rule: the newest ``PRESERVATION_KEEP_UPLOADS`` builds, and the first build of every month before
them, are kept; the others are deleted."""

import re
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages

NAME = re.compile(r"^khojaly-archive-(\d{8})T(\d{6})\.tar$")


def storage():
    config = getattr(settings, "PRESERVATION_UPLOAD", None)
    if not config:
        raise RuntimeError(
            "No upload storage: set PRESERVATION_BUCKET (object storage) or "
            "PRESERVATION_UPLOAD_DIR (a folder); see docs/preservation.md."
        )
    return storages.create_storage(config)


def upload(build_path: str) -> str:
    """The build folder (a bag) as ``khojaly-archive-<time>.tar``; returns the stored name."""
    path = Path(build_path).resolve()
    name = f"khojaly-archive-{path.name}.tar"
    target = storage()
    with tempfile.TemporaryFile() as handle:
        with tarfile.open(fileobj=handle, mode="w") as tar:
            tar.add(path, arcname=name.removesuffix(".tar"))
        handle.seek(0)
        if target.exists(name):
            target.delete(name)
        stored = target.save(name, File(handle, name=name))
    apply_retention(target)
    return stored


def to_delete(names, keep: int) -> list[str]:
    """The uploads the retention rule drops: not among the newest ``keep`` and not the first
    of their month."""
    builds = sorted(name for name in names if NAME.match(name))
    newest = set(builds[-keep:]) if keep > 0 else set()
    first_of_month = {}
    for name in builds:
        first_of_month.setdefault(NAME.match(name).group(1)[:6], name)
    kept = newest | set(first_of_month.values())
    return [name for name in builds if name not in kept]


def apply_retention(target) -> list[str]:
    _folders, names = target.listdir("")
    dropped = to_delete(names, settings.PRESERVATION_KEEP_UPLOADS)
    for name in dropped:
        target.delete(name)
    return dropped
