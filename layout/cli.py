"""The command line: ``broadsheet`` (also ``python -m layout``).

Exit codes (README "Exit codes"), mapped from exceptions in one table,
:data:`EXITS`, for every command:

- 0 done (warnings allowed);
- 1 ``check``, ``fonts --check`` or ``build --strict`` found something that
  must be fixed; ``regen``: an issue failed (or, with --verify, drifted);
- 2 unusable input: one line naming the file, the field and what was expected;
- 3 the environment stops the run (output not writable, disk full, out of
  memory): one line saying what and where;
- 4 an internal error (a bug in broadsheet): one line; the traceback only
  with ``BROADSHEET_DEBUG=1``.

Never a traceback for any input or environment.
"""

from __future__ import annotations

import math
import os
import sys
import time
from pathlib import Path

import click

from .model.errors import EnvError, InputError, escape

#: Exception -> (exit code, the message's prefix), first match wins.
EXITS: tuple[tuple[type[BaseException], int, str], ...] = (
    (InputError, 2, "error"),
    (EnvError, 3, "environment"),
    (MemoryError, 3, "environment: out of memory"),
    (OSError, 3, "environment"),
    (RecursionError, 4, "internal error"),
    (Exception, 4, "internal error"),
)

EXIT_HELP = ("Exit codes: 0 done (warnings allowed); 1 check, fonts --check or build --strict found something "
             "that must be fixed, or an issue of regen failed or drifted; 2 unusable input (file, field, what was "
             "expected); 3 the environment stops the run (output not writable, disk full); 4 an internal error.")

#: The largest file ``fonts --check @FILE`` and ``galley`` read, in bytes.
MAX_TEXT_FILE = 2 * 1024 * 1024


def _message(exc: BaseException) -> str:
    if isinstance(exc, EnvError | InputError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "the run needs more memory than the system gives"
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        return escape(f"{exc.strerror or exc.__class__.__name__}{where}")
    text = " ".join(str(exc).split())[:200]
    return escape(f"{exc.__class__.__name__}: {text} (a bug in broadsheet: please report it with the input)")


def _freeze_at_exit() -> None:
    """At the process's end, move every object out of the garbage
    collector's sight (``gc.freeze``) before Python's shutdown: its final
    collections over a build's objects took 30 ms of a 0.4 s command; the
    objects are still released, and every file is closed by then (outputs
    are written and closed before the command returns)."""
    import atexit
    import gc

    if not getattr(_freeze_at_exit, "done", False):
        atexit.register(gc.freeze)
        _freeze_at_exit.done = True


class _Group(click.Group):
    def main(self, *args, **kwargs):
        """Run the command line; a mistake in it (an unknown option, a value
        out of range) is one line, ``broadsheet: error: ...``, exit 2, like
        every other unusable input (click's own usage block otherwise)."""
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        _freeze_at_exit()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # ctx.exit(n) returns n here
            sys.exit(code if isinstance(code, int) else 0)
        except click.exceptions.UsageError as exc:
            name = exc.ctx.command_path if exc.ctx is not None else "broadsheet"
            click.echo(escape(f"broadsheet: error: {exc.format_message()} (see `{name} --help`)"), err=True)
            sys.exit(2)
        except click.exceptions.Abort:
            click.echo("broadsheet: stopped", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            click.echo(escape(f"broadsheet: error: {exc.format_message()}"), err=True)
            sys.exit(exc.exit_code)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, KeyboardInterrupt):
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure is one line and an exit code
            if isinstance(exc, SystemExit):
                raise
            for kind, code, prefix in EXITS:
                if isinstance(exc, kind):
                    if code == 4 and os.environ.get("BROADSHEET_DEBUG"):
                        raise
                    json_out = ctx.meta.get("json_errors")
                    if json_out:
                        import json

                        click.echo(json.dumps({"errors": 1, "warnings": 0, "unusable" if code == 2 else "failed":
                                               _message(exc), "exit": code}, ensure_ascii=False))
                    click.echo(f"broadsheet: {prefix}: {_message(exc)}", err=True)
                    ctx.exit(code)
            raise


def _page_ids(pages: str | None) -> list[str] | None:
    """``--pages A02,A03`` (spaces around the commas allowed) as a list of
    page ids; None without the option."""
    if not pages:
        return None
    return [p.strip() for p in pages.split(",") if p.strip()] or None


class _Finite(click.ParamType):
    """A finite number from ``lo`` to ``hi`` (nan and inf refused)."""

    name = "number"

    def __init__(self, lo: float, hi: float):
        self.lo, self.hi = lo, hi

    def convert(self, value, param, ctx):
        try:
            v = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(v) or not self.lo <= v <= self.hi:
            self.fail(f"{value!r} is not a finite number from {self.lo:g} to {self.hi:g}", param, ctx)
        return v


@click.group(cls=_Group, epilog=EXIT_HELP)
@click.version_option(package_name="broadsheet", prog_name="broadsheet")
def main():
    """Typeset Chinese newspaper pages from YAML manifests."""
    quiet_libraries()


def quiet_libraries() -> None:
    """No library's warning or log line reaches stderr: what matters of them
    becomes a finding (Pillow's, layout/model/photo.py) or an error; the rest
    is for developers (BROADSHEET_DEBUG=1 shows it)."""
    import logging
    import warnings

    if os.environ.get("BROADSHEET_DEBUG"):
        return
    warnings.simplefilter("ignore")
    logging.getLogger().addHandler(logging.NullHandler())
    logging.getLogger("fontTools").setLevel(logging.CRITICAL)


@main.command(epilog=EXIT_HELP)
@click.argument("issue_dir", type=click.Path(file_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(), help="Output folder (default output/<date>/).")
@click.option("--pages", help="Comma-separated page ids to lay out anew, e.g. A01,A02 (the issue PDF and "
              "build.json still cover every page).")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use instead of the bundled one.")
@click.option("--proof", is_flag=True, help="Print proofs: trim, 3 mm bleed, crop and registration marks, slug line, "
              "TrimBox and BleedBox, PDF/X-1a output intent for newsprint.")
@click.option("--epaper", is_flag=True, help="Also the e-paper in OUT_DIR/epaper/: reader PDFs, page images, "
              "hot zones, article JSON and a static site of the issue.")
@click.option("--site", "site_root", type=click.Path(file_okay=False), help="Add the built e-paper to this site "
              "root (calendar of all issues, search index); implies --epaper.")
@click.option("--strict", is_flag=True, help="Exit 1 when the build has findings that must be fixed "
              "(what check calls errors); the files are still written.")
@click.option("--assets-root", "assets_roots", multiple=True, type=click.Path(file_okay=False),
              help="A folder asset folders may lie in (repeatable; see README).")
def build(issue_dir, out_dir, pages, fonts_config, proof, epaper, site_root, strict, assets_roots):
    """Build ISSUE_DIR: page PDFs, the whole-issue PDF and build.json."""
    from .publish.build import build as run

    t0 = time.perf_counter()
    res = run(issue_dir, out_dir, _page_ids(pages), fonts_config, proof, list(assets_roots),
              epaper=epaper or bool(site_root))
    for f in res.findings:
        click.echo(escape(f.line()), err=True)
    for p in res.outputs:
        click.echo(str(p))
    if site_root:
        from .publish.site import add_to_site

        added = add_to_site(site_root, res.out_dir / "epaper")
        for note in added.notes:
            click.echo(f"warning: {note}", err=True)
        click.echo(f"site {added.root}: issue {', '.join(added.issues)} added", err=True)
    click.echo(f"built {len(res.pages)} page(s) in {time.perf_counter() - t0:.2f} s", err=True)
    if strict:
        from .publish.preflight import preflight

        errors = [f for f in preflight(res.pages, res.fonts) if f.severity == "error"]
        if errors:
            click.echo(f"broadsheet: --strict: {len(errors)} finding(s) must be fixed (see `broadsheet check`)",
                       err=True)
            sys.exit(1)


@main.command(epilog=EXIT_HELP)
@click.argument("issue_dir", type=click.Path(file_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Output folder (default output/<date>/).")
@click.option("--pages", help="Comma-separated page ids to build, e.g. A01,A02.")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use instead of the bundled one.")
@click.option("--proof", is_flag=True, help="Print proofs (see build --proof).")
@click.option("--poll", is_flag=True, help="Look at the files every 50 ms instead of asking the system (watchfiles).")
@click.option("--assets-root", "assets_roots", multiple=True, type=click.Path(file_okay=False),
              help="A folder asset folders may lie in (repeatable; see README).")
def watch(issue_dir, out_dir, pages, fonts_config, proof, poll, assets_roots):
    """Build ISSUE_DIR, then build it again whenever a manifest, photo or face changes
    (only the blocks and pages an edit touches are set and drawn again); Ctrl-C stops."""
    from .publish.watch import watch as run

    try:
        run(issue_dir, out_dir, _page_ids(pages), fonts_config, proof,
            echo=lambda line: click.echo(line, err=line.startswith(("broadsheet: error", "error", "warning"))),
            polling=True if poll else None, assets_roots=list(assets_roots))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@main.command()
@click.argument("issue_dir", type=click.Path(file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
@click.option("--assets-root", "assets_roots", multiple=True, type=click.Path(file_okay=False),
              help="A folder asset folders may lie in (repeatable).")
@click.pass_context
def check(ctx, issue_dir, as_json, fonts_config, assets_roots):
    """Preflight ISSUE_DIR: exit 1 when anything must be fixed before plate-making."""
    import json
    from pathlib import Path

    from .publish.build import layout_issue
    from .publish.preflight import preflight, report_json, report_table

    ctx.meta["json_errors"] = as_json
    issue, fs, pages = layout_issue(issue_dir, None, fonts_config, list(assets_roots))
    findings = preflight(pages, fs, issue)
    if as_json:
        click.echo(json.dumps(report_json(findings), ensure_ascii=False, indent=1))
    else:
        click.echo(report_table(findings, Path(issue_dir)))
    sys.exit(1 if any(f.severity == "error" for f in findings) else 0)


@main.command(epilog=EXIT_HELP)
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--measure", type=_Finite(2, 200), default=13, show_default=True,
              help="Characters per line, of the body size.")
@click.option("--columns", type=click.IntRange(1, 20), default=1, show_default=True, help="Columns per page.")
@click.option("--size", type=_Finite(5, 72), default=9.0, show_default=True, help="Body size in points.")
@click.option("--level", type=click.Choice(["loose", "basic", "strict"]), default="basic", show_default=True,
              help="Line-start prohibition level (clreq 3.1.7).")
@click.option("--open-half/--no-open-half", default=False, show_default=True,
              help="Set an opening mark at a line start to 1/2 em (house option).")
@click.option("-o", "--out", "out_pdf", type=click.Path(dir_okay=False), help="The PDF to write "
              "(default output/galley/<name>.pdf).")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
def galley(source, measure, columns, size, level, open_half, out_pdf, fonts_config):
    """Set SOURCE (a text file, one paragraph a line, or an article manifest) as a galley proof."""
    from .publish.galley import GalleySpec, write_galley

    out, findings = write_galley(source, GalleySpec(measure, columns, size, level, open_half), out_pdf, fonts_config)
    for f in findings:
        click.echo(escape(f"{f.severity}: {f.message}"), err=True)
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


@main.command(epilog=EXIT_HELP)
@click.argument("root", type=click.Path(file_okay=False))
@click.option("-o", "--out", "out_root", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output root: each issue is built into its path relative to ROOT under it.")
@click.option("--from", "date_from", metavar="DATE", help="Only issues dated on or after DATE (YYYY-MM-DD).")
@click.option("--to", "date_to", metavar="DATE", help="Only issues dated on or before DATE (YYYY-MM-DD).")
@click.option("--jobs", type=click.IntRange(1, 4096),
              help="Worker processes (default: the CPUs this process may use).")
@click.option("--epaper", is_flag=True, help="Also each issue's e-paper (OUT/<issue>/epaper/).")
@click.option("--proof", is_flag=True, help="Print proofs (as build --proof).")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
@click.option("--verify", is_flag=True, help="Rebuild each issue into a scratch folder and compare every output's "
              "sha256 with its build.json; report each issue that drifted and its first page that differs.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask distributed cluster (tcp://HOST:PORT); its "
              "workers must see ROOT and OUT at the same paths (shared storage).")
@click.option("--assets-root", "assets_roots", multiple=True, type=click.Path(file_okay=False),
              help="A folder the issues' asset folders may lie in (repeatable), as for build.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False), help="Also write every issue's result "
              "(status, error, pages, seconds, outputs' sha256, findings, worker, its peak memory) as JSON "
              "to this file.")
def regen(root, out_root, date_from, date_to, jobs, epaper, proof, fonts_config, verify, scheduler, assets_roots,
          report_file):
    """Build every issue under ROOT (each folder holding an issue.yaml, at any
    depth), skipping those already built from the same inputs; exit 1 if
    any issue failed (or, with --verify, drifted)."""
    from .publish.archive import regen as run

    summary = run(root, out_root, date_from, date_to, jobs, epaper=epaper, proof=proof, fonts_config=fonts_config,
                  verify=verify, scheduler=scheduler, assets_roots=assets_roots, echo=click.echo, progress=True)
    if report_file:
        from pathlib import Path

        from .publish.archive import result_json
        from .publish.outputs import write_atomic

        write_atomic(Path(report_file), result_json(summary).encode())
    sys.exit(0 if summary.ok else 1)


@main.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--span", type=click.IntRange(1, 8), help="Only this span (basic columns).")
@click.option("--columns", type=click.IntRange(1, 16), help="Text columns across the span (破栏).")
@click.option("--format", "fmt", default=None, help="Grid preset (default: the issue's, or broadsheet).")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
@click.option("--lead", type=_Finite(5, 200),
              help="The page's lead headline size in points: figures for a story under that lead "
                   "(its head one 号 smaller). Default: as the lead and under 42 and 36 pt leads.")
def fit(article, span, columns, fmt, fonts_config, lead):
    """Copy fitting: the body lines ARTICLE needs at each span, heads and photos included."""
    from .publish.fitting import fit_report

    click.echo(fit_report(article, span, columns, fmt, fonts_config, lead))


@main.command(epilog=EXIT_HELP)
@click.argument("issue_dir", type=click.Path(file_okay=False))
@click.option("--pages", help="Comma-separated page ids to report, e.g. A02,A03.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False),
              help="Write a copy of the issue with the places filled in (never over the editor's files).")
@click.option("--alternatives", type=click.IntRange(1, 10), default=1, show_default=True,
              help="Find this many placements a page, best first.")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
@click.option("--assets-root", "assets_roots", multiple=True, type=click.Path(file_okay=False),
              help="A folder asset folders may lie in (repeatable).")
def makeup(issue_dir, pages, out_dir, alternatives, fonts_config, assets_roots):
    """Place ISSUE_DIR's `place: auto` articles: print the places and their quality; with -o write them."""
    from .publish.makeup import makeup_table, run_makeup

    report = run_makeup(issue_dir, _page_ids(pages), out_dir, alternatives, fonts_config,
                        list(assets_roots))
    click.echo(makeup_table(report))
    for path in report.written:
        click.echo(str(path), err=True)
    if out_dir is not None:
        # the copy's asset folders must lie in an asset root as seen from
        # where it was written (the folder holding its issues folder)
        from .model.manifest import load_issue_settings

        try:
            load_issue_settings(out_dir, list(assets_roots))
        except InputError as exc:
            if exc.field.startswith("assets"):
                root = Path(issue_dir).resolve().parent.parent
                click.echo(escape(f"note: build the copy with --assets-root {root} (its photos are outside "
                                  f"the folders {out_dir} may read from)"), err=True)
    if any(f.kind in ("makeup", "not_placed") for pl in report.pages for f in pl.findings):
        sys.exit(1)


@main.command(epilog=EXIT_HELP)
@click.option("--check", "check_text", help="A text (or @FILE, at most 2 MB) whose coverage to check.")
@click.option("--fonts", "fonts_config", type=click.Path(dir_okay=False), help="A fonts.yaml to use.")
def fonts(check_text, fonts_config):
    """List roles and faces; with --check, the characters no face has and
    those a role's own face lacks (drawn by a fallback face)."""
    from pathlib import Path

    from .model.yamlsafe import read_text
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
        text = read_text(Path(text[1:]), MAX_TEXT_FILE, "UTF-8 text file")
    missing = fs.missing(text)
    for ch in missing:
        click.echo(escape(f"U+{ord(ch):04X} {ch} not in any face"))
    for ch, roles in fs.fallback_only(text).items():
        faces = sorted({fs.face_for(ch, r).key for r in roles})
        click.echo(escape(f"U+{ord(ch):04X} {ch} only in a fallback face ({', '.join(faces)}) for {', '.join(roles)}"))
    if missing:
        sys.exit(1)
    click.echo(f"all {len(set(text) - set(chr(c) for c in range(33)))} characters covered")


if __name__ == "__main__":
    main()
