"""deploy/gunicorn.conf.py with clocks a test moves (tests.servers.Clocks): each worker reads
its monotonic and wall-clock offsets from the JSON file named by TEST_CLOCKS whenever
ops.cache asks the time, as two hosts booted at different moments, or a little apart on the
wall clock, would answer."""

import json
import os
import time
from pathlib import Path

exec(compile((Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py")  # noqa: S102
             .read_text(), "deploy/gunicorn.conf.py", "exec"))


def _offset(name: str) -> float:
    try:
        return float(json.loads(Path(os.environ["TEST_CLOCKS"]).read_text()).get(name, 0.0))
    except (OSError, ValueError):
        return 0.0


def post_worker_init(worker):
    from ops import cache

    cache.clock = lambda: time.monotonic() + _offset("monotonic")
    cache.wall_clock = lambda: time.time() + _offset("wall")
