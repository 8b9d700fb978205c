"""Heads broken by words and phrases (headline, kicker, deck, continued heads).

A head that does not fit one line is broken where a reader pauses: at the
spaces and line breaks the editor typed first, then after a sentence or
clause mark, then between phrases, then between words; never inside a word,
never leaving one character alone on a line, and with lines as even as
those allow. Word boundaries come from a Chinese word segmenter (rjieba, the
Rust port of jieba), loaded only when a head must break, with the words of
its dictionary that the head holds (layout.text.wordlist: 1 ms against the
whole dictionary's 0.13 s), its result cached per head text (in the process,
and on disk in the cache folder: layout.cache, ``words/``).
"""

from __future__ import annotations

from functools import lru_cache

from .. import cache as _cache
from ..versions import code_fingerprint
from . import chars as C
from .compose import ComposeStyle, Metrics, _Paragraph, atomize, natural_width

#: Penalty of a break by what it follows (lower is better). A typed space is
#: the editor's own break; a sentence or clause mark ends a phrase for the
#: reader; a phrase boundary lies before a verb, preposition, conjunction or
#: adverb; any other word boundary comes last.
PENALTY_SPACE = 0.0
PENALTY_SENTENCE = 1.0
PENALTY_CLAUSE = 2.0
PENALTY_PHRASE = 4.0
PENALTY_WORD = 6.0
#: Between two nouns (a compound: 经济 | 工作 | 会议) a word boundary is worse.
PENALTY_COMPOUND = 8.0
#: Cost of one em of difference between the longest and shortest line.
BALANCE = 1.0
#: Part-of-speech tags (jieba's) that begin a phrase: verbs, prepositions,
#: conjunctions, adverbs.
PHRASE_START = ("v", "p", "c", "d")
#: Tags of numerals and measure words, kept together (前两月, 2020年).
NUMERIC = ("m", "q", "mq")


@lru_cache(maxsize=1024)
@_cache.json_memo("words", lambda text: f"{text}\0{code_fingerprint()}",
                  lambda v: tuple(tuple(w) for w in v))  # a head segmented once, not once a process
def words(text: str) -> tuple[tuple[str, str], ...]:
    """The head's words with their part-of-speech tags, chunked so that no
    break falls inside a number with its measure word (两月, 2020年, 3万人,
    3条, 三千人, 数万人, 1万余人), after a one-character preposition or conjunction, or before a
    particle (的, 了). Cached per text; the segmenter is loaded on first use, with only
    the text's own words of its dictionary (layout.text.wordlist)."""
    from .wordlist import tag as jieba_tag

    chunks: list[list] = []
    for word, tag in jieba_tag(text):
        if chunks:
            prev_word, prev_tag = chunks[-1]
            glue = (
                (tag in NUMERIC and (prev_tag in NUMERIC or (prev_tag == "f" and len(prev_word) == 1)))
                or (tag in ("u", "y", "ul", "uj", "uz", "ug", "uv") and len(word) == 1)
                or (len(prev_word) == 1 and prev_tag in ("p", "c") and C.is_han(prev_word))
                or (tag == "f" and len(word) == 1 and prev_tag not in ("x",))
                or not word.strip()
                # a number and the measure word or unit after it (3万人,
                # 3条, 三千人, 数万人, 1万余人, 3万多人): the segmenter may tag
                # the unit a noun or run it into the next word, but no line
                # breaks inside; a number in figures, or any number the
                # segmenter tags one, before a one-character word or a
                # measure word
                or (prev_word[-1:].isdigit() and C.is_han(word[:1]))
                or (prev_tag in NUMERIC and (tag == "q" or (len(word) == 1 and C.is_han(word))))
            )
            if glue:
                chunks[-1] = [prev_word + word, prev_tag if tag not in NUMERIC else tag]
                continue
        chunks.append([word, tag])
    return tuple((w, t) for w, t in chunks)


def break_penalties(text: str) -> dict[int, float]:
    """Character index -> penalty of a line break before it, for every place
    a head may break (see the module's docstring); places absent may not."""
    out: dict[int, float] = {}
    pos = 0
    segs = words(text)
    for n, (word, tag) in enumerate(segs):
        if n:
            prev = segs[n - 1][0]
            if not prev.strip() or not word[:1].strip() or prev[-1:].isspace():
                pen = PENALTY_SPACE
            elif prev.rstrip()[-1:] in "。！？!?":
                pen = PENALTY_SENTENCE
            elif prev.rstrip()[-1:] in "，、；：,;:）》」』”":
                pen = PENALTY_CLAUSE
            elif tag[:1] in PHRASE_START:
                pen = PENALTY_PHRASE
            elif tag[:1] == "n" and segs[n - 1][1][:1] == "n" or tag == "vn":
                pen = PENALTY_COMPOUND
            else:
                pen = PENALTY_WORD
            out[pos] = pen
        pos += len(word)
    # a typed space inside a segment (jieba keeps some) is a break too
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1:
            out[i] = out[i + 1] = PENALTY_SPACE
    return out


def break_head(text: str, role: str, metrics: Metrics, style: ComposeStyle,
               max_lines: int) -> list[str] | None:
    """A head broken into lines that each fit the style's measure at its
    size (``style`` from layout.text.styles: the house options apply).

    Args:
        text: the head; a ``\\n`` is the editor's own line break (kept as
            typed, even beyond ``max_lines``).
        role: the face role (headline, kicker, deck).
        metrics: the faces (layout.text.fonts.FontSet).
        style: size (points), measure (the span's width, points) and house
            options.
        max_lines: the most lines allowed.

    Returns: the lines' texts (whitespace at their edges dropped), the
    fewest lines that fit, broken at the best-scoring places: typed spaces,
    then after 。！？, after ，、；：, before a phrase, between words (never
    inside a word, clreq 3.1.7 prohibitions kept), lines as even as those
    allow and none holding a single character. None when no such breaking
    fits.
    """
    size, width = style.size, style.measure
    text = C.normalize(text.replace("\n", "\x00")).replace("\x00", "\n")
    if "\n" in text:
        parts = [p.strip() for p in text.split("\n") if p.strip()]
        if all(natural_width(p, role, metrics, style) <= width + 1e-6 for p in parts):
            return parts
        return None
    text = text.strip()
    if natural_width(text, role, metrics, style) <= width + 1e-6:
        return [text]
    if max_lines < 2:
        return None
    atoms = atomize([(text, role)], metrics, width / size)
    par = _Paragraph(atoms, style)
    penalties = break_penalties(text)
    n = len(atoms)
    room = width / size
    cands = [k for k in range(1, n) if par.can_break(k) and atoms[k].source in penalties]
    # the paragraph's own break at a typed space: the space atom's neighbours
    for k in range(1, n):
        if atoms[k].kind == "space" and par.can_break(k):
            cands.append(k)
    cands = sorted(set(cands))

    def chars(i: int, j: int) -> int:
        return sum(len(a.text) for a in atoms[i:j] if not a.is_mark and a.kind != "space")

    def pen(k: int) -> float:
        if atoms[k].kind == "space" or atoms[k - 1].kind == "space":
            return PENALTY_SPACE
        return penalties[atoms[k].source]

    spaces = [k for k in cands if pen(k) == PENALTY_SPACE]
    for lines in range(2, max_lines + 1):
        # the editor's spaces first: other places only when those do not fit
        best = _best(par, spaces, n, lines, room, chars, pen) if spaces else None
        if best is None:
            best = _best(par, cands, n, lines, room, chars, pen)
        if best is not None:
            bounds = [0, *best, n]
            out = []
            for a, b in zip(bounds, bounds[1:]):
                i, j = par.span(a, b)
                s = atoms[i].source
                e = atoms[j - 1].source + len(atoms[j - 1].text)
                out.append(text[s:e].strip())
            return out
    return None


def _best(par, cands, n, lines, room, chars, pen):
    """The breaks (atom indices) into ``lines`` lines that fit ``room`` em,
    of least penalty plus imbalance (each line's distance in em from the
    mean line, times :data:`BALANCE`), by dynamic programming over the
    candidate breaks; None when none fit."""
    target = par.natural(0, n) / lines
    points = [0, *cands, n]
    # best[(p, l)] = (cost, previous point index): points[p] ends line l
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
    for l in range(1, lines + 1):
        for q in range(1, len(points)):
            if (q == len(points) - 1) != (l == lines):
                continue
            for p in range(q):
                if (p, l - 1) not in best:
                    continue
                a, b = points[p], points[q]
                w = par.natural(a, b)
                if w > room + 1e-6 or chars(*par.span(a, b)) < 2:
                    continue
                cost = best[(p, l - 1)][0] + BALANCE * abs(w - target) + (pen(b) if b < n else 0.0)
                if (q, l) not in best or cost < best[(q, l)][0] - 1e-9:
                    best[(q, l)] = (cost, p)
    end = (len(points) - 1, lines)
    if end not in best:
        return None
    out, key = [], end
    while key[1] > 1:
        p = best[key][1]
        out.append(points[p])
        key = (p, key[1] - 1)
    return out[::-1]
