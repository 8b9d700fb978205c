"""Issue 8: half-width punctuation in Chinese text: check warns with the
position; the house option normalize_punctuation converts it at load time
and records each change in build.json."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from layout.cli import main
from layout.text.punct import ascii_marks, normalize_punctuation

ARTICLE = "articles/party-building-case.yaml"
TYPED = '市里开展了“六微”活动,"乡村"(test)也参加了;大家问:效果如何?有人说\'很好\'!'


@pytest.mark.parametrize("text,expected", [
    (',"乡村"(test)', '，“乡村”（test）'),
    ('他说:"好!"然后离开(暂时)。', '他说：“好！”然后离开（暂时）。'),
    ("价格为3,000元,时间12:30,见a.b", "价格为3,000元，时间12:30，见a.b"),
    ('He said "hello" (twice), then left.', 'He said "hello" (twice), then left.'),
    ("我们(We)来了", "我们（We）来了"),
    ("它的意思是'不'", "它的意思是‘不’"),
])
def test_conversion(text, expected):
    assert normalize_punctuation(text)[0] == expected


def test_positions():
    marks = ascii_marks("甲乙,丙丁(戊)")
    assert [(m.index, m.char, m.full) for m in marks] == [(2, ",", "，"), (5, "(", "（"), (7, ")", "）")]


def _add_paragraph(issue_dir, text, normalize=None):
    art = issue_dir / ARTICLE
    src = art.read_text(encoding="utf-8")
    art.write_text(src.replace("body:\n", "body:\n  - '" + text.replace("'", "''") + "'\n", 1), encoding="utf-8")
    if normalize is not None:
        iy = issue_dir / "issue.yaml"
        iy.write_text(iy.read_text(encoding="utf-8").replace(
            "pad_names: true}", f"pad_names: true, normalize_punctuation: {str(normalize).lower()}}}"), encoding="utf-8")


def test_check_warns_with_file_field_and_position(issue_copy):
    _add_paragraph(issue_copy, TYPED)
    res = CliRunner().invoke(main, ["check", str(issue_copy), "--json"])
    report = json.loads(res.output)
    found = [f for f in report["findings"] if f["kind"] == "half_width_punctuation"]
    got = [(f["data"]["field"], f["data"]["position"], f["data"]["char"]) for f in found]
    expect = [("body[0]", i + 1, c) for i, c in enumerate(TYPED) if c in ",;:!?()\"'"]
    assert len(expect) == 11
    assert got == expect
    assert all(f["severity"] == "warning" for f in found)


def test_normalize_option_converts_and_records(issue_copy, tmp_path):
    _add_paragraph(issue_copy, TYPED, normalize=True)
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(issue_copy), "-o", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    changes = report["punctuation_normalized"]
    assert len(changes) == 11
    assert changes[0] == {"file": ARTICLE, "article": changes[0]["article"], "field": "body[0]",
                          "position": TYPED.index(",") + 1, "from": ",", "to": "，"}
    res = CliRunner().invoke(main, ["check", str(issue_copy), "--json"])
    assert not [f for f in json.loads(res.output)["findings"] if f["kind"] == "half_width_punctuation"]
    import pdfplumber

    with pdfplumber.open(out / "A01.pdf") as pdf:
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert "“乡村”（test）也参加了；大家问：效果如何？有人说‘很好’！" in text


def test_option_off_by_default_changes_nothing(issue_copy, tmp_path):
    _add_paragraph(issue_copy, TYPED)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["build", str(issue_copy), "-o", str(out)]).exit_code == 0
    assert json.loads((out / "build.json").read_text(encoding="utf-8"))["punctuation_normalized"] == []
