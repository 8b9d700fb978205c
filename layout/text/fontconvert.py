"""CFF -> TrueType outline conversion, and the cache of converted faces.

ReportLab embeds only TrueType (glyf) outlines; it refuses CFF-outline
OpenType ("postscript outlines are not supported"). A user's licensed
.otf/.ttc face is converted once with fontTools (cubic -> quadratic curves
with Cu2QuPen into TTGlyphPen) and cached, keyed by the sha256 of the
source file and the face index, so later builds load it at once.

The cache lives in ``$BROADSHEET_CACHE`` or ``$XDG_CACHE_HOME/broadsheet``
(default ``~/.cache/broadsheet``), folder ``fonts/``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .fonts import sha256_file

#: Maximum approximation error of the cubic -> quadratic conversion, in font
#: units (1/1000 em for CJK faces): invisible at any newspaper size.
MAX_ERR = 1.0


_scratch: list = []


def _scratch_dir() -> Path:
    """A private temporary folder for converted faces when the cache cannot
    be used (removed when the process ends)."""
    if not _scratch:
        _scratch.append(tempfile.TemporaryDirectory(prefix="broadsheet-fonts-"))
    return Path(_scratch[0].name)


def needs_conversion(path: Path, index: int = 0) -> bool:
    """True when the face is not a plain single TrueType-outline file."""
    with open(path, "rb") as fh:
        tag = fh.read(4)
    if tag == b"ttcf":
        return True
    return tag == b"OTTO"


def truetype_path(path: Path, index: int = 0) -> Path:
    """A TrueType-outline file for the face: the file itself when it is one,
    else a cached conversion (made now if missing; made in a private
    temporary folder when the cache cannot be used).

    Raises:
        FontProblem: the file is not a font fontTools can read, or the
            collection has no face ``index``.
    """
    from ..cache import folder as cache_folder
    from .fonts import FontProblem

    path = Path(path)
    try:
        convert = needs_conversion(path, index)
    except OSError as exc:
        raise FontProblem(exc.strerror or exc.__class__.__name__)
    if not convert:
        if index:
            raise FontProblem(f"a single face has no index {index}")
        return path
    folder = cache_folder("fonts", always=True)
    name = f"{sha256_file(path)}-{index}.ttf"
    target = (folder or _scratch_dir()) / name
    if target.is_file() and target.stat().st_size > 12:
        return target
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(path), fontNumber=index)
        if "CFF " in font or "CFF2" in font:
            cff_to_truetype(font)
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a broken file
        raise FontProblem(f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:120]}")
    for where in ([folder] if folder else []) + [_scratch_dir()]:
        target = where / name
        try:
            fd, tmp = tempfile.mkstemp(dir=where, suffix=".tmp")
            os.close(fd)
            try:
                font.save(tmp, reorderTables=True)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            return target
        except OSError:
            continue
        except Exception as exc:  # noqa: BLE001 - a face fontTools reads but cannot write
            raise FontProblem(f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:120]}")
    raise FontProblem("no folder to write its TrueType conversion to")


def cff_to_truetype(font) -> None:
    """Replace the CFF outlines of a fontTools TTFont by TrueType outlines, in place.

    The glyph order (and so GSUB/GPOS/GDEF/cmap, which refer to glyphs by
    index) is unchanged.  Metrics tables are adjusted to the new outlines:
    hmtx left side bearings become the glyph's xMin, vmtx top side bearings
    are derived from the vertical origin (VORG) and the glyph's yMax.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable
    if "CFF " not in font:
        raise ValueError("font has no CFF table")
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()

    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyph = tt_pen.glyph(dropImpliedOnCurves=True)
        glyph.recalcBounds(glyf)
        glyf.glyphs[name] = glyph

    # Horizontal metrics: TrueType rasterisers expect lsb == xMin.
    hmtx = font["hmtx"]
    for name in glyph_order:
        advance, _ = hmtx[name]
        glyph = glyf.glyphs[name]
        hmtx[name] = (advance, glyph.xMin if glyph.numberOfContours else 0)

    # Vertical metrics: in a CFF font VORG gives the vertical origin; in a
    # TrueType font it is tsb + yMax, so fold VORG into the tsb values.
    if "vmtx" in font:
        vmtx = font["vmtx"]
        vorg = font["VORG"] if "VORG" in font else None
        for name in glyph_order:
            advance, tsb = vmtx[name]
            glyph = glyf.glyphs[name]
            if glyph.numberOfContours == 0:
                continue
            if vorg is not None:
                origin_y = vorg.VOriginRecords.get(name, vorg.defaultVertOriginY)
            else:
                # Without VORG the CFF origin was already tsb + yMax of the
                # cubic outline; keep the same origin.
                origin_y = tsb + glyph.yMax
            vmtx[name] = (advance, origin_y - glyph.yMax)

    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")  # filled in when glyf is compiled
    font.sfntVersion = "\x00\x01\x00\x00"

    head = font["head"]
    head.glyphDataFormat = 0
    head.indexToLocFormat = 1  # recomputed by loca.compile

    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    # No hinting: zero every instruction-related limit.  Point, contour and
    # component counts are recomputed by maxp.compile from the glyf table.
    for attr, value in (
        ("maxZones", 1),
        ("maxTwilightPoints", 0),
        ("maxStorage", 0),
        ("maxFunctionDefs", 0),
        ("maxInstructionDefs", 0),
        ("maxStackElements", 0),
        ("maxSizeOfInstructions", 0),
        ("maxPoints", 0),
        ("maxContours", 0),
        ("maxCompositePoints", 0),
        ("maxCompositeContours", 0),
        ("maxComponentElements", 0),
        ("maxComponentDepth", 0),
    ):
        setattr(maxp, attr, value)

    post = font["post"]
    post.formatType = 3.0  # no glyph names stored
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)

    # Unhinted TrueType: ask for smoothing at every size.
    gasp = newTable("gasp")
    gasp.version = 1
    gasp.gaspRange = {0xFFFF: 0x000F}
    font["gasp"] = gasp
