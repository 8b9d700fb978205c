"""`broadsheet fit` is the truth for `height: auto`: a story built with an
auto height at a span, at any row, under a lead of a given size, takes the
lines the fit command's table gives for that span and lead; a vertical head
(竖题) gets the lines it needs, every character printed. Built once; the
lines are read back from build.json's regions and the head sizes from the
PDF."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from layout.makeup.fit import LEADS as FIT_LEADS

ROOT = Path(__file__).resolve().parent.parent
HAND = Path(__file__).resolve().parent / "data" / "hand"  # a tester's copy (2025-03-18)
SPECIMEN = ROOT / "issues" / "2024-05-20-specimen" / "articles"
PITCH, SIZE = 12.0, 9.0
#: (source folder, article, text columns at span 5 or None)
ARTICLES = [(HAND, "wetland-port", None), (HAND, "cinema-week", None), (HAND, "brief-museum", None),
            (HAND, "spring-fair", None), (HAND, "elder-canteen", None), (HAND, "garden-roof", None),
            (HAND, "book-review", 3), (HAND, "essay-rain", None), (SPECIMEN, "dandelion-essay", None),
            (SPECIMEN, "bridge-closure", None), (SPECIMEN, "brief-metro", None), (SPECIMEN, "youth-art", None), (SPECIMEN, "holiday-spending", None)]
#: The lead stands at the foot of the page (rows 90-115): across five
#: columns its head is 初号 (42 pt), across four 小初 (36 pt).
LEAD, LEAD_ROW = "port-trade", 90
ROWS = [1, 9, 18, 27, 33, 46, 58, 71]
LEADS = [None, *FIT_LEADS]  # None: the story is the page's lead; then fit's default leads (42, 36 pt)


def _copy(root: Path, name: str, pid: str) -> str:
    """A copy of ``name`` for page ``pid`` (an article is placed once an
    issue); returns its id."""
    aid = f"{name}-{pid.lower()}"
    text = (root / "articles" / f"{name}.yaml").read_text(encoding="utf-8")
    (root / "articles" / f"{aid}.yaml").write_text(re.sub(r"(?m)^id: .*$", f"id: {aid}", text), encoding="utf-8")
    return aid


def _table(path: Path, span: int, columns: int | None) -> dict:
    """fit's table for ``span``, parsed from its text: {group title: (lines,
    millimetres, head size in points, overset lines)}."""
    from layout.publish.fitting import fit_report

    text = fit_report(path, span, columns).splitlines()
    titles = [t.strip() for t in text[0].split("  ") if t.strip()]
    row = text[-1]
    assert int(row[:4]) == span
    out = {}
    for k, title in enumerate(titles):
        cell = row[4 + 33 * k:4 + 33 * (k + 1)].split()  # lines, mm, size, "pt", [overset]
        out[title] = (int(cell[0]), float(cell[1]), float(cell[2]), int(cell[4]) if len(cell) > 4 else 0)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One page a case: the story at a span and row with height auto, as the
    lead or under the lead at the foot; every page of one issue, built once."""
    root = tmp_path_factory.mktemp("fit")
    (root / "articles").mkdir()
    (root / "pages").mkdir()
    for src, name, _ in ARTICLES + [(SPECIMEN, LEAD, None)]:
        shutil.copy(src / f"{name}.yaml", root / "articles" / f"{name}.yaml")
    for photo in (ROOT / "assets").glob("*.jpg"):
        shutil.copy(photo, root / "articles" / photo.name)
    issue_head = "newspaper: 测试晚报\ndate: 2025-03-18\nspecimen: true\nhouse: {pad_names: true}\npages:\n"
    (root / "issue.yaml").write_text(issue_head + "  - pages/A01.yaml\n", encoding="utf-8")  # fit reads its house
    cases, n = [], 0
    for a, (_, name, broken) in enumerate(ARTICLES):
        for span in range(1, 6):
            columns = broken if span == 5 else None
            table = _table(root / "articles" / f"{name}.yaml", span, columns)
            lead = LEADS[(a + span) % 3]
            if table[f"under a {lead:g} pt lead" if lead else "as the lead (头条)"][0] >= LEAD_ROW:
                lead = None  # too long to stand over the lead: alone on its page
            title = "as the lead (头条)" if lead is None else f"under a {lead:g} pt lead"
            lines, mm, head, over = table[title]
            if over and lines == 115:
                continue  # longer than the page at this span (dandelion-essay in one or two columns)
            assert over == 0, (name, span, title, over)  # fit offers only heights it can set
            row = min(ROWS[(a * 5 + span) % len(ROWS)], (LEAD_ROW if lead else 116) - lines)
            n += 1
            pid = f"A{n:02d}"
            place = f"{{column: 1, span: {span}, row: {row}, height: auto{f', columns: {columns}' if columns else ''}}}"
            aid = _copy(root, name, pid)
            arts = [f"  - {{file: ../articles/{aid}.yaml, place: {place}}}"]
            if lead is not None:
                lspan = 5 if lead == 42 else 4
                arts.insert(0, f"  - {{file: ../articles/{_copy(root, LEAD, pid)}.yaml, place: {{column: 1, "
                               f"span: {lspan}, row: {LEAD_ROW}, height: 26}}}}")
            (root / "pages" / f"{pid}.yaml").write_text(f"page: {pid}\nsection: 测试\narticles:\n" + "\n".join(arts)
                                                         + "\n", encoding="utf-8")
            cases.append((pid, aid, span, row, lead, lines, mm, head))
    (root / "issue.yaml").write_text(issue_head + "".join(f"  - pages/{c[0]}.yaml\n" for c in cases), encoding="utf-8")
    from layout.publish.build import build

    out = root / "out"
    res = build(root, out)
    data = json.loads((out / "build.json").read_text(encoding="utf-8"))
    return cases, data, res, out


def _lines(region) -> tuple[int, int]:
    """A rectangular block's first row and lines, from its area in build.json."""
    from layout.model.grid import PRESETS

    (x0, y0, x1, y1), = region["area"]
    g = PRESETS["broadsheet"]
    return round((g.top - y1) / PITCH) + 1, round((y1 - y0 - SIZE) / PITCH) + 1


def test_auto_blocks_take_the_lines_fit_gives_for_their_lead(built):
    cases, data, res, out = built
    pages = {p["page"]: p for p in data["pages"]}
    lists = {p.id: p for p in res.pages}
    assert len(cases) >= 50 and {c[4] for c in cases} == set(LEADS) and len({c[3] for c in cases}) >= 6
    wrong = []
    for pid, name, span, row, lead, lines, mm, _ in cases:
        region = next(r for r in pages[pid]["regions"] if r["article"] == name)
        first, got = _lines(region)
        assert first == row
        assert abs(lines * PITCH * 25.4 / 72 - mm) < 0.06
        over = [f for f in lists[pid].findings if f.article == name and f.kind == "overset"]
        assert not over, (pid, name, over[0].message)
        if got != lines:
            wrong.append((pid, name, span, row, lead, lines, got))
    assert not wrong, wrong


def test_the_head_sizes_are_those_the_table_names(built):
    """The lead at the foot prints its headline at the size its group names
    (42 or 36 pt) and the story its headline at the size fit gives for it
    there (read from the PDF, inside each block's area)."""
    cases, data, res, out = built
    pages = {p["page"]: p for p in data["pages"]}
    for pid, name, span, row, lead, lines, _, head in cases[::3]:
        with pdfplumber.open(out / f"{pid}.pdf") as doc:
            page = doc.pages[0]
            chars, h = page.chars, page.height

        def largest(article):
            region = next(r for r in pages[pid]["regions"] if r["article"] == article)
            (x0, y0, x1, y1), = region["area"]
            return max(c["size"] for c in chars if x0 <= c["x0"] and c["x1"] <= x1 and y0 <= h - c["bottom"] <= y1)

        if lead is not None:
            assert round(largest(f"{LEAD}-{pid.lower()}"), 2) == lead
        assert round(largest(name), 2) == head, (pid, name, span, lead)


def test_a_vertical_head_at_four_columns_and_more_is_printed_whole(built):
    """essay-rain's 7-character 竖题 as the lead at spans 2-5 (and under the
    leads): every character in the PDF, top to bottom in the block's last
    basic column, inside its block; no overset."""
    from layout.model.grid import PRESETS

    g = PRESETS["broadsheet"]
    cases, data, res, out = built
    seen = 0
    for pid, name, span, row, lead, lines, _, _ in cases:
        if not name.startswith("essay-rain") or span == 1:
            continue
        seen += 1
        assert not [f for f in next(p for p in res.pages if p.id == pid).findings if f.kind == "overset"]
        region = next(r for r in next(p for p in data["pages"] if p["page"] == pid)["regions"]
                      if r["article"] == name)
        (ax0, ay0, ax1, ay1), = region["area"]
        with pdfplumber.open(out / f"{pid}.pdf") as doc:
            page = doc.pages[0]
            h = page.height
            head = [c for c in page.chars if c["size"] > 12 and h - c["bottom"] >= ay0 - 0.5
                    and ax0 <= c["x0"] and c["x1"] <= ax1]
        assert "".join(c["text"] for c in sorted(head, key=lambda c: c["top"])) == "春雨落在老街上", pid
        col_x = g.column_x(span)
        assert all(col_x - 0.5 <= c["x0"] and c["x1"] <= col_x + g.column_width + 0.5 for c in head)
        tops = [c["top"] for c in sorted(head, key=lambda c: c["top"])]
        assert tops == sorted(set(tops))  # one under the other
        assert max(h - c["bottom"] for c in head) <= ay1 and min(h - c["bottom"] for c in head) >= ay0 - 0.5
    assert seen == 4


def test_an_auto_block_stopped_by_the_next_block_says_the_lines_it_needs():
    """At row 70 with the next block at row 79, cinema-week (10 lines under a
    42 pt lead, says fit) gets the 9 free lines and an overset error that
    names the 10 it needs; with the room it takes its 10 at any row."""
    from layout.makeup.context import SetContext
    from layout.makeup.fit import fit_under
    from layout.makeup.heads import largest_head
    from layout.makeup.story import set_story
    from layout.model.grid import PRESETS
    from layout.model.issue import House, Place
    from layout.model.manifest import load_article
    from layout.text.fonts import FontSet

    grid, fonts, house = PRESETS["broadsheet"], FontSet.load(), House(pad_names=True)
    art = load_article(HAND / "cinema-week.yaml", [HAND])
    need = fit_under(art, 5, grid, fonts, house, 42).lines
    assert need == 10
    short = set_story(SetContext(grid, fonts, house, "A03"), art, Place(4, 5, 70, None), largest_head(5, 42), 78)
    over = [f for f in short.findings if f.kind == "overset"]
    assert short.height == 9 and len(over) == 1 and over[0].data["needs"] == need
    assert "needs 10 lines, 9 are free above line 79" in over[0].message
    for row in (1, 40, 70, 94):
        res = set_story(SetContext(grid, fonts, house, "A03"), art, Place(4, 5, row, None), largest_head(5, 42), 115)
        assert res.height == need and not [f for f in res.findings if f.kind == "overset"]


def test_the_fit_command_names_the_head_size_of_each_figure(tmp_path):
    """`broadsheet fit`: figures as the lead and under 42 and 36 pt leads,
    each with its head size; --lead PT gives one group; a bad --lead is a
    one-line error (exit 2)."""
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "layout", "fit", *args], capture_output=True, text=True,
                              cwd=ROOT)

    art = tmp_path / "cinema-week.yaml"
    shutil.copy(HAND / "cinema-week.yaml", art)
    out = run(str(art), "--span", "5")
    assert out.returncode == 0, out.stderr
    head, cols, row = out.stdout.splitlines()
    assert [t.strip() for t in head.split("  ") if t.strip()] == \
        ["as the lead (头条)", "under a 42 pt lead", "under a 36 pt lead"]
    assert cols.split() == ["span"] + ["lines", "mm", "head", "overset"] * 3
    assert row.split() == ["5", "11", "46.6", "42", "pt", "10", "42.3", "36", "pt", "9", "38.1", "26", "pt"]
    one = run(str(art), "--span", "5", "--lead", "36").stdout.splitlines()
    assert one[0].strip() == "under a 36 pt lead" and one[2].split() == ["5", "9", "38.1", "26", "pt"]
    for value in ("0", "4.9", "201", "inf", "1e308", "nan", "-36"):  # only sizes a manifest may give
        bad = run(str(art), "--lead", value)
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "--lead" in bad.stderr, value
    from layout.publish.fitting import fit_report
    from layout.model.errors import InputError

    with pytest.raises(InputError, match="from 5 to 200"):
        fit_report(art, lead=float("inf"))


def test_a_vertical_head_over_the_next_block_is_set_smaller_and_says_so():
    """essay-rain at span 4 with the next block at line 19 (18 lines free,
    fit wants 21 at 26 pt under a 36 pt lead): the head is set whole at a
    smaller size inside the 18 lines, with a warning naming both sizes."""
    from layout.makeup.context import SetContext
    from layout.makeup.fit import fit_under
    from layout.makeup.heads import largest_head
    from layout.makeup.story import set_story
    from layout.model.grid import PRESETS
    from layout.model.issue import House, Place
    from layout.model.manifest import load_article
    from layout.text.fonts import FontSet

    grid, fonts, house = PRESETS["broadsheet"], FontSet.load(), House(pad_names=True)
    art = load_article(HAND / "essay-rain.yaml", [HAND])
    fit = fit_under(art, 4, grid, fonts, house, 36)
    assert (fit.lines, fit.headline) == (21, 26.0)
    res = set_story(SetContext(grid, fonts, house, "A03"), art, Place(5, 4, 1, None), largest_head(4, 36), 18)
    assert res.height <= 18 and not [f for f in res.findings if f.kind == "overset"]
    head = [r for r in res.runs if r.role == "headline"]
    assert "".join(r.text for r in head) == "春雨落在老街上" and res.headline_size < 26
    assert min(r.y for r in head) - res.headline_size * 0.12 >= grid.line_top(res.height) - grid.size
    warn = [f for f in res.findings if f.kind == "head_room"]
    assert len(warn) == 1 and warn[0].data["fit"] == 26 and "free above line 19" in warn[0].message


def test_white_under_text_beside_a_deeper_photo_is_said_for_auto_heights_too(built):
    """An auto block whose photo runs deeper than the text beside it ends
    with white under the text: an underset warning as for a fixed height,
    saying why; a block without photos never gets one (its auto height is
    its text's)."""
    cases, data, res, out = built
    under = {f.article: f for f in res.findings if f.kind == "underset"}
    photo_ids = [c[1] for c in cases if c[1].startswith(("wetland-port", "elder-canteen"))]
    warned = [aid for aid in photo_ids if aid in under]
    assert warned, "no photo story at any span ran deeper than its text"
    for aid in warned:
        f = under[aid]
        assert f.severity == "warning" and "photo beside the text runs deeper" in f.message
    text_only = [c[1] for c in cases if c[1].startswith(("brief-museum", "cinema-week", "spring-fair"))]
    assert not [aid for aid in text_only if aid in under]
