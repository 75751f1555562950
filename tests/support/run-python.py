"""Runs a Python snippet with waiting that takes no time: python3 run-python.py SNIPPET.

`time.sleep` records its argument (in seconds, one line each, in the file named by
SNIPPET_SLEEP_LOG) and returns at once; `time.monotonic` and `time.time` then read as if
that much time had passed. Like the real one, `time.sleep` refuses a negative interval.
The snippet runs as `__main__`, so an exception it raises ends the process with status 1.
"""

import os
import runpy
import sys
import time

LOG = os.environ["SNIPPET_SLEEP_LOG"]
_advanced = 0.0
_monotonic = time.monotonic
_time = time.time


def _sleep(seconds):
    global _advanced
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{seconds!r}\n")
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    _advanced += seconds


time.sleep = _sleep
time.monotonic = lambda: _monotonic() + _advanced
time.time = lambda: _time() + _advanced

snippet = sys.argv[1]
sys.argv = [snippet]
sys.path.insert(0, os.path.dirname(os.path.abspath(snippet)))
runpy.run_path(snippet, run_name="__main__")
