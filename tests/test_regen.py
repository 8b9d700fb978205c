"""broadsheet regen (issue 13): an archive of back issues built in a batch,
resumed, killed and resumed, verified byte for byte, and run on Dask.

The archive (made once per module): copies of the sample issue under two
papers and three dates, one of them the three-page issue of
tests/multipage.py, and one broken issue::

    衡阳日报/2020-12-21   the sample as it is
    衡阳日报/2020-12-23   three pages (A01-A03)
    衡阳晚报/2020-12-21   another paper on the same date, its lead paragraph varied
    衡阳晚报/2020-12-22   broken: an unknown field in its page manifest
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import types
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, SAMPLE
from multipage import make_multipage_issue

from layout.cli import main
from layout.publish import archive, provenance

GOOD = ["衡阳日报/2020-12-21", "衡阳日报/2020-12-23", "衡阳晚报/2020-12-21"]
BROKEN = "衡阳晚报/2020-12-22"


def make_archive(root: Path) -> Path:
    """The module's archive under ``root``; returns ``root``."""
    shutil.copytree(ROOT / "assets", root / "assets")
    shutil.copytree(SAMPLE, root / "衡阳日报" / "2020-12-21")
    staging = root.parent / "staging"
    shutil.move(make_multipage_issue(staging, "2020-12-23"), root / "衡阳日报" / "2020-12-23")
    for date in ("2020-12-21", "2020-12-22"):
        dst = root / "衡阳晚报" / date
        shutil.copytree(SAMPLE, dst)
        issue = yaml.safe_load((dst / "issue.yaml").read_text(encoding="utf-8"))
        issue.update(newspaper="衡阳晚报", date=date)
        (dst / "issue.yaml").write_text(yaml.safe_dump(issue, allow_unicode=True, sort_keys=False), encoding="utf-8")
        lead = dst / "articles" / "park-economy.yaml"
        lead.write_text(lead.read_text(encoding="utf-8").replace("12月19日上午", "12月20日上午", 1), encoding="utf-8")
    page = root / BROKEN / "pages" / "A01.yaml"
    page.write_text(page.read_text(encoding="utf-8").replace("span:", "spam:", 1), encoding="utf-8")
    return root


def tree(out: Path) -> dict[str, str]:
    """sha256 of every file under ``out`` as a reader sees it: through each
    issue's output folder (a link to its current build), hidden files and
    folders (the builds' store, locks) left out."""
    found = {}
    for here, dirs, files in os.walk(out, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                p = Path(here) / name
                found[p.relative_to(out).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return dict(sorted(found.items()))


def cli(*args) -> types.SimpleNamespace:
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return types.SimpleNamespace(code=res.exit_code, out=res.output)


def page_text(pdf: Path, index: int = 0) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[index].get_textpage().get_text_range()
    finally:
        doc.close()


@pytest.fixture(scope="module")
def arch(tmp_path_factory):
    """The archive regenerated once with two worker processes (the clean run)."""
    tmp = tmp_path_factory.mktemp("regen")
    root = make_archive(tmp / "archive")
    first = cli("regen", root, "-o", tmp / "out", "--jobs", 2)
    return types.SimpleNamespace(tmp=tmp, root=root, out=tmp / "out", first=first, clean=tree(tmp / "out"))


def test_batch_builds_the_rest_and_reports_the_broken_one(arch, built):
    assert arch.first.code == 1, arch.first.out
    lines = arch.first.out.splitlines()
    assert lines[0].startswith("regen: 4 issues under ") and lines[0].endswith("on 2 processes")
    for rel in GOOD:
        assert any(f"built    {rel}  " in ln and "(never built before)" in ln for ln in lines), rel
    failed = [ln for ln in lines if "FAILED" in ln and BROKEN in ln]
    # once as it happens, once in the summary; the loader's one-line message, no traceback
    assert len(failed) == 2
    assert failed[0].endswith("pages/A01.yaml: masthead.spam: expected one of the fields column, span, row, height; "
                              "unknown field (did you mean 'span'?)")
    assert "Traceback" not in arch.first.out
    assert "regen: 4 issues: 3 built, 0 skipped, 1 failed; 5 pages built in " in arch.first.out
    # every issue in its own relative path; two papers on one date apart
    assert sorted({k.rsplit("/", 1)[0] for k in arch.clean}) == GOOD
    assert not (arch.out / BROKEN).exists()
    assert sorted(k.split("/", 2)[2] for k in arch.clean if k.startswith("衡阳日报/2020-12-23/")) == \
        ["2020-12-23.pdf", "A01.pdf", "A02.pdf", "A03.pdf", "build.json"]
    assert page_text(arch.out / "衡阳日报/2020-12-21/A01.pdf").startswith("衡阳日报 2020年12月21日")
    assert page_text(arch.out / "衡阳晚报/2020-12-21/A01.pdf").startswith("衡阳晚报 2020年12月21日")
    assert "12月20日上午" in page_text(arch.out / "衡阳晚报/2020-12-21/A01.pdf")
    assert "衡阳代表队拔头筹" in page_text(arch.out / "衡阳日报/2020-12-23/2020-12-23.pdf", 1)
    assert "文明交通" in page_text(arch.out / "衡阳日报/2020-12-23/A03.pdf")
    # a worker that built other issues first gives the bytes a plain build gives
    for name in ("A01.pdf", "2020-12-21.pdf"):
        assert arch.clean[f"衡阳日报/2020-12-21/{name}"] == \
            hashlib.sha256((built.out_dir / name).read_bytes()).hexdigest(), name

    def without_digests(path):  # a page's digest names its photo's absolute path (the copy is elsewhere)
        data = json.loads(path.read_text(encoding="utf-8"))
        return data | {"pages": [{k: v for k, v in p.items() if k != "digest"} for p in data["pages"]]}

    assert without_digests(arch.out / "衡阳日报/2020-12-21/build.json") == without_digests(built.out_dir / "build.json")
    report = json.loads((arch.out / "衡阳日报/2020-12-23/build.json").read_text(encoding="utf-8"))
    assert report["options"] == {"proof": False, "epaper": False, "pages": None,
                                 "fonts": {"file": "fonts.yaml", "sha256": hashlib.sha256(
                                     (ROOT / "fonts" / "fonts.yaml").read_bytes()).hexdigest()}}
    assert report["source_date_epoch"] is None
    assert report["versions"]["broadsheet_source"] == provenance.engine_digest()
    assert {"reportlab", "pikepdf", "pillow", "fonttools", "pypdfium2", "jinja2", "uniseg", "rjieba", "python",
            "zlib", "libqpdf", "pdfium"} <= set(report["versions"])


def test_second_run_skips_everything(arch):
    before = {p: (arch.out / p).stat().st_mtime_ns for p in tree(arch.out)}
    again = cli("regen", arch.root, "-o", arch.out, "--jobs", 2)
    assert again.code == 1
    assert "regen: 4 issues: 0 built, 3 skipped, 1 failed; 0 pages built" in again.out
    for rel in GOOD:
        assert f"skipped  {rel} (current)" in again.out
    assert {p: (arch.out / p).stat().st_mtime_ns for p in tree(arch.out)} == before
    # a date range keeps the issues whose issue.yaml date is in it
    one = cli("regen", arch.root, "-o", arch.out, "--jobs", 1, "--from", "2020-12-23", "--to", "2020-12-31")
    assert one.code == 0, one.out
    assert "regen: 1 issue: 0 built, 1 skipped, 0 failed" in one.out and "衡阳日报/2020-12-23 (current)" in one.out


def test_kill_9_mid_run_then_rerun_gives_the_clean_bytes(arch):
    out = arch.tmp / "out-killed"
    log = open(arch.tmp / "killed.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "layout", "regen", str(arch.root), "-o", str(out), "--jobs", "2"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not [k for k in (tree(out) if out.exists() else {}) if k.endswith("/build.json")]:
            assert proc.poll() is None and time.monotonic() < deadline, "regen ended before any issue was built"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run, its pool and its workers
        proc.wait()
        log.close()
    done = len([k for k in tree(out) if k.endswith("/build.json")])
    assert 1 <= done < len(GOOD)
    rerun = cli("regen", arch.root, "-o", out, "--jobs", 2)
    assert rerun.code == 1
    assert rerun.out.count("skipped  ") >= 1 and rerun.out.count("built    ") >= 1
    assert tree(out) == arch.clean


def test_a_worker_killed_mid_run_is_replaced(arch):
    """A worker process killed (OOM killer, a crash) breaks the pool; a new
    pool takes the issues that were not done."""
    psutil = pytest.importorskip("psutil")
    out = arch.tmp / "out-crash"
    killed = []

    def kill_a_worker():  # a worker: forked by the pool's forkserver, a child of this process
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            for p in psutil.Process().children(recursive=True):
                try:
                    if "forkserver" in " ".join(p.cmdline()) and "forkserver" in " ".join(p.parent().cmdline()):
                        p.kill()
                        killed.append(p.pid)
                        break
                except psutil.Error:
                    pass
            time.sleep(0.01)

    killer = threading.Thread(target=kill_a_worker)
    killer.start()
    summary = archive.regen(arch.root, out, None, "2020-12-21", 2, echo=lambda s: None)
    killer.join()
    assert len(killed) == 1
    assert summary.counts == {"built": 2}
    assert tree(out) == {k: v for k, v in arch.clean.items() if k.split("/")[1] == "2020-12-21"}


def _tamper_page(pdf: Path, index: int) -> None:
    """Flip one byte inside page ``index``'s content stream, as stored."""
    data = bytearray(pdf.read_bytes())
    with pikepdf.open(pdf) as doc:
        contents = doc.pages[index].obj.Contents
        raw = (contents[0] if isinstance(contents, pikepdf.Array) else contents).read_raw_bytes()
    at = data.find(raw)
    assert at > 0 and data.find(raw, at + 1) == -1
    data[at + len(raw) // 2] ^= 0x20
    pdf.write_bytes(bytes(data))


def test_verify_names_the_issue_and_first_page_that_differs(arch):
    out = arch.tmp / "out-tampered"
    shutil.copytree(arch.out, out)
    _tamper_page(out / "衡阳日报/2020-12-23/2020-12-23.pdf", 1)
    res = cli("regen", arch.root, "-o", out, "--jobs", 2, "--verify")
    assert res.code == 1
    drift = [ln for ln in res.out.splitlines() if "DRIFT" in ln]
    assert len(drift) == 2 and all("衡阳日报/2020-12-23" in ln for ln in drift)
    assert drift[-1] == ("  DRIFT 衡阳日报/2020-12-23: first page that differs: A02 "
                         "(2020-12-23.pdf differs from the rebuild and from build.json)")
    assert "verify: 4 issues: 2 verified, 1 drifted, 1 failed; 5 pages rebuilt" in res.out
    for rel in ("衡阳日报/2020-12-21", "衡阳晚报/2020-12-21"):
        assert f"verified {rel}  1 page" in res.out
    assert f"FAILED   {BROKEN}: " in res.out and "masthead.spam" in res.out
    assert tree(out) != arch.clean and tree(out).keys() == arch.clean.keys()  # verify writes nothing
    # a page PDF tampered: that page; the untampered archive verifies clean
    _tamper_page(out / "衡阳日报/2020-12-23/A03.pdf", 0)
    summary = archive.regen(arch.root, out, "2020-12-23", None, 1, verify=True, echo=lambda s: None)
    (res,) = summary.results
    assert res["status"] == "drift" and res["first_page"] == "A02"
    assert [d["file"] for d in res["drift"]] == ["A03.pdf", "2020-12-23.pdf"]
    clean = archive.regen(arch.root, arch.out, "2020-12-23", None, 1, verify=True, echo=lambda s: None)
    assert clean.ok and clean.counts == {"verified": 1}


def test_dask_cluster_gives_the_local_hashes(arch):
    distributed = pytest.importorskip("distributed")
    out = arch.tmp / "out-dask"
    lines = []
    import dask

    # the nanny's MALLOC_TRIM_THRESHOLD_ makes builds slower (README, Archive); the hashes are the same either way
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc:
        summary = archive.regen(arch.root, out, None, "2020-12-22", scheduler=lc.scheduler_address,
                                echo=lines.append)
        workers = {r["worker"] for r in summary.results}
    assert lines[0].endswith(f"on Dask scheduler {lc.scheduler_address}")
    assert summary.counts == {"built": 2, "failed": 1}
    assert len(workers) == 2  # both workers took an issue
    by_rel = {r["rel"]: r for r in summary.results}
    assert "masthead.spam" in by_rel[BROKEN]["error"]
    for rel in ("衡阳日报/2020-12-21", "衡阳晚报/2020-12-21"):
        assert by_rel[rel]["outputs"] == {name: arch.clean[f"{rel}/{name}"]
                                          for name in ("A01.pdf", "2020-12-21.pdf")}
        local = {k: v for k, v in arch.clean.items() if k.startswith(rel + "/")}
        assert {k: v for k, v in tree(out).items() if k.startswith(rel + "/")} == local


def test_resume_check_sees_every_kind_of_change(arch, tmp_path, monkeypatch):
    rel = "衡阳日报/2020-12-21"
    shutil.copytree(arch.root / rel, tmp_path / "a" / rel)
    shutil.copytree(arch.root / "assets", tmp_path / "a" / "assets")
    shutil.copytree(arch.out / rel, tmp_path / "o" / rel)
    job = archive.Job(str(tmp_path / "a" / rel), str(tmp_path / "o" / rel), rel)
    assert archive.stale(job) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1608508800")
    assert archive.stale(job) == "SOURCE_DATE_EPOCH changed"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert archive.stale(replace(job, epaper=True)) == "options: epaper changed"
    assert archive.stale(replace(job, proof=True)) == "options: proof changed"
    fonts = tmp_path / "fonts.yaml"
    fonts.write_text((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert archive.stale(replace(job, fonts_config=str(fonts))) == "options: fonts changed"
    with monkeypatch.context() as m:
        real = provenance.versions()
        m.setattr(provenance, "_all_versions", lambda: tuple((real | {"reportlab": "9.9"}).items()))
        assert archive.stale(job) == f"versions: reportlab {real['reportlab']} -> 9.9"
    art = Path(job.issue_dir) / "articles" / "chuanshan-forum.yaml"
    text = art.read_text(encoding="utf-8")
    art.write_text(text.replace("论坛", "论坛。", 1), encoding="utf-8")
    assert archive.stale(job) == "inputs: articles/chuanshan-forum.yaml changed"
    art.write_text(text, encoding="utf-8")
    pdf = Path(job.out_dir) / "A01.pdf"
    data = pdf.read_bytes()
    pdf.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert archive.stale(job) == "A01.pdf differs from build.json"
    pdf.unlink()
    assert archive.stale(job) == "A01.pdf missing"
    (Path(job.out_dir) / "build.json").unlink()
    assert archive.stale(job) == "never built before"


def test_bad_batches_stop_before_building(arch, tmp_path):
    for out in (arch.root, arch.root / "衡阳日报", arch.root / BROKEN / "pages"):
        res = cli("regen", arch.root, "-o", out, "--jobs", 1)
        assert res.code == 2 and res.out.strip() == ("broadsheet: error: -o: expected an output root that is no "
                                                     "issue folder (issue.yaml), lies in none and holds none where a "
                                                     f"build would write, found '{out}'"), out
    other = tmp_path / "other"  # another archive's issue where an output folder would go
    shutil.copytree(SAMPLE, other / "衡阳日报" / "2020-12-21")
    res = cli("regen", arch.root, "-o", other, "--jobs", 1)
    assert res.code == 2 and f"found '{other}'" in res.out
    assert sorted(p.name for p in (other / "衡阳日报" / "2020-12-21").iterdir()) == ["articles", "issue.yaml", "pages"]
    res = cli("regen", arch.root, "-o", tmp_path, "--from", "2020-12-24", "--to", "2020-12-01")
    assert res.code == 2 and res.out.strip() == ("broadsheet: error: --from: expected a date no later than --to "
                                                 "2020-12-01, found '2020-12-24'")
    res = cli("regen", arch.root, "-o", tmp_path, "--from", "21/12/2020")
    assert res.code == 2 and "--from: expected a date YYYY-MM-DD, found '21/12/2020'" in res.out
    (tmp_path / "empty" / "a").mkdir(parents=True)
    res = cli("regen", tmp_path / "empty", "-o", tmp_path / "out")
    assert res.code == 2 and res.out.strip() == (f"broadsheet: error: {tmp_path / 'empty'}: expected an archive folder "
                                                 "holding issue folders (issue.yaml at any depth), found none")
    nested = tmp_path / "n"
    shutil.copytree(SAMPLE, nested)
    shutil.copytree(SAMPLE, nested / "inner")
    res = cli("regen", nested, "-o", tmp_path / "out")
    assert res.code == 2 and "inner/issue.yaml: expected an issue folder inside no other issue folder" in res.out
    assert not (tmp_path / "out").exists()


def test_fonts_kept_warm_until_a_file_changes(tmp_path):
    """A worker building many issues loads its faces once: FontSet.load
    gives the same set back while fonts.yaml and its faces are unchanged,
    and a new one when a file changes."""
    from layout.text.fonts import FontSet

    cfg = tmp_path / "fonts.yaml"
    cfg.write_text((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for name in yaml.safe_load(cfg.read_text(encoding="utf-8"))["faces"].values():
        os.symlink(ROOT / "fonts" / name["file"], tmp_path / name["file"])
    a = FontSet.load(cfg)
    assert FontSet.load(cfg) is a
    st = cfg.stat()
    os.utime(cfg, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    b = FontSet.load(cfg)
    assert b is not a and FontSet.load(cfg) is b

def test_verify_reads_the_stored_bytes_not_a_remembered_hash(arch, monkeypatch):
    """Bytes that decay in place keep a file's size and times, so the hash
    layout.cache remembers by them would still match: --verify reads every
    byte of the stored outputs again (here the remembered hash is made to
    lie, and the tampered page is still found)."""
    from layout import cache

    out = arch.tmp / "out-decayed"
    shutil.copytree(arch.out, out)
    pdf = out / "衡阳日报/2020-12-23/A03.pdf"
    recorded = json.loads((pdf.parent / "build.json").read_text(encoding="utf-8"))["outputs"]["A03.pdf"]["sha256"]
    _tamper_page(pdf, 0)
    real = cache.file_sha256
    monkeypatch.setattr(cache, "file_sha256", lambda p: recorded if Path(p).resolve() == pdf.resolve() else real(p))
    summary = archive.regen(arch.root, out, "2020-12-23", "2020-12-23", 1, verify=True, echo=lambda s: None)
    (res,) = summary.results
    assert res["status"] == "drift" and "A03.pdf" in [d["file"] for d in res["drift"]]


def test_the_issue_line_calls_errors_errors():
    """build.json lists every finding but overset under "warnings"; regen's
    line for the issue says how many of them are errors (the seed dump's
    build: a makeup error and a hole error among five findings)."""
    finding = lambda kind, sev: {"kind": kind, "severity": sev, "page": "A01", "article": "", "message": ""}
    res = {"status": "built", "rel": "p/2020-12-21", "pages": 1, "seconds": 1.0, "overset": 1, "warnings": 5,
           "reason": "", "findings": [finding("overset", "error"), finding("makeup", "error"), finding("hole", "error"),
                                      finding("head_overflow", "warning"), finding("head_overflow", "warning"),
                                      finding("placeholder_photo", "warning")]}
    assert archive.log_line(res) == "built    p/2020-12-21  1 page, 1.00 s, 1 overset, 2 errors, 3 warnings"
    res.update(overset=0, warnings=1, findings=[finding("head_overflow", "warning")])
    assert archive.log_line(res).endswith("1.00 s, 1 warning")
