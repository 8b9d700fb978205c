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
        im.resize((620, 419)).save(photo, quality=90)  # 620 px over 621 pt: 72 ppi
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
        im.resize((1500, 1015)).save(photo, quality=90)  # about 174 ppi
    res = run_cli("check", str(issue_copy), "--json")
    assert res.returncode == 0
    [low] = json.loads(res.stdout)["findings"]
    assert low["kind"] == "low_resolution" and low["severity"] == "warning" and 170 <= low["data"]["ppi"] <= 180


def test_bad_manifest_is_unusable_input(issue_copy):
    _edit(issue_copy / "articles/park-economy.yaml", "headline:", "headlin:")
    res = run_cli("check", str(issue_copy))
    assert res.returncode == 2 and "did you mean 'headline'" in res.stderr and "Traceback" not in res.stderr
