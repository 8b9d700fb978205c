"""Automatic makeup of a page: ``place: auto`` articles placed by the solver.

The bridge between the page and :mod:`layout.makeup.solve`: each auto
article is fitted at every span its hints allow (the same setters the page
uses, so a block set at the chosen span takes the chosen lines), the page's
fixed items (masthead, blanks, articles with coordinates) become fixed
blocks, and the solver's places are handed back to the page. A page's
result is cached on disk by the solver's whole input (fits, fixed blocks,
house options, grid), so a rebuild with nothing changed does not solve
again; the cache only saves time, the places are the same without it.

When no full placement exists, the diagnosis (too little copy: how many
lines are missing; too much: which stories to cut by how much) is an error
finding, and the solver's nearest placement is used so the editor sees the
page; articles it holds over are reported as not placed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from .. import cache as _cache
from ..model.grid import Grid
from ..model.issue import Issue, Leg, Page, Place, Placement
from ..text.fonts import FontSet
from .display import Finding
from .fit import fit_article
from .heads import LEAD_MAX, largest_head, page_lead
from .flow import rest_from
from .story import HEAD_SLACK, Jump, story_copy
from .context import SetContext
from .memo import cached_block

#: Body lines a block of each kind may grow at no cost: a story's head area
#: takes up to HEAD_SLACK spare lines; a photo may be cropped taller (up to
#: twice its natural height, see photos.CROP_WARNING); an advertisement's
#: box spreads its lines; an index box does not grow.
STRETCH = {"story": HEAD_SLACK, "ad": 40, "index": 0}
#: Body lines taken as a fixed story's head, for the tombstone rule.
FIXED_HEAD_LINES = 4


@dataclass
class PageMakeup:
    """What makeup decided for one page.

    Attributes:
        places: article id -> its place.
        quality: the solver's quality figures (white space, underset,
            collisions, ranks), JSON-ready.
        findings: the diagnosis when no full placement exists, articles not
            placed.
        alternatives: further solutions, best first (article id -> place).
        cached: the places came from the cache (no solve).
    """

    places: dict[str, Place] = field(default_factory=dict)
    quality: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    alternatives: list[dict[str, Place]] = field(default_factory=list)
    cached: bool = False


def makeup_house(issue: Issue):
    """The solver's house options from issue.yaml ``house.makeup``; a
    build falls back to a page that breaks a forbidden rule as few times as
    it can, with a warning, unless ``fallback: false`` (MakeupHouse)."""
    from .solve import MakeupHouse

    return MakeupHouse(**{"fallback": True, **dict(issue.house.makeup)})


def _fixed(page: Page, grid: Grid):
    """The page's fixed blocks for the solver: masthead, blanks, placed articles."""
    from .solve import Fixed

    out = []
    if page.masthead:
        out.append(Fixed("masthead", page.masthead, "masthead"))
    for n, b in enumerate(page.blank):
        out.append(Fixed(f"blank-{n}", b, "blank"))
    for pl in page.placements:
        if pl.place is None:
            continue
        p, art = pl.place, pl.article
        if p.height is None or p.leg is not None:
            continue  # resolved at layout; the solver sees the cells in _taken
        story = art.kind == "story"
        out.append(Fixed(art.id, p, art.kind, has_photo=bool(art.photos),
                         head_row=p.row + 1 if story else None, head_lines=FIXED_HEAD_LINES if story else 1))
    return out


def _options(pl: Placement, caps, ctx: SetContext, state) -> tuple[list, int, int | None]:
    """The solver's options for an auto article (one a span its hints allow
    and its copy fits without overset (a headline over head.lines costs
    HEAD_OVER a line), for each headline cap ``caps(span)``
    gives as (cap in points, the lead's sizes it holds under); a story with
    photos also one with its first photo above the head, Place.photo), its
    body's length in lines of one basic column, and the lines its block
    pours when it may be set as an L (a text-only story: see
    solve.Item.text_lines), else None."""
    from .solve import Option

    art, hint = pl.article, pl.auto
    g = ctx.grid
    lo, hi = hint.span if hint and hint.span else (1, g.columns)
    jump = Jump(came=state.rests.get(art.id)) if pl.continued else Jump()
    if not pl.continued and art.id in state.continues:
        jump = Jump(*state.continues[art.id])
    story = art.kind == "story"
    tops = [False, True] if story and art.photos and not art.head.vertical and not pl.continued else [False]
    options = []
    for span in _spans(art, lo, hi, g):
        for cap, leads in (caps(span) if story else [(largest_head(span), ())]):
            for top in tops:
                if top and not _sharp(art.photos[0], g.span_width(span)):
                    continue  # across the top of the block the photo would print below PPI_WARNING
                f = fit_article(art, span, g, ctx.fonts, ctx.house, cap, jump=jump if story else None,
                                photo_top=top)
                if f.overset or f.lines > g.lines:
                    continue
                if story:
                    head = max(1, f.head_rows - 1) if not art.head.vertical else 0
                    stretch = STRETCH["story"]
                elif art.kind == "photo":
                    # its photos may grow taller (blocks.PHOTO_GROW); label and
                    # caption lines do not
                    head, stretch = 0, _photo_stretch(art, span, ctx)
                else:
                    head, stretch = 0, STRETCH.get(art.kind, 0)
                options.append(Option(span, f.lines, stretch, f.above_rows, head, top, HEAD_OVER * f.head_over,
                                      f.headline, leads))
    body = 0
    text = None
    if story:
        body = cached_block(_body_lines, ctx, art)
        text = _text_lines(art, pl, jump, body, g, options)
    return options, body, text


def _body_lines(ctx: SetContext, art) -> int:
    """A story's copy (bylines and body) in lines of one basic column: its
    length as makeup weighs it. Set through the layout cache
    (layout.makeup.memo), so a rebuild in a new process does not compose
    every auto story again (0.5 s of the specimen's rebuild)."""
    return len(story_copy(ctx, art).lines(ctx.grid.column_width))


def _sharp(ph, width: float) -> bool:
    """A photo printed ``width`` points wide keeps PPI_WARNING or more
    (a placeholder frame always does)."""
    from ..model.photo import PPI_WARNING

    return ph.placeholder or not ph.pixels or ph.pixels[0] / (width / 72) >= PPI_WARNING


def _photo_span(art) -> int:
    """The columns a story's widest photo asks for (its ``span``; 1 for
    others and for a block that is not a story): no narrower block holds it."""
    return max((ph.span or 1 for ph in art.photos), default=1) if art.kind == "story" else 1


def _spans(art, lo: int, hi: int, g: Grid) -> list[int]:
    """The spans from ``lo`` to ``hi`` makeup may give ``art``: none
    narrower than a story photo's own ``span``, and none so wide that a
    photo across the block (photo news; a story's photo without ``span``)
    prints below PPI_WARNING (a picture blown up past what newsprint
    wants); all of them when that leaves none."""
    spans = list(range(lo, hi + 1))
    need = _photo_span(art)
    across = [ph for ph in art.photos if art.kind == "photo" or (art.kind == "story" and not ph.span)]
    keep = [s for s in spans if s >= need and all(_sharp(ph, g.span_width(s)) for ph in across)]
    return keep or spans


def _photo_stretch(art, span: int, ctx: SetContext) -> int:
    """Lines a photo-news block can grow at ``span`` columns: its photos
    taller, as blocks.set_photo_news grows them."""
    from .blocks import photo_growth
    from .photos import measure_photo

    width = ctx.grid.span_width(span)
    return sum(photo_growth(ctx, measure_photo(ctx, ph, width, with_rights=not art.label)) for ph in art.photos)


def _text_lines(art, pl: Placement, jump: Jump, body: int, g: Grid, options: list) -> int | None:
    """The lines a text-only story's block pours (its bylines and body,
    ``body`` lines of one basic column, or a jump's second part with its
    （上接） line), when each rectangle copy fitting found is exactly its
    head area and those lines balanced over its span (so an L of it can be
    counted the same way); else None."""
    if art.photos or art.head.vertical or (jump.to_page and not pl.continued) or not options:
        return None
    if pl.continued:
        came = jump.came
        if came is None:
            return None
        n = 1 + len(rest_from(came.copy, came.lines, 0, g.column_width, came.measure))
    else:
        n = body
    for o in options:
        if o.height != 1 + o.head_offset + o.head_lines + -(-n // o.span):
            return None
    return n


#: Cost (column-lines of white it is as bad as) of each basic column the
#: page's lead is narrower than it could be: a lead leads across the page
#: when its copy and the rules let it (docs/makeup.md, lead_widest).
LEAD_NARROW = 6
#: the cost (column-lines of white it is as bad as) of each headline line
#: over what head.lines allows: a wider span that keeps the head in its
#: lines is taken when the page allows (the head_overflow warning)
HEAD_OVER = 8


def _lead_costs(options: list) -> list:
    """The lead's options with a cost for each column it is narrower than
    its widest."""
    from dataclasses import replace

    if not options:
        return options
    widest = max(o.span for o in options)
    return [replace(o, cost=o.cost + LEAD_NARROW * (widest - o.span)) for o in options]


def place_page(issue: Issue, page: Page, grid: Grid, fonts: FontSet, state, alternatives: int = 1,
               use_cache: bool = True) -> PageMakeup | None:
    """Places for the page's ``auto`` articles (None when it has none).

    Args:
        state: the issue's state so far (layout.makeup.page.IssueState): a
            jump's second part is fitted with the text its first part left.
        alternatives: how many solutions to find (the first is used).
        use_cache: read and write the makeup cache.
    """
    autos = [pl for pl in page.placements if pl.place is None and pl.auto is not None]
    if not autos:
        return None
    from .solve import Item, solve  # the solver's modules: only for a page with auto places

    ctx = SetContext(grid, fonts, issue.house, page.id)
    lead = page_lead(page)
    # the page's lead (the story page.py gives the largest head) is the
    # solver's lead (top left, widest) unless the editor ranked another
    implicit = lead if lead is not None and lead.auto is not None and lead.auto.priority is None and \
        not any(pl.auto.priority == 1 for pl in autos) else None
    # every other head is one 号 below the lead's (page.py): each story is
    # fitted under each size the lead may take (the solver keeps a setting
    # only under its lead), or under the lead's size when it is fixed
    opts_of: dict[int, tuple] = {}
    if lead is not None and lead.auto is not None:
        opts_of[id(lead)] = _options(lead, lambda span: [(largest_head(span), ())], ctx, state)
        sizes = sorted({o.head_size for o in opts_of[id(lead)][0]})
    elif lead is not None:
        sizes = [fit_article(lead.article, lead.place.span, grid, fonts, issue.house,
                             largest_head(lead.place.span)).headline]
    else:
        sizes = [LEAD_MAX]

    def caps(span: int) -> list[tuple[float, tuple]]:
        by: dict[float, list[float]] = {}
        for size in sizes:
            by.setdefault(largest_head(span, size), []).append(size)
        if len(by) == 1 or lead is None or lead.auto is None:
            return [(cap, ()) for cap in by]
        return [(cap, tuple(by[cap])) for cap in sorted(by)]

    house = makeup_house(issue)
    items = []
    for n, pl in enumerate(autos):
        opts, body, text = opts_of.get(id(pl)) or _options(pl, caps, ctx, state)
        if body and pl.article.kind == "story":
            # a photo of N columns lets its story stand N columns wide,
            # however short its text (span_from_length counts text only)
            body = max(body, _photo_span(pl.article) * house.min_leg)
        a = pl.auto
        priority = 1 if pl is implicit else a.priority
        if priority == 1:
            opts = _lead_costs(opts)
        items.append(Item(pl.article.id, tuple(opts), priority, a.bottom, a.span, a.near,
                          bool(pl.article.photos), body or None, f"articles[{page.placements.index(pl)}].place",
                          text))
    fixed = _fixed(page, grid)
    key = _key(grid, fixed, items, house, alternatives)
    out = _read_cache(key) if use_cache else None
    if out is not None:
        return out
    result = solve(grid.columns, grid.lines, fixed, items, alternatives, house, str(page.file))
    out = PageMakeup()
    if result.ok:
        best = result.best
        out.places = best.places()
        out.quality = _quality(best)
        out.alternatives = [s.places() for s in result.solutions[1:]]
        out.findings += rule_findings(page.id, best.quality, house)
    else:
        d = result.diagnosis
        out.places = {p.id: p.place for p in d.sketch}
        out.findings.append(Finding("makeup", "error", page.id, "", f"makeup: {d.message}",
                                    {"reason": d.reason, "missing": d.missing,
                                     "cuts": [asdict(c) for c in d.cuts], "held": list(d.held),
                                     "proved": d.proved}))
        for pl in autos:
            if pl.article.id not in out.places:
                out.findings.append(Finding("not_placed", "error", page.id, pl.article.id,
                                            f"not placed: makeup found no room for {pl.article.id}", {}))
    if use_cache:
        _write_cache(key, out)
    return out


def rule_findings(page_id: str, quality, house) -> list[Finding]:
    """A warning for each rule a made-up page breaks (``quality``:
    solve.Quality): heads side by side on a line (碰题) and stacked photo
    blocks, allowed because the house only avoids them or, where it forbids
    them, because no page that keeps them was found (MakeupHouse.fallback)."""
    out = []
    for n, what, rule in ((quality.head_collisions, "pairs of heads side by side share lines (碰题)",
                           house.tombstones),
                          (quality.stacked_photos, "pairs of photo blocks stand directly on each other",
                           house.photos_stacked)):
        if n:
            why = ("no page that keeps them apart was found within the work limit, so the page breaks the rule "
                   "as few times as it can" if rule == "forbid" else "the house only avoids it")
            out.append(Finding("makeup_rule", "warning", page_id, "", f"makeup: {n} {what}: {why}",
                               {"count": n, "rule": rule}))
    return out


def _quality(solution) -> dict:
    """A solution's quality figures, JSON-ready (white space, underset per
    block, head collisions, each story's rank against its priority)."""
    q = asdict(solution.quality)
    q["blocks"] = [{"article": p.id, "place": [p.place.column, p.place.span, p.place.row, p.place.height],
                    "leg": [p.place.leg.column, p.place.leg.span, p.place.leg.height] if p.place.leg else None,
                    "photo": p.place.photo,
                    "underset": p.underset, "rank": p.rank, "priority": p.priority} for p in solution.placed]
    return q


def _key(grid: Grid, fixed, items, house, alternatives: int) -> str:
    """The cache key: the solver's whole input, and the engine's version."""
    from .. import __version__
    from ..versions import code_fingerprint

    blob = json.dumps({"grid": [grid.name, grid.columns, grid.lines], "fixed": [asdict(f) for f in fixed],
                       "items": [asdict(i) for i in items], "house": asdict(house), "alternatives": alternatives,
                       "engine": __version__, "code": code_fingerprint()}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _listed(p: Place) -> list:
    """A place as JSON: [column, span, row, height, leg [column, span, height] or null, photo]."""
    return [p.column, p.span, p.row, p.height, [p.leg.column, p.leg.span, p.leg.height] if p.leg else None, p.photo]


def _unlist(v: list) -> Place:
    """A place from :func:`_listed`."""
    leg = Leg(*v[4]) if len(v) > 4 and v[4] else None
    return Place(v[0], v[1], v[2], v[3], None, leg, v[5] if len(v) > 5 else None)


#: Places found: this process's memory, then the cache folder's makeup/.
_PLACES = _cache.Tier("makeup", 64 * 2 ** 20, max_entries=256)


def _read_cache(key: str) -> PageMakeup | None:
    raw = _PLACES.get(f"{key}.json")
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        out = PageMakeup({k: _unlist(v) for k, v in data["places"].items()}, data["quality"],
                         [Finding(**f) for f in data["findings"]],
                         [{k: _unlist(v) for k, v in alt.items()} for alt in data["alternatives"]], True)
        return out
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(key: str, out: PageMakeup) -> None:
    place = _listed
    data = {"places": {k: place(p) for k, p in out.places.items()}, "quality": out.quality,
            "findings": [asdict(f) for f in out.findings],
            "alternatives": [{k: place(p) for k, p in alt.items()} for alt in out.alternatives]}
    _PLACES.put(f"{key}.json", json.dumps(data, sort_keys=True, default=str).encode())
