"""An issue's pages laid out on every core (layout.parallel.fork_map).

Pages are independent unless a story jumps from one to another (the second
part takes up the rest of the first): an issue with a jump is laid out page
after page (:func:`layout.makeup.page.make_issue`); one without, a page a
process at a time, the results in page order, the same as one after the
other. The first page is laid out before the others are spread, so the
processes inherit what it loaded (the word segmenter, the faces' data)
instead of each loading it again.
"""

from __future__ import annotations

from ..model.grid import Grid
from ..model.issue import Issue
from ..text.fonts import FontSet
from .display import PageList
from .page import issue_state, make_issue, make_page


def make_issue_spread(issue: Issue, grid: Grid, fonts: FontSet, before_page=None) -> list[PageList]:
    """:func:`layout.makeup.page.make_issue`, the pages of an issue without
    jumps laid out in several processes; ``before_page(page_id)`` is called
    before each page is laid out (in the process that lays it out)."""
    from ..parallel import fork_map

    state = issue_state(issue)
    if state.continues or any(pl.continued for page in issue.pages for pl in page.placements):
        return make_issue(issue, grid, fonts, before_page)
    last = len(issue.pages) - 1

    def page(k: int) -> PageList:
        if before_page is not None:
            before_page(issue.pages[k].id)
        return make_page(issue, issue.pages[k], grid, fonts, state, last=k == last)

    if last < 1:
        return [page(0)]
    # the first page here: what it loads (the segmenter, the faces' data) the workers inherit
    first = page(0)
    return [first] + fork_map(page, range(1, len(issue.pages)))
