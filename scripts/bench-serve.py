#!/usr/bin/env python3
"""Measures `statusbook serve`'s memory while a code page is edited again and again.

    scripts/bench-serve.py                          # the 10,000-code site, 200 edits
    scripts/bench-serve.py --edits 50 --site target/bench/site-1000

The site is copied into a temporary folder first, and only the copy is edited. statusbook
is built in release mode first (--no-cargo to use the binary as it is). Then:

1. `statusbook build` of the copy, three times (--builds): the median of their peak memory
   (wait4's ru_maxrss), which varies by tens of MB from run to run, is the yardstick;
2. `statusbook serve -p 0` of the copy; for each edit, a code page gets a new line, and the
   script waits until the server has the new page (polled over HTTP) and has reported the
   full rebuild that follows it ("rebuilt …" on its standard error, then a quiet moment, so
   a stray rebuild is not taken for the next edit's), then reads the server's resident
   memory (VmRSS) and its peak so far (VmHWM) from /proc.

Prints the build's peak, and serve's memory after the first build, after 50, 100 and 200
edits (those reached) and at its peak, each also as a multiple of the build's peak.
Needs Python 3.8+ and Linux.
"""

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
CHECKPOINTS = (50, 100, 200)
# How long the server must print nothing after a rebuild for the edit to count as done.
QUIET = 0.2


def main():
    args = parse_args()
    site = Path(args.site).resolve()
    if not (site / "book.toml").is_file():
        sys.exit(f"error: no site at {site}\nhelp: scripts/bench --sizes 10000 --runs 1 makes it")
    if not args.no_cargo:
        print("==> cargo build --release", file=sys.stderr)
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=REPO, check=True)
    exe = Path(args.exe) if args.exe else TARGET / "release" / "statusbook"
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as temp:
        copy = Path(temp) / "site"
        print(f"==> copying {site} to {copy}", file=sys.stderr)
        shutil.copytree(site, copy)
        build_peak = statistics.median(build(exe, copy, Path(temp) / f"out-{run}")
                                       for run in range(args.builds))
        samples = serve(exe, copy, args.edits, args.timeout)
    print(report(site, args.edits, build_peak, samples))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=str(REPO.parent / "main" / "target" / "bench" / "site-10000"),
                        help="the site to copy and serve (default: the 10,000-code bench site)")
    parser.add_argument("--edits", type=int, default=200, help="how many edits (default 200)")
    parser.add_argument("--builds", type=int, default=3,
                        help="builds whose median peak is the yardstick (default 3)")
    parser.add_argument("--exe", help="the statusbook binary (default: the release build)")
    parser.add_argument("--no-cargo", action="store_true", help="do not build statusbook first")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds to wait for one edit to be served and rebuilt (default 120)")
    return parser.parse_args()


def build(exe, site, out):
    """The peak memory of `statusbook build` of `site`, in bytes."""
    print("==> statusbook build", file=sys.stderr)
    child = subprocess.Popen([str(exe), "build", "-q", str(site), "-d", str(out)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives this child's own resource use, peak memory included.
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"error: statusbook build failed:\n{child.stderr.read().decode()}")
    child.stderr.close()
    return usage.ru_maxrss * 1024


def serve(exe, site, edits, timeout):
    """Serves `site`, edits a code page `edits` times; returns (edits done, VmRSS, VmHWM) in
    bytes after the first build and after each edit."""
    print("==> statusbook serve", file=sys.stderr)
    server = subprocess.Popen([str(exe), "serve", "-p", "0", str(site)], stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, text=True,
                              env={**os.environ, "NO_COLOR": "1"})
    lines = queue.Queue()
    threading.Thread(target=read_lines, args=(server.stderr, lines), daemon=True).start()
    page = sorted((site / "content" / "codes").glob("*.md"))[0]
    original = page.read_text()
    try:
        port = None
        while port is None:
            line = next_line(lines, timeout, "serve did not start")
            if "http://127.0.0.1:" in line:
                port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        url = f"http://127.0.0.1:{port}/codes/{page.stem}.html"
        samples = [(0, *memory(server.pid))]
        for edit in range(1, edits + 1):
            marker = f"edited-{os.getpid()}-{edit}"
            page.write_text(f"{original}\n{marker}\n")
            wait_for_edit(url, marker, lines, timeout)
            samples.append((edit, *memory(server.pid)))
            if edit % 10 == 0 or edit == edits:
                rss, hwm = samples[-1][1:]
                print(f"    {edit} edits: {mb(rss)} resident, peak {mb(hwm)}", file=sys.stderr)
    finally:
        page.write_text(original)
        server.terminate()
        server.wait()
    return samples


def read_lines(stream, lines):
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def next_line(lines, timeout, what):
    try:
        line = lines.get(timeout=timeout)
    except queue.Empty:
        sys.exit(f"error: {what} within {timeout:.0f} s")
    if line is None:
        sys.exit(f"error: {what}: the server stopped")
    return line


def wait_for_edit(url, marker, lines, timeout):
    """Waits until `url` has `marker`, a full rebuild was reported after that, and the server
    then stayed quiet for a moment (so the rebuild was the last one this edit started)."""
    deadline = time.monotonic() + timeout
    while marker not in fetch(url):
        if time.monotonic() > deadline:
            sys.exit(f"error: the edit {marker} was not served within {timeout:.0f} s")
        time.sleep(0.01)
    rebuilt = False
    while True:
        try:
            line = lines.get(timeout=QUIET if rebuilt else max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            if rebuilt:
                return
            sys.exit(f"error: no rebuild after the edit {marker} within {timeout:.0f} s")
        if line is None:
            sys.exit("error: the server stopped")
        if line.startswith("build failed"):
            sys.exit(f"error: a rebuild failed after the edit {marker}")
        # Any other line (an update, a warning) belongs to a rebuild still to be reported.
        rebuilt = line.startswith("rebuilt ")


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def memory(pid):
    """The process's resident memory and its peak so far, in bytes."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["VmHWM"]


def report(site, edits, build_peak, samples):
    rows = [("`statusbook build`, peak (median)", build_peak)]
    rows.append(("serve, after the first build", samples[0][1]))
    for checkpoint in CHECKPOINTS:
        if checkpoint <= edits:
            rows.append((f"serve, after {checkpoint} edits", samples[checkpoint][1]))
    if edits not in CHECKPOINTS and edits > 0:
        rows.append((f"serve, after {edits} edits", samples[edits][1]))
    rows.append((f"serve, peak over {edits} edits", samples[-1][2]))
    lines = [f"Site: {site.name}, {edits} edits of one code page.", "",
             "| what | memory | ÷ build's peak |", "|---|---:|---:|"]
    for what, value in rows:
        lines.append(f"| {what} | {mb(value)} | {value / build_peak:.2f}× |")
    return "\n".join(lines)


def mb(value):
    return f"{value / 1024 ** 2:.0f} MB"


if __name__ == "__main__":
    main()
