"""Where a manifest may read: path resolution and the asset-folder rule.

A file a manifest names is relative to the manifest's folder (a photo also
to each asset folder) and must lie, after every symlink is followed, inside
the issue folder or one of its asset folders. Nothing is opened before that
is known.

The asset-folder rule (README "Where files are read from"): an asset folder
named in issue.yaml must

- not be a filesystem root, a system folder (:data:`SYSTEM`) or inside one
  of the system's virtual or configuration folders (:data:`NEVER`);
- not be the issue folder's ancestor (it would open the issue folder's
  neighbours and everything above);
- lie inside an asset root: by default the folder that holds the issue's
  ``issues/`` folder (the issue folder's grandparent, so
  ``archive/issues/<date>`` may use ``archive/assets``; the issue folder's
  parent when the grandparent is a root or system folder), or a folder named
  by ``--assets-root`` or in ``BROADSHEET_ASSETS_ROOTS`` (folders separated
  by ``:``) for an archive on shared storage.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError

#: Folders of the system that are never asset folders themselves.
SYSTEM = frozenset(Path(p) for p in ("/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64",
                                     "/libx32", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin",
                                     "/srv", "/sys", "/tmp", "/usr", "/var", "/usr/local", "/usr/share",
                                     "/usr/lib", "/usr/bin", "/var/lib", "/var/tmp", "/private", "/System",
                                     "/Users", "/Volumes", "/Library"))
#: Folders nothing is read from, nor from inside them: the system's
#: configuration and its virtual file systems.
NEVER = tuple(Path(p) for p in ("/etc", "/proc", "/sys", "/dev", "/boot", "/run"))


def inside(path: Path, roots: list[Path]) -> bool:
    """True when ``path`` (symlinks followed) is one of ``roots`` or below one."""
    rp = path.resolve()
    return any(rp == r or r in rp.parents for r in roots)


def forbidden(path: Path) -> str:
    """Why nothing may be read from the resolved ``path`` (a folder or a
    file), or "" when it may: inside the system's configuration or virtual
    folders."""
    for n in NEVER:
        if path == n or n in path.parents:
            return f"inside {n}, a system folder"
    return ""


def asset_roots(issue_folder: Path, extra: list[str | os.PathLike] | None = None) -> list[Path]:
    """The folders asset folders may lie in: the issue folder's grandparent
    (its parent when that is a filesystem root or system folder), the ``extra``
    folders (``--assets-root``) and those in ``BROADSHEET_ASSETS_ROOTS``."""
    out = []
    parent = issue_folder.resolve().parent
    for default in (parent.parent, parent):
        if default.parent != default and default not in SYSTEM and not forbidden(default):
            out.append(default)
            break
    names = list(extra or []) + [p for p in os.environ.get("BROADSHEET_ASSETS_ROOTS", "").split(os.pathsep) if p]
    for name in names:
        try:
            p = Path(name).resolve()
        except (OSError, RuntimeError):
            continue
        if p.parent != p and p not in SYSTEM and not forbidden(p) and p not in out:
            out.append(p)
    return out


def check_asset_folder(p: Path, issue_folder: Path, roots: list[Path]) -> str:
    """Why the resolved folder ``p`` may not be an asset folder, or "".
    See the module's rule."""
    issue = issue_folder.resolve()
    if p.parent == p:
        return "a folder that is not a filesystem root"
    if p in SYSTEM or forbidden(p):
        return "a folder that is not a system folder"
    if p in issue.parents:
        return "a folder that does not hold the issue folder"
    if p == issue or issue in p.parents:
        return ""
    if not any(p == r or r in p.parents for r in roots):
        shown = ", ".join(str(r) for r in roots) if roots else "none"
        return (f"a folder inside an asset root (the folder holding the issues folder, or one named by "
                f"--assets-root or BROADSHEET_ASSETS_ROOTS; now: {shown})")
    return ""


def resolve(base: Path, name: str, roots: list[Path], file: Path, field: str) -> Path:
    """A file named in a manifest: relative to the manifest's folder, or to an
    asset folder; never outside the issue folder or the asset folders (a
    symlink pointing out is refused too). ``roots[0]`` is the issue folder.

    Raises:
        InputError: absolute, outside, missing, not a file, a symlink loop,
            or a name the system refuses.
    """
    if not name or Path(name).is_absolute():
        raise InputError(file, field, "a relative path inside the issue folder or its asset folders", name)
    candidates = [Path(os.path.normpath(folder / name)) for folder in [base] + roots[1:]]
    try:
        for cand in candidates:
            if cand.exists() or cand.is_symlink():
                if not inside(cand, roots):
                    break
                if not cand.is_file():
                    raise InputError(file, field, "a file", name)
                return cand
        else:
            if all(inside(c, roots) for c in candidates[:1]):
                raise InputError(file, field, "an existing file", name)
    except OSError as exc:  # a name the system refuses: a part over 255 bytes, ...
        raise InputError(file, field, f"a file name the system can open ({exc.strerror or exc})", name)
    except RuntimeError:  # Path.resolve() on a symlink loop
        raise InputError(file, field, "a file, not a symlink loop", name)
    raise InputError(file, field, "a path inside the issue folder or its asset folders", name)
