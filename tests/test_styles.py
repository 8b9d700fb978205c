"""House options reach every role: one place builds composition styles (issue 14)."""

import re
from pathlib import Path

from layout.model.issue import House
from layout.text.compose import compose
from layout.text.styles import ROLE_RULES, style_for

from fakemetrics import FakeMetrics

ROOT = Path(__file__).resolve().parent.parent


def test_compose_style_built_in_one_place():
    """No module but layout/text/styles.py constructs a ComposeStyle."""
    offenders = []
    for path in sorted((ROOT / "layout").rglob("*.py")):
        if path.name == "styles.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bComposeStyle\(", line) and not line.lstrip().startswith("class "):
                offenders.append(f"{path.relative_to(ROOT)}:{n}")
    assert offenders == []


def test_house_options_reach_every_role():
    house = House(level="strict", open_at_start_half=True)
    for role in ROLE_RULES:
        st = style_for(role, house, 9.0, 117.0)
        assert (st.level, st.open_at_start_half) == ("strict", True), role


def test_open_mark_at_start_of_unindented_line_takes_half_em():
    """An opening mark starting a head line (no indent) loses its blank left
    half with open_at_start_half; an indented paragraph keeps its indent."""
    m = FakeMetrics()
    on = style_for("headline", House(open_at_start_half=True), 10.0, 200.0)
    off = style_for("headline", House(), 10.0, 200.0)
    assert compose([("“新闻”标题", "headline")], m, on)[0].glyphs[0].x == -5.0
    assert compose([("“新闻”标题", "headline")], m, off)[0].glyphs[0].x == 0.0
    body = style_for("body", House(open_at_start_half=True), 10.0, 200.0)
    assert compose([("“新闻”标题", "body")], m, body)[0].glyphs[0].x == 20.0
