"""An issue's pages laid out on every core (layout.parallel.fork_map).

Pages are independent unless a story jumps from one to another (the second
part takes up the rest of the first): an issue with a jump is laid out page
after page (:func:`layout.makeup.page.make_issue`); one without, a page a
process at a time, the results in page order, the same as one after the
other.
"""

from __future__ import annotations

from ..model.grid import Grid
from ..model.issue import Issue
from ..text.fonts import FontSet
from .display import PageList
from .page import issue_state, make_issue, make_page


def make_issue_spread(issue: Issue, grid: Grid, fonts: FontSet) -> list[PageList]:
    """:func:`layout.makeup.page.make_issue`, the pages of an issue without
    jumps laid out in several processes."""
    from ..parallel import fork_map

    state = issue_state(issue)
    if state.continues or any(pl.continued for page in issue.pages for pl in page.placements):
        return make_issue(issue, grid, fonts)
    last = len(issue.pages) - 1
    return fork_map(lambda k: make_page(issue, issue.pages[k], grid, fonts, state, last=k == last),
                    range(len(issue.pages)))
