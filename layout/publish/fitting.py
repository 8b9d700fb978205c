"""``broadsheet fit``: copy fitting of one article manifest, as a table.

The article is read with the asset folders and house options of the issue
it belongs to (the nearest folder above it holding an issue.yaml), so its
photos are found and its heads composed as the build composes them.
"""

from __future__ import annotations

from pathlib import Path

from ..makeup.fit import LEADS, fit_under
from ..model.errors import InputError
from ..model.grid import preset
from ..model.issue import House
from ..model.manifest import load_article, load_issue_settings
from ..text.fonts import FontSet


def _issue_of(article: Path):
    """The issue holding ``article`` (an issue.yaml in a folder above it),
    or None."""
    for folder in list(article.resolve().parents)[:3]:
        if (folder / "issue.yaml").is_file():
            return load_issue_settings(folder)
    return None


def fit_report(path: str | Path, span: int | None = None, columns: int | None = None, fmt: str | None = None,
               fonts_config: str | Path | None = None, lead: float | None = None) -> str:
    """The lines ``path`` needs at each span (or ``span``), a line a span:
    span, then for each head size the page may give it, body lines,
    millimetres, headline size and overset lines.

    A story's head depends on the page's lead (layout.makeup.fit.fit_under):
    the figures are given for the story as the lead (头条) and under a lead
    of each size in layout.makeup.fit.LEADS, or, with ``lead`` (the lead's
    headline size, points), under that lead only. A block of ``height:
    auto`` at that span on a page with that lead takes exactly those lines.

    Raises:
        InputError: an unreadable or invalid manifest, an unknown preset,
            a ``lead`` that is not a size from 5 to 200 points.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing article manifest")
    if lead is not None and not 5 <= lead <= 200:  # the sizes a manifest may give (fields.Size)
        raise InputError("--lead", "", "the lead's headline size in points, from 5 to 200", lead)
    found = _issue_of(path)
    house, grid_name, roots = House(), fmt or "broadsheet", [path.parent.resolve()]
    if found is not None:
        issue, _, roots = found
        house, grid_name = issue.house, fmt or issue.format
    grid = preset(grid_name, "--format", "")
    art = load_article(path, roots)
    fonts = FontSet.load(fonts_config)
    spans = [span] if span else list(range(1, grid.columns + 1))
    if art.kind != "story":
        groups = [("", None)]  # no head that depends on the page's lead
    elif lead is not None:
        groups = [(f"under a {lead:g} pt lead", lead)]
    else:
        groups = [("as the lead (头条)", None)] + [(f"under a {size:g} pt lead", size) for size in LEADS]
    cell = f"  {'lines':>5}  {'mm':>6}  {'head':>7}  {'overset':<7}"
    rows = []
    if groups[0][0]:
        rows.append(" " * 4 + "".join(f"  {title:<{len(cell) - 2}}" for title, _ in groups).rstrip())
    rows.append(f"{'span':>4}" + cell * len(groups))
    for s in spans:
        if columns and columns > 2 * s:
            continue
        row = f"{s:>4}"
        for _, size in groups:
            f = fit_under(art, s, grid, fonts, house, size, columns)
            head = f"{f.headline:g} pt" if f.headline else "-"
            row += f"  {f.lines:>5}  {f.lines * grid.pitch * 25.4 / 72:>6.1f}  {head:>7}  {f.overset or '':<7}"
        rows.append(row.rstrip())
    return "\n".join(r.rstrip() for r in rows)
