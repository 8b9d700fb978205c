"""All-or-nothing outputs: a build's files appear together or not at all.

A build's files are a mapping of relative paths (``A01.pdf``,
``build.json``, ``epaper/index.html`` ...) to bytes. :func:`commit` writes
them into a new folder beside the output folder and then switches the
output folder to it in one atomic step:

- ``output/<date>`` is a symbolic link to ``output/.<date>.builds/<id>/``;
  a new build is written (and fsynced) into ``.<date>.builds/new-...``,
  renamed to its id, and a new link is renamed over the old one
  (``rename(2)`` of a link over a link is atomic). Readers see the whole
  old build or the whole new one, never a mix; after ``kill -9`` at any
  moment the output folder is one or the other, and build.json's sha256 of
  every file matches.
- The first build into a folder that is a real directory (empty, or a
  previous build of the old layout holding build.json) swaps it for the
  link with ``renameat2(RENAME_EXCHANGE)`` where the system has it (Linux);
  elsewhere the directory is moved aside and the link put in its place (a
  moment in which the folder does not exist). A directory holding other
  files is refused: it is not ours to replace.
- Two builds into one output folder never mix: the switch happens under an
  exclusive lock (``.<date>.lock``, ``flock``), and each build writes its
  own new folder.
- Old builds and the remains of killed ones (``new-*`` folders whose build
  holds no lock) are removed by the next build; none is ever inside the
  output folder itself.

:func:`prepare` is called before layout starts, so an output folder that
cannot be written stops the run at once (EnvError, exit 3).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..cache import umask
from ..model.errors import EnvError


@dataclass
class Output:
    """A prepared output folder: ``target`` (the folder the user names),
    ``store`` (the hidden folder of builds beside it) and ``staging`` (this
    build's new folder, locked while it is written)."""

    target: Path
    store: Path
    staging: Path
    _lock_fd: int = -1

    def commit(self, files: Mapping[str, bytes]) -> list[Path]:
        """Write ``files`` and switch the output folder to them; see the module."""
        return commit(files, self)

    def abandon(self) -> None:
        """Remove the staging folder (a build that failed)."""
        _release(self)
        shutil.rmtree(self.staging, ignore_errors=True)


def _store(target: Path) -> Path:
    return target.parent / f".{target.name}.builds"


def _check_rel(name: str) -> None:
    p = Path(name)
    if p.is_absolute() or ".." in p.parts or not p.parts or name.startswith("."):
        raise ValueError(f"an output file name relative to the output folder: {name!r}")


def prepare(target: str | os.PathLike) -> Output:
    """Make sure a build can be written to ``target``, before any layout.

    Raises:
        EnvError: the folder (or a parent) cannot be made or written, is a
            file, or is a directory holding files that are not a build's.
    """
    target = Path(os.path.abspath(target))
    if target.parent == target:
        raise EnvError("cannot use a filesystem root as the output folder", target)
    for above in [target.parent, *target.parent.parents]:
        if os.path.lexists(above):
            if not above.is_dir():
                raise EnvError("cannot make the output folder: a file is in the way", above)
            break
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvError.from_os("cannot make the output folder's parent", target.parent, exc)
    if not target.parent.is_dir():
        raise EnvError("cannot make the output folder: its parent is not a folder", target.parent)
    if target.is_symlink():
        pass
    elif target.exists():
        if not target.is_dir():
            raise EnvError("cannot write the output folder: it is a file", target)
        names = set(os.listdir(target))
        if names and "build.json" not in names:
            raise EnvError("cannot replace the output folder: it holds files that are not a build's "
                           "(name an empty or new folder)", target)
    store = _store(target)
    try:
        store.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="new-", dir=store))
        fd = os.open(staging, os.O_RDONLY)
        _flock(fd, block=True)
        probe = staging / ".probe"
        with open(probe, "wb") as fh:
            fh.write(b"x")
        probe.unlink()
    except OSError as exc:
        raise EnvError.from_os("cannot write the output folder", target, exc)
    return Output(target, store, staging, fd)


def _flock(fd: int, block: bool) -> bool:
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise


def _release(out: Output) -> None:
    if out._lock_fd >= 0:
        os.close(out._lock_fd)
        out._lock_fd = -1


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


@contextlib.contextmanager
def folder_lock(target: Path):
    """An exclusive lock on the output folder's switch (``.<name>.lock`` beside it)."""
    path = target.parent / f".{target.name}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise EnvError.from_os("cannot lock the output folder", path, exc)
    try:
        _flock(fd, block=True)
        yield
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False
    where the system cannot."""
    import ctypes  # only when an old build is a real folder, not a link

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    r = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if r == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def commit(files: Mapping[str, bytes], out: Output) -> list[Path]:
    """Write ``files`` (relative path -> bytes) into ``out.staging``, fsync
    them, and switch ``out.target`` to them atomically; then remove older
    builds. Returns the files' paths under the target.

    Raises:
        EnvError: a write failed (disk full ...): the output folder keeps
            the previous build; nothing of this one stays.
    """
    try:
        for name, data in sorted(files.items()):
            _check_rel(name)
            path = out.staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(path, 0o666 & ~umask())
        os.chmod(out.staging, 0o777 & ~umask())
        _fsync_dir(out.staging)
        with folder_lock(out.target):
            digest = hashlib.sha256(b"".join(hashlib.sha256(files[k]).digest() for k in sorted(files))).hexdigest()
            final = out.store / f"b-{digest[:16]}-{os.getpid()}-{os.urandom(3).hex()}"
            os.rename(out.staging, final)
            _fsync_dir(out.store)
            _switch(out.target, final)
            _fsync_dir(out.target.parent)
            _release(out)
            _clean(out.target, keep=final)
    except OSError as exc:
        out.abandon()
        raise EnvError.from_os("cannot write the build", out.target, exc)
    except BaseException:
        out.abandon()
        raise
    return [out.target / name for name in files]


def _switch(target: Path, final: Path) -> None:
    """Point ``target`` at ``final`` atomically (see the module)."""
    link = target.parent / f".{target.name}.link-{os.getpid()}-{os.urandom(3).hex()}"
    os.symlink(os.path.relpath(final, target.parent), link)
    try:
        if target.is_symlink() or not target.exists():
            os.replace(link, target)
            return
        # a real directory (empty, or a build of the old layout): swap it for the link
        if _exchange(link, target):
            old = link  # the old directory now has the link's name
            aside = _store(target) / f"old-{os.urandom(4).hex()}"
            os.rename(old, aside)
            return
        aside = _store(target) / f"old-{os.urandom(4).hex()}"
        os.rename(target, aside)
        os.replace(link, target)
    finally:
        if os.path.lexists(link) and link.is_symlink():
            os.unlink(link)


def _clean(target: Path, keep: Path) -> None:
    """Remove builds other than ``keep`` from the store, and the remains of
    killed builds (``new-*`` folders no running build holds locked, stray
    links), best effort."""
    store = _store(target)
    current = Path(os.path.realpath(target))
    for entry in sorted(store.iterdir()):
        if entry == keep or entry == current:
            continue
        if entry.name.startswith("new-"):
            try:
                fd = os.open(entry, os.O_RDONLY)
            except OSError:
                continue
            try:
                if not _flock(fd, block=False):
                    continue  # a build running now
                shutil.rmtree(entry, ignore_errors=True)
            finally:
                os.close(fd)
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    prefix = f".{target.name}.link-"
    for entry in target.parent.iterdir():
        if entry.name.startswith(prefix) and entry.is_symlink():
            with contextlib.suppress(OSError):
                entry.unlink()


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file (a galley proof) to a temporary name beside ``path``
    and rename it.

    Raises:
        EnvError: the folder cannot be made or written, or the disk is full.
    """
    from ..cache import write_atomic as write

    path = Path(path)
    if path.is_dir():
        raise EnvError("cannot write the output file: it is a folder", path)
    try:
        write(path, data)  # the one atomic writer; permissions as the umask gives, for the plate room too
    except OSError as exc:
        raise EnvError.from_os("cannot write the output file", path, exc)
