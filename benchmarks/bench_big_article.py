"""Time a build whose lead story is a 2 MiB article (issue 7: stay linear).

Makes a copy of the sample issue whose lead article's body is about 2 MiB of
text (just under the 2 MB manifest limit), builds it N times in new
processes and prints the wall and CPU time of each run (CPU time is what the
machine's load does not change). Usage:
    python benchmarks/bench_big_article.py [--runs 3]
"""

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "我市召开工业园区产业经济工作推进会，深入学习贯彻中央经济工作会议精神，分析研判我市工业园区发展形势。"


def make_issue(tmp: Path) -> Path:
    issue = tmp / "issues" / "2020-12-21"
    shutil.copytree(ROOT / "issues" / "2020-12-21", issue)
    shutil.copytree(ROOT / "assets", tmp / "assets")
    paragraph = (SENTENCE * 80)[:3900]
    body, size = [], 0
    while size < 2 * 1024 * 1024 - 20_000:
        body.append(f"  - {paragraph}\n")
        size += len(body[-1].encode())
    (issue / "articles" / "park-economy.yaml").write_text(
        "id: park-economy\nheadline: 务实深化改革 提升亩均效益\nbody:\n" + "".join(body), encoding="utf-8")
    return issue


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        issue = make_issue(Path(tmp))
        size = (issue / "articles" / "park-economy.yaml").stat().st_size
        print(f"article: {size:,} bytes")
        for _ in range(a.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "layout", "build", str(issue), "-o", str(Path(tmp) / "out")],
                           check=True, capture_output=True)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            print(f"wall {wall:.2f} s, cpu {cpu:.2f} s")


if __name__ == "__main__":
    main()
