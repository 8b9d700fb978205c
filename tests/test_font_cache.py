"""The font caches (issue 12) hold what a full parse gives:

- the PDF writer's face state read quickly (layout.render.fontcache.quick_state)
  equals ReportLab's own full parse of the same face, for a face with a
  format 4 character map and one with format 12;
- a face made from the cache answers every lookup and writes every subset
  as ReportLab's parsed face does, byte for byte;
- the composer's face data read with plain glyph names and lazily read
  outlines equals fontTools' reading with the face's own names and whole
  glyf table;
- the line-break classes read from the cached table equal uniseg's.
"""

from __future__ import annotations

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from conftest import ROOT
from layout.render.fontcache import CachedFace, face_state, quick_state

FONTS = ROOT / "fonts"


@pytest.mark.parametrize("name", ["NotoSansSC-Bold.ttf", "NotoSerifSC-Regular.ttf"])
def test_quick_state_is_reportlabs_parse(name):
    path = str(FONTS / name)
    full = face_state(TTFont("t", path).face)
    quick = quick_state(path)
    assert quick is not None
    assert quick["attrs"] == full["attrs"]
    for key in full:
        if key != "attrs":
            assert quick[key] == full[key], key


def test_cached_face_answers_like_the_parsed_face():
    path = str(FONTS / "NotoSansSC-Bold.ttf")
    parsed = TTFont("t", path).face
    cached = CachedFace(path, quick_state(path))
    codes = [0x20, 0xA0, 0x41, 0x3000, 0x4E2D, 0x6587, 0xFF0C, 0x20000, 0x10FFFF, 0xFFFF]
    for cp in codes:
        assert (cp in cached.charToGlyph) == (cp in parsed.charToGlyph), hex(cp)
        assert cached.charToGlyph.get(cp) == parsed.charToGlyph.get(cp), hex(cp)
        assert cached.charWidths.get(cp, -1) == parsed.charWidths.get(cp, -1), hex(cp)
        assert cached.getCharWidth(cp) == parsed.getCharWidth(cp)
    assert len(cached.charToGlyph) == len(parsed.charToGlyph)
    for gid in (0, 1, 100, parsed.numGlyphs - 1):
        assert cached.hmetrics[gid] == parsed.hmetrics[gid]
        assert cached.glyphPos[gid] == parsed.glyphPos[gid]
    assert cached.defaultWidth == parsed.defaultWidth and cached.name == parsed.name
    subset = [0, 32] + [ord(c) for c in "衡阳日报，。“”（）ABC123"]
    assert cached.makeSubset(subset) == parsed.makeSubset(subset)
    # an entry added later (a variation sequence's private code point) is kept
    cached.charToGlyph[0xF0000] = 5
    assert cached.charToGlyph[0xF0000] == 5 and 0xF0000 in cached.charToGlyph


def test_composer_metrics_as_fonttools_reads_them(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont as FTFont

    from layout.text import chars as C
    from layout.text.fonts import _metrics

    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path))
    path = FONTS / "LXGWWenKai-Regular.ttf"
    adv, upem, ink, fs_type, bounds, uvs, weight = _metrics(path, 0, "test")
    font = FTFont(str(path), lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    assert dict(adv.items()) == {cp: hmtx[g][0] for cp, g in cmap.items()}
    assert upem == font["head"].unitsPerEm and weight == font["OS/2"].usWeightClass
    assert fs_type == font["OS/2"].fsType and bounds
    glyf = font["glyf"]
    for ch in sorted(C.OPENING | C.CLOSING | C.STOPS | C.MIDDLE):
        if ord(ch) not in cmap:
            continue
        g, a = glyf[cmap[ord(ch)]], hmtx[cmap[ord(ch)]][0]
        g.recalcBounds(glyf)
        side = "left" if g.xMax <= 0.55 * a else "right" if g.xMin >= 0.45 * a else "center"
        assert ink[ord(ch)] == side, ch
    # and again from the cache file (written by the first call), the same
    assert any((tmp_path / "metrics").iterdir())
    assert _metrics(path, 0, "test")[2] == ink


def test_line_break_table_is_uniseg():
    from uniseg.linebreak import line_break

    from layout.text.breaks import _load_table

    table = _load_table()
    assert table is not None
    for cp in [*range(0, 0x10000, 7), *range(0x20000, 0x20100), 0xE0001, 0x10FFFF]:
        assert table(chr(cp)) == str(line_break(chr(cp))), hex(cp)


def test_cached_widths_are_a_dict_for_reportlabs_accelerator():
    """rl_accel (ReportLab's C accelerator) reads ``face.charWidths`` with
    the dict API: a cached face's map is a dict holding every character the
    renderer has measured, so ReportLab's own stringWidth agrees with the
    parsed face (it raised "charWidths is not a dict" before)."""
    import pickle

    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    from layout.render.fontcache import _make_font

    path = str(FONTS / "NotoSerifSC-Regular.ttf")
    parsed = RLFont("parsed", path)
    cached = _make_font("cached", CachedFace(path, quick_state(path)))
    widths = cached.face.charWidths
    assert isinstance(widths, dict)
    text = "鹭川晚报讯（记者 林小雨）2024年5月20日，ABC—“样张”。"
    for ch in text:
        widths.get(ord(ch))  # the renderer measures each character first
    assert cached.stringWidth(text, 9) == parsed.stringWidth(text, 9)
    assert dict.get(widths, ord("鹭")) == parsed.face.charWidths[ord("鹭")]
    assert 0x10FFFF not in widths and dict.get(widths, 0x10FFFF) is None
    widths[0xF0001] = 1000
    back = pickle.loads(pickle.dumps(widths))
    assert back[0xF0001] == 1000 and back.get(ord("鹭")) == widths[ord("鹭")] and len(back) == len(widths)
