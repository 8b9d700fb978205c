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
