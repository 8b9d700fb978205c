"""Automatic page makeup (组版): place a page's stories on the grid.

The solver sees numbers, never glyphs. Copy fitting (``measure_story``)
says, for each story, the ways it can be set: a width in basic columns and a
height in body lines (:class:`Option`). The page holds fixed things with
coordinates (masthead, ear, advertisements, blank rectangles:
:class:`Fixed`) and the stories to place (:class:`Item`). :func:`solve`
returns a :class:`Makeup`: the places of every story, best first, with
quality figures, or, when no full solution exists, a :class:`Diagnosis` that
says why in numbers (lines missing, lines to cut, rules that clash).

Units: columns are basic columns (基本栏) and rows are body lines, both
1-based from the top left of the type area, as in :class:`Place`. An area
is counted in *column-lines*: one basic column by one body line (13
characters of 小五 on the broadsheet grid). Every block keeps its first line
free for the rule above it, so a block's height counts that line.

The rules a makeup editor follows are named constraints (:data:`RULES`);
docs/makeup.md gives their sources and says which are house choices. A
page is searched first by :mod:`layout.makeup.stacks` (column stacks under
the lead, L-shaped stories, pure Python), then, if that finds nothing, by
the CP-SAT model of :mod:`layout.makeup.cpsat` (imported only then), which
also makes the diagnosis. Every placement returned is checked again,
independently (:mod:`layout.makeup.constraints`): a placement that breaks a
rule is never returned as a solution.

Determinism: the stack search counts its work in steps and tries things in
a fixed order; CP-SAT runs one worker with a fixed seed and a
deterministic work limit (its deterministic time, not the clock), so the
same input gives the same places on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, Sequence

from ..model.errors import InputError
from ..model.issue import Place
from . import constraints as C

#: The named rules of makeup, with a one-line statement each. docs/makeup.md
#: gives each one's source (newspaper-editing practice or a house choice).
RULES: dict[str, str] = {
    "no_overlap": "blocks, fixed items and blanks do not overlap",
    "filled": "every cell of the type area is covered by a block, a fixed item or a blank: no holes",
    "no_overset": "each story is set in one of the ways copy fitting found for its whole copy",
    "span_from_length": "a story is not spread over more columns than its length fills "
                        "(at least `min_leg` body lines a column)",
    "span_hint": "a story's span within the editor's `span` hint",
    "lead_top_left": "the lead (头条, priority 1) at the top left of the free area (house: or top right)",
    "lead_widest": "the lead as wide as the widest story on the page",
    "second_beside_lead": "the second story (二条, priority 2) beside or below the lead",
    "bottom_at_foot": "a 倒头条 (`bottom`) stands on the foot of the type area or on a fixed item",
    "no_tombstones": "heads of blocks side by side do not share a line (碰题, tombstoning)",
    "photos_not_stacked": "two blocks with photos are not stacked directly one on the other",
    "near": "stories that belong together (`near`) share a side",
    "priority_order": "more important stories come earlier in reading order (top left first); a cost, not a bar",
}

#: The objective's weights both searches use (stacks.py, cpsat.py), in
#: tenths of a column-line of white: a column-line of underset; an
#: option's cost unit (Option.cost is in column-lines of white); two ranked
#: stories in the wrong reading order.
WHITE = 10
COST = 10
INVERSION = 200
#: The work limit, as a share of the house's, of the last try when no page
#: keeps the forbidden rules: CP-SAT with them avoided at a cost instead.
SOFT_SHARE = 0.6
#: The diagnosis's work limit as a share of the house's work_limit.
DIAGNOSIS_SHARE = 0.4
#: The share of the work limit the column-stack search (layout.makeup.stacks)
#: may take before the CP-SAT model gets the rest.
STACKS_SHARE = 0.8

#: What the diagnosis says stopped a full solution.
Reason = Literal["too-little-copy", "too-much-copy", "rules", "no-option", "does-not-fit", "work-limit"]


@dataclass(frozen=True)
class Option:
    """One way copy fitting can set a story (all copy set, no overset).

    Attributes:
        span: the block's width in basic columns.
        height: the block's height in body lines when the copy exactly fills
            it: the free first line (rule line), photos, the head area and
            the balanced body.
        stretch: body lines the block may grow with no white showing (head
            space, a taller photo); free of cost.
        head_offset: body lines between the block's free first line and the
            first line of its head: 0 for a head at the top, the photo's
            height (with caption) for a head below a photo.
        head_lines: body lines the head area takes (kicker, headline, deck,
            byline); 0 for a block without a head (photo news, an ad).
        photo_top: a photo stands at the block's top.
        cost: how bad this setting is, in column-lines of white space it is
            as bad as (underset copy fitting cannot avoid, a photo cropped).
        head_size: the headline's size in points (for the lead's
            settings: every other head on the page is one 号 below it).
        leads: the lead's headline sizes (points) this setting holds
            under: a story's head is one 号 below the lead's, so copy
            fitting gives its settings once for each size the lead may
            take; empty: under any lead.
    """

    span: int
    height: int
    stretch: int = 0
    head_offset: int = 0
    head_lines: int = 1
    photo_top: bool = False
    cost: float = 0.0
    head_size: float = 0.0
    leads: tuple[float, ...] = ()


@dataclass(frozen=True)
class Item:
    """A story (or photo-news block) to place.

    Attributes:
        id: the article id, unique on the page.
        options: the ways copy fitting can set it, any order.
        priority: 1 = lead (头条), 2 = second (二条), ...; None: no rank.
        bottom: a 倒头条: its foot on the foot of the type area (or on a
            fixed item such as an ad across the foot).
        span_range: the editor's hint (min, max) basic columns, inclusive.
        near: the id of another item or fixed block it must share a side with.
        has_photo: the block holds a photo (for photos_not_stacked); any
            option with ``photo_top`` implies it.
        body_lines: the body's length in lines of one basic column, for
            span_from_length; None: the rule is not applied.
        field: where the story is in its manifest (``articles[2].place``),
            for error messages.
        text_lines: the lines the block pours (body, bylines, a jump
            line) at the measure of one basic column, when every option
            sets them in basic columns under a head of ``1 + head_offset +
            head_lines`` lines with no photo: the story may then also be
            set as an L (layout.makeup.stacks). None: rectangles only.
    """

    id: str
    options: tuple[Option, ...]
    priority: int | None = None
    bottom: bool = False
    span_range: tuple[int, int] | None = None
    near: str | None = None
    has_photo: bool = False
    body_lines: int | None = None
    field: str = ""
    text_lines: int | None = None

    @property
    def photo(self) -> bool:
        return self.has_photo or any(o.photo_top for o in self.options)


@dataclass(frozen=True)
class Fixed:
    """Anything with coordinates: masthead, ear, advertisement, a story the
    editor placed, or a ``blank`` the editor leaves empty on purpose.

    Attributes:
        id: unique on the page.
        place: where it is.
        kind: ``masthead``, ``ear``, ``ad``, ``story``, ``blank`` ...
        has_photo: it holds a photo (photos_not_stacked).
        head_row: the body line its head starts on, or None (no head).
        head_lines: body lines its head takes.
    """

    id: str
    place: Place
    kind: str = "fixed"
    has_photo: bool = False
    head_row: int | None = None
    head_lines: int = 1


@dataclass(frozen=True)
class MakeupHouse:
    """House options of makeup.

    Attributes:
        lead: ``top-left`` (default) or ``top-right``: where the lead stands.
        max_underset: body lines of white a block may end with (underset)
            beyond its option's stretch; README: underset over 2 lines is
            reported.
        min_leg: body lines a column of a story's text must have at least
            (span_from_length): a story of ``body_lines`` lines takes at most
            ``body_lines // min_leg`` columns (at least 1).
        tombstones: ``forbid`` (default) or ``avoid`` (allowed at a cost,
            reported as head collisions).
        photos_stacked: ``forbid`` (default) or ``avoid``.
        fallback: when no page keeps a forbidden rule within the work
            limit (or none exists), give the page that breaks the forbidden
            rules the fewest times (CP-SAT with them avoided at a cost,
            SOFT_SHARE of the limit) instead of none; its quality figures
            count the breaks. Off here (the rules as bars); on for builds
            (layout.makeup.autoplace.makeup_house), which warn of each.
        distinct_rows: for alternatives: another solution counts as distinct
            when a story changes column or span, or moves this many lines.
        work_limit: the work for one solution: the column-stack search's
            steps (layout.makeup.stacks.STEPS_PER_UNIT a unit) for up to
            STACKS_SHARE of it, then CP-SAT deterministic time for the rest
            (finding a placement, then improving it); DIAGNOSIS_SHARE of it
            more for a diagnosis. About seconds of one core
            (benchmarks/bench_makeup.py measures it). Each alternative has
            its own.
        seed: CP-SAT's random seed.
    """

    lead: Literal["top-left", "top-right"] = "top-left"
    max_underset: int = 2
    min_leg: int = 12
    tombstones: Literal["forbid", "avoid"] = "forbid"
    photos_stacked: Literal["forbid", "avoid"] = "forbid"
    distinct_rows: int = 10
    work_limit: float = 2.5
    seed: int = 20201221
    fallback: bool = False


@dataclass(frozen=True)
class Placed:
    """A story's place in a solution.

    Attributes:
        id: the item's id.
        place: where it stands.
        option: the index in the item's ``options`` of the setting used.
        underset: body lines of white at the block's foot (beyond stretch).
        head_row: the body line its head starts on (None: no head).
        rank: its position in reading order among the page's blocks (fixed
            and placed; top row first, then left to right), 1-based.
        priority: the item's priority, to compare with ``rank``.
    """

    id: str
    place: Place
    option: int
    underset: int
    head_row: int | None
    rank: int
    priority: int | None


@dataclass(frozen=True)
class Quality:
    """Quality figures of a solution.

    Attributes:
        white_lines: underset on the page in column-lines.
        white_percent: that as a percentage of the type area.
        blank_lines: column-lines the editor left blank on purpose.
        head_collisions: pairs of side-by-side blocks whose heads share a line.
        stacked_photos: pairs of photo blocks stacked directly.
        priority_inversions: pairs of ranked stories (priority 2 and up)
            in the wrong reading order, as both searches count them (the
            lead has lead_top_left; a 倒头条's place is the foot).
        cost: the objective (white column-lines x 10 + option costs x 10 +
            200 a priority inversion + penalties of ``avoid`` rules).
    """

    white_lines: int
    white_percent: float
    blank_lines: int
    head_collisions: int
    stacked_photos: int
    priority_inversions: int
    cost: int


@dataclass(frozen=True)
class Solution:
    """One full placement: every item placed, every rule kept."""

    placed: tuple[Placed, ...]
    quality: Quality
    optimal: bool

    def places(self) -> dict[str, Place]:
        """The places by item id."""
        return {p.id: p.place for p in self.placed}


@dataclass(frozen=True)
class Cut:
    """Copy to cut from a story: ``lines`` body lines of its block at
    ``span`` columns, ``lines * span`` column-lines of text."""

    id: str
    lines: int
    span: int

    @property
    def column_lines(self) -> int:
        return self.lines * self.span


@dataclass(frozen=True)
class Diagnosis:
    """Why no full solution exists, in numbers.

    Attributes:
        reason: the main reason (see :data:`Reason`).
        message: the reason in one or a few sentences for the editor.
        missing: column-lines of the page no story can fill (too little copy).
        cuts: stories to cut and by how much (too much copy).
        held: stories that do not fit on the page at all.
        broken: rules the nearest placement still breaks, with counts.
        sketch: the nearest placement found (holes, cut stories): for the
            editor to look at, never to be built.
        proved: no full placement exists (else the search ran out of work).
        least: the numbers are the least change (the relaxed search was
            solved to optimality), not just one change that works.
    """

    reason: Reason
    message: str
    missing: int = 0
    cuts: tuple[Cut, ...] = ()
    held: tuple[str, ...] = ()
    broken: tuple[tuple[str, int], ...] = ()
    sketch: tuple[Placed, ...] = ()
    proved: bool = False
    least: bool = False


@dataclass(frozen=True)
class Makeup:
    """What :func:`solve` returns.

    Attributes:
        solutions: full placements, best first (empty when none exists).
        diagnosis: why there is no solution (None when there is one).
        work: work spent, all searches together: the stack search's steps
            (layout.makeup.stacks.STEPS_PER_UNIT a unit) and CP-SAT's
            deterministic time.
    """

    solutions: tuple[Solution, ...]
    diagnosis: Diagnosis | None = None
    work: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.solutions)

    @property
    def best(self) -> Solution:
        """The best solution.

        Raises:
            LookupError: there is none; the diagnosis says why.
        """
        if not self.solutions:
            raise LookupError(self.diagnosis.message if self.diagnosis else "no solution")
        return self.solutions[0]


# ---------------------------------------------------------------- the problem


@dataclass(frozen=True)
class Candidate:
    """An option kept after the span rules: its index in the item's
    options and the option."""

    index: int
    option: Option


@dataclass(frozen=True)
class Problem:
    """The checked input the model is built from.

    Attributes:
        columns, lines: the grid.
        fixed: fixed blocks and blanks.
        items: the items to place.
        candidates: for each item, the options the span rules keep.
        house: house options.
        free: free column-lines (not fixed, not blank).
        free_by_column: free lines in each column (index 0 = column 1).
        first_free: the (column, row) the lead's corner must take.
    """

    columns: int
    lines: int
    fixed: tuple[Fixed, ...]
    items: tuple[Item, ...]
    candidates: tuple[tuple[Candidate, ...], ...]
    house: MakeupHouse
    free: int
    free_by_column: tuple[int, ...]
    first_free: tuple[int, int] | None
    occupied: frozenset[tuple[int, int]] = field(repr=False, default=frozenset())

    def max_span(self, item: Item) -> int:
        """The widest span span_from_length and span_hint allow."""
        hi = self.columns
        if item.body_lines is not None:
            hi = min(hi, max(1, item.body_lines // self.house.min_leg))
        if item.span_range is not None:
            hi = min(hi, item.span_range[1])
        return hi

    def floors(self, column: int) -> tuple[int, ...]:
        """The rows a block's foot may take in ``column`` to stand on the
        foot of the type area or on a fixed item (bottom_at_foot)."""
        return tuple(r for r in range(1, self.lines + 1)
                     if (column, r) not in self.occupied and (r == self.lines or (column, r + 1) in self.occupied))


def _check(columns: int, lines: int, fixed: Sequence[Fixed], items: Sequence[Item], house: MakeupHouse,
           source: str) -> None:
    """Refuse input that makes no sense, naming the field."""
    if columns < 1 or lines < 1:
        raise ValueError(f"a grid of at least 1 x 1, got {columns} x {lines}")
    if house.lead not in ("top-left", "top-right"):
        raise InputError(source, "house.makeup.lead", "top-left or top-right", house.lead)
    for name in ("tombstones", "photos_stacked"):
        if getattr(house, name) not in ("forbid", "avoid"):
            raise InputError(source, f"house.makeup.{name}", "forbid or avoid", getattr(house, name))
    if house.min_leg < 1 or house.max_underset < 0 or house.work_limit <= 0:
        raise ValueError("house: min_leg >= 1, max_underset >= 0, work_limit > 0")
    ids: dict[str, str] = {}
    cells: dict[tuple[int, int], str] = {}
    for f in fixed:
        p = f.place
        if f.id in ids:
            raise InputError(source, f.id, "an id not used before on the page", f.id)
        ids[f.id] = "fixed"
        if not (1 <= p.column and p.span >= 1 and p.column + p.span - 1 <= columns
                and 1 <= p.row and p.height >= 1 and p.row + p.height - 1 <= lines):
            raise InputError(source, f"{f.id}.place", f"a place inside the {columns} x {lines} grid", p)
        for c in range(p.column, p.column + p.span):
            for r in range(p.row, p.row + p.height):
                if (c, r) in cells:
                    raise InputError(source, f"{f.id}.place",
                                     f"a place not overlapping '{cells[(c, r)]}' (column {c}, line {r})")
                cells[(c, r)] = f.id
    leads = [it for it in items if it.priority == 1]
    if len(leads) > 1:
        raise InputError(source, f"{leads[1].field or leads[1].id}.priority",
                         f"one lead (priority 1) a page (also {leads[0].id})", 1)
    for it in items:
        where = it.field or it.id
        if it.id in ids:
            raise InputError(source, where, "an id not used before on the page", it.id)
        ids[it.id] = "item"
        if it.priority is not None and (not isinstance(it.priority, int) or it.priority < 1):
            raise InputError(source, f"{where}.priority", "a whole number from 1 (1 = lead)", it.priority)
        if it.span_range is not None:
            lo, hi = it.span_range
            if not 1 <= lo <= hi <= columns:
                raise InputError(source, f"{where}.span", f"a span or [min, max] from 1 to {columns}",
                                 list(it.span_range))
        if it.text_lines is not None and it.text_lines < 1:
            raise ValueError(f"{it.id}: text_lines >= 1 or None, got {it.text_lines}")
        for o in it.options:
            if o.span < 1 or o.height < 1 or o.stretch < 0 or o.head_offset < 0 or o.head_lines < 0:
                raise ValueError(f"{it.id}: an option with span, height >= 1 and stretch, head offset, "
                                 f"head lines >= 0, got {o}")
    for it in items:
        if it.near is not None and (it.near not in ids or it.near == it.id):
            raise InputError(source, f"{it.field or it.id}.near", "the id of another article on the page", it.near)


def _problem(columns: int, lines: int, fixed: Sequence[Fixed], items: Sequence[Item],
             house: MakeupHouse) -> tuple[Problem, list[str]]:
    """The problem with each item's options filtered by the span rules
    (repair: an option the rules forbid is dropped), and a sentence for
    each item left without options."""
    occupied = frozenset((c, r) for f in fixed
                         for c in range(f.place.column, f.place.column + f.place.span)
                         for r in range(f.place.row, f.place.row + f.place.height))
    free_by_column = tuple(sum((c, r) not in occupied for r in range(1, lines + 1)) for c in range(1, columns + 1))
    order = [(r, c) for r in range(1, lines + 1)
             for c in (range(1, columns + 1) if house.lead == "top-left" else range(columns, 0, -1))]
    first = next(((c, r) for r, c in order if (c, r) not in occupied), None)
    problem = Problem(columns, lines, tuple(fixed), tuple(items), (), house, sum(free_by_column), free_by_column,
                      first, occupied)
    kept, empty = [], []
    for it in items:
        top = problem.max_span(it)
        lo = it.span_range[0] if it.span_range else 1
        cands = tuple(Candidate(k, o) for k, o in enumerate(it.options)
                      if lo <= o.span <= top and o.height <= lines)
        if not cands:
            why = []
            if not it.options:
                why.append("copy fitting found no way to set it")
            if it.body_lines is not None and top < columns:
                why.append(f"its {it.body_lines} body lines fill at most "
                           f"{_count(max(1, it.body_lines // house.min_leg), 'column')} "
                           f"at {house.min_leg} lines a column (span_from_length)")
            if it.span_range:
                why.append(f"the span hint allows {it.span_range[0]}-{it.span_range[1]} columns")
            spans = sorted({o.span for o in it.options})
            if it.options and min(o.height for o in it.options) > lines:
                why.append(f"every option is taller than the page's {lines} lines (overset at every span)")
            elif spans:
                why.append(f"its options have spans {', '.join(map(str, spans))}"
                           f" and heights from {min(o.height for o in it.options)} lines")
            empty.append(f"{it.id}: no option is allowed ({'; '.join(why)})")
        kept.append(cands)
    problem = Problem(columns, lines, tuple(fixed), tuple(items), tuple(kept), house, problem.free,
                      free_by_column, first, occupied)
    return problem, empty


def area_bounds(problem: Problem) -> tuple[int, int]:
    """The least and the most column-lines the items can cover, whatever
    their places: (sum of the smallest option areas, sum of the largest
    with stretch and the house's underset)."""
    u = problem.house.max_underset
    lo = 0
    for it, cands in zip(problem.items, problem.candidates):
        least = min(c.option.span * c.option.height for c in cands)
        if it.text_lines and not it.photo:
            # an L holds its text with no line to spare in its upper part
            least = min([least] + [c.option.span * (1 + c.option.head_offset + c.option.head_lines) + it.text_lines
                                   for c in cands if c.option.span >= 2])
        lo += least
    hi = sum(max(c.option.span * (c.option.height + c.option.stretch + u) for c in cands)
             for cands in problem.candidates)
    return lo, hi


def solve(grid_columns: int, grid_lines: int, fixed: Sequence[Fixed], items: Sequence[Item],
          alternatives: int = 1, house: MakeupHouse | None = None, source: str = "") -> Makeup:
    """Place ``items`` on a grid of ``grid_columns`` basic columns by
    ``grid_lines`` body lines around ``fixed``.

    Args:
        grid_columns, grid_lines: the grid (broadsheet 8 x 115, tabloid 6 x 80).
        fixed: blocks that stay where they are, and blanks.
        items: the stories to place, each with its copy-fitting options.
        alternatives: how many distinct solutions to return at most, best
            first (distinct: see :attr:`MakeupHouse.distinct_rows`).
        house: house options (defaults: :class:`MakeupHouse`).
        source: the page manifest, for error messages.

    Returns:
        a :class:`Makeup`: solutions, or none and a diagnosis in numbers.
        Every solution is checked against all the rules again before it is
        returned.

    Raises:
        InputError: ids used twice, fixed places off the grid or overlapping,
            two leads, a ``near`` naming no block of the page, a span hint
            off the grid.
        ValueError: a malformed option (span or height below 1).
        ImportError: OR-Tools is not installed (it is a dependency).
    """
    house = house or MakeupHouse()
    _check(grid_columns, grid_lines, fixed, items, house, source)
    problem, empty = _problem(grid_columns, grid_lines, fixed, items, house)
    if empty:
        return Makeup((), Diagnosis("no-option", " ".join(empty)))
    if not items:
        if problem.free:
            return Makeup((), Diagnosis("too-little-copy", f"no stories to place: {problem.free} column-lines "
                                                           "of the page are empty", missing=problem.free))
        return Makeup((Solution((), quality(problem, ()), True),))
    from . import stacks

    solutions: list[Solution] = []
    work = 0.0
    proved = False
    # first the column-stack search (fast on pages of that structure, and
    # the one that sets stories as L shapes); OR-Tools is imported only
    # when a page needs more
    found = stacks.run(problem, house.work_limit * STACKS_SHARE)
    work += found.work
    if found.placed is not None:
        solutions.append(_solution(problem, found))
    if len(solutions) < max(1, alternatives):
        from . import cpsat

        left = max(house.work_limit - found.work, house.work_limit * (1 - STACKS_SHARE))
        for n in range(len(solutions), max(1, alternatives)):
            raw = cpsat.run(problem, relaxed=False, exclude=[sol.placed for sol in solutions],
                            work_limit=left if n == 0 else None)
            work += raw.work
            if raw.placed is None:
                # CP-SAT's model has rectangles only: its proof holds when no
                # story may be set as an L
                proved = raw.infeasible and not solutions and not any(it.text_lines for it in items)
                break
            solutions.append(_solution(problem, raw))
    if not solutions and house.fallback and "forbid" in (house.tombstones, house.photos_stacked):
        # no page within the limit keeps heads apart and photos unstacked as
        # rules: rather than no page at 1 a.m., the best page that breaks
        # them as few times as it can (CP-SAT weighs each break, AVOID), its
        # breaks counted in the quality figures and reported by the caller
        from . import cpsat

        soft = replace(house, tombstones="avoid", photos_stacked="avoid")
        soft_problem, _ = _problem(grid_columns, grid_lines, fixed, items, soft)
        raw = cpsat.run(soft_problem, relaxed=False, work_limit=house.work_limit * SOFT_SHARE)
        work += raw.work
        if raw.placed is not None:
            solutions.append(_solution(soft_problem, raw))
    if solutions:
        # best first: a later search that was stopped by its limit may still
        # beat an earlier one that was stopped too
        solutions.sort(key=lambda sol: sol.quality.cost)
        return Makeup(tuple(solutions), None, round(work, 3))
    diagnosis, extra, found = diagnose(problem, proved)
    if found is not None:
        return Makeup((found,), None, round(work + extra, 3))
    return Makeup((), diagnosis, round(work + extra, 3))


def _solution(problem: Problem, raw) -> Solution:
    """A solution from the solver's result, checked against every rule.

    Raises:
        RuntimeError: the placement breaks a rule (the model and the checks
            disagree: a bug, never a silently bad page).
    """
    placed = _finish(problem, raw.placed)
    broken = C.broken_rules(problem, placed)
    if broken:
        raise RuntimeError(f"makeup: the solver's placement breaks {broken}")
    return Solution(placed, quality(problem, placed, raw.objective), getattr(raw, "optimal", False))


def _finish(problem: Problem, raw: Sequence[tuple[int, int, Place, int]]) -> tuple[Placed, ...]:
    """Placed values from (item index, candidate index, place, underset),
    with reading-order ranks over fixed and placed blocks."""
    keys = sorted([(f.place.row, f.place.column, f.id) for f in problem.fixed if f.kind != "blank"]
                  + [(pl.row, pl.column, problem.items[i].id) for i, _, pl, _ in raw])
    rank = {key[2]: n + 1 for n, key in enumerate(keys)}
    out = []
    for i, k, pl, under in raw:
        it = problem.items[i]
        cand = problem.candidates[i][k]
        o = cand.option
        head = pl.row + 1 + o.head_offset if o.head_lines else None
        pl = replace(pl, photo="top" if o.photo_top else None)
        out.append(Placed(it.id, pl, cand.index, under, head, rank[it.id], it.priority))
    return tuple(out)


def quality(problem: Problem, placed: Sequence[Placed], objective: int = 0) -> Quality:
    """The quality figures of a placement (see :class:`Quality`)."""
    white = sum(p.underset * (p.place.leg.span if p.place.leg else p.place.span) for p in placed)
    area = problem.columns * problem.lines
    blank = sum(f.place.span * f.place.height for f in problem.fixed if f.kind == "blank")
    bottom = {it.id for it in problem.items if it.bottom}
    # as both searches count them: stories of priority 2 and up (the lead has its own rule), 倒头条 aside
    ranked = [p for p in placed if p.priority is not None and p.priority > 1 and p.id not in bottom]
    inversions = sum(1 for a in ranked for b in ranked
                     if a.priority < b.priority and (b.place.row, b.place.column) < (a.place.row, a.place.column))
    blocks = C.blocks(problem, placed)
    return Quality(white, round(100 * white / area, 2), blank, len(C.tombstones(blocks)),
                   len(C.stacked_photos(blocks)), inversions, objective)


def diagnose(problem: Problem, proved: bool) -> tuple[Diagnosis, float, Solution | None]:
    """Why no full solution: solve the relaxed model (holes, cut copy,
    stories held over and broken rules allowed at a cost) and report what
    its nearest placement needed, in numbers.

    Args:
        problem: the problem.
        proved: the full model was proved to have no solution (else the
            search ran out of work).

    Returns:
        (diagnosis, work spent, a full solution if the relaxed search
        happened to find one that breaks nothing).
    """
    from . import cpsat

    lo, hi = area_bounds(problem)
    free = problem.free
    bound = ""
    if lo > free:
        bound = (f"too much copy: even set at their smallest the stories need {lo} column-lines "
                 f"and the page has {free} free; cut at least {lo - free}")
        proved = True
    elif hi < free:
        bound = (f"too little copy: the stories fill at most {hi} of the page's {free} free column-lines; "
                 f"{free - hi} missing")
        proved = True
    raw = cpsat.run(problem, relaxed=True, work_limit=problem.house.work_limit * DIAGNOSIS_SHARE)
    if raw.placed is None:
        if bound:
            reason: Reason = "too-much-copy" if lo > free else "too-little-copy"
            return Diagnosis(reason, bound, missing=max(0, free - hi), proved=True), raw.work, None
        return Diagnosis("work-limit", "no placement found within the work limit "
                                       f"({problem.house.work_limit} deterministic seconds)"
                                       + ("; none exists" if proved else "; not proved impossible"),
                         proved=proved), raw.work, None
    placed = _finish(problem, raw.placed)
    cuts = tuple(Cut(problem.items[i].id, n, span) for i, n, span in raw.cuts if n > 0)
    held = tuple(problem.items[i].id for i in raw.held)
    missing = raw.holes
    if not (cuts or held or missing) and not C.broken_rules(problem, placed):
        return Diagnosis("work-limit", ""), raw.work, _solution(problem, raw)
    broken = C.broken_rules(problem, placed) if not (held or missing) else []
    counts: dict[str, int] = {}
    for name, _ in broken:
        if name not in ("filled", "no_overset"):
            counts[name] = counts.get(name, 0) + 1
    parts = []
    if held:
        need = {problem.items[i].id: min(c.option.span * c.option.height for c in problem.candidates[i])
                for i in raw.held}
        parts.append("does not fit on the page: " + ", ".join(f"{h} (needs {_count(need[h], 'column-line')})" for h in held))
    if cuts:
        parts.append("too much copy: cut " + ", ".join(
            f"{c.id} by {_count(c.lines, 'line')} at {_count(c.span, 'column')} "
            f"({_count(c.column_lines, 'column-line')})" for c in cuts))
    if missing and (hi < free and not held):
        parts.append(f"too little copy: {_count(missing, 'column-line')} of the page stay empty"
                     f" (the stories fill at most {hi} of {free})")
    elif missing:
        # the copy could fill the page (or a story is held over): the holes
        # come from the stories' shapes and the rules, not from the copy
        parts.append(f"{_count(missing, 'column-line')} of the page stay empty: the stories' shapes and the rules "
                     f"leave holes (set at their largest the stories could fill {min(hi, free)} of the {free} "
                     "free); try other span hints, fewer rules (house.makeup) or other stories")
    rules = [f"{RULES[name]} ({name}: {what})" for name, what in broken if name in counts]
    if rules:
        parts.append("rules that cannot all be kept: " + "; ".join(rules))
    if not parts:
        parts.append("no placement keeps every rule")
    head = ("no placement exists; the nearest one" if proved else
            "no placement found within the work limit (not proved impossible); the nearest one found")
    exact = " (the least change)" if raw.optimal else ""
    message = f"{head}{exact}: " + "; ".join(parts)
    reason = ("does-not-fit" if held else "too-much-copy" if cuts else "too-little-copy" if missing and hi < free
              else "rules" if proved or missing else "work-limit")
    return Diagnosis(reason, message, missing, cuts, held, tuple(sorted(counts.items())), placed, proved,
                     raw.optimal), raw.work, None


def _count(n: int, word: str) -> str:
    """``1 line``, ``2 lines``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
