"""Line-break classes: Unicode's (UAX #14) tailored for Chinese text.

Each character's class comes from the Unicode Line Breaking Algorithm's data
(UAX #14, ``LineBreak.txt``, through the pure-Python package ``uniseg``).
UAX #14 alone breaks Chinese text wrongly in known places: “ and ” are both
``QU`` (no direction), ² and ∶ are ``AI`` (ambiguous, resolved to the
breakable ``ID`` in Chinese text), U+3000 is ``BA`` (a break after it), full-
width digits are ``ID`` (a break between each). :data:`TAILORING` lists the
overrides for Chinese composition, each with its source (clreq, GB/T 15834,
the house rules of issue 8); docs/linebreak-tailoring.md is the same table
for readers, and tests/test_breaks.py holds the two to each other.

The tailored classes are UAX #14's names, plus four of ours:

``SUP``  a superscript or exponent: kept with the letter or digit before it
         (5km², 10⁻³);
``RAT``  a ratio or operator sign: kept with the digits on both sides when it
         stands between two (3∶1, 3×4); else set as ``ID``;
``FNU``  a full-width digit or letter: set 1 em on the grid like ``ID``, but
         never broken inside a run of them (２０２０, ＣＣＴＶ);
``IDSP`` the ideographic space U+3000: a character 1 em wide, kept with the
         term after it; inside a padded name (李　明) kept on both sides;
         dropped only where it would start or end a line.

Pure computation: no fonts, no layout.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import cache as _cache

#: Prohibition levels of clreq 3.1.7 ("Prohibition rules for line start and
#: line end"), loosest first.
LEVELS = ("loose", "basic", "strict")


@dataclass(frozen=True)
class Tailoring:
    """One row of the tailoring table.

    Attributes:
        chars: the characters the row covers.
        uax: their UAX #14 class(es), as Unicode gives them (for the table).
        cls: the tailored class.
        rule: what the composer does with them.
        source: where the rule comes from.
    """

    chars: str
    uax: str
    cls: str
    rule: str
    source: str


def _rng(a: int, b: int) -> str:
    return "".join(chr(c) for c in range(a, b + 1))


FULLWIDTH_DIGITS = _rng(0xFF10, 0xFF19)
FULLWIDTH_LETTERS = _rng(0xFF21, 0xFF3A) + _rng(0xFF41, 0xFF5A)
#: Superscript digits and signs (exponents of units and powers of ten).
SUPERSCRIPTS = "¹²³⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ"
#: Signs kept with the digits on both sides when they stand between two.
RATIO_SIGNS = "∶×÷∕"
#: Chinese (curly) quotes, whose direction the glyph gives.
CN_OPEN_QUOTES = "“‘〝"
CN_CLOSE_QUOTES = "”’〞〟"
#: Pause and stop marks (clreq cl-06, cl-07).
STOPS = "。．，、"

#: The tailoring of UAX #14 for Chinese composition, in the order applied
#: (a later row does not override an earlier one).
TAILORING: tuple[Tailoring, ...] = (
    Tailoring(CN_OPEN_QUOTES, "QU", "OP",
              "opening quote: never at a line end; blank left half",
              "GB/T 15834-2011 5.1 (the first half of quotes never ends a line); clreq 3.1.7"),
    Tailoring(CN_CLOSE_QUOTES, "QU/CL", "CL",
              "closing quote: never at a line start; blank right half",
              "GB/T 15834-2011 5.1 (the second half never starts a line); clreq 3.1.7"),
    Tailoring("\"'", "QU", "OP or CL",
              "straight quote: direction from pairing within the paragraph and the spaces around it",
              "house rule (issue 8): a straight quote is an opening or closing quote, never both"),
    Tailoring(STOPS, "CL", "CL",
              "pause and stop marks: never at a line start; 1/2 em at a line end",
              "GB/T 15834-2011 5.1; clreq 3.1.7 (all levels)"),
    Tailoring("：；！？‼⁇⁈⁉", "NS/EX", "NS",
              "never at a line start at the basic and strict levels; may start one at loose",
              "clreq 3.1.7 (basic level); GB/T 15834-2011 5.1"),
    Tailoring("·・～〜／ーｰ", "AI/NS/ID/CJ", "NS",
              "interpunct, wave dash, solidus, prolonged sound mark: never at a line start (basic, strict); may at loose",
              "clreq 3.1.7 (basic level), shared/docs/newspaper-typesetting.md 4"),
    Tailoring("—⸺…⋯", "B2/IN", "B2",
              "two-em dash and ellipsis: drawn as a pair 2 em wide, never split; not at a line start at strict",
              "GB/T 15834-2011 5.1 (dash and ellipsis take two characters, never split); clreq 3.1.7 (strict)"),
    Tailoring("¥￥$＄€£￡±№₹₩₽¤₱₺₴₦", "PR", "PR",
              "prefix numeric: kept with the number after it (also a full-width number)",
              "UAX #14 LB25 (PR × NU); w3c/clreq#262"),
    Tailoring("%％‰‱℃℉°′″¢￠", "PO", "PO",
              "postfix numeric: kept with the number before it; no break before it after a digit",
              "UAX #14 LB25 (NU × PO)"),
    Tailoring(SUPERSCRIPTS, "AI/AL", "SUP",
              "superscript: kept with the letter or digit before it (5km², 10⁻³)",
              "house rule (issue 8); UAX #14 would resolve AI to ID (breakable) in Chinese text"),
    Tailoring(RATIO_SIGNS, "AI", "RAT",
              "ratio or operator between two numbers: no break on either side (3∶1, 3×4); elsewhere ID",
              "house rule (issue 8), after UAX #14 LB25 (numeric expressions stay whole)"),
    Tailoring(FULLWIDTH_DIGITS + FULLWIDTH_LETTERS, "ID", "FNU",
              "full-width digit or letter: 1 em on the grid, never broken inside a run of them",
              "house rule (issue 8): a number or word is unbreakable whatever its width (clreq 3.2.3)"),
    Tailoring("\u3000", "BA", "IDSP",
              "ideographic space: a character 1 em wide, kept with the term after it, kept on both "
              "sides between two Han characters (a padded name 李　明); dropped at a line start or end",
              "house rule (issue 8); newspaper house style for padded names"),
    Tailoring("ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｯｬｭｮ", "CJ", "CJ",
              "small kana: ID at loose and basic, NS at strict",
              "UAX #14 LB1 (CJ resolves to NS for strict, ID for normal breaking); clreq 3.1.7"),
)

#: Character -> tailored class, from the table.
_OVERRIDE: dict[str, str] = {}
for _row in TAILORING:
    for _ch in _row.chars:
        if _row.cls == "OP or CL":
            _OVERRIDE.setdefault(_ch, "QU")
        else:
            _OVERRIDE.setdefault(_ch, _row.cls)


def uax_class(ch: str) -> str:
    """The UAX #14 line-break class of one character (Unicode 16 data, via
    uniseg), before any tailoring."""
    return _uax_class(ch)


#: Code points scanned for classes of symbols (layout.text.chars): Latin-1,
#: the symbol blocks, the half- and full-width forms.
SCAN_RANGES = ((0x20, 0x2C00), (0xFE00, 0x10000))


class _LineBreakTable:
    """uniseg's Line_Break data as a two-stage table (uniseg's own layout:
    ``index1``, ``index2``, ``shift``, the values), kept in the cache folder
    (``data/``, keyed by the uniseg data file's size and time) so a process
    looks classes up without importing uniseg (40 ms with the
    importlib.metadata it pulls in); also the characters of the classes
    layout.text.chars scans for (PR, PO)."""

    def __init__(self, shift: int, values: list[str], index1: bytes, index2: bytes, scans: dict[str, str]):
        self.shift, self.mask = shift, (1 << shift) - 1
        self.values, self.index1, self.index2 = values, index1, index2
        self.scans = scans

    def __call__(self, ch: str) -> str:
        cp = ord(ch)
        return self.values[self.index2[(self.index1[cp >> self.shift] << self.shift) + (cp & self.mask)]] or "XX"

    def scan(self, cls: str) -> str:
        """Every character of :data:`SCAN_RANGES` whose UAX #14 class is ``cls``."""
        if cls not in self.scans:
            self.scans[cls] = "".join(chr(c) for a, b in SCAN_RANGES for c in range(a, b) if self(chr(c)) == cls)
        return self.scans[cls]


def _uniseg_data_key() -> str | None:
    """Size and modification time of uniseg's data file (found on sys.path
    without importing uniseg), or None when it is not found."""
    import os
    import sys

    for base in sys.path:
        path = os.path.join(base or ".", "uniseg", "db_lookups.py")
        try:
            st = os.stat(path)
        except OSError:
            continue
        return f"{st.st_size}-{st.st_mtime_ns}"
    return None


def _build_table() -> _LineBreakTable | None:
    """The table from uniseg's data module, checked against uniseg's own
    ``line_break``; None when uniseg's data is not laid out as expected
    (then uniseg answers each character itself)."""
    from uniseg.linebreak import line_break

    try:
        from uniseg.db_lookups import columns, index1, index2, shift, values

        column = columns.index("Line_Break")
        table = _LineBreakTable(shift, [v[column] for v in values], bytes(index1), bytes(index2), {})
        probe = "a1 (。，“”、—…\u3000中\uff10\u0e01\U00020000\u00b2\u2236\ufe10"
        if any(table(ch) != str(line_break(ch)) for ch in probe):
            return None
    except (ImportError, ValueError, AttributeError, IndexError, TypeError):
        return None
    for cls in ("PR", "PO"):
        table.scan(cls)
    return table


def _load_table() -> _LineBreakTable | None:
    import json

    key = _uniseg_data_key()
    name = f"uniseg-linebreak-{key}.t{_cache.FORMAT}"
    raw = _cache.read("data", name) if key else None
    if raw:
        try:
            n = int.from_bytes(raw[:4], "little")
            head = json.loads(raw[4:4 + n])
            i1 = raw[4 + n:4 + n + head["n1"]]
            i2 = raw[4 + n + head["n1"]:4 + n + head["n1"] + head["n2"]]
            if len(i2) == head["n2"]:
                return _LineBreakTable(head["shift"], head["values"], i1, i2, head["scans"])
        except (ValueError, KeyError, TypeError):
            pass
    table = _build_table()
    if table is not None and key:
        hb = json.dumps({"shift": table.shift, "values": table.values, "n1": len(table.index1),
                         "n2": len(table.index2), "scans": table.scans}).encode()
        _cache.write("data", name, len(hb).to_bytes(4, "little") + hb + table.index1 + table.index2)
    return table


_TABLE: list = []


def _uax_class(ch: str) -> str:
    if not _TABLE:
        _TABLE.append(_load_table())
    table = _TABLE[0]
    if table is None:
        from uniseg.linebreak import line_break

        return str(line_break(ch))
    return table(ch)


def scan_class(cls: str) -> str:
    """Every character of :data:`SCAN_RANGES` whose UAX #14 class is
    ``cls`` (before tailoring), in code point order."""
    if not _TABLE:
        _TABLE.append(_load_table())
    if _TABLE[0] is not None:
        return _TABLE[0].scan(cls)
    return "".join(chr(c) for a, b in SCAN_RANGES for c in range(a, b) if _uax_class(chr(c)) == cls)


@lru_cache(maxsize=8192)
def lb_class(ch: str) -> str:
    """The tailored line-break class of one character (see the module's
    docstring and :data:`TAILORING`).

    Straight quotes stay ``QU`` (their direction comes from
    :func:`quote_directions`); ``CJ`` stays ``CJ`` (it depends on the level:
    :func:`may_start`); ``AI`` (ambiguous) resolves to ``ID`` as UAX #14 LB1
    allows for East Asian text; ``SA``, ``XX``, ``SG`` resolve to ``AL``.
    """
    cls = _OVERRIDE.get(ch)
    if cls is not None:
        return cls
    cls = _uax_class(ch)
    if cls == "AI":
        return "ID"
    if cls in ("SA", "XX", "SG"):
        return "AL"
    if cls in ("H2", "H3", "JL", "JV", "JT"):
        return "ID"  # Hangul syllables and jamo: a syllable is a unit on the grid
    if cls == "CP":
        return "CL"
    if cls == "QU":
        # other quotation marks: the initial ones open, the final ones close
        # (UAX #14 15.1 splits QU by General Category Pi / Pf)
        cat = unicodedata.category(ch)
        return "OP" if cat == "Pi" else "CL" if cat == "Pf" else "QU"
    if cls == "EX":
        return "NS" if unicodedata.east_asian_width(ch) in ("F", "W") else "EX"
    return cls


#: Classes that never start a line at any level (clreq 3.1.7 "loose" keeps
#: closing marks and pause/stop marks off line starts).
_NO_START_ALWAYS = frozenset({"CL", "EX", "IS"})


def may_start(ch: str, level: str = "basic") -> bool:
    """May ``ch`` begin a line at the prohibition level (clreq 3.1.7)?

    loose: closing marks (``CL``), stops, Western ``. , ; : ! ? ) ]`` (``IS``,
    ``EX``), postfix signs (``PO``), superscripts and iteration marks (々)
    never start a line; basic adds the non-starter marks (``NS``: ：；！？
    · ・ ～ ／ ー ...); strict adds the small kana (``CJ``) and ——, ……
    (``B2``).

    Raises:
        ValueError: an unknown level.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    cls = lb_class(ch)
    if cls in _NO_START_ALWAYS or cls in ("PO", "SUP"):
        return False
    if cls == "NS":
        # loose: the marks may start a line; iteration marks (々) never do
        return level == "loose" and not unicodedata.category(ch).startswith("L")
    if cls == "CJ" or cls == "B2":
        return level != "strict"
    return True


def may_end(ch: str) -> bool:
    """May ``ch`` end a line? Opening marks (``OP``) and prefix signs
    (``PR``) may not (clreq 3.1.7; UAX #14 LB14, LB25)."""
    return lb_class(ch) not in ("OP", "PR")


def is_opening(ch: str) -> bool:
    """True for an opening mark: brackets, book-title marks, “ ‘ (``OP``)."""
    return lb_class(ch) == "OP"


def is_closing(ch: str) -> bool:
    """True for a closing mark or a pause/stop mark (``CL``)."""
    return lb_class(ch) == "CL"


def is_alnum_char(ch: str) -> bool:
    """A letter or digit that a Latin or numeric run is made of (``AL``,
    ``HL``, ``NU``; not symbols)."""
    return lb_class(ch) in ("AL", "HL", "NU") and (ch.isalnum() or unicodedata.category(ch).startswith("L"))


def quote_directions(text: str) -> dict[int, str]:
    """The direction of each straight quote (" and ') in a paragraph:
    index -> ``'open'`` or ``'close'``. An apostrophe inside a word (don't)
    is left out.

    A quote after a space, the paragraph's start or an opening bracket, and
    before text, opens; one before a space, the end, punctuation or a closing
    bracket, and after text, closes; any other is paired with the quotes of
    its kind before it: it closes an open quote, else opens one (house rule,
    issue 8; GB/T 15834-2011 uses paired quotes). Never from the single
    character before it alone.
    """
    out: dict[int, str] = {}
    n = len(text)
    for q in "\"'":
        inside = False
        for i, ch in enumerate(text):
            if ch != q:
                continue
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            if q == "'" and prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalpha():
                continue  # an apostrophe: don't, it's
            before_blank = prev.isspace() or lb_class(prev) == "OP"
            after_blank = nxt.isspace() or lb_class(nxt) in ("CL", "IS", "EX", "NS") or nxt == q
            if i == 0 or (before_blank and not after_blank):
                d = "open"
            elif i == n - 1 or (after_blank and not before_blank):
                d = "close"
            else:
                d = "close" if inside else "open"
            inside = d == "open"
            out[i] = d
    return out


def table_rows() -> list[tuple[str, str, str, str, str]]:
    """The tailoring as rows (characters, UAX #14 class, tailored class, rule,
    source) for the docs and the table test."""
    return [(r.chars, r.uax, r.cls, r.rule, r.source) for r in TAILORING]
