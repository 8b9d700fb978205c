"""Half-width punctuation in Chinese text: found, and (on request) converted.

GB/T 15834-2011 sets Chinese text with full-width marks: ，；：！？（）and
the quotes “ ” ‘ ’. A half-width , ; : ! ? ( ) or a straight quote typed
between Chinese characters (often pasted from an English keyboard) prints
narrow and with stray spacing. :func:`ascii_marks` finds them with their
positions (``broadsheet check`` warns); :func:`normalize_punctuation`
converts them to the full-width marks (house option
``normalize_punctuation``, off by default), returning every change so the
build can record it. Marks inside Latin text (3,000; a.b; (test) after a
Latin word) are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import breaks as B
from .chars import is_han

#: Half-width mark -> the full-width mark of GB/T 15834-2011 (quotes by
#: their direction, see :func:`layout.text.breaks.quote_directions`).
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
QUOTES = {('"', "open"): "“", ('"', "close"): "”", ("'", "open"): "‘", ("'", "close"): "’"}


@dataclass(frozen=True)
class Mark:
    """A half-width mark in Chinese text: its 0-based index in the text,
    the mark, and the full-width mark it should be."""

    index: int
    char: str
    full: str


def _chinese(ch: str) -> bool:
    """A Han character or a full-width Chinese mark."""
    return bool(ch) and (is_han(ch) or (ord(ch) >= 0x3000 and B.lb_class(ch) in ("OP", "CL", "NS", "ID", "IDSP")))


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character before (step -1) or after (+1) index i that is
    not a space or another half-width mark (,"乡村" : the comma's
    neighbour is 乡)."""
    j = i + step
    while 0 <= j < len(text) and (text[j] == " " or text[j] in ",;:!?()\"'"):
        j += step
    return text[j] if 0 <= j < len(text) else ""


def ascii_marks(text: str) -> list[Mark]:
    """The half-width , ; : ! ? ( ) and straight quotes of ``text`` that
    stand in Chinese text: a Chinese character (Han or a full-width mark) on
    either side, spaces skipped, and not between two ASCII letters or
    digits (3,000 and 12:30 stay). A ``)`` goes with its ``(``. Quotes get
    their direction from pairing within the text."""
    out: list[Mark] = []
    quotes = B.quote_directions(text)
    opened: list[bool] = []
    for i, ch in enumerate(text):
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if ch == "(":
            hit = _chinese(before) or _chinese(after)
            opened.append(hit)
        elif ch == ")":
            hit = opened.pop() if opened else _chinese(before) or _chinese(after)
        elif ch in FULL_WIDTH or ch in "\"'":
            if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                continue  # inside Latin text or a number
            if ch in "\"'" and i not in quotes:
                continue  # an apostrophe
            hit = _chinese(before) or _chinese(after)
        else:
            continue
        if hit:
            full = QUOTES[(ch, quotes[i])] if ch in "\"'" else FULL_WIDTH[ch]
            out.append(Mark(i, ch, full))
    return out


def normalize_punctuation(text: str) -> tuple[str, list[Mark]]:
    """``text`` with :func:`ascii_marks` converted to full-width marks, a
    space typed beside a converted mark dropped (full-width marks carry
    their own blank), and the changes made (indices into the original)."""
    marks = ascii_marks(text)
    if not marks:
        return text, []
    at = {m.index: m for m in marks}
    out = []
    for i, ch in enumerate(text):
        if i in at:
            out.append(at[i].full)
        elif ch == " " and ((i - 1) in at or (i + 1) in at):
            continue
        else:
            out.append(ch)
    return "".join(out), marks


def normalize_article(article, file_name: str = "") -> list[dict]:
    """Convert the half-width marks of an article's text fields in place
    (layout.model.issue.Article: kicker, headline, deck, bylines, dateline,
    body, captions and credits, advertisement lines). Returns one record a
    change: ``{file, article, field, position (1-based), from, to}``."""
    changes: list[dict] = []

    def fix(value: str, field: str) -> str:
        new, marks = normalize_punctuation(value)
        changes.extend({"file": file_name, "article": article.id, "field": field, "position": m.index + 1,
                        "from": m.char, "to": m.full} for m in marks)
        return new

    for name in ("kicker", "headline", "deck", "dateline"):
        setattr(article, name, fix(getattr(article, name), name))
    article.bylines = [fix(b, f"byline[{n}]") for n, b in enumerate(article.bylines)]
    article.body = [fix(p, f"body[{n}]") for n, p in enumerate(article.body)]
    for n, ph in enumerate(article.photos):
        ph.caption = fix(ph.caption, f"photos[{n}].caption")
    article.lines = [(fix(t, f"lines[{n}]"), s, r) for n, (t, s, r) in enumerate(article.lines)]
    return changes


def article_marks(article) -> list[tuple[str, Mark]]:
    """(field, mark) for every half-width mark in an article's Chinese text
    (the fields :func:`normalize_article` converts)."""
    out = []
    fields = [(n, getattr(article, n)) for n in ("kicker", "headline", "deck", "dateline")]
    fields += [(f"byline[{n}]", b) for n, b in enumerate(article.bylines)]
    fields += [(f"body[{n}]", p) for n, p in enumerate(article.body)]
    fields += [(f"photos[{n}].caption", ph.caption) for n, ph in enumerate(article.photos)]
    fields += [(f"lines[{n}]", t) for n, (t, _, _) in enumerate(article.lines)]
    for field, value in fields:
        out += [(field, m) for m in ascii_marks(value or "")]
    return out
