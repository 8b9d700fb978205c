"""The cache folder: converted faces, font metrics and print-ready photos.

``$BROADSHEET_CACHE`` or ``$XDG_CACHE_HOME/broadsheet`` (default
``~/.cache/broadsheet``). The cache is an optimisation only: every entry is
keyed by the sha256 of what it was made from, checked when read, and an
entry (or a whole cache) that cannot be read or written is made again or
done without; outputs are the same bytes with or without it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_root() -> Path:
    """The cache's top folder (it may not exist, or not be usable)."""
    base = os.environ.get("BROADSHEET_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "broadsheet")
    return Path(base)


def cache_folder(name: str) -> Path | None:
    """The cache's sub-folder ``name``, made if missing; None when it cannot
    be made or written (a cache path that is a file, a read-only disk)."""
    folder = cache_root() / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)):
            return None
    except (OSError, ValueError):
        return None
    return folder


def write_entry(path: Path, data: bytes) -> bool:
    """Write a cache entry atomically (temporary file, then rename); False
    when it could not be written (the cache is then done without)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
