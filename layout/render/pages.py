"""Page PDFs from the render cache: a page whose display list, faces,
photos and metadata did not change is not drawn again.

:func:`render_pdfs` (:func:`render_pdf` for one job) is
:func:`layout.render.pdf.render_pdf` with a cache in
front of it, keyed by the sha256 of

- the display lists, pickled without memo (so equal lists give equal bytes
  whatever objects they share),
- the faces drawn (their files' sha256), the title, author, subject, date,
  PDF/X flag and ``SOURCE_DATE_EPOCH``,
- every photo's file (its sha256: the pixels are read when drawing),
- the ``layout`` package's source and the versions of ReportLab, Pillow,
  pikepdf and zlib (whose output the bytes are).

Results are kept in memory (:data:`MEMORY_BYTES`, for ``broadsheet
watch``) and in the cache folder (layout.cache, ``pages/``, pruned to
:data:`DISK_LIMIT`). A hit costs a hash of the display list (a few ms a
page) and imports neither ReportLab nor Pillow. With the caches off every
page is drawn.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle

from .. import cache as _cache

#: Bytes of page PDFs kept in memory in one process.
MEMORY_BYTES = 256 * 2 ** 20
#: Bytes the disk cache of page PDFs may hold (least recently used removed).
DISK_LIMIT = 1024 * 2 ** 20

#: Drawn pages: this process's memory, then the cache folder's pages/.
_TIER = _cache.Tier("pages", DISK_LIMIT, max_bytes=MEMORY_BYTES)

_STATS = {"hits": 0, "misses": 0}
#: Ids of the pages drawn (cache misses) since :func:`drawn` was last asked.
_DRAWN: list[str] = []


def stats() -> dict[str, int]:
    """Render-cache hits and misses in this process (for benchmarks and tests)."""
    return dict(_STATS)


def drawn() -> list[str]:
    """The ids of the pages drawn (not taken from the cache) since the last
    call, in order (``broadsheet watch`` reports them)."""
    out = list(dict.fromkeys(_DRAWN))
    _DRAWN.clear()
    return out


def pickle_plain(obj) -> bytes:
    """``obj`` pickled without the memo: equal content, equal bytes, in any
    process (a display list holds dataclasses, lists, tuples, dicts built in
    a fixed order, text, numbers and paths: no set, whose order would follow
    the process's hash seed; tests/test_page_digest.py)."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=4)
    p.fast = True  # no memo (display lists hold no cycles)
    p.dump(obj)
    return buf.getvalue()


def render_key(pages, fonts, meta: dict) -> str:
    """The cache key of ``render_pdf(pages, fonts, **meta)`` (hex sha256)."""
    from ..versions import code_fingerprint
    from ..versions import dist_version
    import zlib

    h = hashlib.sha256()
    h.update(pickle_plain(pages))
    faces = sorted({r.face for p in pages for r in p.runs if r.face} | {fonts.roles["body"]})
    doc = {
        "faces": [[k, _cache.file_sha256(fonts.faces[k].path)] for k in faces],
        "body": fonts.roles["body"],
        "meta": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in sorted(meta.items())},
        "epoch": os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
        "photos": sorted({str(pic.path): _cache.file_sha256(pic.path) for p in pages for pic in p.pictures
                          if pic.path}.items()),
        "code": code_fingerprint(),
        "libs": [dist_version(d) for d in ("reportlab", "pillow", "pikepdf")] + [zlib.ZLIB_RUNTIME_VERSION],
    }
    h.update(json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def page_key(pages, fonts, meta: dict) -> str | None:
    """:func:`render_key`, or None when it cannot be made (a photo that no
    longer reads, a value that does not pickle): such pages are drawn, never
    cached."""
    try:
        return render_key(pages, fonts, meta)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, KeyError):
        return None


def _valid(raw: bytes) -> bool:
    return raw.startswith(b"%PDF-") and raw.rstrip().endswith(b"%%EOF")


def render_pdfs(jobs: list[tuple[list, dict]], fonts, keys: list | None = None) -> list[bytes]:
    """The PDF bytes of each job ``(pages, metadata)`` (see
    :func:`layout.render.pdf.render_pdf` for the metadata): from the render
    cache where the same pages were drawn before, the others drawn on every
    core (layout.parallel.fork_map), and kept.
    ``keys``: each job's :func:`page_key` when the caller has it already (a
    page's key is made once a build). With the caches off every job is drawn."""
    cached = _cache.enabled()
    if keys is None:
        keys = [page_key(pages, fonts, meta) if cached else None for pages, meta in jobs]
    out: list[bytes | None] = [None] * len(jobs)
    for n, key in enumerate(keys):
        if cached and key is not None:
            out[n] = _TIER.get(key, _valid)
            _STATS["hits"] += out[n] is not None
    todo = [n for n in range(len(jobs)) if out[n] is None]
    if todo:
        from .pdf import register_fonts, render_pdf as draw_pdf

        def draw(n: int) -> bytes:
            pages, meta = jobs[n]
            return draw_pdf(pages, fonts, **meta)

        from ..parallel import fork_map

        register_fonts(fonts)  # before a fork: every process inherits ReportLab and the faces
        for n, pdf in zip(todo, fork_map(draw, todo)):  # in this process for a few
            out[n] = pdf
            _STATS["misses"] += 1
            _DRAWN.extend(p.id for p in jobs[n][0])
            if cached and keys[n] is not None:
                _TIER.put(keys[n], pdf)
    return out


def render_pdf(pages, fonts, **meta) -> bytes:
    """The pages as PDF bytes (see :func:`layout.render.pdf.render_pdf` for
    the arguments), from the render cache when the same pages were drawn
    before (:func:`render_pdfs` of one job)."""
    return render_pdfs([(pages, meta)], fonts)[0]
