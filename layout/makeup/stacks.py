"""Makeup by column stacks: a deterministic search, tried before CP-SAT.

A modular newspaper page is, most of the time, a few vertical stacks of
blocks (column groups), under or beside the lead, each filled to the foot
of the type area or to a fixed block. This module searches that structure
(docs/makeup.md, 3):

1. The lead (头条, priority 1), if the page has one, stands on the first
   free cell (top left, or top right as the house says) at each of its
   settings and heights in turn; a text-only lead may also be an L (its
   head across the top, a leg of text under part of it). Stories of the
   lead's height may stand beside it (a top band).
2. Then the columns are filled left to right, a stack at a time: a group of
   neighbouring columns with the same free lines, filled top to bottom with
   a set of stories of the stack's width whose heights add up exactly to
   those lines, each story anywhere in its option's [height, height +
   stretch + max_underset]. A stack may open with an L-shaped story: below
   it the stack goes on in the leg's columns or beside the leg, and the
   other columns become stacks of their own.
3. Every rule is checked as blocks are put down: heads of neighbouring
   blocks share no line (head areas grown by the spare lines the setter
   gives them), photo blocks are not stacked, a 倒头条 ends on the foot,
   the 二条 touches the lead, ``near`` stories touch, every story is set
   as fitted under the lead's headline size.

Pruning: a stack's lines must be a sum the stories left can take at its
width (a bit set of sums); the free cells left must lie between the least
and the most the stories left can cover; an oracle (:meth:`_Search.can`)
says whether the stories left can fill the columns left as stacks at all
(lines, and stacks that start side by side on one line need one opening
without a head); failed states are remembered.

Tasks: each of the lead's settings with at most 0, 1 or 2 L shapes, in
rounds of growing step budgets (:meth:`_Search.run`). The first placement
found is improved by branch and bound (white lines, option costs, L shapes,
priority inversions, counted as in layout.makeup.cpsat) until the work
limit. Work is counted in steps, never in time, and the order is fixed, so
the result is the same on every machine. The search is complete for its
structure, not for every placement: when it finds nothing,
layout.makeup.solve gives the page to the CP-SAT model.

Units: basic columns and body lines, 1-based (:class:`Place`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model.issue import Leg, Place
from .solve import COST, INVERSION, WHITE

if TYPE_CHECKING:
    from .solve import Problem

L_COST = 100  # an L-shaped block (a rectangle is the norm): as bad as 10 column-lines of white
#: Steps (blocks tried) of the search per unit of work; one unit is about a
#: second of one core here, like CP-SAT's deterministic time
#: (benchmarks/bench_makeup.py measures both).
STEPS_PER_UNIT = 200000
#: Steps a task of the search gets in its first round (four times as many
#: in each next one).
ROUND = 20000
#: Orders of one set of stories in a stack that are tried.
ORDERS = 2

_FREE, _EDGE = -1, -2


@dataclass
class Found:
    """What the search found.

    Attributes:
        placed: (item index, candidate index, place, underset) per item, or
            None when nothing was found.
        objective: the cost of the placement (see the module docstring).
        work: units of work spent (steps / STEPS_PER_UNIT).
        exhausted: the search ran to its end (the placement is the best of
            the stack structure; None found means none of that structure).
        steps: blocks tried.
    """

    placed: list[tuple[int, int, Place, int]] | None = None
    objective: int = 0
    work: float = 0.0
    exhausted: bool = False
    steps: int = 0


class _Stop(Exception):
    """The work limit is reached (or, with ``first``, a placement found)."""


@dataclass(frozen=True)
class _Cand:
    """A candidate setting as the search uses it."""

    k: int  # index into the problem's candidates of the item
    span: int
    low: int  # height
    free: int  # height + stretch: no white up to here
    high: int  # height + stretch + max_underset
    head: int  # head-line bit mask relative to the block's first line (0: no head)
    cost: int  # COST x the option's cost
    top: int  # 1 + head_offset + head_lines: the first text line, counted from the block's first line
    leads: tuple = ()  # the lead's headline sizes it holds under (empty: any)
    size: float = 0.0  # its headline's size

    def head_at(self, height: int) -> int:
        """The head mask of a rectangle ``height`` lines tall: the head area
        takes the lines the block has beyond its copy, up to its stretch
        (story.HEAD_SLACK), as layout.makeup.story.set_story gives them."""
        if not self.head:
            return 0
        extra = min(self.free - self.low, max(0, height - self.low))
        return self.head | (((1 << extra) - 1) << (self.head.bit_length())) if extra else self.head


@dataclass
class _Block:
    item: int
    cand: _Cand
    column: int
    row: int
    span: int
    height: int
    leg: Leg | None = None
    under: int = 0
    cost: int = 0


@dataclass
class _State:
    steps: int = 0
    best: list | None = None
    best_cost: int | None = None
    failed: set = field(default_factory=set)


def _lshapes(problem: "Problem", item: int, cand: _Cand, column: int, row: int, room) -> list:
    """The L shapes of a text-only story at ``cand``'s span with its top
    left corner at (column, row): (upper height, Leg, underset) with a leg
    of at least ``min_leg`` lines and an upper part of at least ``min_leg``
    lines of text, all its text set (the columns balanced to a common
    bottom line, as layout.makeup.flow.balance pours them) and at most
    ``max_underset`` lines of white at the leg's foot. ``room(c, r)``:
    free lines in column c from line r down."""
    it = problem.items[item]
    n = it.text_lines
    h = problem.house
    w = cand.span
    out = []
    if n is None or w < 2:
        return out
    first = room(column, row)
    for c in range(column + 1, column + w):
        first = min(first, room(c, row))
    for upper in range(cand.top + h.min_leg, first + 1):
        depth = upper - cand.top  # text lines of a column of the upper part
        if w * depth >= n:
            break
        for lw in range(w - 1, 0, -1):
            rest = n - (w - lw) * depth
            d = -(-rest // lw)  # lines in each leg column (balanced)
            need = d - depth  # lines of the leg below the upper part
            if need < h.min_leg:
                continue
            for side in (0, 1):
                lc = column if side == 0 else column + w - lw
                space = min(room(c, row + upper) if row + upper <= problem.lines else 0 for c in range(lc, lc + lw))
                for u in range(0, h.max_underset + 1):
                    if need + u <= space:
                        out.append((upper, Leg(lc, lw, need + u), u))
    return out


def run(problem: "Problem", work_limit: float, first: bool = False) -> Found:
    """Search placements of the stack structure (module docstring) within
    ``work_limit`` units of work; the best found, or none (``first``: stop
    at the first found)."""
    s = _Search(problem, max(1, int(work_limit * STEPS_PER_UNIT)))
    s.first = first
    return s.run()


class _Search:
    def __init__(self, problem: "Problem", limit: int):
        p = self.p = problem
        self.limit = limit
        self.first = False
        self.halt = False  # stop the whole search (the first placement, when ``first``)
        self.st = _State()
        C, L = p.columns, p.lines
        self.C, self.L = C, L
        U = p.house.max_underset
        # the search keeps these rules also when the house only avoids them
        # (a placement that keeps them is the cheapest); CP-SAT, behind it,
        # weighs breaking them
        self.tomb = True
        self.stack_photos = True
        owner = self.owner = [[_EDGE] * (L + 2) for _ in range(C + 2)]
        for c in range(1, C + 1):
            for r in range(1, L + 1):
                owner[c][r] = _FREE
        self.heads = [0] * (C + 2)  # bit r set: cell (c, r) is in a head
        self.photo_owner: dict[int, bool] = {}
        self.nfixed = len(p.fixed)
        for k, f in enumerate(p.fixed):
            q = f.place
            self.photo_owner[k] = f.has_photo
            for c in range(q.column, q.column + q.span):
                for r in range(q.row, q.row + q.height):
                    owner[c][r] = k
                if f.head_row is not None and f.head_lines:
                    self.heads[c] |= ((1 << f.head_lines) - 1) << f.head_row
        self.n = len(p.items)
        self.cands: list[list[_Cand]] = []
        for cs in p.candidates:
            row = []
            for k, cd in enumerate(cs):
                o = cd.option
                mask = ((1 << o.head_lines) - 1) << (1 + o.head_offset) if o.head_lines else 0
                row.append(_Cand(k, o.span, o.height, o.height + o.stretch, min(L, o.height + o.stretch + U), mask,
                                 round(COST * o.cost), 1 + o.head_offset + o.head_lines, tuple(o.leads),
                                 o.head_size))
            self.cands.append(row)
        self.all_cands = self.cands
        for i, it in enumerate(p.items):
            self.photo_owner[self.nfixed + i] = it.photo
        self.photo = [it.photo for it in p.items]
        self.lead = next((i for i, it in enumerate(p.items) if it.priority == 1), None)
        # the editor's order: priority first, then as listed
        self.order = sorted(range(self.n), key=lambda i: (p.items[i].priority or 99, i))
        ids = {it.id: i for i, it in enumerate(p.items)}
        self.near_of = {i: ids.get(it.near) for i, it in enumerate(p.items) if it.near is not None}
        self.near_fixed = {i: next(f.place for f in p.fixed if f.id == it.near)
                           for i, it in enumerate(p.items) if it.near is not None and it.near not in ids}
        partners = {j for j in self.near_of.values() if j is not None} | set(self.near_of)
        self.plain = [it.priority is None and not it.bottom and i not in partners for i, it in enumerate(p.items)]
        self.blocks: list[_Block | None] = [None] * self.n
        self._iv: list = [None] * (C + 2)  # intervals by column, None: to compute
        self.maxspan = C
        self._reach: dict = {}
        self._fixed_heads = self.heads[:]
        self._can: dict = {}
        self.use(None)
        self.max_ells = 0  # at most this many L shapes; with that many down, the oracle prunes
        self.ells = 0  # L shapes down

    def use(self, size: float | None) -> None:
        """The settings the stories have under a lead whose headline is
        ``size`` points (None: all of them, before the lead is placed)."""
        self.cands = [cs if i == self.lead or size is None else [c for c in cs if not c.leads or size in c.leads]
                      for i, cs in enumerate(self.all_cands)]
        # interchangeable stories (the same settings, no rank or ties) are tried once a place
        classes: dict = {}
        self.sig = [classes.setdefault((tuple(self.cands[i]), self.photo[i]), len(classes)) if self.plain[i]
                    else -1 - i for i in range(self.n)]
        # opens[i][w]: story i has a setting w columns wide with no head on
        # its first line (no head, or a photo above it)
        self.opens = [{c.span: True for c in cs if not c.head or c.head & 2 == 0} for cs in self.cands]
        self._reach.clear()

    # ------------------------------------------------------------ grid

    def room(self, c: int, r: int) -> int:
        """Free lines in column c from line r down."""
        for a, b in self.intervals(c):
            if a <= r <= b:
                return b - r + 1
        return 0

    def cells(self, b: _Block):
        for c in range(b.column, b.column + b.span):
            foot = b.row + b.height
            if b.leg and b.leg.column <= c < b.leg.column + b.leg.span:
                foot += b.leg.height
            yield c, b.row, foot

    def put(self, b: _Block) -> list:
        k = self.nfixed + b.item
        old = []
        mask = (b.cand.head if b.leg else b.cand.head_at(b.height)) << b.row
        for c, r0, r1 in self.cells(b):
            col = self.owner[c]
            for r in range(r0, r1):
                col[r] = k
            self._iv[c] = None
            old.append((c, self.heads[c]))
            self.heads[c] |= mask
        self.blocks[b.item] = b
        if b.leg is not None:
            self.ells += 1
        return old

    def take(self, b: _Block, old: list) -> None:
        if self.blocks[b.item] is not b:
            return  # a search stopped at the work limit and already restored
        for c, r0, r1 in self.cells(b):
            col = self.owner[c]
            for r in range(r0, r1):
                col[r] = _FREE
            self._iv[c] = None
        for c, h in old:
            self.heads[c] = h
        self.blocks[b.item] = None
        if b.leg is not None:
            self.ells -= 1

    def step(self) -> None:
        self.st.steps += 1
        if self.st.steps > self.limit:
            raise _Stop

    # ------------------------------------------------------------ rules

    def fits(self, i: int, cand: _Cand, column: int, row: int, span: int, height: int, leg: Leg | None = None) -> bool:
        """The rules a block can be checked against when it is put down:
        heads (no_tombstones) with the blocks left and right of it that
        are already there, photos above and below (photos_not_stacked),
        a 倒头条's foot (bottom_at_foot), the 二条 beside the lead, near."""
        if self.tomb and cand.head:
            mask = (cand.head if leg else cand.head_at(height)) << row
            if mask & (self.heads[column - 1] | self.heads[column + span]):
                return False
        it = self.p.items[i]
        feet = [(c, row + height + (leg.height if leg and leg.column <= c < leg.column + leg.span else 0))
                for c in range(column, column + span)]
        if self.photo[i] and self.stack_photos:
            for c in range(column, column + span):
                o = self.owner[c][row - 1]
                if o >= 0 and self.photo_owner[o]:
                    return False
            for c, f in feet:
                o = self.owner[c][f] if f <= self.L else _EDGE
                if o >= 0 and self.photo_owner[o]:
                    return False
        if it.bottom:
            for c, f in feet:
                if f <= self.L and not 0 <= self.owner[c][f] < self.nfixed:
                    return False
        if it.priority == 2 and self.lead is not None and self.blocks[self.lead] is not None:
            if not self._touch(_Block(i, cand, column, row, span, height, leg), self.blocks[self.lead], below=True):
                return False
        j = self.near_of.get(i)
        if j is not None and self.blocks[j] is not None:
            if not self._touch(_Block(i, cand, column, row, span, height, leg), self.blocks[j]):
                return False
        if i in self.near_fixed:
            q = self.near_fixed[i]
            if not self._touch(_Block(i, cand, column, row, span, height, leg), _Block(-1, cand, q.column, q.row,
                                                                                       q.span, q.height)):
                return False
        for j2, b2 in enumerate(self.blocks):
            if b2 is not None and self.near_of.get(j2) == i:
                if not self._touch(b2, _Block(i, cand, column, row, span, height, leg)):
                    return False
        return True

    def _touch(self, a: _Block, b: _Block, below: bool = False) -> bool:
        """Blocks a and b share a side of at least one cell (below=True:
        a stands right of, left of or below b, as second_beside_lead asks)."""
        ca = {(c, r) for c, r0, r1 in self.cells(a) for r in range(r0, r1)}
        cb = {(c, r) for c, r0, r1 in self.cells(b) for r in range(r0, r1)}
        for c, r in ca:
            if (c - 1, r) in cb or (c + 1, r) in cb or (c, r - 1) in cb:
                return True
            if not below and (c, r + 1) in cb:
                return True
        return False

    # ------------------------------------------------------------ bounds

    def widths_ok(self, i: int) -> list[_Cand]:
        return [c for c in self.cands[i] if c.span <= self.maxspan]

    def reach(self, span: int, left: int) -> int:
        """Bit set of the line counts a stack ``span`` columns wide can be
        filled with exactly by the stories in ``left`` (a bit set of items)."""
        key = (span, left)
        got = self._reach.get(key)
        if got is None:
            got = 1
            full = (1 << (self.L + 1)) - 1
            for i in range(self.n):
                if left >> i & 1:
                    add = 0
                    for c in self.cands[i]:
                        if c.span == span and c.span <= self.maxspan:
                            for h in range(c.low, c.high + 1):
                                add |= got << h
                    got = (got | add) & full
            self._reach[key] = got
        return got

    def area_ok(self, x: int, left: int) -> bool:
        """The free cells of columns x.. lie between the least and the most
        the stories in ``left`` can cover at spans that fit there."""
        free = 0
        for c in range(x, self.C + 1):
            for a, b in self.intervals(c):
                free += b - a + 1
        width = self.C - x + 1
        lo = hi = 0
        for i in range(self.n):
            if left >> i & 1:
                cs = [c for c in self.cands[i] if c.span <= min(width, self.maxspan)]
                if not cs:
                    return False
                least = min(c.span * c.low for c in cs)
                n = self.p.items[i].text_lines
                if n and not self.photo[i] and self.ells < self.max_ells:
                    least = min([least] + [c.span * c.top + n for c in cs if c.span >= 2])
                lo += least
                hi += max(c.span * c.high for c in cs)
        return lo <= free <= hi

    # ------------------------------------------------------------ search

    def run(self) -> Found:
        """Tasks, in rounds: each task is one of the lead's settings (its
        heights and, for an L, its legs) with at most 0, 1 or 2 L-shaped
        stories (once that many are down, the oracle :meth:`can` prunes).
        First every setting with rectangles only: the settings with no head
        on their first line first (a photo above the head: stories may
        start beside the lead), then those that leave the most room (a
        page is found sooner; a wider lead then only has to be cheaper). A task gets ROUND steps in the first round and
        four times as many in each next one; a task whose search runs to
        its end is done, and then, while no placement is found, the same
        setting with one more L shape (at most two) becomes a task. The
        failed states a task remembers are kept for its next round, so a
        round goes on where the last stopped."""
        exhausted = False
        st = self.st
        try:
            if self.lead is not None and self.p.first_free is not None:
                groups: dict = {}
                for b in self.lead_choices():
                    if self.lead_ok(b):
                        groups.setdefault((b.cand, b.leg is not None), []).append(b)
                order = sorted(groups, key=lambda g: (not g[0].head & 2 == 0, min(b.span * b.height for b in groups[g])))
                tasks = [(g, 0) for g in order if not g[1]] + [(g, 1) for g in order]
            else:
                groups, tasks = {None: None}, [(None, 0), (None, 1)]
            budget = ROUND
            while tasks:
                for task in list(tasks):
                    g, ells = task
                    if self.task(groups[g], ells, budget):
                        tasks.remove(task)
                        if st.best is None and ells == 1:
                            tasks.append((g, 2))
                budget *= 4
            exhausted = True
        except _Stop:
            pass
        out = Found(work=round(st.steps / STEPS_PER_UNIT, 3), exhausted=exhausted, steps=st.steps)
        if st.best is not None:
            out.placed = st.best
            out.objective = st.best_cost
        return out

    def task(self, blocks: list[_Block] | None, ells: int, budget: int) -> bool:
        """Search with the lead at ``blocks`` (None: no lead) and at most
        ``ells`` L shapes for at most ``budget`` steps; whether the search
        ran to its end (raises _Stop at the work limit)."""
        self.max_ells = ells
        if blocks is not None:
            return self.try_lead(blocks, budget)
        self.config = ()
        self._config_heads = self.heads[:]
        stop = min(self.limit, self.st.steps + budget)
        limit, self.limit = self.limit, stop
        try:
            self.columns(1, (1 << self.n) - 1, 0)
            return True
        except _Stop:
            if stop >= limit or self.halt:
                raise
            return False
        finally:
            self.limit = limit
            self._reset()

    def _reset(self) -> None:
        """Take up every block of a search stopped at its budget."""
        for col in self.owner:
            for r, o in enumerate(col):
                if o >= self.nfixed:
                    col[r] = _FREE
        self.heads[:] = self._fixed_heads
        self.blocks[:] = [None] * self.n
        self.ells = 0
        self._iv = [None] * (self.C + 2)

    def lead_ok(self, block: _Block) -> bool:
        self.maxspan = block.span
        self.use(block.cand.size)
        ok = all(self.widths_ok(j) for j in range(self.n) if j != self.lead) and \
            self.fits(self.lead, block.cand, block.column, block.row, block.span, block.height, block.leg)
        self.maxspan = self.C
        self.use(None)
        return ok

    def try_lead(self, blocks: list[_Block], budget: int) -> bool:
        """Search with the lead at each of ``blocks`` (one setting, its
        heights and legs) for at most ``budget`` steps in all; whether that
        search ended (raises _Stop at the work limit)."""
        self.maxspan = blocks[0].span
        self.use(blocks[0].cand.size)
        stop = min(self.limit, self.st.steps + budget)
        limit, self.limit = self.limit, stop
        ended = True
        try:
            for block in blocks:
                self.put(block)
                self.band(block, ((1 << self.n) - 1) & ~(1 << self.lead), block.cost, (block,))
                self._reset()
        except _Stop:
            ended = False
            if stop >= limit or self.halt:
                self.limit = limit
                raise
        finally:
            self.limit = limit
            self._reset()
            self.maxspan = self.C
            self.use(None)
        return ended

    def lead_choices(self) -> list[_Block]:
        """The lead's places: every setting and height on the first free
        cell, rectangles (widest first) before L shapes."""
        p, i = self.p, self.lead
        c0, r0 = p.first_free
        rects, ls = [], []
        for cand in sorted(self.cands[i], key=lambda c: (-c.span, c.k)):
            col = c0 if p.house.lead == "top-left" else c0 - cand.span + 1
            if col < 1 or col + cand.span - 1 > self.C:
                continue
            first = min(self.room(c, r0) for c in range(col, col + cand.span))
            for h in self.heights(cand, first):
                under = max(0, h - cand.free)
                rects.append(_Block(i, cand, col, r0, cand.span, h, None, under,
                                    WHITE * cand.span * under + cand.cost))
            if not self.photo[i]:
                for upper, leg, u in _lshapes(p, i, cand, col, r0, self.room):
                    ls.append(_Block(i, cand, col, r0, cand.span, upper, leg, u,
                                     WHITE * leg.span * u + cand.cost + L_COST))
        return rects + ls

    def band(self, last: _Block, left: int, cost: int, config: tuple) -> None:
        """The top band: the lead alone, or with stories beside it (away
        from the corner) of the lead's height, so the stacks below start on
        one line; then the stacks."""
        self.config = config
        self._config_heads = self.heads[:]
        self.columns(1, left, cost)
        if last.leg is not None:
            return
        lead = config[0]
        right = self.p.house.lead == "top-left"
        col = last.column + last.span if right else last.column - 1
        if not 1 <= col <= self.C or self.owner[col][lead.row] != _FREE:
            return
        seen = set()
        for i in self.order:
            if not left >> i & 1 or self.sig[i] in seen:
                continue
            seen.add(self.sig[i])
            for cand in self.cands[i]:
                if cand.span > self.maxspan or not cand.low <= lead.height <= cand.high:
                    continue
                x = col if right else col - cand.span + 1
                if x < 1 or x + cand.span - 1 > self.C:
                    continue
                if any(self.room(c, lead.row) < lead.height for c in range(x, x + cand.span)):
                    continue
                self.step()
                if not self.fits(i, cand, x, lead.row, cand.span, lead.height):
                    continue
                under = max(0, lead.height - cand.free)
                b = _Block(i, cand, x, lead.row, cand.span, lead.height, None, under,
                           WHITE * cand.span * under + cand.cost)
                old = self.put(b)
                try:
                    self.band(b, left & ~(1 << i), cost + b.cost, config + (b,))
                finally:
                    self.take(b, old)
                self.config = config

    def heights(self, cand: _Cand, room: int) -> list[int]:
        """Heights to try for a block with ``room`` free lines below its
        top: all the copy set without white first (the least first), then
        with underset; the whole room first when it is one of them."""
        top = min(cand.high, room)
        if top < cand.low:
            return []
        hs = list(range(cand.low, min(cand.free, top) + 1)) + list(range(cand.free + 1, top + 1))
        if room <= top:
            hs.remove(room)
            hs.insert(0, room)
        return hs

    def intervals(self, c: int) -> tuple:
        """The runs of free lines in column c: ((first, last), ...)."""
        got = self._iv[c]
        if got is None:
            got = self._iv[c] = self._intervals(c)
        return got

    def _intervals(self, c: int) -> tuple:
        col = self.owner[c]
        out, r = [], 1
        while r <= self.L:
            if col[r] == _FREE:
                a = r
                while r <= self.L and col[r] == _FREE:
                    r += 1
                out.append((a, r - 1))
            else:
                r += 1
        return tuple(out)

    def columns(self, x: int, left: int, cost: int) -> bool:
        """Fill columns x.. with the stories in ``left``, stack by stack."""
        st = self.st
        while x <= self.C and not self.intervals(x):
            x += 1
        if x > self.C:
            if left:
                return False
            self.finish(cost)
            return True
        key = (self._config_key(), x, left, self.heads[x - 1], self._near_key(left),
               tuple(self.intervals(c) for c in range(x, self.C + 1)), self.max_ells - self.ells)
        if key in st.failed:
            return False
        if not self.area_ok(x, left):
            return False
        if self.ells == self.max_ells and not self.can(x, left, bool(self.heads[x - 1] >> (self.intervals(x)[0][0] + 1) & 1)):
            return False
        ivs = self.intervals(x)
        widths = []
        w = 1
        while x + w - 1 <= self.C and w <= self.maxspan and self.intervals(x + w - 1) == ivs:
            widths.append(w)
            w += 1
        found = False
        best_before = st.best_cost
        for w in self.width_order(widths, left, ivs):
            for used, extra, end in self.stack(x, w, ivs, 0, ivs[0][0], left, 0):
                if st.best_cost is not None and cost + extra >= st.best_cost:
                    continue
                if self.columns(x + end, left & ~used, cost + extra):
                    found = True
        if not found and best_before is None and st.best_cost is None:
            st.failed.add(key)
        return found

    def can(self, x: int, left: int, must: bool = False) -> bool:
        """Whether the stories in ``left`` can fill columns x.. exactly as
        stacks of rectangles, counting lines (each story between its least
        and most lines) and openers: two stacks side by side that start on
        the same line need one of them to open with a story that has no
        head on its first lines (photo news, an advertisement, a photo
        above the head), and so does a stack beside a head that starts on
        its first line (``must``: the stack at x needs one). Order, heights
        and the other rules are not looked at: a necessary condition the
        search checks before it arranges a stack, so it never arranges
        stories whose set leaves the rest unfillable. Only while no story
        is set as an L (columns x.. then have the free lines the lead and
        the top band left)."""
        while x <= self.C and not self.intervals(x):
            x += 1
            must = False
        if x > self.C:
            return not left
        key = (self._config_key(), x, left, must)
        got = self._can.get(key)
        if got is not None:
            return got
        self.step()
        self._can[key] = False  # (no cycles: x grows)
        ivs = self.intervals(x)
        top = ivs[0][0]
        must = must or bool(self._config_heads[x - 1] >> (top + 1) & 1)
        ok = False
        w = 1
        while not ok and x + w - 1 <= self.C and w <= self.maxspan and self.intervals(x + w - 1) == ivs:
            need = must or bool(self._config_heads[x + w] >> (top + 1) & 1)
            nxt = x + w
            same = nxt <= self.C and bool(self.intervals(nxt)) and self.intervals(nxt)[0][0] == top
            for used in self._fills(w, ivs, 0, left):
                opener = any(used >> i & 1 and self.opens[i].get(w) for i in range(self.n))
                if need and not opener:
                    continue
                if self.can(nxt, left & ~used, same and not opener):
                    ok = True
                    break
            w += 1
        self._can[key] = ok
        return ok

    def _fills(self, w: int, ivs: tuple, k: int, left: int):
        """The sets of stories (bit sets) that can fill runs k.. of a stack
        w columns wide, by their lines; each set once."""
        if k == len(ivs):
            yield 0
            return
        room = ivs[k][1] - ivs[k][0] + 1
        seen = set()
        for used in self._subsets(w, room, left, 0, 0, 0, self._sorted_items(w, left)):
            for more in self._fills(w, ivs, k + 1, left & ~used):
                if used | more not in seen:
                    seen.add(used | more)
                    yield used | more

    def _sorted_items(self, w: int, left: int) -> list:
        """(item, least lines, most lines) of the stories in ``left`` that
        can be set w columns wide."""
        out = []
        for i in range(self.n):
            if left >> i & 1:
                cs = [c for c in self.cands[i] if c.span == w]
                if cs:
                    out.append((i, min(c.low for c in cs), max(c.high for c in cs)))
        return out

    def _subsets(self, w: int, room: int, left: int, n: int, lo: int, hi: int, items: list):
        """Sets of the stories ``items[n:]`` whose lines can add up to ``room``."""
        if lo <= room <= hi and lo > 0:
            yield 0
        for m in range(n, len(items)):
            i, a, b = items[m]
            if lo + a > room:
                continue
            self.step()
            for used in self._subsets(w, room, left, m + 1, lo + a, hi + b, items):
                yield used | (1 << i)

    def _config_key(self) -> tuple:
        return tuple((b.item, b.column, b.span, b.height, b.leg) for b in self.config)

    def _near_key(self, left: int):
        """Where the placed partners of stories still to place stand (their
        ``near`` rule depends on it)."""
        out = []
        for i, j in self.near_of.items():
            if j is None:
                continue
            if left >> i & 1 and self.blocks[j] is not None:
                b = self.blocks[j]
                out.append((j, b.column, b.row, b.span, b.height))
            if left >> j & 1 and self.blocks[i] is not None:
                b = self.blocks[i]
                out.append((i, b.column, b.row, b.span, b.height))
        return tuple(out)

    def width_order(self, widths: list[int], left: int, ivs: tuple) -> list[int]:
        """Stack widths to try: those that most stories still to place
        can take first, wider before narrower among equals."""
        def fit(w):
            return sum(1 for i in range(self.n) if left >> i & 1 and any(c.span == w for c in self.cands[i]))
        return sorted((w for w in widths if fit(w)), key=lambda w: (-fit(w), -w))

    def stack(self, x: int, w: int, ivs: tuple, k: int, row: int, left: int, extra: int):
        """Fill runs k.. of the stack of columns x..x+w-1 from ``row`` with
        stories from ``left``; yields (the stories used, their cost, the
        stack's width at its foot), each time with the blocks put down
        (taken up again after the yield).

        A run is filled by a sequence of stories at the stack's width whose
        heights add up to its lines: the sequence is chosen story by story
        (its least and most lines bound it), then its heights by
        :meth:`heights_for` (heads clear of their neighbours' and as little
        white as can be). Or the run opens with an L-shaped story, which
        narrows the stack: below it the stack goes on in its leg's columns
        (a leg on the left) or beside its leg (a leg on the right); the
        other columns are filled later as stacks of their own."""
        if k == len(ivs):
            yield 0, extra, w
            return
        first, last = ivs[k]
        if row > last:
            yield from self.stack(x, w, ivs, k + 1, ivs[k + 1][0] if k + 1 < len(ivs) else 0, left, extra)
            return
        room = last - row + 1
        if w >= 2 and self.ells < self.max_ells:
            yield from self.ell(x, w, ivs, k, row, left, extra)
        if self.reach(w, left) >> room & 1:
            yield from self.sequence(x, w, ivs, k, row, room, left, extra, [])

    def sequence(self, x: int, w: int, ivs: tuple, k: int, row: int, room: int, left: int, extra: int,
                 chosen: list, start: int = 0, lo: int = 0, hi: int = 0, used: int = 0):
        """Sets of stories (with their settings) filling ``room`` lines of
        the stack from ``row``, each set tried in at most ORDERS orders
        (the editor's first); see :meth:`stack`. Sets, not sequences, are
        enumerated: the stacks to the right do not depend on the order of
        this one but through its heads."""
        if chosen and lo <= room <= hi:
            rest_ok = True
            if self.ells == self.max_ells and k == len(ivs) - 1:
                nxt = x + w
                same = nxt <= self.C and bool(self.intervals(nxt)) and self.intervals(nxt)[0][0] == ivs[0][0]
                opener = any(used >> i & 1 and self.opens[i].get(w) for i in range(self.n))
                rest_ok = self.can(nxt, left & ~used, same and not opener)
            for placed in (self.orders(x, w, row, room, chosen) if rest_ok else ()):
                cost = extra
                olds = []
                for b in placed:
                    olds.append(self.put(b))
                    cost += b.cost
                try:
                    for u2, c2, end in self.stack(x, w, ivs, k, row + room, left & ~used, cost):
                        yield used | u2, c2, end
                finally:
                    for b, old in zip(reversed(placed), reversed(olds)):
                        self.take(b, old)
        if lo >= room:
            return
        rest = left & ~used
        if not rest or not self.reach(w, rest) >> (room - lo) & 1:
            return
        order = self.order
        seen = set()
        for n in range(start, len(order)):
            i = order[n]
            if not rest >> i & 1 or self.sig[i] in seen:
                continue
            seen.add(self.sig[i])
            for cand in self.cands[i]:
                if cand.span != w or lo + cand.low > room:
                    continue
                self.step()
                chosen.append((i, cand))
                yield from self.sequence(x, w, ivs, k, row, room, left, extra, chosen, n + 1, lo + cand.low,
                                         hi + cand.high, used | 1 << i)
                chosen.pop()

    def orders(self, x: int, w: int, row: int, room: int, chosen: list):
        """Up to ORDERS arrangements of the set ``chosen`` that keep the
        rules, each with its heights: orders are built story by story (the
        editor's first), each prefix carrying the lines its next story may
        start on with the least white to get there (dynamic programming),
        so a prefix no heights can keep is dropped with every order that
        begins with it."""
        end = row + room
        side = self.heads[x - 1] | self.heads[x + w]
        m = len(chosen)
        lows = [c.low for _, c in chosen]
        got = [0]
        levels: list[dict] = [{row: (0, 0, 0)}]  # start line -> (cost, height before, start before)
        perm: list[int] = []

        def rec(used: int, left_low: int):
            if got[0] >= ORDERS:
                return
            if len(perm) == m:
                if end in levels[-1]:
                    placed = self._unwind(x, w, row, end, chosen, perm, levels)
                    if placed is not None:
                        got[0] += 1
                        yield placed
                return
            states = levels[-1]
            last = len(perm) == m - 1
            for n, (i, cand) in enumerate(chosen):
                if used >> n & 1:
                    continue
                if self.p.items[i].bottom and not last:
                    continue
                if perm and self.stack_photos and self.photo[i] and self.photo[chosen[perm[-1]][0]]:
                    continue
                self.step()
                nxt: dict = {}
                after = left_low - cand.low
                for r, (cost, _, _) in states.items():
                    if self.tomb and cand.head and (cand.head << r) & side:
                        continue
                    for h in range(cand.low, cand.high + 1):
                        f = r + h
                        if last and f != end:
                            continue
                        if end - f < after:
                            break
                        if self.tomb and cand.head and (cand.head_at(h) << r) & side:
                            continue
                        c = cost + WHITE * w * max(0, h - cand.free)
                        if f not in nxt or c < nxt[f][0]:
                            nxt[f] = (c, h, r)
                if not nxt:
                    continue
                perm.append(n)
                levels.append(nxt)
                yield from rec(used | 1 << n, after)
                levels.pop()
                perm.pop()
                if got[0] >= ORDERS:
                    return

        yield from rec(0, sum(lows))

    def _unwind(self, x: int, w: int, row: int, end: int, chosen: list, perm: list,
                levels: list) -> list[_Block] | None:
        """The blocks of an arrangement found by :meth:`orders` (ending on
        line ``end - 1``), or None when a rule that needs the places
        (photos above or below, a 倒头条's foot, the 二条, near) is broken."""
        heights = []
        r = end
        for j in range(len(perm), 0, -1):
            _, h, r0 = levels[j][r]
            heights.append(h)
            r = r0
        heights.reverse()
        out = []
        r = row
        for n, h in zip(perm, heights):
            i, cand = chosen[n]
            under = max(0, h - cand.free)
            out.append(_Block(i, cand, x, r, w, h, None, under, WHITE * w * under + cand.cost))
            r += h
        for b in out:
            if not self.fits(b.item, b.cand, b.column, b.row, b.span, b.height):
                return None
        return out

    def ell(self, x: int, w: int, ivs: tuple, k: int, row: int, left: int, extra: int):
        """The run opens with an L-shaped story; see :meth:`stack`."""
        last = ivs[k][1]
        seen = set()
        for i in self.order:
            if not left >> i & 1 or self.sig[i] in seen:
                continue
            seen.add(self.sig[i])
            if self.p.items[i].text_lines is None or self.photo[i]:
                continue
            rest = left & ~(1 << i)
            for cand in self.cands[i]:
                if cand.span != w:
                    continue
                for upper, leg, u in _lshapes(self.p, i, cand, x, row, self.room):
                    if row + upper + leg.height - 1 > last:
                        continue
                    self.step()
                    if not self.fits(i, cand, x, row, w, upper, leg):
                        continue
                    b = _Block(i, cand, x, row, w, upper, leg, u, WHITE * leg.span * u + cand.cost + L_COST)
                    old = self.put(b)
                    try:
                        if leg.column == x:  # the stack goes on under the leg
                            sub = self.stack(x, leg.span, ivs, k, row + upper + leg.height, rest, extra + b.cost)
                        else:  # beside the leg
                            sub = self.stack(x, w - leg.span, ivs, k, row + upper, rest, extra + b.cost)
                        for used, cost, end in sub:
                            yield used | (1 << i), cost, end
                    finally:
                        self.take(b, old)

    def finish(self, cost: int) -> None:
        """A full placement: its cost with priority inversions; kept if best."""
        p = self.p
        ranked = [(p.items[i].priority, b.row, b.column) for i, b in enumerate(self.blocks)
                  if p.items[i].priority is not None and p.items[i].priority > 1 and not p.items[i].bottom]
        inv = sum(1 for a in ranked for b in ranked if a[0] < b[0] and (b[1], b[2]) < (a[1], a[2]))
        total = cost + INVERSION * inv
        st = self.st
        if st.best_cost is None or total < st.best_cost:
            st.best_cost = total
            st.best = [(i, b.cand.k, Place(b.column, b.span, b.row, b.height, None, b.leg), b.under)
                       for i, b in enumerate(self.blocks)]
            if self.first:
                self.halt = True
                raise _Stop
