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
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from ..makeup.display import Finding, PageList
from ..model.errors import InputError
from ..text.fonts import FontSet, sha256_file
from ..model.grid import preset
from ..model.manifest import load_issue
from ..makeup.spread import make_issue_spread


@dataclass
class BuildResult:
    """What a build made: output folder, page display lists, findings, files."""

    out_dir: Path
    pages: list[PageList]
    findings: list[Finding] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    fonts: FontSet | None = None
    issue: object = None  # the layout.model.issue.Issue built (what it read: broadsheet watch)


def _versions() -> dict[str, str]:
    from .provenance import versions  # engine source digest, libraries, codecs (regen's resume check)

    return versions()


#: The longest an issue may take to lay out, seconds (BROADSHEET_TIME_LIMIT
#: overrides): a bound on one build, checked between pages.
TIME_LIMIT = 600.0


def _time_limit() -> float:
    raw = os.environ.get("BROADSHEET_TIME_LIMIT", "").strip()
    if not raw:
        return TIME_LIMIT
    try:
        v = float(raw)
    except ValueError:
        v = float("nan")
    if not (v > 0 and v < 1e7):
        raise InputError("BROADSHEET_TIME_LIMIT", "", "a number of seconds above 0", raw)
    return v


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
            if not pl.continued:  # a jumped story's second part is the same article
                changes += normalize_article(pl.article, _rel(pl.article.file, root))
    return changes


def layout_issue(issue_dir: str | Path, pages: list[str] | None = None, fonts_config: str | Path | None = None,
                 assets_roots: list | None = None, issue=None):
    """Load and lay out an issue without writing anything.

    Args:
        pages: page ids to lay out (None: all).
        assets_roots: folders asset folders may lie in (``--assets-root``).
        issue: the issue when already loaded.

    Returns: (issue, fonts, page display lists).

    Raises:
        InputError: bad manifests or font configuration, an unknown page id,
            a photo the page has no room for, an issue over its time limit.
    """
    import time

    limit = _time_limit()
    t0 = time.monotonic()
    if issue is None:
        issue = load_issue(issue_dir, assets_roots)
        issue.punctuation_changes = normalize_issue(issue)
    fonts = FontSet.load(fonts_config)
    grid = preset(issue.format)
    if pages:
        known = {p.id for p in issue.pages}
        for pid in pages:
            if pid not in known:
                raise InputError("--pages", pid, f"a page of the issue ({', '.join(sorted(known))})")

    def in_time(page_id: str) -> None:
        if time.monotonic() - t0 > limit:
            raise InputError(Path(issue.folder) / "issue.yaml", "", f"an issue that lays out within {limit:g} s "
                                                                   "(BROADSHEET_TIME_LIMIT)", page_id)

    # every page is laid out (a jump's second part needs its first), the
    # chosen ones returned
    lists = make_issue_spread(issue, grid, fonts, in_time)  # layout.makeup.spread: pages on every core
    for pl, p in zip(lists, issue.pages):
        _check_pictures(pl, p)
        pl.findings += _photo_notes(p)
    return issue, fonts, [pl for pl in lists if not pages or pl.id in pages]


def _check_pictures(pl: PageList, page) -> None:
    """Every photo the makeup placed has a size and a crop inside its pixels
    (else the article is named: its place leaves the photo no room)."""
    from ..model.photo import crop_fits

    files = {pm.article.id: pm.article.file for pm in page.placements}
    for pic in pl.pictures:
        if not (pic.w >= 1 and pic.h >= 1 and crop_fits(pic.pixels, pic.crop)):
            raise InputError(files.get(pic.article, page.file), "photos",
                             f"a place with room for the photo {pic.path.name} (article {pic.article}: "
                             f"{max(pic.w, 0):.0f} x {max(pic.h, 0):.0f} pt)")


def _photo_notes(page) -> list[Finding]:
    """Pillow's warnings about a page's photos, as findings (never on stderr)."""
    out = []
    for pm in page.placements:
        for ph in pm.article.photos if not pm.continued else []:
            for note in getattr(ph.info, "notes", None) or []:
                out.append(Finding("photo_warning", "warning", page.id, pm.article.id,
                                   f"photo {ph.path.name}: {note}", {"file": ph.path.name}))
    return out


def _previous(out: Path) -> dict:
    """The previous build in ``out``: {file name: bytes} of the files whose
    sha256 matches its build.json, and that build.json (empty when none)."""
    try:
        report = json.loads((out / "build.json").read_text(encoding="utf-8"))
        outputs = report.get("outputs", {})
    except (OSError, ValueError, AttributeError):
        return {}
    files = {}
    for name, meta in outputs.items() if isinstance(outputs, dict) else ():
        try:
            data = (out / name).read_bytes()
        except (OSError, TypeError, ValueError):
            continue
        if isinstance(meta, dict) and hashlib.sha256(data).hexdigest() == meta.get("sha256"):
            files[name] = data
    return {"report": report, "files": files}


def build(issue_dir: str | Path, out_dir: str | Path | None = None, pages: list[str] | None = None,
          fonts_config: str | Path | None = None, proof: bool = False, assets_roots: list | None = None,
          epaper: bool = False) -> BuildResult:
    """Build an issue: one PDF per page, the whole issue as one PDF, and
    build.json, in ``out_dir`` (default ``output/<date>/``), all together
    or not at all (layout/publish/outputs.py). With ``proof``, each page is a
    print proof: trim, bleed and marks on a larger sheet, a slug line,
    TrimBox and BleedBox, marked PDF/X-1a (layout/render/proof.py). With
    ``epaper``, the e-paper too, in ``out_dir/epaper/`` (layout/publish/epaper.py).

    With ``pages``, those pages are rendered anew; every other page is laid
    out too (the issue PDF holds all pages) and its PDF is taken from the
    previous build when its display list, photos, fonts and metadata are
    the same (the same bytes a new render gives), else rendered. The issue PDF and
    build.json always describe the whole issue.

    Raises:
        InputError: unusable input; nothing is written then.
        EnvError: the output folder cannot be written (found before layout),
            or a write failed; the previous build stays whole.
    """
    from ..render.assemble import assemble_pdf
    from ..render.pages import page_key, render_pdf, render_pdfs  # the render cache, every core
    from . import provenance
    from .outputs import prepare

    source_date_epoch()
    issue = load_issue(issue_dir, assets_roots)
    issue.punctuation_changes = normalize_issue(issue)
    out = Path(out_dir) if out_dir else Path("output") / issue.date.isoformat()
    if pages:
        known = {p.id for p in issue.pages}
        for pid in pages:
            if pid not in known:
                raise InputError("--pages", pid, f"a page of the issue ({', '.join(sorted(known))})")
    target = prepare(out)  # before any layout: an unwritable output stops the run now
    try:
        issue, fonts, lists = layout_issue(issue_dir, None, fonts_config, assets_roots, issue)
        _check_licences(fonts, lists)
        result = BuildResult(out, lists, fonts=fonts, issue=issue)
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
        root = Path(issue.folder)
        jobs = {pl.id: ([pl], dict(title=pl.title, subject=f"{issue.newspaper} {pl.id}", **meta)) for pl in lists}
        # what each page's PDF is made from, made once a page: the render
        # cache's key and build.json's page digest (None: never reused)
        digests = {pid: page_key(job[0], fonts, job[1]) for pid, job in jobs.items()}
        previous = _previous(target.target) if pages else {}
        old_pages = {p.get("page"): p.get("digest") for p in previous.get("report", {}).get("pages", [])
                     if isinstance(p, dict)} if previous else {}
        files: dict[str, bytes] = {}
        for pl in lists:  # a page not asked for, made from the same as before: its PDF as it is
            name = f"{pl.id}.pdf"
            if pages and pl.id not in pages and digests[pl.id] is not None \
                    and old_pages.get(pl.id) == digests[pl.id] and name in previous.get("files", {}):
                files[name] = previous["files"][name]
        todo = [pl.id for pl in lists if f"{pl.id}.pdf" not in files]
        for pid, pdf in zip(todo, render_pdfs([jobs[pid] for pid in todo], fonts, [digests[pid] for pid in todo])):
            files[f"{pid}.pdf"] = pdf
        files = {f"{pl.id}.pdf": files[f"{pl.id}.pdf"] for pl in lists}  # in page order
        for pl in lists:
            result.findings += pl.findings
        files[f"{issue.date.isoformat()}.pdf"] = assemble_pdf(  # layout.render.assemble: pages drawn once
            [files[f"{pl.id}.pdf"] for pl in lists], title=f"{issue.newspaper} {issue.date.isoformat()}",
            subject=f"{issue.newspaper} {len(lists)} pages")
        if epaper:
            from .epaper import epaper_files

            pdfs = {pl.id: files[f"{pl.id}.pdf"] for pl in lists} if not proof else {
                pl.id: render_pdf([pl], fonts, title=pl.title, subject=f"{issue.newspaper} {pl.id}",
                                  **(meta | {"pdfx": False})) for pl in trim_lists}
            whole = files.get(f"{issue.date.isoformat()}.pdf") if not proof else None
            files.update(epaper_files(issue, trim_lists, pdfs, whole))
        report = {
            "issue": issue.date.isoformat(),
            "newspaper": issue.newspaper,
            "versions": _versions(),
            "proof": proof,
            "options": provenance.options(proof, epaper, pages, fonts.config),
            "source_date_epoch": source_date_epoch(),
            "content_sha256": content_hash,
            "inputs": inputs["inputs"],
            "fonts": inputs["fonts"],
            "pages": [{"page": pl.id, "digest": digests[pl.id], "regions": [asdict(r) for r in pl.regions],
                       "photos": [{"file": _rel(p.path, root), "ppi": round(p.ppi)} for p in pl.pictures]}
                      | ({"makeup": tl.makeup} if tl.makeup is not None else {})
                      for pl, tl in zip(lists, trim_lists)],
            "punctuation_normalized": getattr(issue, "punctuation_changes", []),
            "overset": [asdict(f) for f in result.findings if f.kind == "overset"],
            "warnings": [asdict(f) for f in result.findings if f.kind != "overset"],
            "outputs": {n: {"bytes": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()},
        }
        files["build.json"] = (json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n").encode()
    except BaseException:
        target.abandon()
        raise
    result.outputs = target.commit(files)
    return result


def _check_licences(fonts: FontSet, lists: list[PageList]) -> None:
    """Refuse a face the pages use whose OS/2 fsType forbids embedding or
    subsetting, unless fonts.yaml marks it licensed for it."""
    used = sorted({run.face for pl in lists for run in pl.runs if run.face})
    for key in used:
        face = fonts.faces.get(key)
        why = face.licence_problem() if face else ""
        if why:
            raise InputError(fonts.config, f"faces.{key}", f"a face the PDF may embed and subset: {why}",
                             face.source.name)


#: The largest SOURCE_DATE_EPOCH taken: 9999-12-31T23:59:59Z.
MAX_EPOCH = 253402300799


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as a whole number of seconds, or None when unset.

    Raises:
        InputError: set to anything but a whole number from 0 to
            253402300799 (the year 9999), such as ``abc``, ``1.5`` or ``-1``.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    v = raw.strip()
    if not (v.isascii() and v.isdigit() and len(v) <= 12 and int(v) <= MAX_EPOCH):
        raise InputError("SOURCE_DATE_EPOCH", "", f"a whole number of seconds since 1970-01-01 UTC, "
                                                  f"from 0 to {MAX_EPOCH} (the year 9999)", raw)
    return int(v)


def _input_hashes(issue, fonts: FontSet) -> dict:
    """sha256 of every input file (manifests, photos) and font, by name."""
    root = Path(issue.folder)
    files = {_rel(f, root): sha256_file(f) for f in issue.files}
    files |= {_rel(ph.path, root): sha256_file(ph.path) for p in issue.pages for pl in p.placements
              for ph in pl.article.photos if ph.path is not None}
    return {"inputs": files,
            "fonts": {k: {"file": f.source.name, "sha256": f.sha256} for k, f in sorted(fonts.faces.items())}}


def build_time(date) -> str:
    """The build's time as the slug states it: SOURCE_DATE_EPOCH when set,
    else the issue date (never the clock, so rebuilds are identical)."""
    import datetime as dt

    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{date.isoformat()}T00:00:00Z"


def _rel(path: Path, root: Path) -> str:
    try:
        return os.path.relpath(Path(path).resolve(), Path(root).resolve())
    except ValueError:
        return str(path)
