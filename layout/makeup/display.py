"""The display list: everything a page shows, in points, PDF coordinates
(origin at the trim's bottom left, y up).

It is the single truth about positions: the PDF renderer, page images, hot
zones and preflight all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GlyphRun:
    """Characters on one baseline in one face and size.

    ``xs[i]`` is the x of ``text[i]``'s origin; ``y`` the baseline.
    """

    face: str
    size: float
    y: float
    xs: list[float]
    text: str
    role: str
    article: str = ""
    body: bool = False  # a body line (for checks)
    hscale: float = 1.0  # horizontal scale of every glyph in the run
    rotate: int = 0  # degrees clockwise about each glyph's origin (a turned mark in a vertical head)


@dataclass
class Rule:
    """A straight rule from (x0, y0) to (x1, y1), ``width`` points thick, black."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5


@dataclass
class Box:
    """A rectangle: lower-left (x, y), size (w, h); stroked ``stroke`` points
    thick (0: none), filled with grey ``fill`` (0 black .. 1 white; None: none)."""

    x: float
    y: float
    w: float
    h: float
    stroke: float = 0.5
    fill: float | None = None


@dataclass
class Circle:
    """A stroked circle centred at (x, y), radius ``r``, ``width`` thick, black."""

    x: float
    y: float
    r: float
    width: float = 0.25


@dataclass
class Picture:
    """A photo placed at (x, y) (lower left), ``w`` x ``h`` points, showing
    the source pixels in ``crop`` (left, top, right, bottom, in pixels, of
    the photo as oriented by its EXIF orientation)."""

    path: Path
    x: float
    y: float
    w: float
    h: float
    pixels: tuple[int, int]
    crop: tuple[int, int, int, int]
    article: str = ""

    @property
    def ppi(self) -> float:
        """Effective resolution at the printed size, pixels per inch."""
        cw, ch = self.crop[2] - self.crop[0], self.crop[3] - self.crop[1]
        return min(cw / (self.w / 72), ch / (self.h / 72))


@dataclass
class Region:
    """An article's area on one page (for hot zones and reports).

    ``rects`` are (x0, y0, x1, y1) rectangles in points, one per column frame,
    head area or photo, so an L-shaped block or a jumped story is exact;
    ``area`` is the block's whole area (Grid.block_rects: its cells widened
    by half a gutter at each side, two rectangles for an L), which hot
    zones use so that captions across gutters and hanging marks are inside.
    ``continues_on`` / ``continued_from`` name the page ids of a jump (转版):
    the page the text goes on to (下转), the page it came from (上接).
    """

    article: str
    rects: list[tuple[float, float, float, float]]
    headline: str = ""
    continues_on: str = ""
    continued_from: str = ""
    area: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """The smallest rectangle (x0, y0, x1, y1) holding every rect."""
        return (min(r[0] for r in self.rects), min(r[1] for r in self.rects),
                max(r[2] for r in self.rects), max(r[3] for r in self.rects))


@dataclass
class Link:
    """A clickable area on a page, in points: a jump line (下转第2版) that
    leads to ``article`` on page ``page``."""

    x0: float
    y0: float
    x1: float
    y1: float
    page: str
    article: str


@dataclass
class Finding:
    """Something a build reports: ``kind`` is overset, underset, missing_glyph ..."""

    kind: str
    severity: str  # error | warning
    page: str
    article: str
    message: str
    data: dict = field(default_factory=dict)

    def line(self) -> str:
        """The finding as build prints it: ``error: A01 dog-rules: message``
        (``error: A01: message`` for a finding of the page itself)."""
        where = " ".join(x for x in (self.page, self.article) if x)
        return f"{self.severity}: {where}: {self.message}" if where else f"{self.severity}: {self.message}"


@dataclass
class PageList:
    """One page's display list."""

    id: str
    width: float
    height: float
    runs: list[GlyphRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    title: str = ""
    circles: list[Circle] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    makeup: dict | None = None  # automatic makeup's quality figures, when the page had auto places
    placed: dict = field(default_factory=dict)  # article id -> the Place makeup gave it
    alternatives: list = field(default_factory=list)  # further placements makeup found, best first
    trim: tuple[float, float, float, float] | None = None  # TrimBox (x0, y0, x1, y1), proofs only
    bleed: tuple[float, float, float, float] | None = None  # BleedBox, proofs only
