"""Fonts by role: faces, metrics, glyph coverage and fallback.

fonts/fonts.yaml maps roles (body, headline, kicker, deck, dateline, byline,
caption, masthead) to faces, and lists a fallback chain. Each character is
drawn by the role's face if it has the character, else by the first face of
the fallback chain that has it; a character no face has is reported (never
dropped silently). Only the files the configuration names are read: no
system font folder is searched.

A face may be TrueType (.ttf), OpenType (.otf) or a collection (.ttc with
``index``). ReportLab embeds only TrueType outlines, so a CFF-outline face is
converted once with fontTools and cached under the user's cache folder,
keyed by the sha256 of the source file (see :mod:`layout.fontconvert`).
"""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


from .. import cache as _cache
from ..model.errors import InputError
from ..model.issue import ROLES


#: Marks of ambiguous width that Chinese text sets a full em wide.
FULL_WIDTH_QUOTES = frozenset("‘’“”")

#: The project's bundled configuration.
DEFAULT_CONFIG = Path(__file__).resolve().parents[2] / "fonts" / "fonts.yaml"


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes (remembered by the file's size, times
    and inode across processes: layout.cache.file_sha256)."""
    return _cache.file_sha256(path)


@dataclass
class Face:
    """One font face.

    Attributes:
        key: the face's name in fonts.yaml (``song``, ``hei`` ...).
        path: the TrueType-outline file drawn from (a converted copy for a
            CFF source).
        source: the file the configuration names.
        name: a human name.
        index: the face's index in a collection.
    """

    key: str
    path: Path
    source: Path
    name: str
    index: int = 0
    licensed: frozenset = frozenset()
    weight_set: int | None = None  # the weight class fonts.yaml gives, if any
    _cmap: dict | None = field(default=None, repr=False)
    _upem: int = 1000
    _ink: dict = field(default_factory=dict, repr=False)
    _sha: str | None = field(default=None, repr=False)
    _fs_type: int = 0
    _bounds: dict = field(default_factory=dict, repr=False)
    _uvs: dict = field(default_factory=dict, repr=False)
    _weight: int = 400

    def _load(self):
        if self._cmap is None:
            (self._cmap, self._upem, self._ink, self._fs_type, self._bounds, self._uvs,
             self._weight) = _metrics(self.path, self.index, self.sha256)

    @property
    def weight(self) -> int:
        """Weight class, 100-900: from fonts.yaml (``weight``) or else the
        face's OS/2 usWeightClass (400 regular, 700 bold, 900 black)."""
        if self.weight_set is not None:
            return self.weight_set
        self._load()
        return self._weight

    def sequence(self, base: str, selector: str) -> int | None:
        """The glyph id the face's variation sequences (cmap format 14) give
        ``base`` + ``selector``: a glyph id, -1 when the sequence is the
        base's own glyph (a default sequence), None when the face does not
        list the sequence."""
        self._load()
        return self._uvs.get(f"{ord(base):X}-{ord(selector):X}")

    def ink_bounds(self, ch: str) -> tuple[float, float]:
        """Where the glyph's ink starts and ends horizontally, in em from its
        origin (known for punctuation; the advance box for anything else)."""
        self._load()
        b = self._bounds.get(ord(ch))
        if b is None:
            return 0.0, self.advance(ch)
        return b[0] / self._upem, b[1] / self._upem

    @property
    def fs_type(self) -> int:
        """The face's OS/2 fsType (embedding licence bits; 0 when it has no OS/2 table)."""
        self._load()
        return self._fs_type

    def licence_problem(self) -> str:
        """Why the face may not be embedded and subset in a PDF, or "": its
        OS/2 fsType says restricted-licence embedding (bit 1) or bitmap only
        (bit 9), or no subsetting (bit 8; ReportLab always subsets), and
        fonts.yaml's ``licensed`` does not grant it (OpenType spec, OS/2 fsType)."""
        t = self.fs_type
        if (t & 0x0002 or t & 0x0200) and "embedding" not in self.licensed:
            return (f"its OS/2 fsType 0x{t:04X} forbids embedding (mark the face `licensed: [embedding]` in "
                    "fonts.yaml if the paper's licence allows it)")
        if t & 0x0100 and "subsetting" not in self.licensed:
            return (f"its OS/2 fsType 0x{t:04X} forbids subsetting (mark the face `licensed: [subsetting]` in "
                    "fonts.yaml if the paper's licence allows it)")
        return ""

    @property
    def sha256(self) -> str:
        """sha256 of the source file (computed once)."""
        if self._sha is None:
            self._sha = sha256_file(self.source)
        return self._sha

    @property
    def cmap(self) -> dict:
        """Code point -> advance width in font units."""
        self._load()
        return self._cmap

    def has(self, ch: str) -> bool:
        """True when the face maps the character to a glyph."""
        return ord(ch) in self.cmap

    def advance(self, ch: str) -> float:
        """Advance width of ``ch`` in em (0 when the face lacks it)."""
        return self.cmap.get(ord(ch), 0) / self._upem

    def ink(self, ch: str) -> str:
        """Where the glyph's ink sits horizontally in its em: ``'left'``,
        ``'right'`` or ``'center'``. Decides which half of a full-width mark
        is blank and may be trimmed (clreq 3.1.6). Known for the marks of
        layout.chars; ``'center'`` for anything else."""
        self._load()
        return self._ink.get(ord(ch), "center")


def _ink_side(font, name: str, glyf=None) -> str:
    """Which half of its advance a glyph's ink lies in (see Face.ink);
    ``glyf`` the face's glyf table (default ``font["glyf"]``)."""
    glyf = font["glyf"] if glyf is None else glyf
    glyph = glyf[name]
    adv = font["hmtx"][name][0]
    if not getattr(glyph, "numberOfContours", 0):
        return "center"
    glyph.recalcBounds(glyf)
    if glyph.xMax <= 0.55 * adv:
        return "left"
    if glyph.xMin >= 0.45 * adv:
        return "right"
    return "center"


def _lazy_glyf(font, order: list[str]):
    """The face's glyf table with its glyphs read on first use (fontTools'
    own table and Glyph objects): reading the ink of 40 marks does not split
    all 65,000 glyphs out of the table (0.15 s a face)."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph, table__g_l_y_f

    data = font.reader["glyf"]
    loca = font["loca"]
    index = {name: k for k, name in enumerate(order)}

    class Glyphs(dict):
        def __missing__(self, name):
            k = index[name]
            glyph = self[name] = Glyph(data[int(loca[k]):int(loca[k + 1])])
            return glyph

    table = table__g_l_y_f()
    table.glyphOrder = order
    table.glyphs = Glyphs()
    return table


#: Version of the composer's face cache files (``metrics/*.m<N>``).
METRICS_FORMAT = 3
#: Marks whose ink extent is kept (for the check that a line's ink stays in its column).
INK_MARKS = ".,;:!?'\"()[]{}-"


class AdvanceMap:
    """A face's code point -> advance width (font units) as two sorted
    arrays read straight from the cache file: looking a character up is a
    binary search, loading the map costs nothing per character (a 45,000
    entry dict took 20 ms to build a process). Read-only; a Mapping in all
    but name (``in``, ``[]``, ``get``, ``len``, iteration)."""

    __slots__ = ("_codes", "_adv", "_memo")

    def __init__(self, codes, advances):
        self._codes = codes
        self._adv = advances
        self._memo: dict[int, int | None] = {}

    def get(self, cp: int, default=None):
        v = self._memo.get(cp, self)
        if v is self:
            from bisect import bisect_left

            k = bisect_left(self._codes, cp)
            v = self._adv[k] if k < len(self._codes) and self._codes[k] == cp else None
            self._memo[cp] = v
        return default if v is None else v

    def __contains__(self, cp) -> bool:
        return self.get(cp) is not None

    def __getitem__(self, cp: int) -> int:
        v = self.get(cp)
        if v is None:
            raise KeyError(cp)
        return v

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self):
        return iter(self._codes)

    def items(self):
        return zip(self._codes, self._adv)


def _pack_metrics(adv: dict[int, int], head: dict) -> bytes:
    """The cache file: a JSON header (upem, ink, fsType, bounds, uvs,
    weight, count), then the code points and advances as native unsigned
    32-bit arrays."""
    from array import array

    codes = sorted(adv)
    head = dict(head, count=len(codes), tag=_cache.native_tag())
    hb = json.dumps(head, sort_keys=True).encode()
    hb += b" " * (-(len(hb) + 4) % 4)
    return len(hb).to_bytes(4, "little") + hb + array("I", codes).tobytes() + array("I", [adv[c] for c in codes]).tobytes()


def _unpack_metrics(raw: bytes):
    """The cache file read back; ValueError (made again) for any other."""
    from array import array

    n = int.from_bytes(raw[:4], "little")
    head = json.loads(raw[4:4 + n])
    if head.get("tag") != _cache.native_tag():
        raise ValueError("cache file of another machine")
    count = head["count"]
    upem = head["upem"]
    if not (isinstance(upem, int) and 16 <= upem <= 16384 and isinstance(count, int) and count > 0):
        raise ValueError("a bad cache file")
    codes, adv = array("I"), array("I")
    codes.frombytes(raw[4 + n:4 + n + 4 * count])
    adv.frombytes(raw[4 + n + 4 * count:4 + n + 8 * count])
    if len(adv) != count:
        raise ValueError("short cache file")
    ink = {int(k): v for k, v in head["ink"].items()}
    if any(v not in ("left", "right", "center") for v in ink.values()):
        raise ValueError("a bad cache file")
    bounds = {int(k): (int(v[0]), int(v[1])) for k, v in head["bounds"].items()}
    return AdvanceMap(codes, adv), upem, ink, int(head["fsType"]), bounds, head["uvs"], int(head["weight"])


def _metrics(path: Path, index: int, sha: str):
    """A face's code point -> advance map (:class:`AdvanceMap`, font
    units), units per em, the ink side of each punctuation mark, its OS/2
    fsType, the ink bounds of marks, its variation sequences ("BASE-SEL"
    hex -> glyph id, -1 for a default sequence) and its OS/2 weight class,
    from a cache file keyed by the file's sha256 (layout.cache,
    ``metrics/``; made on first use: parsing a 44,000-glyph face takes
    seconds, reading the cache file well under a millisecond). A cache file
    that does not read back whole is made again; without a usable cache the
    face is parsed each time.

    Raises:
        FontProblem: the file is not a font fontTools can read, or lacks a
            table the engine needs (cmap, head, hmtx).
    """
    name = f"{sha}-{index}.m{METRICS_FORMAT}"
    raw = _cache.read("metrics", name)
    if raw:
        try:
            return _unpack_metrics(raw)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            pass
    from .chars import CLOSING, MIDDLE, OPENING, STOPS

    try:
        from fontTools.ttLib import TTFont

        font = TTFont(str(path), fontNumber=index, lazy=True)
        for tag in ("cmap", "head", "hmtx", "hhea", "maxp"):
            if tag not in font:
                raise FontProblem(f"it has no {tag} table")
        # plain glyph names: a face without names in its post table (format
        # 3, as Noto CJK) has fontTools make 65,000 names from the cmap
        # otherwise (0.3 s a face); glyph ids, advances and outlines are the same
        order = [f"glyph{i:05d}" for i in range(font["maxp"].numGlyphs)]
        font.setGlyphOrder(order)
        hmtx = font["hmtx"]
        cmap = font.getBestCmap() or {}
        if not cmap:
            raise FontProblem("it maps no Unicode characters")
        adv = {cp: int(hmtx[name][0]) for cp, name in cmap.items()}
        upem = int(font["head"].unitsPerEm)
        if not 16 <= upem <= 16384:
            raise FontProblem(f"its unitsPerEm is {upem}")
        fs_type = int(font["OS/2"].fsType) if "OS/2" in font else 0
        weight = int(font["OS/2"].usWeightClass) if "OS/2" in font else 400
        uvs = {}
        for sub in font["cmap"].tables:
            if sub.format == 14:
                for sel, pairs in sorted(sub.uvsDict.items()):
                    for base, gname in pairs:
                        uvs[f"{base:X}-{sel:X}"] = -1 if gname is None else font.getGlyphID(gname)
        ink, bounds = {}, {}
        if "glyf" in font:
            glyf = _lazy_glyf(font, order)
            for ch in sorted(OPENING | CLOSING | STOPS | MIDDLE | set(INK_MARKS)):
                if ord(ch) in cmap:
                    if ch not in INK_MARKS or ch in OPENING | CLOSING | STOPS | MIDDLE:
                        ink[ord(ch)] = _ink_side(font, cmap[ord(ch)], glyf)
                    glyph = glyf[cmap[ord(ch)]]
                    if getattr(glyph, "numberOfContours", 0):
                        glyph.recalcBounds(glyf)
                        bounds[ord(ch)] = [int(glyph.xMin), int(glyph.xMax)]
    except FontProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a broken file
        raise FontProblem(f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:120]}")
    raw = _pack_metrics(adv, {"upem": upem, "ink": ink, "fsType": fs_type, "bounds": bounds, "uvs": uvs,
                              "weight": weight})
    _cache.write("metrics", name, raw)
    return _unpack_metrics(raw)


class FontProblem(Exception):
    """Why a file is not a usable font, in words."""


#: The largest font file read (the bundled CJK faces are 10-25 MB).
MAX_FONT = 256 * 1024 * 1024
#: What a font file starts with: TrueType, OpenType (CFF), a collection, Apple TrueType.
FONT_TAGS = (b"\x00\x01\x00\x00", b"OTTO", b"ttcf", b"true")


def check_font_file(path: Path) -> str:
    """Why ``path`` may not be read as a font, or "": inside a system folder
    such as /etc or /proc, not a regular file, empty or too large, or not
    starting as a TrueType, OpenType or collection file does. Only the first
    four bytes are read, and only when the rest allows it."""
    from ..model.paths import forbidden

    try:
        rp = path.resolve()
        why = forbidden(rp)
        if why:
            return f"a font file outside the system's folders (this one is {why})"
        if not rp.is_file():
            return "a font file (this is not a regular file)"
        size = rp.stat().st_size
        if size < 12:
            return "a TrueType, OpenType or collection font (the file is empty)" if size == 0 else \
                "a TrueType, OpenType or collection font (the file is truncated)"
        if size > MAX_FONT:
            return f"a font file of at most {MAX_FONT // 2 ** 20} MB"
        with open(rp, "rb") as fh:
            tag = fh.read(4)
    except (OSError, RuntimeError, ValueError) as exc:
        return f"a readable font file ({getattr(exc, 'strerror', None) or exc.__class__.__name__})"
    if tag not in FONT_TAGS:
        return "a TrueType, OpenType or collection font (the file does not start as one: not a font)"
    return ""


#: Font configurations read in this process: real path -> (state, FontSet).
_LOADED: dict[str, tuple[tuple, "FontSet"]] = {}


def _config_state(path: Path, fs: "FontSet | None" = None) -> tuple | None:
    """What a loaded FontSet depends on: the configuration file's and (when
    known) its faces' files' size and times; None when a file is missing."""
    try:
        files = [Path(path)]
        if fs is None:
            known = _LOADED.get(os.path.realpath(path))
            if known is not None:
                files += [f.source for f in known[1].faces.values()]
        else:
            files += [f.source for f in fs.faces.values()]
        stats = [os.stat(f) for f in files]
    except OSError:
        return None
    return (os.path.realpath(path), *((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) for st in stats))


class FontSet:
    """Roles -> faces with a fallback chain; the composer's :class:`Metrics`.

    Build with :meth:`load`. ``advance`` and ``ink`` answer for the face that
    draws the character in that role.
    """

    def __init__(self, faces: dict[str, Face], roles: dict[str, str], fallback: list[str], config: Path):
        self.faces = faces
        self.roles = roles
        self.fallback = fallback
        self.config = config
        # memos of the lookups the composer makes for every character
        # (thousands a page): (character, role) -> answer
        self._choice: dict[tuple[str, str], Face | None] = {}
        self._chains: dict[str, list[Face]] = {}
        self._adv: dict[tuple[str, str], float] = {}
        self._keys: dict[tuple[str, str], str | None] = {}
        self._inks: dict[tuple[str, str], str] = {}
        self._reweighted: dict[tuple[str, str], bool] = {}

    @classmethod
    def load(cls, config: str | os.PathLike | None = None) -> "FontSet":
        """Read a fonts.yaml (see :meth:`_read`), once a process while the
        file and its faces are unchanged (``broadsheet watch`` and batches
        keep their faces loaded)."""
        path = Path(config) if config else DEFAULT_CONFIG
        state = _config_state(path)
        known = _LOADED.get(state[0]) if state else None
        if known is not None and known[0] == state:
            return known[1]
        fs = cls._read(path)
        state = _config_state(path, fs)
        if state:
            _LOADED[state[0]] = (state, fs)
        return fs

    @classmethod
    def _read(cls, path: Path) -> "FontSet":
        """Read a fonts.yaml.

        Raises:
            InputError: the file is missing or not valid YAML, a face's file
                does not exist, a role names an unknown face, or a field has
                the wrong type.
        """
        from ..model.fields import check
        from ..model.schema import FONTS
        from ..model.yamlsafe import load_node
        from .fontconvert import truetype_path

        data = check(load_node(path), FONTS, path)
        faces = {}
        for key, spec in data["faces"].items():
            field_ = f"faces.{key}.file"
            try:
                src = (path.parent / spec["file"]).resolve()
                exists = src.exists()
            except (OSError, RuntimeError, ValueError):
                exists = False
            if not exists:
                raise InputError(path, field_, "an existing font file", spec["file"])
            why = check_font_file(src)
            if why:
                raise InputError(path, field_, why + f" (face {key})", spec["file"])
            try:
                ttf = truetype_path(src, spec["index"])
                face = Face(key, ttf, src, spec["name"] or key, 0 if ttf != src else spec["index"],
                            frozenset(spec["licensed"]), spec["weight"])
                face._load()  # a file that is not a usable font is refused now, not while drawing
            except FontProblem as exc:
                raise InputError(path, field_, f"a TrueType, OpenType or collection font ({exc}; face {key})",
                                 spec["file"])
            faces[key] = face
        roles = data["roles"]
        for role, face in roles.items():
            if role.startswith("_"):
                continue
            if face not in faces:
                raise InputError(path, f"roles.{role}", f"one of the faces {sorted(faces)}", face)
        roles = {r: roles[r] for r in ROLES}
        fallback = data["fallback"]
        if any(f not in faces for f in fallback):
            raise InputError(path, "fallback", f"a list of face names from {sorted(faces)}", fallback)
        return cls(faces, roles, list(fallback), path)

    def chain(self, role: str) -> list[Face]:
        """The faces tried for a role, in order: the role's face, then the
        faces of the fallback chain of the same weight class (a Black head
        falls back to a Black face), then the rest of the chain (issue 8)."""
        chain = self._chains.get(role)
        if chain is None:
            own = self.faces[self.roles.get(role, self.roles["body"])]
            rest = [self.faces[k] for k in dict.fromkeys(self.fallback) if k != own.key]
            chain = self._chains[role] = ([own] + [f for f in rest if f.weight == own.weight]
                                          + [f for f in rest if f.weight != own.weight])
        return chain

    def reweighted(self, ch: str, role: str) -> bool:
        """True when ``ch`` is drawn in ``role`` by a face of another weight
        class than the role's own face (a fallback: 𠮷 in a Black head set in
        a Regular face)."""
        key = (ch, role)
        out = self._reweighted.get(key)
        if out is None:
            f = self.face_for(ch, role)
            own = self.faces[self.roles.get(role, self.roles["body"])]
            out = self._reweighted[key] = f is not None and f.weight != own.weight
        return out

    def fallback_only(self, text: str) -> dict[str, list[str]]:
        """Characters of ``text`` that some role's own face lacks and a
        fallback face draws: character -> the roles it falls back in."""
        out: dict[str, list[str]] = {}
        for ch in dict.fromkeys(text):
            if ch.isspace() or unicodedata.category(ch) in ("Mn", "Me", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F:
                continue
            for role, key in self.roles.items():
                if not self.faces[key].has(ch) and self.face_for(ch, role) is not None:
                    out.setdefault(ch, []).append(role)
        return out

    def sequence_glyph(self, base: str, selector: str, role: str) -> int | None:
        """The glyph the face drawing ``base`` in ``role`` has for the
        variation sequence (see Face.sequence); None when it has none."""
        f = self.face_for(base, role)
        return f.sequence(base, selector) if f else None

    def face_for(self, ch: str, role: str) -> Face | None:
        """The face that draws ``ch`` in ``role``, or None when no face has it.

        The quotation marks ‘’“” are shared with Latin text, and some faces
        (LXGW WenKai) draw them proportional; Chinese text sets them full
        width (GB/T 15834 5.1), so they come from the first face in the chain
        whose glyph is an em wide.
        """
        key = (ch, role)
        if key not in self._choice:
            if ch in FULL_WIDTH_QUOTES:
                faces = [f for f in self.chain(role) if f.has(ch)]
                faces = [f for f in faces if f.advance(ch) >= 0.9] + faces
                self._choice[key] = faces[0] if faces else None
            else:  # the first face of the chain that has it
                self._choice[key] = next((f for f in self.chain(role) if f.has(ch)), None)
        return self._choice[key]

    # -- the composer's Metrics protocol
    def face_key(self, ch: str, role: str) -> str | None:
        key = (ch, role)
        try:
            return self._keys[key]
        except KeyError:
            f = self.face_for(ch, role)
            out = self._keys[key] = f.key if f else None
            return out

    def advance(self, ch: str, role: str) -> float:
        key = (ch, role)
        try:
            return self._adv[key]
        except KeyError:
            if ch == "\u3000":
                out = 1.0
            else:
                f = self.face_for(ch, role)
                out = f.advance(ch) if f else 1.0
            self._adv[key] = out
            return out

    def ink(self, ch: str, role: str) -> str:
        key = (ch, role)
        try:
            return self._inks[key]
        except KeyError:
            f = self.face_for(ch, role)
            out = self._inks[key] = f.ink(ch) if f else "center"
            return out

    def ink_bounds(self, ch: str, role: str) -> tuple[float, float]:
        """Where the ink of ``ch`` in ``role`` starts and ends, in em from its
        origin (see Face.ink_bounds; the advance box when no face has it)."""
        f = self.face_for(ch, role)
        return f.ink_bounds(ch) if f else (0.0, 1.0)

    def missing(self, text: str, role: str = "body") -> list[str]:
        """Characters of ``text`` that no face in the role's chain has
        (whitespace excluded), in order of first appearance."""
        out = []
        for ch in dict.fromkeys(text):
            if not ch.isspace() and self.face_for(ch, role) is None:
                out.append(ch)
        return out


def face_notes(line, where: str, file: str = "", text: str = "") -> list[tuple[str, str, str, dict]]:
    """What a composed line (layout.text.compose.Line) tells of its faces,
    as (kind, severity, message, data) for a finding:

    - ``weight_fallback`` (warning, heads only: ``where == "head"``): a
      character of a head drawn by a face of another weight class than the
      head's own (𠮷 in a Black headline set in a Regular face), with the
      character, the field (headline, kicker, deck) and its position;
    - ``variation_sequence`` (warning): a variation sequence the drawing
      face does not list, drawn as its base character.
    """
    out = []
    seen = set()
    if where == "head":
        for ch, role in line.reweighted:
            if (ch, role) in seen:
                continue
            seen.add((ch, role))
            at = ", ".join(x for x in (file, role, f"character {text.find(ch) + 1}" if text else "") if x)
            out.append(("weight_fallback", "warning",
                        f"U+{ord(ch):04X} {ch} in the {role} is set in a face of another weight ({at})",
                        {"codepoint": f"U+{ord(ch):04X}", "char": ch, "field": role, "file": file,
                         "position": text.find(ch) + 1 if text else 0}))
    for seq in dict.fromkeys(line.sequences):
        code = " ".join(f"U+{ord(c):04X}" for c in seq)
        out.append(("variation_sequence", "warning",
                    f"{code} drawn as its base character {seq[0]}: the face has no such variant"
                    f" ({', '.join(x for x in (file, where) if x)})",
                    {"sequence": code, "char": seq, "where": where, "file": file}))
    return out
