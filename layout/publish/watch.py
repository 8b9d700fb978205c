"""``broadsheet watch``: rebuild an issue when its manifests or photos change.

The process builds the issue once, then waits for changes to the files the
build read (issue.yaml, page and article manifests, photos, the font
configuration and faces) and to new files in the issue's folders, and
builds again. It keeps everything a rebuild can reuse:

- the faces (layout.text.fonts.FontSet.load returns the loaded set while
  its files are unchanged; ReportLab's faces stay registered);
- every block it set (layout.makeup.memo): only the blocks an edit touched
  are composed again;
- every page it drew (layout.render.pages): only the pages whose display
  list changed are drawn again; the issue PDF is assembled from the page
  PDFs (layout.render.assemble);
- every photo it converted (layout.render.pdf).

For each rebuild it prints the pages drawn and the time from the change
(the changed file's modification time) to the new PDFs in place. Bad
input prints the error and waits for the next change; earlier outputs stay
as they were (every file is written whole or not at all).

Changes are seen through ``watchfiles`` (inotify and the like; the
``watch`` extra) when it is installed, else by polling the files' state
every :data:`POLL` seconds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable

#: Seconds between two looks at the files when polling.
POLL = 0.05
#: File name endings a rebuild is started for.
WATCHED = (".yaml", ".yml", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".ttf", ".otf", ".ttc")


def _state(paths: list[Path]) -> dict[str, tuple]:
    out = {}
    for p in paths:
        try:
            st = os.stat(p)
            out[str(p)] = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            out[str(p)] = None
    return out


def watched_files(issue_dir: Path, issue, fonts) -> tuple[list[Path], list[Path]]:
    """The files a build read and the folders whose new files matter."""
    files = [Path(f) for f in getattr(issue, "files", [])]
    for page in getattr(issue, "pages", []):
        for pl in page.placements:
            files += [ph.path for ph in pl.article.photos if ph.path]
    if fonts is not None:
        files.append(Path(fonts.config))
        files += [f.source for f in fonts.faces.values()]
    folders = [issue_dir, *(Path(a) for a in getattr(issue, "assets", []))]
    folders += [p for p in issue_dir.iterdir() if p.is_dir()] if issue_dir.is_dir() else []
    return list(dict.fromkeys(files)), list(dict.fromkeys(folders))


def _listing(folders: list[Path]) -> dict[str, tuple]:
    out = {}
    for d in folders:
        try:
            for e in os.scandir(d):
                if e.is_file() and e.name.lower().endswith(WATCHED) and not e.name.startswith("."):
                    st = e.stat()
                    out[e.path] = (st.st_size, st.st_mtime_ns, st.st_ino)
        except OSError:
            continue
    return out


def _baseline(files: list[Path], folders: list[Path], snapshot: dict) -> dict:
    """The state to compare with: as it is now, but as ``snapshot`` had it
    for the files it knew (so a change made while the build ran counts).
    A file ``snapshot`` knew that is no longer watched is left out: it is
    no change."""
    now = _state(files) | _listing(folders)
    return now | {k: v for k, v in snapshot.items() if k in now}


def _diff(before: dict, now: dict) -> list[str]:
    return sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))


def _changes_polling(files: list[Path], folders: list[Path], stop: Callable[[], bool], snapshot: dict) -> list[str]:
    """Wait until a watched file changes; the changed paths."""
    before = _baseline(files, folders, snapshot)
    while not stop():
        now = _state(files) | _listing(folders)
        if now != before:
            return _diff(before, now)
        time.sleep(POLL)
    return []


def _changes_watchfiles(files: list[Path], folders: list[Path], stop: Callable[[], bool],
                        snapshot: dict) -> list[str]:
    import watchfiles

    before = _baseline(files, folders, snapshot)
    now = _state(files) | _listing(folders)
    if now != before:
        return _diff(before, now)
    roots = sorted({str(p) for p in folders if p.is_dir()} | {str(p.parent) for p in files if p.parent.is_dir()})
    wanted = {str(p) for p in files}

    def keep(_change, path: str) -> bool:
        name = os.path.basename(path)
        return path in wanted or (name.lower().endswith(WATCHED) and not name.startswith("."))

    for batch in watchfiles.watch(*roots, watch_filter=keep, debounce=200, step=5, recursive=False,
                                  rust_timeout=200, yield_on_timeout=True, raise_interrupt=True):
        if batch:
            return sorted({path for _, path in batch})
        # a change made before the watcher started is seen here, at the latest
        now = _state(files) | _listing(folders)
        if now != before:
            return _diff(before, now)
        if stop():
            return []
    return []


def changed_at(paths: list[str]) -> float:
    """When the change happened: the latest modification time of the
    changed files that exist (now when none does)."""
    times = []
    for p in paths:
        try:
            times.append(os.stat(p).st_mtime_ns / 1e9)
        except OSError:
            continue
    return max(times) if times else time.time()


def watch(issue_dir: str | Path, out_dir: str | Path | None = None, pages: list[str] | None = None,
          fonts_config: str | Path | None = None, proof: bool = False, echo: Callable[[str], None] = print,
          stop: Callable[[], bool] = lambda: False, polling: bool | None = None,
          assets_roots: list | None = None) -> None:
    """Build ``issue_dir`` and build it again whenever its files change,
    until ``stop()`` is true (or the process is interrupted). Messages go
    to ``echo``: ``built``/``rebuilt`` lines with the pages drawn and the
    seconds from the change to the PDFs in place, findings, errors.
    ``assets_roots``: folders asset folders may lie in, as for ``build``
    (layout.model.paths)."""
    from ..model.errors import InputError
    from ..model.manifest import load_issue
    from ..render import pages as rendered
    from ..text.fonts import FontSet
    from .build import build

    issue_dir = Path(issue_dir)
    if polling is None:
        from importlib.util import find_spec

        polling = find_spec("watchfiles") is None  # the watch extra

    wait = _changes_polling if polling else _changes_watchfiles
    changed: list[str] = []
    t_change = time.time()
    first = True
    files: list[Path] = []
    folders = [issue_dir, *(p for p in issue_dir.iterdir() if p.is_dir())] if issue_dir.is_dir() else []
    while True:
        issue = fonts = None
        snapshot = _state(files) | _listing(folders)  # before the build: a change during it is seen
        try:
            res = build(issue_dir, out_dir, pages, fonts_config, proof, assets_roots)
            t_done = time.time()
            issue, fonts = res.issue, res.fonts  # what the build read: the files to watch
            drawn = rendered.drawn()
            what = ", ".join(drawn) if drawn else "no page"
            if first:
                echo(f"built {len(res.pages)} page(s) in {t_done - t_change:.3f} s: {res.out_dir}")
            else:
                names = ", ".join(os.path.relpath(p, issue_dir) if p.startswith(str(issue_dir)) else p
                                  for p in changed)
                echo(f"rebuilt {what} in {t_done - t_change:.3f} s from the change of {names} to the PDFs in place")
            for f in res.findings:
                if f.severity == "error":
                    echo(f.line())
        except InputError as exc:
            echo(f"broadsheet: error: {exc}")
            try:  # the files of an issue that loads but did not build (a face, a photo that would not draw)
                issue = load_issue(issue_dir, assets_roots)
                fonts = FontSet.load(fonts_config)
            except InputError:
                pass
        read, where = watched_files(issue_dir, issue, fonts)
        if issue is None or fonts is None:
            # a manifest or fonts.yaml that does not load names fewer files:
            # what the last build that loaded read is watched too
            read, where = list(dict.fromkeys(files + read)), list(dict.fromkeys(folders + where))
        files, folders = read, where
        if first:
            count = len(files) or len(_listing(folders))  # an issue that never loaded: its folders' files
            echo(f"watching {issue_dir} ({count} files; {'polling' if polling else 'watchfiles'}); "
                 "Ctrl-C to stop")
            first = False
        changed = wait(files, folders, stop, snapshot)
        if not changed:
            return
        t_change = changed_at(changed)
