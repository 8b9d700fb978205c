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

import hashlib
import os
import tempfile
from pathlib import Path

#: Maximum approximation error of the cubic -> quadratic conversion, in font
#: units (1/1000 em for CJK faces): invisible at any newspaper size.
MAX_ERR = 1.0


def cache_dir() -> Path:
    """The folder converted faces are cached in."""
    base = os.environ.get("BROADSHEET_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "broadsheet")
    return Path(base) / "fonts"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def needs_conversion(path: Path, index: int = 0) -> bool:
    """True when the face is not a plain single TrueType-outline file."""
    with open(path, "rb") as fh:
        tag = fh.read(4)
    if tag == b"ttcf":
        return True
    return tag == b"OTTO"


def truetype_path(path: Path, index: int = 0) -> Path:
    """A TrueType-outline file for the face: the file itself when it is one,
    else a cached conversion (made now if missing).

    Raises:
        InputError: the file is not a font fontTools can read.
    """
    path = Path(path)
    if not needs_conversion(path, index):
        return path
    target = cache_dir() / f"{_sha256(path)}-{index}.ttf"
    if not target.is_file():
        from fontTools.ttLib import TTFont, TTLibError

        from .errors import InputError

        try:
            font = TTFont(str(path), fontNumber=index)
        except (TTLibError, OSError, IndexError) as exc:
            raise InputError(path, "", f"a TrueType, OpenType or collection font ({exc})")
        if "CFF " in font or "CFF2" in font:
            cff_to_truetype(font)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        os.close(fd)
        font.save(tmp, reorderTables=True)
        os.replace(tmp, target)
    return target


def cff_to_truetype(font) -> None:
    """Replace a fontTools TTFont's CFF outlines by TrueType outlines, in place.

    Builds glyf/loca from the CFF charstrings through Cu2QuPen (max error
    :data:`MAX_ERR` font units), sets maxp to version 1.0 and post to format
    2 without glyph names (format 3), and drops the CFF table and the VORG
    table that only CFF fonts carry.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        try:
            gs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
            glyph = pen.glyph()
        except Exception:  # a broken charstring: keep an empty glyph
            glyph = Glyph()
        glyf.glyphs[name] = glyph
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, {"maxZones": 1}.get(attr, 0))
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    maxp.maxPoints = maxp.maxContours = maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
