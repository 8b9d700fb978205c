"""Synthetic makeup problems: stories with the options copy fitting would
give, and pages made from a known tiling so that a solution exists.

A story of ``body`` lines (its body in one basic column) at span s takes
1 (the rule line) + photo + head_lines(s) + ceil(body / s) body lines, and
may grow by one line of head space at no cost (``stretch``), like
block.HEAD_SLACK. Used by tests/test_makeup_solve.py and
benchmarks/bench_makeup.py.
"""

from __future__ import annotations

import random

from layout.makeup.solve import Fixed, Item, Option
from layout.model.issue import Place


def head_lines(span: int) -> int:
    """Lines a head area takes at ``span`` columns: a wider block gets a
    larger head (three lines of 三号 over one column, 一号 and a deck wider)."""
    return 4 if span <= 2 else 5 if span <= 4 else 6


def option(span: int, body: int, photo: int = 0, stretch: int = 1) -> Option:
    """The option a story of ``body`` lines has at ``span`` columns."""
    return Option(span, 1 + photo + head_lines(span) + -(-body // span), stretch=stretch,
                  head_offset=photo, head_lines=head_lines(span), photo_top=photo > 0)


def story(id: str, body: int, spans=range(1, 9), photo: int = 0, **kw) -> Item:
    """An item with an option at each span in ``spans``."""
    return Item(id, tuple(option(s, body, photo) for s in spans), has_photo=photo > 0, body_lines=body, **kw)


def body_for(span: int, height: int, photo: int = 0) -> int:
    """The body lines that make a story exactly ``height`` lines tall at ``span``."""
    return (height - 1 - photo - head_lines(span)) * span


def tiled_page(seed: int, columns: int = 8, lines: int = 115, slack: int = 1, front: bool = False,
               ad: int = 0) -> tuple[list[Fixed], list[Item], dict]:
    """A page made from a known tiling that keeps every rule.

    A lead across the top (on half the pages, narrower, with a photo-topped
    story beside it), then two or three column groups of stacked stories.
    The first story of every other group opens with a photo (its head below
    it), and the stacks of neighbouring groups break at lines at least 8
    apart, so no two heads side by side share a line. Each story may be up
    to ``slack`` lines shorter than its cell (stretch and underset fill it).
    ``front``: a masthead and an ear above (14 lines); ``ad``: an
    advertisement of that many lines across the foot.

    Returns: (fixed, items, the known places), items in known reading order
    of priority.
    """
    rnd = random.Random(seed)
    fixed: list[Fixed] = []
    top, foot = 1, lines
    if front:
        fixed += [Fixed("masthead", Place(1, columns - 2, 1, 14), "masthead"),
                  Fixed("ear", Place(columns - 1, 2, 1, 14), "ear")]
        top = 15
    if ad:
        fixed.append(Fixed("ad", Place(1, columns, lines - ad + 1, ad), "ad"))
        foot = lines - ad
    known: dict[str, Place] = {}
    made: dict[str, tuple[int, int]] = {}  # id -> (body lines, photo lines)

    def put(ident: str, place: Place, photo: int = 0) -> None:
        body = max(body_for(place.span, place.height - rnd.randint(0, slack), photo), 12 * place.span)
        known[ident] = place
        made[ident] = (body, photo)

    beside = columns == 8 and rnd.random() < 0.5
    if beside:  # the photo story beside the lead needs 1 + 12 + 5 + 12 lines
        lead_h = rnd.randint(31, 38)
        put("lead", Place(1, columns - 3, top, lead_h))
        put("beside", Place(columns - 2, 3, top, lead_h), photo=12)
    else:
        lead_h = rnd.randint(22, 30)
        put("lead", Place(1, columns, top, lead_h))
    row0 = top + lead_h
    splits = rnd.choice([[3, 5], [5, 3], [4, 4], [2, 3, 3]] if beside else
                        [[3, 5], [5, 3], [4, 4], [2, 3, 3], [3, 3, 2], [4, 2, 2]] if columns == 8
                        else [[2, 4], [4, 2], [3, 3], [2, 2, 2]])
    # photos open every other group, and never the last one (under the
    # photo story beside the lead, when there is one)
    photo_group = [(len(splits) - 1 - g) % 2 == 1 for g in range(len(splits))]
    if beside and splits == [3, 5]:
        photo_group = [True, False]
    col, n, before = 1, 1, set()
    for g, span in enumerate(splits):
        for _ in range(1000):
            room = foot - row0 + 1
            stack = rnd.randint(1, max(1, min(3, room // 24)))
            heights, left = [], room
            for k in range(stack - 1):
                least = 36 if k == 0 and photo_group[g] else 20  # room for the photo, head and body
                h = rnd.randint(least, max(least, left - 20 * (stack - 1 - k)))
                heights.append(h)
                left -= h
            heights.append(left)
            breaks = {row0 + sum(heights[:k]) for k in range(1, stack)}
            fits = heights[-1] >= 20 and (not photo_group[g] or heights[0] >= 36)
            if fits and all(abs(a - b) >= 8 for a in breaks for b in before):
                break
        before = breaks
        row = row0
        for k, h in enumerate(heights):
            put(f"s{n}", Place(col, span, row, h), photo=12 if k == 0 and photo_group[g] else 0)
            row += h
            n += 1
        col += span
    order = sorted(known, key=lambda k: (known[k].row, known[k].column))
    items = []
    for ident in order:
        body, photo = made[ident]
        items.append(Item(ident, tuple(option(s, body, photo) for s in range(1, columns + 1)),
                          priority=order.index(ident) + 1, has_photo=photo > 0, body_lines=body))
    return fixed, items, known


# ---------------------------------------------------------------- realistic pages

#: Lines of a head area (kicker, headline, deck and the line under them) by
#: span, as layout.makeup.heads sizes them on the broadsheet grid: 三号 over
#: one column, 二号 over two, 一号 over three, 小初 and 初号 wider (two
#: headline lines); a kicker or a deck adds a line or two.
HEAD_AREA = {1: 4, 2: 6, 3: 7, 4: 8, 5: 9, 6: 9, 7: 9, 8: 9}
#: Characters of 小五 a line of one basic column holds (broadsheet).
CHARS_PER_LINE = 13


def copy_lines(chars: int) -> int:
    """Lines of one basic column a story of ``chars`` characters pours:
    its paragraphs' last lines (about one in twelve) and a byline."""
    return -(-chars * 108 // (100 * CHARS_PER_LINE)) + 1


def realistic_story(id: str, chars: int, rnd: random.Random, photo: bool = False, columns: int = 8,
                    **kw) -> Item:
    """A story of ``chars`` characters with the options copy fitting would
    give (layout.makeup.autoplace): at every span a rectangle, its head area
    by span, its text balanced; with a photo, the photo in the text over two
    columns, and also the photo across the top above the head (Place.photo
    top, cropped towards 4:3). Text-only stories give ``text_lines`` (they
    may stand as L shapes)."""
    n = copy_lines(chars)
    extra = rnd.choice((0, 0, 1, 2))  # a kicker or a deck
    prow = rnd.randint(12, 20)  # an in-text photo's lines, with its caption
    options = []
    for s in range(1, columns + 1):
        hl = HEAD_AREA[s] + extra
        if photo:
            ps = min(2, s)
            options.append(Option(s, 1 + hl + -(-(n + ps * (prow + 3)) // s), 3, 0, hl))
            top = min(round(s * 4.4), 40) + 3 + 1  # photo (4:3 across s columns), caption, gap
            options.append(Option(s, 1 + top + hl + -(-n // s), 3, top, hl, True))
        else:
            options.append(Option(s, 1 + hl + -(-n // s), 3, 0, hl))
    return Item(id, tuple(o for o in options if o.height <= 115), has_photo=photo, body_lines=n,
                text_lines=None if photo else n, **kw)


def photo_news(id: str, columns: int = 8) -> Item:
    """A photo-news block (图片新闻): no head; its photo may be cropped taller."""
    options = []
    for s in range(1, columns + 1):
        h = 6 + round(s * 4.4)
        options.append(Option(s, h, (h - 6) // 2, 0, 0))
    return Item(id, tuple(options), has_photo=True)


def realistic_page(seed: int, columns: int = 8, lines: int = 115, density: tuple[float, float] = (0.72, 0.86),
                   ad: bool | None = None, fixed: tuple[Fixed, ...] = (),
                   count: tuple[int, int] = (8, 12)) -> tuple[list[Fixed], list[Item]]:
    """A page of 8 to 12 items as an editor sends them to makeup: a lead
    (priority 1, 900-2,600 characters, most often with a photo), stories of
    300-1,500 characters (one or two with photos), two or three 简讯 of
    150-300, and often a photo-news block or a small advertisement. The
    stories' lengths are scaled so that the items set at their smallest
    fill ``density`` of the page's free area (the specimen's inner pages:
    0.82-0.93), so the page can be filled with room for heads at ordinary
    widths. ``fixed``: blocks already on the page (a masthead, an ad with
    coordinates); ``count``: the items, least and most.

    Returns: (fixed blocks, items), the lead first.
    """
    rnd = random.Random(seed)
    k = rnd.randint(*count)
    kinds = ["lead"]
    if rnd.random() < 0.6:
        kinds.append("photo-news")
    if ad is None:
        ad = rnd.random() < 0.3
    if ad:
        kinds.append("ad")
    briefs = rnd.randint(2, 3)
    kinds += ["brief"] * briefs
    kinds += ["photo"] * rnd.randint(1, 2)
    while len(kinds) < k:
        kinds.append("story")
    kinds = kinds[:k]
    chars = {"lead": rnd.randint(900, 2600), "brief": 0}
    lengths = []
    for kind in kinds:
        if kind == "lead":
            lengths.append(chars["lead"])
        elif kind == "brief":
            lengths.append(rnd.randint(150, 300))
        elif kind in ("photo", "story"):
            lengths.append(rnd.randint(300, 1500))
        else:
            lengths.append(0)
    lead_photo = rnd.random() < 0.7
    free = columns * lines - sum(f.place.span * f.place.height for f in fixed)
    target = rnd.uniform(*density) * free
    scale = 1.0
    for _ in range(30):
        items = _realistic_items(kinds, [round(n * scale) if kind not in ("brief", "lead") else n
                                         for kind, n in zip(kinds, lengths)], lead_photo, rnd.getstate(), columns)
        area = sum(min(o.span * o.height for o in it.options if o.span <= max(1, (it.body_lines or 999) // 12))
                   for it in items)
        if abs(area - target) < 0.01 * target:
            break
        scale *= (target / area) ** 0.7
    return list(fixed), items


def _realistic_items(kinds, lengths, lead_photo, state, columns) -> list[Item]:
    rnd = random.Random()
    rnd.setstate(state)
    items = []
    n = {}
    for kind, chars in zip(kinds, lengths):
        n[kind] = n.get(kind, 0) + 1
        ident = f"{kind}{n[kind]}"
        if kind == "lead":
            items.append(realistic_story("lead", chars, rnd, lead_photo, columns, priority=1))
        elif kind == "photo-news":
            items.append(photo_news(ident, columns))
        elif kind == "ad":
            items.append(Item(ident, tuple(Option(s, 8 if s > 1 else 12, 40, 0, 0) for s in range(1, columns + 1))))
        else:
            items.append(realistic_story(ident, chars, rnd, kind == "photo", columns))
    return items
