"""Display lists -> PDF with ReportLab (the only module that imports it).

- Fonts: every face is registered as a TrueType font, so ReportLab embeds a
  subset of each; the canvas's initial font is the body face, so no page
  refers to ReportLab's non-embedded Helvetica.
- Colour: text and rules are DeviceGray 0 (100 % black); photos are
  converted to greyscale with Pillow and resampled to at most 300 ppi at
  their printed size (newsprint needs about 200).
- Glyphs are placed one run at a time: a run of characters whose positions
  follow their natural advances is one text show; any other character gets
  its own text position, so justification and punctuation compression are
  exact.
- Copy-paste: each line's text objects are wrapped in a marked-content span
  whose /ActualText is the line's text (PDF 32000-1 14.9.4), so a viewer that
  reads it (pdfium, Acrobat) copies the line as typed whatever the
  justification did to the gaps; every glyph's ToUnicode entry is its own
  character too, for extractors that read glyphs (pdfminer, pypdf).
- Variation sequences (郎 + U+FE00): the pair is drawn as the face's variant
  glyph (cmap format 14) through a private code point added to ReportLab's
  glyph map, the way ReportLab itself adds shaped glyphs; its ToUnicode entry
  is the base character and the selector, so the page text keeps the
  selector. A sequence the face does not list is drawn with the base glyph
  and the same two-character ToUnicode entry.
- Compression: every Flate stream at zlib level 4 (:data:`FLATE_LEVEL`).
- Determinism: ReportLab's invariant mode, the document dates from the issue
  date (or SOURCE_DATE_EPOCH), and nothing from the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import os

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas

from ..makeup.display import PageList
from ..model.units import EM_BOX_DESCENT
from ..text.fonts import FontSet

# binary streams as they are: ASCII85 makes files a quarter larger and its
# pure-Python encoder takes seconds on a photo
rl_config.useA85 = 0

#: zlib level of every Flate stream ReportLab writes (page contents, font
#: subsets, ToUnicode maps). Against ReportLab's default, 6, level 4 takes
#: 11.3 instead of 20.6 ms a page for the specimen's four pages (2.8 MB of
#: streams) and 10.5 instead of 15.5 ms for the seed page, for files 1.7 %
#: and 0.5 % larger (level 1: 8.6 ms a page, 5.3 % larger).
FLATE_LEVEL = 4


def _flate(self, text) -> bytes:
    """ReportLab's Flate filter at :data:`FLATE_LEVEL`."""
    import zlib

    return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, FLATE_LEVEL)


pdfdoc.PDFStreamFilterZCompress.encode = _flate



def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """A ToUnicode CMap for one 256-code subset of a TrueType font.

    Replaces ReportLab's own (5.1), which writes a character above U+FFFF as
    five hex digits (``<30EDE>`` for 𰻞, read back as another character) and
    maps unused codes to U+0000. Here every used code maps to its character
    as UTF-16BE, a surrogate pair above U+FFFF (PDF 32000-1 9.10.3), and
    unused codes are left out.
    """
    entries = [(code, cp) for code, cp in enumerate(subset) if cp]
    text = lambda cp: SEQUENCE_TEXT.get(cp, chr(cp))
    out = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
    ]
    for k in range(0, len(entries), 100):  # at most 100 entries a block
        block = entries[k:k + 100]
        out.append(f"{len(block)} beginbfchar")
        out += ["<%02X> <%s>" % (code, text(cp).encode("utf-16-be").hex().upper()) for code, cp in block]
        out.append("endbfchar")
    out += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(out)


ttfonts.makeToUnicodeCMap = to_unicode_cmap

#: Private code points (Supplementary Private Use Area-A, which no bundled
#: face maps) standing for a variation sequence drawn by one face: code
#: point -> the sequence's text, for the ToUnicode CMap.
SEQUENCE_TEXT: dict[int, str] = {}
_SEQUENCE_CODE: dict[tuple[str, str], int] = {}
_PUA = 0xF0000


def sequence_char(fonts: FontSet, face_key: str, seq: str) -> str:
    """The private character that draws the variation sequence ``seq``
    (base + selector) in a face: mapped in ReportLab's glyph map to the
    face's variant glyph (cmap format 14), or to the base's glyph when the
    face lists no variant; its ToUnicode text is ``seq``."""
    name = _font_name(fonts, face_key)
    key = (name, seq)
    if key not in _SEQUENCE_CODE:
        face = pdfmetrics.getFont(name).face
        gid = fonts.faces[face_key].sequence(seq[0], seq[1])
        base_gid = face.charToGlyph.get(ord(seq[0]), 0)
        gid = base_gid if gid is None or gid < 0 else gid
        code = _PUA + len(_SEQUENCE_CODE)
        face.charToGlyph[code] = gid
        face.charWidths[code] = face.charWidths.get(ord(seq[0]), face.defaultWidth)
        _SEQUENCE_CODE[key] = code
        SEQUENCE_TEXT[code] = seq
    return chr(_SEQUENCE_CODE[key])


def _pdf_text_string(text: str) -> str:
    """A PDF text string as a hex literal: UTF-16BE with its byte-order mark."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _selector(ch: str) -> bool:
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"




def _font_name(fonts: FontSet, key: str) -> str:
    """ReportLab's name for a face: from the face file's sha256, so two font
    configurations in one process never share a name for different files."""
    return "bs-" + fonts.faces[key].sha256[:16]


def register_fonts(fonts: FontSet) -> None:
    """Register every face with ReportLab (ReportLab's registry is global),
    from the face cache (layout.render.fontcache: no full parse a process)."""
    from ..cache import file_sha256
    from ..model.errors import InputError
    from .fontcache import load_ttfont

    for key, face in fonts.faces.items():
        name = _font_name(fonts, key)
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(load_ttfont(name, face.path, file_sha256(face.path)))
            except Exception as exc:  # noqa: BLE001 - ReportLab's TTFError and what its parser raises
                raise InputError(fonts.config, f"faces.{key}.file", "a TrueType font ReportLab can embed "
                                 f"({' '.join(str(exc).split())[:120]}; face {key})", face.source.name)


class JpegReader(ImageReader):
    """A printed photo (JPEG bytes) as ReportLab's ``drawImage`` takes it.

    ReportLab names an image XObject by an md5 of ``getRGBData()`` (its
    decoded pixels) and embeds a JPEG as it is (DCT passthrough). Here that
    name is made from the JPEG's own bytes, which identify the image as
    well, so the photo is never decoded to be drawn: the same JPEG gets the
    same name in every process, two different JPEGs different names.
    """

    def __init__(self, data: bytes):  # noqa: D107 - see the class
        from PIL.JpegImagePlugin import JpegImageFile

        # the JPEG's header read by Pillow's JPEG reader itself: Image.open
        # of a file without a name would load five format plugins first (8 ms)
        fp = io.BytesIO(data)
        super().__init__(JpegImageFile(fp))
        self.fp = fp
        self.jpeg_fh = self._jpeg_fh  # ReportLab embeds the JPEG as it is
        self._jpeg = data
        self._dataA = None  # no soft mask: a printed photo is grey, opaque

    def getRGBData(self) -> bytes:  # noqa: N802 - ReportLab's name
        return self._jpeg


def _photo(pic) -> ImageReader:
    """The photo's crop as a greyscale JPEG at no more than MAX_PPI at its
    printed size (layout/model/photo.py: oriented, flattened, grey, cached),
    read by ReportLab (see :class:`JpegReader`)."""
    from ..model.errors import InputError
    from ..model.photo import PhotoError, print_jpeg

    sha = getattr(pic, "sha256", "")
    try:
        data = print_jpeg(pic.path, pic.crop, pic.w, pic.h, sha)
    except PhotoError as exc:
        raise InputError(pic.path.name, "", f"{exc} (article {pic.article})")
    return JpegReader(data)


def render_pdf(pages: list[PageList], fonts: FontSet, *, title: str, author: str,
               subject: str, date: dt.date, pdfx: bool = False) -> bytes:
    """The pages as PDF bytes.

    Args:
        pages: display lists, one per page, in order.
        fonts: the faces the runs name.
        pdfx: mark the file as PDF/X-1a (print proofs): an OutputIntent for
            newsprint and GTS_PDFXVersion, added with pikepdf (render/pdfx.py).
        title, author, subject: document metadata.
        date: the issue date: the document's creation and modification date.
    """
    register_fonts(fonts)
    buf = io.BytesIO()
    first = pages[0]
    c = Canvas(buf, pagesize=(first.width, first.height), invariant=1, lang="zh-CN",
               initialFontName=_font_name(fonts, fonts.roles["body"]), pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(subject)
    c.setCreator("broadsheet")
    c.setProducer("broadsheet (ReportLab)")
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        # ReportLab's invariant time stamp is 2000-01-01; date the document
        # by the issue instead (SOURCE_DATE_EPOCH, when set, wins)
        ts = c._doc._timeStamp
        ts.YMDhms = (date.year, date.month, date.day, 0, 0, 0)
        ts.dhh = ts.dmm = 0
    for page in pages:
        c.setPageSize((page.width, page.height))
        c.setTrimBox(page.trim)  # None on pages that are not proof sheets
        c.setBleedBox(page.bleed)
        _draw_page(c, page, fonts)
        c.showPage()
    c.save()
    if pdfx:
        from .pdfx import mark_pdfx

        return mark_pdfx(buf.getvalue(), title)
    return buf.getvalue()


def _missing_boxes(c: Canvas, run) -> None:
    """Mark each character of ``run`` (no face has it) with a crossed box one
    em wide, on the em box, so a proof shows the hole."""
    c.setLineWidth(0.4)
    for x in run.xs:
        y0 = run.y - EM_BOX_DESCENT * run.size
        c.rect(x + 0.05 * run.size, y0, 0.9 * run.size, run.size, stroke=1, fill=0)
        c.line(x + 0.05 * run.size, y0, x + 0.95 * run.size, y0 + run.size)
        c.line(x + 0.05 * run.size, y0 + run.size, x + 0.95 * run.size, y0)


def _draw_page(c: Canvas, page: PageList, fonts: FontSet) -> None:
    c.setFillGray(0)
    c.setStrokeGray(0)
    for pic in page.pictures:
        c.drawImage(_photo(pic), pic.x, pic.y, pic.w, pic.h)
    for box in page.boxes:
        c.setLineWidth(box.stroke)
        if box.fill is not None:
            c.setFillGray(box.fill)
        c.rect(box.x, box.y, box.w, box.h, stroke=1 if box.stroke else 0, fill=0 if box.fill is None else 1)
        c.setFillGray(0)
    for rule in page.rules:
        c.setLineWidth(rule.width)
        c.line(rule.x0, rule.y0, rule.x1, rule.y1)
    for circle in page.circles:
        c.setLineWidth(circle.width)
        c.circle(circle.x, circle.y, circle.r, stroke=1, fill=0)
    lines = _line_groups(page.runs)
    for group in lines:
        text = _actual_text(group, fonts)
        # only where a viewer could read the line wrong: Han characters set
        # apart by justification; not with characters above U+FFFF or a
        # hyphen-minus at the line's end, which pdfium's /ActualText reading
        # drops or marks as a soft hyphen
        if text and not (_stretched(group, fonts) and all(ord(ch) < 0x10000 for ch in text)
                         and not text.endswith("-")):
            text = ""
        if text:
            c._code.append(f"/Span <</ActualText {_pdf_text_string(text)}>> BDC")
        for run in group:
            _draw_run(c, run, fonts)
        if text:
            c._code.append("EMC")


class _Advances(dict):
    """One registered font's advances: character -> its width in 1/1000 em
    (``face.charWidths``, ``defaultWidth`` for a character the face lacks),
    filled as characters are asked. A glyph's advance at ``size`` is
    ``0.001 * size * advances[ch]``: ReportLab's TrueType arithmetic, so the
    same float as ``pdfmetrics.stringWidth(ch, name, size)``."""

    __slots__ = ("face",)

    def __init__(self, face):  # noqa: D107 - see the class
        super().__init__()
        self.face = face

    def __missing__(self, ch: str) -> float:
        w = self[ch] = self.face.charWidths.get(ord(ch), self.face.defaultWidth)
        return w


#: Registered font name -> its advances (see :class:`_Advances`).
_ADVANCES: dict[str, _Advances] = {}


def _advances(name: str) -> _Advances:
    """The advances of registered font ``name``."""
    table = _ADVANCES.get(name)
    if table is None:
        table = _ADVANCES[name] = _Advances(pdfmetrics.getFont(name).face)
    return table


def _line_groups(runs) -> list[list]:
    """Runs in drawing order grouped by line: consecutive runs of one article
    on one baseline, each starting right of the one before."""
    groups: list[list] = []
    for run in runs:
        g = groups[-1] if groups else None
        if g and g[-1].article == run.article and abs(g[-1].y - run.y) < 0.01 and g[-1].body == run.body \
                and run.xs and g[-1].xs and run.xs[0] >= g[-1].xs[-1]:
            g.append(run)
        else:
            groups.append([run])
    return groups


def _stretched(group, fonts: FontSet) -> bool:
    """True when two neighbouring glyphs of a line stand 0.1 em or more
    further apart than the first's advance (a justified, stretched line)."""
    prev = None
    for run in group:
        adv = _advances(_font_name(fonts, run.face)) if run.face else None
        for ch, x in zip(run.text, run.xs):
            if prev is not None and x - prev > 0.1 * run.size:
                return True
            prev = x + (0.001 * run.size * adv[ch] * run.hscale if adv is not None else run.size)
    return False


def _actual_text(group, fonts: FontSet) -> str:
    """A line's text for /ActualText: its characters in order, a space where
    two Latin letters or digits stand a word space apart (a gap of 0.15 em
    or more past the first's advance), U+3000 kept."""
    out = []
    prev_end = None  # where the last Latin letter or digit ends; None after anything else
    for run in group:
        adv = _advances(_font_name(fonts, run.face)) if run.face else None
        for ch, x in zip(run.text, run.xs):
            if _selector(ch):
                out.append(ch)
                continue
            word = ch.isascii() and ch.isalnum()
            if word and prev_end is not None and x - prev_end >= 0.15 * run.size:
                out.append(" ")
            out.append(ch)
            # only a Latin letter's or digit's end is asked (the next may stand a word space on)
            prev_end = (x + (0.001 * run.size * adv[ch] * run.hscale if adv is not None else run.size)) \
                if word else None
    return "".join(out)


def _draw_run(c: Canvas, run, fonts: FontSet) -> None:
    """One glyph run: a text show for each stretch of characters whose
    positions follow their advances, a text position for any other; a base
    character and its variation selector as one private character (see
    :func:`sequence_char`)."""
    if not run.face:  # characters no face has: a box with a cross, never an empty glyph
        _missing_boxes(c, run)
        return
    name = _font_name(fonts, run.face)
    if run.rotate:
        _draw_turned(c, run, name)
        return
    chars, xs = [], []
    for ch, x in zip(run.text, run.xs):
        if _selector(ch) and chars and not _selector(chars[-1][-1]) and len(chars[-1]) == 1:
            chars[-1] = chars[-1] + ch
            continue
        if _selector(ch) or ch == "\u200d":
            continue  # a selector with no base, a joiner: no glyph of its own
        chars.append(ch)
        xs.append(x)
    chars = [sequence_char(fonts, run.face, t) if len(t) == 2 else t for t in chars]
    t = c.beginText()
    t.setFont(name, run.size)
    if run.hscale != 1.0:
        t.setHorizScale(run.hscale * 100)
    adv = _advances(name)
    k = 0
    while k < len(chars):
        t.setTextOrigin(xs[k], run.y)
        x = xs[k]
        m = k
        while m < len(chars):
            x_next = x + 0.001 * run.size * adv[chars[m]] * run.hscale
            if m + 1 < len(chars) and abs(xs[m + 1] - x_next) < 1e-3:
                x = x_next
                m += 1
            else:
                break
        t.textOut("".join(chars[k:m + 1]))
        k = m + 1
    if run.hscale != 1.0:
        t.setHorizScale(100)  # Tz is graphics state: it outlives ET
    c.drawText(t)


def _draw_turned(c: Canvas, run, name: str) -> None:
    """Each glyph of ``run`` turned ``run.rotate`` degrees clockwise about
    its origin (a bracket or dash in a vertical head): a text matrix of its
    own, so the text layer keeps the ordinary character."""
    import math

    a = math.radians(-run.rotate)
    cos, sin = round(math.cos(a), 12), round(math.sin(a), 12)
    for ch, x in zip(run.text, run.xs):
        t = c.beginText()
        t.setFont(name, run.size)
        t.setTextTransform(cos, sin, -sin, cos, x, run.y)
        t.textOut(ch)
        c.drawText(t)
