"""Keep the machine busy while something else runs, and say how busy it was.

    python -m bench.busy --workers 1 --seconds 14400 --log /tmp/busy.log &

Each worker is one process that computes SHA-256 hashes in a loop, at the normal priority,
so it takes a whole core from whatever else runs (the tests, their servers, PostgreSQL). Every
minute the load average is written to the log, so a run's figures can say what the machine
was doing. It stops by itself after ``--seconds`` (bounded, as every load here is) or on
SIGTERM. Used to show that the test suite does not race the machine (docs/testing.md).
"""

import argparse
import hashlib
import multiprocessing
import os
import signal
import sys
import time


def spin(deadline: float) -> None:
    digest = b"khojaly"
    while time.time() < deadline:
        for _ in range(10_000):
            digest = hashlib.sha256(digest).digest()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="busy processes (one core each)")
    parser.add_argument("--seconds", type=float, default=3600, help="stop after this long")
    parser.add_argument("--log", default="-", help="where the load average goes each minute")
    args = parser.parse_args(argv)

    deadline = time.time() + args.seconds
    workers = [multiprocessing.Process(target=spin, args=(deadline,), daemon=True)
               for _ in range(args.workers)]
    for worker in workers:
        worker.start()

    def stop(*_):
        for worker in workers:
            worker.terminate()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    with open(sys.stdout.fileno() if args.log == "-" else args.log, "a", buffering=1,
              closefd=args.log != "-") as log:
        while time.time() < deadline and any(worker.is_alive() for worker in workers):
            one, five, fifteen = os.getloadavg()
            log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} workers={args.workers} "
                      f"cores={os.cpu_count()} load={one:.2f} {five:.2f} {fifteen:.2f}\n")
            time.sleep(min(60, max(0.0, deadline - time.time())))
    stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
