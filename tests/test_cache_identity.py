"""The caches never change an output (issue 12): the sample's PDFs and
build.json are byte-identical when built with the caches switched off
(BROADSHEET_NO_CACHE=1), with empty caches, and with every cache warm, each
in a new process; a three-page print proof likewise with the caches off and
warm. The warm build reads its blocks and pages from the caches (it adds no
layout or page file)."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, SAMPLE
from multipage import make_multipage_issue


def _build(issue, out, cache, *extra, off=False):
    env = dict(os.environ, BROADSHEET_CACHE=str(cache))
    env.pop("BROADSHEET_NO_CACHE", None)
    if off:
        env["BROADSHEET_NO_CACHE"] = "1"
    proc = subprocess.run([sys.executable, "-m", "layout", "build", str(issue), "-o", str(out), *extra],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def _files(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_sample_identical_with_caches_off_empty_and_warm(tmp_path):
    cache = tmp_path / "cache"
    off = _build(SAMPLE, tmp_path / "off", tmp_path / "unused", off=True)
    assert not (tmp_path / "unused").exists()  # switched off: nothing written
    empty = _build(SAMPLE, tmp_path / "empty", cache)
    layouts, pages = _files(cache / "layout"), _files(cache / "pages")
    assert layouts and pages  # the first build filled the caches
    warm = _build(SAMPLE, tmp_path / "warm", cache)
    assert _files(cache / "layout") == layouts and _files(cache / "pages") == pages  # all hits
    assert set(off) == {"A01.pdf", "2020-12-21.pdf", "build.json"}
    for name in off:
        assert empty[name] == off[name], name
        assert warm[name] == off[name], name


def test_proof_issue_identical_with_caches_off_and_warm(tmp_path):
    issue = make_multipage_issue(tmp_path, "2020-12-22")
    cache = tmp_path / "cache"
    off = _build(issue, tmp_path / "off", cache, "--proof", off=True)
    _build(issue, tmp_path / "first", cache, "--proof")
    warm = _build(issue, tmp_path / "warm", cache, "--proof")
    assert set(off) == {"A01.pdf", "A02.pdf", "A03.pdf", "2020-12-22.pdf", "build.json"}
    for name in off:
        assert warm[name] == off[name], name


def test_in_process_rebuild_identical(tmp_path, monkeypatch):
    """Two builds in one process (as broadsheet watch makes them): the second
    from the in-memory caches, byte for byte the first."""
    from layout.publish.build import build
    from layout.render import pages

    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    build(SAMPLE, tmp_path / "a")
    before = pages.stats()
    build(SAMPLE, tmp_path / "b")
    after = pages.stats()
    assert after["misses"] == before["misses"] and after["hits"] == before["hits"] + 1
    for name in ("A01.pdf", "2020-12-21.pdf", "build.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
