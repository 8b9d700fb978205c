"""Photos with their captions, measured at a width and placed on the grid.

A photo takes whole body lines: its foot sits on the em-box foot of its last
line, so the caption's first line follows on the next line of the grid. The
caption is set at the photo's width (read across in line order), justified
with a 2-em indent, and ends with the credit set flush right (■本报记者 胡建军
摄) on its last line when it fits there with an em to spare, else on a line of
its own. A licence line (``rights``) follows in small type, flush right.
A placeholder photo (an imported back issue whose image is missing) is an
empty frame crossed and marked 缺图, and a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model.issue import Photo
from ..model.units import EM_BOX_ASCENT, fits
from ..text.bylines import pad_names
from ..text.compose import Line, PlacedGlyph, compose, natural_width
from .context import SetContext
from .display import Box, Finding, GlyphRun, Picture, Rule

#: The fewest body lines a photo may take (a place too small for this is an
#: error naming the article, not a crash).
MIN_PHOTO_ROWS = 3
#: Size of a photo's licence line, points (the smallest type preflight allows).
RIGHTS_SIZE = 7.0
#: A photo cropped to less than this fraction of its pixels to fill its
#: place is a warning, less than CROP_ERROR an error (a 3000 x 10 strip in a
#: 4:3 box keeps 6 %): its proportions do not suit the place.
CROP_WARNING = 0.5
CROP_ERROR = 0.2
#: The mark in a placeholder frame, and its size as a fraction of the frame.
PLACEHOLDER_TEXT = "缺图"


def centre_crop(pixels: tuple[int, int], aspect: float) -> tuple[int, int, int, int]:
    """The largest centred (left, top, right, bottom) pixel box of a photo of
    ``pixels`` (width, height) with width/height = ``aspect``; never less
    than one pixel each way."""
    w, h = max(1, pixels[0]), max(1, pixels[1])
    if w / h > aspect:
        cw = max(1, min(w, int(round(h * aspect))))
        left = (w - cw) // 2
        return (left, 0, left + cw, h)
    ch = max(1, min(h, int(round(w / aspect))))
    top = (h - ch) // 2
    return (0, top, w, top + ch)


@dataclass
class PhotoBox:
    """A photo measured at a width.

    Attributes:
        photo: the photo.
        width: its printed width, points.
        rows: body lines the image takes.
        caption: the caption's lines at the width (the credit may end the last).
        credit: the credit on a line of its own, flush right, or None.
        rights: the licence line's lines (small type, flush right; a
            licence longer than the width goes on to more lines, never cut).
    """

    photo: Photo
    width: float
    rows: int
    caption: list[Line]
    credit: Line | None
    rights: list[Line]

    @property
    def text_rows(self) -> int:
        """Body lines of caption, credit and licence line under the image."""
        return len(self.caption) + (1 if self.credit else 0) + len(self.rights)

    @property
    def total_rows(self) -> int:
        """Body lines of image and caption together."""
        return self.rows + self.text_rows

    def with_rows(self, rows: int) -> "PhotoBox":
        """The same photo with its image ``rows`` body lines tall."""
        return PhotoBox(self.photo, self.width, rows, self.caption, self.credit, self.rights)


def natural_rows(ctx: SetContext, photo: Photo, width: float) -> int:
    """Body lines a photo takes at ``width`` points: its ``height`` when the
    manifest gives one, else its proportions, at least MIN_PHOTO_ROWS."""
    g = ctx.grid
    if photo.height:
        return photo.height
    pw, ph = photo.pixels
    if pw <= 0 or ph <= 0:
        return MIN_PHOTO_ROWS
    return max(MIN_PHOTO_ROWS, int(round((width * ph / pw + (g.pitch - g.size)) / g.pitch)))


def caption_lines(ctx: SetContext, text: str, credit: str, measure: float) -> tuple[list[Line], Line | None]:
    """A caption at ``measure`` points and its credit flush right: on the
    caption's last line when it fits there with an em to spare (then the
    second value is None), else as a line of its own."""
    lines = compose([(text, "caption")], ctx.fonts, ctx.style("caption", measure=measure)) if text else []
    if not credit:
        return lines, None
    if ctx.house.pad_names:
        credit = pad_names(credit)
    cl = compose([(credit, "byline")], ctx.fonts, ctx.style("credit", measure=measure))
    if len(cl) > 1:  # a credit longer than the measure: set as a paragraph
        return lines + cl, None
    cred = cl[0]
    shift = measure - cred.width
    moved = [PlacedGlyph(p.ch, p.x + shift, p.role, p.face, p.scale) for p in cred.glyphs]
    if lines and fits(lines[-1].width + ctx.grid.size + cred.width, measure):
        last = lines[-1]
        return lines[:-1] + [replace(last, glyphs=last.glyphs + moved, width=measure, last=True,
                                     text=last.text + "\u3000" + cred.text, missing=last.missing + cred.missing,
                                     reweighted=last.reweighted + cred.reweighted,
                                     sequences=last.sequences + cred.sequences)], None
    return lines, replace(cred, glyphs=moved, width=measure, last=True)


def rights_lines(ctx: SetContext, text: str, width: float) -> list[Line]:
    """A photo's licence line in small type on ``width`` points: flush
    right, or, longer than the width, broken into lines like any text
    (each line but the last justified, the last flush right), so no part
    of it is ever cut."""
    st = ctx.style("credit", RIGHTS_SIZE, width)
    lines = compose([(text, "caption")], ctx.fonts, st)
    last = lines[-1]
    w = natural_width(last.text, "caption", ctx.fonts, st) if len(lines) > 1 else \
        natural_width(text, "caption", ctx.fonts, st)
    shift = max(0.0, width - w)
    return lines[:-1] + [replace(last, glyphs=[PlacedGlyph(p.ch, p.x + shift, p.role, p.face, p.scale)
                                               for p in last.glyphs], width=width, last=True)]


def measure_photo(ctx: SetContext, photo: Photo, width: float, with_rights: bool = True) -> PhotoBox:
    """A photo and its caption at ``width`` points, the image at its
    natural rows (see :func:`natural_rows`); the licence line under the
    caption unless ``with_rights`` is False (the caller sets it elsewhere)."""
    lines, credit = caption_lines(ctx, photo.caption, photo.credit, width)
    rights = rights_lines(ctx, photo.rights, width) if photo.rights and with_rights else []
    return PhotoBox(photo, width, natural_rows(ctx, photo, width), lines, credit, rights)


@dataclass
class PlacedPhoto:
    """What a placed photo adds to the page."""

    pictures: list[Picture]
    boxes: list[Box]
    rules: list[Rule]
    runs: list[GlyphRun]
    findings: list[Finding]
    lines: list[Line]  # the caption's lines, for missing-glyph reports


def place_photo(ctx: SetContext, box: PhotoBox, x0: float, row: int, article: str) -> PlacedPhoto:
    """Place a measured photo with its left edge at ``x0`` and its image's
    top on body line ``row``; caption lines follow on the grid."""
    g = ctx.grid
    h = box.rows * g.pitch - (g.pitch - g.size)
    top = g.line_top(row)
    out = PlacedPhoto([], [], [], [], [], [])
    ph = box.photo
    if ph.placeholder or ph.path is None:
        # an empty frame, crossed, with 缺图 in its middle
        out.boxes.append(Box(x0, top - h, box.width, h, 0.5))
        out.rules += [Rule(x0, top - h, x0 + box.width, top, 0.25), Rule(x0, top, x0 + box.width, top - h, 0.25)]
        size = max(9.0, min(h, box.width) / 6)
        st = ctx.style("label", size, box.width)
        w = natural_width(PLACEHOLDER_TEXT, "kicker", ctx.fonts, st)
        ln = compose([(PLACEHOLDER_TEXT, "kicker")], ctx.fonts, st)[0]
        out.runs += ctx.runs(ln, x0 + (box.width - w) / 2, top - h / 2 - size * (EM_BOX_ASCENT - 0.5), size, article)
        out.findings.append(Finding("placeholder_photo", "warning", ctx.page, article,
                                    f"photo missing: a placeholder frame (缺图) of {box.rows} lines stands in for it",
                                    {"rows": box.rows, "caption": ph.caption[:40]}))
    else:
        crop = centre_crop(ph.pixels, box.width / h)
        out.pictures.append(Picture(ph.path, x0, top - h, box.width, h, ph.pixels, crop, article))
        kept = (crop[2] - crop[0]) * (crop[3] - crop[1]) / max(1, ph.pixels[0] * ph.pixels[1])
        if kept < CROP_WARNING:
            severity = "error" if kept < CROP_ERROR else "warning"
            out.findings.append(Finding("photo_crop", severity, ctx.page, article,
                                        f"photo {ph.path.name} is cropped to {kept:.0%} of its pixels to fill "
                                        f"{box.width / 72 * 25.4:.0f} x {h / 72 * 25.4:.0f} mm (its proportions "
                                        "do not suit the place)", {"file": ph.path.name, "kept": round(kept, 3)}))
    r = row + box.rows
    for ln in box.caption:
        out.runs += ctx.runs(ln, x0, g.baseline(r), article=article, body=True)
        r += 1
    if box.credit:
        out.runs += ctx.runs(box.credit, x0, g.baseline(r), article=article, body=True)
        r += 1
    for ln in box.rights:
        out.runs += ctx.runs(ln, x0, g.baseline(r, RIGHTS_SIZE), RIGHTS_SIZE, article)
        r += 1
    out.lines = box.caption + ([box.credit] if box.credit else []) + box.rights
    return out
