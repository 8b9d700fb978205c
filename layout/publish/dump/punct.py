"""ASCII punctuation -> full-width marks where the text is Chinese (GB/T 15834).

GB/T 15834-2011 sets Chinese text with full-width marks: ， ； ： ！ ？
（ ） and the paired quotes “ ” ‘ ’ (section 4; 4.1 the quotes, nested
double then single). ASCII marks stay where they belong to Latin text,
numbers and addresses (clreq 3.2.3): 3,500 and 12:30 and 3:1, f(x), a Latin
sentence, http://x.cn/a?b=1, a@b.cn, don't.

A mark is set full-width when the nearest character before it (spaces
skipped) is Chinese, or it follows Latin text and the nearest after it is
Chinese; a pair of brackets or quotes when the text inside or the
characters around hold Chinese. Chinese here is a Han character, kana, a
Private Use Area character (a 造字, almost always a Han character) or a
full-width mark. Every mark is reported: set, or kept ASCII in a unit that
holds Chinese (where the other choice was possible).
"""

from __future__ import annotations

import re

from ...text.chars import is_han
from .located import Located
from .report import Decision

FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
#: Full-width marks (the targets, and the marks already in Chinese text).
FW_MARKS = frozenset("，。、；：！？（）“”‘’《》〈〉【】「」『』〔〕…—·～")
_URL = re.compile(r"(?:https?|ftp)://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+|www\.[A-Za-z0-9\-._~/?#@%=&+]+"
                  r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def is_chinese(ch: str | None) -> bool:
    """Han, kana, PUA (造字), CJK symbols and full-width forms, the marks of
    Chinese text (“ ” ‘ ’ … —), circled numbers."""
    if ch is None:
        return False
    o = ord(ch)
    return (is_han(ch) or 0xE000 <= o <= 0xF8FF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF
            or ch in FW_MARKS or 0x2460 <= o <= 0x24FF or 0x3200 <= o <= 0x33FF)


def _latin(ch: str | None) -> bool:
    return ch is not None and (ch.isascii() and ch.isalnum() or "\u00C0" <= ch <= "\u024F")


def _protected(text: str) -> set[int]:
    """Indices inside URLs, www. addresses and e-mail addresses (trailing
    sentence marks and an unbalanced closing bracket left outside)."""
    out: set[int] = set()
    for m in _URL.finditer(text):
        s, e = m.start(), m.end()
        while e > s and (text[e - 1] in ".,;:!?'\"" or text[e - 1] == ")" and
                         text[s:e].count(")") > text[s:e].count("(")):
            e -= 1
        out.update(range(s, e))
    return out


def _near(text: str, i: int, step: int, skip: str = "") -> str | None:
    """The nearest character from ``i`` (exclusive) in direction ``step``,
    spaces (and ``skip``) passed over; None at the unit's edge."""
    j = i + step
    while 0 <= j < len(text):
        if not text[j].isspace() and text[j] not in skip:
            return text[j]
        j += step
    return None


def _latin_sentence(text: str, i: int) -> bool:
    """True when the non-Chinese run before ``i`` holds several Latin
    words (a Latin sentence, whose marks stay ASCII), not one term such as
    App, 5G or a@b.cn inside a Chinese sentence."""
    j = i
    while j > 0 and not is_chinese(text[j - 1]):
        j -= 1
    return bool(re.search(r"[A-Za-z]+[ ,;:]+[A-Za-z]+", text[j:i]))


def _quote_roles(text: str, idx: list[int]) -> list[str]:
    """'open' or 'close' for each straight quote at ``idx``: from the
    context where it is clear (the unit's start, a space, an opening
    bracket or a colon before it: opening; the unit's end, a space, a
    closing bracket, a pause or a stop after it: closing), else alternating
    (after a stop, as in 。"他说, a quote may open or close)."""
    roles, is_open = [], False
    for i in idx:
        prev = text[i - 1] if i > 0 else None
        nxt = text[i + 1] if i + 1 < len(text) else None
        opens = (prev is None or prev.isspace() or prev in "（([《“‘：:") and nxt is not None and not nxt.isspace()
        closes = (nxt is None or nxt.isspace() or nxt in "）)]》，,。.、；;！!？?…”’") and prev is not None \
            and not prev.isspace()
        role = "open" if opens and not closes else "close" if closes and not opens else (
            "close" if is_open else "open")
        roles.append(role)
        is_open = role == "open"
    return roles


def convert(unit: Located, article: str = "") -> tuple[Located, list[Decision]]:
    """Set the ASCII marks of one unit (a paragraph after joining, a head
    line, a byline, a caption) full-width where the text is Chinese.

    Returns the converted text (same length, same positions) and one
    Decision per mark: set (``chosen`` "set ，", alternative "keep ,"), or
    kept ASCII where the unit holds Chinese.
    """
    text = list(unit.text)
    s = unit.text
    guard = _protected(s)
    decisions: list[Decision] = []
    has_chinese = any(is_chinese(c) for c in s)

    def record(i: int, new: str | None, why: str):
        line, col = unit.where[i]
        old = s[i]
        if new is not None:
            text[i] = new
            decisions.append(Decision(line, col, "punct", f"set {new} for {old}", f"keep {old}", why, article))
        elif has_chinese:
            alt = FULL.get(old, {"\"": "“ or ”", "'": "‘ or ’"}.get(old, "。"))
            decisions.append(Decision(line, col, "punct", f"kept {old}", f"set {alt}", why, article))

    # brackets, paired; then quotes; then the single marks, left to right
    stack, pairs, lone = [], [], []
    for i, ch in enumerate(s):
        if i in guard:
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            (pairs.append((stack.pop(), i)) if stack else lone.append(i))
    lone += stack
    for i, j in pairs:
        inside, before, after = s[i + 1:j], _near(s, i, -1), _near(s, j, 1)
        if any(is_chinese(c) for c in inside):
            why = "Chinese inside the brackets"
        elif i > 0 and _latin(s[i - 1]):
            record(i, None, f"Latin text inside, bracket attached to Latin {s[i - 1]} (as in f(x))")
            record(j, None, f"Latin text inside, bracket attached to Latin {s[i - 1]} (as in f(x))")
            continue
        elif is_chinese(before) or is_chinese(after):
            why = f"Chinese around the brackets ({before or ''}…{after or ''})"
        else:
            record(i, None, "Latin text in and around the brackets")
            record(j, None, "Latin text in and around the brackets")
            continue
        record(i, "（", why)
        record(j, "）", why)
    for i in lone:
        before, after = _near(s, i, -1), _near(s, i, 1)
        if is_chinese(before) or is_chinese(after):
            record(i, FULL[s[i]], f"an unpaired bracket beside Chinese ({before or ''}…{after or ''})")
        else:
            record(i, None, "an unpaired bracket in Latin text")

    for q, (opening, closing) in (('"', ("“", "”")), ("'", ("‘", "’"))):
        idx = [i for i, ch in enumerate(s) if ch == q and i not in guard
               and not (q == "'" and (_latin(s[i - 1] if i else None) and _latin(s[i + 1] if i + 1 < len(s) else None)
                                      or (s[i - 1] if i else "").isdigit()))]
        roles = _quote_roles(s, idx)
        k = 0
        while k < len(idx):
            i = idx[k]
            if roles[k] == "open" and k + 1 < len(idx) and roles[k + 1] == "close":
                j = idx[k + 1]
                inside, before, after = s[i + 1:j], _near(s, i, -1), _near(s, j, 1)
                if any(is_chinese(c) for c in inside) or is_chinese(before) or is_chinese(after):
                    why = "Chinese inside or around the quotes"
                    record(i, opening, why)
                    record(j, closing, why)
                else:
                    record(i, None, "Latin text in and around the quotes")
                    record(j, None, "Latin text in and around the quotes")
                k += 2
                continue
            before, after = _near(s, i, -1), _near(s, i, 1)
            if is_chinese(before) or is_chinese(after):
                record(i, opening if roles[k] == "open" else closing,
                       f"an unpaired quote beside Chinese, taken as {'opening' if roles[k] == 'open' else 'closing'}"
                       " from its context")
            else:
                record(i, None, "an unpaired quote in Latin text")
            k += 1

    for i, ch in enumerate(s):
        if i in guard or ch not in ",;:!?":
            continue
        prev_raw = s[i - 1] if i else None
        next_raw = s[i + 1] if i + 1 < len(s) else None
        if ch in ",:" and prev_raw is not None and next_raw is not None and prev_raw.isdigit() and next_raw.isdigit():
            record(i, None, f"between digits ({prev_raw}{ch}{next_raw}: a number, time or ratio)")
            continue
        before = _near("".join(text), i, -1)
        after = _near(s, i, 1, skip=",;:!?.")
        if is_chinese(before):
            record(i, FULL[ch], f"after {before}")
        elif is_chinese(after):
            record(i, FULL[ch], f"before {after}" + (f", after Latin {before}" if _latin(before) else ""))
        elif after is None and has_chinese and not _latin_sentence(s, i):
            record(i, FULL[ch], "ends a Chinese unit after a Latin word")
        else:
            record(i, None, f"in Latin text ({before or ''}{ch}{after or ''})")

    for i, ch in enumerate(s):  # an ASCII full stop after Chinese: not converted, but shown
        if ch == "." and i not in guard and i > 0 and is_han(s[i - 1]) and (
                i + 1 == len(s) or is_chinese(s[i + 1]) or s[i + 1].isspace()):
            record(i, None, f"an ASCII full stop after {s[i - 1]}: not one of the marks converted")
    return Located("".join(text), unit.where), decisions


def tidy_spaces(unit: Located, article: str = "") -> tuple[Located, list[Decision]]:
    """The spaces next to a full-width mark taken out: a full-width mark
    carries its own space (GB/T 15834 5.1). For body paragraphs and
    captions, after :func:`collapse_spaces`; not for heads (a head's spaces
    are the editor's, as in 大展身手！ 衡阳代表队拔头筹)."""
    out, decisions = unit, []
    i = 0
    while i < len(out):
        before = out.text[i - 1] if i else None
        after = out.text[i + 1] if i + 1 < len(out) else None
        if out.text[i].isspace() and (before in FW_MARKS or after in FW_MARKS):
            line, col = out.where[i]
            decisions.append(Decision(line, col, "space", f"took out the space between {before} and {after}",
                                      "keep it", "a full-width mark carries its own space", article))
            out = out.delete_at(i)
            continue
        i += 1
    return out, decisions


def collapse_spaces(unit: Located) -> Located:
    """Whitespace runs as one space (U+3000 kept), none at either end."""
    out = unit.strip()
    i = 0
    while i < len(out):
        if out.text[i].isspace():
            j = i
            while j < len(out) and out.text[j].isspace():
                j += 1
            out = out.replace_at(i, "\u3000" if out.text[i] == "\u3000" else " ")
            for _ in range(j - i - 1):
                out = out.delete_at(i + 1)
        i += 1
    return out
