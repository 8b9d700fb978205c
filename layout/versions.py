"""Installed distributions' versions, read without importlib.metadata.

``importlib.metadata`` costs 15-40 ms to import and scans every path entry
for each name asked; a build names eight libraries in build.json. Here the
``.dist-info`` and ``.egg-info`` folders of ``sys.path`` are listed once a
process and the version read from the matching one's metadata file, the
first match on the path winning, as importlib.metadata does
(tests/test_versions.py holds the two to each other).
"""

from __future__ import annotations

import os
import re
import sys

_INFO: dict[str, str] | None = None


def _normalize(name: str) -> str:
    """A distribution name as importlib.metadata compares it (PEP 503,
    with underscores)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _scan() -> dict[str, str]:
    """Normalized name -> metadata folder, first on sys.path wins."""
    found: dict[str, str] = {}
    for base in sys.path:
        base = base or "."
        try:
            entries = sorted(os.listdir(base))
        except OSError:
            continue
        for entry in entries:
            if not entry.endswith((".dist-info", ".egg-info")):
                continue
            name = entry.rsplit(".", 1)[0].split("-", 1)[0]
            found.setdefault(_normalize(name), os.path.join(base, entry))
    return found


def dist_version(name: str) -> str | None:
    """The installed version of distribution ``name`` (its metadata's
    ``Version:`` field), or None when it is not installed."""
    global _INFO
    if _INFO is None:
        _INFO = _scan()
    folder = _INFO.get(_normalize(name))
    if folder is None:
        return None
    for meta in ("METADATA", "PKG-INFO"):
        path = os.path.join(folder, meta) if os.path.isdir(folder) else folder
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break
        except OSError:
            continue
    return None


def dist_record_sha256(name: str) -> str | None:
    """sha256 of distribution ``name``'s RECORD file (the list of every
    file it installed with each file's own sha256, bundled C libraries
    included), or None when it is not installed or has no RECORD (a
    system package): a digest that changes whenever any installed file of
    the distribution does."""
    import hashlib

    global _INFO
    if _INFO is None:
        _INFO = _scan()
    folder = _INFO.get(_normalize(name))
    if folder is None or not os.path.isdir(folder):
        return None
    try:
        with open(os.path.join(folder, "RECORD"), "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


_SOURCE: list[str] = []
_CODE: list[str] = []
#: The engine's own files (below the ``layout`` package) its output depends on.
SOURCE_SUFFIXES = (".py", ".j2", ".css", ".js")


def source_digest() -> str:
    """sha256 over the engine's source files: path and bytes of every .py,
    .j2, .css and .js file below the ``layout`` package, in path order
    (build.json's ``broadsheet_source``). Hex string; computed once a
    process."""
    if not _SOURCE:
        import hashlib
        from pathlib import Path

        root = Path(__file__).resolve().parent
        h = hashlib.sha256()
        for path in sorted(p for p in root.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file()
                           and "__pycache__" not in p.parts):
            data = path.read_bytes()
            h.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
            h.update(data)
        _SOURCE.append(h.hexdigest())
    return _SOURCE[0]


def code_fingerprint() -> str:
    """What every cached result derived by the engine is keyed by besides its
    inputs: :func:`source_digest` and the versions of the libraries whose
    data the engine computes with (uniseg, rjieba, fontTools, Pillow,
    lunar_python) and the pickle protocol. Any edit of the engine's code
    changes it, so no cache serves what older code computed; nothing is
    versioned by hand. Hex string; computed once a process."""
    if not _CODE:
        import hashlib
        import pickle

        h = hashlib.sha256(source_digest().encode())
        for dist in ("uniseg", "rjieba", "fonttools", "pillow", "lunar_python"):
            h.update(f"\0{dist}={dist_version(dist)}".encode())
        h.update(f"\0pickle={pickle.HIGHEST_PROTOCOL}".encode())
        _CODE.append(h.hexdigest())
    return _CODE[0]
