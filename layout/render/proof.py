"""Print proofs: a page placed on a larger sheet with its trim, bleed and
marks, for the plate room.

The sheet is the trim plus :data:`MARGIN` on every side. The page's display
list is shifted onto it unchanged; around the trim go crop marks (starting
at the bleed, so they never print on the page), registration targets at the
middle of each side, and a slug line under the foot naming the paper, date,
page, the build's content hash and time. TrimBox and BleedBox are set on the
sheet (ReportLab's crop marks write neither, and its bleedWidth scales the
content instead of adding bleed). Pure computation: the renderer draws it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ..makeup.runs import line_runs
from ..text.compose import compose, natural_width
from ..text.styles import style_for
from ..makeup.display import Box, Circle, PageList, Rule
from ..text.fonts import FontSet
from ..model.units import EM_BOX_DESCENT, mm

#: Room around the trim for bleed, marks and the slug, in points (15 mm).
MARGIN = mm(15)
#: Crop-mark length, points (6 mm).
MARK_LENGTH = mm(6)


@dataclass(frozen=True)
class ProofSpec:
    """How a proof sheet is made.

    Attributes:
        bleed: bleed beyond the trim, points (3 mm by default).
        slug: the slug line's text.
    """

    bleed: float = mm(3)
    slug: str = ""
    house: object = None  # the House options (layout.model.issue.House)


def proof_sheet(page: PageList, spec: ProofSpec, fonts: FontSet) -> PageList:
    """The page on a proof sheet: a new display list, the page's content
    shifted by :data:`MARGIN`, with marks, slug, TrimBox and BleedBox.

    Raises:
        ValueError: a bleed larger than the margin leaves for marks.
    """
    if not 0 <= spec.bleed <= MARGIN - MARK_LENGTH - mm(1):
        raise ValueError(f"bleed of {spec.bleed:.1f} pt leaves no room for crop marks")
    m = MARGIN
    sheet = PageList(page.id, page.width + 2 * m, page.height + 2 * m, title=page.title)
    moved = copy.deepcopy(page)
    for run in moved.runs:
        run.xs = [x + m for x in run.xs]
        run.y += m
    for r in moved.rules:
        r.x0, r.x1, r.y0, r.y1 = r.x0 + m, r.x1 + m, r.y0 + m, r.y1 + m
    for b in moved.boxes + moved.pictures:
        b.x, b.y = b.x + m, b.y + m
    for c in moved.circles:
        c.x, c.y = c.x + m, c.y + m
    for g in moved.regions:
        g.rects = [(x0 + m, y0 + m, x1 + m, y1 + m) for x0, y0, x1, y1 in g.rects]
    sheet.runs, sheet.rules, sheet.boxes = moved.runs, moved.rules, moved.boxes
    sheet.pictures, sheet.regions, sheet.findings = moved.pictures, moved.regions, moved.findings
    sheet.circles = moved.circles
    for k in moved.links:
        k.x0, k.x1, k.y0, k.y1 = k.x0 + m, k.x1 + m, k.y0 + m, k.y1 + m
    sheet.links = moved.links
    x0, y0, x1, y1 = m, m, m + page.width, m + page.height
    b = spec.bleed
    sheet.trim = (x0, y0, x1, y1)
    sheet.bleed = (x0 - b, y0 - b, x1 + b, y1 + b)
    start, end = b + mm(1), b + mm(1) + MARK_LENGTH
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        sheet.rules.append(Rule(x + sx * start, y, x + sx * end, y, 0.25))  # horizontal mark
        sheet.rules.append(Rule(x, y + sy * start, x, y + sy * end, 0.25))  # vertical mark
    r = mm(2.5)
    gap = b + mm(1) + MARK_LENGTH / 2
    for cx, cy in (((x0 + x1) / 2, y0 - gap), ((x0 + x1) / 2, y1 + gap),
                   (x0 - gap, (y0 + y1) / 2), (x1 + gap, (y0 + y1) / 2)):
        sheet.circles.append(Circle(cx, cy, r, 0.25))
        sheet.rules.append(Rule(cx - 1.6 * r, cy, cx + 1.6 * r, cy, 0.25))
        sheet.rules.append(Rule(cx, cy - 1.6 * r, cx, cy + 1.6 * r, 0.25))
    slug = spec.slug
    over = overset_marks(sheet, fonts, spec.house)
    if over:
        slug = (slug + "　" if slug else "") + "溢出 " + "；".join(over)
    if slug:
        size = SLUG_SIZE
        line = compose([(slug, "body")], fonts, style_for("slug", spec.house, size, page.width))[0]
        sheet.runs += line_runs(line, x0 + mm(20), y0 - b - mm(1) - MARK_LENGTH + EM_BOX_DESCENT * size, size, fonts)
    return sheet


#: The slug line's size, points.
SLUG_SIZE = 7.0
#: The overset mark: its type size, and the grey of its box (0 black, 1 white).
OVERSET_MARK_SIZE = 7.0
OVERSET_MARK_FILL = 0.8


def overset_marks(sheet: PageList, fonts: FontSet, house=None) -> list[str]:
    """Mark each block with overset text at its foot, as page-layout
    programs do: a grey box at the bottom right corner of its region saying
    how much is overset (溢出 3行 41字). Returns the same figures, one
    ``article 3行 41字`` a block, for the slug line."""
    summary = []
    regions = {r.article: r for r in sheet.regions}
    for f in sheet.findings:
        if f.kind != "overset":
            continue
        text = f"{f.data.get('lines', 0)}行 {f.data.get('chars', 0)}字"
        summary.append(f"{f.article or f.page} {text}")
        region = regions.get(f.article)
        if region is None:
            continue
        _, y0, x1, _ = region.bbox
        label = f"溢出 {text}"
        size = OVERSET_MARK_SIZE
        st = style_for("slug", house, size, 1000)
        w = natural_width(label, "kicker", fonts, st) + size
        sheet.boxes.append(Box(x1 - w, y0 - size * 0.6, w, size * 1.6, 0.5, OVERSET_MARK_FILL))
        line = compose([(label, "kicker")], fonts, st)[0]
        sheet.runs += line_runs(line, x1 - w + size / 2, y0 - size * 0.6 + size * 0.45, size, fonts, f.article)
    return summary
