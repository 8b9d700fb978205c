"""The command line: ``broadsheet`` (also ``python -m layout``).

Exit codes: 0 success, 1 problems found (check; regen: an issue failed or
drifted), 2 unusable input.
Bad input prints one line naming the file, the field and what was
expected, never a traceback.
"""

from __future__ import annotations

import sys
import time

import click

from .model.errors import InputError


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"broadsheet: error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="broadsheet", prog_name="broadsheet")
def main():
    """Typeset Chinese newspaper pages from YAML manifests."""


@main.command()
@click.argument("issue_dir", type=click.Path(file_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Output folder (default output/<date>/).")
@click.option("--pages", help="Comma-separated page ids to build, e.g. A01,A02.")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use instead of the bundled one.")
@click.option("--proof", is_flag=True, help="Print proofs: trim, 3 mm bleed, crop and registration marks, slug line, "
              "TrimBox and BleedBox, PDF/X-1a output intent for newsprint.")
@click.option("--epaper", is_flag=True, help="Also the e-paper in OUT_DIR/epaper/: reader PDFs, page images, "
              "hot zones, article JSON and a static site of the issue.")
@click.option("--site", "site_root", type=click.Path(file_okay=False), help="Add the built e-paper to this site "
              "root (calendar of all issues, search index); implies --epaper.")
def build(issue_dir, out_dir, pages, fonts_config, proof, epaper, site_root):
    """Build ISSUE_DIR: page PDFs, the whole-issue PDF and build.json."""
    from .publish.build import build as run

    t0 = time.perf_counter()
    res = run(issue_dir, out_dir, pages.split(",") if pages else None, fonts_config, proof,
              epaper=epaper or bool(site_root))
    for f in res.findings:
        click.echo(f"{f.severity}: {f.page} {f.article}: {f.message}", err=True)
    for p in res.outputs:
        click.echo(str(p))
    if site_root:
        from .publish.site import add_to_site

        added = add_to_site(site_root, res.out_dir / "epaper")
        for note in added.notes:
            click.echo(f"warning: {note}", err=True)
        click.echo(f"site {added.root}: issue {', '.join(added.issues)} added", err=True)
    click.echo(f"built {len(res.pages)} page(s) in {time.perf_counter() - t0:.2f} s", err=True)


@main.command()
@click.argument("issue_dir", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
def check(issue_dir, as_json, fonts_config):
    """Preflight ISSUE_DIR: exit 1 when anything must be fixed before plate-making."""
    import json
    from pathlib import Path

    from .publish.build import layout_issue
    from .publish.preflight import preflight, report_json, report_table

    try:
        issue, fs, pages = layout_issue(issue_dir, None, fonts_config)
    except InputError as exc:
        if as_json:
            click.echo(json.dumps({"errors": 1, "warnings": 0, "unusable": str(exc)}, ensure_ascii=False))
        raise
    findings = preflight(pages, fs, issue)
    if as_json:
        click.echo(json.dumps(report_json(findings), ensure_ascii=False, indent=1))
    else:
        click.echo(report_table(findings, Path(issue_dir)))
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


@main.command()
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--measure", type=click.FloatRange(2, 200), default=13, show_default=True,
              help="Characters per line, of the body size.")
@click.option("--columns", type=click.IntRange(1, 20), default=1, show_default=True, help="Columns per page.")
@click.option("--size", type=click.FloatRange(5, 72), default=9.0, show_default=True, help="Body size in points.")
@click.option("--level", type=click.Choice(["loose", "basic", "strict"]), default="basic", show_default=True,
              help="Line-start prohibition level (clreq 3.1.7).")
@click.option("--open-half/--no-open-half", default=False, show_default=True,
              help="Set an opening mark at a line start to 1/2 em (house option).")
@click.option("-o", "--out", "out_pdf", type=click.Path(dir_okay=False), help="The PDF to write "
              "(default output/galley/<name>.pdf).")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
def galley(source, measure, columns, size, level, open_half, out_pdf, fonts_config):
    """Set SOURCE (a text file, one paragraph a line, or an article manifest) as a galley proof."""
    import datetime as dt
    from pathlib import Path

    from .publish.build import write_atomic
    from .text.fonts import FontSet
    from .publish.galley import GalleySpec, set_galley
    from .render.pdf import render_pdf

    src = Path(source)
    if not src.is_file():
        raise InputError(src, "", "an existing text file or article manifest")
    fs = FontSet.load(fonts_config)
    spec = GalleySpec(measure, columns, size, level, open_half)
    pages = set_galley(src, spec, fs)
    out = Path(out_pdf) if out_pdf else Path("output") / "galley" / f"{src.stem}.pdf"
    write_atomic(out, render_pdf(pages, fs, title=f"galley {src.name}", author="broadsheet",
                                 subject=f"{measure:g} characters x {size:g} pt, {level}", date=dt.date(2000, 1, 1)))
    for f in pages[0].findings:
        click.echo(f"{f.severity}: {f.message}", err=True)
    click.echo(str(out))


@main.command("import")
@click.argument("dump", type=click.Path(dir_okay=False))
@click.option("--date", required=True, help="The issue date, YYYY-MM-DD.")
@click.option("--paper", required=True, help="The newspaper's name (issue.yaml newspaper).")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="The issue folder to write (new or empty).")
@click.option("--encoding", help="The dump's encoding (default: a byte-order mark, else UTF-8, else GB18030; "
              "gbk reads as gb18030, keeping 造字).")
@click.option("--page", default="A01", show_default=True, help="The page id of the page manifest.")
@click.option("--force", is_flag=True, help="Write into a folder that holds files (replacing those the import writes).")
def import_(dump, date, paper, out_dir, encoding, page, force):
    """Turn a page text DUMP into manifests; every decision on stderr and in import-report.json."""
    from .publish.dump import import_dump, table

    res = import_dump(dump, date, paper, out_dir, encoding=encoding, force=force, page=page)
    click.echo(table(res.report), err=True)
    for todo in res.report.todo:
        click.echo(f"todo: {todo}", err=True)
    for rel in res.files:
        click.echo(str(res.out_dir / rel))


@main.command()
@click.argument("root", type=click.Path(file_okay=False))
@click.option("-o", "--out", "out_root", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output root: each issue is built into its path relative to ROOT under it.")
@click.option("--from", "date_from", metavar="DATE", help="Only issues dated on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Only issues dated on or before DATE (YYYY-MM-DD).")
@click.option("--jobs", type=click.IntRange(1, 4096), help="Worker processes (default: the number of CPUs).")
@click.option("--epaper", is_flag=True, help="Also each issue's e-paper (OUT/<issue>/epaper/).")
@click.option("--proof", is_flag=True, help="Print proofs (as build --proof).")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
@click.option("--verify", is_flag=True, help="Rebuild each issue into a scratch folder and compare every output's "
              "sha256 with its build.json; report each issue that drifted and its first page that differs.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask distributed cluster (tcp://HOST:PORT); its "
              "workers must see ROOT and OUT at the same paths (shared storage).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False), help="Also write every issue's result "
              "(status, error, pages, seconds, outputs' sha256, findings, worker, its peak memory) as JSON to this file.")
def regen(root, out_root, date_from, date_to, jobs, epaper, proof, fonts_config, verify, scheduler, report_file):
    """Build every issue under ROOT (each folder holding an issue.yaml, at any
    depth), skipping those already built from the same inputs; exit 1 if
    any issue failed (or, with --verify, drifted)."""
    from .publish.archive import regen as run

    summary = run(root, out_root, date_from, date_to, jobs, epaper=epaper, proof=proof, fonts_config=fonts_config,
                  verify=verify, scheduler=scheduler, echo=click.echo, progress=True)
    if report_file:
        from pathlib import Path

        from .publish.archive import result_json
        from .publish.build import write_atomic

        write_atomic(Path(report_file), result_json(summary).encode())
    sys.exit(0 if summary.ok else 1)


@main.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--span", type=click.IntRange(1, 8), help="Only this span (basic columns).")
@click.option("--columns", type=click.IntRange(1, 16), help="Text columns across the span (破栏).")
@click.option("--format", "fmt", default=None, help="Grid preset (default: the issue's, or broadsheet).")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
def fit(article, span, columns, fmt, fonts_config):
    """Copy fitting: the body lines ARTICLE needs at each span, heads and photos included."""
    from .publish.fitting import fit_report

    click.echo(fit_report(article, span, columns, fmt, fonts_config))


@main.command()
@click.option("--check", "check_text", help="A text (or @FILE) whose coverage to check.")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
def fonts(check_text, fonts_config):
    """List roles and faces; with --check, the characters no face has and
    those a role's own face lacks (drawn by a fallback face)."""
    from pathlib import Path

    from .text.fonts import FontSet

    fs = FontSet.load(fonts_config)
    if check_text is None:
        for role, key in fs.roles.items():
            face = fs.faces[key]
            click.echo(f"{role:9} {key:11} {face.name}  ({face.source.name}, {len(face.cmap)} characters)")
        click.echo(f"fallback: {' -> '.join(fs.fallback)}")
        return
    text = check_text
    if text.startswith("@"):
        p = Path(text[1:])
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(p, "", f"a readable UTF-8 text file ({exc.__class__.__name__})")
    missing = fs.missing(text)
    for ch in missing:
        click.echo(f"U+{ord(ch):04X} {ch} not in any face")
    for ch, roles in fs.fallback_only(text).items():
        faces = sorted({fs.face_for(ch, r).key for r in roles})
        click.echo(f"U+{ord(ch):04X} {ch} only in a fallback face ({', '.join(faces)}) for {', '.join(roles)}")
    if missing:
        sys.exit(1)
    click.echo(f"all {len(set(text) - set(chr(c) for c in range(33)))} characters covered")


if __name__ == "__main__":
    main()
