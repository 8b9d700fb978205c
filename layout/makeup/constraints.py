"""The makeup editor's rules as checks on a finished placement.

Plain geometry on grid rectangles, independent of the solver: every
placement :func:`layout.makeup.solve.solve` returns is checked here again,
and the tests use these checks to judge placements they build by hand. The
rule names are those of :data:`layout.makeup.solve.RULES`; docs/makeup.md
gives their sources.

Units: basic columns and body lines, 1-based (:class:`Place`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..model.issue import Place

if TYPE_CHECKING:
    from .solve import Placed, Problem


@dataclass(frozen=True)
class Block:
    """A rectangle on the page as the rules see it.

    Attributes:
        id: the item's or fixed block's id.
        place: where it is.
        head: (first line, lines) of its head, or None.
        photo: it holds a photo.
        fixed: it is a fixed block or a blank, not a placed item.
    """

    id: str
    place: Place
    head: tuple[int, int] | None = None
    photo: bool = False
    fixed: bool = False


def _right(p: Place) -> int:
    return p.column + p.span  # the first column right of the place


def _foot(p: Place) -> int:
    return p.row + p.height  # the first line below the place


def rects(p: Place) -> list[Place]:
    """The rectangles of a place: itself, or an L's upper part and its leg."""
    if p.leg is None:
        return [p]
    return [Place(p.column, p.span, p.row, p.height), Place(p.leg.column, p.leg.span, p.row + p.height, p.leg.height)]


def _rows_overlap(a: Place, b: Place) -> bool:
    return a.row < _foot(b) and b.row < _foot(a)


def _columns_overlap(a: Place, b: Place) -> bool:
    return a.column < _right(b) and b.column < _right(a)


def side_by_side(a: Place, b: Place) -> bool:
    """``b`` stands directly right of ``a``: they share a vertical side."""
    return any(_right(x) == y.column and _rows_overlap(x, y) for x in rects(a) for y in rects(b))


def stacked(a: Place, b: Place) -> bool:
    """``b`` stands directly below ``a``: they share a horizontal side."""
    return any(_foot(x) == y.row and _columns_overlap(x, y) for x in rects(a) for y in rects(b))


def adjacent(a: Place, b: Place) -> bool:
    """The two places share a side of at least one cell."""
    return side_by_side(a, b) or side_by_side(b, a) or stacked(a, b) or stacked(b, a)


def cells(p: Place):
    for q in rects(p):
        for c in range(q.column, _right(q)):
            for r in range(q.row, _foot(q)):
                yield c, r


def feet(p: Place) -> dict[int, int]:
    """The last line of the place in each of its columns."""
    out: dict[int, int] = {}
    for c, r in cells(p):
        out[c] = max(out.get(c, 0), r)
    return out


def l_underset(text_lines: int, top: int, p: Place) -> int | None:
    """Lines of white at the foot of an L's leg when ``text_lines`` lines
    are poured into it under a head area of ``top`` lines (the columns
    balanced to a common bottom line, as layout.makeup.flow.balance pours
    them), or None when they do not fit or do not reach into the leg."""
    leg = p.leg
    depth = p.height - top  # lines of text in a column of the upper part
    if depth < 1 or leg is None:
        return None
    rest = text_lines - (p.span - leg.span) * depth
    need = -(-rest // leg.span) - depth  # lines of each leg column below the upper part
    if need < 1 or need > leg.height:
        return None
    return leg.height - need


def overlaps(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """Pairs of blocks that share a cell (no_overlap)."""
    return [(a.id, b.id) for n, a in enumerate(blocks) for b in blocks[n + 1:]
            if any(_rows_overlap(x, y) and _columns_overlap(x, y) for x in rects(a.place) for y in rects(b.place))]


def holes(columns: int, lines: int, blocks: Sequence[Block]) -> int:
    """Cells of the grid no block covers (filled)."""
    covered = {cell for b in blocks for cell in cells(b.place)}
    return sum((c, r) not in covered for c in range(1, columns + 1) for r in range(1, lines + 1))


def tombstones(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """Pairs (left, right) of side-by-side blocks whose heads share a body
    line (碰题, tombstoning: no_tombstones)."""
    out = []
    for a in blocks:
        for b in blocks:
            if a.head and b.head and side_by_side(a.place, b.place):
                (s1, n1), (s2, n2) = a.head, b.head
                if s1 < s2 + n2 and s2 < s1 + n1:
                    out.append((a.id, b.id))
    return out


def stacked_photos(blocks: Sequence[Block]) -> list[tuple[str, str]]:
    """Pairs (upper, lower) of photo blocks stacked directly (photos_not_stacked)."""
    return [(a.id, b.id) for a in blocks for b in blocks if a.photo and b.photo and stacked(a.place, b.place)]


def blocks(problem: Problem, placed: Sequence[Placed]) -> list[Block]:
    """The fixed blocks and the placed items as :class:`Block` values."""
    out = [Block(f.id, f.place, (f.head_row, f.head_lines) if f.head_row is not None and f.head_lines else None,
                 f.has_photo, True) for f in problem.fixed]
    items = {it.id: it for it in problem.items}
    for p in placed:
        it = items[p.id]
        o = it.options[p.option]
        out.append(Block(p.id, p.place, (p.head_row, head_lines(o, p.place)) if p.head_row is not None else None,
                         it.photo))
    return out


def head_lines(o, place: Place) -> int:
    """Lines of a placed block's head area: the option's, and the lines
    the block has beyond its copy up to its stretch (a story's head area
    takes them: layout.makeup.story.HEAD_SLACK); an L's, the option's."""
    if place.leg is not None or not o.head_lines:
        return o.head_lines
    return o.head_lines + min(o.stretch, max(0, place.height - o.height))


def broken_rules(problem: Problem, placed: Sequence[Placed]) -> list[tuple[str, str]]:
    """Every rule the placement breaks, as (rule name, what), empty when it
    keeps them all. ``avoid`` rules (house) are costs, not checked here."""
    out: list[tuple[str, str]] = []
    h = problem.house
    bl = blocks(problem, placed)
    byid = {b.id: b for b in bl}
    items = {it.id: it for it in problem.items}
    if {p.id for p in placed} != set(items) or len(placed) != len(items):
        out.append(("filled", "not every item placed exactly once"))
    for p in placed:
        if not all(1 <= c <= problem.columns and 1 <= r <= problem.lines for c, r in cells(p.place)):
            out.append(("no_overlap", f"{p.id} off the grid"))
    out += [("no_overlap", f"{a} and {b}") for a, b in overlaps(bl)]
    n = holes(problem.columns, problem.lines, bl)
    if n:
        out.append(("filled", f"{n} cells uncovered"))
    for p in placed:
        it = items[p.id]
        o = it.options[p.option]
        q = p.place
        if q.leg is not None:
            # an L: all its text set (copy fitting's line count), its leg
            # flush with an edge and narrower, both parts legs of text
            top = 1 + o.head_offset + o.head_lines
            white = l_underset(it.text_lines, top, q) if it.text_lines and not it.photo else None
            leg = q.leg
            if (q.span != o.span or white is None or white > h.max_underset or leg.span >= q.span
                    or leg.column not in (q.column, q.column + q.span - leg.span)
                    or q.height - top < h.min_leg or leg.height < h.min_leg):
                out.append(("no_overset", f"{p.id}: {q} is no L of option {p.option} ({o.span} columns, "
                                          f"{it.text_lines} lines of text)"))
            elif p.underset != white:
                out.append(("no_overset", f"{p.id}: underset {p.underset} miscounted"))
        else:
            if q.span != o.span or not o.height <= q.height <= o.height + o.stretch + h.max_underset:
                out.append(("no_overset", f"{p.id}: {q} is not option {p.option} ({o.span} x {o.height}"
                                          f"-{o.height + o.stretch + h.max_underset})"))
            if p.underset != max(0, q.height - o.height - o.stretch):
                out.append(("no_overset", f"{p.id}: underset {p.underset} miscounted"))
        if p.place.span > problem.max_span(it):
            out.append(("span_from_length", f"{p.id}: {p.place.span} columns, at most {problem.max_span(it)}"))
        if it.span_range and not it.span_range[0] <= p.place.span <= it.span_range[1]:
            out.append(("span_hint", f"{p.id}: {p.place.span} columns outside {it.span_range}"))
    lead = next((p for p in placed if p.priority == 1), None)
    if lead is not None:
        size = items[lead.id].options[lead.option].head_size
        for p in placed:
            o = items[p.id].options[p.option]
            if p is not lead and o.leads and size not in o.leads:
                out.append(("no_overset", f"{p.id}: option {p.option} is fitted under a lead of "
                                          f"{'/'.join(f'{s:g}' for s in o.leads)} pt, the lead's is {size:g} pt"))
        c0, r0 = problem.first_free
        corner = lead.place.column if h.lead == "top-left" else _right(lead.place) - 1
        if (corner, lead.place.row) != (c0, r0):
            out.append(("lead_top_left", f"{lead.id} at column {corner}, line {lead.place.row}; "
                                         f"expected column {c0}, line {r0}"))
        wider = [p.id for p in placed if p.place.span > lead.place.span]
        if wider:
            out.append(("lead_widest", f"{', '.join(wider)} wider than the lead, {lead.id}"))
        for p in placed:
            if p.priority == 2:
                below = stacked(lead.place, p.place)
                beside = side_by_side(lead.place, p.place) or side_by_side(p.place, lead.place)
                if not (below or beside):
                    out.append(("second_beside_lead", f"{p.id} neither beside nor below {lead.id}"))
    for p in placed:
        if items[p.id].bottom:
            for c, last in sorted(feet(p.place).items()):
                if last != problem.lines and (c, last + 1) not in problem.occupied:
                    out.append(("bottom_at_foot", f"{p.id}: column {c} ends on line {last}, "
                                                  "not on the foot or a fixed block"))
                    break
        near = items[p.id].near
        if near is not None and not adjacent(byid[p.id].place, byid[near].place):
            out.append(("near", f"{p.id} does not touch {near}"))
    if h.tombstones == "forbid":
        placed_ids = {p.id for p in placed}
        out += [("no_tombstones", f"{a} and {b}") for a, b in tombstones(bl)
                if a in placed_ids or b in placed_ids]
    if h.photos_stacked == "forbid":
        placed_ids = {p.id for p in placed}
        out += [("photos_not_stacked", f"{a} over {b}") for a, b in stacked_photos(bl)
                if a in placed_ids or b in placed_ids]
    return out
