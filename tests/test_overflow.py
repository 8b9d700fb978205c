"""Nothing draws outside its block: a head, an ad line, a masthead or an ear
that does not fit its place is overset, reported with its size, never drawn
over a neighbour; on a proof the overset is marked at the block's foot and in
the slug (issue 7)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from readback import baseline

TOP = 545 * 72 / 25.4 - (545 * 72 / 25.4 - 115 * 12) / 2
LEFT = (390 * 72 / 25.4 - 999) / 2


def place_box(column, span, row, height):
    """(x0, y0, x1, y1) of a place on the broadsheet grid, points."""
    x0 = LEFT + (column - 1) * 126
    return x0, TOP - (row + height - 1) * 12 + 3 - 12, x0 + span * 117 + (span - 1) * 9, TOP - (row - 1) * 12


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def build(issue: Path, *args) -> tuple[subprocess.CompletedProcess, Path]:
    out = issue.parent / "out"
    res = subprocess.run([sys.executable, "-m", "layout", "build", str(issue), "-o", str(out), *args],
                         capture_output=True, text=True, timeout=120)
    return res, out


def chars_of(pdf: Path, article_box):
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        return [c for c in page.chars if c["text"].strip()], page.height


def outside(chars, box, pad=0.5):
    x0, y0, x1, y1 = box
    return [c["text"] for c in chars if not (x0 - pad <= c["x0"] and c["x1"] <= x1 + pad
                                             and y0 - pad <= baseline(c) - 0.12 * c["size"]
                                             and baseline(c) + 0.88 * c["size"] <= y1 + pad)]


def test_an_ad_one_line_high_above_a_story_is_overset_not_drawn_over_it(issue_copy):
    a01 = issue_copy / "pages" / "A01.yaml"
    edit(a01, "place: {column: 6, span: 3, row: 66, height: 24}", "place: {column: 6, span: 3, row: 67, height: 23}")
    edit(a01, "place: {column: 1, span: 8, row: 90, height: 26}", "place: {column: 6, span: 3, row: 66, height: 1}")
    res, out = build(issue_copy)
    assert res.returncode == 0
    assert "civility-ad: overset:" in res.stderr and "of the advert do not fit" in res.stderr
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    over = [f for f in report["overset"] if f["article"] == "civility-ad"]
    assert over and over[0]["data"]["lines"] == 4 and over[0]["data"]["chars"] > 20
    # every glyph of the ad stays on its one line, above the story's head
    from layout.publish.build import layout_issue

    _, _, lists = layout_issue(issue_copy)
    x0, y0, x1, y1 = place_box(6, 3, 66, 1)
    for r in lists[0].runs:
        if r.article == "civility-ad":
            assert all(x0 - 0.5 <= x <= x1 for x in r.xs) and y0 - 0.5 <= r.y - 0.12 * r.size, r.text
    with pdfplumber.open(out / "A01.pdf") as doc:
        below = [c for c in doc.pages[0].chars if c["text"].strip() and baseline(c) < y0]
    assert "".join(c["text"] for c in below).count("文明交通") == 0
    check = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy), "--json"],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 1
    kinds = {(f["kind"], f["article"]) for f in json.loads(check.stdout)["findings"]}
    assert ("overset", "civility-ad") in kinds


@pytest.mark.parametrize("what, old, new, article, box", [
    ("ear", "place: {column: 7, span: 2, row: 1, height: 14}", "place: {column: 7, span: 2, row: 1, height: 1}",
     "ear-subscription", (7, 2, 1, 1)),
    ("masthead", "masthead: {column: 1, span: 6, row: 1, height: 14}",
     "masthead: {column: 1, span: 1, row: 1, height: 1}", "masthead", (1, 1, 1, 1)),
])
def test_a_tiny_ear_or_masthead_keeps_inside_its_place(issue_copy, what, old, new, article, box):
    edit(issue_copy / "pages" / "A01.yaml", old, new)
    res, out = build(issue_copy)
    assert res.returncode == 0, res.stderr
    assert f"{article}: overset:" in res.stderr
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert any(f["article"] == article for f in report["overset"])
    from layout.publish.build import layout_issue

    _, _, lists = layout_issue(issue_copy)
    x0, y0, x1, y1 = place_box(*box)
    runs = [r for r in lists[0].runs if r.article == article]
    for r in runs:
        for x in r.xs:
            assert x0 - 0.5 <= x <= x1 + 0.5 and y0 - 0.5 <= r.y - 0.12 * r.size, (r.text, x, r.y)
            assert r.y + 0.88 * r.size <= y1 + 0.5 + (4 if what == "masthead" else 0), (r.text, r.y)


def test_a_head_too_tall_for_its_block_is_overset_not_drawn_below(issue_copy):
    """A fixed 36 pt head in a block of 8 lines: its lines below the block's
    foot are overset (reported as the head's), the rest of the page keeps
    clear of them."""
    art = issue_copy / "articles" / "party-building-case.yaml"
    edit(art, "head: {lines: 2}", "head: {lines: 2, size: 36}")
    a01 = issue_copy / "pages" / "A01.yaml"
    edit(a01, "place: {column: 6, span: 3, row: 66, height: 24}", "place: {column: 6, span: 3, row: 66, height: 8}")
    res, out = build(issue_copy)
    assert "party-building-case: overset:" in res.stderr and "of the head do not fit" in res.stderr
    x0, y0, x1, y1 = place_box(6, 3, 66, 8)
    with pdfplumber.open(out / "A01.pdf") as doc:
        big = [c for c in doc.pages[0].chars if c["text"].strip() and c["size"] == 36 and c["x0"] >= x0 - 0.5
               and baseline(c) < y1]
    assert big and all(baseline(c) - 0.12 * c["size"] >= y0 - 0.5 and c["x1"] <= x1 + 0.5 for c in big)


def test_overset_marked_at_the_blocks_foot_and_in_the_slug_on_a_proof(issue_copy):
    edit(issue_copy / "pages" / "A01.yaml", "place: {column: 6, span: 3, row: 47, height: 19}",
         "place: {column: 6, span: 3, row: 47, height: 15}")
    edit(issue_copy / "pages" / "A01.yaml", "place: {column: 6, span: 3, row: 66, height: 24}",
         "place: {column: 6, span: 3, row: 62, height: 28}")
    res, out = build(issue_copy, "--proof")
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    over = next(f for f in report["overset"] if f["article"] == "law-enforcement-contest")
    label = f"溢出{over['data']['lines']}行{over['data']['chars']}字"
    with pdfplumber.open(out / "A01.pdf") as doc:
        page = doc.pages[0]
        text = "".join(c["text"] for c in page.chars)
        rects = [r for r in page.rects if r.get("non_stroking_color") not in (None, (0,), [0], 0)]
    assert label in text  # the mark at the block's foot
    assert f"law-enforcement-contest{over['data']['lines']}行" in text.replace(" ", "")  # the slug
    assert rects  # the grey box behind the mark


def test_a_label_longer_than_its_place_is_overset_not_dropped(issue_copy):
    """A story's column label (栏目名) wider than a basic column: what fits
    is printed on its one line, the rest reported as overset with its
    characters (a label composed at the column's width used to lose its
    second line without a word)."""
    label = "法治衡阳·执法为民·文化市场综合执法"
    edit(issue_copy / "articles" / "law-enforcement-contest.yaml", "headline:", f"label: {label}\nheadline:")
    res, out = build(issue_copy, "--pages", "A01")
    assert res.returncode == 0, res.stderr
    line = next(ln for ln in res.stderr.splitlines() if "law-enforcement-contest: overset:" in ln)
    chars, _ = chars_of(out / "A01.pdf", None)
    shown = "".join(c["text"] for c in chars)
    # the characters printed from the label's start and those reported make the whole label
    n = next(k for k in range(len(label), 0, -1) if label[:k] in shown)
    assert 4 <= n < len(label) and f"{len(label) - n} characters" in line, (n, line)
