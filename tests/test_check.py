"""broadsheet check: the preflight report production staff read."""

from __future__ import annotations

import json

from PIL import Image

from test_manifest_and_cli import _edit, run_cli
from conftest import SAMPLE


def test_sample_issue_is_clean():
    res = run_cli("check", str(SAMPLE))
    assert res.returncode == 0, res.stdout
    assert "no findings" in res.stdout
    data = json.loads(run_cli("check", str(SAMPLE), "--json").stdout)
    assert data["errors"] == 0 and data["warnings"] == 0


def test_overset_low_resolution_and_missing_glyph_all_reported(issue_copy):
    _edit(issue_copy / "pages/A01.yaml", "row: 66, height: 24}", "row: 66, height: 16}")
    photo = issue_copy.parent.parent / "assets" / "photo-news.jpg"
    with Image.open(photo) as im:
        # 620 px over 621 pt: 72 ppi; it does not grow into the block's two
        # spare lines, as growing (cropped at the sides) would lower it more
        # (blocks.photo_growth stops at 200 ppi)
        im.resize((620, 419)).save(photo, quality=90)
    _edit(issue_copy / "articles/law-enforcement-contest.yaml", "近日，历时3天", "近日\U000F0001，历时3天")
    res = run_cli("check", str(issue_copy), "--json")
    assert res.returncode == 1
    data = json.loads(res.stdout)
    kinds = {(f["kind"], f["severity"], f["article"]) for f in data["findings"]}
    assert ("overset", "error", "party-building-case") in kinds
    assert ("low_resolution", "error", "craft-market-photo") in kinds
    assert ("missing_glyph", "error", "law-enforcement-contest") in kinds
    low = next(f for f in data["findings"] if f["kind"] == "low_resolution")
    assert low["data"]["ppi"] == 72
    over = next(f for f in data["findings"] if f["kind"] == "overset")
    assert over["data"]["lines"] > 0 and over["data"]["chars"] > 0
    table = run_cli("check", str(issue_copy))
    assert table.returncode == 1
    assert "ERROR" in table.stdout and "72 ppi" in table.stdout and "U+F0001" in table.stdout


def test_warning_band_for_photos_between_150_and_200_ppi(issue_copy):
    photo = issue_copy.parent.parent / "assets" / "photo-news.jpg"
    with Image.open(photo) as im:
        im.resize((1500, 1015)).save(photo, quality=90)  # about 174 ppi; it does not grow below it
    res = run_cli("check", str(issue_copy), "--json")
    assert res.returncode == 0
    [low] = json.loads(res.stdout)["findings"]
    # 1500 pixels across the photo-news block's 5 columns (621 pt)
    assert low["kind"] == "low_resolution" and low["severity"] == "warning" and \
        low["data"]["ppi"] == round(1500 / (621 / 72))


def test_bad_manifest_is_unusable_input(issue_copy):
    _edit(issue_copy / "articles/park-economy.yaml", "headline:", "headlin:")
    res = run_cli("check", str(issue_copy))
    assert res.returncode == 2 and "did you mean 'headline'" in res.stderr and "Traceback" not in res.stderr


def test_a_hanging_latin_full_stop_is_not_an_overflow():
    """A Latin full stop that ends a line hangs into the gutter by design
    (hanging punctuation): its ink may pass the edge by up to its advance;
    the same line pushed 3 pt right overflows."""
    from dataclasses import replace

    from layout.text.compose import compose
    from layout.text.fonts import FontSet
    from layout.text.ink import ink_overflow
    from layout.text.styles import style_for

    fonts = FontSet.load()
    text = "市民可下载“鹭川通”，或登录www.luchuan.example/app办理，网上办理事项共计168项。"
    lines = compose([(text, "body")], fonts, style_for("body", None, 9.0, 117.0))
    hung = [ln for ln in lines[:-1] if ln.glyphs[-1].ch == "."]
    assert hung, [ln.text for ln in lines]
    for ln in hung:
        assert ln.glyphs[-1].x + fonts.advance(".", "body") * 9.0 > 117.0  # it does hang past the measure
        assert ink_overflow(ln, 117.0, 9.0, fonts) == 0.0
        pushed = replace(ln, glyphs=[replace(g, x=g.x + 3.0) for g in ln.glyphs])
        assert ink_overflow(pushed, 117.0, 9.0, fonts) > 1.0
