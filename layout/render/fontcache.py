"""ReportLab's TrueType faces without a full parse a process.

ReportLab's ``TTFont`` reads a whole face when it is made
(``TTFontFile.extractInfo``: every cmap, hmtx and loca entry with a Python
struct call, about 0.13 s a face and 0.35 s for a 65,000-glyph one), and
copies the whole ``glyf`` table (25 MB for Noto Serif SC) for every
256-character subset it writes. Here the face is parsed once, by ReportLab
itself, and what the parse leaves on the face object is stored in a cache
file keyed by the face file's sha256 and ReportLab's version
(layout.cache, ``rlfaces/``):

- the small attributes (names, flags, ascent, descent, bbox, the table
  directory ...) as they are;
- the character -> glyph map, the widths, the horizontal metrics and the
  glyph offsets as arrays, looked up by binary search on demand: a build
  touches a few thousand of 45,000 entries.

A face made from the cache is an ordinary ``TTFontFace`` whose file data is
memory-mapped instead of read, and whose ``glyf`` table is sliced glyph by
glyph in place instead of copied. ReportLab's own code does everything
else (splitting text into subsets, making each subset, the font
dictionaries), so the PDF bytes are the same as with a fresh parse
(tests/test_cache_identity.py builds the sample with and without the
cache and compares the files byte for byte).
"""

from __future__ import annotations

import mmap
import os
import pickle
from array import array
from bisect import bisect_left
from fnmatch import fnmatch
from weakref import WeakKeyDictionary

from reportlab import Version as RL_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from .. import cache as _cache

#: Version of the cache files' layout (``rlfaces/*.r<N>``).
FORMAT = 1
#: The face attributes stored as arrays (or rebuilt) rather than as they are.
_BIG = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos", "_ttf_data", "_pdfScale",
        "filename", "_pos")


class _ArrayMap(dict):
    """An int -> number map over two sorted arrays (keys, values), with
    entries added later kept beside them (the renderer adds private code
    points for variation sequences, as ReportLab does for shaped glyphs).
    Answers ``in``, ``[]``, ``get``, ``len``, ``keys`` like the dict it
    stands for. It is a ``dict`` whose own storage holds the entries looked
    up so far: rl_accel's C ``stringWidth`` (ReportLab's optional
    accelerator) reads ``face.charWidths`` with the dict API, and finds
    every character the renderer has measured; one it has not measured gets
    ``defaultWidth`` there, as a character the face lacks does."""

    __slots__ = ("_keys", "_values", "_as_int", "_extra", "_absent")

    def __init__(self, keys: array, values: array, as_int: bool):
        super().__init__()
        self._keys = keys
        self._values = values
        self._as_int = as_int
        self._extra: set = set()
        self._absent: set = set()

    def _find(self, key):
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            pass
        except TypeError:  # an unhashable key: never held
            return _ArrayMap
        if key in self._absent:
            return _ArrayMap
        k = bisect_left(self._keys, key) if isinstance(key, int) else len(self._keys)
        if k < len(self._keys) and self._keys[k] == key:
            v = self._values[k]
            v = int(v) if self._as_int else v
            dict.__setitem__(self, key, v)
            return v
        self._absent.add(key)
        return _ArrayMap  # absent

    def get(self, key, default=None):
        v = self._find(key)
        return default if v is _ArrayMap else v

    def __contains__(self, key) -> bool:
        return self._find(key) is not _ArrayMap

    def __getitem__(self, key):
        v = self._find(key)
        if v is _ArrayMap:
            raise KeyError(key)
        return v

    def __setitem__(self, key, value) -> None:
        self._extra.add(key)
        self._absent.discard(key)
        dict.__setitem__(self, key, value)

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def keys(self):
        return list(dict.fromkeys([*(int(k) for k in self._keys), *self._extra]))

    def __iter__(self):
        return iter(self.keys())

    def items(self):
        return [(k, self[k]) for k in self.keys()]

    def values(self):
        return [self[k] for k in self.keys()]

    def __len__(self) -> int:
        return len(self._keys) + sum(1 for k in self._extra if not self._in_arrays(k))

    def _in_arrays(self, key) -> bool:
        k = bisect_left(self._keys, key)
        return k < len(self._keys) and self._keys[k] == key

    def __bool__(self) -> bool:
        return bool(len(self._keys) or self._extra)

    def __reduce__(self):
        return (_ArrayMap._rebuilt, (self._keys, self._values, self._as_int,
                                     {k: dict.__getitem__(self, k) for k in self._extra}))

    @staticmethod
    def _rebuilt(keys, values, as_int, extra):
        m = _ArrayMap(keys, values, as_int)
        for k, v in extra.items():
            m[k] = v
        return m


class _Metrics:
    """``face.hmetrics``: glyph id -> (advance, left side bearing), from two
    arrays."""

    __slots__ = ("_aw", "_lsb", "_as_int")

    def __init__(self, aw: array, lsb: array, as_int: bool):
        self._aw, self._lsb, self._as_int = aw, lsb, as_int

    def __getitem__(self, gid: int):
        aw = self._aw[gid]
        return (int(aw) if self._as_int else aw), self._lsb[gid]

    def __len__(self) -> int:
        return len(self._aw)


class _GlyfTable:
    """The ``glyf`` table as ``makeSubset`` reads it (``data[a:b]``), sliced
    from the mapped file glyph by glyph instead of copied whole."""

    __slots__ = ("_data", "_start", "_length")

    def __init__(self, data, start: int, length: int):
        self._data, self._start, self._length = data, start, length

    def __getitem__(self, s: slice) -> bytes:
        a, b, _ = s.indices(self._length)
        return bytes(self._data[self._start + a:self._start + max(a, b)])

    def __len__(self) -> int:
        return self._length


class CachedFace(TTFontFace):
    """A ``TTFontFace`` made from the cache: the attributes ReportLab's parse
    set, the big maps over arrays, the file mapped into memory."""

    def __init__(self, path: str, state: dict):  # noqa: D107 - no parse: see the module's docstring
        self.__dict__.update(state["attrs"])
        self.filename = path
        self._pos = 0
        self._ttf_data = _map_file(path)
        self.charToGlyph = _ArrayMap(state["c2g_keys"], state["c2g_values"], True)
        self.charWidths = _ArrayMap(state["w_keys"], state["w_values"], state["w_int"])
        self.hmetrics = _Metrics(state["hm_aw"], state["hm_lsb"], state["hm_int"])
        self.glyphPos = state["glyph_pos"]
        upem = self.unitsPerEm
        self._pdfScale = (lambda x: x) if upem == 1000 else (lambda x, m=1000 / upem: x * m)
        self._tables: dict[str, object] = {}
        self._glyph_to_char = None

    @property
    def glyphToChar(self) -> dict:
        """Glyph id -> its characters (built on first use; not used by subsetting)."""
        if self._glyph_to_char is None:
            g2c: dict[int, list[int]] = {}
            for code in self.charToGlyph.keys():
                g2c.setdefault(self.charToGlyph[code], []).append(code)
            self._glyph_to_char = g2c
        return self._glyph_to_char

    def get_table(self, tag):
        t = self._tables.get(tag)
        if t is None:
            pos, length = self.get_table_pos(tag)
            t = _GlyfTable(self._ttf_data, pos, length) if tag == "glyf" else self._ttf_data[pos:pos + length]
            self._tables[tag] = t
        return t


def _map_file(path: str):
    """The file's bytes, memory-mapped (read when it cannot be mapped)."""
    with open(path, "rb") as fh:
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return fh.read()


def _numbers(values: list) -> tuple[array, bool]:
    """Values as a double array, and whether every one was an int."""
    return array("d", values), all(type(v) is int for v in values)


def face_state(face: TTFontFace) -> dict:
    """What a full parse left on ``face``, in the cache's form."""
    attrs = {k: v for k, v in vars(face).items() if k not in _BIG}
    c2g = face.charToGlyph
    keys = sorted(c2g)
    wkeys = sorted(face.charWidths)
    widths, w_int = _numbers([face.charWidths[k] for k in wkeys])
    aw, hm_int = _numbers([m[0] for m in face.hmetrics])
    return {
        "attrs": attrs,
        "c2g_keys": array("I", keys), "c2g_values": array("I", [c2g[k] for k in keys]),
        "w_keys": array("I", wkeys), "w_values": widths, "w_int": w_int,
        "hm_aw": aw, "hm_int": hm_int, "hm_lsb": array("I", [m[1] for m in face.hmetrics]),
        "glyph_pos": array("I", face.glyphPos),
    }


def quick_state(path: str) -> dict | None:
    """The cache's form of the face at ``path`` without ReportLab's slow
    loops: ReportLab's own ``extractInfo`` reads the small tables (names,
    head, OS/2, post, hhea, maxp: every scalar attribute as ReportLab sets
    it), and the character map (formats 4 and 12), the metrics and the
    glyph offsets are read here as arrays, following ``extractInfo`` step by
    step (its choice of cmap subtable, glyph 0 entries, the widths of glyphs
    past numberOfHMetrics, U+00A0 as the space). None for anything else (a
    cmap of another format, a collection): then ReportLab parses the face.
    tests/test_font_cache.py holds the two to each other on the bundled
    faces."""
    from struct import unpack_from
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFile

    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    data = _map_file(path)
    face._ttf_data = data
    face.filename = path
    TTFontFile.__init__(face, path, charInfo=0)
    if face.fileKind != "TTF" or getattr(face, "_full_font", False):
        return None
    head = face.table["head"]["offset"]
    loc_format, glyph_format = unpack_from(">hh", data, head + 50)
    if glyph_format != 0 or loc_format not in (0, 1):
        return None
    n_glyphs = face.numGlyphs
    n_hm = unpack_from(">H", data, face.table["hhea"]["offset"] + 34)[0]
    if not 0 < n_hm <= n_glyphs:
        return None
    # --- cmap: the subtable extractInfo picks (the last that qualifies)
    cmap = face.table["cmap"]["offset"]
    version, count = unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count, version = version, count
    enc, encoffs = 0, None
    for k in range(count):
        platform, encoding, offset = unpack_from(">HHL", data, cmap + 4 + 8 * k)
        if platform == 3:
            enc, encoffs = 1, offset
        elif platform == 1 and encoding == 0 and enc != 1:
            enc, encoffs = 2, offset
        elif platform == 1 and encoding == 1:
            enc, encoffs = 1, offset
        elif platform == 0 and encoding != 5:
            enc, encoffs = 1, offset
    if encoffs is None:
        return None
    encoffs += cmap
    fmt = unpack_from(">H", data, encoffs)[0]
    c2g: dict[int, int] = {}
    if fmt == 4:
        length = unpack_from(">H", data, encoffs + 2)[0]
        limit = encoffs + length
        seg = unpack_from(">H", data, encoffs + 6)[0] // 2
        base = encoffs + 14
        ends = unpack_from(f">{seg}H", data, base)
        starts = unpack_from(f">{seg}H", data, base + 2 * seg + 2)
        deltas = unpack_from(f">{seg}h", data, base + 4 * seg + 2)
        ro_start = base + 6 * seg + 2
        ranges = unpack_from(f">{seg}H", data, ro_start)
        for n in range(seg):
            start, end, delta, ro = starts[n], ends[n], deltas[n], ranges[n]
            if ro == 0:
                c2g.update(zip(range(start, end + 1), ((u + delta) & 0xFFFF for u in range(start, end + 1))))
                continue
            at = ro_start + 2 * n + ro
            for u in range(start, end + 1):
                offset = at + 2 * (u - start)
                if offset >= limit:
                    glyph = 0
                else:
                    glyph = unpack_from(">H", data, offset)[0]
                    if glyph:
                        glyph = (glyph + delta) & 0xFFFF
                c2g[u] = glyph
    elif fmt == 12:
        groups = unpack_from(">L", data, encoffs + 12)[0]
        for n in range(groups):
            start, end, first = unpack_from(">LLL", data, encoffs + 16 + 12 * n)
            c2g.update(zip(range(start, end + 1), range(first, first + end - start + 1)))
    else:
        return None
    # --- hmtx: (advance, lsb) a glyph; the last advance repeats
    hmtx = face.table["hmtx"]["offset"]
    pairs = unpack_from(f">{2 * n_hm}H", data, hmtx)
    aws = list(pairs[0::2])
    lsbs = list(pairs[1::2])
    if n_glyphs > n_hm:
        lsbs += unpack_from(f">{n_glyphs - n_hm}H", data, hmtx + 4 * n_hm)
    scale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x, m=1000 / face.unitsPerEm: x * m)
    last = scale(aws[-1])
    hm_aw = aws[:n_glyphs] + [last] * (n_glyphs - n_hm)
    widths = [scale(a) for a in aws[:n_glyphs]] + [last] * (n_glyphs - n_hm)
    default_width = scale(aws[0])
    cw = {u: widths[g] for u, g in c2g.items() if g < n_glyphs}
    # --- loca
    loca = face.table["loca"]["offset"]
    if loc_format == 0:
        pos = [v << 1 for v in unpack_from(f">{n_glyphs + 1}H", data, loca)]
    else:
        pos = list(unpack_from(f">{n_glyphs + 1}L", data, loca))
    if 0x20 in c2g:
        c2g[0xA0] = c2g[0x20]
        cw[0xA0] = cw[0x20]
    elif 0xA0 in c2g:
        c2g[0x20] = c2g[0xA0]
        cw[0x20] = cw[0xA0]
    face.defaultWidth = default_width
    attrs = {k: v for k, v in vars(face).items() if k not in _BIG + ("charWidths", "defaultWidth")}
    attrs["defaultWidth"] = default_width
    keys = sorted(c2g)
    wkeys = sorted(cw)
    w_values, w_int = _numbers([cw[k] for k in wkeys])
    aw, hm_int = _numbers(hm_aw)
    return {
        "attrs": attrs,
        "c2g_keys": array("I", keys), "c2g_values": array("I", [c2g[k] for k in keys]),
        "w_keys": array("I", wkeys), "w_values": w_values, "w_int": w_int,
        "hm_aw": aw, "hm_int": hm_int, "hm_lsb": array("I", lsbs[:n_glyphs]),
        "glyph_pos": array("I", pos),
    }


def _make_font(name: str, face: TTFontFace) -> TTFont:
    """A ``TTFont`` around ``face``, set up as ``TTFont.__init__`` sets one
    up (ReportLab 5.1) but without parsing the file again."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in rl_config.unShapedFontGlob)
    return font


def load_ttfont(name: str, path: str | os.PathLike, sha256: str) -> TTFont:
    """ReportLab's font ``name`` for the TrueType file ``path`` (whose sha256
    is ``sha256``): from the cache when it holds the face, else parsed by
    ReportLab (and the cache filled).

    Raises:
        reportlab.pdfbase.ttfonts.TTFError: the file is not a TrueType face
            ReportLab reads.
    """
    path = str(path)
    key = f"{sha256}-rl{RL_VERSION}-{_cache.native_tag()}.r{FORMAT}"
    raw = _cache.read("rlfaces", key)
    if raw:
        try:
            state = pickle.loads(raw)
            return _make_font(name, CachedFace(path, state))
        except Exception:  # a damaged or foreign cache file: parse instead
            pass
    try:
        state = quick_state(path)
    except Exception:  # a face extractInfo reads differently: ReportLab parses it below
        state = None
    if state is None:
        font = TTFont(name, path)
        state = face_state(font.face)
    else:
        font = _make_font(name, CachedFace(path, state))
    if _cache.enabled():
        try:
            _cache.write("rlfaces", key, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        except (pickle.PicklingError, TypeError, AttributeError):
            pass
    return font
