"""The sample front page (A01 of 2020-12-21), read back from its PDF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from readback import (BODY, audit_path, COL, NO_START, OPENING, baseline, body_lines, column_left, head_text, ink_left,
                      ink_right, inside, page_chars, regions)

SEED = Path(__file__).parent / "data" / "seed-front-page.txt"
#: Seed line ranges (1-based, inclusive) of each article: headline .. last paragraph.
ARTICLES = {
    "park-economy": (3, 29),
    "chuanshan-forum": (33, 57),
    "law-enforcement-contest": (59, 71),
    "party-building-case": (73, 87),
    "craft-market-photo": (89, 93),
}
ASCII_MARKS = str.maketrans({",": "，", ";": "；", "!": "！", "(": "（", ")": "）"})


def seed_parts(article: str) -> tuple[str, str]:
    """(head text, body text) of an article in the seed, whitespace removed,
    with the two mechanical corrections (column breaks joined, ASCII marks
    set as Chinese ones)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    first, last = ARTICLES[article]
    parts = [ln.translate(ASCII_MARKS) for ln in lines[first - 1:last] if ln.strip()]
    squash = lambda s: re.sub(r"\s+", "", s)
    if article == "craft-market-photo":
        return squash(parts[0]), squash("".join(parts[1:]))
    return squash(parts[0] + parts[1]), squash("".join(parts[2:]))


@pytest.fixture(scope="module")
def chars(a01):
    return page_chars(a01)


@pytest.fixture(scope="module")
def boxes(built):
    return regions(built.out_dir / "build.json")


@pytest.mark.parametrize("article", list(ARTICLES))
def test_every_seed_character_in_reading_order(chars, boxes, article):
    mine = [c for c in chars if inside(c, boxes[article])]
    head, body = seed_parts(article)
    assert head_text(mine) == head
    assert "".join(ln.text for ln in body_lines(mine)) == body


def test_no_line_starts_or_ends_with_a_prohibited_mark(chars):
    lines = body_lines(chars)
    assert len(lines) > 200
    bad = [ln.text for ln in lines if ln.chars[0]["text"] in NO_START or ln.chars[-1]["text"] in OPENING]
    assert bad == []


def _story_lines(chars, box, story: bool):
    lines = body_lines([c for c in chars if inside(c, box)])
    if story:  # skip the byline lines, up to the dateline's line
        k = next(i for i, ln in enumerate(lines) if any("Sans" in f for f in ln.fonts))
        lines = lines[k:]
    return lines


def test_caption_at_the_photos_width_read_in_line_order(a01, chars, boxes):
    """The photo-news caption is set at the photo's width under it: its lines
    read across in order give the seed's caption, every line but the last
    flush with the photo's edges, the credit at its end."""
    with pdfplumber.open(a01) as pdf:
        im = pdf.pages[0].images[0]
    photo_bottom = im["y0"]
    mine = [c for c in chars if inside(c, boxes["craft-market-photo"]) and c["size"] == BODY
            and baseline(c) < photo_bottom]
    rows = {}
    for c in mine:
        rows.setdefault(round(baseline(c), 2), []).append(c)
    lines = [sorted(rows[y], key=lambda c: c["x0"]) for y in sorted(rows, reverse=True)]
    assert len(lines) >= 2
    text = "".join(c["text"] for ln in lines for c in ln)
    head, body = seed_parts("craft-market-photo")
    assert text.replace("　", "") == body.replace("　", "")
    assert text.endswith("■本报记者胡建军摄")  # spaces are not glyphs
    credit = [c for c in lines[-1] if c["text"] == "摄"]
    assert abs(credit[0]["x1"] - im["x1"]) <= 0.5  # flush right under the photo
    for ln in lines[:-1]:
        assert abs(ink_right(ln[-1]) - im["x1"]) <= 0.5
    assert abs(ink_left(lines[1][0]) - im["x0"]) <= 0.5
    assert abs(ink_left(lines[0][0]) - (im["x0"] + 2 * BODY)) <= 0.5  # the 2-em indent


@pytest.mark.parametrize("article", [a for a in ARTICLES if a != "craft-market-photo"])
def test_body_lines_flush_right_but_paragraph_ends(chars, boxes, article):
    lines = _story_lines(chars, boxes[article], True)
    checked = 0
    for ln, nxt in zip(lines, lines[1:]):
        indented = ink_left(nxt.chars[0]) - column_left(nxt.column) >= 1.9 * BODY
        if indented:
            continue  # ln ends a paragraph
        right = column_left(ln.column) + COL
        assert abs(ink_right(ln.chars[-1]) - right) <= 0.5, ln.text
        checked += 1
    assert checked >= len(lines) // 2


def test_body_baselines_on_the_shared_grid(chars):
    # type area: 115 lines of 12 pt centred on the 545 mm trim; first baseline
    # 0.88 em below the first line's top
    top = 545 * 72 / 25.4 - (545 * 72 / 25.4 - 115 * 12) / 2
    first = top - 0.88 * BODY
    foot = top - 115 * 12  # the folio stands in the margin below the type area
    ys = {round(baseline(c), 3) for c in chars if abs(c["size"] - BODY) < 0.01 and baseline(c) > foot}
    off = [y for y in ys if abs((first - y) / 12 - round((first - y) / 12)) > 1e-3]
    assert off == []
    # neighbouring columns of the lead story share baselines
    by_col = {}
    for c in chars:
        if abs(c["size"] - BODY) < 0.01 and 1 <= (col := int((c["x0"] - column_left(1)) // 126) + 1) <= 5:
            by_col.setdefault(col, set()).add(round(baseline(c), 2))
    assert len(by_col[2] & by_col[3]) >= 15


def test_fonts_embedded_and_no_helvetica(a01):
    reader = pypdf.PdfReader(a01)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        f = ref.get_object()
        names.append(str(f["/BaseFont"]))
        desc = f["/DescendantFonts"][0].get_object() if f["/Subtype"] == "/Type0" else f
        assert "/FontFile2" in desc["/FontDescriptor"].get_object(), f["/BaseFont"]
    assert not any("Helvetica" in n for n in names)
    joined = " ".join(names)
    for face in ("NotoSerifCJKsc-Regular", "NotoSerifCJKsc-Black", "NotoSansCJKsc-Bold", "LXGWWenKai-Regular"):
        assert face in joined


def test_metadata_and_page_size(a01):
    reader = pypdf.PdfReader(a01)
    assert reader.metadata.title == "衡阳日报 2020年12月21日 第A01版"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert str(reader.metadata.get("/CreationDate")).startswith("D:20201221")
    w, h = (float(v) for v in reader.pages[0].mediabox[2:])
    assert abs(w - 390 * 72 / 25.4) < 0.01 and abs(h - 545 * 72 / 25.4) < 0.01


def test_two_character_names_padded_to_three(chars, boxes):
    mine = [c for c in chars if inside(c, boxes["law-enforcement-contest"])]
    wang = next(c for c in mine if c["text"] == "王")
    yao = next(c for c in mine if c["text"] == "瑶")
    assert yao["x0"] - wang["x0"] == pytest.approx(2 * BODY)  # 王　瑶
    assert baseline(wang) == baseline(yao)


def test_masthead_dates_computed(chars):
    text = "".join(c["text"] for c in chars)
    assert "2020年12月21日" in text
    assert "星期一" in text and "农历庚子年十一月初七" in text
    assert "CN43-0031" in text


def test_lead_head_is_largest(chars, boxes):
    sizes = {a: max(c["size"] for c in chars if inside(c, boxes[a])) for a in ARTICLES if a != "craft-market-photo"}
    lead = sizes.pop("park-economy")
    assert lead == 42.0  # 初号
    assert all(s < lead for s in sizes.values())


def test_photo_prints_at_150_ppi_or_more_in_grey(a01):
    import pdfplumber

    with pdfplumber.open(a01) as pdf:
        images = pdf.pages[0].images
    assert len(images) == 1
    im = images[0]
    ppi = im["srcsize"][0] / ((im["x1"] - im["x0"]) / 72)
    assert ppi >= 150
    assert "DeviceGray" in str(im["colorspace"])
    assert im["x1"] - im["x0"] > 3 * COL  # large: more than three basic columns


def test_build_json_records_inputs_and_no_overset(built):
    data = json.loads((built.out_dir / "build.json").read_text(encoding="utf-8"))
    assert data["overset"] == []
    assert "issue.yaml" in data["inputs"] and len(data["fonts"]) == 4
    assert all(len(h) == 64 for h in data["inputs"].values())
    assert not [w for w in data["warnings"] if w["severity"] == "error"]


def test_same_input_gives_identical_bytes(built, tmp_path):
    from layout.publish.build import build

    from conftest import SAMPLE

    again = build(SAMPLE, tmp_path)
    for name in ("A01.pdf", "2020-12-21.pdf", "build.json"):
        assert (tmp_path / name).read_bytes() == (built.out_dir / name).read_bytes(), name
    assert again.outputs


def test_independent_audit_passes_strict(a01):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, str(audit_path()), str(a01), "--source", str(SEED), "--strict", "--json"],
                         capture_output=True, text=True)
    report = json.loads(res.stdout)
    assert res.returncode == 0, {k: report[k] for k in ("kinsoku_examples", "split_examples", "ragged", "tofu_chars")}
    for key in ("kinsoku", "split_pairs", "split_runs", "ragged", "collisions", "lost_cjk", "tofu", "bad_tounicode"):
        assert report[key] == 0, key
    assert report["unembedded_fonts"] == []
    assert report["justified_measured"] > 150
