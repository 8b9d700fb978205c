"""Page makeup: an issue's pages, each its furniture and its blocks in their
places, the rules between blocks, and the holes no block covers.

The lead story (头条: the first story a page lists) is set first and gets the
largest head; every other head on the page is set at least one 号 size
smaller. Stories that jump (转版) are set page by page in the issue's order:
a first part hands the rest of its text to its continuation on a later page.
Block setters are dispatched by the article's kind (:data:`SETTERS`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model.calendar import chinese_date
from ..model.grid import Grid
from ..model.issue import Issue, Page, Place, Placement
from ..text.fonts import FontSet
from .block import BlockResult
from .blocks import set_advert, set_index, set_photo_news
from .context import SetContext
from .display import Finding, PageList, Rule
from .furniture import folio, imprint, masthead, running_head
from .heads import largest_head, page_lead
from .memo import cached_block
from .story import Continuation, Jump, set_story

#: Rules between blocks: weight in points.
BLOCK_RULE = 0.5


@dataclass
class IssueState:
    """What the pages of an issue hand on as they are set: the rest of each
    jumped story (article id -> Continuation), where each article's parts
    are (article id -> (page id, page number, headline)) and where
    continuations are (article id -> (page id, page number))."""

    where: dict[str, tuple[str, int, str]]
    continues: dict[str, tuple[str, int]]
    rests: dict[str, Continuation]


def issue_state(issue: Issue) -> IssueState:
    """Where every article of the issue starts and, for jumped stories,
    continues: known before any page is set, so jump lines and index boxes
    can name their pages (版次 from the page ids)."""
    where, continues = {}, {}
    for page in issue.pages:
        for pl in page.placements:
            if pl.continued:
                continues[pl.article.id] = (page.id, page.number)
            else:
                where[pl.article.id] = (page.id, page.number, pl.article.headline)
    return IssueState(where, continues, {})


def make_issue(issue: Issue, grid: Grid, fonts: FontSet, before_page=None, use_cache: bool = True,
               alternatives: int = 1) -> list[PageList]:
    """Lay out every page of an issue, in order; ``before_page(page_id)``
    is called before each (a time limit may raise there); ``use_cache``:
    automatic makeup may read and write its cache; ``alternatives``: how
    many placements makeup finds for a page with auto articles (the first
    is used; the others are in each PageList's ``alternatives``).

    Returns: one display list per page, with its findings (overset,
    underset, holes, missing glyphs, head overflow ...).
    """
    state = issue_state(issue)
    out = []
    for n, page in enumerate(issue.pages):
        if before_page is not None:
            before_page(page.id)
        out.append(make_page(issue, page, grid, fonts, state, last=n == len(issue.pages) - 1, use_cache=use_cache,
                             alternatives=alternatives))
    return out


def make_page(issue: Issue, page: Page, grid: Grid, fonts: FontSet, state: IssueState | None = None,
              last: bool = False, use_cache: bool = True, alternatives: int = 1) -> PageList:
    """Lay out one page (see :func:`make_issue`; ``state`` carries jumps
    between pages, ``last`` puts the imprint on the issue's last page).
    Articles with ``place: auto`` are placed first (layout.makeup.autoplace);
    the lead is the story of priority 1, else the first story listed."""
    state = state or issue_state(issue)
    out = PageList(page.id, grid.trim_width, grid.trim_height,
                   title=f"{issue.newspaper} {chinese_date(issue.date)} 第{page.id}版")
    ctx = SetContext(grid, fonts, issue.house, page.id)
    if page.masthead:
        masthead(out, issue, page.masthead, grid, fonts)
    else:
        running_head(out, issue, page, grid, fonts)
    folio(out, issue, page, grid, fonts, last)
    if last:
        imprint(out, issue, grid, fonts)
    made = None
    if any(pl.place is None and pl.auto is not None for pl in page.placements):
        from .autoplace import place_page  # makeup's modules: only for a page with auto places

        made = place_page(issue, page, grid, fonts, state, alternatives, use_cache)
    if made is not None:
        out.findings += made.findings
        out.makeup = made.quality
        out.placed = dict(made.places)
        out.alternatives = made.alternatives
    placed = {pl.article.id: (pl.place or (made.places.get(pl.article.id) if made else None))
              for pl in page.placements}
    taken = _taken(page, placed)
    lead = page_lead(page)
    if lead is not None and lead.auto is not None and lead.auto.priority == 1 and lead.article.id in out.placed:
        # the placed copy (makeup -o) names its lead, so its heads are the same
        out.placed[lead.article.id] = replace(out.placed[lead.article.id], lead=True)
    order = ([lead] if lead else []) + [p for p in page.placements if p is not lead]
    lead_size = None
    results: list[tuple[Placement, BlockResult]] = []
    for pl in order:
        art, place = pl.article, placed[pl.article.id]
        if place is None:
            continue  # makeup found no room for it (reported above)
        limit = _limit(place, taken, grid) if place.height is None else None
        if art.kind == "story":
            largest = largest_head(place.span, lead_size)
            jump = Jump()
            if pl.continued:
                jump = Jump(came=state.rests.get(art.id))
            elif art.id in state.continues:
                jump = Jump(*state.continues[art.id])
            res = cached_block(set_story, ctx, art, place, largest, limit, jump)  # layout.makeup.memo
            if res.rest is not None:
                res.rest.number = page.number
                state.rests[art.id] = res.rest
            if lead_size is None and pl is lead:
                lead_size = res.headline_size
        elif art.kind == "index":
            missing = [aid for aid, _ in art.items if aid not in state.where]
            if missing:
                from ..model.errors import InputError

                raise InputError(art.file, "items", f"article ids of this issue ({', '.join(sorted(state.where))})",
                                 missing[0])
            res = cached_block(set_index, ctx, art, place, state.where, limit)
        else:
            res = cached_block(SETTERS[art.kind], ctx, art, place, limit)
        results.append((pl, res))
        taken.update({cell: art.id for cell in res.cells})
    for pl, res in sorted(results, key=lambda pr: (placed[pr[0].article.id].row, placed[pr[0].article.id].column)):
        out.runs += res.runs
        out.rules += res.rules
        out.boxes += res.boxes
        out.pictures += res.pictures
        out.links += res.links
        out.findings += res.findings
        if res.region:
            out.regions.append(res.region)
    owners = {cell: pl.article.id for pl, res in results for cell in res.cells}
    ads = {pl.article.id for pl, _ in results if pl.article.kind == "ad"}
    out.rules += block_rules(owners, ads, grid)
    out.findings += holes(page, owners, grid)
    return out


#: Block setters by article kind (stories and index boxes need the issue's
#: state and are set above).
SETTERS = {"photo": set_photo_news, "ad": set_advert}


def _taken(page: Page, placed: dict[str, Place | None]) -> dict[tuple[int, int], str]:
    """Grid cells taken before any block is set: the masthead, the blank
    rectangles, fixed blocks, and the first line of blocks of auto height."""
    taken: dict[tuple[int, int], str] = {}
    if page.masthead:
        taken.update({cell: "masthead" for cell in page.masthead.cells()})
    for n, b in enumerate(page.blank):
        taken.update({cell: f"blank[{n}]" for cell in b.cells()})
    for pl in page.placements:
        place = placed.get(pl.article.id)
        if place is not None:
            taken.update({cell: pl.article.id for cell in place.cells(1)})
    return taken


def _limit(place: Place, taken: dict, grid: Grid) -> int:
    """The last body line an auto-height block may reach: the line above
    the first cell taken below its first line in any of its columns."""
    limit = grid.lines
    for c in range(place.column, place.column + place.span):
        for r in range(place.row + 1, grid.lines + 1):
            if (c, r) in taken:
                limit = min(limit, r - 1)
                break
    return limit


def block_rules(owners: dict[tuple[int, int], str], unruled: set[str], grid: Grid) -> list[Rule]:
    """Hairline rules between blocks, from the grid cells each block covers:
    a horizontal rule through the free first line of a block wherever
    another block stands directly above it, and a vertical rule in the
    gutter wherever two blocks stand side by side, meeting at line centres.
    Blocks in ``unruled`` (advertisements carry their own box) and the
    masthead (its own rules) get none."""
    mid = lambda row: grid.line_top(row) - grid.size / 2
    rules: list[Rule] = []
    ruled = lambda cell: owners.get(cell) not in (None, *unruled)
    tops: dict[str, int] = {}
    for (c, r), who in owners.items():
        tops[who] = min(tops.get(who, r), r)
    # horizontal: row r is a block's first line, the cell above another block's
    for r in range(2, grid.lines + 1):
        run = None
        for c in range(1, grid.columns + 2):
            on = (c <= grid.columns and ruled((c, r)) and ruled((c, r - 1)) and owners[(c, r)] != owners[(c, r - 1)]
                  and tops[owners[(c, r)]] == r)
            if on and run is None:
                run = c
            elif not on and run is not None:
                rules.append(Rule(grid.column_x(run), mid(r), grid.column_x(c - 1) + grid.column_width, mid(r),
                                  BLOCK_RULE))
                run = None
    # vertical: between columns c and c + 1, rows where two blocks meet
    for c in range(1, grid.columns):
        run = None
        for r in range(1, grid.lines + 2):
            a, b = owners.get((c, r)), owners.get((c + 1, r))
            on = r <= grid.lines and ruled((c, r)) and ruled((c + 1, r)) and a != b
            if on and run is None:
                run = r
            elif not on and run is not None:
                x = grid.column_x(c + 1) - grid.gutter / 2
                a0, b0 = owners[(c, run)], owners[(c + 1, run)]
                y0 = mid(run) if run in (tops[a0], tops[b0]) else grid.line_top(run)
                y1 = mid(r) if r <= grid.lines else grid.line_top(grid.lines) - grid.size
                rules.append(Rule(x, y0, x, y1, BLOCK_RULE))
                run = None
    return rules


def holes(page: Page, owners: dict[tuple[int, int], str], grid: Grid) -> list[Finding]:
    """Grid areas no block, masthead or ``blank:`` rectangle covers: one
    error finding for the page, naming each area as columns and lines."""
    covered = set(owners)
    if page.masthead:
        covered |= page.masthead.cells()
    for b in page.blank:
        covered |= b.cells()
    empty = {(c, r) for c in range(1, grid.columns + 1) for r in range(1, grid.lines + 1)} - covered
    if not empty:
        return []
    areas = rectangles(empty)
    names = [f"columns {c0}-{c1}, lines {r0}-{r1}" if c0 != c1 else f"column {c0}, lines {r0}-{r1}"
             for c0, c1, r0, r1 in areas]
    return [Finding("hole", "error", page.id, "", f"hole: {len(empty)} grid cells no block covers ({'; '.join(names)})",
                    {"cells": len(empty), "areas": [list(a) for a in areas]})]


def rectangles(cells: set[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Cells (column, line) as rectangles (first column, last column, first
    line, last line): runs of lines in each column, joined across
    neighbouring columns with the same run."""
    runs: dict[tuple[int, int], list[int]] = {}
    for c in sorted({c for c, _ in cells}):
        rows = sorted(r for cc, r in cells if cc == c)
        start = prev = rows[0]
        for r in rows[1:] + [None]:
            if r is None or r != prev + 1:
                runs.setdefault((start, prev), []).append(c)
                if r is not None:
                    start = r
            if r is not None:
                prev = r
    out = []
    for (r0, r1), cols in sorted(runs.items(), key=lambda kv: (kv[1][0], kv[0])):
        c0 = prev = cols[0]
        for c in cols[1:] + [None]:
            if c is None or c != prev + 1:
                out.append((c0, prev, r0, r1))
                if c is not None:
                    c0 = c
            if c is not None:
                prev = c
    return sorted(out, key=lambda a: (a[2], a[0]))
