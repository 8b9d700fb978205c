"""Loading manifests, reporting bad input, overset and underset, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from layout.model.errors import InputError
from layout.model.manifest import load_issue


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT)


def test_sample_issue_loads():
    issue = load_issue(SAMPLE)
    assert issue.newspaper == "衡阳日报"
    assert issue.date.isoformat() == "2020-12-21"
    page = issue.pages[0]
    assert [p.article.id for p in page.placements][:1] == ["park-economy"]
    lead = page.placements[0].article
    assert lead.dateline == "本报讯" and lead.bylines == ["■本报记者 罗文鹏"]
    assert lead.body[1].endswith("限时打包解决系列具体重大问题。")  # column break joined
    assert "（上海）" in page.placements[2].article.body[-1] or "（上海）" in lead.body[-2]
    assert issue.masthead.sample == ["number", "cn", "postal_code"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, expected", [
    ("articles/park-economy.yaml", "headline:", "headlin:",
     "articles/park-economy.yaml: headlin: expected one of the fields id, kind, label, kicker, headline, "
     "deck, byline, dateline, body, photos, head, lines, continued_head, items; unknown field "
     "(did you mean 'headline'?)"),
    ("pages/A01.yaml", "row: 15, height: 32}", "row: 15, height: many}",
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found 'many'"),
    ("issue.yaml", "date: 2020-12-21", "date: 2020-13-45",
     "issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found '2020-13-45'"),
    ("pages/A01.yaml", "../articles/park-economy.yaml", "../articles/missing.yaml",
     "pages/A01.yaml: articles[0].file: expected an existing file, found '../articles/missing.yaml'"),
    ("articles/craft-market-photo.yaml", "file: photo-news.jpg", "file: ../../../../etc/passwd",
     "articles/craft-market-photo.yaml: photos[0].file: expected a path inside the issue folder or its "
     "asset folders, found '../../../../etc/passwd'"),
    ("pages/A01.yaml", "column: 6, span: 3, row: 15", "column: 5, span: 3, row: 15",
     "pages/A01.yaml: articles[2].place: expected a place not overlapping 'park-economy' (column 5, line 15)"),
    ("issue.yaml", "newspaper: 衡阳日报", "newspaper: [衡阳日报",
     "issue.yaml: expected valid YAML"),
])
def test_bad_input_names_file_field_and_expectation(issue_copy, file, old, new, expected):
    _edit(issue_copy / file, old, new)
    before = {p: p.read_bytes() for p in issue_copy.rglob("*") if p.is_file()}
    res = run_cli("build", str(issue_copy), "-o", str(issue_copy.parent / "out"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    line = res.stderr.strip()
    assert line.startswith("broadsheet: error: ")
    assert line.replace(str(issue_copy) + "/", "").split("error: ", 1)[1].startswith(expected)
    assert not (issue_copy.parent / "out").exists()
    assert {p: p.read_bytes() for p in issue_copy.rglob("*") if p.is_file()} == before


def test_yaml_syntax_error_gives_line_and_column(issue_copy):
    _edit(issue_copy / "issue.yaml", "newspaper: 衡阳日报", "newspaper: [衡阳日报")
    with pytest.raises(InputError) as err:
        load_issue(issue_copy)
    assert "line 3, column" in str(err.value)


def test_aliases_and_custom_tags_refused(issue_copy):
    _edit(issue_copy / "issue.yaml", "format: broadsheet", "format: &f broadsheet\nx: *f")
    with pytest.raises(InputError, match="anchors or aliases"):
        load_issue(issue_copy)
    _edit(issue_copy / "issue.yaml", "format: &f broadsheet\nx: *f", "format: !!python/name:os.system x")
    with pytest.raises(InputError, match="valid YAML"):
        load_issue(issue_copy)


def test_overset_reported_with_its_size_never_dropped(issue_copy, tmp_path):
    tmp_path = tmp_path / "out"
    _edit(issue_copy / "pages/A01.yaml", "row: 66, height: 24}", "row: 66, height: 16}")
    res = run_cli("build", str(issue_copy), "-o", str(tmp_path))
    assert res.returncode == 0
    assert "overset:" in res.stderr and "party-building-case" in res.stderr
    data = json.loads((tmp_path / "build.json").read_text(encoding="utf-8"))
    [over] = data["overset"]
    assert over["article"] == "party-building-case"
    assert over["data"]["lines"] >= 10 and over["data"]["chars"] >= 120
    # the overset text is the article's tail, whole
    body = load_issue(issue_copy).pages[0].placements[5].article.body
    assert "".join(body).endswith(over["data"]["text"])


def test_underset_reported(issue_copy, tmp_path):
    tmp_path = tmp_path / "out"
    _edit(issue_copy / "pages/A01.yaml", "row: 66, height: 24}", "row: 66, height: 30}")
    _edit(issue_copy / "pages/A01.yaml", "row: 90, height: 26}", "row: 96, height: 20}")
    res = run_cli("build", str(issue_copy), "-o", str(tmp_path))
    assert res.returncode == 0, res.stderr
    data = json.loads((tmp_path / "build.json").read_text(encoding="utf-8"))
    under = [w for w in data["warnings"] if w["kind"] == "underset"]
    assert [w["article"] for w in under] == ["party-building-case"]
    assert under[0]["data"]["lines"] > 2


def test_failed_build_keeps_the_good_pdf(issue_copy, tmp_path):
    tmp_path = tmp_path / "out"
    assert run_cli("build", str(issue_copy), "-o", str(tmp_path)).returncode == 0
    good = (tmp_path / "A01.pdf").read_bytes()
    _edit(issue_copy / "articles/park-economy.yaml", "dateline: 本报讯", "dateline: [本报讯")
    assert run_cli("build", str(issue_copy), "-o", str(tmp_path)).returncode == 2
    assert (tmp_path / "A01.pdf").read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020-12-21.pdf", "A01.pdf", "build.json"]


def test_fonts_check_reports_missing_characters():
    res = run_cli("fonts", "--check", "衡阳\U000F0000")
    assert res.returncode == 1
    assert "U+F0000" in res.stdout
    ok = run_cli("fonts", "--check", "生僻字：𡃁、𰻞𰻞面、䶮")
    assert ok.returncode == 0, ok.stdout


@pytest.mark.parametrize("damage, expected", [
    (lambda p: p.write_bytes(p.read_bytes()[:20000]), "a readable JPEG, PNG or TIFF photo"),
    (lambda p: p.write_text("not a picture", encoding="utf-8"), "a readable JPEG, PNG or TIFF photo"),
])
def test_broken_photo_is_bad_input(issue_copy, tmp_path, damage, expected):
    damage(issue_copy.parent.parent / "assets" / "photo-news.jpg")
    res = run_cli("build", str(issue_copy), "-o", str(tmp_path / "out"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "craft-market-photo.yaml: photos[0].file: expected " + expected in res.stderr


def test_empty_required_text_is_bad_input(issue_copy, tmp_path):
    _edit(issue_copy / "issue.yaml", "newspaper: 衡阳日报", 'newspaper: "  "')
    res = run_cli("build", str(issue_copy), "-o", str(tmp_path / "out"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert "issue.yaml: newspaper: expected text (the field is empty)" in res.stderr


def test_outputs_readable_by_others(issue_copy, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert run_cli("build", str(issue_copy), "-o", str(tmp_path / "out")).returncode == 0
    finally:
        os.umask(old)
    for p in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o644, p.name


def test_head_that_cannot_keep_its_lines_is_reported(issue_copy, tmp_path):
    _edit(issue_copy / "articles/park-economy.yaml", "head: {lines: 2}", "head: {lines: 1}")
    _edit(issue_copy / "pages/A01.yaml", "column: 1, span: 5, row: 15", "column: 1, span: 1, row: 15")
    _edit(issue_copy / "pages/A01.yaml", "column: 6, span: 3, row: 15", "column: 2, span: 3, row: 15")
    res = run_cli("build", str(issue_copy), "-o", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    assert "park-economy: headline needs" in res.stderr and "head.lines allows 1" in res.stderr


def test_missing_glyph_reported_and_marked(issue_copy, tmp_path):
    import pdfplumber

    _edit(issue_copy / "articles/law-enforcement-contest.yaml", "近日，历时3天", "近日\U000F0001，历时3天")
    res = run_cli("build", str(issue_copy), "-o", str(tmp_path / "out"))
    assert res.returncode == 0
    assert "law-enforcement-contest: U+F0001" in res.stderr
    data = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    [miss] = [w for w in data["warnings"] if w["kind"] == "missing_glyph"]
    assert miss["data"]["codepoint"] == "U+F0001" and miss["article"] == "law-enforcement-contest"
    assert miss["data"]["file"] == "law-enforcement-contest.yaml" and miss["data"]["where"] == "body"
    text = load_issue(issue_copy).pages[0].placements[4].article.text()
    assert text[miss["data"]["position"] - 1] == "\U000F0001"
    with pdfplumber.open(tmp_path / "out" / "A01.pdf") as pdf:
        page = pdf.pages[0]
        assert "\U000F0001" not in "".join(c["text"] for c in page.chars)  # no empty glyph drawn
        crossed = [r for r in page.rects if abs(r["width"] - 8.1) < 0.01 and abs(r["height"] - 9) < 0.01]
        assert len(crossed) == 1  # the marked box in its place
