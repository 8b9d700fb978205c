"""Back issues in batches: ``broadsheet regen`` and ``regen --verify``.

An archive is a folder tree; every folder holding an issue.yaml, at any
depth, is an issue. Each is built (:func:`layout.publish.build.build`, as is)
into the same relative path under the output root, so two papers on one
date never collide::

    archive/衡阳日报/2020-12-21/issue.yaml  ->  output/衡阳日报/2020-12-21/A01.pdf ...

The batch runs on a process pool (``--jobs N``) or on a Dask distributed
cluster (``--scheduler``), one task per issue. Each task runs
:func:`run_job` in a worker process that keeps its fonts loaded from issue
to issue (:meth:`layout.text.fonts.FontSet.load` keeps a configuration's faces loaded while its files are unchanged; ReportLab's font registry is
keyed by the faces' sha256, so it is reused safely too) and returns a plain
dict: the issue's status, pages, time, the sha256 of its outputs, its
findings and the worker's peak memory.

Resuming: an issue is skipped when its build.json records the same engine
and library versions, options, SOURCE_DATE_EPOCH, input and font sha256 as
a build now would, and every output it lists is there with that sha256
(:func:`stale`). Only manifests are read and files hashed for this; nothing
is laid out. A run killed at any moment restarts where it stopped.

Verifying: the issue is rebuilt into a scratch folder with the options its
build.json records; the sha256 of every output is compared with the
recorded one and with the stored file's, and for a PDF that differs, page
by page (:mod:`layout.render.pdfdiff`), to name the first page that differs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..model.errors import EnvError, InputError

#: How many times a broken process pool (a worker killed or crashed) is
#: replaced before the issues still pending are reported as failed.
POOL_RESTARTS = 3


@dataclass(frozen=True)
class Job:
    """One issue of the batch: what a worker needs (plain, picklable).

    Attributes:
        issue_dir: the issue folder (absolute).
        out_dir: its output folder (absolute).
        rel: the issue folder relative to the archive root (POSIX), as logged.
        proof, epaper, fonts_config: build options (see build()).
        verify: rebuild into a scratch folder and compare instead of building.
        assets_roots: folders asset folders may lie in (``--assets-root``).
    """

    issue_dir: str
    out_dir: str
    rel: str
    proof: bool = False
    epaper: bool = False
    fonts_config: str | None = None
    verify: bool = False
    assets_roots: tuple[str, ...] = ()


@dataclass
class Summary:
    """A batch's outcome: every issue's result (dicts from :func:`run_job`,
    in the order they finished), counts by status, pages built, seconds."""

    results: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    pages: int = 0
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return self.counts.get("failed", 0)

    @property
    def drifted(self) -> int:
        return self.counts.get("drift", 0)

    @property
    def ok(self) -> bool:
        """No issue failed or drifted."""
        return not (self.failed or self.drifted)


# ------------------------------------------------------------ finding issues

def find_issues(root: str | Path, exclude: Iterable[str | Path] = ()) -> list[Path]:
    """Every folder under ``root`` (``root`` included) that holds an
    issue.yaml, at any depth, in sorted order. Folders whose name starts
    with a dot, and the folders in ``exclude`` (an output root inside the
    archive), are not searched. Symbolic links to folders are not followed."""
    root = Path(root)
    skip = {os.path.realpath(p) for p in exclude}
    found = []
    for here, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(here, d)) not in skip)
        if "issue.yaml" in files:
            found.append(Path(here))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _issue_under(folder: Path) -> Path | None:
    """An issue folder at or below ``folder``, not looking inside output
    folders (those holding a build.json) or hidden ones; None if none."""
    for here, dirs, files in os.walk(folder):
        if "issue.yaml" in files:
            return Path(here)
        dirs[:] = [] if "build.json" in files else [d for d in dirs if not d.startswith(".")]
    return None


def issue_date(issue_dir: Path):
    """The date in an issue's issue.yaml (reading only that field).

    Raises:
        InputError: issue.yaml cannot be read or its date is not a date.
    """
    from ..model.calendar import parse_date
    from ..model.manifest import load_yaml

    ifile = issue_dir / "issue.yaml"
    data = load_yaml(ifile)
    if not isinstance(data, dict):
        raise InputError(ifile, "", "a mapping with newspaper, date and pages")
    if data.get("date") is None:
        raise InputError(ifile, "date", "a date YYYY-MM-DD")
    return parse_date(data.get("date"), ifile, "date")


def parse_day(value: str | None, option: str):
    """A --from / --to date, or None.

    Raises:
        InputError: not a date YYYY-MM-DD.
    """
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(option, "", "a date YYYY-MM-DD", value) from None


def plan(root: str | Path, out_root: str | Path, date_from=None, date_to=None, *, proof: bool = False,
         epaper: bool = False, fonts_config: str | Path | None = None, verify: bool = False,
         assets_roots: Iterable[str | Path] = ()) -> tuple[list[Job], list[dict]]:
    """The batch: a :class:`Job` per issue under ``root`` whose date is in
    [date_from, date_to] (either may be None), and a failed result for each
    issue whose date cannot be read when a date range is asked for.

    Raises:
        InputError: ``root`` is not a folder or holds no issue; an issue
            folder holds another; an issue's output folder would be an
            issue folder or hold one (a build would write among manifests).
    """
    root = Path(root).resolve()  # absolute: pool and cluster workers may start elsewhere
    out_root = Path(out_root).resolve()
    if not root.is_dir():
        raise InputError(root, "", "an archive folder holding issue folders (issue.yaml at any depth)")
    issues = find_issues(root, exclude=[out_root])
    if not issues:
        raise InputError(root, "", "an archive folder holding issue folders (issue.yaml at any depth), found none")
    held = set(issues)
    for d in issues:
        if any(p in held for p in d.parents):
            raise InputError(d / "issue.yaml", "", "an issue folder inside no other issue folder (an issue's "
                                                   "output folder would hold another's)")
    expected = "an output root that is no issue folder (issue.yaml), lies in none and holds none where a build " \
               "would write"
    if any((p / "issue.yaml").exists() for p in [out_root, *out_root.parents]) \
            or ((out_root == root or root in out_root.parents) and _issue_under(out_root)):
        raise InputError("-o", "", expected, str(out_root))
    for d in issues:
        out = out_root / d.relative_to(root)
        if any((p / "issue.yaml").exists() for p in [out, *out.parents[:len(out.parents) - len(out_root.parents) - 1]]):
            raise InputError("-o", "", expected, str(out_root))
    jobs, unreadable = [], []
    for d in issues:
        rel = d.relative_to(root)
        job = Job(str(d), str(out_root / rel), rel.as_posix(), proof, epaper,
                  str(Path(fonts_config).resolve()) if fonts_config else None, verify,
                  tuple(str(Path(a).resolve()) for a in assets_roots))
        if date_from or date_to:
            try:
                day = issue_date(d)
            except InputError as exc:
                unreadable.append(_result(job, "failed", error=str(exc)))
                continue
            if (date_from and day < date_from) or (date_to and day > date_to):
                continue
        jobs.append(job)
    return jobs, unreadable


# ------------------------------------------------------------ one issue (in a worker)

_warm_lock = threading.Lock()
_warm = False


def _keep_fonts_warm(fonts_config: str | None = None) -> None:
    """Once per process: keep FontSets between tasks and load this one now
    (metrics and sha256), so the first issue does not pay for it."""
    global _warm
    with _warm_lock:
        if _warm:
            return
        from ..text.fonts import FontSet

        _warm = True
        try:
            from ..render.pdf import register_fonts

            fs = FontSet.load(fonts_config)
            for face in fs.faces.values():
                face.sha256, face.cmap
            register_fonts(fs)  # ReportLab parses each face once per process
        except Exception:  # noqa: BLE001 - a bad fonts.yaml is reported by the first build
            pass


def run_job(job: Job) -> dict:
    """Regenerate (or with ``job.verify``, verify) one issue; never raises
    for a bad issue. Runs in a worker (process pool or Dask).

    Returns: a dict: ``rel``, ``status`` (``built``, ``skipped``, ``failed``,
    ``verified``, ``drift``), ``pages``, ``seconds`` (wall) and
    ``cpu_seconds`` (the worker process's CPU time), ``error`` (one line),
    ``reason`` (why it was built, or what drifted), ``outputs`` {file: sha256},
    ``overset`` and ``warnings`` (counts), ``findings`` (each: kind,
    severity, page, article, message, as build.json has them), ``first_page`` and ``drift``
    (verify), ``worker`` (host:pid) and ``peak_rss`` (the worker's peak
    resident memory so far, bytes).
    """
    _keep_fonts_warm(job.fonts_config)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        res = _verify(job) if job.verify else _regen(job)
    except InputError as exc:
        res = _result(job, "failed", error=str(exc))
    except EnvError as exc:
        res = _result(job, "failed", error=f"environment: {exc}")
    except MemoryError:
        res = _result(job, "failed", error="environment: out of memory (the issue needs more than the worker has)")
    except Exception as exc:  # noqa: BLE001 - one issue's failure must not stop the batch
        msg = " ".join(str(exc).split()) or "no message"
        res = _result(job, "failed", error=f"internal error: {type(exc).__name__}: {msg}")
    res["seconds"] = round(time.perf_counter() - t0, 3)
    res["cpu_seconds"] = round(time.process_time() - c0, 3)
    res["peak_rss"] = _peak_rss()
    return res


def _result(job: Job, status: str, **kw) -> dict:
    out = {"rel": job.rel, "status": status, "pages": 0, "seconds": 0.0, "error": None, "reason": None,
           "outputs": {}, "overset": 0, "warnings": 0, "findings": [], "first_page": None, "drift": [],
           "worker": f"{socket.gethostname()}:{os.getpid()}", "peak_rss": 0}
    out.update(kw)
    return out


def _peak_rss() -> int:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    except (ImportError, OSError):
        return 0


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _sha256(path: Path, reread: bool = False) -> str | None:
    """The file's sha256, None when it cannot be read. The resume check takes
    it as layout.cache remembers it by the file's size, times and inode;
    ``reread`` (--verify) reads every byte again, so bytes that decayed in
    place are found."""
    from ..cache import file_sha256, sha256_bytes_of_file

    try:
        return sha256_bytes_of_file(path) if reread else file_sha256(path)
    except OSError:
        return None


def _from_report(job: Job, status: str, report: dict, **kw) -> dict:
    outputs = report.get("outputs") or {}
    found = [f for f in [*(report.get("overset") or []), *(report.get("warnings") or [])] if isinstance(f, dict)]
    return _result(job, status, pages=len(report.get("pages") or []),
                   outputs={k: v.get("sha256") for k, v in outputs.items() if isinstance(v, dict)},
                   overset=len(report.get("overset") or []), warnings=len(report.get("warnings") or []),
                   findings=[{k: f.get(k) for k in ("kind", "severity", "page", "article", "message")} for f in found],
                   **kw)


def _first_change(old: dict, new: dict, what: str) -> str | None:
    """The first key whose value differs between two records, in words."""
    if not isinstance(old, dict):
        return f"{what} not recorded"
    for key in sorted(set(old) | set(new)):
        if old.get(key) != new.get(key):
            if key not in old:
                return f"{what}: {key} not recorded"
            if key not in new:
                return f"{what}: {key} no longer there"
            a, b = old[key], new[key]
            if isinstance(a, str) and isinstance(b, str) and len(a) < 40 and len(b) < 40:
                return f"{what}: {key} {a} -> {b}"
            return f"{what}: {key} changed"
    return None


def stale(job: Job, report: dict | None = None) -> str | None:
    """Why an issue's output folder is not a current build of it (a short
    phrase), or None when it is: its build.json records the engine and
    library versions, options, SOURCE_DATE_EPOCH, input and font sha256 a
    build now would record, and every output it lists is there with its
    recorded size and sha256. Reads the manifests and hashes files; lays
    nothing out.

    Raises:
        InputError: the issue's manifests or the fonts cannot be read.
    """
    from . import provenance
    from .build import _input_hashes, source_date_epoch
    from ..model.manifest import load_issue
    from ..text.fonts import FontSet

    out = Path(job.out_dir)
    report = report if report is not None else _read_json(out / "build.json")
    if report is None:
        return "never built before"
    why = (_first_change(report.get("versions"), provenance.versions(), "versions")
           or _first_change(report.get("options"),
                            provenance.options(job.proof, job.epaper, None, job.fonts_config), "options"))
    if why:
        return why
    if report.get("source_date_epoch", "unrecorded") != source_date_epoch():
        return "SOURCE_DATE_EPOCH changed"
    issue = load_issue(job.issue_dir, list(job.assets_roots))
    hashes = _input_hashes(issue, FontSet.load(job.fonts_config))
    why = (_first_change(report.get("inputs"), hashes["inputs"], "inputs")
           or _first_change(report.get("fonts"), hashes["fonts"], "fonts"))
    if why:
        return why
    outputs = report.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return "no outputs recorded"
    for name, meta in outputs.items():
        path = out / name
        if not isinstance(meta, dict) or not path.is_file():
            return f"{name} missing"
        if path.stat().st_size != meta.get("bytes") or _sha256(path) != meta.get("sha256"):
            return f"{name} differs from build.json"
    return None


def _regen(job: Job) -> dict:
    from .build import build

    report = _read_json(Path(job.out_dir) / "build.json")
    try:
        why = stale(job, report)
    except InputError:
        why = "input changed"  # the build below reports what is wrong
    if why is None:
        return _from_report(job, "skipped", report)
    build(job.issue_dir, job.out_dir, None, job.fonts_config, job.proof, list(job.assets_roots), epaper=job.epaper)
    built = _read_json(Path(job.out_dir) / "build.json") or {}
    return _from_report(job, "built", built, reason=why)


def _verify(job: Job) -> dict:
    """Rebuild into a scratch folder and compare (see the module's doc)."""
    from .build import build

    out = Path(job.out_dir)
    recorded = _read_json(out / "build.json")
    if recorded is None:
        work = Path(tempfile.mkdtemp(prefix="broadsheet-verify-"))
        try:  # bad input is the likelier reason; say so
            build(job.issue_dir, work / "build", None, job.fonts_config, job.proof, list(job.assets_roots),
                  epaper=job.epaper)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return _result(job, "failed", error=f"{out / 'build.json'}: expected the build.json of a build to verify "
                                            "(not built, or unreadable)")
    opts = recorded.get("options") if isinstance(recorded.get("options"), dict) else {}
    work = Path(tempfile.mkdtemp(prefix="broadsheet-verify-"))
    scratch = work / "build"  # the build's store of versions and its lock go beside it, inside work
    try:
        build(job.issue_dir, scratch, opts.get("pages"), job.fonts_config,
              bool(opts.get("proof", recorded.get("proof", False))), list(job.assets_roots),
              epaper=bool(opts.get("epaper", False)))
        fresh = _read_json(scratch / "build.json") or {}
        rec_out = recorded.get("outputs") if isinstance(recorded.get("outputs"), dict) else {}
        new_out = fresh.get("outputs") or {}
        drift = []
        for name in [*rec_out, *(n for n in new_out if n not in rec_out)]:
            rec = (rec_out.get(name) or {}).get("sha256") if isinstance(rec_out.get(name), dict) else None
            new = (new_out.get(name) or {}).get("sha256")
            stored = _sha256(out / name, reread=True)
            if rec == new == stored:
                continue
            drift.append({"file": name, "recorded": rec, "rebuilt": new, "stored": stored})
        if not drift:
            return _from_report(job, "verified", fresh)
        page, pages = _first_page(drift, fresh, out, scratch)
        causes = [c for c in (_first_change(recorded.get(k), fresh.get(k), k)
                              for k in ("versions", "options", "inputs", "fonts")) if c]
        if recorded.get("source_date_epoch") != fresh.get("source_date_epoch"):
            causes.append(f"SOURCE_DATE_EPOCH {recorded.get('source_date_epoch')} -> {fresh.get('source_date_epoch')}")
        return _from_report(job, "drift", fresh, first_page=page, drift=drift, reason="; ".join(
            [_drift_words(drift, pages)] + causes))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _first_page(drift: list[dict], fresh: dict, out: Path, scratch: Path) -> tuple[str | None, list[str]]:
    """The first page (in the issue's order) whose content differs between
    the stored outputs and the rebuild, and all such pages: from the page
    PDFs and the whole-issue PDF, compared page by page."""
    from ..render.pdfdiff import differing_pages

    order = [p.get("page") for p in fresh.get("pages") or [] if isinstance(p, dict)]
    issue_pdf = f"{fresh.get('issue')}.pdf"
    found: set[str] = set()
    for d in drift:
        name = d["file"]
        if "/" in name or not name.endswith(".pdf"):
            continue
        if name == issue_pdf:
            ids = order
        elif name[:-4] in order:
            ids = [name[:-4]]
        else:
            continue
        stored = _read_bytes(out / name)
        rebuilt = _read_bytes(scratch / name)
        if stored == rebuilt:
            continue  # the record, not the file, differs
        idx = differing_pages(stored, rebuilt)
        found |= set(ids) if idx is None else {ids[i] if i < len(ids) else f"page {i + 1}" for i in idx}
    pages = sorted(found, key=lambda p: (order.index(p) if p in order else len(order), p))
    return (pages[0] if pages else None), pages


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _drift_words(drift: list[dict], pages: list[str]) -> str:
    parts = []
    for d in drift[:4]:
        if d["stored"] is None:
            parts.append(f"{d['file']} missing")
        elif d["stored"] != d["rebuilt"]:
            parts.append(f"{d['file']} differs from the rebuild"
                         + ("" if d["stored"] == d["recorded"] else " and from build.json"))
        else:
            parts.append(f"{d['file']}: build.json records another sha256")
    if len(drift) > 4:
        parts.append(f"{len(drift) - 4} more files")
    where = f"first page that differs: {pages[0]}" if pages else "no page's content differs"
    return f"{where} ({', '.join(parts)})"


# ------------------------------------------------------------ runners

def _worker_init(fonts_config: str | None) -> None:
    """A pool worker's start: fonts loaded once; and exit when the process
    that started the pool is gone (killed), instead of waiting for work."""
    _keep_fonts_warm(fonts_config)
    parent = os.getppid()

    def watch():
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="broadsheet-orphan-watch").start()


def run_local(jobs: list[Job], workers: int) -> Iterator[dict]:
    """Run the jobs on ``workers`` processes (in this process when 1),
    yielding results as they finish. A pool broken by a worker that died is
    replaced (up to :data:`POOL_RESTARTS` times) for the issues not done."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield run_job(job)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    # forkserver: workers start from a clean process, never forked from one
    # running threads (a progress bar, a Dask client)
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    pending = list(jobs)
    for attempt in range(POOL_RESTARTS + 1):
        broken = []
        ex = ProcessPoolExecutor(min(workers, len(pending)), mp_context=ctx, initializer=_worker_init,
                                 initargs=(pending[0].fonts_config,))
        try:
            futures = {ex.submit(run_job, job): job for job in pending}
            for fut in as_completed(futures):
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    broken.append(futures[fut])
        finally:
            ex.shutdown(wait=not broken, cancel_futures=True)
        if not broken:
            return
        pending = sorted(broken, key=lambda j: j.rel)
    for job in pending:
        yield _result(job, "failed", error=f"a worker process died {POOL_RESTARTS + 1} times while this "
                                           "issue was pending (killed, or crashed building an issue)")


def run_dask(jobs: list[Job], address: str) -> Iterator[dict]:
    """Run the jobs on a Dask distributed cluster, one task per issue,
    yielding results as they finish. Workers must see the archive and the
    output root at the same paths as this process (shared storage). The
    scheduler is reached before this returns.

    Raises:
        EnvError: dask.distributed is not installed, or the scheduler
            cannot be reached.
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise EnvError("cannot run on a Dask cluster", "--scheduler",
                       "dask.distributed is not installed: pip install -e '.[dask]'") from None
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EnvError("cannot reach the Dask scheduler", address, " ".join(str(exc).split())[:160]
                       or type(exc).__name__) from None
    return _dask_results(client, jobs)


def _dask_results(client, jobs: list[Job]) -> Iterator[dict]:
    from dask.distributed import as_completed

    try:
        with client.as_current():
            futures = {client.submit(run_job, job, key=f"broadsheet-{'verify' if job.verify else 'regen'}-"
                                     f"{hashlib.sha256(job.issue_dir.encode()).hexdigest()[:16]}-{time.time_ns()}",
                                     pure=False): job for job in jobs}
            for fut in as_completed(futures):
                try:
                    yield fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker lost with the task (KilledWorker ...)
                    yield _result(futures[fut], "failed", error=f"task failed on the cluster: {type(exc).__name__}: "
                                                                f"{' '.join(str(exc).split())[:200]}")
    finally:
        client.close()


# ------------------------------------------------------------ the batch

def regen(root: str | Path, out_root: str | Path = "output", date_from: str | None = None,
          date_to: str | None = None, jobs: int | None = None, *, epaper: bool = False, proof: bool = False,
          fonts_config: str | Path | None = None, verify: bool = False, scheduler: str | None = None,
          assets_roots: Iterable[str | Path] = (), echo: Callable[[str], None] = print,
          progress: bool = False) -> Summary:
    """Regenerate (or verify) every issue under ``root`` into ``out_root``:
    a log line per issue through ``echo`` as it finishes, a progress bar on
    stderr when ``progress``, and the summary. See the module's doc.

    Args:
        date_from, date_to: keep issues whose issue.yaml date is in this
            range (YYYY-MM-DD, either may be None).
        jobs: worker processes (default: the CPUs this process may use);
            ignored with ``scheduler`` (the cluster's workers run the tasks).

    Returns: the :class:`Summary`.

    Raises:
        InputError: a bad root, output root, date or fonts.yaml (nothing
            is built then).
        EnvError: the scheduler cannot be reached or dask is not installed.
    """
    from ..text.fonts import FontSet

    t0 = time.perf_counter()
    d0, d1 = parse_day(date_from, "--from"), parse_day(date_to, "--to")
    if d0 and d1 and d0 > d1:
        raise InputError("--from", "", f"a date no later than --to {d1.isoformat()}", d0.isoformat())
    FontSet.load(fonts_config)  # a bad fonts.yaml stops the batch here, not once per issue
    batch, unreadable = plan(root, out_root, d0, d1, proof=proof, epaper=epaper, fonts_config=fonts_config,
                             verify=verify, assets_roots=assets_roots)
    total = len(batch) + len(unreadable)
    summary = Summary()
    if scheduler:
        results: Iterable[dict] = run_dask(batch, scheduler)
        where = f"Dask scheduler {scheduler}"
    else:
        workers = max(1, min(jobs or _cpus(), len(batch) or 1))
        results = run_local(batch, workers)
        where = f"{workers} process{'es' if workers > 1 else ''}"
    verb = "verify" if verify else "regen"
    echo(f"{verb}: {total} issue{'s' if total != 1 else ''} under {Path(root)} -> {Path(out_root)} on {where}")
    bar = _Bar(total, verb) if progress else None
    width = len(str(total))
    try:
        for n, res in enumerate(_chain(unreadable, results), 1):
            summary.results.append(res)
            summary.counts[res["status"]] = summary.counts.get(res["status"], 0) + 1
            if res["status"] in ("built", "verified", "drift"):
                summary.pages += res["pages"]
            elapsed = time.perf_counter() - t0
            echo(f"[{n:>{width}}/{total}] {log_line(res)}")
            if bar:
                bar.update(n, summary.pages / elapsed if elapsed > 0 else 0.0)
    finally:
        if bar:
            bar.stop()
    summary.seconds = time.perf_counter() - t0
    for line in summary_lines(summary, verb):
        echo(line)
    return summary


def _cpus() -> int:
    """The CPUs this process may run on (its affinity, e.g. a container's share)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _chain(first: list[dict], rest: Iterable[dict]) -> Iterator[dict]:
    yield from first
    yield from rest


def log_line(res: dict) -> str:
    """One line for an issue's result."""
    status = {"failed": "FAILED", "drift": "DRIFT"}.get(res["status"], res["status"])
    head = f"{status:8} {res['rel']}"
    if res["status"] == "failed":
        return f"{head}: {res['error']}"
    if res["status"] == "skipped":
        return f"{head} (current)"
    notes = [f"{res['pages']} page{'s' if res['pages'] != 1 else ''}", f"{res['seconds']:.2f} s"]
    if res["overset"]:
        notes.append(f"{res['overset']} overset")
    # build.json's "warnings" are every finding but overset: say the errors among them as errors
    errors = sum(1 for f in res.get("findings") or [] if f.get("kind") != "overset" and f.get("severity") == "error")
    for n, word in ((errors, "error"), (res["warnings"] - errors, "warning")):
        if n > 0:
            notes.append(f"{n} {word}{'s' if n != 1 else ''}")
    tail = f": {res['reason']}" if res["status"] == "drift" else (f" ({res['reason']})" if res["reason"] else "")
    return f"{head}  {', '.join(notes)}{tail}"


def summary_lines(summary: Summary, verb: str = "regen") -> list[str]:
    """The closing lines: counts, pages and pages/s, then each failed or
    drifted issue again."""
    c = summary.counts
    order = ("verified", "drift", "failed") if verb == "verify" else ("built", "skipped", "failed")
    names = {"drift": "drifted"}
    parts = [f"{c.get(k, 0)} {names.get(k, k)}" for k in order]
    rate = summary.pages / summary.seconds if summary.seconds > 0 else 0.0
    total = len(summary.results)
    lines = [f"{verb}: {total} issue{'s' if total != 1 else ''}: {', '.join(parts)}; "
             f"{summary.pages} page{'s' if summary.pages != 1 else ''} {'rebuilt' if verb == 'verify' else 'built'} "
             f"in {summary.seconds:.1f} s ({rate:.2f} pages/s)"]
    bad = sorted((r for r in summary.results if r["status"] in ("failed", "drift")), key=lambda r: r["rel"])
    for r in bad:
        lines.append(f"  {'FAILED' if r['status'] == 'failed' else 'DRIFT'} {r['rel']}: {r['error'] or r['reason']}")
    return lines


class _Bar:
    """The progress bar on stderr (rich): issues done, pages/s, ETA."""

    def __init__(self, total: int, verb: str):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        console = Console(stderr=True)
        self.progress = Progress(TextColumn(verb), BarColumn(), MofNCompleteColumn(), TextColumn("issues"),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                                 TimeRemainingColumn(), console=console, disable=not console.is_terminal)
        self.task = self.progress.add_task(verb, total=total, rate="")
        self.progress.start()

    def update(self, done: int, rate: float) -> None:
        self.progress.update(self.task, completed=done, rate=f"{rate:.2f} pages/s")

    def stop(self) -> None:
        self.progress.stop()


def result_json(summary: Summary) -> str:
    """The results as JSON (sorted by issue), for scripts and benchmarks."""
    return json.dumps(sorted(summary.results, key=lambda r: r["rel"]), ensure_ascii=False, indent=1) + "\n"


__all__ = ["Job", "Summary", "find_issues", "plan", "regen", "run_job", "run_local", "run_dask", "stale",
           "log_line", "summary_lines", "result_json"]
