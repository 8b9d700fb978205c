"""Time ``broadsheet regen`` on a generated archive.

The archive: the sample issue (issues/2020-12-21) copied to N consecutive
dates from 2021-01-01 (default 200), its text varied a little (the dates in
three stories and a caption follow the issue's date, so lines break
differently). It is regenerated

- with ``--jobs 1`` and ``--jobs 2`` (the command in a new process, as a user runs it),
- on a 2-worker Dask LocalCluster (processes, one thread each), started here;
  the command in a new process with ``--scheduler``,
- and once more with ``--jobs 2`` and on the cluster when nothing changed (the resume check alone);

and one 16-page issue (the sample's page sixteen times, each with its own
copies of the articles) is built in a warm process, without and with the
e-paper, for the cost of a page in a large issue, and its resume check
timed. Printed: wall and CPU time, pages/s, each worker's peak resident
memory (from ``--report``), the load average before and after each run.

Usage: python benchmarks/bench_regen.py [--issues 200] [--keep DIR] [--dask-default-env] [--only-dask]
       [--only-16]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "issues" / "2020-12-21"


def make_archive(root: Path, n: int) -> list[Path]:
    """N daily issues of one paper under ``root/衡阳日报/<date>``, assets at ``root/assets``."""
    shutil.copytree(REPO / "assets", root / "assets")
    out = []
    for k in range(n):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=k)
        dst = root / "衡阳日报" / day.isoformat()
        shutil.copytree(SAMPLE, dst)
        issue = dst / "issue.yaml"
        issue.write_text(issue.read_text(encoding="utf-8").replace("date: 2020-12-21", f"date: {day.isoformat()}"),
                         encoding="utf-8")
        before = day - dt.timedelta(days=2)
        for art in (dst / "articles").glob("*.yaml"):
            text = art.read_text(encoding="utf-8")
            art.write_text(text.replace("12月19日", f"{before.month}月{before.day}日"), encoding="utf-8")
        out.append(dst)
    return out


def make_16_pages(dst: Path) -> Path:
    """The sample's page as A01-A16 of one issue (articles copied per page),
    its assets in a folder beside it."""
    shutil.copytree(SAMPLE, dst)
    if not (dst.parent / "assets").exists():
        shutil.copytree(REPO / "assets", dst.parent / "assets")
    page = yaml.safe_load((SAMPLE / "pages" / "A01.yaml").read_text(encoding="utf-8"))
    names = []
    for k in range(1, 17):
        pid = f"A{k:02d}"
        arts = []
        for a in page["articles"]:
            stem = Path(a["file"]).stem
            art = yaml.safe_load((SAMPLE / "articles" / f"{stem}.yaml").read_text(encoding="utf-8"))
            art["id"] = f"{stem}-{pid.lower()}"
            (dst / "articles" / f"{art['id']}.yaml").write_text(yaml.safe_dump(art, allow_unicode=True), "utf-8")
            arts.append({"file": f"../articles/{art['id']}.yaml", "place": a["place"]})
        (dst / "pages" / f"{pid}.yaml").write_text(yaml.safe_dump(page | {"page": pid, "articles": arts},
                                                                   allow_unicode=True), "utf-8")
        names.append(f"pages/{pid}.yaml")
    issue = yaml.safe_load((dst / "issue.yaml").read_text(encoding="utf-8"))
    issue["pages"] = names
    issue["assets"] = ["../assets"]
    (dst / "issue.yaml").write_text(yaml.safe_dump(issue, allow_unicode=True), "utf-8")
    return dst


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(label: str, args: list[str], report: Path, pages_expected: int) -> dict:
    l0 = load()
    # a cache folder of its own: a run never takes the blocks and pages an
    # earlier run set and drew (each builds as a first regeneration does)
    cache = Path(tempfile.mkdtemp(prefix="bench-regen-cache-"))
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "layout", "regen", *args, "--report", str(report)],
                              cwd=REPO, capture_output=True, text=True, env=os.environ | {"BROADSHEET_CACHE": str(cache)})
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"{label}: exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    results = json.loads(report.read_text(encoding="utf-8"))
    peak: dict[str, int] = {}
    for r in results:
        peak[r["worker"]] = max(peak.get(r["worker"], 0), r["peak_rss"])
    built = sum(r["pages"] for r in results if r["status"] == "built")
    row = {"run": label, "wall_s": round(wall, 1), "built_pages": built,
           "pages_per_s": round(built / wall, 2) if built else None,
           "skipped": sum(r["status"] == "skipped" for r in results),
           "task_s_median": round(sorted(r["seconds"] for r in results)[len(results) // 2], 3),
           "task_cpu_s_median": round(sorted(r["cpu_seconds"] for r in results)[len(results) // 2], 3),
           "cpu_s_total": round(sum(r["cpu_seconds"] for r in results), 1),
           "peak_rss_mib": sorted(round(v / 2**20) for v in peak.values()),
           "load_before": l0, "load_after": load()}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    assert built in (0, pages_expected), row
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--issues", type=int, default=200)
    ap.add_argument("--keep", help="Make the archive and outputs in this folder and keep them.")
    ap.add_argument("--dask-default-env", action="store_true",
                    help="Start the Dask workers with the nanny's default environment (MALLOC_TRIM_THRESHOLD_=65536).")
    ap.add_argument("--only-dask", action="store_true", help="Only the Dask runs.")
    ap.add_argument("--only-16", action="store_true", help="Only the 16-page issue.")
    a = ap.parse_args()
    tmp = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="bench-regen-"))
    try:
        if a.only_16:
            return sixteen(tmp)
        root = tmp / "archive"
        if not root.exists():
            make_archive(root, a.issues)
        print(f"archive: {a.issues} issues of 1 page; {os.cpu_count()} CPUs; load {load()}", flush=True)
        rows = [] if a.only_dask else [
            run("--jobs 1", [str(root), "-o", str(tmp / "out1"), "--jobs", "1"], tmp / "r1.json", a.issues),
            run("--jobs 2", [str(root), "-o", str(tmp / "out2"), "--jobs", "2"], tmp / "r2.json", a.issues),
            run("resume --jobs 2", [str(root), "-o", str(tmp / "out2"), "--jobs", "2"], tmp / "r2b.json", 0)]
        import dask
        from distributed import LocalCluster

        environ = dask.config.get("distributed.nanny.pre-spawn-environ")
        if not a.dask_default_env:  # see README, Archive: 64 KiB trim threshold, slower builds
            environ = {k: v for k, v in environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
        # the workers' own cache folder, empty: they never take what the local runs set and drew
        dask_cache = Path(tempfile.mkdtemp(prefix="bench-regen-dask-cache-"))
        environ = dict(environ, BROADSHEET_CACHE=str(dask_cache))
        print(f"Dask workers' environment from the nanny: {environ}", flush=True)
        with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
                LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
            addr = lc.scheduler_address
            rows.append(run("Dask 2 workers", [str(root), "-o", str(tmp / "out3"), "--scheduler", addr],
                            tmp / "r3.json", a.issues))
            rows.append(run("resume Dask 2 workers", [str(root), "-o", str(tmp / "out3"), "--scheduler", addr],
                            tmp / "r3b.json", 0))
        if a.only_dask:
            return
        same = all(json.loads((tmp / f).read_text())[i]["outputs"] == json.loads((tmp / "r1.json").read_text())[i][
            "outputs"] for f in ("r2.json", "r3.json") for i in range(a.issues))
        print(f"outputs' sha256 equal across the three runs: {same}")
        sixteen(tmp)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def sixteen(tmp: Path) -> None:
    """The 16-page issue, built in this process with its faces loaded
    (warm) but every content cache off (``BROADSHEET_NO_CACHE`` for the timed
    builds: each sets and draws the whole issue, as regen does an issue it
    has not built; with the caches on, the second build would be a rebuild
    of unchanged content) and in one process (``BROADSHEET_JOBS=1``, as a
    regen worker), without and with the e-paper; then its resume check."""
    import os
    import resource

    from layout.publish import archive
    from layout.publish.build import build

    big = make_16_pages(tmp / "sixteen")
    build(big, tmp / "out16")  # fonts parsed
    for epaper in (False, True):
        times = []
        for _ in range(3):
            os.environ["BROADSHEET_NO_CACHE"] = "1"
            os.environ["BROADSHEET_JOBS"] = "1"  # one process, as a regen worker: its CPU is all here
            try:
                t0, c0 = time.perf_counter(), time.process_time()
                build(big, tmp / "out16", epaper=epaper)
                times.append((time.perf_counter() - t0, time.process_time() - c0))
            finally:
                del os.environ["BROADSHEET_NO_CACHE"], os.environ["BROADSHEET_JOBS"]
        t, c = sorted(times)[1]
        print(json.dumps({"run": f"one 16-page issue{' with --epaper' if epaper else ''}, warm process, "
                                 "content caches off, one process, median of 3",
                          "s": round(t, 2), "cpu_s": round(c, 2), "pages_per_s": round(16 / t, 2),
                          "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                          "output_bytes": sum(p.stat().st_size for p in (tmp / "out16").rglob("*") if p.is_file()),
                          "load": load()}), flush=True)
    job = archive.Job(str(big), str(tmp / "out16"), "sixteen", epaper=True)
    t0 = time.perf_counter()
    assert archive.stale(job) is None
    print(json.dumps({"run": "resume check of the 16-page issue (nothing changed)",
                      "s": round(time.perf_counter() - t0, 3)}), flush=True)

if __name__ == "__main__":
    main()
