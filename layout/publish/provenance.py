"""What a build's bytes depend on besides its inputs and fonts.

build.json records these so that ``broadsheet regen`` can tell a current
build from a stale one without laying anything out (layout/publish/archive.py),
and ``regen --verify`` can name the cause when a rebuild drifts:

- :func:`versions`: the engine (its version and a digest of its own source
  files, which change between releases without the version changing) and
  every library or codec that reads inputs or writes or transforms output
  bytes: ReportLab (PDF), fontTools (subsets, CFF conversion), PyYAML
  (manifests), Pillow and the libjpeg-turbo, zlib-ng and libwebp it links
  (photos, page images), pikepdf and its libqpdf (PDF/X marks, reader PDFs),
  pypdfium2 and its PDFium (page images), Jinja2 (e-paper HTML), uniseg
  (line-break classes), rjieba (head breaks), lunar_python (the lunar date),
  CPython with its Unicode database and zlib (ReportLab's compression);
- :func:`options`: the build options (proof, e-paper, pages, the fonts.yaml);

and build.json records SOURCE_DATE_EPOCH as in force (build.source_date_epoch).

Everything here is computed once per process: a process's loaded code and
libraries do not change while it runs.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from .. import __version__
from ..versions import dist_version

#: Distributions whose version goes into build.json, by their PyPI names.
LIBRARIES = ("reportlab", "fonttools", "pyyaml", "pillow", "lunar_python", "pikepdf", "pypdfium2", "jinja2",
             "uniseg", "rjieba")

def engine_digest() -> str:
    """sha256 over the engine's source files (layout.versions.source_digest)."""
    from ..versions import source_digest

    return source_digest()


def _codecs() -> dict[str, str]:
    """Versions of the C libraries behind the Python ones (what is not
    available says so)."""
    return _python_codecs() | _library_codecs()


def _python_codecs() -> dict[str, str]:
    """Python's version, its Unicode database's and its zlib's."""
    import platform
    import unicodedata
    import zlib

    return {"python": f"{platform.python_implementation()} {platform.python_version()}",
            "unicodedata": unicodedata.unidata_version, "zlib": zlib.ZLIB_RUNTIME_VERSION}


def _library_codecs() -> dict[str, str]:
    """The versions of the C libraries of Pillow, pikepdf and pypdfium2."""
    out = {}
    try:
        from PIL import features

        for name in ("libjpeg_turbo", "zlib_ng"):
            out[f"pillow.{name}"] = (features.version(name) or "not linked") if name in features.features \
                else "unknown"
        out["pillow.webp"] = features.version_module("webp") or "not linked"
    except ImportError:
        pass
    try:
        import pikepdf

        out["libqpdf"] = pikepdf.__libqpdf_version__
    except ImportError:
        pass
    try:
        from pypdfium2.version import PDFIUM_INFO

        out["pdfium"] = str(PDFIUM_INFO)
    except ImportError:
        pass
    return out


#: The distributions whose C libraries :func:`_codecs` reports.
_CODEC_DISTS = ("pillow", "pikepdf", "pypdfium2")


def _codecs_remembered() -> dict[str, str]:
    """:func:`_codecs`, its :func:`_library_codecs` remembered in the cache
    folder's ``data/`` under the digests of the installed files of Pillow,
    pikepdf and pypdfium2 (their RECORD files, which list the bundled
    libraries' sha256) and Python's version: importing pikepdf and
    pypdfium2 to ask costs 0.04 s a build. Not remembered when one of them
    has no RECORD (a system package may link a system library that changes
    alone)."""
    import json
    import platform
    import sys

    from .. import cache as _cache
    from ..versions import dist_record_sha256

    records = [dist_record_sha256(d) for d in _CODEC_DISTS]
    if not _cache.enabled() or None in records:
        return _codecs()
    first = _python_codecs()
    key = json.dumps([1, sys.version, platform.python_implementation(), records])
    name = "codecs-" + hashlib.sha256(key.encode()).hexdigest()[:40] + ".json"
    raw = _cache.read("data", name)
    if raw is not None:
        try:
            value = json.loads(raw)
            if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                return first | value
        except ValueError:
            pass
    value = _library_codecs()
    _cache.write("data", name, json.dumps(value).encode())
    return first | value


@functools.lru_cache(maxsize=1)
def _all_versions() -> tuple[tuple[str, str], ...]:
    out = {"broadsheet": __version__, "broadsheet_source": engine_digest()}
    for dist in LIBRARIES:
        out[dist] = dist_version(dist) or "not installed"  # layout.versions: no importlib.metadata
    out |= _codecs_remembered()
    return tuple(out.items())


def versions() -> dict[str, str]:
    """The engine's version and source digest, and the version of every
    library and codec the output bytes depend on: name -> version."""
    return dict(_all_versions())


def options(proof: bool, epaper: bool, pages: list[str] | None, fonts_config: str | os.PathLike | None) -> dict:
    """The build options as build.json records them: ``proof``, ``epaper``,
    ``pages`` (the page ids asked for, or None for all) and ``fonts`` (the
    fonts.yaml's file name and sha256; its faces are recorded apart, by
    sha256). ``fonts_config`` None means the bundled fonts.yaml."""
    from ..text.fonts import DEFAULT_CONFIG, sha256_file

    path = Path(fonts_config) if fonts_config else DEFAULT_CONFIG
    try:
        digest = sha256_file(path)
    except OSError:
        digest = None
    return {"proof": bool(proof), "epaper": bool(epaper), "pages": list(pages) if pages else None,
            "fonts": {"file": path.name, "sha256": digest}}

