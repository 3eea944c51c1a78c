"""Opens a profile in a child process under a fault the parent cannot make for itself: a
read-only folder (as user `nobody` when run as root, since root writes anyway) or a full
disk (a small RLIMIT_FSIZE). Prints one JSON line: what happened, and how many writes
were acknowledged. Any traceback on stderr is a failure the parent test reports.

usage: fault_child.py DATA_DIR {open|fill} [--nobody] [--fsize BYTES]
(the passphrase, if any, comes in BRIDGEWORK_PASSPHRASE)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from course.paths import DataPaths
from course.store import CourseKey, StoreError, open_store

NOBODY = 65534
COURSE = CourseKey("empathy-gap", "1.0.0")


def _warm_up() -> None:
    """Import everything opening and writing needs while the stdlib is still readable."""
    with tempfile.TemporaryDirectory() as scratch:
        paths = DataPaths(Path(scratch) / "warm")
        with open_store(paths, "warm words") as store:
            store.save_reflection(COURSE, "l", "r", "p", "warm")
        open_store(paths, "warm words").close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("action", choices=("open", "fill"))
    parser.add_argument("--nobody", action="store_true")
    parser.add_argument("--fsize", type=int, default=0)
    args = parser.parse_args()
    passphrase = os.environ.get("BRIDGEWORK_PASSPHRASE") or None
    _warm_up()
    if args.nobody and os.geteuid() == 0:
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    if args.fsize:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (args.fsize, args.fsize))
    acknowledged = 0
    outcome, message = "opened", ""
    try:
        with open_store(DataPaths(Path(args.data_dir)), passphrase) as store:
            if args.action == "fill":
                for n in range(10_000):
                    store.save_reflection(
                        COURSE, "l", f"full-{n}", "p", f"canary-after-51d2e8 {n} " * 200
                    )
                    acknowledged = n + 1
    except StoreError as error:
        outcome, message = type(error).__name__, error.message
    print(json.dumps({"outcome": outcome, "message": message, "acknowledged": acknowledged}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
