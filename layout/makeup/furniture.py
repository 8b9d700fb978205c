"""Page furniture: the masthead (报头) of the front page, the running head
(报眉) of inner pages, folios, the imprint (报尾) of the last page and the
specimen mark (样张) of an issue of invented copy.

Positions are in points on the trim (origin bottom left). The masthead sits
in its place on the grid and draws nothing outside it: an info line that
does not fit is overset and reported. Running head, folio and imprint stand
in the margins above and below the type area.
"""

from __future__ import annotations

from ..model.calendar import chinese_date, lunar, weekday
from ..model.grid import Grid
from ..model.issue import Issue, Page, Place
from ..model.units import EM_BOX_ASCENT, EM_BOX_DESCENT
from ..text.compose import compose, natural_width
from ..text.fonts import FontSet
from ..text.styles import style_for
from .context import missing_glyph, overset
from .display import Box, PageList, Rule
from .runs import line_runs

#: The paper's name in the masthead: at most this fraction of the place's
#: height, and of its width for the whole name.
MASTHEAD_NAME_HEIGHT = 0.62
MASTHEAD_NAME_WIDTH = 0.55
#: The masthead's info column: sizes of the date line and the other lines
#: (points), and the leading of its lines (as a multiple of their size).
MASTHEAD_DATE_SIZE = 14.0
MASTHEAD_INFO_SIZE = 10.5
MASTHEAD_INFO_LEADING = 1.6
#: Space between the name and the info column, and the hairline in it, points.
MASTHEAD_GAP = 12.0
#: The masthead's rules across the type area: heavy over hairline (points
#: below the line after the masthead's place, weights).
MASTHEAD_RULE_DROP = 3.5
MASTHEAD_RULE = 2.0
MASTHEAD_HAIRLINE = 0.5
#: The running head: its baseline above the type area, its sizes, and the
#: rule under it (points).
RUNNING_HEAD_RAISE = 14.0
RUNNING_HEAD_SIZE = 12.0
RUNNING_HEAD_INFO_SIZE = 10.5
RUNNING_HEAD_RULE_DROP = 6.0
RUNNING_HEAD_RULE = 0.75
#: Folio and editor line: baseline below the type area and size (points).
FOLIO_DROP = 14.0
FOLIO_SIZE = 9.0
EDITOR_SIZE = 7.5
#: The imprint (报尾): its rule and baseline below the type area, its size.
IMPRINT_RULE_DROP = 6.0
IMPRINT_DROP = 16.0
IMPRINT_SIZE = 7.5
#: The specimen mark and the frame round it.
SPECIMEN = "样张"
SPECIMEN_SIZE = 10.5
#: The imprint's labels, in the order printed.
IMPRINT_LABELS = (("publisher", ""), ("address", "地址："), ("postcode", "邮编："), ("telephone", "电话："),
                  ("price", "零售价："), ("printer", "印刷："))


def text_run(out: PageList, fonts: FontSet, text: str, role: str, size: float, x: float, y: float,
             align: str = "left", article: str = "", house=None, style_role: str = "masthead") -> float:
    """One line of display text at baseline ``y``; ``x`` is its left (or
    centre, or right edge for align=right); ``role`` picks the face,
    ``style_role`` the composition style (layout.text.styles). Returns its
    width in points."""
    w = natural_width(text, role, fonts, style_for(style_role, house, size, size))
    ln = compose([(text, role)], fonts, style_for(style_role, house, size, w + 1))[0]
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[align]
    out.runs += line_runs(ln, x0, y, size, fonts, article)
    out.findings += [missing_glyph(ch, out.id, article, "masthead") for ch in ln.missing]
    return w


def masthead(out: PageList, issue: Issue, place: Place, grid: Grid, fonts: FontSet) -> None:
    """The masthead (报头): the paper's name large at the left, beside it the
    date with weekday and lunar date, 第N期, the CN serial and 邮发代号 (and
    样张 for an issue of invented copy), and a heavy rule with a hairline
    under it across the type area. Info lines that do not fit the place are
    overset, not drawn."""
    x0 = grid.column_x(place.column)
    width = grid.span_width(place.span)
    top = grid.line_top(place.row)
    bottom = grid.line_top(place.row + place.height - 1) - grid.size
    name_size = min((top - bottom) * MASTHEAD_NAME_HEIGHT,
                    width * MASTHEAD_NAME_WIDTH / max(len(issue.newspaper), 1))
    name_y = top - (top - bottom - name_size) / 2 - name_size * EM_BOX_ASCENT + 4
    w = text_run(out, fonts, issue.newspaper, "masthead", name_size, x0, name_y, article="masthead",
                 house=issue.house)
    m = issue.masthead
    info = [(chinese_date(issue.date), MASTHEAD_DATE_SIZE, "kicker"),
            (f"{weekday(issue.date)}　农历{lunar(issue.date)}", MASTHEAD_INFO_SIZE, "body")]
    if m.number:
        info.append((f"第{m.number}期　今日{len(issue.pages)}版", MASTHEAD_INFO_SIZE, "body"))
    if m.cn:
        info.append((f"国内统一连续出版物号　{m.cn}", MASTHEAD_INFO_SIZE, "body"))
    if m.postal_code:
        info.append((f"邮发代号　{m.postal_code}", MASTHEAD_INFO_SIZE, "body"))
    if m.publisher:
        info.append((m.publisher, MASTHEAD_INFO_SIZE, "body"))
    if issue.specimen:
        info.append((f"{SPECIMEN}　内容为示例", MASTHEAD_INFO_SIZE, "kicker"))
    ix = x0 + w + 2 * name_size * 0.25 + MASTHEAD_GAP
    if bottom + 10 < top - 14:
        out.rules.append(Rule(ix - MASTHEAD_GAP, top - 14, ix - MASTHEAD_GAP, bottom + 10, 0.5))
    total = sum(s * MASTHEAD_INFO_LEADING for _, s, _ in info)
    y = top - max(0.0, (top - bottom - total) / 2)
    left_out = []
    for text, size, role in info:
        y -= size * 1.3
        st = style_for("masthead", issue.house, size, size)
        lw = natural_width(text, role, fonts, st)
        if y - size * EM_BOX_DESCENT < bottom or ix + lw > x0 + width + 0.01:
            left_out.append(text)
        else:
            text_run(out, fonts, text, role, size, ix, y, article="masthead", house=issue.house)
            if text.startswith(SPECIMEN):
                sw = natural_width(SPECIMEN, role, fonts, st)
                out.boxes.append(Box(ix - 2, y - size * EM_BOX_DESCENT - 2, sw + 4, size + 4, 0.75))
        y -= size * 0.3
    if left_out:
        text = "".join(left_out)
        out.findings.append(overset(out.id, "masthead", len(left_out), len(text), text, "masthead"))
    yb = grid.line_top(place.row + place.height) - MASTHEAD_RULE_DROP
    out.rules.append(Rule(grid.left, yb, grid.left + grid.area_width, yb, MASTHEAD_RULE))
    out.rules.append(Rule(grid.left, yb - 3, grid.left + grid.area_width, yb - 3, MASTHEAD_HAIRLINE))


def running_head(out: PageList, issue: Issue, page: Page, grid: Grid, fonts: FontSet) -> None:
    """The running head (报眉) of an inner page: page id and section name at
    the left, paper name, date and weekday at the right, 样张 boxed in the
    middle for an issue of invented copy, over a rule."""
    y = grid.top + RUNNING_HEAD_RAISE
    left, right = grid.left, grid.left + grid.area_width
    h = dict(house=issue.house, style_role="running_head")
    text_run(out, fonts, f"{page.id}　{page.section}".strip(), "kicker", RUNNING_HEAD_SIZE, left, y, **h)
    text_run(out, fonts, f"{issue.newspaper}　{chinese_date(issue.date)}　{weekday(issue.date)}",
             "body", RUNNING_HEAD_INFO_SIZE, right, y, align="right", **h)
    if issue.specimen:
        specimen_mark(out, fonts, (left + right) / 2, y, issue)
    out.rules.append(Rule(left, y - RUNNING_HEAD_RULE_DROP, right, y - RUNNING_HEAD_RULE_DROP, RUNNING_HEAD_RULE))


def specimen_mark(out: PageList, fonts: FontSet, x: float, y: float, issue: Issue) -> None:
    """样张 in a frame, centred on ``x`` at baseline ``y``."""
    w = text_run(out, fonts, SPECIMEN, "kicker", SPECIMEN_SIZE, x, y, align="center", house=issue.house,
                 style_role="running_head")
    out.boxes.append(Box(x - w / 2 - 3, y - SPECIMEN_SIZE * EM_BOX_DESCENT - 2, w + 6, SPECIMEN_SIZE + 4, 0.75))


def folio(out: PageList, issue: Issue, page: Page, grid: Grid, fonts: FontSet, last: bool) -> None:
    """The folio under the type area: the page's number (第2版; on a front
    page, which has no running head, with its section) at the outer corner
    (left on even pages, right on odd), the editor (责任编辑) at the inner
    one; below the imprint on the last page."""
    y = grid.top - grid.area_height - FOLIO_DROP - (IMPRINT_DROP if last and issue.imprint else 0)
    left, right = grid.left, grid.left + grid.area_width
    h = dict(house=issue.house, style_role="folio")
    even = page.number % 2 == 0
    number = f"第{page.number}版" + (f"　{page.section}" if page.masthead and page.section else "")
    text_run(out, fonts, number, "kicker", FOLIO_SIZE, left if even else right, y,
             align="left" if even else "right", **h)
    if page.editor:
        text_run(out, fonts, f"责任编辑　{page.editor}", "body", EDITOR_SIZE, right if even else left, y,
                 align="right" if even else "left", **h)


def imprint(out: PageList, issue: Issue, grid: Grid, fonts: FontSet) -> None:
    """The imprint (报尾) of the last page, under the type area over a rule:
    publisher, address, postcode, telephone, price and printer."""
    if not issue.imprint:
        return
    foot = grid.top - grid.area_height
    left, right = grid.left, grid.left + grid.area_width
    out.rules.append(Rule(left, foot - IMPRINT_RULE_DROP, right, foot - IMPRINT_RULE_DROP, 0.5))
    parts = [label + issue.imprint[key] for key, label in IMPRINT_LABELS if issue.imprint.get(key)]
    text_run(out, fonts, "　".join(parts), "body", IMPRINT_SIZE, (left + right) / 2, foot - IMPRINT_DROP,
             align="center", house=issue.house, style_role="folio")
