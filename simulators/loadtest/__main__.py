"""The harness process: `python -m simulators.loadtest CONFIG.json` (started by `skygate loadtest`).

Locust first: importing it patches the standard library for gevent, which
must happen before anything else opens sockets or threads.
"""

from __future__ import annotations

import sys
from pathlib import Path

import locust  # noqa: F401, I001 - must be the first import (gevent monkey-patching)

from simulators.loadtest.config import LoadConfig
from simulators.loadtest.runner import run

if __name__ == "__main__":
    report = run(LoadConfig.load(Path(sys.argv[1])))
    sys.exit(0 if report["integrity"]["ok"] else 3)
