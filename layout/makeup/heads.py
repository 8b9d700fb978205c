"""Head stacks: kicker (引题), headline (主题) and deck (副题), across the top of
a block (横题) or standing at its side (竖题).

Measuring comes apart from placing: :func:`measure_head` chooses the sizes
and breaks the lines for a width; :func:`place_head` draws a measured stack
into its area. A head that cannot fit its place at the smallest size is
overset: the part that does not fit is not drawn (it would print over the
neighbouring block) and is reported with its size.

Sizes (shared/docs/newspaper-typesetting.md 2, 3): the headline takes the
largest 号 size that fits its span in the lines the manifest allows; kicker
and deck about half of it, never below 五号.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ..model.issue import Article, Page, Placement
from ..model.units import EM_BOX_ASCENT, EM_BOX_DESCENT, HAO_DESCENDING, OVERFLOW
from ..text.compose import Line, PlacedGlyph, compose, natural_width
from ..text.heads import break_head
from .context import SetContext, overset
from .display import Finding, GlyphRun

#: The largest size a lead story's head may take (初号).
LEAD_MAX = 42.0
#: The largest head by the block's span in basic columns: 三号 for one
#: column, 二号 for two, 一号 for three, 小初 for four, 初号 beyond.
SPAN_MAX = {1: 16.0, 2: 22.0, 3: 26.0, 4: 36.0}


def largest_head(span: int, lead: float | None = None) -> float:
    """The largest headline a story of ``span`` basic columns may take: as
    its span allows, and one 号 size below the page's lead (``lead``
    points) unless it is the lead (None)."""
    cap = LEAD_MAX if lead is None else next((s for s in HAO_DESCENDING if s < lead), lead)
    return min(SPAN_MAX.get(span, LEAD_MAX), cap)


#: The smallest headline size tried when fitting, points (小四).
MIN_HEADLINE = 12.0
#: The smallest kicker or deck size, points (五号).
MIN_SUBHEAD = 10.5
#: Kicker and deck sizes as a fraction of the headline's (about half).
SUBHEAD_RATIO = 0.5
#: Line pitch of each part of the stack as a multiple of its size: the
#: kicker stands a little apart above the headline, the deck below it.
KICKER_LEADING = 1.5
HEADLINE_LEADING = 1.2
DECK_LEADING = 1.4
#: Body lines a head area adds to the stack: the block's free first line
#: (for the rule above it) and a line of space under the stack.
HEAD_FRAME_ROWS = 2


@dataclass
class HeadPart:
    """One part of a stack: its lines, size in points, leading factor and
    role (kicker, headline, deck)."""

    lines: list[Line]
    size: float
    leading: float
    role: str

    @property
    def height(self) -> float:
        """Points the part takes down the stack."""
        return len(self.lines) * self.size * self.leading


@dataclass
class HeadStack:
    """A measured head stack.

    Attributes:
        parts: kicker, headline and deck, those present, top to bottom.
        headline_size: the headline's size, points.
        width: the width it was measured for, points.
        findings: head_overflow warnings (more lines than head.lines allows).
    """

    parts: list[HeadPart]
    headline_size: float
    width: float
    findings: list[Finding] = field(default_factory=list)

    @property
    def height(self) -> float:
        """The stack's height in points."""
        return sum(p.height for p in self.parts)

    def rows(self, pitch: float) -> int:
        """Body lines the head area takes: the free first line, the stack
        rounded up to whole lines, a line of space."""
        return math.ceil(self.height / pitch - 1e-9) + HEAD_FRAME_ROWS


def page_lead(page: Page) -> Placement | None:
    """The page's lead (头条), whose head page.py sets largest and every
    other one 号 below it: the first story listed (a jump's second part
    aside) of priority 1 or placed with ``lead: true``, else the first
    story listed; None on a page without stories."""
    stories = [pl for pl in page.placements if pl.article.kind == "story" and not pl.continued]
    ranked = [pl for pl in stories if (pl.auto is not None and pl.auto.priority == 1)
              or (pl.place is not None and pl.place.lead)]
    return ranked[0] if ranked else (stories[0] if stories else None)


def subhead_size(headline: float) -> float:
    """The kicker and deck size for a headline of ``headline`` points: the
    largest 号 size not over half of it, at least 五号 (10.5 pt)."""
    return max(MIN_SUBHEAD, next((s for s in HAO_DESCENDING if s <= headline * SUBHEAD_RATIO), MIN_SUBHEAD))


def fit_head(ctx: SetContext, text: str, role: str, width: float, max_lines: int, largest: float,
             smallest: float = MIN_HEADLINE, style_role: str | None = None) -> tuple[float, list[Line]]:
    """The largest 号 size (<= ``largest``) at which ``text`` fits ``width``
    points in at most ``max_lines`` lines, broken by words and phrases
    (layout.text.heads.break_head: the editor's line breaks and spaces
    first, then marks, phrases, words; lines even, none a lone character). ``role`` picks the face, ``style_role`` (default the same)
    the composition style. Returns (size, lines); at the smallest size the
    lines may be wider than ``width``, which the caller reports."""
    sizes = sorted({largest} | {s for s in HAO_DESCENDING if smallest <= s <= largest}, reverse=True)
    sr = style_role or role
    for size in sizes:
        lines = head_lines(ctx, text, role, sr, width, size, max_lines)
        if lines is not None:
            return size, lines
    size = sizes[-1]
    lines = head_lines(ctx, text, role, sr, width, size, 9)  # more lines than allowed: still by words
    if lines is not None:
        return size, lines
    return size, compose([(text.replace("\n", " "), role)], ctx.fonts, ctx.style(sr, size, width, heads=True))


def head_lines(ctx: SetContext, text: str, role: str, style_role: str, width: float, size: float,
               max_lines: int) -> list[Line] | None:
    """``text`` in at most ``max_lines`` lines of ``width`` points at
    ``size``, or None when it does not fit."""
    style = ctx.style(style_role, size, width)
    parts = break_head(text, role, ctx.fonts, style, max_lines)
    if parts is None:
        return None
    return [compose([(p, role)], ctx.fonts, style)[0] for p in parts]


def measure_head(ctx: SetContext, art: Article, width: float, largest: float, headline: str | None = None,
                 max_lines: int | None = None) -> HeadStack:
    """The head stack of ``art`` for a block ``width`` points wide, its
    headline at most ``largest`` points (or the manifest's fixed size);
    ``headline`` replaces the article's (a continued head, 续题)."""
    text = art.headline if headline is None else headline
    allowed = max(art.head.lines if max_lines is None else max_lines, text.count("\n") + 1)
    if art.head.size:  # the editor's fixed size: no shrinking to fit
        size, head = fit_head(ctx, text, "headline", width, allowed, art.head.size, art.head.size)
    else:
        size, head = fit_head(ctx, text, "headline", width, allowed, largest)
    stack = HeadStack([], size, width)
    if len(head) > allowed:
        stack.findings.append(Finding("head_overflow", "warning", ctx.page, art.id,
                                      f"headline needs {len(head)} lines at {size:g} pt; head.lines allows "
                                      f"{art.head.lines}", {"lines": len(head), "size": size}))
    sub = subhead_size(size)
    if art.kicker and headline is None:
        ks, kl = fit_head(ctx, art.kicker, "kicker", width, 1, sub, 9.0)
        stack.parts.append(HeadPart(kl, ks, KICKER_LEADING, "kicker"))
    stack.parts.append(HeadPart(head, size, HEADLINE_LEADING, "headline"))
    if art.deck and headline is None:
        ds, dl = fit_head(ctx, art.deck, "deck", width, 2, sub, 9.0)
        stack.parts.append(HeadPart(dl, ds, DECK_LEADING, "deck"))
    return stack


def one_line(ctx: SetContext, text: str, role: str, style_role: str, size: float) -> Line:
    """``text`` as one line of ``size`` points in ``role``'s face, never
    broken (set at its natural width), for labels: :func:`clip_line` then
    cuts what passes the place and the caller reports it as overset, so no
    part of a label is dropped without a word."""
    w = natural_width(text, role, ctx.fonts, ctx.style(style_role, size, size))
    return compose([(text, role)], ctx.fonts, ctx.style(style_role, size, w + 1))[0]


def clip_line(line: Line, width: float) -> tuple[Line, str]:
    """``line`` without the characters that pass ``width`` points, and the
    text left out (empty when the line fits)."""
    if line.width <= width + OVERFLOW:
        return line, ""
    kept: list[PlacedGlyph] = []
    cut = ""
    for k, g in enumerate(line.glyphs):
        nxt = line.glyphs[k + 1].x if k + 1 < len(line.glyphs) else line.width
        if cut or nxt > width + OVERFLOW:
            cut += g.ch
        else:
            kept.append(g)
    text = "".join(g.ch for g in kept)
    return replace(line, glyphs=kept, width=min(width, line.width) if kept else 0.0, text=text, adjust=0.0,
                   missing=[m for m in line.missing if m in text]), cut.strip()


def place_head(ctx: SetContext, stack: HeadStack, art_id: str, x0: float, width: float, top: float,
               room: float, align: str = "center") -> tuple[list[GlyphRun], list[Finding]]:
    """Draw a measured stack centred (or flush left) in ``width`` points
    from ``x0``, vertically centred in ``room`` points below ``top``. Lines
    wider than the width, or below the room, are not drawn: they are overset
    (a finding with their lines and characters)."""
    runs: list[GlyphRun] = []
    findings: list[Finding] = []
    left_out: list[str] = []
    y = top - max(0.0, (room - stack.height) / 2)
    bottom = top - room
    for part in stack.parts:
        for ln in part.lines:
            y -= part.size * (part.leading - 1) / 2 + part.size * EM_BOX_ASCENT
            foot = y - part.size * EM_BOX_DESCENT
            if foot < bottom - OVERFLOW:
                left_out.append(ln.text)
            else:
                shown, cut = clip_line(ln, width)
                if cut:
                    left_out.append(cut)
                dx = (width - shown.width) / 2 if align == "center" else 0.0
                runs += ctx.runs(shown, x0 + dx, y, part.size, art_id)
            y -= part.size * EM_BOX_DESCENT + part.size * (part.leading - 1) / 2
    if left_out:
        text = "".join(left_out)
        findings.append(overset(ctx.page, art_id, len(left_out), len(text.replace(" ", "")), text, "head"))
    return runs, findings


# ---------------------------------------------------------------- vertical heads

#: Marks turned 90 degrees clockwise in a vertical head (brackets, quotes,
#: dashes, ellipsis, wave dash, colon and semicolon): clreq 3.1.3 (vertical
#: forms of punctuation), GB/T 15834 appendix on vertical text.
VERTICAL_TURN = frozenset("（）〔〕［］｛｝《》〈〉「」『』【】〖〗“”‘’—…～：；()[]")
#: Marks set upright in the upper right of their cell in vertical text
#: (the pause, comma and full stop: clreq 3.1.3).
VERTICAL_CORNER = frozenset("。，、．")
#: Extra space between the characters of a vertical head, in em.
VERTICAL_TRACKING = 0.1
#: Space between the vertical lines of a head stack, in em of the smaller.
VERTICAL_LINE_GAP = 0.6
#: Space above the first character of each vertical line, in em: the lines
#: of a vertical head start together at the top of their column.
VERTICAL_TOP = 0.5


@dataclass
class VerticalHead:
    """A measured vertical head: its lines right to left, each
    ``(text, size, role)``; ``width`` in points across all lines."""

    lines: list[tuple[str, float, str]]
    headline_size: float
    findings: list[Finding] = field(default_factory=list)

    @property
    def width(self) -> float:
        sizes = [s for _, s, _ in self.lines]
        return sum(sizes) + VERTICAL_LINE_GAP * min(sizes) * (len(sizes) - 1)


def vertical_length(text: str, size: float) -> float:
    """Points a vertical line of ``text`` at ``size`` takes down the page."""
    n = len(text.replace(" ", "").replace("\n", ""))
    return n * size * (1 + VERTICAL_TRACKING) - size * VERTICAL_TRACKING


def vertical_extent(text: str, size: float) -> float:
    """Points a vertical line of ``text`` at ``size`` needs below the top of
    its room, as :func:`place_vertical` draws it: the space above its first
    character (:data:`VERTICAL_TOP`) and its length."""
    return VERTICAL_TOP * size + vertical_length(text, size)


def measure_vertical(ctx: SetContext, art: Article, height: float, width: float, largest: float) -> VerticalHead:
    """A vertical head for a column ``width`` points wide and ``height``
    points tall: the largest 号 size (<= ``largest``) at which the headline,
    broken at the editor's line breaks or spaces into at most head.lines
    vertical lines, stands in the height, with kicker and deck at about half
    its size and the whole stack no wider than the column."""
    words = [w for w in art.headline.replace("\n", " ").split(" ") if w]
    sizes = [s for s in HAO_DESCENDING if MIN_HEADLINE <= s <= (art.head.size or largest)] or [MIN_HEADLINE]
    for size in sizes:
        lines = _vertical_lines(words, art.head.lines, size, height)
        if lines is None:
            continue
        sub = subhead_size(size)
        stack = ([(art.kicker, sub, "kicker")] if art.kicker else []) + [(t, size, "headline") for t in lines] + \
            ([(art.deck, sub, "deck")] if art.deck else [])
        vh = VerticalHead(stack, size)
        if vh.width <= width and all(vertical_extent(t, s) <= height for t, s, _ in stack):
            return vh
    size = sizes[-1]
    vh = VerticalHead([(art.headline.replace("\n", ""), size, "headline")], size)
    return vh


def _vertical_lines(words: list[str], max_lines: int, size: float, height: float) -> list[str] | None:
    """The headline's words (split at the spaces the editor typed) as at
    most ``max_lines`` vertical lines that stand in ``height`` points: a
    line a word when the lines allow it, else words joined greedily; None
    when they do not stand."""
    if len(words) <= max_lines:
        lines = list(words)
    else:
        lines = []
        for w in words:
            if lines and vertical_extent(lines[-1] + w, size) <= height:
                lines[-1] += w
            else:
                lines.append(w)
    if len(lines) > max_lines or any(vertical_extent(t, size) > height for t in lines):
        return None
    return lines


def place_vertical(ctx: SetContext, vh: VerticalHead, art_id: str, x0: float, width: float, top: float,
                   room: float) -> tuple[list[GlyphRun], list[Finding]]:
    """Draw a vertical head centred in a column ``width`` points wide from
    ``x0``, its lines right to left, each starting at the top of the
    ``room`` points below ``top``. Turned marks get ``rotate`` 90 (clockwise about their em box);
    pause and stop marks sit in the upper right of their cell. Every glyph
    keeps its ordinary character, so the text layer reads the headline."""
    runs: list[GlyphRun] = []
    findings: list[Finding] = []
    x = x0 + (width + vh.width) / 2  # the stack's right edge
    gap = VERTICAL_LINE_GAP * min(s for _, s, _ in vh.lines)
    left_out = []
    for text, size, role in vh.lines:
        x -= size
        chars = [c for c in text if c not in " \n"]
        y_top = top - VERTICAL_TOP * size
        for k, ch in enumerate(chars):
            cell_top = y_top - k * size * (1 + VERTICAL_TRACKING)
            if cell_top - size < top - room - OVERFLOW:
                left_out.append("".join(chars[k:]))
                break
            face = ctx.fonts.face_key(ch, role)
            adv = ctx.fonts.advance(ch, role) * size
            if ch in VERTICAL_TURN:
                # turned clockwise about the em box's centre: origin so the
                # centre (adv/2, 0.38 em above the baseline) lands mid-cell
                mid = (EM_BOX_ASCENT - EM_BOX_DESCENT) / 2 * size
                ox, oy = x + size / 2 - mid, cell_top - size / 2 + adv / 2
                runs.append(GlyphRun(face or "", size, oy, [ox], ch, role, art_id, False, 1.0, 90))
                continue
            ox = x + (size - adv) / 2
            oy = cell_top - EM_BOX_ASCENT * size
            if ch in VERTICAL_CORNER:
                ox, oy = ox + size / 2, oy + size / 2
            runs.append(GlyphRun(face or "", size, oy, [ox], ch, role, art_id, False))
        x -= gap
    if left_out:
        text = "".join(left_out)
        findings.append(overset(ctx.page, art_id, len(left_out), len(text), text, "head"))
    return runs, findings
