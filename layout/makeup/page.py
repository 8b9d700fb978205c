"""Page makeup: the grid, the masthead, blocks in their places, the rules
between them, and the running head of inner pages.

The lead story (头条: the first story the page lists) is set first and gets
the largest head; every other head is set at least one 号 size smaller.
"""

from __future__ import annotations

from .block import BlockResult, BlockSetter, line_runs, missing_glyph
from ..model.calendar import chinese_date, lunar, weekday
from ..text.compose import compose, natural_width
from ..text.styles import style_for
from .display import PageList, Rule
from ..text.fonts import FontSet
from ..model.grid import Grid
from ..model.issue import Issue, Page, Place
from ..model.units import EM_BOX_ASCENT, HAO_DESCENDING

#: The largest size a lead story's head may take (初号).
LEAD_MAX = 42.0
#: The largest head by the block's span in basic columns: 三号 for one
#: column, 二号 for two, 一号 for three, 小初 for four, 初号 beyond.
SPAN_MAX = {1: 16.0, 2: 22.0, 3: 26.0, 4: 36.0}


def make_page(issue: Issue, page: Page, grid: Grid, fonts: FontSet) -> PageList:
    """Lay out one page.

    Returns: the page's display list with its findings (overset, underset,
    missing glyphs, head overflow).
    """
    out = PageList(page.id, grid.trim_width, grid.trim_height,
                   title=f"{issue.newspaper} {chinese_date(issue.date)} 第{page.id}版")
    setter = BlockSetter(grid, fonts, page.id, issue.house)
    if page.masthead:
        _masthead(out, issue, page.masthead, grid, fonts)
    else:
        _running_head(out, issue, page, grid, fonts)
    lead_size = None
    stories = [p for p in page.placements if p.article.kind == "story"]
    order = stories[:1] + [p for p in page.placements if p not in stories[:1]]
    results: list[tuple[Place, BlockResult]] = []
    for pl in order:
        art = pl.article
        if art.kind == "story":
            largest = min(SPAN_MAX.get(pl.place.span, LEAD_MAX), LEAD_MAX if lead_size is None else next(
                (s for s in HAO_DESCENDING if s < lead_size), lead_size))
            res = setter.story(art, pl.place, largest)
            if lead_size is None:
                lead_size = res.headline_size
        elif art.kind == "photo":
            res = setter.photo(art, pl.place)
        else:
            res = setter.advert(art, pl.place)
        results.append((pl.place, res))
    for place, res in sorted(results, key=lambda pr: (pr[0].row, pr[0].column)):
        out.runs += res.runs
        out.rules += res.rules
        out.boxes += res.boxes
        out.pictures += res.pictures
        out.findings += res.findings
        if res.region:
            out.regions.append(res.region)
    out.rules += block_rules([p for p, _ in results if not _ruled(p, page)], grid,
                             below=page.masthead.row + page.masthead.height if page.masthead else None)
    return out


def _ruled(place: Place, page: Page) -> bool:
    """An advertisement carries its own box: no rules are drawn along it."""
    return any(pl.place == place and pl.article.kind == "ad" for pl in page.placements)


def block_rules(places: list[Place], grid: Grid, below: int | None = None) -> list[Rule]:
    """Hairline rules between blocks: a horizontal rule through the free first
    line of a block that sits directly below another, and a vertical rule in
    the gutter between blocks side by side, meeting at line centres. No
    horizontal rule on line ``below`` (the masthead's own rules are there)."""
    rules = []
    mid = lambda row: grid.line_top(row) - grid.size / 2
    for a in places:
        for b in places:
            if a is b:
                continue
            c0, c1 = max(a.column, b.column), min(a.column + a.span, b.column + b.span)
            if b.row == a.row + a.height and c0 < c1 and b.row != below:
                x1 = grid.column_x(c1 - 1) + grid.column_width
                rules.append(Rule(grid.column_x(c0), mid(b.row), x1, mid(b.row), 0.5))
            r0, r1 = max(a.row, b.row), min(a.row + a.height, b.row + b.height)
            if b.column == a.column + a.span and r0 < r1:
                x = grid.column_x(b.column) - grid.gutter / 2
                y0 = mid(r0) if r0 in (a.row, b.row) else grid.line_top(r0)
                y1 = mid(r1) if r1 <= grid.lines else grid.line_top(grid.lines) - grid.size
                rules.append(Rule(x, y0, x, y1, 0.5))
    return rules


def _text_run(out: PageList, fonts: FontSet, text: str, role: str, size: float, x: float, y: float,
              align: str = "left", article: str = "", house=None, style_role: str = "masthead") -> float:
    """One line of display text at baseline y; x is its left (or centre, or
    right edge for align=right); ``role`` picks the face, ``style_role`` the
    composition style (layout.text.styles). Returns its width."""
    w = natural_width(text, role, fonts, style_for(style_role, house, size, size))
    ln = compose([(text, role)], fonts, style_for(style_role, house, size, w + 1))[0]
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[align]
    runs = line_runs(ln, x0, y, size, fonts, article)
    out.runs += runs
    out.findings += [missing_glyph(ch, out.id, article, "masthead") for ch in ln.missing]
    return w


def _masthead(out: PageList, issue: Issue, place: Place, grid: Grid, fonts: FontSet) -> None:
    """The masthead (报头): the paper's name large at the left, beside it the
    date with weekday and lunar date, 第N期, the CN serial and 邮发代号, and a
    heavy rule with a hairline under it across the type area."""
    x0 = grid.column_x(place.column)
    width = grid.span_width(place.span)
    top = grid.line_top(place.row)
    bottom = grid.line_top(place.row + place.height - 1) - grid.size
    name_size = min((top - bottom) * 0.62, width * 0.55 / max(len(issue.newspaper), 1))
    name_y = top - (top - bottom - name_size) / 2 - name_size * EM_BOX_ASCENT + 4
    w = _text_run(out, fonts, issue.newspaper, "masthead", name_size, x0, name_y, article="masthead",
                  house=issue.house)
    m = issue.masthead
    info = [
        (chinese_date(issue.date), 14.0, "kicker"),
        (f"{weekday(issue.date)}　农历{lunar(issue.date)}", 10.5, "body"),
    ]
    if m.number:
        info.append((f"第{m.number}期　今日{len(issue.pages)}版", 10.5, "body"))
    if m.cn:
        info.append((f"国内统一连续出版物号　{m.cn}", 10.5, "body"))
    if m.postal_code:
        info.append((f"邮发代号　{m.postal_code}", 10.5, "body"))
    if m.publisher:
        info.append((m.publisher, 10.5, "body"))
    ix = x0 + w + 2 * name_size * 0.25 + 12
    # a hairline between the name and the data column
    out.rules.append(Rule(ix - 12, top - 14, ix - 12, bottom + 10, 0.5))
    total = sum(s * 1.6 for _, s, _ in info)
    y = top - (top - bottom - total) / 2
    for text, size, role in info:
        y -= size * 1.3
        _text_run(out, fonts, text, role, size, ix, y, article="masthead", house=issue.house)
        y -= size * 0.3
    # the masthead's rules: heavy over hairline, across the whole type area
    yb = grid.line_top(place.row + place.height) - 3.5
    out.rules.append(Rule(grid.left, yb, grid.left + grid.area_width, yb, 2.0))
    out.rules.append(Rule(grid.left, yb - 3, grid.left + grid.area_width, yb - 3, 0.5))


def _running_head(out: PageList, issue: Issue, page: Page, grid: Grid, fonts: FontSet) -> None:
    """The running head (报眉) of an inner page: page number and section name
    at the outer edge, paper name and date at the inner edge, over a rule."""
    y = grid.top + 14
    left = grid.left
    right = grid.left + grid.area_width
    h = dict(house=issue.house, style_role="running_head")
    _text_run(out, fonts, f"{page.id}　{page.section}".strip(), "kicker", 12.0, left, y, **h)
    _text_run(out, fonts, f"{issue.newspaper}　{chinese_date(issue.date)}　{weekday(issue.date)}",
              "body", 10.5, right, y, align="right", **h)
    if page.editor:
        _text_run(out, fonts, f"责任编辑　{page.editor}", "body", 7.5, right, grid.top - grid.area_height - 14,
                  align="right", **h)
    out.rules.append(Rule(left, y - 6, right, y - 6, 0.75))
