"""Character classes for Chinese composition (W3C clreq, GB/T 15834-2011).

Each character of a paragraph falls into one class; the composer turns runs
of characters into atoms by class. The sets follow clreq section 3.1.7
("Prohibition rules for line start and line end") and the table of
punctuation marks in clreq appendix A / GB/T 15834-2011 section 4.
"""

from __future__ import annotations

import re
import unicodedata

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

#: An unbreakable Latin or numeric run: letters and digits joined by the
#: marks that live inside numbers, words, URLs and e-mail addresses
#: (12.5%, -3.2℃, 0734-8888888, 2020-12-21, CN43-0031, a@b.cn, http://x.cn/a).
#: clreq 3.2.3 (Western text in Chinese) and 3.1.7 (unbreakable runs).
LATIN_RUN = re.compile(
    r"(?:(?<![0-9A-Za-z])[+\-−](?=[0-9]))?"
    r"[0-9A-Za-z\u00C0-\u024F]+"
    r"(?:[.,:/\-_@+'&#=?~%]+[0-9A-Za-z\u00C0-\u024F]+)*"
    r"[%‰℃°]?"
)


def is_han(ch: str) -> bool:
    """True for CJK ideographs (URO, extensions A-H, compatibility), kana and
    the ideographic iteration marks: characters set on the 1-em grid."""
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0x3040 <= o <= 0x30FF or ch in "々〇〻")


def is_latin_char(ch: str) -> bool:
    """True for characters that start a Latin or numeric run."""
    return ch.isascii() and ch.isalnum() or "\u00C0" <= ch <= "\u024F"


def normalize(text: str) -> str:
    """Text as the composer sets it: NFC, line breaks and tabs as spaces.

    Compatibility ideographs (U+F900-U+FAFF) are *not* folded: NFC maps most
    of them to their unified forms, which is what the source means.
    """
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[\t\r\n]+", " ", text)
