"""Time automatic page makeup (layout.makeup.solve) on synthetic pages and
on the specimen issue.

Synthetic pages come from tests/makeup_synth.py:

- ``inner``, ``front``, ``tabloid``: a known tiling that keeps every rule
  (so a solution exists), turned into stories with an option at every span
  as copy fitting would give them (8 x 115 with no fixed blocks; 8 x 115
  with masthead and ear, half of them with an advertisement across the
  foot; 6 x 80). Only pages of 6 to 10 stories are kept.
- ``realistic``: pages as an editor sends them (``realistic_page``): 8 to
  12 items of 150-2,600 characters, a lead, a few photos, 简讯, often a
  photo-news block or an advertisement, dense (the items set at their
  smallest fill 72-86 % of the page), with no known solution.

For each page: items, result, work (layout.makeup.stacks steps and CP-SAT
deterministic time, in units of about a CPU second), process CPU seconds
and wall seconds of solve(), the objective, the lead's span (T: its photo
above its head), L-shaped stories, white column-lines, and a fingerprint
of the places (the same on every machine: compare runs). Then the median
and the worst per kind.

``--specimen`` sets the specimen issue (issues/2024-05-20-specimen, its
inner pages all ``place: auto``) page by page with the makeup cache off and
prints each page's CPU seconds, copy fitting and makeup included. CPU
seconds are the fair figure on a shared machine; wall seconds rise with the
machine's load.

Usage:
    python benchmarks/bench_makeup.py [--pages 10] [--kinds inner,front,tabloid,realistic]
                                      [--work-limit 2.5] [--specimen]
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
from makeup_synth import realistic_page, tiled_page  # noqa: E402

KINDS = {
    "inner": lambda seed: (8, 115, tiled_page(seed)[:2]),
    "front": lambda seed: (8, 115, tiled_page(seed, front=True, ad=26 if seed % 2 else 0)[:2]),
    "tabloid": lambda seed: (6, 80, tiled_page(seed, columns=6, lines=80)[:2]),
    "realistic": lambda seed: (8, 115, realistic_page(seed)),
}


def import_time() -> float:
    """Seconds to import CP-SAT in a fresh interpreter (median of 3)."""
    code = ("import time; t = time.perf_counter(); from ortools.sat.python import cp_model; "
            "print(time.perf_counter() - t)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(3)]
    return statistics.median(runs)


def synthetic(kinds: list[str], pages: int, house: MakeupHouse) -> None:
    print(f"OR-Tools import: {import_time():.2f} s (fresh process)")
    solve(1, 3, [], [Item("warm", (Option(1, 3),))], house=house)
    from layout.makeup import cpsat  # noqa: F401  (imported before timing pages)
    import ortools.sat.python.cp_model  # noqa: F401

    print(f"{'kind':9} {'seed':>4} {'n':>3} {'result':14} {'work':>5} {'cpu s':>6} {'wall s':>6} {'cost':>6} "
          f"{'lead':>4} {'L':>2} {'white':>5}  places")
    for kind in kinds:
        cpu, wall, work, placed = [], [], [], 0
        seed = 0
        while len(cpu) < pages:
            columns, lines, (fixed, items) = KINDS[kind](seed)
            seed += 1
            if kind != "realistic" and not 6 <= len(items) <= 10:
                continue
            t0, w0 = time.process_time(), time.perf_counter()
            mk = solve(columns, lines, fixed, items, house=house)
            dt, dw = time.process_time() - t0, time.perf_counter() - w0
            cpu.append(dt)
            wall.append(dw)
            work.append(mk.work)
            if mk.ok:
                placed += 1
                best = mk.best
                places = ";".join(f"{p.id}:{p.place.column},{p.place.span},{p.place.row},{p.place.height},"
                                  f"{p.place.leg},{p.place.photo}" for p in best.placed)
                lead = next((p for p in best.placed if p.priority == 1), None)
                lead_s = f"{lead.place.span}{'T' if lead.place.photo else ''}" if lead else "-"
                ells = sum(1 for p in best.placed if p.place.leg)
                result, cost, white = "placed", best.quality.cost, best.quality.white_lines
                fp = hashlib.sha256(places.encode()).hexdigest()[:12]
            else:
                result, cost, lead_s, ells, white, fp = mk.diagnosis.reason, "-", "-", "-", "-", "-"
            print(f"{kind:9} {seed - 1:>4} {len(items):>3} {result:14} {mk.work:5.2f} {dt:6.2f} {dw:6.2f} "
                  f"{cost:>6} {lead_s:>4} {ells:>2} {white:>5}  {fp}")
        print(f"{kind:9} placed {placed}/{len(cpu)}; cpu median {statistics.median(cpu):.2f} s, worst "
              f"{max(cpu):.2f} s; wall median {statistics.median(wall):.2f} s, worst {max(wall):.2f} s; "
              f"work median {statistics.median(work):.2f}, worst {max(work):.2f}")


def specimen() -> None:
    """The specimen issue set page by page, makeup cache off: CPU seconds
    per page (copy fitting, makeup and setting), and makeup's figures."""
    from layout.makeup.page import make_issue
    from layout.model.grid import PRESETS
    from layout.model.manifest import load_issue
    from layout.text.fonts import FontSet

    issue = load_issue(ROOT / "issues" / "2024-05-20-specimen")
    fonts = FontSet.load()
    marks: list[tuple[str, float]] = []
    t0 = time.process_time()
    pages = make_issue(issue, PRESETS["broadsheet"], fonts, before_page=lambda pid: marks.append(
        (pid, time.process_time())), use_cache=False)
    marks.append(("", time.process_time()))
    print(f"{'page':5} {'cpu s':>6} {'items':>5} {'collisions':>10} {'white':>5} {'cost':>5} {'lead':>4} {'L':>2}"
          f" {'errors':>6}")
    for (pid, t), (_, t1), pl in zip(marks, marks[1:], pages):
        q = pl.makeup
        errors = sum(1 for f in pl.findings if f.severity == "error")
        if not q:
            print(f"{pid:5} {t1 - t:6.2f}  (no auto places) {errors:>6}")
            continue
        lead = next((b for b in q["blocks"] if b["priority"] == 1), None)
        lead_s = f"{lead['place'][1]}{'T' if lead['photo'] else ''}" if lead else "-"
        ells = sum(1 for b in q["blocks"] if b["leg"])
        print(f"{pid:5} {t1 - t:6.2f} {len(q['blocks']):>5} {q['head_collisions']:>10} {q['white_lines']:>5} "
              f"{q['cost']:>5} {lead_s:>4} {ells:>2} {errors:>6}")
    print(f"issue: {marks[-1][1] - t0:.2f} s CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10, help="pages per kind")
    ap.add_argument("--kinds", default="inner,front,tabloid,realistic")
    ap.add_argument("--work-limit", type=float, default=MakeupHouse().work_limit)
    ap.add_argument("--specimen", action="store_true", help="time the specimen issue's pages instead")
    a = ap.parse_args()
    if a.specimen:
        specimen()
    else:
        synthetic(a.kinds.split(","), a.pages, MakeupHouse(work_limit=a.work_limit))


if __name__ == "__main__":
    main()
