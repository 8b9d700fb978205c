"""The makeup solver's rules, one test each, on small synthetic pages.

Each rule: a page the rule shapes (the solver keeps it) and a page that
would break it (refused with a diagnosis, or repaired by dropping options).
Placements are judged by layout.makeup.constraints, and the tests also
check those checks on hand-made placements.
"""

from __future__ import annotations

import pytest

from layout.makeup import constraints as C
from layout.makeup.solve import (RULES, Cut, Fixed, Item, MakeupHouse, Option, Placed, _problem, solve)
from layout.model.errors import InputError
from layout.model.issue import Place
from makeup_synth import tiled_page


def item(id, *sizes, head=1, photo_top=0, **kw) -> Item:
    """An item with one option a (span, height) pair; ``photo_top`` lines of
    photo above the head."""
    return Item(id, tuple(Option(s, h, head_offset=photo_top, head_lines=head, photo_top=photo_top > 0)
                          for s, h in sizes), **kw)


#: Blocks exactly their option's height; side-by-side heads allowed at a
#: cost, so that tests of other rules need not stagger them.
EXACT = MakeupHouse(max_underset=0, tombstones="avoid")
#: The same with tombstones forbidden (the default).
STRICT = MakeupHouse(max_underset=0)


def places(mk):
    return mk.best.places()


def covered(columns, lines, fixed, mk) -> bool:
    blocks = [C.Block(f.id, f.place) for f in fixed] + [C.Block(p.id, p.place) for p in mk.best.placed]
    return C.holes(columns, lines, blocks) == 0 and not C.overlaps(blocks)


# ---------------------------------------------------------------- filled, no_overlap, no_overset


def test_filled_and_no_overlap_around_a_fixed_block():
    fixed = [Fixed("ad", Place(1, 2, 11, 10), "ad")]
    items = [item("a", (2, 10)), item("b", (1, 20), (2, 20)), item("c", (1, 20))]
    mk = solve(4, 20, fixed, items, house=EXACT)
    assert mk.ok and covered(4, 20, fixed, mk)
    p = places(mk)
    assert p["a"] == Place(1, 2, 1, 10)  # the only 2 x 10 gap is above the ad
    assert {p["b"].span, p["c"].span} == {1}
    assert mk.best.quality.white_lines == 0


def test_too_little_copy_is_refused_with_the_lines_missing():
    # 2 x 20 = 40 column-lines; the story fills at most 2 x (10 + 2 underset) = 24
    mk = solve(2, 20, [], [item("a", (2, 10))])
    assert not mk.ok
    d = mk.diagnosis
    assert d.reason == "too-little-copy" and d.proved
    assert d.missing == 16
    assert "16 column-lines" in d.message


def test_too_much_copy_names_the_story_to_cut_and_by_how_much():
    # two stories of 2 x 12 on a 2 x 20 page: 8 column-lines too many; the
    # lead is dearer to cut, so the second story loses 4 lines at 2 columns
    items = [item("lead", (2, 12), priority=1), item("second", (2, 12), priority=2)]
    mk = solve(2, 20, [], items)
    assert not mk.ok
    d = mk.diagnosis
    assert d.reason == "too-much-copy" and d.proved and d.least
    assert d.cuts == (Cut("second", 4, 2),)
    assert "cut second by 4 lines at 2 columns (8 column-lines)" in d.message


def test_a_story_that_cannot_fit_is_named_to_hold_over():
    # five stories of 2 x 10 on a 2 x 20 page: even cut to their heads and
    # three body lines (5 lines each) they need 25 lines
    mk = solve(2, 20, [], [item(c, (2, 10)) for c in "abcde"], house=EXACT)
    assert not mk.ok and mk.diagnosis.reason == "does-not-fit" and mk.diagnosis.proved
    assert len(mk.diagnosis.held) == 1
    assert f"does not fit on the page: {mk.diagnosis.held[0]} (needs 20 column-lines)" in mk.diagnosis.message


def test_underset_fills_a_short_page_and_is_counted():
    # 1 column of 20 lines, a story of 18: two lines of white at its foot
    mk = solve(1, 20, [], [item("a", (1, 18))])
    assert mk.ok
    (p,) = mk.best.placed
    assert p.place == Place(1, 1, 1, 20) and p.underset == 2
    q = mk.best.quality
    assert q.white_lines == 2 and q.white_percent == 10.0


def test_no_overset_a_block_is_never_shorter_than_its_copy():
    # the page has room for a at 20 lines only if b were set short: refused
    mk = solve(1, 20, [], [item("a", (1, 10)), item("b", (1, 11))], house=EXACT)
    assert not mk.ok and mk.diagnosis.reason == "too-much-copy"
    assert sum(c.lines for c in mk.diagnosis.cuts) == 1


def test_stretch_is_free_and_not_white():
    it = Item("a", (Option(1, 18, stretch=2),))
    mk = solve(1, 20, [], [it], house=EXACT)
    assert mk.ok and mk.best.placed[0].underset == 0 and mk.best.quality.white_lines == 0


# ---------------------------------------------------------------- spans


def test_span_from_length_drops_wide_options_for_a_short_story():
    # 30 body lines at 12 lines a column: at most 2 columns, whatever copy fitting offers
    short = item("short", (4, 10), (2, 20), body_lines=30)
    filler = item("filler", (2, 20), (4, 10))
    mk = solve(4, 20, [], [short, filler], house=EXACT)
    assert mk.ok and places(mk)["short"].span == 2


def test_span_from_length_refuses_a_story_with_only_wide_options():
    mk = solve(4, 20, [], [item("short", (4, 10), body_lines=30), item("f", (4, 10))])
    assert not mk.ok and mk.diagnosis.reason == "no-option"
    assert "short" in mk.diagnosis.message and "span_from_length" in mk.diagnosis.message


def test_span_hint_is_kept():
    items = [item("a", (1, 20), (2, 10), (3, 10), span_range=(3, 3)), item("b", (1, 10), (1, 20)),
             item("c", (3, 10))]
    mk = solve(4, 20, [], items, house=EXACT)
    assert mk.ok and places(mk)["a"].span == 3


# ---------------------------------------------------------------- lead, second, bottom


def test_lead_top_left_of_the_free_area():
    fixed = [Fixed("masthead", Place(1, 3, 1, 5), "masthead"), Fixed("ear", Place(4, 1, 1, 5), "ear")]
    items = [item("b", (2, 15), (4, 15)), item("lead", (2, 15), priority=1)]
    mk = solve(4, 20, fixed, items, house=EXACT)
    assert mk.ok and places(mk)["lead"] == Place(1, 2, 6, 15)


def test_lead_top_right_as_a_house_option():
    items = [item("b", (2, 20)), item("lead", (2, 20), priority=1)]
    mk = solve(4, 20, [], items, house=MakeupHouse(max_underset=0, lead="top-right", tombstones="avoid"))
    assert mk.ok and places(mk)["lead"] == Place(3, 2, 1, 20)


def test_lead_widest_refused_when_another_story_must_be_wider():
    items = [item("lead", (1, 20), priority=1), item("wide", (3, 20))]
    mk = solve(4, 20, [], items, house=MakeupHouse(tombstones="avoid"))
    assert not mk.ok and mk.diagnosis.reason == "rules"
    assert dict(mk.diagnosis.broken) == {"lead_widest": 1}


def test_lead_widest_chooses_the_wide_option_for_the_lead():
    # the lead's one-column setting is cheaper, but then b would be wider
    lead = Item("lead", (Option(1, 20), Option(2, 10, cost=5)), priority=1)
    items = [lead, item("b", (2, 10)), item("d", (2, 10), (1, 20))]
    mk = solve(3, 20, [], items, house=EXACT)
    assert mk.ok
    p = places(mk)
    assert p["lead"] == Place(1, 2, 1, 10) and p["b"] == Place(1, 2, 11, 10) and p["d"].span == 1


def test_second_beside_or_below_the_lead():
    # four 2 x 10 stories in a 4 x 20 grid; the second may not take the far corner
    items = [item("lead", (2, 10), priority=1), item("x", (2, 10)), item("y", (2, 10)),
             item("second", (2, 10), priority=2)]
    mk = solve(4, 20, [], items, house=MakeupHouse(max_underset=0, tombstones="avoid"))
    assert mk.ok
    p = places(mk)
    assert C.side_by_side(p["lead"], p["second"]) or C.stacked(p["lead"], p["second"])


def test_bottom_story_stands_on_the_foot_or_a_fixed_ad():
    fixed = [Fixed("ad", Place(1, 4, 16, 5), "ad")]
    items = [item("top", (4, 5)), item("foot", (4, 10), bottom=True)]
    mk = solve(4, 20, fixed, items, house=EXACT)
    assert mk.ok and places(mk)["foot"] == Place(1, 4, 6, 10)
    items = [item("a", (4, 10)), item("foot", (4, 10), bottom=True), item("b", (4, 0 + 5))]
    mk = solve(4, 25, [], items, house=EXACT)
    assert mk.ok and places(mk)["foot"].row + places(mk)["foot"].height - 1 == 25


# ---------------------------------------------------------------- heads and photos


def test_no_tombstones_refuses_heads_side_by_side():
    # two columns, each one story from the top: their heads share line 2
    mk = solve(2, 20, [], [item("a", (1, 20)), item("b", (1, 20))], house=STRICT)
    assert not mk.ok and mk.diagnosis.reason == "rules" and mk.diagnosis.proved
    assert dict(mk.diagnosis.broken) == {"no_tombstones": 1}


def test_no_tombstones_kept_by_a_photo_on_top():
    items = [item("a", (1, 20), head=3), item("b", (1, 20), head=3, photo_top=4)]
    mk = solve(2, 20, [], items, house=STRICT)
    assert mk.ok and mk.best.quality.head_collisions == 0
    heads = {p.id: p.head_row for p in mk.best.placed}
    assert heads == {"a": 2, "b": 6}


def test_no_tombstones_staggers_stacks():
    # left: 8 + 12, right: 12 + 8 lines (or the other way round); a head of 3
    # lines at 9-11 beside one at 13-15 keeps apart, 9-11 beside 9-11 would not
    items = [item("a", (1, 8), head=3), item("b", (1, 12), head=3), item("c", (1, 12), head=3, photo_top=4),
             item("d", (1, 8), head=3)]
    mk = solve(2, 20, [], items, house=STRICT)
    assert mk.ok
    blocks = C.blocks(_problem(2, 20, [], items, STRICT)[0], mk.best.placed)
    assert C.tombstones(blocks) == []
    rows = sorted(p.place.row for p in mk.best.placed if p.place.row > 1)
    assert rows[0] != rows[1]


def test_tombstones_avoided_at_a_cost_are_counted():
    mk = solve(2, 20, [], [item("a", (1, 20)), item("b", (1, 20))],
               house=MakeupHouse(max_underset=0, tombstones="avoid"))
    assert mk.ok and mk.best.quality.head_collisions == 1


def test_tombstones_with_a_fixed_head():
    fixed = [Fixed("story", Place(1, 1, 1, 20), "story", head_row=2, head_lines=3)]
    mk = solve(2, 20, fixed, [item("b", (1, 20), head=2, photo_top=1)], house=STRICT)
    assert not mk.ok and dict(mk.diagnosis.broken) == {"no_tombstones": 1}
    mk = solve(2, 20, fixed, [item("b", (1, 20), head=2, photo_top=3)], house=STRICT)
    assert mk.ok and mk.best.placed[0].head_row == 5


def test_photos_not_stacked():
    # one column: the two photo stories must not touch; the text story goes between
    items = [item("p1", (1, 8), photo_top=3, has_photo=True), item("p2", (1, 8), photo_top=3),
             item("t", (1, 4))]
    mk = solve(1, 20, [], items, house=STRICT)
    assert mk.ok
    p = places(mk)
    assert p["t"].row == 9  # between the photos
    mk = solve(1, 16, [], items[:2], house=STRICT)
    assert not mk.ok and dict(mk.diagnosis.broken) == {"photos_not_stacked": 1}


# ---------------------------------------------------------------- near and priorities


def test_near_stories_share_a_side():
    # four 1 x 10 stories in a 2 x 20 grid; c must touch a
    items = [item("a", (1, 10)), item("b", (1, 10)), item("d", (1, 10)), item("c", (1, 10), near="a")]
    mk = solve(2, 20, [], items, house=MakeupHouse(max_underset=0, tombstones="avoid"))
    assert mk.ok and C.adjacent(places(mk)["a"], places(mk)["c"])


def test_near_a_fixed_block():
    fixed = [Fixed("chart", Place(2, 1, 11, 10), "ad")]
    items = [item("a", (1, 10)), item("b", (1, 10)), item("c", (1, 10), near="chart")]
    mk = solve(2, 20, fixed, items, house=MakeupHouse(max_underset=0, tombstones="avoid"))
    assert mk.ok and C.adjacent(places(mk)["c"], fixed[0].place)


def test_priority_order_reading_order_follows_priority():
    items = [item("p4", (1, 10), priority=4), item("p3", (1, 10), priority=3), item("p2", (1, 10), priority=2),
             item("lead", (1, 10), priority=1)]
    mk = solve(2, 20, [], items, house=MakeupHouse(max_underset=0, tombstones="avoid"))
    assert mk.ok
    ranks = {p.id: p.rank for p in mk.best.placed}
    assert ranks == {"lead": 1, "p2": 2, "p3": 3, "p4": 4}
    assert mk.best.quality.priority_inversions == 0


# ---------------------------------------------------------------- whole pages, determinism, alternatives


def test_a_broadsheet_page_from_a_known_tiling_keeps_every_rule():
    fixed, items, known = tiled_page(2)
    mk = solve(8, 115, fixed, items)
    assert mk.ok
    problem = _problem(8, 115, fixed, items, MakeupHouse())[0]
    assert C.broken_rules(problem, mk.best.placed) == []
    assert covered(8, 115, fixed, mk)
    q = mk.best.quality
    assert (q.head_collisions, q.stacked_photos) == (0, 0)


def test_same_input_same_places():
    # a small work limit that stops the search before it proves the best
    # placement: where it stops is counted in work, not time, so the same
    # placement comes back
    fixed, items, _ = tiled_page(28)
    house = MakeupHouse(work_limit=0.4)
    a = solve(8, 115, fixed, items, house=house)
    b = solve(8, 115, fixed, items, house=house)
    assert a.ok and not a.best.optimal
    assert a.best.placed == b.best.placed and a.work == b.work


def test_alternatives_are_distinct_and_best_first():
    items = [item("lead", (2, 10), priority=1), item("a", (1, 10), (2, 10)), item("b", (1, 10), (2, 10)),
             item("c", (1, 10), (2, 10))]
    mk = solve(4, 20, [], items, alternatives=3, house=MakeupHouse(max_underset=0, tombstones="avoid"))
    assert len(mk.solutions) == 3
    costs = [s.quality.cost for s in mk.solutions]
    assert costs == sorted(costs)
    for n, s in enumerate(mk.solutions):
        for t in mk.solutions[:n]:
            assert any(s.places()[k].column != t.places()[k].column or s.places()[k].span != t.places()[k].span
                       or abs(s.places()[k].row - t.places()[k].row) >= 10 for k in s.places())


# ---------------------------------------------------------------- input and checks


@pytest.mark.parametrize("fixed, items, field", [
    ([], [item("a", (1, 5)), item("a", (1, 5))], "a"),
    ([], [item("a", (1, 5), near="zz")], "a.near"),
    ([], [item("a", (1, 5), priority=1), item("b", (1, 5), priority=1)], "b.priority"),
    ([Fixed("x", Place(1, 2, 1, 5)), Fixed("y", Place(2, 1, 3, 5))], [], "y.place"),
    ([Fixed("x", Place(4, 2, 1, 5))], [], "x.place"),
    ([], [item("a", (1, 5), span_range=(2, 9))], "a.span"),
])
def test_bad_input_names_the_field(fixed, items, field):
    with pytest.raises(InputError) as e:
        solve(4, 20, fixed, items, source="pages/A02.yaml")
    assert e.value.field == field and e.value.file == "pages/A02.yaml"


def test_checks_catch_every_broken_rule():
    house = MakeupHouse(max_underset=0)
    items = [item("lead", (1, 10), priority=1), item("two", (2, 10), priority=2), item("foot", (1, 10), bottom=True),
             item("n", (1, 10), near="lead"), item("p", (1, 5), has_photo=True), item("q", (1, 5), has_photo=True)]
    problem = _problem(3, 20, [], items, house)[0]

    def pl(id, k, place, head=True):
        return Placed(id, place, k, 0, place.row + 1 if head else None, 0, None if id not in ("lead", "two") else
                      {"lead": 1, "two": 2}[id])

    bad = [pl("lead", 0, Place(2, 1, 1, 10)), pl("two", 0, Place(2, 2, 11, 10)), pl("foot", 0, Place(1, 1, 1, 10)),
           pl("n", 0, Place(1, 1, 11, 10)), pl("p", 0, Place(3, 1, 1, 5)), pl("q", 0, Place(3, 1, 6, 5))]
    names = {name for name, _ in C.broken_rules(problem, bad)}
    assert names == {"lead_top_left", "lead_widest", "bottom_at_foot", "near", "no_tombstones",
                     "photos_not_stacked"}  # two stands below the lead: second_beside_lead kept
    assert set(names) <= set(RULES)


def test_holes_and_overlaps_are_caught():
    a, b = C.Block("a", Place(1, 2, 1, 10)), C.Block("b", Place(2, 1, 5, 10))
    assert C.overlaps([a, b]) == [("a", "b")]
    assert C.holes(2, 20, [a]) == 20


def test_a_blank_is_left_empty_and_counted():
    fixed = [Fixed("blank", Place(2, 1, 1, 10), "blank")]
    items = [item("a", (1, 20)), item("b", (1, 10))]
    mk = solve(2, 20, fixed, items, house=EXACT)
    assert mk.ok and places(mk) == {"a": Place(1, 1, 1, 20), "b": Place(2, 1, 11, 10)}
    assert mk.best.quality.blank_lines == 10 and mk.best.quality.white_lines == 0


def test_a_story_taller_than_the_page_has_no_option():
    mk = solve(2, 20, [], [item("a", (1, 30), (2, 21))])
    assert not mk.ok and mk.diagnosis.reason == "no-option"
    assert "taller than the page's 20 lines" in mk.diagnosis.message


def test_or_tools_is_imported_only_to_solve():
    import subprocess
    import sys

    code = ("import sys; from layout.makeup.solve import solve, Fixed; from layout.model.issue import Place; "
            "solve(2, 4, [Fixed('ad', Place(1, 2, 1, 4))], []); print('ortools' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
