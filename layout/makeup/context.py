"""What every block setter needs, in one frozen value, and the findings
the makeup floor reports.

A :class:`SetContext` carries the page grid, the faces, the house options
and the page id; block setters are plain functions of it (no setter object
holds state between blocks). Findings are built by the constructors below,
so every overset or underset report has the same fields: ``lines`` and
``chars`` always, ``text`` where text was left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.grid import Grid
from ..model.issue import House
from ..text.compose import ComposeStyle, Line
from ..text.fonts import FontSet
from ..text.styles import style_for
from .display import Finding, GlyphRun
from .runs import line_runs


@dataclass(frozen=True)
class SetContext:
    """The page a block is set on.

    Attributes:
        grid: the page grid (points, body lines).
        fonts: the faces by role.
        house: the issue's house options.
        page: the page id (for findings).
        checks: check each body line as set (kinsoku, ink past the
            measure: layout.makeup.block.check_line); copy fitting, which
            only counts lines, leaves them out.
    """

    grid: Grid
    fonts: FontSet
    house: House
    page: str
    checks: bool = True

    def style(self, role: str, size: float | None = None, measure: float | None = None, **own) -> ComposeStyle:
        """The composition style of ``role`` (layout.text.styles) with the
        house options; size and measure default to the body size and a
        basic column."""
        return style_for(role, self.house, size or self.grid.size, measure or self.grid.column_width, **own)

    def runs(self, line: Line, x0: float, y: float, size: float | None = None, article: str = "",
             body: bool = False) -> list[GlyphRun]:
        """A composed line as glyph runs with its left edge at ``x0`` and its
        baseline at ``y`` (points)."""
        return line_runs(line, x0, y, size or self.grid.size, self.fonts, article, body)


def missing_glyph(ch: str, page: str, article: str, where: str, file: str = "", position: int = 0) -> Finding:
    """The finding for a character no face has: code point, page, article,
    the part it is in (head, body, caption, masthead), and when known the
    manifest file and 1-based character position."""
    at = ", ".join(x for x in (file, where, f"character {position}" if position else "") if x)
    data = {"codepoint": f"U+{ord(ch):04X}", "char": ch, "where": where}
    if file:
        data |= {"file": file, "position": position}
    return Finding("missing_glyph", "error", page, article, f"U+{ord(ch):04X} {ch} has no glyph in any face ({at})",
                   data)


def overset(page: str, article: str, lines: int, chars: int, text: str, where: str = "text") -> Finding:
    """Text that does not fit its block (error): ``lines`` lines and
    ``chars`` characters of ``where`` (text, head, advert, masthead) left
    out, ``text`` what they say."""
    return Finding("overset", "error", page, article,
                   f"overset: {lines} lines, {chars} characters of the {where} do not fit",
                   {"lines": lines, "chars": chars, "text": text, "where": where})


def underset(page: str, article: str, lines: int, chars: int) -> Finding:
    """A block whose content ends early (warning): ``lines`` empty body
    lines over its columns, room for about ``chars`` characters."""
    return Finding("underset", "warning", page, article,
                   f"underset: {lines} lines of the block are left empty (room for about {chars} characters)",
                   {"lines": lines, "chars": chars})
