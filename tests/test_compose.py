"""The composer on its own: widths in em of a stand-in face (Han 1 em, Latin
1/2 em), so every expected position can be worked out by hand."""

from __future__ import annotations

import pytest

from fakemetrics import FakeMetrics
from layout.text import chars as C
from layout.text.compose import ComposeStyle, compose

M = FakeMetrics()


def lines_of(text, measure_em, **kw):
    style = ComposeStyle(size=10.0, measure=measure_em * 10.0, **kw)
    return compose([(text, "body")], M, style)


def ink_right(line):
    g = line.glyphs[-1]
    return g.x + (5.0 if g.ch in C.CLOSING | C.STOPS else M.advance(g.ch, "body") * 10)


def texts(lines):
    return [ln.text for ln in lines]


def test_solid_han_lines_sit_on_the_grid():
    lines = lines_of("一二三四五六七八九十" * 3, 13, indent=2)
    assert texts(lines) == ["一二三四五六七八九十一", "二三四五六七八九十一二三四", "五六七八九十"]
    assert [g.x for g in lines[0].glyphs] == [20.0 + 10 * k for k in range(11)]
    assert [g.x for g in lines[1].glyphs] == [10.0 * k for k in range(13)]


def test_comma_never_starts_a_line_pushed_in():
    # 12 Han + ， : the comma is pushed in at 1/2 em (line-end mark), line still 13 em
    lines = lines_of("一二三四五六七八九十一二，三四五", 13, indent=0)
    assert lines[0].text == "一二三四五六七八九十一二，"
    assert ink_right(lines[0]) == pytest.approx(130.0, abs=1e-6)


def test_closing_quote_pushed_out_when_no_room():
    # 13 Han then ” 。: the two marks cannot be pushed in, so one Han goes down
    lines = lines_of("一二三四五六七八九十一二三”。四五六", 13, indent=0)
    assert lines[0].text == "一二三四五六七八九十一二"
    assert lines[1].text.startswith("三”。")
    assert ink_right(lines[0]) == pytest.approx(130.0, abs=1e-6)


def test_opening_mark_never_ends_a_line():
    lines = lines_of("一二三四五六七八九十一二“三四”五六", 13, indent=0)
    assert lines[0].glyphs[-1].ch != "“"
    assert lines[1].text.startswith("“")


def test_adjacent_marks_take_one_and_a_half_em():
    lines = lines_of("他说：“好。”我们走。", 30, indent=0)
    xs = [g.x for g in lines[0].glyphs]
    # ：“ : the colon loses its blank right half, so the pair takes 1.5 em
    assert xs[3] - xs[2] == pytest.approx(5.0)
    assert xs[4] - xs[2] == pytest.approx(15.0)
    # 。” : the full stop loses its blank half
    assert xs[6] - xs[5] == pytest.approx(5.0)
    assert xs[7] - xs[5] == pytest.approx(15.0)


def test_three_marks_take_two_em():
    lines = lines_of("甲。”）乙", 30, indent=0)
    xs = [g.x for g in lines[0].glyphs]
    assert xs[4] - xs[1] == pytest.approx(20.0)  # 。”） then 乙: 0.5 + 0.5 + 1 em


def test_line_end_stop_is_half_em_and_line_flush():
    lines = lines_of("一二三四五六七八九。十一二三四五六七八。", 10, indent=0)
    assert lines[0].text == "一二三四五六七八九。"
    assert ink_right(lines[0]) == pytest.approx(100.0, abs=1e-6)
    assert lines[0].adjust == pytest.approx(5.0)


def test_han_latin_quarter_em_and_numbers_unbroken():
    lines = lines_of("在2022年我们对全球25个城市进行了评估，测试了12.5%的样本。", 30, indent=0)
    g = {g.ch: g.x for g in lines[0].glyphs}
    # 在 (1 em) + 1/4 em + 2022 (4 x 1/2 em) + 1/4 em + 年
    assert g["年"] - g["在"] == pytest.approx(10 + 2.5 + 20 + 2.5)
    runs = ("12.5%", "CN43-0031", "2020-12-21")
    for width in range(6, 25):
        lines = lines_of("测试了12.5%的样本和CN43-0031号，以及2020-12-21的数据。", width)
        for a, b in zip(lines, lines[1:]):
            for run in runs:
                for k in range(1, len(run)):
                    assert not (a.text.endswith(run[:k]) and b.text.startswith(run[k:])), (width, a.text, b.text)


def test_typed_spaces_beside_han_become_quarter_em():
    lines = lines_of("在 2022 年，我们", 30, indent=0)
    assert "".join(g.ch for g in lines[0].glyphs) == "在2022年，我们"
    g = lines[0].glyphs
    assert g[1].x - g[0].x == pytest.approx(12.5)


def test_ellipsis_never_split_or_at_line_start_in_strict():
    for width in range(6, 20):
        lines = lines_of("他想了很久才开口……可是谁也没有回答。", width, level="strict")
        for a, b in zip(lines, lines[1:]):
            assert not (a.text.endswith("…") and b.text.startswith("…"))
            assert not b.text.startswith("…")


def test_last_line_never_a_single_character():
    for width in range(6, 25):
        for ln in lines_of("本书第一章讲的是排版的规则和方法，第二章讲的是版面设计。", width)[-1:]:
            body = [g for g in ln.glyphs if g.ch not in C.STOPS | C.CLOSING]
            assert len(body) >= 2, (width, ln.text)


@pytest.mark.parametrize("width", range(6, 25))
def test_width_sweep_invariants(width):
    text = "“衡阳发展工业园区既要有定力，又要抬头看路。”朱健指出，要把园区作为经济功能体（2020年），" \
           "聚焦园区发展“所愁”“所盼”……更好地审视、激活、赋能。"
    lines = lines_of(text, width)
    assert "".join(ln.text for ln in lines) == text
    for n, ln in enumerate(lines):
        assert ln.text[0] not in C.NO_START["basic"]
        assert ln.text[-1] not in C.NO_END
        if n < len(lines) - 1:
            assert ink_right(ln) == pytest.approx(width * 10.0, abs=0.5), ln.text


def test_a_last_line_set_with_compressed_marks_reports_its_set_width():
    """A paragraph's last line that fits only with a mark compressed (push
    in) is as wide as it is set, never wider than the measure: here the
    last line is 12 Han, a comma and a stop in a 13-em column, set with the
    comma and the stop at 1/2 em (it was reported 13.5 em wide)."""
    from layout.text.fonts import FontSet
    from layout.text.styles import style_for

    fs = FontSet.load()
    text = ("为减少对鹭川航道的影响，大桥钢箱梁全部在工厂分段制造，由运梁船运至桥位后垂直起吊。施工期间，"
            "海事部门设置临时航行警戒区，累计保障过往船舶通行3.1万艘次，未发生一起水上交通事故。")
    for ln in compose([(text, "body")], fs, style_for("body", None, 9.0, 117.0)):
        assert ln.width <= 117.0 + 1e-6, (ln.text, ln.width)
        right = max(g.x for g in ln.glyphs) + 9.0 * (0.5 if ln.glyphs[-1].ch in "。，" else 1.0)
        assert right <= 117.0 + 1e-6, ln.text
