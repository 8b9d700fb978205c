"""Composed lines -> glyph runs of the display list."""

from __future__ import annotations

from ..text.compose import Line, is_selector
from ..text.fonts import FontSet
from .display import GlyphRun


def line_runs(line: Line, x0: float, y: float, size: float, fonts: FontSet, article: str = "",
              body: bool = False) -> list[GlyphRun]:
    """A composed line as glyph runs (one per face, role and horizontal
    scale) with its left edge at ``x0`` and its baseline at ``y`` (points).
    A character no face has keeps face ``""``: the renderer draws a marked
    box for it. ``fonts`` is unused today and kept for faces chosen late."""
    runs: list[GlyphRun] = []
    for g in line.glyphs:
        if g.ch == " " or (g.face is None and is_selector(g.ch)):
            continue
        face = g.face or ""
        if runs and runs[-1].face == face and runs[-1].role == g.role and runs[-1].hscale == g.scale:
            runs[-1].xs.append(x0 + g.x)
            runs[-1].text += g.ch
        else:
            runs.append(GlyphRun(face, size, y, [x0 + g.x], g.ch, g.role, article, body, g.scale))
    return runs
