"""The reader's PDF (e-paper): the print PDF post-processed with pikepdf.

What it adds to a rendered page or issue PDF (newspaper-typesetting.md
section 7):

- an outline: one entry per page (``第A01版 要闻``), under it one per article
  on that page, by headline, each opening at the article's region;
- page labels from the page ids (the page shows as ``A01`` in a viewer);
- link annotations over the jump lines (下转第A02版, display list ``Link``):
  to the continuation page, at the article's region there (a GoTo inside the
  file, or a GoToR to the page's own PDF when that page is not in the file);
- metadata in the Info dictionary and in XMP: title, date, newspaper
  (dc:creator), publisher, language ``zh-CN``;
- photos resampled to :data:`READER_PPI` at their placed size and stored as
  JPEG (the print files keep up to 300 ppi for newsprint);
- linearized ("fast web view"), so a browser shows page 1 before the rest
  arrives.

Fonts stay as the renderer embedded them: TrueType subsets with ToUnicode.
The same input gives the same bytes: pikepdf saves with a deterministic
document ID, XMP carries no time but the issue date, and pikepdf is not
named as an editor.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field

import pikepdf

from ..makeup.display import PageList
from ..model.issue import page_number

#: Pixels per inch photos keep in the reader's PDF at their placed size.
READER_PPI = 150
#: JPEG quality of resampled photos.
READER_JPEG_QUALITY = 80


@dataclass
class ReaderMeta:
    """Document metadata of a reader PDF.

    Attributes:
        title: the document title (衡阳日报 2020年12月21日).
        newspaper: the paper (Info /Author, XMP dc:creator).
        publisher: the publisher (XMP dc:publisher, Info /Publisher).
        date: the issue date (creation and modification date, dc:date).
        subject: a line on what the file holds.
        language: BCP 47 tag of the text.
    """

    title: str
    newspaper: str
    publisher: str
    date: dt.date
    subject: str = ""
    language: str = "zh-CN"


@dataclass
class ReaderContent:
    """What the outline and links of a reader PDF point at.

    Attributes:
        issue_pages: every page of the issue, in order (display lists): link
            targets may be on pages that are not in this file.
        included: ids of the pages in this file, in the file's page order.
        titles: article id -> the title shown in the outline.
        sections: page id -> section name (版名).
        page_files: page id -> the file name of that page's own reader PDF,
            for links to pages not in this file (GoToR).
    """

    issue_pages: list[PageList]
    included: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    page_files: dict[str, str] = field(default_factory=dict)


def page_heading(page_id: str, section: str) -> str:
    """A page's outline title: ``第A01版 要闻`` (the section when known)."""
    return f"第{page_id}版" + (f" {section}" if section else "")


def reader_pdf(pdf: bytes, content: ReaderContent, meta: ReaderMeta) -> bytes:
    """The reader's version of ``pdf`` (its pages are ``content.included``, in order).

    Returns: PDF bytes, linearized, deterministic.

    Raises:
        ValueError: the PDF's page count differs from ``content.included``.
    """
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if len(doc.pages) != len(content.included):
            raise ValueError(f"{len(doc.pages)} pages in the PDF, {len(content.included)} page ids given")
        downsample_photos(doc, READER_PPI)
        _page_labels(doc, content.included)
        _outline(doc, content)
        _links(doc, content)
        _metadata(doc, meta)
        out = io.BytesIO()
        doc.save(out, linearize=True, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def merge_pdfs(parts: list[bytes]) -> bytes:
    """The pages of several PDFs as one PDF, in order (used when no whole-issue
    PDF was rendered). The first file's document information is kept."""
    with pikepdf.open(io.BytesIO(parts[0])) as doc:
        others = [pikepdf.open(io.BytesIO(p)) for p in parts[1:]]
        try:
            for other in others:
                doc.pages.extend(other.pages)
            out = io.BytesIO()
            doc.save(out, deterministic_id=True)
            return out.getvalue()
        finally:
            for other in others:
                other.close()


# --- photos -----------------------------------------------------------------

def _mul(m, n):
    """The product of two PDF matrices (a b c d e f): ``m`` applied first."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def placed_images(doc: pikepdf.Pdf) -> dict[tuple[int, int], tuple[pikepdf.Object, float, float]]:
    """Every image XObject drawn on the pages, with the largest size it is
    drawn at: (object, generation) -> (image, width pt, height pt).

    Follows q/Q/cm through the page content and into form XObjects (the
    image's unit square is scaled by the current transformation matrix)."""
    found: dict[tuple[int, int], tuple[pikepdf.Object, float, float]] = {}

    def walk(stream_owner, resources, ctm, depth):
        if depth > 8:
            return
        stack = []
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        for operands, op in pikepdf.parse_content_stream(stream_owner):
            name = str(op)
            if name == "q":
                stack.append(ctm)
            elif name == "Q" and stack:
                ctm = stack.pop()
            elif name == "cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif name == "Do":
                xo = xobjects.get(operands[0])
                if xo is None:
                    continue
                if xo.get("/Subtype") == "/Image":
                    w = math.hypot(ctm[0], ctm[1])
                    h = math.hypot(ctm[2], ctm[3])
                    key = xo.objgen
                    old = found.get(key)
                    if old is None or w * h > old[1] * old[2]:
                        found[key] = (xo, w, h)
                elif xo.get("/Subtype") == "/Form":
                    m = tuple(float(v) for v in xo.get("/Matrix", [1, 0, 0, 1, 0, 0]))
                    walk(xo, xo.get("/Resources"), _mul(m, ctm), depth + 1)

    for page in doc.pages:
        walk(page, page.obj.get("/Resources"), (1, 0, 0, 1, 0, 0), 0)
    return found


def downsample_photos(doc: pikepdf.Pdf, ppi: float) -> int:
    """Resample every image drawn at more than ``ppi`` (by 10 %) to ``ppi`` at
    its largest placed size, stored as JPEG (DCTDecode); greyscale stays
    greyscale. Images with masks or unusual colour spaces are left alone.
    Returns the number of images resampled."""
    from PIL import Image

    done = 0
    for _, (xo, w_pt, h_pt) in sorted(placed_images(doc).items()):
        if "/SMask" in xo or "/Mask" in xo or xo.get("/ImageMask", False):
            continue
        tw, th = max(1, math.ceil(w_pt / 72 * ppi)), max(1, math.ceil(h_pt / 72 * ppi))
        if int(xo.Width) <= tw * 1.1 or int(xo.Height) <= th * 1.1:
            continue
        try:
            im = pikepdf.PdfImage(xo).as_pil_image()
        except (pikepdf.PdfError, NotImplementedError, pikepdf.models.image.UnsupportedImageTypeError):
            continue
        if im.mode not in ("L", "RGB"):
            continue
        im = im.resize((tw, th), Image.LANCZOS)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=READER_JPEG_QUALITY, optimize=True)
        xo.write(buf.getvalue(), filter=pikepdf.Name.DCTDecode)
        xo.Width, xo.Height, xo.BitsPerComponent = tw, th, 8
        xo.ColorSpace = pikepdf.Name.DeviceGray if im.mode == "L" else pikepdf.Name.DeviceRGB
        for key in ("/DecodeParms", "/Decode"):
            if key in xo:
                del xo[key]
        done += 1
    return done


# --- navigation ---------------------------------------------------------------

def _page_labels(doc: pikepdf.Pdf, ids: list[str]) -> None:
    """/PageLabels: each page labelled with its id alone (prefix, no number)."""
    nums = []
    for i, pid in enumerate(ids):
        nums += [i, pikepdf.Dictionary(P=pikepdf.String(pid))]
    doc.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))


def _region_top_left(pages: list[PageList], page_id: str, article: str) -> tuple[float, float] | None:
    """The top-left corner (x0, y1) of ``article``'s region on ``page_id``, points."""
    for pl in pages:
        if pl.id == page_id:
            for r in pl.regions:
                if r.article == article:
                    x0, _, _, y1 = r.bbox
                    return x0, y1
            return 0.0, pl.height
    return None


def _outline(doc: pikepdf.Pdf, content: ReaderContent) -> None:
    by_id = {pl.id: pl for pl in content.issue_pages}
    with doc.open_outline() as outline:
        outline.root.clear()
        for index, pid in enumerate(content.included):
            pl = by_id[pid]
            entry = pikepdf.OutlineItem(page_heading(pid, content.sections.get(pid, "")), index,
                                        pikepdf.PageLocation.XYZ, left=0, top=pl.height, zoom=0)
            for r in pl.regions:
                x0, _, _, y1 = r.bbox
                title = content.titles.get(r.article) or r.headline or r.article
                if r.continued_from:
                    title += f"（上接第{page_number(r.continued_from)}版）"
                entry.children.append(pikepdf.OutlineItem(title, index, pikepdf.PageLocation.XYZ,
                                                          left=round(x0, 2), top=round(y1, 2), zoom=0))
            outline.root.append(entry)
    doc.Root.PageMode = pikepdf.Name.UseOutlines


def _links(doc: pikepdf.Pdf, content: ReaderContent) -> None:
    """A Link annotation over each jump line, to the article on its continuation page."""
    by_id = {pl.id: pl for pl in content.issue_pages}
    for index, pid in enumerate(content.included):
        annots = []
        for link in by_id[pid].links:
            at = _region_top_left(content.issue_pages, link.page, link.article)
            if at is None:
                continue  # the target page is not part of this build
            x, y = round(at[0], 2), round(at[1], 2)
            annot = pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                Rect=pikepdf.Array([round(v, 2) for v in (link.x0, link.y0, link.x1, link.y1)]),
                Border=pikepdf.Array([0, 0, 0]),
                Contents=pikepdf.String(f"转第{page_number(link.page)}版"),
            )
            if link.page in content.included:
                target = doc.pages[content.included.index(link.page)].obj
                annot.Dest = pikepdf.Array([target, pikepdf.Name.XYZ, x, y, 0])
            elif link.page in content.page_files:
                annot.A = pikepdf.Dictionary(S=pikepdf.Name.GoToR, F=pikepdf.String(content.page_files[link.page]),
                                             D=pikepdf.Array([0, pikepdf.Name.XYZ, x, y, 0]),
                                             NewWindow=False)
            else:
                continue
            annots.append(doc.make_indirect(annot))
        if annots:
            doc.pages[index].obj.Annots = pikepdf.Array(annots)


def _metadata(doc: pikepdf.Pdf, meta: ReaderMeta) -> None:
    stamp = f"D:{meta.date:%Y%m%d}000000+00'00'"
    info = doc.trailer.Info if "/Info" in doc.trailer else doc.make_indirect(pikepdf.Dictionary())
    info.Title = pikepdf.String(meta.title)
    info.Author = pikepdf.String(meta.newspaper)
    info.Subject = pikepdf.String(meta.subject)
    info.Publisher = pikepdf.String(meta.publisher)
    info.Creator = pikepdf.String("broadsheet")
    info.Producer = pikepdf.String("broadsheet (ReportLab, pikepdf)")
    info.CreationDate = pikepdf.String(stamp)
    info.ModDate = pikepdf.String(stamp)
    if "/Keywords" in info and not str(info.Keywords):
        del info.Keywords
    doc.trailer.Info = info
    doc.Root.Lang = pikepdf.String(meta.language)
    doc.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    when = meta.date.isoformat()
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = meta.title
        xmp["dc:creator"] = [meta.newspaper]
        xmp["dc:publisher"] = [meta.publisher]
        xmp["dc:language"] = [meta.language]
        xmp["dc:date"] = [when]
        if meta.subject:
            xmp["dc:description"] = meta.subject
        xmp["xmp:CreateDate"] = when
        xmp["xmp:ModifyDate"] = when
        xmp["xmp:CreatorTool"] = "broadsheet"
        xmp["pdf:Producer"] = "broadsheet (ReportLab, pikepdf)"
