"""House options reach every line the engine sets (issue 14): the sample
issue set with ``house: {level: strict, open_at_start_half: true}`` and text
that puts opening marks at line starts in every role, read back from the
PDF: no line of any role breaks the strict rules, and an opening mark that
starts a line takes half an em wherever the line's edge shows it (lines set
flush left against a known edge, and centred lines)."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
import yaml

from readback import baseline

#: clreq 3.1.7, strict level: never at a line start; never at a line end.
NO_START = set("。．，、：；！？‼⁇）〕］｝》〉」』】〗’”·・～／—…")
NO_END = set("“‘（〔［｛《〈「『【〖")
OPENING = NO_END
#: Units of text whose only break opportunities fall before an opening mark
#: (《 may not end a line, 》 may not start one): lines start with 《.
BOOKS = "《城市》《乡村》《山水》《人物》《时代》《故事》《新闻》《生活》" * 3


def _set(path: Path, **fields):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def strict_issue(tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("strict")
    src = Path(__file__).resolve().parent.parent / "issues" / "2020-12-21"
    issue = root / "issues" / "x"
    shutil.copytree(src, issue)
    shutil.copytree(src.parent.parent / "assets", root / "assets")
    arts = issue / "articles"
    _set(issue / "issue.yaml", newspaper="《衡阳日报》", house={"level": "strict", "open_at_start_half": True},
         imprint={"publisher": "《衡阳日报》社出版", "price": "1.50元"}, pages=["pages/A01.yaml", "pages/A02.yaml"])
    _set(arts / "park-economy.yaml", kicker="《园区》" * 4, headline="《务实深化改革》《提升亩均效益》",
         deck="（" + "《全市工业园区》" * 6 + "）")
    _set(arts / "chuanshan-forum.yaml", byline=["《船山论坛》《特约》" * 2 + " ■本报记者 罗文鹏"])
    _set(arts / "craft-market-photo.yaml", label="《图片新闻》",
         photos=[{"file": "photo-news.jpg", "caption": "图为市集一角。" + BOOKS * 2, "credit": "■本报记者 胡建军 摄",
                  "rights": "《示例图片》CC BY 4.0"}])
    _set(arts / "civility-ad.yaml", lines=[{"text": "《文明交通》《从我做起》", "size": 36, "role": "headline"},
                                           {"text": BOOKS[:40], "size": 22, "role": "deck"}])
    body = yaml.safe_load((arts / "law-enforcement-contest.yaml").read_text(encoding="utf-8"))["body"]
    _set(arts / "law-enforcement-contest.yaml", body=[body[0] + BOOKS, body[1] + BOOKS[7:] + "——完。"] + body[2:])
    (issue / "pages" / "A02.yaml").write_text(
        "page: A02\nsection: 《城事》\neditor: 李明\narticles:\n"
        "  - {file: ../articles/inner.yaml, place: {column: 1, span: 8, row: 1, height: 115}}\n", encoding="utf-8")
    (arts / "inner.yaml").write_text(yaml.safe_dump({
        "headline": "《内页》标题", "body": ["正文。" + BOOKS * 3]}, allow_unicode=True), encoding="utf-8")
    from layout.publish.build import build

    out = root / "out"
    res = build(issue, out, proof=True)
    return out, res


def _lines(out: Path, page: int, report: dict):
    """Every line of the page: glyphs grouped by the region rectangle they
    lie in (or the page, outside any) and by baseline and size; each line's
    glyphs in order, with the rectangle."""
    pid = report["pages"][page]["page"]
    rects = [(r["article"], tuple(q)) for r in report["pages"][page]["regions"] for q in r["rects"]]
    with pdfplumber.open(out / f"{pid}.pdf") as doc:
        chars = [c for c in doc.pages[0].chars if c["text"].strip() and tuple(c["matrix"][:4])[:2] != (0, -1)]
    groups = {}
    for c in chars:
        y = baseline(c)
        home = next(((a, q) for a, q in rects if q[0] - 1 <= c["x0"] + 0.5 * c["size"] <= q[2] + 1
                     and q[1] - 1 <= y <= q[3] + 1), ("", None))
        groups.setdefault((home, round(y, 1), c["size"]), []).append(c)
    out_lines = []
    for (home, y, size), cs in groups.items():
        cs.sort(key=lambda c: c["x0"])
        # split a row where a gap wider than 1.5 em runs (two items on one row)
        line = [cs[0]]
        for a, b in zip(cs, cs[1:]):
            if b["x0"] - a["x1"] > 1.5 * size:
                out_lines.append((home, line))
                line = []
            line.append(b)
        out_lines.append((home, line))
    return out_lines


def test_no_line_of_any_role_breaks_the_strict_rules(strict_issue):
    out, res = strict_issue
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    roles = set()
    checked = 0
    for page in range(len(report["pages"])):
        for home, line in _lines(out, page, report):
            text = "".join(c["text"] for c in line)
            assert text[0] not in NO_START and text[-1] not in NO_END, (home[0], text)
            checked += 1
            roles |= {c["fontname"].split("+")[-1] for c in line}
    assert checked > 250
    assert len(roles) == 4  # every face, so every role's face, was read


def test_opening_marks_at_line_starts_take_half_an_em(strict_issue):
    out, res = strict_issue
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    lists = {pl.id: pl for pl in res.pages}
    seen = {}
    for page in range(len(report["pages"])):
        pid = report["pages"][page]["page"]
        # the left edges a line may start at: text frames, photo and caption
        # edges, blocks, the type area (running head, folio, masthead)
        edges = {round(q[0], 2) for r in report["pages"][page]["regions"] for q in r["rects"]}
        edges |= {round(p.x, 2) for p in lists[pid].pictures}
        edges |= {round(53.25590551181108 + 15 * 72 / 25.4, 2)}  # the type area's left, on the proof sheet
        for home, line in _lines(out, page, report):
            first = line[0]
            if first["text"] not in OPENING:
                continue
            size = first["size"]
            ink = first["x0"] + 0.5 * size
            last = line[-1]
            right = last["x0"] + 0.5 * last["size"] if last["text"] in NO_START else last["x1"]
            rect = home[1]
            if rect is not None and abs((ink + right) / 2 - (rect[0] + rect[2]) / 2) < 0.3 and size > 9:
                kind = "centred"
            elif any(abs(ink - e) < 0.05 for e in edges):
                kind = "flush left"
            elif any(abs(first["x0"] - e) < 0.05 for e in edges):
                kind = "full em"  # the mark kept its blank half: wrong
            else:
                continue  # an edge the readback does not know (right-aligned lines show no difference)
            assert kind != "full em", (home[0], "".join(c["text"] for c in line))
            seen.setdefault(first["fontname"].split("+")[-1], 0)
            seen[first["fontname"].split("+")[-1]] += 1
    # lines of heads (Black), kickers, decks and labels (Sans Bold), bylines and captions (WenKai),
    # and body (Serif) all started with a half-em mark
    assert set(seen) == {"NotoSerifCJKsc-Black", "NotoSansCJKsc-Bold", "LXGWWenKai-Regular",
                         "NotoSerifCJKsc-Regular"}, seen
