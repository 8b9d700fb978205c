"""The composer: a paragraph of text -> lines of positioned glyphs.

Pure Python, no PDF. A paragraph is a list of spans ``(text, role)``; the
role picks the face (body, dateline ...). Units are points unless said; the
em is the type size.

The steps, each a named function below with its source:

1. :func:`atomize`: text -> atoms (a Han character, an unbreakable Latin or
   numeric run, a punctuation mark with its blank halves, a two-em dash or
   ellipsis, a space).
2. :func:`pair_trims`: adjacent punctuation compressed so two marks take
   1.5 em and three take 2 em (clreq 3.1.6, GB/T 15834 5.1.10 notes).
3. :func:`break_paragraph`: greedy line breaking on the measure with the
   prohibition rules (clreq 3.1.7), "push in before pushing out"
   (先挤进，后推出), and no single-character last line (clreq 3.1.8 notes).
4. :func:`justify`: the line set flush on both sides: reduce first, then
   expand word and Han/Latin spaces, and only last spread all gaps evenly
   (clreq 3.8 / shared/docs/newspaper-typesetting.md 4).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from ..model.units import TOLERANCE
from . import breaks as B
from . import chars as C

#: The composer's tolerance, in em (the same number as the points tolerance).
EPS = TOLERANCE
#: The most, in em, that justification adds to one gap between atoms before
#: it spaces out the letters of Latin words as well.
INTER_MAX = 0.25
#: The most a gap between two Han characters of a body line may stretch
#: before the line counts as loose (issue 8: copy-paste inserts spaces
#: between Han characters beyond it, and the grid is lost).
LOOSE_MAX = 0.25
#: Total-fit costs of a line whose Han characters leave the grid: any
#: stretch of a pure Han line (no marks, no Latin: the reader sees letter
#: spacing), and stretch beyond LOOSE_MAX on any line. Compressing marks in
#: neighbouring lines, or a break before an opening bracket, costs less.
PURE_STRETCH_COST = 30.0
LOOSE_COST = 1e3
#: Marks a line may compress to 1/2 em when it must reduce (shared docs
#: section 4, after clreq 3.8: pause marks first).
SHRINKABLE_MARKS = frozenset("，、；：")


class Metrics(Protocol):
    """What the composer needs to know of the faces (see layout.fonts.FontSet).

    ``advance`` is in em; ``ink`` is ``'left'``, ``'right'`` or ``'center'``:
    where a punctuation mark's ink sits in its em; ``face_key`` names the face
    that draws the character for that role (None when no face has it).
    """

    def advance(self, ch: str, role: str) -> float: ...
    def ink(self, ch: str, role: str) -> str: ...
    def face_key(self, ch: str, role: str) -> str | None: ...


@dataclass(frozen=True)
class ComposeStyle:
    """House options of the composer.

    Attributes:
        size: type size in points.
        measure: line length in points.
        indent: first-line indent in em (2 by default, clreq 3.4.1).
        justify: set non-final lines flush on both sides.
        level: prohibition level: ``loose``, ``basic`` or ``strict`` (clreq 3.1.7).
        han_latin: space between Han and Latin/digits, in em (clreq 3.2.3: 1/4).
        han_latin_min: the least it may shrink to, in em (1/8).
        han_latin_max: the most it may grow to, in em.
        word_space_max: the most a Latin word space may grow to, in em.
        open_at_start_half: an opening mark at a line start loses its blank
            left half (house option; clreq 3.1.6 allows it).
        last_line_min: the fewest atoms (not counting marks) on a
            paragraph's last line (2: never a single character).
        prefer_breaks_at_spaces: headline mode: break at typed spaces or after
            punctuation first.
    """

    size: float = 9.0
    measure: float = 117.0
    indent: float = 2.0
    justify: bool = True
    level: str = "basic"
    han_latin: float = 0.25
    han_latin_min: float = 0.125
    han_latin_max: float = 1 / 3
    word_space_max: float = 0.5
    open_at_start_half: bool = False
    last_line_min: int = 2
    prefer_breaks_at_spaces: bool = False


@dataclass
class Atom:
    """An unbreakable piece of a line.

    ``width`` is the natural width in em; ``lead``/``trail`` the blank em the
    mark may lose on its left/right (0.5 for a full-width mark's empty half);
    ``offsets`` the x of each character from the atom's left, in em.
    """

    text: str
    kind: str  # han latin open close stop middle fixed paired space aopen aclose other
    role: str
    width: float
    offsets: list[float]
    lead: float = 0.0
    trail: float = 0.0
    source: int = 0  # index of the first character in the paragraph text
    scale: float = 1.0  # horizontal scale of the glyphs (a narrow dash drawn an em wide)
    wide_lead: bool = False  # a run whose first character is full width (￥2500): no Han/Latin space before
    wide_trail: bool = False  # a run whose last character is full width (12℃): no Han/Latin space after
    soft: bool = False  # a typed ASCII space turned into an em space between Han: breakable both sides

    @property
    def is_mark(self) -> bool:
        return self.kind in ("open", "close", "stop", "middle", "fixed", "aclose", "aopen")


@dataclass
class PlacedGlyph:
    """One character placed on a line: x from the line's left edge in points;
    ``scale`` its horizontal scale (1: as the face draws it)."""

    ch: str
    x: float
    role: str
    face: str | None
    scale: float = 1.0


@dataclass
class Line:
    """A composed line.

    Attributes:
        glyphs: the characters with their x (points from the line's left).
        width: the width the line fills, in points (the measure for a
            justified line, the natural width for a paragraph's last line).
        last: the paragraph's last line.
        text: the characters of the line, spaces dropped at the edges.
        adjust: points added (+) or removed (-) to justify the line.
        missing: characters no face has.
        start: the index in the paragraph's text (its spans joined, after
            :func:`layout.text.chars.normalize`) of the line's first
            character, so the rest of a paragraph can be broken again at
            another measure (a jump, a frame of another width).
    """

    glyphs: list[PlacedGlyph]
    width: float
    last: bool
    text: str
    adjust: float = 0.0
    missing: list[str] = field(default_factory=list)
    #: em added to each gap between two Han characters to justify the line
    #: (0 for a line set solid); over :data:`LOOSE_MAX` the line is loose
    stretch: float = 0.0
    #: (character, role) drawn by a face of another weight class than the
    #: role's own (a fallback face: layout.text.fonts.FontSet.reweighted)
    reweighted: list[tuple[str, str]] = field(default_factory=list)
    #: variation sequences (base + selector) the drawing face does not list:
    #: drawn as the base character (the selector is kept in the page text)
    sequences: list[str] = field(default_factory=list)
    start: int = 0

    @property
    def loose(self) -> bool:
        """Gaps between Han characters stretched more than LOOSE_MAX em."""
        return self.stretch > LOOSE_MAX + 1e-6


# ---------------------------------------------------------------- atoms


def is_attached(ch: str) -> bool:
    """True for characters drawn with the one before them: combining marks
    (Mn, Me), variation selectors and the zero-width joiner."""
    return unicodedata.category(ch) in ("Mn", "Me") or ch == "\u200d" or \
        "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def is_selector(ch: str) -> bool:
    """A variation selector or zero-width joiner: it picks the form of the
    character before it and has no glyph of its own. One no face maps is
    not drawn and not reported missing (the faces' variation sequences,
    cmap format 14, are not read)."""
    return ch == "\u200d" or "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


def classify(ch: str) -> str:
    """The composer's kind of one character, from its tailored UAX #14
    line-break class (layout.text.breaks, docs/linebreak-tailoring.md):

    ``open``/``close`` full-width opening and closing marks (blank halves),
    ``aopen``/``aclose`` their half-width (Western) forms and . , ; : ! ?,
    ``stop`` 。．，、, ``middle`` ：；！？‼ (blank half, compressible),
    ``fixed`` · ・ ～ ／ (fixed width), ``paired`` —— ……, ``space``,
    ``han`` ideographs and everything set on the 1-em grid, ``other`` the
    rest (proportional symbols and letters outside a run).
    """
    if ch in " \u3000\u00a0\u2002":
        return "space"
    cls = B.lb_class(ch)
    wide = unicodedata.east_asian_width(ch) in ("F", "W", "A")
    if cls == "OP":
        return "open" if wide else "aopen"
    if cls == "CL":
        return "stop" if ch in B.STOPS else ("close" if wide else "aclose")
    if cls in ("IS", "EX"):
        return "middle" if wide else "aclose"
    if cls == "QU":
        return "aclose"  # a straight quote; atomize gives it its direction
    if cls == "NS":
        if ch in C.MIDDLE:
            return "middle"
        return "han" if unicodedata.category(ch).startswith("L") else "fixed"
    if cls == "B2":
        return "paired"
    if cls == "PO" and not wide:
        return "aclose"
    if cls == "PR" and not wide:
        return "aopen"
    return "han" if (C.is_han(ch) or ord(ch) > 0x2E80 or wide) else "other"


def atomize(spans: Sequence[tuple[str, str]], metrics: Metrics, measure_em: float) -> list[Atom]:
    """Cut a paragraph into atoms.

    Args:
        spans: ``(text, role)`` pairs in reading order.
        metrics: advances and ink sides of the faces.
        measure_em: the measure in em; a Latin run longer than it is cut at
            its own safe points (after / . - or between digit groups).

    Returns: atoms in order. Typed spaces next to Han characters or Chinese
    punctuation are dropped (the Han/Latin space replaces them, clreq 3.2.3);
    a space between two Han characters becomes a 1-em ideographic space (a
    phrase separator in heads); spaces between Latin runs stay word spaces.
    """
    atoms: list[Atom] = []
    pos = 0
    quotes = B.quote_directions("".join(C.normalize(t) for t, _ in spans))
    for text, role in spans:
        text = C.normalize(text)
        i = 0
        while i < len(text):
            ch = text[i]
            m = C.LATIN_RUN.match(text, i) if (C.is_latin_char(ch) or ch in C.RUN_START) else None
            if m and m.end() > i:
                run = m.group()
                atoms.extend(_latin_atoms(run, role, metrics, measure_em, pos + i))
                i = m.end()
                continue
            m = C.FULLWIDTH_RUN.match(text, i) if B.lb_class(ch) in ("FNU", "PR") else None
            if m and m.end() > i:
                # full-width digits or letters: on the grid like Han, never split
                run = m.group()
                adv = [metrics.advance(c, role) for c in run]
                a = _run_atom(run, adv, role, pos + i)
                a.kind = "han"
                atoms.append(a)
                i = m.end()
                continue
            if atoms and is_attached(ch):
                # a combining mark, variation selector or joiner stays with
                # the character before it: no break, no width of its own (a
                # space carrying a mark is no longer a space)
                prev = atoms[-1]
                if prev.kind == "space":
                    prev.kind, prev.text, prev.width = "other", " ", metrics.advance(" ", role)
                prev.text += ch
                prev.offsets.append(prev.offsets[-1] if prev.offsets else 0.0)
                i += 1
                continue
            kind = classify(ch)
            if kind == "paired" and i + 1 < len(text) and text[i + 1] == ch:
                # —— and …… take two em (GB/T 15834 4.9, 4.11); a face whose
                # dash is narrower than an em has it drawn stretched to one em
                # so the two join
                w = metrics.advance(ch, role) or 1.0
                atoms.append(Atom(ch * 2, "paired", role, 2.0, [0.0, 1.0], source=pos + i,
                                  scale=1.0 / w if w < 0.98 else 1.0))
                i += 2
                continue
            if ch in "\"'":
                kind = "aopen" if quotes.get(pos + i) == "open" else "aclose"
            w = metrics.advance(ch, role)
            a = Atom(ch, kind, role, w, [0.0], source=pos + i)
            if kind in ("open", "close", "stop", "middle"):
                side = metrics.ink(ch, role)
                if side == "left":
                    a.trail = w / 2
                elif side == "right":
                    a.lead = w / 2
            if kind == "space":
                a.text = {"\u3000": "\u3000", "\u2002": "\u2002"}.get(ch, " ")
            atoms.append(a)
            i += 1
        pos += len(text)
    return _settle_spaces(atoms, metrics)


#: Where a run longer than the measure may break: after these marks (a URL's
#: / and ., an address's @, a number's -), never between two letters or digits
#: unless a piece is still longer than the measure (clreq 3.2.3 notes).
RUN_SAFE_BREAKS = frozenset("/.-_@?&=#:,")


def is_address(run: str) -> bool:
    """A URL or an e-mail address: house rule, these break at their safe points
    (after / . @ ...) wherever a line needs it, whatever their length."""
    return "://" in run or run.lower().startswith("www.") or ("@" in run and "." in run.split("@")[-1])


def _latin_atoms(run: str, role: str, metrics: Metrics, measure_em: float, src: int) -> list[Atom]:
    """A Latin or numeric run as one atom; a run wider than the measure (or a
    URL or e-mail address) as pieces that end at its safe break points (kind ``latin-part``: a line
    may end after one), a piece still wider than the measure cut between
    digit groups of four or, last, between characters."""
    adv = [metrics.advance(c, role) for c in run]
    if sum(adv) <= measure_em + EPS and not is_address(run):
        return [_run_atom(run, adv, role, src)]
    cuts = [k + 1 for k, c in enumerate(run[:-1]) if c in RUN_SAFE_BREAKS and run[k + 1] not in RUN_SAFE_BREAKS]
    bounds = [0] + cuts + [len(run)]
    pieces: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        while sum(adv[a:b]) > measure_em + EPS and b - a > 1:
            # the longest prefix that fits, ending after a digit group if one does
            k = a + 1
            while k < b and sum(adv[a:k + 1]) <= measure_em + EPS:
                k += 1
            groups = [m for m in range(a + 1, k) if (m - a) % 4 == 0 and run[a:m].isdigit()]
            k = groups[-1] if groups else k
            pieces.append((a, k))
            a = k
        pieces.append((a, b))
    out = [_run_atom(run[a:b], adv[a:b], role, src + a) for a, b in pieces]
    for atom in out[:-1]:
        atom.kind = "latin-part"
    return out


def _run_atom(text: str, adv: list[float], role: str, src: int) -> Atom:
    offs, x = [], 0.0
    for w in adv:
        offs.append(x)
        x += w
    return Atom(text, "latin", role, x, offs, source=src,
                wide_lead=C.is_wide(text[0], adv[0]), wide_trail=C.is_wide(text[-1], adv[-1]))


def _settle_spaces(atoms: list[Atom], metrics: Metrics) -> list[Atom]:
    """Drop or widen typed spaces by their neighbours (clreq 3.2.3)."""
    out: list[Atom] = []
    for k, a in enumerate(atoms):
        if a.kind != "space":
            out.append(a)
            continue
        prev = out[-1] if out else None
        nxt = next((b for b in atoms[k + 1:] if b.kind != "space"), None)
        if prev is None or nxt is None or prev.kind == "space":
            continue
        latin_side = lambda b: b.kind in ("latin", "latin-part", "aopen", "aclose", "other")
        if a.text == "\u3000":
            # a typed ideographic space is a character one em wide, never a
            # word space (docs/linebreak-tailoring.md, row IDSP)
            a.width = 1.0
            out.append(a)
        elif latin_side(prev) and latin_side(nxt):
            a.text, a.width = " ", metrics.advance(" ", a.role)
            out.append(a)
        elif a.text == "\u2002":  # an en space typed on purpose: 1/2 em
            a.width = 0.5
            out.append(a)
        elif prev.kind == "han" and nxt.kind == "han":
            a.text, a.width, a.soft = "\u3000", 1.0, True
            out.append(a)
        # else: a space beside Chinese punctuation or between Han and Latin: dropped
    return out


# ---------------------------------------------------------------- widths


def pair_trims(atoms: Sequence[Atom]) -> list[tuple[float, float]]:
    """Blank trimmed from each atom by its neighbours: (left, right) in em.

    Two adjacent full-width marks lose the blank half between them, so the
    pair takes 1.5 em and three marks take 2 em (clreq 3.1.6 and appendix;
    GB/T 15834-2011 5.1.10 notes). The mark whose blank faces the other loses
    it: a closing or stop mark its right half, else the opening mark its left.
    Fixed-width marks (· and the like) are never adjusted.
    """
    trims = [[0.0, 0.0] for _ in atoms]
    for k in range(1, len(atoms)):
        a, b = atoms[k - 1], atoms[k]
        if a.kind not in ("open", "close", "stop", "middle") or b.kind not in ("open", "close", "stop", "middle"):
            continue
        if a.trail and not trims[k - 1][1]:
            trims[k - 1][1] = a.trail
        elif b.lead and not trims[k][0]:
            trims[k][0] = b.lead
    return [(l, r) for l, r in trims]


def gap_natural(a: Atom, b: Atom, style: ComposeStyle) -> float:
    """The space between two atoms on a line, in em: 1/4 em between a Han
    character and a Latin run (clreq 3.2.3), none next to punctuation."""
    lat = ("latin", "latin-part")
    if a.kind == "han" and (b.kind == "aopen" or (b.kind in lat and not b.wide_lead)):
        return style.han_latin
    if b.kind == "han" and (a.kind == "aclose" or (a.kind in lat and not a.wide_trail)):
        return style.han_latin
    return 0.0


class _Paragraph:
    """Atoms with their trims and the width arithmetic of candidate lines."""

    def __init__(self, atoms: list[Atom], style: ComposeStyle):
        self.atoms = atoms
        self.style = style
        self.trims = pair_trims(atoms)
        self.gaps = [0.0] + [gap_natural(atoms[k - 1], atoms[k], style) for k in range(1, len(atoms))]
        self._tables = None
        self._edges = None
        self._shrink = None
        # prefix sums: widths less pair trims, and gaps, for natural() in O(1)
        self._pw, self._pg = [0.0], [0.0]
        # prefix sums for han_stretch() and pure(): word-space caps, Han/Latin
        # caps, Han-Han neighbours, atoms that are not a single Han character
        self._pws, self._phl, self._phh, self._pnh = [0.0], [0.0], [0], [0]
        for k, a in enumerate(atoms):
            self._pw.append(self._pw[-1] + a.width - self.trims[k][0] - self.trims[k][1])
            self._pg.append(self._pg[-1] + self.gaps[k])
            ws = a.kind == "space" and a.text == " "
            self._pws.append(self._pws[-1] + (max(0.0, style.word_space_max - a.width) if ws else 0.0))
            self._phl.append(self._phl[-1] + (max(0.0, style.han_latin_max - self.gaps[k]) if self.gaps[k] > 0 else 0.0))
            self._phh.append(self._phh[-1] + (1 if k and a.kind == "han" and atoms[k - 1].kind == "han" else 0))
            self._pnh.append(self._pnh[-1] + (0 if a.kind == "han" and len(a.text) == 1 else 1))

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Atoms i..j-1 less spaces at either edge."""
        while i < j and self.atoms[i].kind == "space":
            i += 1
        while j > i and self.atoms[j - 1].kind == "space":
            j -= 1
        return i, j

    def cuts(self, i: int, j: int) -> list[tuple[float, float]]:
        """(left, right) blank cut from each atom of line i..j-1, in em:
        pair trims inside the line, the line-end mark set to 1/2 em
        (GB/T 15834 5.1.10), and the house option for opening marks at the
        start of a line other than a paragraph's first."""
        out = [list(self.trims[k]) for k in range(i, j)]
        if not out:
            return []
        out[0][0] = self._first_cut(i)
        out[-1][1] = self._last_cut(j - 1)
        return [(l, r) for l, r in out]

    def _first_cut(self, i: int) -> float:
        # a pair trim that came from the atom before the line does not apply
        first = self.atoms[i]
        # not at the start of an indented paragraph: its indent stays whole
        at_start = i > 0 or self.style.indent == 0
        return first.lead if (self.style.open_at_start_half and first.kind == "open" and at_start) else 0.0

    def _last_cut(self, k: int) -> float:
        last = self.atoms[k]
        return last.trail if last.trail else self.trims[k][1]

    def natural(self, i: int, j: int) -> float:
        """Natural width of line i..j-1 in em (spaces at its edges dropped)."""
        i, j = self.span(i, j)
        if i >= j:
            return 0.0
        return (self._pw[j] - self._pw[i] + self._pg[j] - self._pg[i + 1]
                + self.trims[i][0] - self._first_cut(i) + self.trims[j - 1][1] - self._last_cut(j - 1))

    def shrinkables(self, i: int, j: int) -> list[list[tuple[int, float]]]:
        """What line i..j-1 may lose, by priority: word spaces, then marks
        still full width (，、；： to 1/2 em), then Han/Latin spaces down
        to 1/8 em. Each entry: (atom index or -gap index - 1, em)."""
        i, j = self.span(i, j)
        s = self.style
        spaces, marks, hl = [], [], []
        cuts = self.cuts(i, j)
        for k, (l, r) in zip(range(i, j), cuts):
            a = self.atoms[k]
            if a.kind == "space" and a.text == " ":
                spaces.append((k, a.width * 0.4))
            elif a.text in SHRINKABLE_MARKS and k != j - 1 and a.trail - r > EPS:
                marks.append((k, a.trail - r))
            if k > i and self.gaps[k] > 0:
                hl.append((-k - 1, self.gaps[k] - s.han_latin_min))
        return [spaces, marks, hl]

    def han_stretch(self, i: int, j: int, room: float) -> float:
        """Em that :func:`justify` adds to each gap between two Han
        characters of line i..j-1 set on ``room`` em, after word and
        Han/Latin spaces took their share (0 when those absorb it all, or
        when no two Han characters stand side by side)."""
        i, j = self.span(i, j)
        need = room - self.natural(i, j)
        if need <= EPS or j - i < 2:
            return 0.0
        if self._phh[j] - self._phh[i + 1] == 0:
            return 0.0
        cap = (self._pws[j - 1] - self._pws[i + 1]) + (self._phl[j] - self._phl[i + 1])
        return max(0.0, need - cap) / (j - i - 1)

    def pure(self, i: int, j: int) -> bool:
        """Line i..j-1 holds only Han characters (no marks, runs, spaces)."""
        i, j = self.span(i, j)
        return self._pnh[j] - self._pnh[i] == 0

    def min_width(self, i: int, j: int) -> float:
        """The narrowest line i..j-1 may be set at, in em: its natural width
        less all that :meth:`shrinkables` gives (summed in the same order)."""
        nat = self.natural(i, j)
        i, j = self.span(i, j)
        if i >= j:
            return nat
        if self._shrink is None:
            s = self.style
            atoms, trims, gaps = self.atoms, self.trims, self.gaps
            space = [a.width * 0.4 if (a.kind == "space" and a.text == " ") else 0.0 for a in atoms]
            mark = []
            for k, a in enumerate(atoms):
                e = a.trail - trims[k][1]
                mark.append(e if (a.kind != "space" and a.text in SHRINKABLE_MARKS and e > EPS) else 0.0)
            hl = [gaps[k] - s.han_latin_min if gaps[k] > 0 else 0.0 for k in range(len(atoms))]
            self._shrink = (space, mark, hl)
        space, mark, hl = self._shrink
        # zeros added to a float sum leave it as it is: the same sum as
        # shrinkables' spaces, then marks, then Han/Latin spaces
        total = sum(space[i:j])
        total = sum(mark[i:j - 1], total)
        total = sum(hl[i + 1:j], total)
        return nat - total

    def break_table(self) -> tuple[list[bool], list[int], list[int]]:
        """For the breakers' inner loops, computed once: ``can_break(k)`` for
        k = 0..n; for each i the first atom at or after i that is not a
        space (n when none); for each j the end of the atoms before j less
        trailing spaces (so ``span(i, j)`` is two look-ups)."""
        if self._tables is None:
            atoms = self.atoms
            n = len(atoms)
            brk = [self.can_break(k) for k in range(n + 1)]
            starts = [n] * (n + 1)
            nxt = n
            for k in range(n - 1, -1, -1):
                if atoms[k].kind != "space":
                    nxt = k
                starts[k] = nxt
            ends = [0] * (n + 1)
            end = 0
            for k in range(1, n + 1):
                if atoms[k - 1].kind != "space":
                    end = k
                ends[k] = end
            self._tables = (brk, starts, ends)
        return self._tables

    def edge_table(self) -> tuple[list[float], list[float], list[float], list[float]]:
        """Per atom: its left pair trim, :meth:`_first_cut`, its right pair
        trim, :meth:`_last_cut` (the terms :meth:`natural` adds at a line's
        edges)."""
        if self._edges is None:
            n = len(self.atoms)
            self._edges = ([t[0] for t in self.trims], [self._first_cut(k) for k in range(n)],
                           [t[1] for t in self.trims], [self._last_cut(k) for k in range(n)])
        return self._edges

    def can_break(self, k: int) -> bool:
        """May a line end before atom k? (clreq 3.1.7 prohibitions)"""
        if k <= 0 or k >= len(self.atoms):
            return True
        a, b = self.atoms[k - 1], self.atoms[k]
        if b.kind == "space":
            if b.text == "\u3000" and not b.soft:
                # a typed U+3000 stays with the term after it; between two
                # ideographs (a padded name, 李　明) with the one before too
                nxt = self.atoms[k + 1] if k + 1 < len(self.atoms) else None
                return not (nxt is not None and C.is_han(a.text[-1]) and C.is_han(nxt.text[0]))
            return True
        if a.kind == "space":
            if a.text == "\u3000" and not a.soft:
                return False
            # a space: break at it unless what follows may not start a line
            return self._may_start(b)
        if a.kind == "latin-part":
            return True
        if a.kind in ("latin",) and b.kind in ("latin", "latin-part"):
            return False
        if a.kind == "aopen" or not B.may_end(a.text[-1]):
            return False
        return self._may_start(b)

    def _may_start(self, b: Atom) -> bool:
        """May atom b begin a line? (clreq 3.1.7 at the style's level, from
        the tailored line-break classes of layout.text.breaks)"""
        if b.kind == "aclose":
            return False
        return B.may_start(b.text[0], self.style.level)

    def weight(self, k: int) -> int:
        """Headline mode: how good a break before atom k is (higher is
        better): at a typed space 3, after a sentence's end (。！？) 2, after
        another mark 1, elsewhere 0."""
        if k <= 0 or k >= len(self.atoms):
            return 4
        a, b = self.atoms[k - 1], self.atoms[k]
        if a.kind == "space" or b.kind == "space":
            return 3
        if a.text[-1] in "。！？":
            return 2
        if a.kind in ("stop", "middle", "close"):
            return 1
        return 0


# ---------------------------------------------------------------- breaking


def break_paragraph(par: _Paragraph, avail: Sequence[float]) -> list[tuple[int, int]]:
    """Greedy line breaking with push-in before push-out (heads; and body
    text where :func:`total_fit` finds nothing).

    Args:
        par: the paragraph's atoms.
        avail: width in em available to line n (the last value repeats).

    Returns: (start, end) atom ranges, one per line.

    Rules (clreq 3.1.7, "先挤进，后推出"): a line takes as many atoms as fit
    at natural width. If the next atom may not start a line, the marks are
    pushed in when compressing the line's marks and spaces makes room;
    otherwise atoms are pushed out to the next line until the break is
    allowed. A break is never made inside a Latin run, a number, —— or …….
    """
    n = len(par.atoms)
    lines: list[tuple[int, int]] = []
    i = 0
    while i < n:
        i, _ = par.span(i, n)
        if i >= n:
            break
        room = avail[min(len(lines), len(avail) - 1)]
        j = i
        while j < n and par.natural(i, j + 1) <= room + EPS:
            j += 1
        if j == n:
            lines.append((i, n))
            break
        if j == i:  # one atom wider than the line: set it alone (overflows)
            j = i + 1
            while j < n and not par.can_break(j):
                j += 1
            lines.append((i, j))
            i = j
            continue
        k = _choose_break(par, i, j, room)
        lines.append((i, k))
        i = k
    return _fix_last_line(par, lines, avail)


#: Costs of the total-fit line breaker (per line): stretch and shrink are
#: measured in em per gap between atoms.
STRETCH_WEIGHT = 100.0
SHRINK_WEIGHT = 20.0
SHRINK_BASE = 0.05
LINE_COST = 0.01
WIDOW_COST = 1e4
#: The most atoms a line may hold (a bound on the breaker's work when atoms
#: have no width, as runs of format characters do).
MAX_LINE_ATOMS = 200


def total_fit(par: _Paragraph, avail: Sequence[float], metrics: Metrics | None = None) -> list[tuple[int, int]]:
    """Line breaks chosen for the whole paragraph at once (after Knuth and
    Plass's total fit), with the rules of the greedy breaker as constraints.

    Every allowed break (clreq 3.1.7 prohibitions, unbreakable runs) is a
    candidate; a line may be set at natural width, stretched, or compressed
    (push in: its ，、；： to 1/2 em, word and Han/Latin spaces); a line wider
    than that is not allowed. The cost of a line is its stretch per gap
    squared (x 100), or a smaller cost for compression (push in comes
    before push out), plus a tiny cost per line; a last line holding a
    single character costs 10,000 (clreq 3.1.8 notes). The breaks with the
    least total cost win: full lines stay full, and where a line must
    stretch the stretch is shared with the lines around it instead of
    tearing one line apart.

    The widths come from :class:`_Paragraph`'s prefix sums, read here from
    local arrays in the same order of operations as its methods (the same
    floating-point results, so the same breaks: tests/test_compose_speed.py
    holds this to the plain method calls).
    """
    atoms = par.atoms
    n = len(atoms)
    first_room, room_rest = avail[0], avail[-1]
    brk, starts, ends = par.break_table()
    pw, pg, pws, phl, phh, pnh = par._pw, par._pg, par._pws, par._phl, par._phh, par._pnh
    lead_trim, fcut, tail_trim, lcut = par.edge_table()
    hangs = [hang(a, metrics) for a in atoms] if metrics else [0.0] * n
    han = [a.kind not in ("latin", "latin-part") for a in atoms]
    min_width = par.min_width
    content = _content
    last_line_min = par.style.last_line_min
    eps, stretch_w, loose_max = EPS, STRETCH_WEIGHT, LOOSE_MAX
    # the allowed line ends, in order (a line may always end at n)
    ends_at = [b for b in range(1, n + 1) if b == n or brk[b]]
    from bisect import bisect_left
    best: dict[int, tuple[float, int]] = {0: (0.0, -1)}
    for a in range(n):
        if a not in best:
            continue
        # par.span(a, n)
        a2 = starts[a] if starts[a] < n else n
        if a2 >= n:
            continue
        room0 = first_room if a == 0 else room_rest
        best_a = best[a][0]
        i2 = starts[a2] if starts[a2] < n else n  # = a2: atom a2 is not a space
        stop = min(n, a2 + MAX_LINE_ATOMS)
        for k in range(bisect_left(ends_at, a2 + 1), len(ends_at)):
            b = ends_at[k]
            if b > stop:
                break
            last = b == n
            room = room0 + (0.0 if last else hangs[b - 1]) if metrics else room0 + 0.0
            # i2, j2 = par.span(a2, b); nat = par.natural(a2, b)
            j2 = ends[b] if ends[b] > i2 else i2
            if i2 >= j2:
                nat = 0.0
            else:
                nat = (pw[j2] - pw[i2] + pg[j2] - pg[i2 + 1]
                       + lead_trim[i2] - fcut[i2] + tail_trim[j2 - 1] - lcut[j2 - 1])
            gaps = j2 - i2 - 1
            if gaps < 1:
                gaps = 1
            if nat <= room + eps:
                cost = 0.0 if last else stretch_w * ((room - nat) / gaps) ** 2
                if not last and room - nat > eps:
                    # inter = par.han_stretch(a2, b, room)
                    need = room - nat
                    if need <= eps or j2 - i2 < 2 or phh[j2] - phh[i2 + 1] == 0:
                        inter = 0.0
                    else:
                        cap = (pws[j2 - 1] - pws[i2 + 1]) + (phl[j2] - phl[i2 + 1])
                        inter = max(0.0, need - cap) / (j2 - i2 - 1)
                    if inter > eps and pnh[j2] - pnh[i2] == 0:  # par.pure(a2, b)
                        cost += PURE_STRETCH_COST
                    if inter > loose_max + eps:
                        cost += LOOSE_COST * (1 + 10 * (inter - loose_max))
                    if j2 - i2 < 2 and han[i2]:
                        cost += 10 * LOOSE_COST  # one character: nothing to justify with
            elif min_width(a2, b) <= room + eps:
                cost = SHRINK_BASE + SHRINK_WEIGHT * ((nat - room) / gaps) ** 2
            elif b == _next_break(par, a2 + 1):
                cost = WIDOW_COST * 10  # one unbreakable piece wider than the line: it overflows
            else:
                break
            if last and a > 0 and content(par, a2, b) < last_line_min:
                cost += WIDOW_COST
            total = best_a + cost + LINE_COST
            old = best.get(b)
            if old is None or total < old[0] - 1e-12:
                best[b] = (total, a)
    return breaks_from(best, n)


def breaks_from(best: dict[int, tuple[float, int]], n: int) -> list[tuple[int, int]]:
    """The lines (first atom, end atom) of the best way to the end ``n``,
    from the table of each break's (total cost, break before it); [] when
    the end cannot be reached."""
    if n not in best:
        return []
    out, b = [], n
    while b > 0:
        a = best[b][1]
        out.append((a, b))
        b = a
    return out[::-1]


def _next_break(par: _Paragraph, k: int) -> int:
    n = len(par.atoms)
    while k < n and not par.can_break(k):
        k += 1
    return k


def _choose_break(par: _Paragraph, i: int, j: int, room: float) -> int:
    """The end of the line that starts at atom i when atoms i..j-1 fit."""
    n = len(par.atoms)
    if par.style.prefer_breaks_at_spaces:
        best = max(range(i + 1, j + 1), key=lambda k: (par.weight(k) if par.can_break(k) else -1, k))
        if par.can_break(best) and par.weight(best) > 0 and par.weight(j) == 0:
            return best
    if par.can_break(j):
        # reduce before expanding: take the next break too if compressing
        # this line's marks and spaces makes room for it (先挤进)
        if par.natural(i, j) < room - EPS and not par.style.prefer_breaks_at_spaces:
            k = j + 1
            while k < n and not par.can_break(k):
                k += 1
            if par.min_width(i, k) <= room + EPS:
                return k
        return j
    # push in: take the marks that may not start a line, if compression makes room
    k = j
    while k < n and not par.can_break(k) and k - j < 3:
        k += 1
    if par.can_break(k) and par.min_width(i, k) <= room + EPS:
        return k
    # push out
    k = j - 1
    while k > i and not par.can_break(k):
        k -= 1
    if k > i:
        return k
    # nothing allowed: take what does not overflow most
    k = j
    while k < n and not par.can_break(k):
        k += 1
    return k


def _content(par: _Paragraph, i: int, j: int) -> int:
    """Atoms on a line that are not marks or spaces."""
    return sum(1 for a in par.atoms[i:j] if not a.is_mark and a.kind != "space")


def _fix_last_line(par: _Paragraph, lines: list[tuple[int, int]], avail: Sequence[float]) -> list[tuple[int, int]]:
    """No paragraph ends with a line holding a single character (or a
    character and its marks) (clreq 3.1.8 notes, "避免孤字").

    The last two or three lines are broken again: of every allowed set of
    breaks whose lines fit (compressing where they may) and whose last line
    holds at least ``last_line_min`` characters, the one whose lines stretch
    least (sum of squared stretch per gap) wins. When none exists the lines
    stay as they were."""
    need = par.style.last_line_min
    if len(lines) < 2 or _content(par, *lines[-1]) >= need:
        return lines
    m = min(3, len(lines))
    first = len(lines) - m
    start, n = lines[first][0], len(par.atoms)
    cands = [k for k in range(max(start + 1, n - 2 * MAX_LINE_ATOMS // 10), n) if par.can_break(k)]
    combos = [(b,) for b in cands] if m == 2 else [(b1, b2) for b1 in cands for b2 in cands if b2 > b1]
    best = None
    for combo in combos:
        bounds = [start, *combo, n]
        cost = 0.0
        for t, (a, b) in enumerate(zip(bounds, bounds[1:])):
            a2, b2 = par.span(a, b)
            room = avail[min(first + t, len(avail) - 1)]
            nat = par.natural(a, b)
            if a2 >= b2 or (nat > room + EPS and par.min_width(a, b) > room + EPS):
                break
            if b == n:
                if _content(par, a, b) < need:
                    break
            else:
                cost += (max(0.0, room - nat) / max(1, b2 - a2 - 1)) ** 2
        else:
            if best is None or cost < best[0]:
                best = (cost, bounds)
    if best is None:
        return lines
    return lines[:first] + list(zip(best[1], best[1][1:]))


# ---------------------------------------------------------------- placing


def justify(par: _Paragraph, i: int, j: int, room: float,
            flush: bool) -> tuple[list[float], list[float], dict[int, float], float]:
    """Positions of atoms i..j-1 on a line of ``room`` em.

    Returns (x of each atom's box left in em, glyph origin shift of each atom
    in em, letter spacing added inside Latin atoms by atom index, the width
    the line is set to in em). Reduce first (word spaces, ，、；： to 1/2 em, Han/Latin space to
    1/8 em), then expand: word spaces and Han/Latin spaces to 1/2 em, then
    every gap between atoms evenly up to :data:`INTER_MAX`, and only beyond
    that every gap including those between a Latin word's letters; never
    inside —— or …… (clreq 3.8; shared/docs/newspaper-typesetting.md 4).
    """
    s = par.style
    cuts = [list(c) for c in par.cuts(i, j)]
    extra_gap = {k: 0.0 for k in range(i + 1, j)}
    space_add = {k: 0.0 for k in range(i, j)}
    letter_add: dict[int, float] = {}
    delta = room - par.natural(i, j)
    if delta < -EPS:
        need = -delta
        for level in par.shrinkables(i, j):
            total = sum(e for _, e in level)
            if total <= EPS:
                continue
            take = min(need, total)
            for idx, e in level:
                part = take * e / total
                if idx >= 0:
                    a = par.atoms[idx]
                    if a.kind == "space":
                        space_add[idx] -= part
                    elif a.trail:
                        cuts[idx - i][1] += part
                    else:
                        cuts[idx - i][0] += part
                else:
                    extra_gap[-idx - 1] -= part
            need -= take
            if need <= EPS:
                break
        delta = -need if need > EPS else 0.0
    elif delta > EPS and flush:
        need = delta
        # expand Latin word spaces and Han/Latin spaces first
        spaces = [k for k in range(i + 1, j - 1) if par.atoms[k].kind == "space" and par.atoms[k].text == " "]
        hl = [k for k in range(i + 1, j) if par.gaps[k] > 0]
        cap = [(k, max(0.0, s.word_space_max - par.atoms[k].width), "s") for k in spaces] + \
              [(k, max(0.0, s.han_latin_max - par.gaps[k]), "g") for k in hl]
        total = sum(c for _, c, _ in cap)
        if total > EPS:
            take = min(need, total)
            for k, c, what in cap:
                part = take * c / total
                if what == "s":
                    space_add[k] += part
                else:
                    extra_gap[k] += part
            need -= take
        inter = j - i - 1
        if need > EPS and inter:
            # every gap between atoms alike, up to INTER_MAX each
            take = min(need, INTER_MAX * inter)
            for k in range(i + 1, j):
                extra_gap[k] += take / inter
            need -= take
        if need > EPS:
            # last resort: the rest over every gap, Latin letters' too, so a
            # line of a long URL or word is not torn apart at its few gaps
            letters = {k: len(par.atoms[k].text) - 1 for k in range(i, j)
                       if par.atoms[k].kind in ("latin", "latin-part")}
            count = inter + sum(letters.values())
            if count:
                each = need / count
                for k in range(i + 1, j):
                    extra_gap[k] += each
                for k, n in letters.items():
                    letter_add[k] = each
                need = 0.0
        delta = need
    xs, shifts, x = [], [], 0.0
    for k in range(i, j):
        a = par.atoms[k]
        if k > i:
            x += par.gaps[k] + extra_gap[k]
        l, r = cuts[k - i]
        xs.append(x)
        shifts.append(-l)
        x += a.width + space_add[k] - l - r + letter_add.get(k, 0.0) * (len(a.text) - 1)
    return xs, shifts, letter_add, x


def hang(atom: Atom, metrics: Metrics) -> float:
    """Em a line-end Latin full stop or comma hangs past the measure: its box
    less the quarter its ink takes, so the ink meets the edge (optical margin
    alignment of Western punctuation, clreq 3.2.3 leaves it to the house)."""
    if atom.kind in ("latin", "latin-part", "aclose") and atom.text[-1] in ".,;:!?":
        return 0.75 * metrics.advance(atom.text[-1], atom.role)
    return 0.0


def compose(spans: Sequence[tuple[str, str]], metrics: Metrics, style: ComposeStyle,
            first_line_room: float | None = None) -> list[Line]:
    """Compose one paragraph.

    Args:
        spans: ``(text, role)`` pairs in reading order (e.g. the dateline in
            the ``dateline`` role, then the body text in ``body``).
        metrics: the faces (layout.fonts.FontSet or a stand-in).
        style: size, measure and house options.
        first_line_room: optional, the width in points of the first line if
            it differs from the measure less the indent.

    Returns: lines, each with glyph x positions in points from the line's
    left edge (the first line's indent included). Non-final lines fill the
    measure to within floating error when ``style.justify``; a line that
    cannot (one atom wider than the measure) keeps its natural width.
    """
    size = style.size
    measure_em = style.measure / size
    atoms = atomize(spans, metrics, measure_em)
    par = _Paragraph(atoms, style)
    indent = style.indent
    first_room = (first_line_room / size) if first_line_room is not None else measure_em - indent
    ranges = []
    if style.justify and not style.prefer_breaks_at_spaces:
        ranges = total_fit(par, [first_room, measure_em], metrics)
    if not ranges:
        ranges = break_paragraph(par, [first_room, measure_em])
    lines = []
    for n, (i, j) in enumerate(ranges):
        i, j = par.span(i, j)
        last = n == len(ranges) - 1
        room = first_room if n == 0 else measure_em
        left = (measure_em - first_room) if n == 0 else 0.0
        room += hang(atoms[j - 1], metrics) if not last and j > i else 0.0
        xs, shifts, letter_add, set_width = justify(par, i, j, room, flush=style.justify and not last)
        glyphs, missing, reweighted, sequences = [], [], [], []
        reweigh = getattr(metrics, "reweighted", None)
        seq_glyph = getattr(metrics, "sequence_glyph", None)
        for k, x, sh in zip(range(i, j), xs, shifts):
            a = atoms[k]
            if a.kind == "space":
                glyphs.append(PlacedGlyph(a.text, (left + x) * size, a.role, metrics.face_key(a.text, a.role)))
                continue
            tracking = letter_add.get(k, 0.0)
            for n, (ch, off) in enumerate(zip(a.text, a.offsets)):
                face = metrics.face_key(ch, a.role)
                if is_selector(ch) and n > 0 and glyphs[-1].face is not None:
                    # a selector goes with its base's face: the renderer draws
                    # the pair as the face's variant glyph (cmap format 14)
                    base = glyphs[-1].ch
                    face = glyphs[-1].face
                    if ch != "\u200d" and seq_glyph is not None and seq_glyph(base, ch, a.role) is None:
                        sequences.append(base + ch)
                elif face is None and not is_selector(ch):
                    missing.append(ch)
                elif face is not None and reweigh is not None and reweigh(ch, a.role):
                    reweighted.append((ch, a.role))
                glyphs.append(PlacedGlyph(ch, (left + x + sh + off + n * tracking) * size, a.role, face, a.scale))
        nat = par.natural(i, j)
        # a justified line fills its room; another is as wide as it is set
        # (narrower than its natural width where its marks were compressed)
        width = room if (style.justify and not last) else min(nat, set_width)
        text = "".join(atoms[k].text for k in range(i, j))
        stretch = par.han_stretch(i, j, room) if (style.justify and not last) else 0.0
        lines.append(Line(glyphs, (left + width) * size, last, text, (width - nat) * size, missing, stretch,
                          reweighted, sequences, start=atoms[i].source if i < j else 0))
    return lines


def natural_width(text: str, role: str, metrics: Metrics, style: ComposeStyle) -> float:
    """Width in points of ``text`` set on one line in ``style`` (its size
    and house options) with its pair trims and Han/Latin spaces, no indent
    and no justification, whatever the style's measure."""
    par = _Paragraph(atomize([(text, role)], metrics, 1e9), style)
    return par.natural(0, len(par.atoms)) * style.size
