"""Whether a composed line's ink stays inside its column.

A line is wider than its column only when ink passes an edge: a line-end
mark whose em box hangs past the measure but whose ink stays inside (。 at
the end of a line: its ink in the left half of its box) prints inside the
column and is fine. The ink of a punctuation mark comes from the face's
outline bounds (layout/text/fonts.py keeps them for the marks); any other
character is taken as inking its whole advance box, so the check never
passes a line that overprints the gutter.
"""

from __future__ import annotations

from .compose import Line

#: Ink may pass an edge by this much (points) before a line is reported:
#: less than a hairline.
TOLERANCE = 0.05


def ink_extent(line: Line, size: float, fonts) -> tuple[float, float]:
    """The leftmost and rightmost ink of ``line`` set at ``size`` points, in
    points from the line's left edge (0, 0 for a line with no glyph)."""
    left, right = None, None
    for g in line.glyphs:
        if g.ch.isspace() or g.ch in "\u3000\u2002":
            continue
        face = getattr(fonts, "faces", {}).get(g.face) if g.face else None
        if face is not None:
            x0, x1 = face.ink_bounds(g.ch)
        else:
            x0, x1 = 0.0, 1.0  # a missing glyph's box, one em
        a, b = g.x + x0 * size * g.scale, g.x + x1 * size * g.scale
        left = a if left is None else min(left, a)
        right = b if right is None else max(right, b)
    return (left or 0.0, right or 0.0)


def ink_overflow(line: Line, measure: float, size: float, fonts) -> float:
    """Points by which the ink of ``line`` passes its column's edges
    (``measure`` wide), the larger of the two sides; 0 when it stays inside."""
    if not line.glyphs:
        return 0.0
    glyphs = [g for g in line.glyphs if not (g.ch.isspace() or g.ch in "\u3000\u2002")]
    hung = bool(glyphs) and glyphs[-1].ch in HANGING
    if hung:
        # a Latin full stop or comma at the line's end hangs into the gutter
        # by design (hanging punctuation, layout.text.compose.hang): its ink
        # may pass the edge by up to its own advance
        last = glyphs[-1]
        allowed = fonts.advance(last.ch, last.role) * size * last.scale if hasattr(fonts, "advance") else size
        rest = Line(glyphs[:-1], line.width, line.last, line.text[:-1])
        left, right = ink_extent(rest, size, fonts) if rest.glyphs else (0.0, 0.0)
        _, mark = ink_extent(Line(glyphs[-1:], line.width, line.last, last.ch), size, fonts)
        over = max(right - measure, -left, mark - measure - allowed, 0.0)
    else:
        left, right = ink_extent(line, size, fonts)
        over = max(right - measure, -left, 0.0)
    return over if over > TOLERANCE else 0.0


#: Latin marks that hang past the measure at a line's end (compose.hang).
HANGING = frozenset(".,;:!?")


def where_in(article, line: Line, style, fonts) -> tuple[int, int]:
    """(paragraph, line), 1-based, of ``line`` in the article's body as
    composed with ``style``; (0, 0) when it is not a body line. Composes the
    paragraph again: only called for a finding."""
    from .compose import compose

    for p, spans in enumerate(article.paragraph_spans(), 1):
        text = "".join(t for t, _ in spans)
        if line.text.replace(" ", "") and line.text.replace(" ", "")[:8] in text.replace(" ", ""):
            for n, ln in enumerate(compose(spans, fonts, style), 1):
                if ln.text == line.text:
                    return p, n
    return 0, 0
