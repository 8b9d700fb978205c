"""Preflight: what production staff must fix before plate-making.

Reads the display lists (never the PDF) and the inputs, and returns findings,
each an ``error`` (must be fixed: ``broadsheet check`` exits 1) or a
``warning`` (listed, exit 0):

- overset text (error) and underset blocks (warning), in lines and characters;
- characters no face has (error), with code point and article;
- heads wider than their span (error) or needing more lines than allowed (warning);
- the composer's own checks: a line starting with a prohibited mark or ending
  with an opening mark, a line wider than its measure (errors);
- photos below 150 ppi at their printed size (error), below 200 ppi (warning)
  (shared/docs/newspaper-typesetting.md 6: about 200 ppi for newsprint), and
  photos with transparency (warning: flattened on white for print);
- type below 7 pt inside the trim (warning);
- fonts whose OS/2 fsType forbids embedding (error).

Bad manifests (unknown or missing fields, missing files) stop loading with an
InputError before any of this: ``check`` reports it and exits 2.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ..makeup.display import Finding, PageList
from ..model.errors import escape
from ..model.photo import PPI_ERROR, PPI_WARNING  # noqa: F401 - preflight's thresholds, kept here by name
from ..text.fonts import FontSet

#: The smallest type that prints reliably on newsprint, points.
MIN_TYPE = 7.0


def preflight(pages: list[PageList], fonts: FontSet, issue=None) -> list[Finding]:
    """Every finding for the laid-out pages (and, given the issue, its
    manifests' half-width punctuation in Chinese text), errors first, then
    by page."""
    out: list[Finding] = []
    for page in pages:
        out += page.findings
        out += _photos(page)
        out += _small_type(page)
    if issue is not None:
        out += _punctuation(issue, {p.id for p in pages})
    if fonts is not None:
        out += _font_licences(fonts, pages)
    order = {"error": 0, "warning": 1}
    return sorted(out, key=lambda f: (order.get(f.severity, 2), f.page, f.article, f.kind))


def _photos(page: PageList) -> list[Finding]:
    from ..model.photo import PhotoError, is_transparent, open_photo

    out = []
    for pic in page.pictures:
        ppi = max(pic.ppi, 0.0)
        data = {"file": pic.path.name, "ppi": round(ppi), "pixels": list(pic.pixels),
                "printed_mm": [round(pic.w / 72 * 25.4, 1), round(pic.h / 72 * 25.4, 1)]}
        if ppi < PPI_ERROR:
            out.append(Finding("low_resolution", "error", page.id, pic.article,
                               f"photo {pic.path.name} prints at {ppi:.0f} ppi (needs {PPI_ERROR}; "
                               f"{PPI_WARNING} for newsprint)", data))
        elif ppi < PPI_WARNING:
            out.append(Finding("low_resolution", "warning", page.id, pic.article,
                               f"photo {pic.path.name} prints at {ppi:.0f} ppi (newsprint wants {PPI_WARNING})", data))
        try:
            with open_photo(pic.path) as im:
                transparent = is_transparent(im)
        except PhotoError:
            transparent = False  # the loader checked it; changed since: the build says so
        if transparent:
            out.append(Finding("transparency", "warning", page.id, pic.article,
                               f"photo {pic.path.name} has transparent pixels: printed flattened on white", data))
    return out


def _punctuation(issue, page_ids: set[str]) -> list[Finding]:
    """A warning for each half-width , ; : ! ? ( ) or straight quote in
    Chinese text (GB/T 15834 sets full-width marks), with the manifest file,
    field and 1-based character position, and the mark it should be (the
    house option normalize_punctuation converts them)."""
    from ..text.punct import article_marks

    out = []
    for page in issue.pages:
        if page.id not in page_ids:
            continue
        for pl in page.placements:
            art = pl.article
            for field, m in article_marks(art):
                out.append(Finding("half_width_punctuation", "warning", page.id, art.id,
                                   f"half-width {m.char} in Chinese text ({art.file.name}, {field}, character "
                                   f"{m.index + 1}): {m.full}",
                                   {"file": art.file.name, "field": field, "position": m.index + 1,
                                    "char": m.char, "full_width": m.full}))
    return out


def _small_type(page: PageList) -> list[Finding]:
    small = {}
    for run in page.runs:
        if run.size < MIN_TYPE - 1e-6:
            small.setdefault((run.article, run.size), []).append(run.text)
    return [Finding("small_type", "warning", page.id, article,
                    f"{size:g} pt type (below {MIN_TYPE:g} pt): {''.join(texts)[:20]}", {"size": size})
            for (article, size), texts in sorted(small.items())]


def _font_licences(fonts: FontSet, pages: list[PageList]) -> list[Finding]:
    """Faces in use whose OS/2 fsType forbids embedding (bit 1: restricted
    licence embedding; bit 9: bitmap only) or subsetting (bit 8), unless
    fonts.yaml marks them licensed for it (Face.licence_problem)."""
    used = {run.face for page in pages for run in page.runs}
    out = []
    for key in sorted(used):
        face = fonts.faces.get(key)
        if face is None:
            continue
        why = face.licence_problem()
        if why:
            out.append(Finding("font_licence", "error", "", key, f"{face.source.name}: {why}",
                               {"fsType": face.fs_type}))
    return out


def report_json(findings: list[Finding]) -> dict:
    """The findings as the JSON ``check --json`` prints."""
    return {"errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "findings": [asdict(f) for f in findings]}


def report_table(findings: list[Finding], issue: Path) -> str:
    """A table for the terminal: severity, page, article, what."""
    if not findings:
        return f"{issue}: no findings: ready for plate-making"
    rows = [("SEVERITY", "PAGE", "ARTICLE", "FINDING")]
    rows += [(f.severity.upper(), escape(f.page), escape(f.article), escape(f.message)) for f in findings]
    w = [max(len(r[k]) for r in rows) for k in range(3)]
    lines = ["  ".join(r[k].ljust(w[k]) for k in range(3)) + "  " + r[3] for r in rows]
    errors = sum(f.severity == "error" for f in findings)
    lines.append(f"{errors} error(s), {len(findings) - errors} warning(s)")
    return "\n".join(lines)
