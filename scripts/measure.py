"""Measure the real site: strict build time, and the quiz assets' raw and gzipped bytes.

Run with `.venv/bin/python scripts/measure.py` after `scripts/setup site`.
The benchmark in bench/ compares builds at scale; this is the everyday figure.
"""
from __future__ import annotations

import gzip
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ASSETS = ("quick-check.js", "quick-check.css")


def build(site: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `mkdocs build --strict` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=REPO, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        times = [build(site) for _ in range(runs)]
        print(f"mkdocs build --strict, median of {runs}: "
              f"{statistics.median(w for w, _ in times):.2f} s wall, {statistics.median(c for _, c in times):.2f} s CPU "
              f"(load average {os.getloadavg()[0]:.1f})")
        total_raw = total_gzip = 0
        for name in ASSETS:
            data = (site / "assets" / name).read_bytes()
            packed = len(gzip.compress(data, compresslevel=9))
            total_raw, total_gzip = total_raw + len(data), total_gzip + packed
            print(f"{name}: {len(data)} bytes raw, {packed} bytes gzipped")
        print(f"quiz assets together: {total_raw} bytes raw, {total_gzip} bytes gzipped")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
