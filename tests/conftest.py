"""Shared fixtures: the sample issue built once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2020-12-21"
sys.path.insert(0, str(Path(__file__).resolve().parent))

# the tests keep a cache folder of their own (layout.cache): a user's caches
# are neither read nor filled, and every session starts from empty caches
_CACHE = tempfile.mkdtemp(prefix="broadsheet-test-cache-")
os.environ["BROADSHEET_CACHE"] = _CACHE
os.environ.pop("BROADSHEET_NO_CACHE", None)
atexit.register(shutil.rmtree, _CACHE, True)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Build the sample issue into a temporary folder; returns the BuildResult."""
    from layout.publish.build import build

    out = tmp_path_factory.mktemp("out")
    return build(SAMPLE, out)


@pytest.fixture(scope="session")
def a01(built):
    return built.out_dir / "A01.pdf"


@pytest.fixture
def issue_copy(tmp_path):
    """A writable copy of the sample issue with its asset folder beside it."""
    dst = tmp_path / "issues" / "2020-12-21"
    shutil.copytree(SAMPLE, dst)
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return dst


@pytest.fixture(scope="session")
def epaper_site(tmp_path_factory):
    """Two issues built with the e-paper into one site root: the sample (one
    page, through the command line with --site) and a three-page copy of it
    dated 2020-12-22 (tests/multipage.py). Returns a namespace with
    ``site`` (the root), ``issues`` {date: issue folder}, ``outs`` {date: output folder}."""
    import subprocess
    import types

    from layout.publish.build import build
    from layout.publish.site import add_to_site
    from multipage import make_multipage_issue

    tmp = tmp_path_factory.mktemp("epaper")
    site = tmp / "site"
    multi = make_multipage_issue(tmp, "2020-12-22")
    proc = subprocess.run([sys.executable, "-m", "layout", "build", str(SAMPLE), "-o", str(tmp / "out-sample"),
                           "--epaper", "--site", str(site)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    build(multi, tmp / "out-multi", epaper=True)
    add_to_site(site, tmp / "out-multi" / "epaper")
    return types.SimpleNamespace(site=site, issues={"2020-12-21": SAMPLE, "2020-12-22": multi},
                                 outs={"2020-12-21": tmp / "out-sample", "2020-12-22": tmp / "out-multi"},
                                 cli=proc)
