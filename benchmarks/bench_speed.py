"""How fast broadsheet is, as whole processes, against Typst on the same text.

What it measures (medians of ``--runs`` runs; wall-clock seconds, and the
machine's load average while it ran):

1. **Seed page, broadsheet vs Typst**: ``broadsheet build`` of the sample
   issue (the seed front page: 2,637 characters of body text on the
   8-column grid, heads, photo, masthead) and Typst 0.15 (pip ``typst``,
   the ``bench`` extra) setting the seed text (shared/seed, the same text)
   on the same grid (390 x 545 mm, 8 columns of 13 characters of 9 pt, 1
   character gutters, 12 pt line pitch) with the same bundled body face as
   its only font path, each a new process, runs alternating A and B:
   - broadsheet's *first build of its content*: the caches of what the
     faces and libraries give warm (the faces' data and hashes, uniseg's
     table, rjieba's word list, the codec versions: ``data/``) and of
     what the photo file gives (its check, ``images/``, and its printed
     JPEG, ``photos/``: the photo unchanged, as when re-proofing edited
     copy; both are keyed by the photo's sha256, as the faces' by theirs),
     every cache of the text content empty (blocks, pages, head
     segmentation, lunar dates);
   - the same with the *photo new too* (checked and printed again: only
     what the faces and libraries give is warm);
   - broadsheet's *rebuild with nothing changed*: every cache warm;
   - broadsheet with *empty caches* (a fresh clone's first build);
   with the ratio of each to Typst.
2. **Stage budget** of the first build and the rebuild: imports,
   manifests, fonts, composing, drawing and writing
   (benchmarks/stage_driver.py).
3. **16 pages**: an issue of 16 pages generated from the sample (every page
   the sample's stories, their paragraphs rotated so no two pages hold the
   same text), first build of its content, time and peak memory (maximum
   resident set size of the process).
4. **watch**: ``broadsheet watch`` on a copy of the sample; one story's body
   edited; the time from the file's modification to the new A01.pdf in
   place, as the command reports it.

Byte code is compiled once before measuring (a normal install writes
``__pycache__``; with PYTHONDONTWRITEBYTECODE=1 every process compiles the
package again, about 0.1 s more).

Usage: python benchmarks/bench_speed.py [--runs 7] [--skip-watch] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2020-12-21"
SEED = ROOT.parent / "shared" / "seed"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def env_with(cache: Path | None, **extra) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("BROADSHEET_NO_CACHE", None)
    if cache is not None:
        env["BROADSHEET_CACHE"] = str(cache)
    env.update(extra)
    return env


CPU: list[float] = []


def run_rss(cmd: list[str], env: dict, cwd: Path = ROOT) -> tuple[float, float, str]:
    """One process: wall seconds, peak resident set size in MiB (of the
    process itself; forked workers have their own) and its stderr. The CPU
    seconds (user + system, with its workers) are appended to CPU."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, env=env | {"BENCH_T0": repr(t0)}, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    # read stderr to its end, then reap with wait4 for the process's own rusage
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.time() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    CPU.append(usage.ru_utime + usage.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024, err.decode(errors="replace")


def stages(err: str) -> dict:
    m = re.search(r"^STAGES (.*)$", err, re.M)
    return json.loads(m.group(1)) if m else {}


def typst_source(text: str) -> str:
    """The seed text on the broadsheet grid, in Typst markup."""
    from layout.model.grid import preset

    g = preset("broadsheet")
    mx = (g.trim_width - g.area_width) / 2
    my = (g.trim_height - g.area_height) / 2
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    esc = lambda s: re.sub(r"([\\#*_`$<>@\[\]=/~\-+])", r"\\\1", s)
    return (f'#set page(width: {g.trim_width}pt, height: {g.trim_height}pt, '
            f'margin: (x: {mx:.3f}pt, y: {my:.3f}pt), columns: {g.columns})\n'
            f'#set columns(gutter: {g.gutter}pt)\n'
            f'#set text(font: "Noto Serif CJK SC", size: {g.size}pt, lang: "zh", region: "cn")\n'
            f'#set par(justify: true, leading: {g.pitch - g.size}pt, spacing: {g.pitch - g.size}pt, '
            f'first-line-indent: (amount: 2em, all: true))\n\n'
            + "\n\n".join(esc(p) for p in paras) + "\n")


TYPST_SCRIPT = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)
"""


def sixteen_pages(tmp: Path) -> Path:
    """An issue of 16 pages from the sample: A01 is the sample's front page;
    A02-A16 carry the sample's stories under a running head, each page's
    copies with their paragraphs rotated by the page number (so every page
    sets different text), in the same places shifted up by the masthead's
    depth."""
    import yaml

    dst = tmp / "issues" / "2020-12-28"
    shutil.copytree(SAMPLE, dst)
    if not (tmp / "assets").exists():
        shutil.copytree(ROOT / "assets", tmp / "assets")
    issue = yaml.safe_load((dst / "issue.yaml").read_text(encoding="utf-8"))
    issue["date"] = "2020-12-28"
    front = yaml.safe_load((SAMPLE / "pages" / "A01.yaml").read_text(encoding="utf-8"))
    pages = ["pages/A01.yaml"]
    for n in range(2, 17):
        pid = f"A{n:02d}"
        arts = []
        for pl in front["articles"]:
            src = yaml.safe_load((dst / "pages" / pl["file"]).read_text(encoding="utf-8"))
            stem = Path(pl["file"]).stem
            art = dict(src, id=f"{stem}-{pid.lower()}")
            if art.get("body"):
                k = n % len(art["body"])
                art["body"] = art["body"][k:] + art["body"][:k]
            (dst / "articles" / f"{stem}-{pid.lower()}.yaml").write_text(
                yaml.safe_dump(art, allow_unicode=True, sort_keys=False), encoding="utf-8")
            place = dict(pl["place"])
            if place["row"] == 1:
                continue  # the ear beside the masthead: no room on an inner page's top
            place["row"] = place["row"] - 14
            arts.append({"file": f"../articles/{stem}-{pid.lower()}.yaml", "place": place})
        blank = [{"column": 1, "span": 8, "row": 102, "height": 14}]  # the masthead's depth, at the foot
        page = {"page": pid, "section": "综合", "editor": "张三", "articles": arts, "blank": blank}
        (dst / "pages" / f"{pid}.yaml").write_text(yaml.safe_dump(page, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
        pages.append(f"pages/{pid}.yaml")
    issue["pages"] = pages
    (dst / "issue.yaml").write_text(yaml.safe_dump(issue, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def fmt(xs: list[float]) -> str:
    return f"{median(xs):.3f} s (runs {' '.join(f'{x:.3f}' for x in xs)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--skip-watch", action="store_true")
    ap.add_argument("--skip-typst", action="store_true")
    ap.add_argument("--json", help="write the figures here too")
    a = ap.parse_args()
    py = sys.executable
    driver = [py, str(ROOT / "benchmarks" / "stage_driver.py")]
    report: dict = {"load_before": load()}
    with tempfile.TemporaryDirectory() as tmpname:
        tmp = Path(tmpname)
        fonts_only = tmp / "fonts-only-cache"
        # byte code and font caches, once
        subprocess.run([py, "-m", "compileall", "-q", str(ROOT / "layout")], check=True, env=env_with(None))
        run_rss(driver + [str(SAMPLE), "-o", str(tmp / "warmup")], env_with(fonts_only))
        # keep what the faces, the libraries and the photo files give (metrics/, rlfaces/, data/, the
        # printed and checked photo: photos/, images/, and those files' hashes); drop everything the
        # text content gives: blocks, pages, head words, lunar dates
        for kind in ("layout", "pages", "words", "lunar"):
            shutil.rmtree(fonts_only / kind, ignore_errors=True)
        kept = tuple(str((ROOT / d).resolve()) for d in ("fonts", "assets"))
        for entry in (fonts_only / "sha256").glob("*.json"):
            if not json.loads(entry.read_text())["path"].startswith(kept):
                entry.unlink()
        # the same with the photo new as well: only what the faces and libraries give
        new_photo = tmp / "new-photo-cache"
        shutil.copytree(fonts_only, new_photo)
        for kind in ("photos", "images"):
            shutil.rmtree(new_photo / kind, ignore_errors=True)
        for entry in (new_photo / "sha256").glob("*.json"):
            if not json.loads(entry.read_text())["path"].startswith(kept[0]):
                entry.unlink()
        warm = tmp / "warm-cache"
        shutil.copytree(fonts_only, warm)
        run_rss(driver + [str(SAMPLE), "-o", str(tmp / "warm")], env_with(warm))
        seed_text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
        typ = tmp / "seed.typ"
        typ.write_text(typst_source(seed_text), encoding="utf-8")
        typst_font_dir = tmp / "typst-fonts"
        typst_font_dir.mkdir()
        os.symlink(ROOT / "fonts" / "NotoSerifSC-Regular.ttf", typst_font_dir / "NotoSerifSC-Regular.ttf")
        from importlib.util import find_spec

        have_typst = not a.skip_typst and find_spec("typst") is not None  # the bench extra
        first, again, empty, typ_t, st_first, st_again, rss_first = [], [], [], [], [], [], []
        photo, st_photo = [], []
        cpu = {"first": [], "photo": [], "again": [], "empty": [], "typst": []}
        for k in range(a.runs):
            # A: first build of its content (font caches warm, layout and page caches empty)
            cache = tmp / f"first-{k}"
            shutil.copytree(fonts_only, cache)
            w, rss, err = run_rss(driver + [str(SAMPLE), "-o", str(tmp / f"o-first-{k}")], env_with(cache))
            first.append(w)
            cpu["first"].append(CPU[-1])
            rss_first.append(rss)
            st_first.append(stages(err))
            # A: the same with the photo new too (checked and printed again)
            cache = tmp / f"photo-{k}"
            shutil.copytree(new_photo, cache)
            w, _, err = run_rss(driver + [str(SAMPLE), "-o", str(tmp / f"o-photo-{k}")], env_with(cache))
            photo.append(w)
            cpu["photo"].append(CPU[-1])
            st_photo.append(stages(err))
            # B: Typst on the seed text
            if have_typst:
                w, _, _ = run_rss([py, "-c", TYPST_SCRIPT, str(typ), str(tmp / "seed.pdf"), str(typst_font_dir)],
                                  env_with(None))
                typ_t.append(w)
                cpu["typst"].append(CPU[-1])
            # A: nothing changed
            w, _, err = run_rss(driver + [str(SAMPLE), "-o", str(tmp / f"o-again-{k}")], env_with(warm))
            again.append(w)
            cpu["again"].append(CPU[-1])
            st_again.append(stages(err))
            # A: empty caches
            w, _, _ = run_rss(driver + [str(SAMPLE), "-o", str(tmp / f"o-empty-{k}")], env_with(tmp / f"empty-{k}"))
            empty.append(w)
            cpu["empty"].append(CPU[-1])
        report["seed page"] = {
            "first build (font caches warm)": first, "first build, photo new too": photo,
            "rebuild, nothing changed": again,
            "empty caches": empty, "typst": typ_t, "first build peak MiB": rss_first, "cpu": cpu}
        stage_names = ["imports", "manifests", "fonts", "composing", "drawing and writing", "total", "cpu"]
        report["stages first build"] = {s: median([x.get(s, 0) for x in st_first]) for s in stage_names}
        report["stages first build, photo new too"] = {s: median([x.get(s, 0) for x in st_photo])
                                                       for s in stage_names}
        report["stages rebuild"] = {s: median([x.get(s, 0) for x in st_again]) for s in stage_names}
        # 16 pages
        issue16 = sixteen_pages(tmp / "i16")
        t16, rss16, st16, cpu16 = [], [], [], []
        for k in range(max(3, a.runs // 2)):
            cache = tmp / f"c16-{k}"
            shutil.copytree(fonts_only, cache)
            w, rss, err = run_rss(driver + [str(issue16), "-o", str(tmp / f"o16-{k}")], env_with(cache))
            t16.append(w)
            cpu16.append(CPU[-1])
            rss16.append(rss)
            st16.append(stages(err))
        report["16 pages"] = {"first build": t16, "peak MiB": rss16, "cpu": cpu16,
                              "stages": {s: median([x.get(s, 0) for x in st16]) for s in stage_names}}
        if not a.skip_watch:
            report["watch"] = bench_watch(tmp, py, fonts_only)
        report["load_after"] = load()
    # ---- print
    print(f"load average before {report['load_before']}, after {report['load_after']} (2 cores)")
    sp = report["seed page"]
    c = sp["cpu"]
    print(f"seed page, first build (font caches warm): {fmt(sp['first build (font caches warm)'])}"
          f", CPU {median(c['first']):.3f} s, peak {median(sp['first build peak MiB']):.0f} MiB")
    print(f"seed page, first build, photo new too:    {fmt(sp['first build, photo new too'])}"
          f", CPU {median(c['photo']):.3f} s")
    print(f"seed page, rebuild with nothing changed: {fmt(sp['rebuild, nothing changed'])}, "
          f"CPU {median(c['again']):.3f} s")
    print(f"seed page, empty caches:                 {fmt(sp['empty caches'])}, CPU {median(c['empty']):.3f} s")
    if sp["typst"]:
        ty = median(sp["typst"])
        print(f"Typst 0.15, seed text, same grid and face: {fmt(sp['typst'])}, CPU {median(c['typst']):.3f} s")
        for name in ("first build (font caches warm)", "first build, photo new too", "rebuild, nothing changed",
                     "empty caches"):
            print(f"  ratio {name} / Typst: {median(sp[name]) / ty:.1f}x")
    for name in ("stages first build", "stages first build, photo new too", "stages rebuild"):
        print(f"{name}: " + ", ".join(f"{k} {v:.3f}" for k, v in report[name].items()))
    s16 = report["16 pages"]
    print(f"16 pages, first build: {fmt(s16['first build'])}, CPU {median(s16['cpu']):.3f} s (all processes), "
          f"peak {median(s16['peak MiB']):.0f} MiB (the main process)")
    print("  stages: " + ", ".join(f"{k} {v:.3f}" for k, v in s16["stages"].items()))
    if "watch" in report:
        w = report["watch"]
        print(f"watch, edit to new PDF in place: {fmt(w['edit to pdf'])} (as reported by the command)")
    if a.json:
        Path(a.json).write_text(json.dumps(report, indent=1), encoding="utf-8")


def bench_watch(tmp: Path, py: str, fonts_only: Path) -> dict:
    """Start ``broadsheet watch`` on a copy of the sample, edit a story's body
    a few times, read the times it prints."""
    import yaml

    issue = tmp / "w" / "issues" / "2020-12-21"
    shutil.copytree(SAMPLE, issue)
    shutil.copytree(ROOT / "assets", tmp / "w" / "assets")
    cache = tmp / "watch-cache"
    shutil.copytree(fonts_only, cache)
    out = tmp / "w-out"
    proc = subprocess.Popen([py, "-m", "layout", "watch", str(issue), "-o", str(out)], env=env_with(cache),
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    times = []
    try:
        line = proc.stdout.readline()
        while line and "watching" not in line:
            line = proc.stdout.readline()
        art = issue / "articles" / "law-enforcement-contest.yaml"
        data = yaml.safe_load(art.read_text(encoding="utf-8"))
        for k in range(6):
            body = list(data["body"])
            body[-1] = body[-1].rstrip("。") + f"，第{k + 1}次修改。"  # a new text each time: no cache hit
            art.write_text(yaml.safe_dump(dict(data, body=body), allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
            while True:
                line = proc.stdout.readline()
                if not line:
                    raise SystemExit("watch ended early")
                m = re.search(r"rebuilt .* in (\d+\.\d+) s", line)
                if m:
                    times.append(float(m.group(1)))
                    break
            time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {"edit to pdf": times}


if __name__ == "__main__":
    main()
