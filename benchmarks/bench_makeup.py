"""Time automatic page makeup (layout.makeup.solve) on synthetic pages.

Pages come from tests/makeup_synth.py: a known tiling that keeps every
rule (so a solution exists), turned into stories with an option at every
span as copy fitting would give them. Kinds: ``inner`` (8 x 115, no fixed
blocks), ``front`` (8 x 115 with masthead and ear, half of them with an
advertisement across the foot) and ``tabloid`` (6 x 80). Only pages of 6 to
10 stories are kept.

For each page: stories, result, whether proved best, CP-SAT deterministic
work, process CPU seconds and wall seconds of solve(), the objective, and a
fingerprint of the places (the same on every machine: compare runs). Then
the median and the worst per kind, and OR-Tools' import time in a fresh
process. CPU seconds are the fair figure on a shared machine; wall seconds
rise with the machine's load.

Usage:
    python benchmarks/bench_makeup.py [--pages 10] [--kinds inner,front,tabloid] [--work-limit 3.0]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from layout.makeup.solve import Item, MakeupHouse, Option, solve  # noqa: E402
from makeup_synth import tiled_page  # noqa: E402

KINDS = {
    "inner": lambda seed: (8, 115, tiled_page(seed)),
    "front": lambda seed: (8, 115, tiled_page(seed, front=True, ad=26 if seed % 2 else 0)),
    "tabloid": lambda seed: (6, 80, tiled_page(seed, columns=6, lines=80)),
}


def import_time() -> float:
    """Seconds to import CP-SAT in a fresh interpreter (median of 3)."""
    code = ("import time; t = time.perf_counter(); from ortools.sat.python import cp_model; "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(3)]
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10, help="pages of 6-10 stories per kind")
    ap.add_argument("--kinds", default="inner,front,tabloid")
    ap.add_argument("--work-limit", type=float, default=MakeupHouse().work_limit)
    a = ap.parse_args()
    house = MakeupHouse(work_limit=a.work_limit)
    print(f"OR-Tools import: {import_time():.2f} s (fresh process)")
    solve(1, 3, [], [Item("warm", (Option(1, 3),))], house=house)  # import OR-Tools before timing pages
    print(f"{'kind':8} {'seed':>4} {'n':>3} {'result':16} {'best':>5} {'work':>6} {'cpu s':>6} {'wall s':>6} "
          f"{'cost':>6}  places")
    for kind in a.kinds.split(","):
        cpu, wall, work = [], [], []
        seed = 0
        while len(cpu) < a.pages:
            columns, lines, (fixed, items, _) = KINDS[kind](seed)
            seed += 1
            if not 6 <= len(items) <= 10:
                continue
            t0, w0 = time.process_time(), time.perf_counter()
            mk = solve(columns, lines, fixed, items, house=house)
            dt, dw = time.process_time() - t0, time.perf_counter() - w0
            cpu.append(dt)
            wall.append(dw)
            work.append(mk.work)
            if mk.ok:
                best = mk.best
                places = ";".join(f"{p.id}:{p.place.column},{p.place.span},{p.place.row},{p.place.height}"
                                  for p in best.placed)
                result, proved, cost = "placed", "yes" if best.optimal else "no", best.quality.cost
                print_places = hashlib.sha256(places.encode()).hexdigest()[:12]
            else:
                result, proved, cost, print_places = mk.diagnosis.reason, "-", "-", "-"
            print(f"{kind:8} {seed - 1:>4} {len(items):>3} {result:16} {proved:>5} {mk.work:6.2f} {dt:6.2f} "
                  f"{dw:6.2f} {cost:>6}  {print_places}")
        print(f"{kind:8} median cpu {statistics.median(cpu):.2f} s, worst {max(cpu):.2f} s; "
              f"median wall {statistics.median(wall):.2f} s, worst {max(wall):.2f} s; "
              f"work median {statistics.median(work):.2f}, worst {max(work):.2f}")


if __name__ == "__main__":
    main()
