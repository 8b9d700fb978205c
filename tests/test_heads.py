"""Issue 8: heads broken by words and phrases at the sizes the engine picks.

Each head is fitted by the makeup floor's fit_head (the engine's own size
choice) on the broadsheet grid at spans 1-4 with the largest size a story of
that span may take (heads.SPAN_MAX) and, for span 4, the lead story's 初号; the lines it returns are checked against the word boundaries
given here by hand (not by the segmenter under test).
"""

from __future__ import annotations

import pytest

from layout.makeup.context import SetContext
from layout.makeup.heads import LEAD_MAX, SPAN_MAX, fit_head
from layout.model.grid import PRESETS
from layout.model.issue import House
from layout.text.fonts import FontSet
from layout.text.heads import break_head
from layout.text.styles import style_for

GRID = PRESETS["broadsheet"]

#: Heads with their words marked by "/" (the places a break may fall);
#: a break anywhere else splits a word.
HEADS = [
    "前两月/我市/空气质量/优良率/达/93.2%",
    "衡阳市/召开/2020年/全市/经济/工作/会议",
    "全市/上下/齐心协力/打赢/脱贫攻坚战",
    "省/委/书记/深入/基层/调研/乡村振兴/工作",
    "我市/新增/绿地/5km²/湖面/约/3.5km²",
    "湘江/北/去/，/橘子洲头/游人/如织",
    "前三季度/全省/规模/以上/工业/增加值/增长/6.1%",
    "冬季/供暖/保障/工作/部署/会/召开",
]


@pytest.fixture(scope="module")
def ctx():
    return SetContext(GRID, FontSet.load(), House(), "T1")


def allowed(marked: str) -> set[int]:
    """Character offsets where a break may fall (between words)."""
    out, pos = set(), 0
    for w in marked.split("/")[:-1]:
        pos += len(w)
        out.add(pos)
    return out


@pytest.mark.parametrize("marked", HEADS)
@pytest.mark.parametrize("span", [1, 2, 3, 4])
def test_heads_break_between_words(ctx, marked, span):
    text = marked.replace("/", "")
    width = GRID.span_width(span)
    for largest in {SPAN_MAX[span], LEAD_MAX if span == 4 else SPAN_MAX[span]}:
        size, lines = fit_head(ctx, text, "headline", width, 2, largest)
        texts = [ln.text for ln in lines]
        assert "".join(texts) == text, texts
        assert all(ln.width <= width + 0.01 for ln in lines), (size, texts)
        assert len(lines) <= 2 or size == min(SPAN_MAX.values()) - 4, (size, texts)  # overflow only at 小四
        ends = [len("".join(texts[:k + 1])) for k in range(len(texts) - 1)]
        assert all(e in allowed(marked) for e in ends), (span, size, texts)
        assert min(len(t) for t in texts) >= 2, texts  # never one character alone


def test_the_issue_head_at_spans_1_to_4(ctx):
    text = "前两月我市空气质量优良率达93.2%"
    for span in (1, 2, 3, 4):
        size, lines = fit_head(ctx, text, "headline", GRID.span_width(span), 2, SPAN_MAX[span])
        first = lines[0].text
        assert first in ("前两月我市空气质量", "前两月我市", text), (span, size, first)
        if len(lines) == 2:
            assert "空气质量" in first or "空气质量" in lines[1].text


def test_typed_spaces_and_line_breaks_are_honoured():
    fonts = FontSet.load()
    # a typed space is the break, even where another would be more even
    assert break_head("衡阳市召开 2020年全市经济工作会议", "headline", fonts, style_for("headline", None, 36, 450), 2) == \
        ["衡阳市召开", "2020年全市经济工作会议"]
    # the editor's own line breaks, kept as typed
    assert break_head("冬季供暖\n保障工作部署会召开", "headline", fonts, style_for("headline", None, 36, 1000), 2) == ["冬季供暖", "保障工作部署会召开"]
    # one line when it fits
    assert break_head("冬季供暖", "headline", fonts, style_for("headline", None, 36, 1000), 2) == ["冬季供暖"]
    # nothing fits: None (the caller tries a smaller size)
    assert break_head("前两月我市空气质量优良率达93.2%", "headline", fonts, style_for("headline", None, 42, 120), 2) is None


def test_three_lines_are_even_and_never_a_lone_character():
    fonts = FontSet.load()
    parts = break_head("全市上下齐心协力打赢脱贫攻坚战夺取全面建成小康社会伟大胜利", "headline", fonts, style_for("headline", None, 26, 270), 3)
    assert parts is not None and len(parts) == 3, parts
    assert "".join(parts) == "全市上下齐心协力打赢脱贫攻坚战夺取全面建成小康社会伟大胜利"
    assert all(len(p) >= 2 for p in parts)
    assert max(map(len, parts)) - min(map(len, parts)) <= 4, parts


@pytest.mark.parametrize("text", ["岚湾马拉松3万人开跑", "鹭川机场6月起新开3条国际航线", "全市新增充电桩1200个覆盖90%社区"])
@pytest.mark.parametrize("size", [12.0, 16.0, 21.0])
def test_a_number_in_figures_stays_with_its_unit(text, size):
    """A head never breaks between a number in figures and the measure word
    or unit after it (3 / 万人, 3 / 条), even where the segmenter tags the
    unit a noun or runs it into the next word; at every width from 4 to 12
    characters that gives two lines."""
    fonts = FontSet.load()
    seen = 0
    for chars in range(4, 13):
        parts = break_head(text, "headline", fonts, style_for("headline", None, size, chars * size), 2)
        if not parts or len(parts) < 2:
            continue
        seen += 1
        assert "".join(parts) == text
        for a, b in zip(parts, parts[1:]):
            assert not (a[-1:].isdigit() and "\u4e00" <= b[:1] <= "\u9fff"), parts
    assert seen


@pytest.mark.parametrize("text,number", [
    ("全市三千人参加义务植树", "三千人"), ("数万人涌入新开的滨江公园", "数万人"), ("上万人观看无人机表演", "上万人"),
    ("1万余人参加城市马拉松", "1万余人"), ("3万多人报名夜校课程", "3万多人"), ("五百人到场观看首演", "五百人"),
    ("港口新到3.5万吨粮食", "3.5万吨"),
])
def test_no_break_inside_a_number_and_its_unit(text, number):
    """The same kind as 3万人, whatever the number is written in: Chinese
    numerals, approximations (数万, 上万) and 余/多 after it. No break the
    head may take falls inside the number with its unit."""
    from layout.text.heads import break_penalties

    start = text.index(number)
    inside = set(range(start + 1, start + len(number)))
    assert not inside & set(break_penalties(text)), (text, sorted(inside & set(break_penalties(text))))
