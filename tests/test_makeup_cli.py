"""`broadsheet makeup` and `build` on the specimen's auto pages, end to end:
the places written with ``-o`` build the same PDF bytes as the ``auto``
manifests; the same input gives the same places with the caches off; a
rebuild reads the places from the makeup cache instead of solving again.

The issue is called by a relative path from its parent folder, as an editor
types it (``broadsheet makeup issues/... -o placed``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPECIMEN = ROOT / "issues" / "2024-05-20-specimen"


def _cli(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    res = subprocess.run([sys.executable, "-m", "layout.cli", *args], capture_output=True, text=True, cwd=cwd,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    assert res.returncode == 0, res.stderr
    return res


def _specimen(tmp_path: Path) -> Path:
    shutil.copytree(SPECIMEN, tmp_path / "issues" / "specimen")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def _rows(table: str, page: str) -> dict[str, tuple[int, ...]]:
    """article -> (column, span, row, lines) from makeup's table."""
    rows = {}
    for ln in table.splitlines():
        m = re.match(rf"{page}\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\b", ln)
        if m:
            rows[m[1]] = tuple(int(v) for v in m.groups()[1:])
    return rows


def test_makeup_o_round_trips_to_the_same_pdf(tmp_path):
    root = _specimen(tmp_path)
    res = _cli(root, "makeup", "issues/specimen", "--pages", "A03", "-o", "placed")
    table = _rows(res.stdout, "A03")
    page = yaml.safe_load((root / "issues/specimen/pages/A03.yaml").read_text(encoding="utf-8"))
    ids = {Path(a["file"]).stem for a in page["articles"]}
    assert set(table) == ids and len(ids) >= 10
    written = yaml.safe_load((root / "placed/pages/A03.yaml").read_text(encoding="utf-8"))
    places = {Path(a["file"]).stem: a["place"] for a in written["articles"]}
    for aid, (column, span, row, lines) in table.items():
        assert (places[aid]["column"], places[aid]["span"], places[aid]["row"], places[aid]["height"]) == \
               (column, span, row, lines), aid
    # the editor's manifests are untouched; the other pages stay auto in the copy
    assert (root / "issues/specimen/pages/A03.yaml").read_bytes() == (SPECIMEN / "pages/A03.yaml").read_bytes()
    assert "place: auto" in (root / "placed/pages/A02.yaml").read_text(encoding="utf-8")
    _cli(root, "build", "issues/specimen", "-o", "out-auto")
    _cli(root, "build", "placed", "-o", "out-placed", "--assets-root", str(root))
    for name in ("A01.pdf", "A02.pdf", "A03.pdf", "A04.pdf", "2024-05-20.pdf"):
        assert (root / "out-auto" / name).read_bytes() == (root / "out-placed" / name).read_bytes(), name
    # and the lead's headline (the page's largest type) stands in the lead's
    # columns: 117 pt columns, 9 pt gutters, from the page's first body column
    with pdfplumber.open(root / "out-placed" / "A03.pdf") as pdf:
        chars = pdf.pages[0].chars
    lead = min(table, key=lambda a: (table[a][2], table[a][0]))
    column, span = table[lead][:2]
    left = min(c["x0"] for c in chars if c["size"] == 9)
    big = max(c["size"] for c in chars)
    head = [c for c in chars if c["size"] == big]
    assert big >= 22 and len(head) >= 6
    for c in head:
        assert left + (column - 1) * 126 - 1 <= c["x0"] and c["x1"] <= left + (column - 1 + span) * 126 - 9 + 1


def test_same_input_same_places_with_the_caches_off(tmp_path):
    root = _specimen(tmp_path)
    off = {"BROADSHEET_NO_CACHE": "1"}
    first = _cli(root, "makeup", "issues/specimen", "--pages", "A02,A04", env=off).stdout
    second = _cli(root, "makeup", "issues/specimen", "--pages", "A02,A04", env=off).stdout
    assert first == second
    assert len(_rows(first, "A02")) >= 10 and len(_rows(first, "A04")) >= 6


def test_a_rebuild_reads_the_places_from_the_makeup_cache(tmp_path):
    root = _specimen(tmp_path)
    cache = tmp_path / "cache"
    env = {"BROADSHEET_CACHE": str(cache)}
    _cli(root, "build", "issues/specimen", "-o", "one", env=env)
    made = sorted(p.name for p in (cache / "makeup").iterdir())
    assert len(made) == 3  # A02, A03, A04: the pages with auto articles
    # a file written again is a new file (written aside, renamed over); a
    # file read is only touched (its time: pruned last)
    files = {p.name: p.stat().st_ino for p in (cache / "makeup").iterdir()}
    _cli(root, "build", "issues/specimen", "-o", "two", env=env)
    assert {p.name: p.stat().st_ino for p in (cache / "makeup").iterdir()} == files
    assert (root / "one/A02.pdf").read_bytes() == (root / "two/A02.pdf").read_bytes()
    # an article that needs other lines is a different input: that page is
    # solved again (a change that keeps every fit keeps the places)
    art = root / "issues/specimen/articles/brief-museum.yaml"
    art.write_text(art.read_text(encoding="utf-8").replace("。", "。馆方提醒，夏季开放时段内请提前在线预约，每日限流三千人次。", 1),
                   encoding="utf-8")
    _cli(root, "build", "issues/specimen", "-o", "three", env=env)
    assert len(list((cache / "makeup").iterdir())) == 4


def test_a_ranked_lead_not_listed_first_round_trips(tmp_path):
    """The lead (priority 1) is not the first story listed: the placed copy
    names it (``lead: true``), so its heads, and so its PDF, are the auto
    build's (the first story listed led the copy before)."""
    root = _specimen(tmp_path)
    page = root / "issues/specimen/pages/A03.yaml"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("digital-5g.yaml, place: auto}", "digital-5g.yaml, place: {auto: true, priority: 1}}"),
                    encoding="utf-8")
    _cli(root, "makeup", "issues/specimen", "--pages", "A03", "-o", "placed")
    written = yaml.safe_load((root / "placed/pages/A03.yaml").read_text(encoding="utf-8"))
    leads = [Path(a["file"]).stem for a in written["articles"] if a["place"].get("lead")]
    assert leads == ["digital-5g"]
    _cli(root, "build", "issues/specimen", "-o", "out-auto", "--pages", "A03")
    _cli(root, "build", "placed", "-o", "out-placed", "--assets-root", str(root), "--pages", "A03")
    assert (root / "out-auto/A03.pdf").read_bytes() == (root / "out-placed/A03.pdf").read_bytes()
    with pdfplumber.open(root / "out-placed/A03.pdf") as pdf:
        chars = pdf.pages[0].chars
    big = max(c["size"] for c in chars)
    head = "".join(c["text"] for c in chars if c["size"] == big)
    assert "5G" in head  # the ranked lead has the page's largest head
