"""The build: an issue folder -> page PDFs, the whole-issue PDF and build.json.

build.json records what was built from what: the inputs and fonts with their
sha256, the versions of the engine and its libraries, the findings (overset,
underset, missing glyphs) and the outputs. It holds no wall-clock time, so
the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from ..makeup.display import Finding, PageList
from ..model.errors import InputError
from ..text.fonts import FontSet, sha256_file
from ..model.grid import preset
from ..model.manifest import load_issue
from ..makeup.page import make_issue


@dataclass
class BuildResult:
    """What a build made: output folder, page display lists, findings, files."""

    out_dir: Path
    pages: list[PageList]
    findings: list[Finding] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def _versions() -> dict[str, str]:
    from .provenance import versions  # engine source digest, libraries, codecs (regen's resume check)

    return versions()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for the plate room too
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def normalize_issue(issue) -> list[dict]:
    """With the house option ``normalize_punctuation``, convert half-width
    punctuation in the Chinese text of every article to full-width marks
    (layout.text.punct); returns the changes for build.json (none when the
    option is off)."""
    from ..text.punct import normalize_article

    if not issue.house.normalize_punctuation:
        return []
    changes: list[dict] = []
    root = Path(issue.folder)
    for page in issue.pages:
        for pl in page.placements:
            changes += normalize_article(pl.article, _rel(pl.article.file, root))
    return changes


def layout_issue(issue_dir: str | Path, pages: list[str] | None = None, fonts_config: str | Path | None = None):
    """Load and lay out an issue without writing anything.

    Returns: (issue, fonts, page display lists).

    Raises:
        InputError: bad manifests or font configuration, or an unknown page id.
    """
    issue = load_issue(issue_dir)
    issue.punctuation_changes = normalize_issue(issue)
    fonts = FontSet.load(fonts_config)
    grid = preset(issue.format)
    if pages:
        known = {p.id for p in issue.pages}
        for pid in pages:
            if pid not in known:
                raise InputError("--pages", pid, f"a page of the issue ({', '.join(sorted(known))})")
    # every page is laid out (a jump's second part needs its first), the
    # chosen ones returned
    lists = make_issue(issue, grid, fonts)
    return issue, fonts, [pl for pl in lists if not pages or pl.id in pages]


def build(issue_dir: str | Path, out_dir: str | Path | None = None, pages: list[str] | None = None,
          fonts_config: str | Path | None = None, proof: bool = False, epaper: bool = False) -> BuildResult:
    """Build an issue: one PDF per page, the whole issue as one PDF, and
    build.json, in ``out_dir`` (default ``output/<date>/``). With ``proof``,
    each page is a print proof: trim, bleed and marks on a larger sheet, a
    slug line, TrimBox and BleedBox, marked PDF/X-1a (layout/proof.py).
    With ``epaper``, the e-paper too, in ``out_dir/epaper/`` (layout/publish/epaper.py).

    Raises:
        InputError: unusable input; nothing is written then.
    """
    from ..render.pdf import render_pdf
    from . import provenance

    issue, fonts, lists = layout_issue(issue_dir, pages, fonts_config)
    out = Path(out_dir) if out_dir else Path("output") / issue.date.isoformat()
    result = BuildResult(out, lists)
    trim_lists = lists  # the e-paper shows the trim, never a proof sheet
    meta = dict(author=issue.newspaper, date=issue.date, pdfx=proof)
    inputs = _input_hashes(issue, fonts)
    content_hash = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
    if proof:
        from ..model.calendar import chinese_date
        from ..render.proof import ProofSpec, proof_sheet

        stamp = build_time(issue.date)
        lists = [proof_sheet(pl, ProofSpec(slug=f"{issue.newspaper}　{chinese_date(issue.date)}　第{pl.id}版　"
                                                f"内容 sha256 {content_hash[:16]}　{stamp}　broadsheet {__version__}",
                                           house=issue.house),
                             fonts) for pl in lists]
    # render everything first, then write: a failure leaves the old files whole
    files: dict[Path, bytes] = {}
    for pl in lists:
        files[out / f"{pl.id}.pdf"] = render_pdf([pl], fonts, title=pl.title,
                                                 subject=f"{issue.newspaper} {pl.id}", **meta)
        result.findings += pl.findings
    if len(lists) > 1 or not pages:
        files[out / f"{issue.date.isoformat()}.pdf"] = render_pdf(
            lists, fonts, title=f"{issue.newspaper} {issue.date.isoformat()}",
            subject=f"{issue.newspaper} {len(lists)} pages", **meta)
    if epaper:
        from .epaper import epaper_files

        pdfs = {pl.id: files[out / f"{pl.id}.pdf"] for pl in lists} if not proof else {
            pl.id: render_pdf([pl], fonts, title=pl.title, subject=f"{issue.newspaper} {pl.id}", **(meta | {"pdfx": False}))
            for pl in trim_lists}
        whole = files.get(out / f"{issue.date.isoformat()}.pdf") if not proof else None
        files.update({out / rel: data for rel, data in epaper_files(issue, trim_lists, pdfs, whole).items()})
    for path, data in files.items():
        write_atomic(path, data)
        result.outputs.append(path)
    root = Path(issue.folder)
    report = {
        "issue": issue.date.isoformat(),
        "newspaper": issue.newspaper,
        "versions": _versions(),
        "proof": proof,
        "options": provenance.options(proof, epaper, pages, fonts.config),
        "source_date_epoch": provenance.source_date_epoch(),
        "content_sha256": content_hash,
        "inputs": inputs["inputs"],
        "fonts": inputs["fonts"],
        "pages": [{"page": pl.id, "regions": [asdict(r) for r in pl.regions],
                   "photos": [{"file": _rel(p.path, root), "ppi": round(p.ppi)} for p in pl.pictures]}
                  for pl in lists],
        "punctuation_normalized": getattr(issue, "punctuation_changes", []),
        "overset": [asdict(f) for f in result.findings if f.kind == "overset"],
        "warnings": [asdict(f) for f in result.findings if f.kind != "overset"],
        "outputs": {p.relative_to(out).as_posix(): {"bytes": len(d), "sha256": hashlib.sha256(d).hexdigest()} for p, d in files.items()},
    }
    target = out / "build.json"
    write_atomic(target, (json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n").encode())
    result.outputs.append(target)
    return result


def _input_hashes(issue, fonts: FontSet) -> dict:
    """sha256 of every input file (manifests, photos) and font, by name."""
    root = Path(issue.folder)
    files = {_rel(f, root): sha256_file(f) for f in issue.files}
    files |= {_rel(ph.path, root): sha256_file(ph.path) for p in issue.pages for pl in p.placements
              for ph in pl.article.photos}
    return {"inputs": files,
            "fonts": {k: {"file": f.source.name, "sha256": f.sha256} for k, f in sorted(fonts.faces.items())}}


def build_time(date) -> str:
    """The build's time as the slug states it: SOURCE_DATE_EPOCH when set,
    else the issue date (never the clock, so rebuilds are identical)."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{date.isoformat()}T00:00:00Z"


def _rel(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(Path(path).resolve(), Path(root).resolve())
    except ValueError:
        return str(path)
