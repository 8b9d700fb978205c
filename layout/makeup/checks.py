"""Checks of set lines that makeup reports (called from block.py)."""

from __future__ import annotations

from ..text.compose import Line
from ..text.ink import ink_overflow, where_in
from .display import Finding


def overflow_finding(line: Line, measure: float, size: float, fonts, page: str, article, style):
    """The ``overflow`` finding for a line whose ink passes its column, or
    None: the whole line and where it is (page, article, paragraph, line)."""
    over = ink_overflow(line, measure, size, fonts)
    if not over:
        return None
    par, n = where_in(article, line, style, fonts)
    at = f"page {page}, article {article.id}" + (f", paragraph {par}, line {n}" if par else "")
    return Finding("overflow", "error", page, article.id,
                   f"line wider than its column: its ink passes the edge by {over:.1f} pt ({at}): {line.text.strip()}",
                   {"text": line.text.strip(), "by_pt": round(over, 2), "paragraph": par, "line": n})
