"""``broadsheet fit``: copy fitting of one article manifest, as a table.

The article is read with the asset folders and house options of the issue
it belongs to (the nearest folder above it holding an issue.yaml), so its
photos are found and its heads composed as the build composes them.
"""

from __future__ import annotations

from pathlib import Path

from ..makeup.fit import fit_article
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
               fonts_config: str | Path | None = None) -> str:
    """The lines ``path`` needs at each span (or ``span``), a line a span:
    span, body lines, millimetres, headline size, overset lines.

    Raises:
        InputError: an unreadable or invalid manifest, an unknown preset.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing article manifest")
    found = _issue_of(path)
    house, grid_name, roots = House(), fmt or "broadsheet", [path.parent.resolve()]
    if found is not None:
        issue, _, roots = found
        house, grid_name = issue.house, fmt or issue.format
    grid = preset(grid_name, "--format", "")
    art = load_article(path, roots)
    fonts = FontSet.load(fonts_config)
    spans = [span] if span else list(range(1, grid.columns + 1))
    rows = [f"{'span':>4}  {'lines':>5}  {'mm':>6}  {'head':>7}  overset"]
    for s in spans:
        if columns and columns > 2 * s:
            continue
        f = fit_article(art, s, grid, fonts, house, columns=columns)
        head = f"{f.headline:g} pt" if f.headline else "-"
        rows.append(f"{s:>4}  {f.lines:>5}  {f.lines * grid.pitch * 25.4 / 72:>6.1f}  {head:>7}  "
                    f"{f.overset or ''}")
    return "\n".join(rows)
