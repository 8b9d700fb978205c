"""The whole-issue PDF assembled from the page PDFs (issue 12,
layout/render/assemble.py): the same pages, text and pixels as the page
PDFs, every font subset tag unique in the file (PDF 32000-1 9.6.4), a
valid file (qpdf finds no problem), deterministic."""

from __future__ import annotations

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest

from layout.render.assemble import assemble_pdf
from multipage import make_multipage_issue


@pytest.fixture(scope="module")
def three_pages(tmp_path_factory):
    from layout.publish.build import build

    tmp = tmp_path_factory.mktemp("asm")
    issue = make_multipage_issue(tmp, "2020-12-22")
    out = tmp / "out"
    build(issue, out)
    proof = tmp / "proof"
    build(issue, proof, proof=True)
    return out, proof


def _pixels(pdf: str, index: int) -> bytes:
    doc = pdfium.PdfDocument(pdf)
    return doc[index].render(scale=0.25).to_pil().tobytes()


@pytest.mark.parametrize("kind", ["print", "proof"])
def test_issue_pdf_is_its_pages(three_pages, kind):
    out = three_pages[0] if kind == "print" else three_pages[1]
    whole = out / "2020-12-22.pdf"
    reader = pypdf.PdfReader(whole)
    assert len(reader.pages) == 3
    for k, pid in enumerate(["A01", "A02", "A03"]):
        page = pypdf.PdfReader(out / f"{pid}.pdf").pages[0]
        assert reader.pages[k].extract_text() == page.extract_text()
        assert reader.pages[k].mediabox == page.mediabox and reader.pages[k].trimbox == page.trimbox
        assert _pixels(str(whole), k) == _pixels(str(out / f"{pid}.pdf"), 0)
    with pikepdf.open(whole) as pdf:
        assert list(pdf.check_pdf_syntax()) == []
        names = []
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert font.BaseFont == font.FontDescriptor.FontName
                names.append(str(font.BaseFont))
        assert len(names) == len(set(names)) > 6  # a subset tag per subset of a face
        assert all(n[7] == "+" and n[1:7].isupper() for n in names)
        assert str(pdf.docinfo.Title) == "衡阳日报 2020-12-22"
        if kind == "proof":
            assert "/OutputIntents" in pdf.Root and str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1:2003"


def test_assembly_deterministic_and_photos_once(three_pages):
    out = three_pages[0]
    parts = [(out / f"{pid}.pdf").read_bytes() for pid in ("A01", "A02", "A03")]
    a = assemble_pdf(parts, title="t", subject="s")
    assert a == assemble_pdf(parts, title="t", subject="s")
    assert a != assemble_pdf(parts, title="t2", subject="s")
    # the same page twice: its photo stored once, its subsets twice under new tags
    twice = assemble_pdf([parts[1], parts[1]], title="t", subject="s")
    with pikepdf.open(__import__("io").BytesIO(twice)) as pdf:
        images = {objgen for page in pdf.pages for xo in page.Resources.XObject.values()
                  for objgen in [xo.objgen]}
        assert len(images) == 1
        fonts = [str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()]
        assert len(fonts) == len(set(fonts))
    assert len(twice) < 2 * len(parts[1]) - 500_000


def test_not_a_renderer_pdf_refused():
    with pytest.raises(ValueError):
        assemble_pdf([b"not a pdf"], title="t", subject="s")
