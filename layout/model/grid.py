"""The page grid: trim, type area, basic columns and body lines.

Numbers from shared/docs/newspaper-typesetting.md section 1: the broadsheet
(对开) trim is 390 x 545 mm with 8 basic columns (基本栏) of 13 characters of
小五 (9 pt) and 1-character gutters: 8 x 13 + 7 = 111 characters = 999 pt.
The line pitch is 12 pt (9 pt type, 3 pt = 1/3 em line gap), and the type
area is a whole number of lines: 115 lines = 1380 pt = 486.8 mm.

Coordinates are PDF points with the origin at the trim's bottom left.
Columns and rows are 1-based, as editors count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .units import EM_BOX_ASCENT, mm


@dataclass(frozen=True)
class Grid:
    """A grid preset.

    Attributes:
        name: preset name.
        trim_width, trim_height: trim size in points.
        columns: basic columns.
        chars: characters per basic column.
        size: body size in points (the grid's em).
        pitch: body line pitch in points.
        lines: body lines in the type area.
    """

    name: str
    trim_width: float
    trim_height: float
    columns: int
    chars: int
    size: float
    pitch: float
    lines: int

    @property
    def column_width(self) -> float:
        """A basic column's measure in points."""
        return self.chars * self.size

    @property
    def gutter(self) -> float:
        """The gutter (栏空) in points: one character."""
        return self.size

    @property
    def area_width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def area_height(self) -> float:
        return self.lines * self.pitch

    @property
    def left(self) -> float:
        """x of the type area's left edge."""
        return (self.trim_width - self.area_width) / 2

    @property
    def top(self) -> float:
        """y of the type area's top edge (the first line's em-box top)."""
        return self.trim_height - (self.trim_height - self.area_height) / 2

    def column_x(self, column: int) -> float:
        """x of the left edge of basic column ``column`` (1-based)."""
        return self.left + (column - 1) * (self.column_width + self.gutter)

    def span_width(self, span: int) -> float:
        """Width in points of ``span`` basic columns with their inner gutters."""
        return span * self.column_width + (span - 1) * self.gutter

    def block_rects(self, place, height: int) -> list[tuple[float, float, float, float]]:
        """The area of a block at ``place`` (layout.model.issue.Place) set
        ``height`` body lines tall, its leg included: (x0, y0, x1, y1)
        rectangles in points, from the em-box top of its first line to the
        em-box foot of its last, across its columns widened by half a gutter
        at each side. A caption across inner gutters or a mark hanging past
        the measure lies inside it; neighbouring blocks' areas touch and
        never overlap. Used for hot zones and build.json's regions."""
        half = self.gutter / 2

        def rect(column: int, span: int, row: int, lines: int) -> tuple[float, float, float, float]:
            x0 = self.column_x(column) - half
            return (x0, self.line_top(row + lines - 1) - self.size, x0 + self.span_width(span) + 2 * half,
                    self.line_top(row))

        out = [rect(place.column, place.span, place.row, height)]
        if place.leg:
            out.append(rect(place.leg.column, place.leg.span, place.row + height, place.leg.height))
        return out

    def line_top(self, row: float) -> float:
        """y of the em-box top of body line ``row`` (1-based; may be fractional)."""
        return self.top - (row - 1) * self.pitch

    def baseline(self, row: float, size: float | None = None) -> float:
        """Baseline y of a line of type ``size`` whose em box starts at the top
        of body line ``row``; CJK faces put the baseline 0.88 em below the
        em-box top (the ideographic em box runs from -0.12 to 0.88 em)."""
        return self.line_top(row) - EM_BOX_ASCENT * (size or self.size)


PRESETS = {
    "broadsheet": Grid("broadsheet", mm(390), mm(545), 8, 13, 9.0, 12.0, 115),
    "tabloid": Grid("tabloid", mm(275), mm(390), 6, 11, 9.0, 12.0, 80),
}


def preset(name: str, file: Path | str = "", field: str = "format") -> Grid:
    """The grid preset by name.

    Raises:
        InputError: an unknown preset.
    """
    if name not in PRESETS:
        raise InputError(file, field, f"a grid preset: {', '.join(PRESETS)}", name)
    return PRESETS[name]
