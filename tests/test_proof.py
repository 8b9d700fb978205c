"""Print proofs (--proof), read back: boxes, marks outside the trim, grey
only, fonts embedded, PDF/X-1a output intent, determinism."""

from __future__ import annotations

import re

import pdfplumber
import pikepdf
import pypdf
import pytest

from conftest import SAMPLE

PT_MM = 72 / 25.4


@pytest.fixture(scope="module")
def proof(tmp_path_factory):
    from layout.publish.build import build

    out = tmp_path_factory.mktemp("proof")
    build(SAMPLE, out, proof=True)
    return out / "A01.pdf"


def box(page, name):
    return [float(v) for v in page[name]]


def test_trim_inside_bleed_inside_media(proof):
    page = pypdf.PdfReader(proof).pages[0]
    trim, bleed, media = box(page, "/TrimBox"), box(page, "/BleedBox"), box(page, "/MediaBox")
    assert (trim[2] - trim[0]) / PT_MM == pytest.approx(390, abs=0.01)
    assert (trim[3] - trim[1]) / PT_MM == pytest.approx(545, abs=0.01)
    assert trim[0] - bleed[0] == pytest.approx(3 * PT_MM, abs=0.01)
    assert bleed[3] - trim[3] == pytest.approx(3 * PT_MM, abs=0.01)
    assert media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]


def test_marks_and_slug_outside_the_trim(proof):
    page = pypdf.PdfReader(proof).pages[0]
    x0, y0, x1, y1 = box(page, "/TrimBox")
    with pdfplumber.open(proof) as pdf:
        p = pdf.pages[0]
        height = float(p.height)
        lines = p.lines
        curves = p.curves
        chars = p.chars
    inside = lambda x, y: x0 < x < x1 and y0 < y < y1
    # the crop marks: short lines that stop at the bleed, all outside the trim
    marks = [ln for ln in lines if abs(ln["linewidth"] - 0.25) < 0.01]
    assert len(marks) >= 8 + 8  # 8 crop marks, 4 registration crosses
    for ln in marks:
        assert not inside((ln["x0"] + ln["x1"]) / 2, height - (ln["top"] + ln["bottom"]) / 2)
    assert len(curves) >= 4  # registration circles
    slug = "".join(c["text"] for c in chars if c["matrix"][5] < y0)
    assert "衡阳日报" in slug and "第A01版" in slug and re.search(r"sha256[0-9a-f]{16}", slug.replace(" ", ""))
    assert "2020-12-21T00:00:00Z" in slug.replace(" ", "")


def test_grey_only_no_rgb_no_transparency(proof):
    with pikepdf.open(proof) as pdf:
        for page in pdf.pages:
            for op in pikepdf.parse_content_stream(page):
                assert str(op.operator) not in ("rg", "RG", "k", "K", "sc", "scn", "SC", "SCN", "gs"), op
            for img in page.get_images().values():
                assert img.ColorSpace == pikepdf.Name.DeviceGray
                assert "/SMask" not in img and "/Mask" not in img
            assert "/Group" not in page


def test_fonts_embedded_and_pdfx_intent(proof):
    with pikepdf.open(proof) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "IFRA26"
        assert str(pdf.trailer.Info.GTS_PDFXVersion) == "PDF/X-1:2003"
        for font in pdf.pages[0].Resources.Font.values():
            assert "/FontFile2" in font.FontDescriptor


def test_proof_is_deterministic(proof, tmp_path):
    from layout.publish.build import build

    build(SAMPLE, tmp_path, proof=True)
    assert (tmp_path / "A01.pdf").read_bytes() == proof.read_bytes()


def test_slug_time_from_source_date_epoch(tmp_path, monkeypatch):
    from layout.publish.build import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1608600000")
    build(SAMPLE, tmp_path, proof=True)
    with pdfplumber.open(tmp_path / "A01.pdf") as pdf:
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert "2020-12-22T01:20:00Z" in text
