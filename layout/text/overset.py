"""Text beyond what a block can hold: reported as overset without being composed.

A block holds at most its height times its span in lines (115 x 8 on a
broadsheet). Composing text far past that costs time and shows nothing (a
2 MiB article took 80 s), so :func:`compose_within` composes a paragraph only
while the block may still have room for it; a paragraph that starts past the
block's last line becomes placeholder lines that carry its text for the
overset report. Their characters and text are exact; their number of lines
is the paragraph's characters over the measure (with the first-line
indent), which is what the total-fit breaker gives for solid Chinese text
and within a line or two of it for text with Latin runs or many marks.
"""

from __future__ import annotations

from typing import Sequence

from .compose import ComposeStyle, Line, Metrics, compose


def compose_within(spans: Sequence[tuple[str, str]], metrics: Metrics, style: ComposeStyle, room: int) -> list[Line]:
    """``compose(spans, metrics, style)`` while ``room`` (lines the block may
    still fill) is above 0; else placeholder lines (no glyphs, never drawn)
    holding the paragraph's text, about one a measure."""
    if room > 0:
        return compose(spans, metrics, style)
    text = "".join(t for t, _ in spans)
    per_line = max(1, int(style.measure / style.size + 1e-6))
    first = max(1, per_line - int(style.indent))
    pieces = [text[:first]] + [text[k:k + per_line] for k in range(first, len(text), per_line)]
    pieces = [p for p in pieces if p]
    return [Line([], 0.0, n == len(pieces) - 1, p) for n, p in enumerate(pieces)]
