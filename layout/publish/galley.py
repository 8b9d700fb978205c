"""Galley proofs (长条校样): text set in long columns before page makeup.

A galley page is as tall as the broadsheet trim (545 mm) and as wide as its
columns need: ``columns`` columns of ``measure`` characters of the body size,
1-em gutters, 36 pt margins. Text flows down each column, then into the next
column and onto further pages, with the body face and the house rules of the
broadsheet preset (indent, justification, kinsoku level).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..makeup.context import missing_glyph
from ..makeup.runs import line_runs
from ..model.issue import House
from ..text.compose import Line, compose
from ..text.styles import style_for
from ..makeup.display import Finding, PageList
from ..model.errors import InputError
from ..text.fonts import FontSet, face_notes
from ..model.units import EM_BOX_DESCENT, mm

MARGIN = 36.0
TRIM_HEIGHT = mm(545)


@dataclass(frozen=True)
class GalleySpec:
    """How a galley is set.

    Attributes:
        measure: characters per line (of ``size``).
        columns: columns per page.
        size: body size in points.
        level: prohibition level (clreq 3.1.7): loose, basic or strict.
        open_at_start_half: the house option for opening marks at line starts.
    """

    measure: float = 13
    columns: int = 1
    size: float = 9.0
    level: str = "basic"
    open_at_start_half: bool = False

    @property
    def pitch(self) -> float:
        """Line pitch: the size plus a third of it (12 pt for 9 pt type)."""
        return round(self.size * 4 / 3, 3)


def read_source(path: Path) -> list[tuple[str, list[tuple[str, str]], float]]:
    """Paragraphs of a galley source: ``(kind, spans, size factor)`` items.

    A text file is one paragraph per line (blank lines skipped); a YAML file
    is an article manifest: its head, byline, dateline, body and captions.

    Raises:
        InputError: unreadable, not UTF-8, or a bad manifest.
    """
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        from ..model.manifest import load_article

        art = load_article(path, article_roots(path))
        items = []
        for text, role, factor in ((art.kicker, "kicker", 4 / 3), (art.headline, "headline", 2.0),
                                   (art.deck, "deck", 4 / 3)):
            for part in filter(None, text.split("\n")):
                items.append(("head", [(part, role)], factor))
        items += [("byline", [(b, "byline")], 1.0) for b in art.bylines]
        items += [("body", spans, 1.0) for spans in art.paragraph_spans()]
        for ph in art.photos:
            if ph.caption:
                items.append(("body", [(ph.caption, "caption")] + ([("\u3000", "caption"), (ph.credit, "byline")]
                                                                    if ph.credit else []), 1.0))
        return items
    from ..model.fields import clean_text
    from ..model.yamlsafe import read_text

    text = read_text(path, MAX_SOURCE, "text file")
    out = []
    for n, ln in enumerate(text.splitlines()):
        if ln.strip():
            out.append(("body", [(clean_text(ln, path, f"line {n + 1}", 20_000), "body")], 1.0))
    return out


#: The largest galley source read, in bytes.
MAX_SOURCE = 2 * 1024 * 1024
#: The most characters a galley sets (about 120 pages of 13-character
#: columns; some 6 s on the development machine): longer texts are proofed
#: in parts.
MAX_GALLEY_CHARS = 200_000


def article_roots(path: Path) -> list[Path]:
    """Where an article's photos are looked for: the article's own folder,
    or, for an article inside an issue folder (an issue.yaml in a folder
    above it), that issue folder and the asset folders its issue.yaml names
    (the rules of layout/model/paths.py apply)."""
    from ..model.fields import check
    from ..model.paths import asset_roots, check_asset_folder
    from ..model.schema import ISSUE
    from ..model.yamlsafe import load_node

    here = path.resolve().parent
    for folder in [here, *here.parents][:4]:
        ifile = folder / "issue.yaml"
        if ifile.is_file():
            data = check(load_node(ifile), ISSUE, ifile)
            roots = [folder]
            allowed = asset_roots(folder)
            for n, a in enumerate(data["assets"]):
                p = (folder / a).resolve()
                why = check_asset_folder(p, folder, allowed)
                if why:
                    raise InputError(ifile, f"assets[{n}]", why, a)
                if p.is_dir():
                    roots.append(p)
            return roots
    return [here]


def write_galley(source, spec: GalleySpec, out_pdf=None, fonts_config=None):
    """Set ``source`` as a galley proof and write it (default
    ``output/galley/<name>.pdf``). Returns (the PDF's path, findings).

    Raises:
        InputError: unusable source, fonts or SOURCE_DATE_EPOCH.
        EnvError: the PDF cannot be written.
    """
    import datetime as dt

    from ..render.pdf import render_pdf
    from .build import source_date_epoch
    from .outputs import write_atomic

    source_date_epoch()
    src = Path(source)
    if not src.is_file():
        raise InputError(src, "", "an existing text file or article manifest")
    fs = FontSet.load(fonts_config)
    pages = set_galley(src, spec, fs)
    out = Path(out_pdf) if out_pdf else Path("output") / "galley" / f"{src.stem}.pdf"
    write_atomic(out, render_pdf(pages, fs, title=f"galley {src.name}", author="broadsheet",
                                 subject=f"{spec.measure:g} characters x {spec.size:g} pt, {spec.level}",
                                 date=dt.date(2000, 1, 1)))
    return out, pages[0].findings


def set_galley(source: Path, spec: GalleySpec, fonts: FontSet) -> list[PageList]:
    """Set a source as galley pages.

    Returns: display lists, one per page; findings (missing glyphs) on the
    first page.
    """
    measure = spec.measure * spec.size
    width = 2 * MARGIN + spec.columns * measure + (spec.columns - 1) * spec.size
    rows = int((TRIM_HEIGHT - 2 * MARGIN - spec.size) // spec.pitch) + 1
    lines: list[tuple[Line, float, str]] = []
    house = House(level=spec.level, open_at_start_half=spec.open_at_start_half)
    items = read_source(source)
    total = sum(len(t) for _, spans, _ in items for t, _ in spans)
    if total > MAX_GALLEY_CHARS:
        from ..model.errors import Said

        raise InputError(source, "", f"a galley of at most {MAX_GALLEY_CHARS:,} characters (proof a longer text "
                                     "in parts)", Said(f"{total:,} characters"))
    for kind, spans, factor in items:
        size = round(spec.size * factor, 2)
        style = style_for("body" if kind == "body" else "headline", house, size, measure)
        for ln in compose(spans, fonts, style):
            lines.append((ln, size, kind))
    pages: list[PageList] = []
    findings: list[Finding] = []
    name = Path(source).name
    slot = rows * spec.columns  # body-line slots a page holds
    used = slot  # start a page at once
    for ln, size, kind in lines:
        need = max(1, int(-(-size * 1.25 // spec.pitch))) if size > spec.size else 1
        col, row = divmod(used, rows)
        if used < slot and row + need > rows:  # a head never breaks across columns
            used = (col + 1) * rows
        if used + need > slot:
            pages.append(PageList(f"G{len(pages) + 1}", width, TRIM_HEIGHT,
                                  title=f"galley {name} {spec.measure:g} x {spec.size:g} pt p{len(pages) + 1}"))
            used = 0
        col, row = divmod(used, rows)
        x = MARGIN + col * (measure + spec.size)
        top = TRIM_HEIGHT - MARGIN - row * spec.pitch
        y = top - (need * spec.pitch - (spec.pitch - spec.size)) + EM_BOX_DESCENT * size
        pages[-1].runs += line_runs(ln, x, y, size, fonts, name, kind == "body")
        findings += [missing_glyph(ch, pages[-1].id, name, kind) for ch in ln.missing]
        findings += [Finding(k, sev, pages[-1].id, name, msg, data)
                     for k, sev, msg, data in face_notes(ln, "head" if kind == "head" else kind, name)]
        used += need
    if not pages:
        raise InputError(source, "", "text to set (the file has none)")
    pages[0].findings = findings
    return pages
