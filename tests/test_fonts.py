"""Fonts by role: a user's CFF-outline face is converted once, cached by its
sha256, and embedded; coverage and fallback."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pypdf
import pytest
import yaml
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen

from conftest import ROOT
from layout.makeup.display import GlyphRun, PageList
from layout.model.errors import InputError
from layout.text.fonts import FontSet

CHARS = "衡阳日报"


def make_cff_face(path):
    """A tiny CFF-outline OpenType face: a square for each of CHARS."""
    names = [".notdef"] + [f"uni{ord(c):04X}" for c in CHARS]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in CHARS})
    strings = {}
    for n in names:
        pen = T2CharStringPen(1000, None)
        pen.moveTo((100, -100))
        pen.lineTo((900, -100))
        pen.lineTo((900, 800))
        pen.lineTo((100, 800))
        pen.closePath()
        strings[n] = pen.getCharString()
    fb.setupCFF("TestSong", {"FullName": "Test Song"}, strings, {})
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Test Song", "styleName": "Regular", "psName": "TestSong-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))


@pytest.fixture
def user_fonts(tmp_path, monkeypatch):
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    make_cff_face(tmp_path / "TestSong.otf")
    cfg = yaml.safe_load((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8"))
    for face in cfg["faces"].values():
        face["file"] = os.path.relpath(ROOT / "fonts" / face["file"], tmp_path)
    cfg["faces"]["mine"] = {"file": "TestSong.otf", "name": "Test Song"}
    cfg["roles"]["masthead"] = "mine"
    (tmp_path / "fonts.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return tmp_path / "fonts.yaml"


def test_cff_face_converted_once_and_cached(user_fonts, tmp_path):
    fs = FontSet.load(user_fonts)
    face = fs.faces["mine"]
    assert face.path != face.source and face.path.parent == tmp_path / "cache" / "fonts"
    assert face.path.name.startswith(face.sha256)
    assert face.path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType outlines
    mtime = face.path.stat().st_mtime_ns
    again = FontSet.load(user_fonts).faces["mine"]
    assert again.path == face.path and again.path.stat().st_mtime_ns == mtime
    # the masthead role draws 衡 with the user's face; 。 falls back to the body face
    assert fs.face_key("衡", "masthead") == "mine"
    assert fs.face_key("。", "masthead") == "song"
    assert fs.advance("衡", "masthead") == 1.0


def test_user_face_embedded_in_pdf(user_fonts, tmp_path):
    from layout.render.pdf import render_pdf

    fs = FontSet.load(user_fonts)
    page = PageList("T1", 300, 200, runs=[GlyphRun("mine", 40, 100, [20, 60, 100, 140], CHARS, "masthead")])
    out = tmp_path / "t.pdf"
    out.write_bytes(render_pdf([page], fs, title="t", author="t", subject="t", date=dt.date(2020, 12, 21)))
    reader = pypdf.PdfReader(out)
    fonts = {str(f.get_object()["/BaseFont"]): f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()}
    mine = next((f for n, f in fonts.items() if "TestSong" in n), None)
    assert mine is not None, list(fonts)
    desc = mine["/DescendantFonts"][0].get_object() if mine["/Subtype"] == "/Type0" else mine
    assert "/FontFile2" in desc["/FontDescriptor"].get_object()
    assert reader.pages[0].extract_text().replace(" ", "") == CHARS


def test_unknown_face_and_missing_file_refused(tmp_path):
    cfg = yaml.safe_load((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8"))
    for face in cfg["faces"].values():
        face["file"] = str(ROOT / "fonts" / face["file"])
    cfg["roles"]["body"] = "fangsong"
    (tmp_path / "fonts.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match=r"roles.body: expected one of the faces"):
        FontSet.load(tmp_path / "fonts.yaml")
    shutil.copy(ROOT / "fonts" / "fonts.yaml", tmp_path / "fonts.yaml")
    with pytest.raises(InputError, match=r"faces.song.file: expected an existing font file"):
        FontSet.load(tmp_path / "fonts.yaml")


def test_bundled_faces_cover_gbk_and_rare_characters():
    fs = FontSet.load()
    gbk = [chr(c) for c in range(0x4E00, 0x9FA6) if not chr(c).encode("gbk", "ignore") == b""]
    assert fs.missing("".join(gbk), "headline") == []
    assert fs.missing("生僻字：𡃁、𰻞𰻞面、䶮", "body") == []
    assert fs.missing("\U000F0000", "body") == ["\U000F0000"]


def test_two_configurations_in_one_process_keep_their_faces(user_fonts, tmp_path):
    """A role pointed at another file in a second fonts.yaml draws with that
    file, even after the first configuration was rendered in this process."""
    from layout.render.pdf import render_pdf

    bundled = FontSet.load()
    render_pdf([PageList("A", 200, 100, runs=[GlyphRun("song", 20, 10, [10], "衡", "body")])], bundled,
               title="t", author="t", subject="t", date=dt.date(2020, 12, 21))
    cfg = yaml.safe_load(user_fonts.read_text(encoding="utf-8"))
    cfg["faces"]["song"] = {"file": "TestSong.otf", "name": "Test Song"}
    (tmp_path / "other.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    other = FontSet.load(tmp_path / "other.yaml")
    data = render_pdf([PageList("B", 200, 100, runs=[GlyphRun("song", 20, 10, [10], "衡", "body")])], other,
                      title="t", author="t", subject="t", date=dt.date(2020, 12, 21))
    (tmp_path / "b.pdf").write_bytes(data)
    names = [str(f.get_object()["/BaseFont"]) for f in
             pypdf.PdfReader(tmp_path / "b.pdf").pages[0]["/Resources"]["/Font"].values()]
    assert any("TestSong" in n for n in names), names
