"""Character classes for Chinese composition (W3C clreq, GB/T 15834-2011).

Each character of a paragraph falls into one class; the composer turns runs
of characters into atoms by class. The sets follow clreq section 3.1.7
("Prohibition rules for line start and line end") and the table of
punctuation marks in clreq appendix A / GB/T 15834-2011 section 4.
"""

from __future__ import annotations

import re
import unicodedata

from .breaks import RATIO_SIGNS, SUPERSCRIPTS

#: Opening marks (clreq cl-01): never at a line end; their ink sits on the
#: right half of the em, the left half is blank.
OPENING = frozenset("“‘（〔［｛《〈「『【〖〘〝｟")
#: Closing marks (clreq cl-02): never at a line start; ink on the left half.
CLOSING = frozenset("”’）〕］｝》〉」』】〗〙〞｠")
#: Pause and stop marks (clreq cl-06/cl-07: 、，。．): never at a line start.
STOPS = frozenset("。．，、")
#: Other marks kept off line starts at the basic level (clreq cl-05, cl-08,
#: cl-09 and the basic-level list in shared/docs/newspaper-typesetting.md 4).
MIDDLE = frozenset("：；！？‼⁇⁈⁉")
#: Fixed-width marks (interpuncts, wave dash, solidus): never at a line start
#: at the basic level, never compressed (clreq 3.1.4).
FIXED_NO_START = frozenset("·・～〜／")
#: Two-em marks (GB/T 15834 4.9 dash, 4.11 ellipsis): drawn as two glyphs,
#: never split, never stretched inside.
DASH = "—"
ELLIPSIS = "…"
PAIRED = frozenset(DASH + ELLIPSIS + "⸺⋯")
#: ASCII punctuation that may not start a line (a Latin sentence's marks).
ASCII_NO_START = frozenset(".,;:!?)]}%")
ASCII_NO_END = frozenset("([{")

#: Punctuation that may not begin a line, by prohibition level (clreq 3.1.7).
#: ``loose`` keeps only 。，、 and closing marks off line starts.
NO_START = {
    "loose": STOPS | CLOSING,
    "basic": STOPS | CLOSING | MIDDLE | FIXED_NO_START,
    "strict": STOPS | CLOSING | MIDDLE | FIXED_NO_START | PAIRED,
}
#: Punctuation that may not end a line (clreq 3.1.7): the opening marks.
NO_END = OPENING

def _scan(cls: str) -> str:
    """Every character of Latin-1, the symbol blocks and the half- and
    full-width forms whose UAX #14 class is ``cls`` (Unicode's data, not a
    hand list: a new currency sign joins by itself)."""
    from .breaks import scan_class

    return scan_class(cls)


#: Prefix numeric signs (UAX #14 class PR: currency signs, ±, №, ￥ ...),
#: kept with the number after them (UAX #14 LB25, w3c/clreq#262).
PREFIX_SIGNS = frozenset(_scan("PR")) - frozenset("+\\")
#: Postfix numeric signs (UAX #14 class PO: % ％ ‰ ℃ ° ′ ″ ...), kept with the
#: number before them (UAX #14 LB25).
POSTFIX_SIGNS = frozenset(_scan("PO"))
_ALNUM = "0-9A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF"


def _cls(chars) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


_SUP = _cls(SUPERSCRIPTS)
_RAT = _cls(RATIO_SIGNS)
#: An unbreakable Latin or numeric run: letters and digits joined by the
#: marks that live inside numbers, words, URLs and e-mail addresses
#: (12.5%, -3.2℃, 0734-8888888, 2020-12-21, CN43-0031, a@b.cn, http://x.cn/a),
#: with a prefix sign before a number ($1000, ¥1280, ±0.5), postfix signs
#: after it (85%, 3‰, 45°, 30′15″), superscripts after a letter or digit
#: (5km², 10⁻³) and a ratio or operator sign between two (3∶1, 3×4).
#: clreq 3.2.3 (Western text in Chinese); UAX #14 LB25 (numeric expressions);
#: docs/linebreak-tailoring.md.
LATIN_RUN = re.compile(
    rf"(?:[{_cls(PREFIX_SIGNS)}](?=[+\-−]?[0-9]))?"
    rf"(?:(?<![{_ALNUM}])[+\-−](?=[0-9]))?"
    rf"[{_ALNUM}]+[{_SUP}]*"
    rf"(?:(?:[.,:/\-_@+'&#=?~%]+|[{_RAT}]|[{_cls(POSTFIX_SIGNS)}]+)[{_ALNUM}]+[{_SUP}]*)*"
    rf"[{_cls(POSTFIX_SIGNS)}]*"
)
#: A run of full-width digits or letters (２０２０, ＣＣＴＶ), with a prefix
#: and postfix sign and the marks inside numbers: set 1 em a character on the
#: grid, never broken inside (docs/linebreak-tailoring.md, row FNU).
FULLWIDTH_RUN = re.compile(
    rf"[{_cls(PREFIX_SIGNS)}]?(?=[０-９Ａ-Ｚａ-ｚ])"
    r"[０-９Ａ-Ｚａ-ｚ]+(?:[．∶：／.][０-９]+)*"
    rf"[{_cls(POSTFIX_SIGNS)}]*"
)
#: Characters a run may start with.
RUN_START = frozenset("+-−") | PREFIX_SIGNS


def is_han(ch: str) -> bool:
    """True for CJK ideographs (URO, extensions A-H, compatibility), kana and
    the ideographic iteration marks: characters set on the 1-em grid."""
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0x3040 <= o <= 0x30FF or ch in "々〇〻")


def is_latin_char(ch: str) -> bool:
    """True for characters that start a Latin or numeric run."""
    return (ch.isascii() and ch.isalnum() or "\u00C0" <= ch <= "\u024F"
            or ("\u0370" <= ch <= "\u04FF" and ch.isalpha()))


def is_wide(ch: str, advance: float) -> bool:
    """True for a character set a full em wide in Chinese text: East Asian
    width F or W, or A (ambiguous: ℃ ‰ ± № ∶ “) when the face draws it an
    em wide. A wide character at the edge of a Latin or numeric run takes no
    Han/Latin space on that side (clreq 3.2.3 puts it between Han characters
    and Western letters or digits)."""
    eaw = unicodedata.east_asian_width(ch)
    return eaw in ("F", "W") or (eaw == "A" and advance >= 0.9)


def normalize(text: str) -> str:
    """Text as the composer sets it: NFC, line breaks and tabs as spaces.

    Compatibility ideographs (U+F900-U+FAFF) are *not* folded: NFC maps most
    of them to their unified forms, which is what the source means.
    """
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\t\r\n]+", " ", text)
