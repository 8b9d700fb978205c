"""The makeup problem as a CP-SAT model (OR-Tools).

Imported only when a page needs solving (OR-Tools takes about 0.9 s to
import). Everything lives inside one :func:`run` call: no solver or model at
module level.

The model, for items i with kept options k (layout.makeup.solve.Candidate):

- ``z[i,k,s]``: option k chosen with the block's first column s, and
  ``hz[i,k,s]`` the block's height then (else 0). Column by column, every
  quantity the rules need is then linear: the block covers column c when
  one of its ``z`` with s <= c < s + span is set. ``x[i], y[i]`` are the
  block's first column and line, ``w[i], H[i]`` its width and height.
- no_overlap: one 2-D no-overlap over the blocks, the fixed blocks and the
  blanks.
- filled: the blocks' areas add up to the free column-lines, and in each
  column the heights of the blocks covering it add up to the column's free
  lines, those blocks not overlapping; with no overlap inside the grid,
  that leaves no hole.
- the other rules (layout.makeup.solve.RULES) as constraints on these
  variables; the method of :class:`_Model` that posts each one is named
  after it.

Objective (integers): 10 a column-line of underset, 10 x an option's cost,
200 a priority inversion, 5,000 a broken ``avoid`` rule. The relaxed model
of the diagnosis also allows holes or cut copy (1,000 a column-line, the
lead's cuts twice that; a page has too little copy or too much, not both),
broken rules (100,000 each) and stories held over (1,000,000 each), so its
optimum is the smallest change in copy, then in rules, that makes a page.

Search: one worker, a fixed seed, no LP relaxation, and CP-SAT's
deterministic time limit, so the result does not depend on the machine's
speed or load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..model.issue import Place
from .solve import COST, INVERSION, RULES, WHITE, Placed, Problem

AVOID = 5_000  # a broken ``avoid`` rule (house: tombstones, photos_stacked)
HOLE = 1_000  # relaxed: a column-line no story covers
CUT = 1_000  # relaxed: a column-line of copy cut (x2 for the lead)
BROKEN = 100_000  # relaxed: a rule broken
HELD = 1_000_000  # relaxed: a story held over to another page
#: The fewest body lines a cut story keeps below its head (relaxed model).
MIN_BODY = 3


@dataclass
class Raw:
    """What one solve found (indices into the problem's items and candidates)."""

    placed: list[tuple[int, int, Place, int]] | None = None  # item, candidate, place, underset
    objective: int = 0
    optimal: bool = False
    work: float = 0.0
    cuts: list[tuple[int, int, int]] = field(default_factory=list)  # item, lines, span
    held: list[int] = field(default_factory=list)
    holes: int = 0
    broken: list[tuple[str, int]] = field(default_factory=list)
    inversions: int = 0
    infeasible: bool = False  # the search proved no placement exists


class _Model:
    """One page's CP-SAT model. Built and dropped within :func:`run`."""

    def __init__(self, cp, problem: Problem, relaxed: bool):
        self.cp = cp
        self.m = cp.CpModel()
        self.p = problem
        self.relaxed = relaxed
        self.cost: list = []  # objective terms
        self.soft: dict[str, list] = {name: [] for name in RULES}
        C, L = problem.columns, problem.lines
        m = self.m
        self.n = len(problem.items)
        self.b, self.h, self.x, self.y, self.w, self.H = [], [], [], [], [], []
        self.under, self.cut, self.present = [], [], []
        self.head_start, self.head_len, self.headless = [], [], []
        # by item: {(k, s): (z, hz)}: option k at first column s chosen, and
        # the block's height then (else 0); linear in every column's sum
        self.at: list[dict[tuple[int, int], tuple]] = []
        for i, (it, cands) in enumerate(zip(problem.items, problem.candidates)):
            present = m.new_bool_var(f"present{i}") if relaxed else None
            at, bs, hs, us, cs, es = {}, [], [], [], [], []
            for k, cand in enumerate(cands):
                o = cand.option
                top = min(L, o.height + o.stretch + problem.house.max_underset)
                low = o.height if not relaxed else min(o.height, 1 + o.head_offset + o.head_lines + MIN_BODY)
                zs, hzs = [], []
                for s in range(1, C - o.span + 2):
                    z = m.new_bool_var(f"z{i}_{k}_{s}")
                    hz = m.new_int_var(0, top, f"hz{i}_{k}_{s}")
                    m.add(hz >= low * z)
                    m.add(hz <= top * z)
                    at[(k, s)] = (z, hz)
                    zs.append(z)
                    hzs.append(hz)
                bk = m.new_bool_var(f"b{i}_{k}")
                m.add(bk == sum(zs))
                hk = m.new_int_var(0, top, f"h{i}_{k}")
                m.add(hk == sum(hzs))
                uk = m.new_int_var(0, max(0, top - o.height - o.stretch), f"u{i}_{k}")
                m.add(uk >= hk - (o.height + o.stretch) * bk)
                self.cost.append(WHITE * o.span * uk + round(COST * o.cost) * bk)
                if relaxed:
                    ck = m.new_int_var(0, o.height, f"c{i}_{k}")
                    m.add(ck >= o.height * bk - hk)
                    self.cost.append(CUT * (2 if it.priority == 1 else 1) * o.span * ck)
                    cs.append(ck)
                if o.head_lines and o.stretch:
                    # the head area takes the block's lines beyond its copy,
                    # up to the stretch (story.HEAD_SLACK): min(stretch, H - height)
                    over = m.new_int_var(0, top, f"o{i}_{k}")
                    m.add_max_equality(over, [0, hk - o.height * bk])
                    ek = m.new_int_var(0, o.stretch, f"e{i}_{k}")
                    m.add_min_equality(ek, [o.stretch * bk, over])
                    es.append(ek)
                bs.append(bk)
                hs.append(hk)
                us.append(uk)
            if relaxed:
                m.add(sum(bs) == present)
                self.cost.append(HELD * (1 - present))
            else:
                m.add_exactly_one(bs)
            x = m.new_int_var(1 if not relaxed else 0, C, f"x{i}")
            m.add(x == sum(s * z for (k, s), (z, _) in at.items()))
            y = m.new_int_var(1, L, f"y{i}")
            w = m.new_int_var(1 if not relaxed else 0, C, f"w{i}")
            m.add(w == sum(c.option.span * bk for c, bk in zip(cands, bs)))
            H = m.new_int_var(0, L, f"H{i}")
            m.add(H == sum(hs))
            m.add(y + H <= L + 1)
            start = y + 1 + sum(c.option.head_offset * bk for c, bk in zip(cands, bs))
            hl = sum(c.option.head_lines * bk for c, bk in zip(cands, bs)) + sum(es)
            headless = [bk for c, bk in zip(cands, bs) if c.option.head_lines == 0]
            if relaxed:
                headless.append(present.Not())
            self.at.append(at)
            self.b.append(bs), self.h.append(hs), self.under.append(us), self.cut.append(cs)
            self.x.append(x), self.y.append(y), self.w.append(w), self.H.append(H)
            self.present.append(present)
            self.head_start.append(start), self.head_len.append(hl), self.headless.append(headless)
        self._in: dict[tuple[int, int], object] = {}

    # ------------------------------------------------------------ helpers

    def _covering(self, i: int, c: int) -> list[tuple]:
        """The (z, hz) pairs of item i whose block covers column c."""
        cands = self.p.candidates[i]
        return [zh for (k, s), zh in self.at[i].items() if s <= c < s + cands[k].option.span]

    def covers(self, i: int, c: int):
        """A literal: item i covers column c."""
        key = (i, c)
        if key not in self._in:
            lit = self.m.new_bool_var(f"in{i}_{c}")
            self.m.add(lit == sum(z for z, _ in self._covering(i, c)))
            self._in[key] = lit
        return self._in[key]

    def _when(self, expr_constraint_pairs):
        """Literals each enforcing its linear constraint (one direction)."""
        lits = []
        for make in expr_constraint_pairs:
            lit = self.m.new_bool_var("")
            make().only_enforce_if(lit)
            lits.append(lit)
        return lits

    def post(self, rule: str, lits: list, avoid: bool = False) -> None:
        """At least one of ``lits`` holds: hard, or with a penalised
        violation literal (relaxed model, or an ``avoid`` house rule)."""
        if self.relaxed or avoid:
            v = self.m.new_bool_var(f"broken_{rule}")
            self.m.add_bool_or(lits + [v])
            self.soft[rule].append(v)
            self.cost.append((AVOID if avoid else BROKEN) * v)
        else:
            self.m.add_bool_or(lits)

    def _box(self, j):
        """(x, w, y, h) of item j or of a fixed block (j a Place)."""
        if isinstance(j, Place):
            return j.column, j.span, j.row, j.height
        return self.x[j], self.w[j], self.y[j], self.H[j]

    def _apart_rows(self, a, b) -> list:
        """Literals: a's rows end before b's begin, or after."""
        xa, wa, ya, ha = self._box(a)
        xb, wb, yb, hb = self._box(b)
        return self._when([lambda: self.m.add(ya + ha <= yb), lambda: self.m.add(yb + hb <= ya)])

    def _apart_columns(self, a, b) -> list:
        xa, wa, ya, ha = self._box(a)
        xb, wb, yb, hb = self._box(b)
        return self._when([lambda: self.m.add(xa + wa <= xb), lambda: self.m.add(xb + wb <= xa)])

    def _touch(self, a, b, sides=("right", "left", "below", "above")) -> list:
        """Literals, one a side: b stands directly right of / left of /
        below / above a, sharing a side of at least one cell."""
        m = self.m
        xa, wa, ya, ha = self._box(a)
        xb, wb, yb, hb = self._box(b)
        lits = []
        for side in sides:
            lit = m.new_bool_var(f"touch_{side}")
            if side == "right":
                m.add(xa + wa == xb).only_enforce_if(lit)
            elif side == "left":
                m.add(xb + wb == xa).only_enforce_if(lit)
            elif side == "below":
                m.add(ya + ha == yb).only_enforce_if(lit)
            else:
                m.add(yb + hb == ya).only_enforce_if(lit)
            if side in ("right", "left"):
                m.add(ya <= yb + hb - 1).only_enforce_if(lit)
                m.add(yb <= ya + ha - 1).only_enforce_if(lit)
            else:
                m.add(xa <= xb + wb - 1).only_enforce_if(lit)
                m.add(xb <= xa + wa - 1).only_enforce_if(lit)
            if self.relaxed:
                for j in (a, b):
                    if not isinstance(j, Place):
                        m.add_implication(lit, self.present[j])
            lits.append(lit)
        return lits

    # ------------------------------------------------------------ rules

    def no_overlap(self) -> None:
        m = self.m
        xs, ys = [], []
        for i in range(self.n):
            xe = m.new_int_var(1, self.p.columns + 1, f"xe{i}")
            ye = m.new_int_var(1, self.p.lines + 1, f"ye{i}")
            if self.relaxed:
                xs.append(m.new_optional_interval_var(self.x[i], self.w[i], xe, self.present[i], f"X{i}"))
                ys.append(m.new_optional_interval_var(self.y[i], self.H[i], ye, self.present[i], f"Y{i}"))
            else:
                xs.append(m.new_interval_var(self.x[i], self.w[i], xe, f"X{i}"))
                ys.append(m.new_interval_var(self.y[i], self.H[i], ye, f"Y{i}"))
        for f in self.p.fixed:
            q = f.place
            xs.append(m.new_fixed_size_interval_var(q.column, q.span, f"X{f.id}"))
            ys.append(m.new_fixed_size_interval_var(q.row, q.height, f"Y{f.id}"))
        m.add_no_overlap_2d(xs, ys)

    def filled(self) -> None:
        """Areas add up to the free area; column by column, the heights of
        the blocks covering the column add up to its free lines, and those
        blocks do not overlap (redundant with no_overlap, but they make the
        search prove much faster)."""
        m = self.m
        area = sum(c.option.span * hk for cands, hs in zip(self.p.candidates, self.h) for c, hk in zip(cands, hs))
        holes = m.new_int_var(0, self.p.free if self.relaxed else 0, "holes")
        m.add(area + holes == self.p.free)
        self.holes = holes
        self.cost.append(HOLE * holes)
        if self.relaxed:
            # a page has too little copy or too much, not both: holes and
            # cuts together would only move copy around, no fix to report
            short = m.new_bool_var("short")
            m.add(holes == 0).only_enforce_if(short.Not())
            for cs in self.cut:
                for ck in cs:
                    m.add(ck == 0).only_enforce_if(short)
        for c in range(1, self.p.columns + 1):
            parts, spans = [], []
            for i in range(self.n):
                pairs = self._covering(i, c)
                parts += [hz for _, hz in pairs]
                if pairs:
                    ye = m.new_int_var(1, self.p.lines + 1, "")
                    spans.append(m.new_optional_interval_var(self.y[i], self.H[i], ye, self.covers(i, c), ""))
            for f in self.p.fixed:
                q = f.place
                if q.column <= c < q.column + q.span:
                    spans.append(m.new_fixed_size_interval_var(q.row, q.height, ""))
            m.add_no_overlap(spans)
            gap = m.new_int_var(0, self.p.free_by_column[c - 1] if self.relaxed else 0, f"gap{c}")
            m.add(sum(parts) + gap == self.p.free_by_column[c - 1])

    def lead_top_left(self, lead: int) -> None:
        if self.p.first_free is None:  # no free cell: the area alone refuses the page
            return
        c0, r0 = self.p.first_free
        corner = self.x[lead] if self.p.house.lead == "top-left" else self.x[lead] + self.w[lead] - 1
        lit = self.m.new_bool_var("lead_at_corner")
        self.m.add(corner == c0).only_enforce_if(lit)
        self.m.add(self.y[lead] == r0).only_enforce_if(lit)
        self.post("lead_top_left", [lit])

    def lead_widest(self, lead: int) -> None:
        for j in range(self.n):
            if j != lead:
                lit = self.m.new_bool_var("")
                self.m.add(self.w[lead] >= self.w[j]).only_enforce_if(lit)
                self.post("lead_widest", [lit])

    def second_beside_lead(self, lead: int, second: int) -> None:
        self.post("second_beside_lead", self._touch(lead, second, ("right", "left", "below")))

    def bottom_at_foot(self, i: int) -> None:
        m = self.m
        foot = self.y[i] + self.H[i] - 1
        for c in range(1, self.p.columns + 1):
            rows = self.p.floors(c)
            lit = m.new_bool_var("")
            if rows:
                m.add_linear_expression_in_domain(foot, self.cp.Domain.from_values(rows)).only_enforce_if(lit)
            else:
                m.add_bool_or([]).only_enforce_if(lit)
            self.post("bottom_at_foot", [self.covers(i, c).Not(), lit])

    def _heads(self, j):
        """(start, lines, [literals meaning 'no head']) of item j or fixed f."""
        if isinstance(j, int):
            return self.head_start[j], self.head_len[j], self.headless[j]
        return j.head_row, j.head_lines, []

    def no_tombstones(self) -> None:
        """Heads of side-by-side blocks share no line.

        Between items, as one 2-D no-overlap of their head boxes, each
        widened by one column to the right: on a filled page the cell right
        of a head belongs to the block standing beside it, so two widened
        head boxes overlap exactly when side-by-side heads share a line.
        With a fixed block's head (and in the relaxed model, or when the
        house only avoids tombstones) pair by pair."""
        avoid = self.p.house.tombstones == "avoid"
        others = [f for f in self.p.fixed if f.head_row is not None and f.head_lines > 0]
        if self.relaxed or avoid:
            pairs = [(i, j) for i in range(self.n) for j in range(i + 1, self.n)]
        else:
            pairs = []
            m = self.m
            xs, ys = [], []
            for i in range(self.n):
                has = m.new_bool_var(f"head{i}")
                m.add(has + sum(self.headless[i]) == 1)
                size = m.new_int_var(0, self.p.lines, "")
                m.add(size == self.head_len[i])
                start = m.new_int_var(1, 2 * self.p.lines, "")
                m.add(start == self.head_start[i])
                wide = m.new_int_var(1, self.p.columns + 1, "")
                m.add(wide == self.w[i] + 1)
                xs.append(m.new_optional_interval_var(self.x[i], wide, m.new_int_var(1, self.p.columns + 2, ""),
                                                      has, f"HX{i}"))
                ys.append(m.new_optional_interval_var(start, size, m.new_int_var(1, 3 * self.p.lines, ""),
                                                      has, f"HY{i}"))
            m.add_no_overlap_2d(xs, ys)
        pairs += [(i, f) for i in range(self.n) for f in others]
        for i, j in pairs:
            bj = j.place if not isinstance(j, int) else j
            si, li, ni = self._heads(i)
            sj, lj, nj = self._heads(j)
            base = ni + nj + self._apart_rows(i, bj) + self._when([
                lambda: self.m.add(si + li <= sj), lambda: self.m.add(sj + lj <= si)])
            xi, wi, _, _ = self._box(i)
            xj, wj, _, _ = self._box(bj)
            for make in (lambda: self.m.add(xi + wi != xj), lambda: self.m.add(xj + wj != xi)):
                self.post("no_tombstones", base + self._when([make]), avoid)

    def photos_not_stacked(self) -> None:
        """Photo blocks are not stacked directly: between items, one 2-D
        no-overlap of their boxes each lengthened by one line downwards (the
        line below a block belongs to the block under it); with fixed photo
        blocks, in the relaxed model or when the house only avoids it, pair
        by pair."""
        avoid = self.p.house.photos_stacked == "avoid"
        photos = [i for i, it in enumerate(self.p.items) if it.photo]
        others = [f.place for f in self.p.fixed if f.has_photo]
        if self.relaxed or avoid:
            pairs = [(i, j) for n, i in enumerate(photos) for j in photos[n + 1:]]
        else:
            pairs = []
            m = self.m
            xs, ys = [], []
            for i in photos:
                tall = m.new_int_var(1, self.p.lines + 1, "")
                m.add(tall == self.H[i] + 1)
                xs.append(m.new_interval_var(self.x[i], self.w[i], m.new_int_var(1, self.p.columns + 1, ""), ""))
                ys.append(m.new_interval_var(self.y[i], tall, m.new_int_var(1, self.p.lines + 2, ""), ""))
            if len(photos) > 1:
                m.add_no_overlap_2d(xs, ys)
        pairs += [(i, f) for i in photos for f in others]
        for i, j in pairs:
            xi, wi, yi, hi = self._box(i)
            xj, wj, yj, hj = self._box(j)
            base = self._apart_columns(i, j)
            if self.relaxed and isinstance(j, int):
                base += [self.present[i].Not(), self.present[j].Not()]
            elif self.relaxed:
                base += [self.present[i].Not()]
            for make in (lambda: self.m.add(yi + hi != yj), lambda: self.m.add(yj + hj != yi)):
                self.post("photos_not_stacked", base + self._when([make]), avoid)

    def near(self, i: int, other) -> None:
        self.post("near", self._touch(i, other))

    def priority_order(self) -> list:
        """A cost for each pair of ranked stories (priority 2 and up; not a
        倒头条, whose place is the foot) whose reading order is the wrong
        way round."""
        C = self.p.columns
        ranked = [i for i, it in enumerate(self.p.items)
                  if it.priority is not None and it.priority > 1 and not it.bottom]
        inversions = []
        for i in ranked:
            for j in ranked:
                if self.p.items[i].priority < self.p.items[j].priority:
                    inv = self.m.new_bool_var(f"inv{i}_{j}")
                    key_i = self.y[i] * (C + 1) + self.x[i]
                    key_j = self.y[j] * (C + 1) + self.x[j]
                    self.m.add(key_i < key_j).only_enforce_if(inv.Not())
                    self.cost.append(INVERSION * inv)
                    inversions.append(inv)
        return inversions

    def exclude(self, placed: Sequence[Placed], distinct_rows: int) -> None:
        """Not this solution again: some item changes column or span, or
        moves ``distinct_rows`` lines or more."""
        idx = {it.id: i for i, it in enumerate(self.p.items)}
        lits = []
        for p in placed:
            i = idx[p.id]
            q = p.place
            lits += self._when([lambda: self.m.add(self.x[i] != q.column),
                                lambda: self.m.add(self.w[i] != q.span),
                                lambda: self.m.add(self.y[i] <= q.row - distinct_rows),
                                lambda: self.m.add(self.y[i] >= q.row + distinct_rows)])
        self.m.add_bool_or(lits)


def _model(cp, problem: Problem, relaxed: bool, exclude: Sequence[Sequence[Placed]]) -> _Model:
    """The page's model with every rule posted."""
    mod = _Model(cp, problem, relaxed)
    p = problem
    mod.no_overlap()
    mod.filled()
    lead = next((i for i, it in enumerate(p.items) if it.priority == 1), None)
    if lead is not None:
        mod.lead_top_left(lead)
        mod.lead_widest(lead)
        # a story's settings hold under the lead's headline size they were fitted for
        for i, cands in enumerate(p.candidates):
            if i == lead:
                continue
            for k, c in enumerate(cands):
                if c.option.leads:
                    mod.m.add(mod.b[i][k] <= sum(bl for cl, bl in zip(p.candidates[lead], mod.b[lead])
                                                 if cl.option.head_size in c.option.leads))
        for i, it in enumerate(p.items):
            if it.priority == 2:
                mod.second_beside_lead(lead, i)
    for i, it in enumerate(p.items):
        if it.bottom:
            mod.bottom_at_foot(i)
    mod.no_tombstones()
    mod.photos_not_stacked()
    ids = {it.id: i for i, it in enumerate(p.items)}
    fixed = {f.id: f.place for f in p.fixed}
    for i, it in enumerate(p.items):
        if it.near is not None:
            mod.near(i, ids[it.near] if it.near in ids else fixed[it.near])
    mod.inversions = mod.priority_order()
    for placed in exclude:
        mod.exclude(placed, p.house.distinct_rows)
    return mod


#: The share of the work limit the first stage (finding any placement) may
#: take; the second (improving it) gets the rest.
FIRST_STAGE = 0.8


def run(problem: Problem, relaxed: bool, exclude: Sequence[Sequence[Placed]] = (),
        work_limit: float | None = None) -> Raw:
    """Build the page's model and solve it.

    The full model is solved in two stages: first any placement that keeps
    every rule (no objective: the search only has to satisfy), then, from
    that placement as a hint, the best one. Both run on one worker with the
    house's seed and deterministic time limits that add up to
    ``work_limit`` (default: the house's). The relaxed model of the
    diagnosis is solved in one stage.

    Args:
        problem: the checked problem.
        relaxed: the diagnosis model (holes, cuts, held stories and broken
            rules allowed at a cost).
        exclude: solutions already found (for alternatives).
        work_limit: CP-SAT deterministic time for this call.

    Returns:
        a :class:`Raw` (``placed`` None when nothing was found; then
        ``infeasible`` says whether the search proved that nothing exists).
    """
    from ortools.sat.python import cp_model as cp

    limit = problem.house.work_limit if work_limit is None else work_limit
    mod = _model(cp, problem, relaxed, exclude)
    solver = cp.CpSolver()
    prm = solver.parameters
    prm.num_workers = 1
    prm.random_seed = problem.house.seed
    # measured on synthetic pages: without the LP relaxation the search
    # finds tilings several times faster (benchmarks/bench_makeup.py)
    prm.linearization_level = 0
    work = 0.0
    cost = sum(mod.cost)
    first = None
    if not relaxed:
        prm.max_deterministic_time = limit * FIRST_STAGE
        status = solver.solve(mod.m)
        work += solver.deterministic_time
        if status == cp.INFEASIBLE:
            return Raw(work=work, infeasible=True)
        if status != cp.FEASIBLE and status != cp.OPTIMAL:
            return Raw(work=work)
        first = _read(solver, mod, False, work, round(solver.value(cost)))
        for index, value in enumerate(solver.response_proto.solution):
            mod.m.add_hint(mod.m.get_int_var_from_proto_index(index), value)
    mod.m.minimize(cost)
    prm.max_deterministic_time = max(limit - work, (1 - FIRST_STAGE) * limit)
    status = solver.solve(mod.m)
    work += solver.deterministic_time
    if status not in (cp.OPTIMAL, cp.FEASIBLE):
        if first is not None:  # the improving stage ran out before it began
            first.work = work
            return first
        return Raw(work=work, infeasible=status == cp.INFEASIBLE)
    return _read(solver, mod, status == cp.OPTIMAL, work, round(solver.objective_value))


def _read(solver, mod: _Model, optimal: bool, work: float, objective: int) -> Raw:
    """The solution in the solver as a :class:`Raw`."""
    p = mod.p
    raw = Raw(work=work, objective=objective, optimal=optimal, placed=[])
    for i, cands in enumerate(p.candidates):
        if mod.relaxed and not solver.value(mod.present[i]):
            raw.held.append(i)
            continue
        k = next(k for k, bk in enumerate(mod.b[i]) if solver.value(bk))
        place = Place(solver.value(mod.x[i]), cands[k].option.span, solver.value(mod.y[i]),
                      solver.value(mod.h[i][k]))
        raw.placed.append((i, k, place, solver.value(mod.under[i][k])))
        if mod.relaxed:
            raw.cuts.append((i, solver.value(mod.cut[i][k]), cands[k].option.span))
    raw.holes = solver.value(mod.holes)
    raw.broken = [(name, sum(solver.value(v) for v in lits)) for name, lits in mod.soft.items() if lits]
    raw.inversions = sum(solver.value(v) for v in mod.inversions)
    return raw
