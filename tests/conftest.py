"""Shared fixtures: the sample issue built once per test session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2020-12-21"
sys.path.insert(0, str(Path(__file__).resolve().parent))


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
