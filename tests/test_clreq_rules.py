"""The clreq rules on the bundled faces, one named case each (the corpus of
the composition issue), and copy-paste fidelity of the PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pdfplumber
import pypdf
import pytest

from layout.text.compose import ComposeStyle, compose
from layout.makeup.display import PageList
from layout.text.fonts import FontSet
from layout.makeup.runs import line_runs
from layout.render.pdf import render_pdf

SIZE = 10.0


@pytest.fixture(scope="module")
def fonts():
    return FontSet.load()


def setp(fonts, text, measure, **kw):
    kw.setdefault("indent", 0)
    return compose([(text, "body")], fonts, ComposeStyle(size=SIZE, measure=measure * SIZE, **kw))


def xs(line):
    return [g.x / SIZE for g in line.glyphs]


def test_bracketed_number_and_letters_break_alike(fonts):
    for measure in range(6, 25):
        a = [len(ln.text) for ln in setp(fonts, "一二三四五六七（2020），八九十。", measure, indent=2)]
        b = [len(ln.text) for ln in setp(fonts, "一二三四五六七（abcd），八九十。", measure, indent=2)]
        assert a == b, measure


def test_ellipsis_never_split_nor_at_line_start_strict(fonts):
    for measure in range(6, 25):
        lines = setp(fonts, "他想了很久才开口……可是谁也没有回答。", measure, level="strict")
        assert all(not ln.text.startswith("…") for ln in lines)
        assert "……" in "|".join(ln.text for ln in lines)


def test_latin_word_never_split(fonts):
    for measure in range(6, 25):
        lines = setp(fonts, "index目录保存全部索引内容，搜索页面会读取它。", measure)
        assert any("index" in ln.text for ln in lines), measure


def test_typed_spaces_become_quarter_em(fonts):
    [line] = setp(fonts, "在 2022 年，我们对全球 25 个城市进行了评估。", 40)
    x = xs(line)
    w2022 = sum(fonts.advance(c, "body") for c in "2022")
    assert x[1] - x[0] == pytest.approx(1.25)  # 在, then 1/4 em
    assert x[5] - x[1] == pytest.approx(w2022 + 0.25)  # 2022, then 1/4 em before 年
    assert " " not in line.text


def test_adjacent_marks_take_one_and_a_half_em(fonts):
    [line] = setp(fonts, "书名是《围城》？是的！【甲】【乙】〖丙〗", 40)
    x = dict(enumerate(xs(line)))
    text = line.text
    for pair in ("》？", "！【", "】【", "】〖"):
        k = text.index(pair)
        assert x[k + 2] - x[k] == pytest.approx(1.5), pair


def test_line_end_stop_half_em_and_flush(fonts):
    lines = setp(fonts, "一二三四五六七八九。十一二三四五六七八。", 10)
    assert lines[0].text == "一二三四五六七八九。"
    g = lines[0].glyphs[-1]
    assert g.x / SIZE + 0.5 == pytest.approx(10.0)  # the 。 ink half ends at the edge
    assert lines[0].adjust == pytest.approx(0.5 * SIZE)


def test_opening_mark_at_line_start_half_em_option(fonts):
    lines = setp(fonts, "之后的文字排在这里《书名》", 9, open_at_start_half=True)
    assert lines[0].text == "之后的文字排在这里"
    start = lines[1]  # the paragraph's last line: set at natural width
    assert start.glyphs[1].x / SIZE == pytest.approx(0.5)  # 书 starts 1/2 em in
    # at a paragraph's start the indent stays 2 em and the mark keeps its width
    first = setp(fonts, "《书名》之后的文字排在这里。", 13, open_at_start_half=True, indent=2)[0]
    assert first.glyphs[1].x / SIZE == pytest.approx(3.0)


def test_digit_between_han_equal_gaps(fonts):
    for measure in range(6, 13):
        for ln in setp(fonts, "本书第1章讲的是排版规则。", measure, indent=2):
            if "1" in ln.text and not ln.text.endswith("1") and not ln.text.startswith("1"):
                k = ln.text.index("1")
                x = xs(ln)
                w1 = fonts.advance("1", "body")
                assert (x[k] - x[k - 1] - 1) == pytest.approx(x[k + 1] - x[k] - w1, abs=1e-6), measure


def test_latin_in_chinese_brackets(fonts):
    [line] = setp(fonts, "使用Scribus排版（PDF）文件", 40)
    x, t = xs(line), line.text
    adv = lambda s: sum(fonts.advance(c, "body") for c in s)
    assert x[t.index("S")] - x[t.index("用")] == pytest.approx(1.25)
    assert x[t.index("排")] - x[t.index("S")] == pytest.approx(adv("Scribus") + 0.25)
    assert x[t.index("P")] - x[t.index("（")] == pytest.approx(1.0)  # none at （|P
    assert x[t.index("）")] - x[t.index("F")] == pytest.approx(adv("F"))  # none at F|）


def test_typed_space_before_quote_dropped(fonts):
    text = "第2自然段写林， “林”的特点是颜色绿。"
    [line] = setp(fonts, text, 40)
    t, x = line.text, xs(line)
    assert " " not in t
    assert x[t.index("“")] - x[t.index("，")] == pytest.approx(0.5)  # ，“ takes 1.5 em
    for measure in range(6, 25):
        lines = setp(fonts, text, measure, indent=2)
        assert all(not ln.text.startswith(("，", "“ ")) for ln in lines)
        # never a stretched line for the space: the line holding ，“ is not loose
        for ln in lines[:-1]:
            if "，“" in ln.text:
                assert ln.adjust <= 0.5 * SIZE * max(1, len(ln.text) - 1) / 4


def test_english_quotes_proportional_chinese_full_width(fonts):
    [line] = setp(fonts, 'He said "hello" and left. 他说“你好”。', 40)
    assert fonts.advance('"', "body") < 0.5
    assert fonts.advance("“", "body") == 1.0
    g = {p.ch: p for p in line.glyphs}
    assert g["“"].face == "song" and g["”"].face == "song"
    # in the kai role the quotes come from a face that draws them an em wide
    assert fonts.advance("“", "caption") == 1.0


def extracted(fonts, tmp_path, text):
    """Set ``text`` on one line, write a PDF, and read it back both ways."""
    [line] = setp(fonts, text, 60)
    page = PageList("T", 700, 100, runs=line_runs(line, 20, 50, SIZE, fonts))
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(render_pdf([page], fonts, title="t", author="t", subject="t", date=dt.date(2020, 1, 1)))
    with pdfplumber.open(pdf) as doc:
        plumber = "".join(c["text"] for c in doc.pages[0].chars)
    return plumber, pypdf.PdfReader(pdf).pages[0].extract_text()


def test_copy_paste_unified_ideographs(fonts, tmp_path):
    plumber, pdftext = extracted(fonts, tmp_path, "力量金見")
    assert [f"U+{ord(c):04X}" for c in plumber] == ["U+529B", "U+91CF", "U+91D1", "U+898B"]
    assert pdftext.replace(" ", "") == "力量金見"


def test_copy_paste_rare_and_supplementary(fonts, tmp_path):
    text = "生僻字：𡃁、𰻞𰻞面、䶮"
    assert fonts.missing(text) == []
    plumber, pdftext = extracted(fonts, tmp_path, text)
    assert plumber == text
    assert pdftext.replace(" ", "") == text
    assert "\U00030EDE" in plumber  # 𰻞, a supplementary-plane character


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_copy_paste_with_pdftotext(fonts, tmp_path):
    text = "生僻字：𡃁、𰻞𰻞面、䶮，力量金見"
    extracted(fonts, tmp_path, text)
    out = subprocess.run(["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True).stdout
    assert out.strip().replace(" ", "") == text


def test_to_unicode_entries_are_utf16(fonts, tmp_path):
    import re

    extracted(fonts, tmp_path, "𰻞𡃁")
    reader = pypdf.PdfReader(tmp_path / "t.pdf")
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        cmap = ref.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
        entries = "".join(re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S))
        assert entries
        for dst in re.findall(r"<[0-9A-F]{2}> <([0-9A-F]+)>", entries):
            assert len(dst) % 4 == 0 and "0000" != dst


def test_variation_selector_not_reported_nor_drawn(fonts, tmp_path):
    # 葛 with an ideographic variation selector: the selector has no glyph of
    # its own; it is neither a missing character nor a crossed box. The page
    # text keeps it (issue 8), and as the face lists no such sequence, the
    # line reports it drawn as its base character
    [line] = setp(fonts, "诸葛\U000E0100亮", 20)
    assert line.missing == []
    assert line.sequences == ["葛\U000E0100"]
    plumber, _ = extracted(fonts, tmp_path, "诸葛\U000E0100亮")
    assert plumber == "诸葛\U000E0100亮"
    with pdfplumber.open(tmp_path / "t.pdf") as doc:
        assert doc.pages[0].rects == []
