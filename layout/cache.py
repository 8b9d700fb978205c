"""The on-disk caches: where they live, how they are switched off, and the
file fingerprints they are keyed by.

Every cache holds what can be computed again from the inputs, keyed by the
sha256 of what it was computed from (a font file, a story's content and
place), so a cache never changes an output: the same inputs give the same
bytes with warm caches, with empty caches and with caches switched off
(tests/test_cache_identity.py).

- Folder: ``$BROADSHEET_CACHE``, else ``$XDG_CACHE_HOME/broadsheet``, else
  ``~/.cache/broadsheet``; one subfolder a kind (``fonts/`` converted faces,
  ``metrics/`` the composer's face data, ``rlfaces/`` the PDF writer's face
  data, ``layout/`` composed blocks, ``data/`` derived tables).
- ``BROADSHEET_NO_CACHE=1`` switches every cache of this module off: nothing
  is read or written, everything is computed (the conversion of a CFF face
  to TrueType, which takes minutes, still uses ``fonts/``).
- A cache folder that cannot be written is no error: the build goes on
  without it.

Imports nothing of the project: every stage may use it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

#: Bumped when the layout of a cache file changes, so old files are ignored.
FORMAT = 1


def root() -> Path:
    """The cache folder (see the module's docstring)."""
    base = os.environ.get("BROADSHEET_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "broadsheet")
    return Path(base)


def enabled() -> bool:
    """False when ``BROADSHEET_NO_CACHE`` is set (to anything but ``0`` or empty)."""
    return os.environ.get("BROADSHEET_NO_CACHE", "").strip() in ("", "0")


def folder(kind: str, always: bool = False) -> Path | None:
    """The cache folder ``kind/``, made if missing, for users that keep
    files there by path; None when the caches are off (unless ``always``:
    converted faces take minutes to make again) or it cannot be made or
    written (a cache path that is a file, a read-only disk)."""
    if not always and not enabled():
        return None
    out = root() / kind
    try:
        out.mkdir(parents=True, exist_ok=True)
        if not (out.is_dir() and os.access(out, os.W_OK | os.X_OK)):
            return None
    except (OSError, ValueError):
        return None
    return out


def read(kind: str, name: str) -> bytes | None:
    """The cache file ``kind/name``, or None when absent, unreadable or the
    caches are off."""
    if not enabled():
        return None
    try:
        return (root() / kind / name).read_bytes()
    except OSError:
        return None


def write(kind: str, name: str, data: bytes) -> None:
    """Store ``data`` as ``kind/name`` (:func:`write_atomic`: a reader never
    sees half a file); silently nothing when the caches are off or the folder
    cannot be written."""
    if not enabled():
        return
    try:
        write_atomic(root() / kind / name, data, shared=False)
    except OSError:
        pass


def umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: bytes, shared: bool = True) -> Path:
    """Write ``data`` to a temporary file beside ``path`` and rename it over
    ``path`` when complete (a reader never sees half a file): the one atomic
    writer (outputs, manifests, reports, cache entries). With ``shared``,
    permissions as the umask gives (mkstemp's 0600 widened: manifests are
    for the newsroom to edit); a cache entry stays the owner's (0600).

    Raises:
        OSError: the folder is not writable.
    """
    import tempfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if shared:
            os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def sha256_bytes_of_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes, read in full."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


#: (real path, size, mtime_ns, ctime_ns, inode) -> sha256, for this process.
_SHA_MEMO: dict[tuple, str] = {}
#: Files smaller than this are hashed every time (cheaper than a cache file).
SHA_CACHE_MIN = 1 << 20


def file_sha256(path: str | os.PathLike) -> str:
    """Hex sha256 of a file, remembered by the file's identity and state
    (real path, size, modification and change times in nanoseconds, inode):
    a 31 MB font is hashed once, not once a process (0.1 s for the four
    bundled faces). Any write to the file changes its change time, so a
    changed file is hashed again; with the caches off it is always hashed.

    Raises:
        OSError: the file cannot be read.
    """
    if not enabled():
        return sha256_bytes_of_file(path)
    real = os.path.realpath(path)
    st = os.stat(real)
    key = (real, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    sha = _SHA_MEMO.get(key)
    if sha is not None:
        return sha
    small = st.st_size < SHA_CACHE_MIN
    name = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".json"
    if not small:
        raw = read("sha256", name)
        if raw:
            try:
                entry = json.loads(raw)
                if entry.get("key") == list(key[1:]):
                    sha = entry["sha256"]
            except (ValueError, AttributeError, KeyError):
                sha = None
    if sha is None:
        sha = sha256_bytes_of_file(real)
        if not small:
            write("sha256", name, json.dumps({"path": real, "key": list(key[1:]), "sha256": sha}).encode())
    _SHA_MEMO[key] = sha
    return sha


def native_tag() -> str:
    """A tag of this machine's binary layout (byte order, pointer size), for
    cache files that hold raw arrays."""
    return f"{sys.byteorder[0]}{8 * __import__('struct').calcsize('P')}"


def json_memo(kind: str, key, decode=lambda v: v):
    """A decorator: remember a function's JSON-able result on disk, in
    ``kind/`` under ``key(*args)`` (a string naming everything the result
    depends on; sha256 hashed into the file name). Exceptions are never
    remembered: a failing call fails again. With the caches off the
    function is called every time; ``decode`` turns the stored JSON back
    into the function's type (a list into a tuple ...)."""
    import functools

    def wrap(fn):
        @functools.wraps(fn)
        def call(*args, **kwargs):
            if not enabled():
                return fn(*args, **kwargs)
            try:
                name = hashlib.sha256(key(*args, **kwargs).encode("utf-8", "surrogateescape")).hexdigest()
            except OSError:
                return fn(*args, **kwargs)
            raw = read(kind, name)
            if raw is not None:
                try:
                    return decode(json.loads(raw)["value"])
                except (ValueError, KeyError, TypeError):
                    pass
            value = fn(*args, **kwargs)
            write(kind, name, json.dumps({"value": value}, ensure_ascii=False).encode())
            return value

        call.uncached = fn
        return call

    return wrap


def file_memo(fn):
    """A decorator for a function of one file (its first argument): the
    result is remembered in this process while the file's size, times and
    inode stay the same, and each call gets its own copy (unpickled), so a
    caller may change what it gets. Exceptions are not remembered. For
    ``broadsheet watch``: a rebuild parses only the manifests that changed."""
    import functools
    import pickle
    from collections import OrderedDict

    memo: OrderedDict = OrderedDict()

    @functools.wraps(fn)
    def call(path, *args, **kwargs):
        if not enabled():
            return fn(path, *args, **kwargs)
        try:
            st = os.stat(path)
            key = (os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, args,
                   tuple(sorted(kwargs.items())))
            hash(key)
        except (OSError, TypeError):
            return fn(path, *args, **kwargs)
        raw = memo.get(key)
        if raw is not None:
            memo.move_to_end(key)
            return pickle.loads(raw)
        value = fn(path, *args, **kwargs)
        try:
            memo[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return value
        while len(memo) > 512:
            memo.popitem(last=False)
        return value

    return call


def prune(kind: str, limit: int) -> None:
    """Remove the least recently used files of cache folder ``kind`` (by
    modification time: readers touch what they use) until it holds at most
    3/4 of ``limit`` bytes, when it holds more than ``limit``."""
    folder = root() / kind
    try:
        entries = []
        for e in os.scandir(folder):
            if e.is_file():
                st = e.stat()
                entries.append((st.st_mtime_ns, st.st_size, e.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    for _, size, path in sorted(entries):
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        if total <= limit * 3 // 4:
            break


class Tier:
    """Cached bytes of one ``kind`` in two tiers: the most recently used in
    this process's memory (at most ``max_entries`` entries and
    ``max_bytes`` bytes, least recently used dropped first), and the cache
    folder's ``kind/`` on disk (touched when read, pruned to ``disk_limit``
    bytes once a process: :func:`prune`). Nothing is read or written with
    the caches off (:func:`enabled`)."""

    def __init__(self, kind: str, disk_limit: int, max_entries: int | None = None, max_bytes: int | None = None):
        from collections import OrderedDict

        self.kind, self.disk_limit = kind, disk_limit
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.memory: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._pruned = False

    def get(self, key: str, valid=lambda raw: True) -> bytes | None:
        """The bytes under ``key``, or None; a disk entry ``valid`` refuses
        (a damaged or old file) counts as absent."""
        raw = self.memory.get(key)
        if raw is not None:
            self.memory.move_to_end(key)
            return raw
        raw = read(self.kind, key)
        if raw is None or not valid(raw):
            return None
        self._remember(key, raw)
        try:
            os.utime(root() / self.kind / key)  # used now: pruned last
        except OSError:
            pass
        return raw

    def put(self, key: str, raw: bytes) -> None:
        """Keep ``raw`` under ``key`` in memory and on disk."""
        self._remember(key, raw)
        write(self.kind, key, raw)
        if not self._pruned:
            self._pruned = True
            prune(self.kind, self.disk_limit)

    def clear(self) -> None:
        """Forget everything kept in memory (the disk entries stay)."""
        self.memory.clear()
        self._bytes = 0

    def forget(self, key: str) -> None:
        """Drop ``key`` from memory (bytes that turned out unusable)."""
        old = self.memory.pop(key, None)
        self._bytes -= len(old) if old is not None else 0

    def _remember(self, key: str, raw: bytes) -> None:
        self.forget(key)
        self.memory[key] = raw
        self._bytes += len(raw)
        while len(self.memory) > 1 and ((self.max_entries and len(self.memory) > self.max_entries)
                                        or (self.max_bytes and self._bytes > self.max_bytes)):
            _, dropped = self.memory.popitem(last=False)
            self._bytes -= len(dropped)
