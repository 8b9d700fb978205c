"""Time the e-paper: the sample issue built in one process with and without
``--epaper`` (fonts already parsed), the difference being the e-paper's own
cost (reader PDFs, page images, hot zones, article JSON, HTML); and adding
the built issue to a new site root (copy, calendar, pagefind's index).

Prints medians and every run, in seconds, and the sizes of the main files.
Usage: python benchmarks/bench_epaper.py [--runs 5] [--issue issues/2020-12-21]
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def _runs(label, times):
    print(f"{label}: median {statistics.median(times):.2f} s  runs {' '.join(f'{t:.2f}' for t in times)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--issue", default="issues/2020-12-21")
    a = ap.parse_args()
    from layout.publish.build import build
    from layout.publish.site import add_to_site

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(a.issue, out)  # parse fonts once
        plain, epaper, site = [], [], []
        for n in range(a.runs):
            t0 = time.perf_counter()
            build(a.issue, out)
            plain.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            res = build(a.issue, out, epaper=True)
            epaper.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            add_to_site(Path(tmp) / f"site{n}", out / "epaper")
            site.append(time.perf_counter() - t0)
        _runs("build", plain)
        _runs("build --epaper", epaper)
        _runs("add to a new site root (with pagefind)", site)
        pages = len(res.pages)
        print(f"e-paper alone: {statistics.median(epaper) - statistics.median(plain):.2f} s for {pages} page(s)")
        date = next((out / "epaper").glob("[0-9]*")).name
        for rel in (f"{date}/pdf/{date}.pdf", f"{date}/images/{res.pages[0].id}.webp",
                    f"{date}/images/{res.pages[0].id}.thumb.webp"):
            print(f"{rel}: {(out / 'epaper' / rel).stat().st_size:,} bytes")
        print(f"print {res.pages[0].id}.pdf: {(out / f'{res.pages[0].id}.pdf').stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
