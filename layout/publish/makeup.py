"""``broadsheet makeup``: propose places for an issue's ``place: auto``
articles, print them with the makeup's quality figures, and with ``-o``
write copies of the page manifests with the places filled in (comments and
order kept; never over the editor's files), for the editor to adopt and
adjust. The places are the ones ``build`` uses (the same code and cache)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..makeup.display import PageList
from ..model.errors import InputError
from ..model.grid import preset
from ..model.manifest import load_issue
from ..model.placed import write_placed_issue
from ..text.fonts import FontSet


@dataclass
class MakeupReport:
    """The places makeup chose, by page (only pages with auto articles)."""

    pages: list[PageList] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    page_files: dict[str, Path] = field(default_factory=dict)


def run_makeup(issue_dir: str | Path, pages: list[str] | None = None, out_dir: str | Path | None = None,
               alternatives: int = 1, fonts_config: str | Path | None = None,
               assets_roots: list | None = None) -> MakeupReport:
    """Place the issue's auto articles (every page is laid out, so a jump's
    continuation is fitted with the rest of its text); with ``out_dir``,
    write the placed copy of the issue there.

    Raises:
        InputError: bad manifests, an unknown page id, an output folder that
            could hold the editor's files (see layout.model.placed).
    """
    from ..makeup.page import make_issue

    issue = load_issue(issue_dir, assets_roots)
    if pages:
        known = {p.id for p in issue.pages}
        for pid in pages:
            if pid not in known:
                raise InputError("--pages", pid, f"a page of the issue ({', '.join(sorted(known))})")
    fonts = FontSet.load(fonts_config)
    lists = make_issue(issue, preset(issue.format), fonts, alternatives=alternatives)
    report = MakeupReport()
    for page, pl in zip(issue.pages, lists):
        if pl.makeup is None and not pl.placed:
            continue
        if pages and page.id not in pages:
            continue
        report.pages.append(pl)
        report.page_files[page.id] = Path(page.file).resolve()  # the loader's path is the caller's
    if out_dir is not None:
        places = {report.page_files[pl.id]: pl.placed for pl in report.pages}
        report.written = write_placed_issue(issue.folder, places, out_dir, [p.file for p in issue.pages])
    return report


def makeup_table(report: MakeupReport) -> str:
    """The places as a table (page, article, column, span, row, height,
    underset, rank and priority), each page's quality figures under it, and
    each alternative's places in one line."""
    if not report.pages:
        return "no page lists an article with place: auto: nothing to place"
    out = [f"{'page':4} {'article':24} {'col':>3} {'span':>4} {'row':>4} {'lines':>5} {'under':>5} "
           f"{'rank':>4} {'prio':>4}"]
    for pl in report.pages:
        q = pl.makeup or {}
        blocks = {b["article"]: b for b in q.get("blocks", [])}
        for aid, p in sorted(pl.placed.items(), key=lambda kv: (kv[1].row, kv[1].column)):
            b = blocks.get(aid, {})
            out.append(f"{pl.id:4} {aid:24} {p.column:>3} {p.span:>4} {p.row:>4} {p.height:>5} "
                       f"{b.get('underset', ''):>5} {b.get('rank') or '':>4} {b.get('priority') or '':>4}")
        if q:
            out.append(f"{pl.id:4} white space {q.get('white_lines', 0)} column-lines ({q.get('white_percent', 0)} % "
                       f"of the type area), head collisions {q.get('head_collisions', 0)}, stacked photos "
                       f"{q.get('stacked_photos', 0)}, priority inversions {q.get('priority_inversions', 0)}")
        for f in pl.findings:
            if f.kind in ("makeup", "not_placed", "makeup_rule"):
                out.append(f"{pl.id:4} {f.severity}: {f.message}")
        for n, alt in enumerate(pl.alternatives, 2):
            out.append(f"{pl.id:4} alternative {n}: " + "; ".join(
                f"{aid} {p.column}/{p.span}/{p.row}/{p.height}" for aid, p in sorted(alt.items())))
    return "\n".join(out)
