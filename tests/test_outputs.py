"""All-or-nothing outputs: a build's files appear together or not at all.

The kill test builds a three-page issue, then starts builds of changed
content and kills each (SIGKILL) at a random moment of its run, 20 times;
after every kill the output folder must hold one whole build (the previous
or the new), every file's sha256 matching build.json, and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from layout.publish.outputs import commit, prepare

KILLS = 20


def consistent(out: Path) -> str:
    """Check ``out`` holds exactly one whole build; returns its content hash."""
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    names = set(report["outputs"])
    assert {p.name for p in out.iterdir()} == names | {"build.json"}, sorted(p.name for p in out.iterdir())
    for name, meta in report["outputs"].items():
        data = (out / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"] and len(data) == meta["bytes"], name
    return report["inputs"]["articles/park-economy.yaml"]


def three_pages(issue: Path) -> None:
    """The sample issue with pages A02 and A03: the sample page's ear and
    advertisement copied under other ids onto inner pages (light pages, so
    the test stays quick; what matters is that a build writes several files)."""
    arts = issue / "articles"
    names = ["pages/A01.yaml"]
    for n in (2, 3):
        items = []
        for stem, place in (("ear-subscription", "{column: 1, span: 2, row: 3, height: 14}"),
                            ("civility-ad", "{column: 1, span: 8, row: 90, height: 26}")):
            text = (arts / f"{stem}.yaml").read_text(encoding="utf-8").replace(f"id: {stem}", f"id: {stem}-p{n}")
            (arts / f"{stem}-p{n}.yaml").write_text(text, encoding="utf-8")
            items.append(f"  - file: ../articles/{stem}-p{n}.yaml\n    place: {place}\n")
        (issue / "pages" / f"A0{n}.yaml").write_text(f"page: A0{n}\nsection: 要闻\narticles:\n" + "".join(items),
                                                    encoding="utf-8")
        names.append(f"pages/A0{n}.yaml")
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    (issue / "issue.yaml").write_text(text.replace("pages: [pages/A01.yaml]", f"pages: [{', '.join(names)}]"),
                                      encoding="utf-8")


def set_headline(issue: Path, n: int) -> None:
    path = issue / "articles" / "park-economy.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"headline: 务实深化改革 第{n}稿\n" if ln.startswith("headline:") else ln for ln in lines]
    path.write_text("".join(lines), encoding="utf-8")


def build_cmd(issue: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "layout", "build", str(issue), "-o", str(out)]


def test_kill_at_random_moments_leaves_a_whole_build(issue_copy, tmp_path):
    three_pages(issue_copy)
    out = tmp_path / "out"
    hashes, times = set(), []
    for n in (-1, 0):  # two builds: the second's time is what a changed build takes
        set_headline(issue_copy, n)
        t0 = time.monotonic()
        subprocess.run(build_cmd(issue_copy, out), check=True, capture_output=True)
        times.append(time.monotonic() - t0)
        hashes.add(consistent(out))
    full = times[-1]  # a changed build, caches warm: what each killed build takes
    rng = random.Random(7)
    seen = {"old": 0, "new": 0}
    for k in range(1, KILLS + 1):
        set_headline(issue_copy, k)
        proc = subprocess.Popen(build_cmd(issue_copy, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 1.2) * full)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        h = consistent(out)
        seen["new" if h not in hashes else "old"] += 1
        hashes.add(h)
        assert out.is_symlink()
    # the next run leaves no remains of the killed ones
    set_headline(issue_copy, 99)
    subprocess.run(build_cmd(issue_copy, out), check=True, capture_output=True)
    consistent(out)
    store = tmp_path / ".out.builds"
    assert [p.name for p in store.iterdir()] == [Path(os.readlink(out)).name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.builds", ".out.lock", "assets", "issues", "out"]
    print(f"kill test: {KILLS} kills over a {full:.1f} s build: {seen['old']} left the previous build, "
          f"{seen['new']} the new one, every one whole")
    # kills fall from 0.4 to 1.2 times a build: both sides of the switch were hit
    assert seen["old"] and seen["new"], seen


def test_two_builds_into_one_folder_never_mix(issue_copy, tmp_path):
    import shutil

    other = tmp_path / "other" / "issues" / "2020-12-21"
    shutil.copytree(issue_copy, other)
    shutil.copytree(tmp_path / "assets", tmp_path / "other" / "assets")
    set_headline(issue_copy, 1)
    set_headline(other, 2)
    out = tmp_path / "out"
    procs = [subprocess.Popen(build_cmd(i, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for i in (issue_copy, other, issue_copy)]
    for p in procs:
        assert p.wait() == 0, p.stderr.read()
    consistent(out)
    assert len(list((tmp_path / ".out.builds").iterdir())) == 1


def test_commit_api_takes_any_relative_files(tmp_path):
    """The files map may hold subfolders (an e-paper folder later)."""
    target = tmp_path / "o"
    out = prepare(target)
    commit({"A01.pdf": b"%PDF-1", "epaper/index.html": b"<html>", "build.json": b"{}"}, out)
    assert (target / "epaper" / "index.html").read_bytes() == b"<html>"
    out = prepare(target)
    commit({"A01.pdf": b"%PDF-2", "build.json": b"{}"}, out)
    assert sorted(p.name for p in target.iterdir()) == ["A01.pdf", "build.json"]
    with pytest.raises(ValueError):
        out = prepare(target)
        commit({"../escape": b"x"}, out)
    assert not (tmp_path / "escape").exists()
    assert (target / "A01.pdf").read_bytes() == b"%PDF-2"


def test_an_old_style_output_folder_is_replaced_whole(issue_copy, tmp_path):
    """A folder written by the old layout (files in place, build.json) with
    its issue PDF name taken by a folder: replaced by the new build whole."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "build.json").write_text("{}")
    (out / "A01.pdf").write_bytes(b"old")
    (out / "2020-12-21.pdf").mkdir()
    res = subprocess.run(build_cmd(issue_copy, out), capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert out.is_symlink()
    consistent(out)


def test_a_failed_write_leaves_the_previous_build(issue_copy, tmp_path, monkeypatch):
    """The disk filling up while the new files are written: the previous
    build stays whole, nothing of the new one stays."""
    import errno

    from layout.model.errors import EnvError
    from layout.publish.build import build

    out = tmp_path / "out"
    build(issue_copy, out)
    before = consistent(out)
    set_headline(issue_copy, 5)
    real = os.fsync
    calls = []

    def full(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(EnvError, match="the disk is full"):
        build(issue_copy, out)
    assert consistent(out) == before
    assert [p.name for p in (tmp_path / ".out.builds").iterdir()] == [Path(os.readlink(out)).name]


@pytest.mark.parametrize("step", ["write", "rename", "symlink", "replace", "exchange", "rmtree"])
def test_kill_inside_the_commit_leaves_a_whole_build(tmp_path, step):
    """Killed (SIGKILL) at each system call of the switch: the folder holds
    the previous build or the new one, whole; the next commit cleans up."""
    import layout.publish.outputs as outputs

    target = tmp_path / "o"
    if step == "exchange":  # a real directory of the old layout, swapped for the link
        target.mkdir()
        (target / "build.json").write_text(json.dumps({"outputs": {}}))
    else:
        old = {"A01.pdf": b"old", "build.json": json.dumps(
            {"outputs": {"A01.pdf": {"bytes": 3, "sha256": hashlib.sha256(b"old").hexdigest()}}}).encode()}
        commit(old, prepare(target))
    new = {"A01.pdf": b"new!", "build.json": json.dumps(
        {"outputs": {"A01.pdf": {"bytes": 4, "sha256": hashlib.sha256(b"new!").hexdigest()}}}).encode()}
    pid = os.fork()
    if pid == 0:  # the child dies at the step
        def die(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        try:
            if step == "write":
                outputs.os.fsync = die
            elif step == "rename":
                outputs.os.rename = die
            elif step == "symlink":
                outputs.os.symlink = die
            elif step == "replace":
                outputs.os.replace = die
            elif step == "exchange":
                outputs._exchange = die
            else:
                outputs.shutil.rmtree = die
            commit(new, prepare(target))
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL  # it died at the step
    names = sorted(p.name for p in target.iterdir())
    report = json.loads((target / "build.json").read_text())
    for name, meta in report["outputs"].items():
        assert hashlib.sha256((target / name).read_bytes()).hexdigest() == meta["sha256"]
    assert names == sorted(["build.json", *report["outputs"]])
    commit({"A01.pdf": b"3", "build.json": b"{}"}, prepare(target))
    store = tmp_path / ".o.builds"
    assert [p.name for p in store.iterdir()] == [Path(os.readlink(target)).name]
    assert not [p for p in tmp_path.iterdir() if ".link-" in p.name]
