"""Issue 8: the tailored UAX #14 classes at every measure from 6 to 24.

Each paragraph of the issue (and more of the same kinds, written for these
tests) is composed in-process at every measure and its lines checked: no
break inside a numeric expression with its prefix or postfix sign, a
superscript or a ratio; no closing quote at a line start nor an opening one
at a line end; U+3000 kept one em wide and a padded name never split. A
table test sets one character of each UAX #14 class at a line boundary at
every measure and holds the composer to the tailored rule.
"""

from __future__ import annotations

import unicodedata

import pytest

from layout.text import breaks as B
from layout.text.compose import ComposeStyle, compose
from layout.text.fonts import FontSet

SIZE = 9.0
MEASURES = range(6, 25)


@pytest.fixture(scope="module")
def fonts():
    return FontSet.load()


def setp(fonts, text, measure, **kw):
    return compose([(text, "body")], fonts, ComposeStyle(size=SIZE, measure=measure * SIZE, **kw))


def joined(lines) -> str:
    return "|".join(ln.text for ln in lines)


def never_split(fonts, text, units, measures=MEASURES, **kw):
    """Set ``text`` at every measure: each unit appears whole on one line,
    the text is kept (whitespace aside), and no line starts with a mark that
    may not start one or ends with one that may not end one."""
    for m in measures:
        lines = setp(fonts, text, m, **kw)
        got = "".join(ln.text for ln in lines)
        assert "".join(got.split()) == "".join(text.split()), (m, joined(lines))
        for u in units:
            count = text.count(u)
            assert sum(ln.text.count(u) for ln in lines) == count, (m, u, joined(lines))
        for ln in lines:
            t = ln.text.strip()
            assert B.may_start(t[0], kw.get("level", "basic")), (m, joined(lines))
            assert B.may_end(t[-1]), (m, joined(lines))
    return True


PREFIX = "气温从-5℃升到12℃，湿度为85%，误差为±0.5，售价为¥1280，另付￥2500和$1000及€300，税率为3‰，角度为45°。"


def test_prefix_and_postfix_signs_stay_with_their_numbers(fonts):
    units = ["-5℃", "12℃", "85%", "±0.5", "¥1280", "￥2500", "$1000", "€300", "3‰", "45°"]
    never_split(fonts, PREFIX, units)


def test_fullwidth_yen_takes_no_quarter_em_before_its_digits(fonts):
    [ln] = setp(fonts, "另付￥2500元", 30, indent=0)
    g = {x.ch: x for x in ln.glyphs}
    yen = next(x for x in ln.glyphs if x.ch == "￥")
    two = ln.glyphs[ln.glyphs.index(yen) + 1]
    assert abs(two.x - (yen.x + fonts.advance("￥", "body") * SIZE)) < 1e-6
    # and none after 付 either: ￥ is full width
    fu = g["付"]
    assert abs(yen.x - (fu.x + SIZE)) < 1e-6


def test_other_prefix_and_postfix_signs(fonts):
    text = "甲乙丙丁戊己庚辛壬癸售价£45，报价₹300，编号№12，增长了12％，误差±3‰，温度为-18℉，东经112°30′15″，再加上﹩8和＄９的手续费。"
    never_split(fonts, text, ["£45", "₹300", "№12", "12％", "±3‰", "-18℉", "112°30′15″", "﹩8", "＄９"])


def test_superscripts_stay_with_their_units(fonts):
    never_split(fonts, "新增绿地5km²，湖面约3.5km²。", ["5km²", "3.5km²"])
    never_split(fonts, "体积约为12m³，误差在10⁻³以内，面积达2.5万km²左右的区域。", ["12m³", "10⁻³", "km²"])


def test_ratio_sign_breaks_on_neither_side(fonts):
    never_split(fonts, "比赛结果为3∶1，主队以2∶0领先半场", ["3∶1", "2∶0"])
    never_split(fonts, "按照1∶50000的比例尺绘制，面积扩大了3×4倍，两队比分为12∶10。", ["1∶50000", "3×4", "12∶10"])


QUOTES = "我能\"吞下\"玻璃而不伤身体，他也能'吞下'铁钉而不伤身体，大家都说\"这不可能\"。"


@pytest.mark.parametrize("text", [
    QUOTES,
    "记者问\"为什么\"，他说'不知道'，又补充\"明天再说\"。大家\"哈哈\"大笑起来了。",
    "他说:\"我们明天出发。\"然后\"转身\"离开，留下一句'再见'给大家听。",
])
def test_straight_quotes_pair_and_close_never_start_a_line(fonts, text):
    dirs = B.quote_directions(text)
    for q in "\"'":
        seq = [dirs[i] for i in sorted(dirs) if text[i] == q]
        assert seq == ["open", "close"] * (len(seq) // 2), (q, seq)
    for m in MEASURES:
        lines = setp(fonts, text, m)
        assert "".join("".join(ln.text for ln in lines).split()) == "".join(text.split())
        pos = 0
        for ln in lines:
            t = ln.text.strip()
            k = text.index(t[0], pos)
            assert dirs.get(k) != "close", (m, joined(lines))
            end = k + len("".join(t.split())) - 1
            while text[end] != t[-1]:
                end += 1
            assert dirs.get(end) != "open", (m, joined(lines))
            pos = end + 1


def test_quote_space_on_the_outer_side(fonts):
    [ln] = setp(fonts, "我能\"吞下\"玻璃", 30, indent=0)
    x = {i: g.x / SIZE for i, g in enumerate(ln.glyphs)}
    chars = [g.ch for g in ln.glyphs]
    o, c = chars.index("\""), len(chars) - 1 - chars[::-1].index("\"")
    q = fonts.advance("\"", "body")
    assert abs(x[o] - (x[o - 1] + 1 + 0.25)) < 1e-6  # 能 ¼ em "
    assert abs(x[o + 1] - (x[o] + q)) < 1e-6  # " 吞 touching
    assert abs(x[c] - (x[c - 1] + 1)) < 1e-6  # 下" touching
    assert abs(x[c + 1] - (x[c] + q + 0.25)) < 1e-6  # " ¼ em 玻


def test_ideographic_space_between_digits_is_one_em(fonts):
    text = "选手编号依次为1　2　3　4，第一章　春天的故事"
    for m in MEASURES:
        lines = setp(fonts, text, m)
        for ln in lines:
            gs = ln.glyphs
            for k, g in enumerate(gs):
                if g.ch == "\u3000":
                    assert 0 < k < len(gs) - 1, (m, joined(lines))  # never at a line's edge
                    # one em, plus at most the justification gap any two characters get
                    step = (gs[k + 1].x - g.x) / SIZE
                    assert 1 - 1e-6 <= step <= 1.25 + 1e-6, (m, joined(lines), step)
            assert "\u3000" not in (ln.text[:1] + ln.text[-1:])
        # a U+3000 is never turned into a word space: it is kept or dropped at an edge
        kept = sum(ln.text.count("\u3000") for ln in lines)
        edges = len(lines) - 1
        assert kept >= text.count("\u3000") - edges, (m, joined(lines))
        # the one before 春天 stays with it: never at the end of a line with 春 on the next
        assert not any(a.text.endswith("章") and b.text.startswith("春") for a, b in zip(lines, lines[1:])), m


@pytest.mark.parametrize("text,names", [
    ("本报记者李　明和通讯员赵　刚也到场采访", ["李　明", "赵　刚"]),
    ("参加会议的有王　瑶、陈　晨、欧阳娜娜和刘　洋等同志，会议由张　伟主持。", ["王　瑶", "陈　晨", "刘　洋", "张　伟"]),
])
def test_padded_names_never_split(fonts, text, names):
    never_split(fonts, text, names)


@pytest.mark.parametrize("level", ["loose", "basic", "strict"])
def test_issue_paragraphs_every_level(fonts, level):
    for text, units in ((PREFIX, ["$1000", "¥1280", "±0.5", "45°"]), (QUOTES, []),
                        ("新增绿地5km²，湖面约3.5km²。", ["5km²"]), ("比赛结果为3∶1，主队以2∶0领先半场", ["3∶1", "2∶0"]),
                        ("本报记者李　明和通讯员赵　刚也到场采访", ["李　明", "赵　刚"])):
        never_split(fonts, text, units, level=level)


# ---------------------------------------------------------------- the class table

#: One representative character per UAX #14 class (tailored where the table
#: says so), and what the tailored rule lets it do at a line boundary:
#: (may start a line, may end a line) at the basic level.
REPRESENTATIVES = {
    "OP": ("（", True, False),
    "CL": ("）", False, True),
    "CP": (")", False, True),
    "QU": ("“", True, False),  # tailored: “ opens
    "GL": ("\u00a0", True, True),
    "NS": ("々", False, True),
    "EX": ("！", False, True),
    "SY": ("/", True, True),
    "IS": (",", False, True),
    "PR": ("¥", True, False),
    "PO": ("℃", False, True),
    "NU": ("7", True, True),
    "AL": ("A", True, True),
    "HL": ("א", True, True),
    "ID": ("中", True, True),
    "IN": ("…", True, True),
    "HY": ("-", True, True),
    "BA": ("\u3000", True, True),
    "BB": ("´", True, True),
    "B2": ("—", True, True),
    "ZW": ("\u200b", True, True),
    "CM": ("\u0301", True, True),
    "WJ": ("\u2060", True, True),
    "H2": ("가", True, True),
    "H3": ("각", True, True),
    "JL": ("ᄀ", True, True),
    "JV": ("ᅡ", True, True),
    "JT": ("ᆨ", True, True),
    "RI": ("🇨", True, True),
    "EB": ("👍", True, True),
    "EM": ("🏻", True, True),
    "ZWJ": ("\u200d", True, True),
    "CB": ("\ufffc", True, True),
    "AI": ("∶", True, True),  # tailored RAT: between digits glued, alone like ID
    "CJ": ("ぁ", True, True),
    "SA": ("ก", True, True),
    "XX": ("\ue000", True, True),
    "AK": ("\u1b05", True, True),
    "AP": ("\U00011003", True, True),
    "AS": ("\u1b50", True, True),
    "VF": ("\u1bf2", True, True),
    "VI": ("\u1b44", True, True),
}
#: Classes with no representative: line feeds and spaces (the composer
#: turns them into word spaces) and surrogates (never in a Python str).
NOT_SET = {"BK", "CR", "LF", "NL", "SP", "SG"}


def test_every_uax14_class_is_covered():
    from uniseg.linebreak import LineBreak

    assert {c.name for c in LineBreak} == set(REPRESENTATIVES) | NOT_SET


def test_representatives_have_their_class():
    for cls, (ch, _, _) in REPRESENTATIVES.items():
        got = B.uax_class(ch)
        assert got == cls, (cls, ch, got)


def test_tailored_rule_for_each_class_at_every_measure(fonts):
    """Each representative set in Han text at every measure 6-24, placed
    at each position where the greedy fill would make it start or end a
    line: a character that may not start a line never does, one that may
    not end a line never does, and none is lost."""
    checked = 0
    for cls, (ch, may_start, may_end) in REPRESENTATIVES.items():
        assert B.may_start(ch, "basic") == may_start, (cls, ch)
        assert B.may_end(ch) == may_end, (cls, ch)
        if unicodedata.category(ch) in ("Mn", "Cf", "Zs") or cls in ("ZW", "WJ", "ZWJ", "GL", "CM", "EM", "VF", "VI"):
            continue  # attached or invisible: no glyph of its own at an edge
        for m in MEASURES:
            # put ch where a line boundary falls: after m-2 (first line, 2 em indent) or m characters
            for lead in (m - 2, m - 1, m):
                text = "天" * lead + ch + "地" * (m + 3)
                lines = setp(fonts, text, m)
                assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "").replace("\u00a0", ""), \
                    (cls, m, joined(lines))
                for a, b in zip(lines, lines[1:]):
                    at = b.text.strip()[:1]
                    end = a.text.strip()[-1:]
                    if at == ch:
                        assert may_start, (cls, m, joined(lines))
                    if end == ch:
                        assert may_end, (cls, m, joined(lines))
                checked += 1
    assert checked > 500


@pytest.mark.parametrize("byline", [
    "■本报记者 罗敏 通讯员 王小明 赵刚 实习生 李思思",
    "■本报记者 胡建军 罗敏 通讯员 徐昭桥 欧阳敏",
    "■本报记者 陈晨 通讯员 刘洋",
])
def test_padded_names_in_bylines_never_split(fonts, byline):
    from layout.model.grid import PRESETS
    from layout.model.issue import House
    from layout.text.bylines import byline_lines, pad_names
    from layout.text.styles import style_for

    padded = pad_names(byline)
    names = [w.lstrip("■") for w in padded.split(" ") if "\u3000" in w]
    assert names and all(len(n) == 3 for n in names)
    col = PRESETS["broadsheet"].column_width
    lines = byline_lines(padded, fonts, style_for("byline", House(), 9.0, col),
                         style_for("byline", House(), 9.0, col, indent=1))
    texts = [ln.text for ln in lines]
    assert "".join("".join(texts).split()) == "".join(padded.split()), texts
    for name in names:
        assert sum(t.count(name) for t in texts) == padded.count(name), (name, texts)
    assert all(ln.width <= PRESETS["broadsheet"].column_width + 0.01 for ln in lines), texts


def test_docs_table_is_the_code_table():
    """docs/linebreak-tailoring.md lists every row of breaks.TAILORING, with
    its classes, rule and source."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "linebreak-tailoring.md").read_text(encoding="utf-8")
    rows = [ln for ln in doc.splitlines() if ln.startswith("| ") and " | " in ln]
    for chars, uax, cls, rule, source in B.table_rows():
        assert any(f"| {uax} | {cls} | {rule} | {source} |" in r for r in rows), rule
        first = chars[0] if chars[0].isprintable() and not chars[0].isspace() else f"U+{ord(chars[0]):04X}"
        assert any(r.startswith("| " + first.replace("|", "\\|")) and rule in r for r in rows), rule
