"""The four-page specimen issue (issues/2024-05-20-specimen, the README's
main build), read back: four page PDFs and the issue PDF, no finding of the
build or the preflight, every Han character of the articles' text in the
issue PDF, every page marked 样张, the jump's lines naming the right pages,
the e-paper's hot zones (each glyph of an article in its zone and in no
other, L-shaped and jumped stories included), and the independent audit's
strict verdict on every page."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
import yaml
from readback import audit_path

ROOT = Path(__file__).resolve().parents[1]
SPECIMEN = ROOT / "issues" / "2024-05-20-specimen"
PAGES = ("A01", "A02", "A03", "A04")
#: manifest keys whose values are not printed text (ids, file names, sizes,
#: roles, the index box's article ids)
NOT_TEXT = {"id", "kind", "file", "size", "role", "article", "span", "lines", "vertical", "head"}


def _han(text: str) -> collections.Counter:
    return collections.Counter(ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f")


@pytest.fixture(scope="module")
def specimen(tmp_path_factory):
    from layout.publish.build import build

    return build(SPECIMEN, tmp_path_factory.mktemp("specimen"), epaper=True)


@pytest.fixture(scope="module")
def page_text(specimen) -> dict[str, str]:
    out = {}
    with pdfplumber.open(specimen.out_dir / "2024-05-20.pdf") as pdf:
        assert len(pdf.pages) == 4
        for pid, page in zip(PAGES, pdf.pages):
            out[pid] = "".join(c["text"] for c in page.chars)
    return out


def test_four_pages_and_the_issue_with_no_findings(specimen):
    from layout.publish.preflight import preflight

    names = sorted(p.name for p in specimen.outputs if p.parent == specimen.out_dir)
    assert names == ["2024-05-20.pdf", "A01.pdf", "A02.pdf", "A03.pdf", "A04.pdf", "build.json"]
    assert [f.message for f in specimen.findings] == []
    assert [f.message for f in preflight(specimen.pages, specimen.fonts)] == []
    report = json.loads((specimen.out_dir / "build.json").read_text(encoding="utf-8"))
    for page in report["pages"][1:]:  # A02-A04 are placed by automatic makeup
        q = page["makeup"]
        assert q["white_lines"] == 0 and q["head_collisions"] == 0 and q["stacked_photos"] == 0, page["id"]


def test_every_han_character_of_the_articles_is_printed(page_text):
    want = collections.Counter()

    def walk(value, key=None):
        if key in NOT_TEXT:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            want.update(_han(value))

    for path in sorted((SPECIMEN / "articles").glob("*.yaml")):
        walk(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader))
    got = _han("".join(page_text.values()))
    assert sum(want.values()) > 20000
    assert {ch: n - got[ch] for ch, n in want.items() if got[ch] < n} == {}


def test_every_page_is_marked_specimen_and_names_its_page(page_text):
    for n, pid in enumerate(PAGES, 1):
        assert "样张" in page_text[pid], pid
        assert f"第{n}版" in page_text[pid], pid  # the folio
    assert "鹭川晚报" in page_text["A01"] and "导读" in page_text["A01"]


def test_the_jump_names_the_right_pages(specimen, page_text):
    assert "（下转第2版）" in page_text["A01"]
    assert "（上接第1版）" in page_text["A02"]
    # the e-paper's page lists say it as print does
    site = specimen.out_dir / "epaper" / "2024-05-20"
    assert "（下转第2版）" in (site / "A01.html").read_text(encoding="utf-8")
    assert "（上接第1版）" in (site / "A02.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [f"{p}.pdf" for p in PAGES] + ["2024-05-20.pdf"])
def test_the_independent_audit_passes_strict(specimen, name):
    args = [sys.executable, str(audit_path()), str(specimen.out_dir / name), "--strict", "--json"]
    if name == "2024-05-20.pdf":
        args += ["--source", str(SPECIMEN / "articles")]
    res = subprocess.run(args, capture_output=True, text=True)
    report = json.loads(res.stdout)
    for key in ("kinsoku", "split_pairs", "split_runs", "ragged", "collisions", "tofu", "bad_tounicode"):
        assert report[key] == 0, (name, key, report.get(f"{key}_examples"))
    assert report.get("lost_cjk", 0) == 0 and report["unembedded_fonts"] == []
    assert res.returncode == 0 and report["verdict"] == "pass"


def test_each_hot_zone_holds_its_articles_glyphs_and_no_other(specimen):
    """Every glyph on a page's type area below the masthead and above the
    folio is in exactly one article's hot zone, and a zone holds only its
    article's text (the jump lines and the index box's page references
    besides): captions across gutters, hanging marks and L-shaped legs
    included."""
    from layout.model.grid import PRESETS
    from layout.model.manifest import load_issue

    GRID = PRESETS["broadsheet"]
    issue = load_issue(SPECIMEN)
    root = specimen.out_dir / "epaper" / "2024-05-20"
    for page in issue.pages:
        zones = json.loads((root / "data" / f"{page.id}.hotzones.json").read_text(encoding="utf-8"))["zones"]
        assert sorted(z["article"] for z in zones) == sorted(pl.article.id for pl in page.placements)
        with pdfplumber.open(root / "pdf" / f"{page.id}.pdf") as pdf:
            height = pdf.pages[0].height
            chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
        # the type area (the grid's 115 lines); the running head and folio are outside it
        top, foot = height - GRID.line_top(1), height - (GRID.line_top(GRID.lines) - GRID.size)
        found = collections.defaultdict(collections.Counter)
        for c in chars:
            x, y = (c["x0"] + c["x1"]) / 2, height - (c["top"] + c["bottom"]) / 2
            owners = [z["article"] for z in zones for r in z["points"]
                      if min(p[0] for p in r) <= x <= max(p[0] for p in r)
                      and min(p[1] for p in r) <= y <= max(p[1] for p in r)]
            assert len(set(owners)) <= 1, (page.id, c["text"], owners)
            if owners:
                found[owners[0]][c["text"]] += 1
            elif page.id != "A01" or c["top"] > 420:  # A01: the masthead stands above its blocks
                assert not (top - 0.5 <= c["top"] and c["bottom"] <= foot + 0.5), (page.id, c["text"], c["x0"], c["top"])
        for z in zones:
            art = next(pl.article for pl in page.placements if pl.article.id == z["article"])
            text = art.text() + "".join(ph.rights for ph in art.photos)
            refs = set("（下转第上接版）0123456789")  # jump lines and page references
            if art.kind == "index":  # its items: short titles or headlines of other pages' stories
                refs |= set("".join(short for _, short in art.items) + "".join(
                    pl.article.headline for p in issue.pages for pl in p.placements))
            extra = found[z["article"]] - collections.Counter(ch for ch in text if not ch.isspace())
            extra = {ch: n for ch, n in extra.items() if ch not in refs}
            assert not extra, (page.id, z["article"], "".join(extra.elements())[:40])
            assert found[z["article"]], (page.id, z["article"])
