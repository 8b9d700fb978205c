"""What every block setter shares: the block's result and its checks.

A block setter (layout.makeup.story, layout.makeup.blocks) is a function of
a :class:`~layout.makeup.context.SetContext`, an article and its place; it
returns a :class:`BlockResult`: display items in page coordinates, findings,
the region (rectangles for hot zones) and the grid cells it covers, with its
height resolved when the place's height is ``auto``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.issue import Article
from ..text.chars import NO_END, NO_START
from ..text.compose import Line
from ..text.fonts import face_notes
from .checks import overflow_finding
from .context import SetContext, missing_glyph
from .display import Box, Finding, GlyphRun, Link, Picture, Region, Rule


@dataclass
class BlockResult:
    """What a block adds to the page.

    Attributes:
        runs, rules, boxes, pictures, links: display items, page coordinates.
        findings: overset, underset, missing glyphs, kinsoku ...
        headline_size: the headline's size (stories), points.
        region: the article's area (rectangles) on the page.
        cells: the grid cells (column, line) the block covers.
        height: the block's height in body lines (resolved for ``auto``).
    """

    runs: list[GlyphRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    headline_size: float = 0.0
    region: Region | None = None
    cells: set[tuple[int, int]] = field(default_factory=set)
    height: int = 0

    def take_photo(self, ctx: SetContext, art: Article, placed) -> None:
        """Add a placed photo (layout.makeup.photos.PlacedPhoto): its
        picture, frame, rules, caption runs and findings, and a finding for
        each caption character no face has."""
        self.pictures += placed.pictures
        self.boxes += placed.boxes
        self.rules += placed.rules
        self.runs += placed.runs
        self.findings += placed.findings
        report_missing(ctx, self, art, placed.lines, "caption")


def report_missing(ctx: SetContext, res: BlockResult, art: Article, lines: list[Line], where: str) -> None:
    """Add a finding for each character of ``lines`` that no face has, with
    the article's manifest file and the character's position in its text;
    and what the lines tell of their faces (a head character set in a face
    of another weight, a variation sequence drawn as its base: see
    layout.text.fonts.face_notes)."""
    text = None
    for ln in lines:
        if not (ln.missing or ln.reweighted or ln.sequences):
            continue
        text = art.text() if text is None else text
        for ch in ln.missing:
            res.findings.append(missing_glyph(ch, ctx.page, art.id, where, art.file.name, text.find(ch) + 1))
        res.findings += [Finding(kind, sev, ctx.page, art.id, msg, data)
                         for kind, sev, msg, data in face_notes(ln, where, art.file.name, text)]


def check_line(ctx: SetContext, art: Article, ln: Line, measure: float) -> list[Finding]:
    """The composer's own checks on a set line: no prohibited mark at its
    start or opening mark at its end (clreq 3.1.7, at the house's level),
    no ink past its measure, not stretched past 1/4 em a gap."""
    out = []
    text = ln.text.strip()
    if text and (text[0] in NO_START[ctx.house.level] or text[-1] in NO_END):
        out.append(Finding("kinsoku", "error", ctx.page, art.id,
                           f"line breaks against clreq 3.1.7: {text}", {"text": text}))
    over = overflow_finding(ln, measure, ctx.grid.size, ctx.fonts, ctx.page, art, ctx.style("body", measure=measure))
    if over is not None:  # measured by its ink: a line-end mark's box may pass the edge
        out.append(over)
    if ln.loose:  # gaps between Han characters stretched past 1/4 em (issue 8)
        out.append(Finding("loose_line", "warning", ctx.page, art.id,
                           f"line stretched {ln.stretch:.2f} em a gap: {text}",
                           {"text": text, "stretch_em": round(ln.stretch, 3)}))
    return out
