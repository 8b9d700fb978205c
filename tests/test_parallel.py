"""Pages on every core (layout/parallel.py, issue 12): fork_map gives the
results of a loop, in order, and raises the first item's exception as a
loop would; an issue laid out in several processes equals the same issue
laid out page after page; pages drawn in several processes are the same
bytes."""

from __future__ import annotations

import os

import pytest

from layout.parallel import fork_map


def test_fork_map_is_a_loop(monkeypatch):
    monkeypatch.setenv("BROADSHEET_JOBS", "3")
    seen_pids = fork_map(lambda k: (k * k, os.getpid()), range(10))
    assert [v for v, _ in seen_pids] == [k * k for k in range(10)]
    assert len({pid for _, pid in seen_pids}) == 3  # three processes did the work
    assert os.getpid() in {pid for _, pid in seen_pids}


def test_fork_map_raises_the_first_error(monkeypatch):
    monkeypatch.setenv("BROADSHEET_JOBS", "2")

    def fn(k):
        if k in (5, 8):
            raise ValueError(f"item {k}")
        return k

    with pytest.raises(ValueError, match="item 5"):
        fork_map(fn, range(10))


def test_fork_map_one_job_is_this_process(monkeypatch):
    monkeypatch.setenv("BROADSHEET_JOBS", "1")
    assert {pid for pid in fork_map(lambda k: os.getpid(), range(6))} == {os.getpid()}


def test_spread_layout_and_drawing_equal_sequential(tmp_path, monkeypatch):
    from layout.makeup.page import make_issue
    from layout.makeup.spread import make_issue_spread
    from layout.model.grid import preset
    from layout.model.manifest import load_issue
    from layout.render.pages import pickle_plain, render_pdf, render_pdfs
    from layout.render.pdf import render_pdf as draw
    from layout.text.fonts import FontSet
    from multipage import make_multipage_issue

    monkeypatch.setenv("BROADSHEET_JOBS", "2")
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr("layout.parallel.MIN_ITEMS", 2)  # three pages are enough here
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    issue = load_issue(make_multipage_issue(tmp_path))
    fonts = FontSet.load()
    grid = preset(issue.format)
    spread = make_issue_spread(issue, grid, fonts)
    plain = make_issue(issue, grid, fonts)
    assert [pickle_plain(p) for p in spread] == [pickle_plain(p) for p in plain]
    assert forks  # laid out in two processes
    meta = dict(author="a", date=issue.date, pdfx=False)
    jobs = [([pl], dict(title=pl.title, subject=pl.id, **meta)) for pl in spread]
    forks.clear()
    drawn = render_pdfs(jobs, fonts)
    assert forks  # drawn in two processes
    for (pages, m), pdf in zip(jobs, drawn):
        assert pdf == draw(pages, fonts, **m)
        assert render_pdf(pages, fonts, **m) == pdf  # and kept: the cache gives them back
