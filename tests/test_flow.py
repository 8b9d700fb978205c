"""Flows, balance, jumps, photos in stories, L-shapes, broken columns,
vertical heads, index boxes, holes and copy fitting (issue 9), read back
from the PDF where the page shows them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pdfplumber
import pytest
import yaml

from layout.makeup.flow import ColumnFrame, balance, capacity, fill

from readback import BODY, baseline, ink_left, ink_right

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "issues" / "2020-12-21" / "articles"
PITCH = 12.0


# ---------------------------------------------------------------- pure pours


def frames(*spec):
    """Frames from (column, first_row, rows) triples, 117 pt apart."""
    return [ColumnFrame("A01", 126.0 * c, 117.0, r, n, c) for c, r, n in spec]


@pytest.mark.parametrize("n", range(0, 41))
def test_balance_ends_every_column_within_one_line(n):
    fr = frames((0, 10, 10), (1, 10, 10), (2, 10, 10), (3, 10, 10))
    slots = balance(fr, n)
    assert len(slots) == n
    ends = [max((r for k, r in slots if k == c), default=9) for c in range(4)]
    assert max(ends) - min(ends) <= 1
    assert ends == sorted(ends, reverse=True)  # the short columns are the last ones
    assert len(set(slots)) == n


def test_balance_with_columns_cut_by_a_photo_and_an_l_leg():
    # column 0 starts lower (a photo over it), column 2 goes lower (an L's leg)
    fr = frames((0, 20, 11), (1, 10, 21), (2, 10, 31))
    for n in range(1, capacity(fr) + 1):
        slots = balance(fr, n)
        assert len(slots) == n
        bottoms = {k: max(r for kk, r in slots if kk == k) for k in {k for k, _ in slots}}
        reach = max(bottoms.values())
        # every column that could reach the common foot ends within a line of it
        for k, f in enumerate(fr):
            if k in bottoms and f.last_row >= reach:
                assert reach - bottoms[k] <= 1
    assert balance(fr, capacity(fr) + 1) is None


def test_fill_takes_frames_in_order_to_their_foot():
    fr = frames((0, 5, 3), (1, 5, 3))
    assert fill(fr, 4) == [(0, 5), (0, 6), (0, 7), (1, 5)]


# ---------------------------------------------------------------- a two-page issue


def _article(src: str, dst: Path, **changes) -> str:
    data = yaml.safe_load((SEED / src).read_text(encoding="utf-8"))
    data.update(changes)
    dst.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data["id"] if "id" in data else dst.stem


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory):
    """A two-page issue from the seed's articles: the lead jumps from A01 to
    A02 (3 broken columns over 4), an index box points into A02, a story on
    A02 carries a photo over two of its four columns, an L-shaped block, a
    vertical head, auto heights; built once."""
    root = tmp_path_factory.mktemp("two")
    art = root / "articles"
    (root / "pages").mkdir()
    art.mkdir()
    shutil.copy(ROOT / "assets" / "photo-news.jpg", art / "photo-news.jpg")
    _article("park-economy.yaml", art / "park-economy.yaml", continued_head="工业园区高质量发展")
    _article("chuanshan-forum.yaml", art / "chuanshan-forum.yaml", head={"vertical": True, "lines": 2},
             headline="抓机遇 扎根衡阳")
    _article("law-enforcement-contest.yaml", art / "law-enforcement-contest.yaml",
             photos=[{"file": "photo-news.jpg", "caption": "比赛现场，选手在答题。", "credit": "■本报记者 王瑶 摄",
                      "span": 2}])
    _article("party-building-case.yaml", art / "party-building-case.yaml")
    _article("craft-market-photo.yaml", art / "craft-market-photo.yaml")
    _article("ear-subscription.yaml", art / "ear-subscription.yaml")
    (art / "index.yaml").write_text(
        "kind: index\nlabel: 导读\nitems:\n  - {article: party-building-case, short: 我市党建经验入选典型案例}\n"
        "  - law-enforcement-contest\n", encoding="utf-8")
    (root / "issue.yaml").write_text(
        "newspaper: 测试晚报\ndate: 2024-05-20\nspecimen: true\n"
        "imprint: {publisher: 测试晚报社出版, address: 某市某路1号, price: 1.50元}\n"
        "pages: [pages/A01.yaml, pages/A02.yaml]\n", encoding="utf-8")
    (root / "pages" / "A01.yaml").write_text("""page: A01
section: 要闻
masthead: {column: 1, span: 6, row: 1, height: 14}
articles:
  - {file: ../articles/park-economy.yaml, place: {column: 1, span: 5, row: 15, height: 24}}
  - {file: ../articles/ear-subscription.yaml, place: {column: 7, span: 2, row: 1, height: 14}}
  - {file: ../articles/index.yaml, place: {column: 6, span: 3, row: 15, height: auto}}
  - {file: ../articles/chuanshan-forum.yaml, place: {column: 6, span: 3, row: 26, height: 60}}
  - {file: ../articles/craft-market-photo.yaml, place: {column: 1, span: 5, row: 39, height: auto}}
""", encoding="utf-8")
    (root / "pages" / "A02.yaml").write_text("""page: A02
section: 城事
editor: 李明
articles:
  - {file: ../articles/park-economy.yaml, continue: true, place: {column: 1, span: 4, row: 1, height: auto, columns: 3}}
  - {file: ../articles/law-enforcement-contest.yaml, place: {column: 5, span: 4, row: 1, height: 40,
     leg: {column: 5, span: 2, height: 10}}}
  - {file: ../articles/party-building-case.yaml, place: {column: 1, span: 4, row: 60, height: auto}}
blank:
  - {column: 7, span: 2, row: 41, height: 75}
""", encoding="utf-8")
    from layout.publish.build import build

    out = root / "out"
    res = build(root, out, epaper=True)
    return root, out, res


def _chars(pdf: Path, page: int):
    with pdfplumber.open(pdf) as doc:
        return [c for c in doc.pages[page].chars if c["text"].strip()]


def _region(out: Path, page: str, article: str):
    data = json.loads((out / "build.json").read_text(encoding="utf-8"))
    pg = next(p for p in data["pages"] if p["page"] == page)
    return next(r for r in pg["regions"] if r["article"] == article)


def _in(c, rects, pad=0.6):
    """A glyph inside one of the rectangles by its ink (a line-end mark set
    to 1/2 em has its box, not its ink, past the column's edge)."""
    return any(r[0] - pad <= ink_left(c) and ink_right(c) <= r[2] + pad and r[1] - pad <= c["bottom_y"] <= r[3] + pad
               for r in rects)


def _with_y(chars):
    for c in chars:
        c["bottom_y"] = baseline(c)
    return chars


def _body_text(chars, rects):
    """Body-size text of a region, in reading order: by column (x), then down."""
    mine = [c for c in _with_y(chars) if abs(c["size"] - BODY) < 0.01 and _in(c, rects)]
    cols = {}
    for c in mine:
        key = next(k for k, r in enumerate(rects) if r[0] - 0.6 <= c["x0"] <= r[2] + 0.6)
        cols.setdefault(key, []).append(c)
    text = ""
    for k in sorted(cols, key=lambda k: rects[k][0]):
        rows = {}
        for c in cols[k]:
            rows.setdefault(round(baseline(c), 1), []).append(c)
        for y in sorted(rows, reverse=True):
            text += "".join(c["text"] for c in sorted(rows[y], key=lambda c: c["x0"]))
    return text


def test_jump_lines_name_the_pages_and_the_rest_of_the_text_follows(two_pages):
    root, out, res = two_pages
    first = _region(out, "A01", "park-economy")
    second = _region(out, "A02", "park-economy")
    assert first["continues_on"] == "A02" and second["continued_from"] == "A01"
    t1 = _body_text(_chars(out / "A01.pdf", 0), first["rects"][1:])
    t2 = _body_text(_chars(out / "A02.pdf", 0), second["rects"][1:])
    assert t1.endswith("（下转第2版）")
    assert t2.startswith("（上接第1版）")
    body = "".join(yaml.safe_load((root / "articles" / "park-economy.yaml").read_text(encoding="utf-8"))["body"])
    joined = (t1[:-len("（下转第2版）")] + t2[len("（上接第1版）"):]).replace("　", "")
    assert joined.endswith(body.replace(" ", ""))  # after the byline and dateline: every paragraph, in order
    # the continued head (续题) stands over the second part
    heads = "".join(c["text"] for c in _chars(out / "A02.pdf", 0) if c["size"] > 12 and _in(
        _with_y([c])[0], second["rects"][:1]))
    assert "工业园区高质量发展" in heads


def test_jump_link_leads_to_the_continuation(two_pages):
    _, _, res = two_pages
    a01 = next(p for p in res.pages if p.id == "A01")
    assert [(k.page, k.article) for k in a01.links] == [("A02", "park-economy")]


def test_broken_columns_three_over_four(two_pages):
    _, out, _ = two_pages
    second = _region(out, "A02", "park-economy")
    cols = second["rects"][1:]
    assert len(cols) == 3
    widths = {round(r[2] - r[0], 3) for r in cols}
    assert widths == {17 * BODY}  # (55 - 2) // 3 = 17 characters each, whole characters
    # justified lines in each broken column end flush at its right edge
    chars = _with_y(_chars(out / "A02.pdf", 0))
    for r in cols:
        rows = {}
        for c in chars:
            if abs(c["size"] - BODY) < 0.01 and r[0] - 0.6 <= ink_left(c) and ink_right(c) <= r[2] + 0.6 and \
                    r[1] <= baseline(c) <= r[3]:
                rows.setdefault(round(baseline(c), 1), []).append(c)
        flush = [y for y, cs in rows.items() if abs(ink_right(max(cs, key=lambda c: c["x0"])) - r[2]) <= 0.5]
        assert len(flush) >= len(rows) - 3


def test_balanced_columns_end_within_one_line(two_pages):
    _, out, _ = two_pages
    for page, article in (("A02", "park-economy"), ("A02", "party-building-case"), ("A01", "index")):
        region = _region(out, page, article)
        chars = _with_y(_chars(out / f"{page}.pdf", 0))
        ends = []
        for r in region["rects"][1:] if article != "index" else []:
            ys = [baseline(c) for c in chars if abs(c["size"] - BODY) < 0.01 and r[0] - 0.6 <= c["x0"] <= r[2]
                  and r[1] <= baseline(c) <= r[3]]
            if ys:
                ends.append(min(ys))
        if ends:
            assert (max(ends) - min(ends)) <= PITCH + 0.01, (article, ends)


def test_story_photo_inside_its_block_with_caption_in_order(two_pages):
    _, out, res = two_pages
    region = _region(out, "A02", "law-enforcement-contest")
    with pdfplumber.open(out / "A02.pdf") as doc:
        images = doc.pages[0].images
        height = doc.pages[0].height
    assert len(images) == 1
    im = images[0]
    x0, y0, x1, y1 = (min(r[0] for r in region["rects"]), min(r[1] for r in region["rects"]),
                      max(r[2] for r in region["rects"]), max(r[3] for r in region["rects"]))
    assert x0 - 0.5 <= im["x0"] and im["x1"] <= x1 + 0.5
    assert y0 - 0.5 <= height - im["bottom"] and height - im["top"] <= y1 + 0.5
    assert abs((im["x1"] - im["x0"]) - (2 * 117 + 9)) < 0.5  # span 2 of the block's columns
    chars = _with_y(_chars(out / "A02.pdf", 0))
    under = [c for c in chars if im["x0"] - 0.5 <= c["x0"] <= im["x1"] and
             height - im["bottom"] - 3 * PITCH < baseline(c) < height - im["bottom"]]
    text = "".join(c["text"] for c in sorted(under, key=lambda c: (-baseline(c), c["x0"])))
    assert text.startswith("比赛现场，选手在答题。") and text.endswith("摄")


def test_l_shaped_block_text_runs_down_its_leg(two_pages):
    _, out, _ = two_pages
    region = _region(out, "A02", "law-enforcement-contest")
    leg_cols = [r for r in region["rects"][1:] if r[1] < min(q[1] for q in region["rects"][1:]) + 1]
    other = [r for r in region["rects"][1:] if r not in leg_cols]
    assert len(leg_cols) == 2 and len(other) == 2
    assert all(abs((o[1] - l[1]) - 10 * PITCH) < 0.01 for l in leg_cols for o in other)


def test_vertical_head_stands_at_the_side_with_turned_marks(two_pages):
    _, out, res = two_pages
    a01 = next(p for p in res.pages if p.id == "A01")
    head = [r for r in a01.runs if r.article == "chuanshan-forum" and r.role == "headline"]
    lines = {}
    for r in head:
        lines.setdefault(round(r.xs[0], 2), []).append(r)
    # broken at the typed space into two vertical lines, right to left
    right, left = (lines[x] for x in sorted(lines, reverse=True))
    assert "".join(r.text for r in right) == "抓机遇" and "".join(r.text for r in left) == "扎根衡阳"
    for line in (right, left):
        ys = [r.y for r in line]
        assert ys == sorted(ys, reverse=True) and len(set(ys)) == len(ys)  # top to bottom
    assert right[0].y == left[0].y  # the lines start together at the top
    turned = [r for r in a01.runs if r.article == "chuanshan-forum" and r.rotate == 90]
    assert turned and all(r.text in "“”《》（）" for r in turned)
    # the PDF draws each turned mark with a rotated text matrix and keeps its character
    with pdfplumber.open(out / "A01.pdf") as doc:
        rotated = [c for c in doc.pages[0].chars if tuple(c["matrix"][:4]) == (0, -1, 1, 0)]
    assert {c["text"] for c in rotated} == {r.text for r in turned}
    # the text flows in the block's other columns, left of the head
    region = _region(out, "A01", "chuanshan-forum")
    assert region["rects"][0][0] > max(r[2] for r in region["rects"][1:])


def test_index_box_names_the_pages(two_pages):
    _, out, _ = two_pages
    region = _region(out, "A01", "index")
    chars = _with_y(_chars(out / "A01.pdf", 0))
    text = "".join(c["text"] for c in sorted((c for c in chars if _in(c, region["rects"])),
                                             key=lambda c: (-round(baseline(c), 1), c["x0"])))
    assert "我市党建经验入选典型案例第2版" in text
    assert "大展身手！衡阳代表队拔头筹第2版" in text


def test_holes_found_blank_areas_not(two_pages):
    _, out, res = two_pages
    a02 = next(p for p in res.pages if p.id == "A02")
    holes = [f for f in a02.findings if f.kind == "hole"]
    assert len(holes) == 1
    cells = holes[0].data["cells"]
    assert cells > 0
    assert all(not (7 <= c <= 8 and r0 >= 41) for c, _, r0, _ in holes[0].data["areas"])


def test_imprint_folio_and_specimen_marks(two_pages):
    _, out, _ = two_pages
    text = "".join(c["text"] for c in _chars(out / "A02.pdf", 0))
    assert "测试晚报社出版" in text and "地址：某市某路1号" in text and "零售价：1.50元" in text
    assert "第2版" in text and "样张" in text
    front = "".join(c["text"] for c in _chars(out / "A01.pdf", 0))
    assert "样张" in front and "地址：" not in front


def test_fit_equals_the_lines_an_auto_block_takes(two_pages):
    from layout.makeup.fit import fit_article
    from layout.model.grid import PRESETS
    from layout.model.manifest import load_article
    from layout.text.fonts import FontSet

    root, out, res = two_pages
    fonts = FontSet.load()
    grid = PRESETS["broadsheet"]
    art = load_article(root / "articles" / "party-building-case.yaml", [root.resolve()])
    region = _region(out, "A02", "party-building-case")
    top = max(r[3] for r in region["rects"])
    bottom = min(r[1] for r in region["rects"])
    built_lines = round((top - bottom - BODY) / PITCH) + 1
    # on A02 this story is set one 号 below the page's lead; fit it so too
    a02 = next(p for p in res.pages if p.id == "A02")
    size = max(r.size for r in a02.runs if r.article == "party-building-case" and r.role == "headline")
    assert fit_article(art, 4, grid, fonts, largest=size).lines == built_lines


def test_the_readers_pdf_links_the_jump_line_to_its_continuation(two_pages):
    """The e-paper's reader PDF of the issue: the （下转第2版） line of A01 is a
    link whose destination is page A02, at the continuation's region; A02's
    hot zones carry the jump's pages."""
    import pikepdf

    _, out, _ = two_pages
    with pikepdf.open(out / "epaper" / "2024-05-20" / "pdf" / "2024-05-20.pdf") as pdf:
        pages = list(pdf.pages)
        links = [(n, a) for n, pg in enumerate(pages) for a in pg.get("/Annots", []) if a.Subtype == "/Link"]
        assert len(links) == 1
        n, link = links[0]
        dest = link.Dest
        assert n == 0 and dest[0].objgen == pages[1].objgen
        region = _region(out, "A02", "park-economy")
        assert abs(float(dest[3]) - max(r[3] for r in region["rects"])) < 1.0  # the top of the continuation
        # the page is named by its number (版次) as the printed line names it, never by its id
        assert str(link.Contents) == "转第2版"
        titles = [str(k.title) for top in pdf.open_outline().root for k in top.children]
        assert any(t.endswith("（上接第1版）") for t in titles), titles
        assert not any("A0" in t for t in titles), titles
    zones = json.loads((out / "epaper" / "2024-05-20" / "data" / "A02.hotzones.json").read_text(encoding="utf-8"))
    zone = next(z for z in zones["zones"] if z["article"] == "park-economy")
    assert zone.get("continued_from") == "A01"
