"""Time the sample issue's build.

- cold: ``broadsheet build`` in a new process (nothing in memory; the cache
  folder as it is: after the first run its blocks and pages come from there),
  N times;
- warm: ``layout.build.build`` repeated in one process (faces loaded, blocks
  and pages from the in-memory caches).

benchmarks/bench_speed.py is the fuller measurement (first builds with the
content caches empty, Typst, stages, 16 pages, watch).

Prints the median and every run, in seconds. Usage:
    python benchmarks/bench_build.py [--runs 5] [--issue issues/2020-12-21]
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--issue", default="issues/2020-12-21")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cold = []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "layout", "build", a.issue, "-o", tmp],
                           check=True, capture_output=True)
            cold.append(time.perf_counter() - t0)
        from layout.publish.build import build

        warm = []
        build(a.issue, tmp)  # parse fonts once
        for _ in range(a.runs):
            t0 = time.perf_counter()
            build(a.issue, tmp)
            warm.append(time.perf_counter() - t0)
        size = (Path(tmp) / "A01.pdf").stat().st_size
    print(f"cold process: median {statistics.median(cold):.2f} s  runs {' '.join(f'{t:.2f}' for t in cold)}")
    print(f"warm in-process: median {statistics.median(warm):.2f} s  runs {' '.join(f'{t:.2f}' for t in warm)}")
    print(f"A01.pdf: {size} bytes")


if __name__ == "__main__":
    main()
