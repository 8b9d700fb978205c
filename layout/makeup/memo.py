"""The layout cache: a block whose content, place and setting did not change
is not set again.

A block setter (layout.makeup.story.set_story, layout.makeup.blocks ...) is
a pure function of its arguments: the page's context (grid, faces, house
options, page id), the article, its place and the setter's own arguments
(the largest head size, an auto block's limit, an index box's page map).
:func:`cached_block` keys the result by the sha256 of all of them in a
canonical form (every dataclass field, floats exactly, the faces by their
files' sha256), of the source of the ``layout`` package (so changed code
never reads an old result) and of the libraries whose data the setters use
(uniseg's line-break classes, rjieba's word segmentation). The result is
kept pickled:

- in memory for the process (``broadsheet watch`` sets only the blocks an
  edit touched), at most :data:`MEMORY_ENTRIES` results;
- on disk in the cache folder (layout.cache, ``layout/``), so the next
  process reads it instead of composing (pruned to :data:`DISK_LIMIT`
  bytes, least recently used first).

A jumped story's parts are not cached (the rest of the text handed from
one part to the next carries the faces and a style function). Each hit
returns fresh objects (unpickled), so no caller can change a cached
result. The sample's PDFs are byte-identical with the cache warm, empty
and switched off (tests/test_cache_identity.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import pickle
from enum import Enum
from pathlib import PurePath

from .. import cache as _cache
from ..versions import code_fingerprint  # part of every block's key

#: Results kept in memory (pickled) in one process.
MEMORY_ENTRIES = 1024
#: Bytes the disk cache of layouts may hold before the least recently used
#: results are removed.
DISK_LIMIT = 256 * 2 ** 20

_TIER = _cache.Tier("layout", DISK_LIMIT, max_entries=MEMORY_ENTRIES)  # memory, then layout/


class Uncacheable(Exception):
    """An argument with no canonical form: the block is set without the cache."""


def canonical(x, depth: int = 0):
    """A JSON-like value that stands for ``x``: equal for equal content,
    independent of object identity and set order.

    Raises:
        Uncacheable: a value of a type without a canonical form.
    """
    if depth > 40:
        raise Uncacheable("nested too deep")
    if x is None or isinstance(x, (bool, int, str)):
        return x
    if isinstance(x, float):
        return ["f", x.hex()]
    if isinstance(x, Enum):
        return ["enum", type(x).__qualname__, x.name]
    if isinstance(x, (list, tuple)):
        return [type(x).__name__, [canonical(v, depth + 1) for v in x]]
    if isinstance(x, dict):
        return ["dict", sorted(([canonical(k, depth + 1), canonical(v, depth + 1)] for k, v in x.items()),
                               key=repr)]
    if isinstance(x, (set, frozenset)):
        return ["set", sorted((canonical(v, depth + 1) for v in x), key=repr)]
    if isinstance(x, PurePath):
        return ["path", str(x)]
    if isinstance(x, (dt.date, dt.datetime)):
        return ["date", x.isoformat()]
    fonts = getattr(x, "faces", None)
    if fonts is not None and hasattr(x, "roles") and hasattr(x, "fallback"):  # a FontSet
        return ["fonts", sorted([k, f.sha256, f.index, f.weight_set] for k, f in x.faces.items()),
                sorted(x.roles.items()), list(x.fallback)]
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return [type(x).__module__ + "." + type(x).__qualname__,
                [[f.name, canonical(getattr(x, f.name), depth + 1)] for f in dataclasses.fields(x)]]
    raise Uncacheable(f"no canonical form for {type(x).__name__}")


def block_key(setter, args: tuple) -> str:
    """The cache key of ``setter(*args)`` (hex sha256)."""
    import json

    doc = [setter.__module__ + "." + setter.__qualname__, code_fingerprint(), [canonical(a) for a in args]]
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def cached_block(setter, *args):
    """``setter(*args)``, from the layout cache when the same arguments were
    set before (see the module's docstring)."""
    if not _cache.enabled():
        return setter(*args)
    try:
        key = block_key(setter, args)
    except Uncacheable:
        return setter(*args)
    raw = _TIER.get(key)
    if raw is not None:
        try:
            return pickle.loads(raw)
        except Exception:  # a damaged or old file: set the block again
            _TIER.forget(key)
    out = setter(*args)
    if getattr(out, "rest", None) is not None:  # a jump's first part hands on live objects
        return out
    try:
        raw = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return out
    _TIER.put(key, raw)
    return out
