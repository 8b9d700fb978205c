"""broadsheet watch (issue 12): after an edit to a story's body the page's
PDF in place holds the new text, the report names the page drawn and the
time from the change; a page no edit touched is not drawn again; bad input
is reported and the watcher goes on (with watchfiles and by polling)."""

from __future__ import annotations

import threading
import time

import pypdf
import pytest
import yaml


def _wait_for(lines, pattern, start, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        for line in lines[start:]:
            if pattern in line:
                return lines.index(line, start)
        time.sleep(0.02)
    raise AssertionError(f"no {pattern!r} in {lines}")


@pytest.mark.parametrize("polling", [False, True])
def test_watch_rebuilds_on_edit(issue_copy, tmp_path, polling):
    from layout.publish.watch import watch

    out = tmp_path / "out"
    lines: list[str] = []
    done = threading.Event()
    worker = threading.Thread(target=watch, args=(issue_copy, out), daemon=True,
                              kwargs=dict(echo=lines.append, stop=done.is_set, polling=polling))
    worker.start()
    try:
        at = _wait_for(lines, "watching", 0, timeout=60)
        assert lines[0].startswith("built 1 page(s)")
        art = issue_copy / "articles" / "law-enforcement-contest.yaml"
        data = yaml.safe_load(art.read_text(encoding="utf-8"))
        data["body"][-1] = data["body"][-1].rstrip("。") + "，监看测试句。"
        art.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        at = _wait_for(lines, "rebuilt", at + 1)
        assert "rebuilt A01 in " in lines[at] and "articles/law-enforcement-contest.yaml" in lines[at]
        seconds = float(lines[at].split(" in ")[1].split(" s ")[0])
        assert 0 < seconds < 30
        text = pypdf.PdfReader(out / "A01.pdf").pages[0].extract_text().replace("\n", "")
        assert "监看测试句" in text
        # unchanged content written again: nothing is drawn
        art.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "\n", encoding="utf-8")
        at = _wait_for(lines, "rebuilt", at + 1)
        assert "rebuilt no page" in lines[at]
        # bad input: the error, and the watcher goes on
        art.write_text("headline: [unclosed\n", encoding="utf-8")
        at = _wait_for(lines, "broadsheet: error", at + 1)
        assert "law-enforcement-contest.yaml" in lines[at]
        assert "监看测试句" in pypdf.PdfReader(out / "A01.pdf").pages[0].extract_text().replace("\n", "")
    finally:
        done.set()
        worker.join(timeout=10)
    assert not worker.is_alive()


def test_watch_takes_assets_roots_as_build_does(issue_copy, tmp_path_factory):
    """An issue whose photos lie on shared storage builds under watch with
    the asset root named (as with build --assets-root), and without it the
    watcher reports the refused folder and goes on waiting."""
    from layout.publish.watch import watch

    shared = tmp_path_factory.mktemp("shared")
    (shared / "photos").mkdir()
    (shared / "photos" / "photo-news.jpg").write_bytes((issue_copy.parent.parent / "assets" / "photo-news.jpg")
                                                        .read_bytes())
    issue_yaml = issue_copy / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text(encoding="utf-8").replace(
        "assets: [../../assets]", f"assets: [{shared / 'photos'}]"), encoding="utf-8")
    for roots, want in (([shared], "built 1 page(s)"), (None, "expected a folder inside an asset root")):
        out = tmp_path_factory.mktemp("out") / "o"
        lines: list[str] = []
        done = threading.Event()
        worker = threading.Thread(target=watch, args=(issue_copy, out), daemon=True,
                                  kwargs=dict(echo=lines.append, stop=done.is_set, polling=True, assets_roots=roots))
        worker.start()
        try:
            _wait_for(lines, "watching", 0, timeout=60)
            assert want in lines[0], lines
            assert (out / "A01.pdf").exists() == (roots is not None)
        finally:
            done.set()
            worker.join(timeout=10)
        assert not worker.is_alive()


def test_a_bad_save_is_reported_once_and_a_broken_issue_is_watched(issue_copy, tmp_path):
    """Was: each bad save was reported twice (the manifests that no longer
    loaded named fewer files, which counted as a change), and a watcher
    started on a broken issue said it watched 0 files."""
    from layout.publish.watch import watch

    art = issue_copy / "articles" / "law-enforcement-contest.yaml"
    good = art.read_text(encoding="utf-8")
    art.write_text(good.replace("headline:", "headline: [unclosed\nx:", 1), encoding="utf-8")
    lines: list[str] = []
    done = threading.Event()
    worker = threading.Thread(target=watch, args=(issue_copy, tmp_path / "out"), daemon=True,
                              kwargs=dict(echo=lines.append, stop=done.is_set, polling=True))
    worker.start()
    try:
        at = _wait_for(lines, "watching", 0, timeout=60)
        assert "law-enforcement-contest.yaml" in lines[0] and lines[0].startswith("broadsheet: error")
        count = int(lines[at].split("(")[1].split(" files")[0])
        assert count >= 9  # the issue's manifests at least
        art.write_text(good, encoding="utf-8")  # mended: built
        at = _wait_for(lines, "rebuilt A01", at + 1)
        art.write_text(good.replace("headline:", "headline: [unclosed\nx:", 1), encoding="utf-8")
        at = _wait_for(lines, "broadsheet: error", at + 1)
        time.sleep(1.0)  # many polls: no second report of the same save
        assert sum("broadsheet: error" in line for line in lines[at:]) == 1, lines[at:]
        assert not any(line.startswith("rebuilt") for line in lines[at:]), lines[at:]
    finally:
        done.set()
        worker.join(timeout=10)
    assert not worker.is_alive()
