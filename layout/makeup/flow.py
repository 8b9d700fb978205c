"""Flows: text poured through chains of column frames.

The types, and how they combine:

- :class:`ColumnFrame`: one stretch of one text column on one page: its
  left x and measure in points, its first body line and its number of
  lines. A column cut by a photo is two frames of the same column.
- A flow chain is a tuple of frames in reading order: a rectangle (one frame
  a column), an L-shaped block (columns of two heights), columns shortened
  by a photo (text wrap), and a jump (the frames of the first part, then
  those of the continuation on a later page) are all chains.
- :class:`Copy`: the text to pour, as paragraphs of ``(text, role)`` spans
  with a kind (byline, body, jump); it is broken into :class:`FlowLine` s
  at a measure, and can be broken again from any line's start at another
  measure (SILE's push-back at a frame of another width).
- :func:`balance` and :func:`fill` give each line its slot (frame, line):
  balanced, every column ends within one line of the others; filled, the
  frames are used in order to their foot (a jump's first part).

The names follow the field (frame, chain, measure, overset) and the Typst and
WeasyPrint habit of keeping the state of a pour in plain values
(shared/docs/code-examples.md 2, 3, 6).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..text import chars as C
from ..text.bylines import byline_lines
from ..text.compose import ComposeStyle, Line
from ..text.fonts import FontSet
from ..text.overset import compose_within


@dataclass(frozen=True)
class ColumnFrame:
    """A stretch of a text column.

    Attributes:
        page: the page id.
        x: the left edge, points.
        measure: the line length, points.
        first_row: the first body line (1-based, from the type area's top).
        rows: body lines.
        column: the text column of the block this stretch belongs to
            (0-based, in reading order), for balancing.
    """

    page: str
    x: float
    measure: float
    first_row: int
    rows: int
    column: int = 0

    @property
    def last_row(self) -> int:
        """The frame's last body line."""
        return self.first_row + self.rows - 1


@dataclass(frozen=True)
class FlowLine:
    """A composed line of a copy: ``kind`` byline, body or jump; ``para``
    the paragraph it belongs to; the line itself knows where it starts in
    the paragraph's text (``line.start``)."""

    line: Line
    kind: str
    para: int


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a copy: its spans, its kind and its composition
    role (``body``, ``byline``, ``caption`` ...)."""

    spans: tuple[tuple[str, str], ...]
    kind: str = "body"
    role: str = "body"


@dataclass
class Copy:
    """Text to pour, paragraph by paragraph, with the faces and the house
    options (through ``style``: role, measure -> ComposeStyle)."""

    paragraphs: list[Paragraph]
    fonts: FontSet
    style: object  # callable(role, measure, **own) -> ComposeStyle
    #: the most lines worth composing: paragraphs that start past it are
    #: carried as placeholder lines for the overset report, not composed
    #: (layout.text.overset), so a huge article stays linear
    room: int = 10 ** 9
    _cache: dict = field(default_factory=dict, repr=False)

    def lines(self, measure: float, first: int = 0, start: int = 0) -> list[FlowLine]:
        """The copy from paragraph ``first``, character ``start`` on, broken
        into lines at ``measure`` points. A paragraph entered in its middle
        is set without its first-line indent."""
        key = (measure, first, start)
        if key not in self._cache:
            out: list[FlowLine] = []
            for n in range(first, len(self.paragraphs)):
                par = self.paragraphs[n]
                spans = list(par.spans)
                own = {}
                if n == first and start:
                    spans, own = _cut_spans(spans, start), {"indent": 0}
                st: ComposeStyle = self.style(par.role, measure, **own)
                if par.kind == "byline":
                    composed = byline_lines(spans[0][0], self.fonts, st, self.style(par.role, measure, indent=1))
                else:
                    composed = compose_within(spans, self.fonts, st, self.room - len(out))
                for ln in composed:
                    if n == first and start:
                        ln.start += start
                    out.append(FlowLine(ln, par.kind, n))
            self._cache[key] = out
        return self._cache[key]


def _cut_spans(spans: list[tuple[str, str]], start: int) -> list[tuple[str, str]]:
    """The spans from character ``start`` of their joined, normalized text."""
    out, pos = [], 0
    for text, role in spans:
        text = C.normalize(text)
        if pos + len(text) > start:
            out.append((text[max(0, start - pos):], role))
        pos += len(text)
    return out


def rest_from(copy: Copy, lines: list[FlowLine], used: int, measure: float, at: float) -> list[FlowLine]:
    """The copy after its first ``used`` lines of ``lines`` (broken at
    ``at`` points), for frames of ``measure`` points: the remaining lines
    themselves when the measure is the same, else the text broken again from
    the next line's start (a paragraph cut there goes on without indent)."""
    if used >= len(lines):
        return []
    if abs(measure - at) < 1e-6:
        return lines[used:]
    nxt = lines[used]
    return copy.lines(measure, nxt.para, nxt.line.start)


# ---------------------------------------------------------------- slots


def capacity(frames: Sequence[ColumnFrame], bottom: int | None = None) -> int:
    """Lines the frames hold down to body line ``bottom`` (None: all)."""
    total = 0
    for f in frames:
        last = f.last_row if bottom is None else min(f.last_row, bottom)
        total += max(0, last - f.first_row + 1)
    return total


def balance(frames: Sequence[ColumnFrame], n: int) -> list[tuple[int, int]] | None:
    """Slots ``(frame index, body line)`` for ``n`` lines poured so the
    columns are balanced: every frame is filled down to a common body line
    B (or B - 1 for the last ones, in reading order), the least B that holds
    the lines. So every column of the block ends within one line of the
    others (a column that ends higher is a short column of an L or a leg
    cut by a photo). Returns None when the frames hold fewer than ``n``.
    """
    if n <= 0:
        return []
    if capacity(frames) < n:
        return None
    lo = min(f.first_row for f in frames)
    hi = max(f.last_row for f in frames)
    bottom = next(b for b in range(lo, hi + 1) if capacity(frames, b) >= n)
    spare = capacity(frames, bottom) - n
    # the last ``spare`` frames that reach ``bottom`` stop a line higher
    short = set()
    for k in range(len(frames) - 1, -1, -1):
        if spare == 0:
            break
        if frames[k].first_row <= bottom <= frames[k].last_row:
            short.add(k)
            spare -= 1
    slots = []
    for k, f in enumerate(frames):
        last = min(f.last_row, bottom - (1 if k in short else 0))
        slots += [(k, r) for r in range(f.first_row, last + 1)]
    return slots


def fill(frames: Sequence[ColumnFrame], n: int) -> list[tuple[int, int]]:
    """Slots for the first ``n`` lines (at most the frames' capacity) filled
    in reading order, each frame to its foot before the next."""
    slots = [(k, r) for k, f in enumerate(frames) for r in range(f.first_row, f.last_row + 1)]
    return slots[:max(0, n)]


def bottom_of(frames: Sequence[ColumnFrame], slots: list[tuple[int, int]]) -> int:
    """The lowest body line a pour uses (0 when none)."""
    return max((r for _, r in slots), default=0)
