"""The blocks that are not stories: photo news (图片新闻), advertisements and
the index box (导读).

Each is a function of the page's :class:`SetContext`, the article and its
place, returning a :class:`BlockResult`; each keeps its first body line free
for the rule above it and draws nothing outside its place: what does not fit
is overset and reported with its size.
"""

from __future__ import annotations

from ..model.issue import Article, Place
from ..model.units import EM_BOX_ASCENT, EM_BOX_DESCENT
from ..text.compose import compose, natural_width
from .block import BlockResult, report_missing
from .context import SetContext, overset, underset
from .display import Box, Finding, Region, Rule
from .heads import clip_line, fit_head, one_line
from .photos import MIN_PHOTO_ROWS, RIGHTS_SIZE, measure_photo, place_photo, rights_lines

#: A block label (图片新闻, 导读): its size in points and the body lines it
#: takes with the rule under it.
LABEL_SIZE = 14.0
LABEL_ROWS = 2
#: The label's rule: its distance below the label line's top and its weight.
LABEL_RULE_DROP = 19.5
LABEL_RULE_WEIGHT = 1.0
#: An advertisement's box: outer and inner rule weights, the gap between
#: them, the inset of its text from the outer rule, the label's size and
#: inset, and the leading of its lines (as a multiple of their size).
AD_RULE = 1.5
AD_INNER_RULE = 0.5
AD_INNER_GAP = 3.0
AD_TEXT_INSET = 12.0
AD_LABEL_SIZE = 7.5
AD_LABEL_INSET = 8.0
AD_LEADING = 1.3
#: The smallest size an ad line is shrunk to, points (六号).
AD_MIN_SIZE = 7.5
#: An index box's item titles: size in points (五号) and face role.
INDEX_TITLE_SIZE = 10.5


def _label(ctx: SetContext, res: BlockResult, art: Article, x0: float, width: float, row: int) -> float:
    """The block's label (图片新闻, 导读) in :data:`LABEL_ROWS` body lines from
    ``row``, with a rule under it; returns the rule's y."""
    g = ctx.grid
    ln = one_line(ctx, art.label, "kicker", "label", LABEL_SIZE)
    shown, cut = clip_line(ln, width)
    res.runs += ctx.runs(shown, x0, g.line_top(row) - 1 - EM_BOX_ASCENT * LABEL_SIZE, LABEL_SIZE, art.id)
    if cut:
        res.findings.append(overset(ctx.page, art.id, 1, len(cut), cut, "label"))
    rule_y = g.line_top(row) - LABEL_RULE_DROP
    res.rules.append(Rule(x0, rule_y, x0 + width, rule_y, LABEL_RULE_WEIGHT))
    report_missing(ctx, res, art, [ln], "label")
    return rule_y


def photo_growth(ctx: SetContext, box) -> int:
    """Body lines a photo-news photo (photos.PhotoBox) may grow taller,
    cropped at the sides: up to PHOTO_GROW times its height, and never so
    tall that it prints below PPI_WARNING."""
    from ..model.photo import PPI_WARNING

    grow = int(box.rows * (PHOTO_GROW - 1))
    ph = box.photo
    if ph.pixels and not ph.placeholder:
        g = ctx.grid
        tallest = ph.pixels[1] * 72 / PPI_WARNING  # points of height at PPI_WARNING
        grow = min(grow, max(0, int((tallest + g.pitch - g.size) // g.pitch) - box.rows))
    return grow


def _frame(ctx: SetContext, place: Place, limit: int | None) -> tuple[float, float, int]:
    """A rectangular block's left x and width (points) and its last body
    line (for an auto height, the last the block may reach)."""
    g = ctx.grid
    bottom = place.row + place.height - 1 if place.height is not None else (limit or g.lines)
    return g.column_x(place.column), g.span_width(place.span), bottom


def _finish(ctx: SetContext, res: BlockResult, art: Article, place: Place, height: int, used: int) -> None:
    """Region, cells and height of a rectangular block; underset when the
    content ends more than two lines above a fixed block's foot."""
    g = ctx.grid
    x0, width = g.column_x(place.column), g.span_width(place.span)
    res.height = height
    res.cells = place.cells(height)
    res.region = Region(art.id, [(x0, g.line_top(place.row + height - 1) - g.size, x0 + width, g.line_top(place.row))],
                        (art.headline or art.label).replace("\n", " "), area=g.block_rects(place, height))
    empty = place.row + height - 1 - used
    if place.height is not None and empty > 2:
        res.findings.append(underset(ctx.page, art.id, empty, int(empty * width / g.size)))


#: A photo in a fixed photo-news block may grow to this many times its
#: natural height to fill the block (cropped at the sides: it keeps more than
#: photos.CROP_WARNING of its pixels).
PHOTO_GROW = 1.9


def set_photo_news(ctx: SetContext, art: Article, place: Place, limit: int | None = None) -> BlockResult:
    """A photo-news block (图片新闻): its label, then each photo across the
    block with its caption set at the photo's width beneath it, read in line
    order and ending with the credit. In a fixed block the photos are made
    shorter (cropped) to leave room for the captions, or taller (up to
    PHOTO_GROW times) to fill it; a place too small for a photo is an error
    naming the article, and nothing is drawn outside it."""
    res = BlockResult()
    x0, width, bottom = _frame(ctx, place, limit)
    row = place.row + 1
    # one photo's licence that fits on one line stands on the label line,
    # small and flush right; otherwise each photo's goes under its caption
    rights = [ph.rights for ph in art.photos if ph.rights]
    on_label = []
    if art.label and len(rights) == 1:
        room = width - natural_width(art.label, "kicker", ctx.fonts, ctx.style("label", LABEL_SIZE, width)) - LABEL_SIZE
        if natural_width(rights[0], "caption", ctx.fonts, ctx.style("credit", RIGHTS_SIZE, width)) <= room:
            on_label = rights_lines(ctx, rights[0], width)
    boxes = [measure_photo(ctx, ph, width, with_rights=not on_label) for ph in art.photos]
    if art.label:
        rule_y = _label(ctx, res, art, x0, width, row)
        if on_label:
            res.runs += ctx.runs(on_label[0], x0, rule_y + 3, RIGHTS_SIZE, art.id)
        row += LABEL_ROWS
    # a fixed block taller than its photos and captions: the photos grow
    # (cropped at the sides) into the spare lines, each to at most
    # PHOTO_GROW times its height, so the block ends filled
    spare = 0
    if place.height is not None:
        spare = bottom - row + 1 - sum(b.total_rows for b in boxes) - (len(boxes) - 1)
    for n, box in enumerate(boxes):
        grow = min(max(0, spare), photo_growth(ctx, box))
        spare -= grow
        room = bottom - row + 1 - box.text_rows - (1 if n + 1 < len(boxes) else 0)
        rows = min(box.rows + grow, room)
        if rows < MIN_PHOTO_ROWS:
            res.findings.append(Finding(
                "photo_space", "error", ctx.page, art.id,
                f"no room for photo {n + 1}: it needs {MIN_PHOTO_ROWS + box.text_rows} lines with its caption, "
                f"the block has {max(0, bottom - row + 1)}",
                {"need": MIN_PHOTO_ROWS + box.text_rows, "room": max(0, bottom - row + 1)}))
            left = " ".join(ln.text for ln in box.caption)
            if left:
                res.findings.append(overset(ctx.page, art.id, len(box.caption), len(left.replace(" ", "")), left,
                                            "caption"))
            continue
        res.take_photo(ctx, art, place_photo(ctx, box.with_rows(rows), x0, row, art.id))
        row += rows + box.text_rows + (1 if n + 1 < len(boxes) else 0)
    used = row - 1
    _finish(ctx, res, art, place, place.height if place.height is not None else max(2, used - place.row + 1), used)
    return res


def set_advert(ctx: SetContext, art: Article, place: Place, limit: int | None = None) -> BlockResult:
    """An advertisement: a ruled box below the block's free first line, the
    label (广告, 公益广告) small at its top right, the lines centred and
    spread down the box, each shrunk (to 六号 at least, two lines at most) to
    fit the width. Lines that do not fit the box are overset."""
    g = ctx.grid
    res = BlockResult()
    x0, width = g.column_x(place.column), g.span_width(place.span)
    inner = width - 2 * AD_TEXT_INSET
    blocks = []
    for text, size, role in art.lines:
        s, lines = fit_head(ctx, text, role, inner, 2, size, AD_MIN_SIZE, style_role="ad")
        blocks.append((lines, s))
        report_missing(ctx, res, art, lines, "advert")
    need = sum(len(ls) * s * AD_LEADING for ls, s in blocks) + 2 * AD_TEXT_INSET
    if place.height is None:
        height = 1 + max(1, int(-(-(need - (g.pitch - g.size)) // g.pitch)))
        height = min(height, (limit or g.lines) - place.row + 1)
    else:
        height = place.height
    top = g.line_top(place.row + 1)
    bottom = g.line_top(place.row + height - 1) - g.size
    if height >= 2:
        res.boxes.append(Box(x0, bottom, width, top - bottom, AD_RULE))
        res.boxes.append(Box(x0 + AD_INNER_GAP, bottom + AD_INNER_GAP, width - 2 * AD_INNER_GAP,
                             top - bottom - 2 * AD_INNER_GAP, AD_INNER_RULE))
    if art.label and top - bottom > AD_LABEL_SIZE + AD_LABEL_INSET:
        ln, cut = clip_line(one_line(ctx, art.label, "kicker", "label", AD_LABEL_SIZE), width - 2 * AD_LABEL_INSET)
        w = ln.width if not cut else width - 2 * AD_LABEL_INSET
        res.runs += ctx.runs(ln, x0 + width - w - AD_LABEL_INSET, top - AD_LABEL_INSET - AD_LABEL_SIZE * EM_BOX_ASCENT,
                             AD_LABEL_SIZE, art.id)
        if cut:
            res.findings.append(overset(ctx.page, art.id, 1, len(cut), cut, "label"))
    total = sum(len(ls) * s * AD_LEADING for ls, s in blocks)
    room = top - bottom - 2 * AD_TEXT_INSET
    gap = max(0.0, (room - total) / (len(blocks) + 1))
    y = top - AD_TEXT_INSET - gap
    spread = (AD_LEADING - 1) / 2
    left_out: list[str] = []
    for lines, s in blocks:
        for ln in lines:
            y -= s * spread + s * EM_BOX_ASCENT
            shown, cut = clip_line(ln, inner)
            if y - s * EM_BOX_DESCENT < bottom + AD_INNER_GAP or height < 2:
                left_out.append(ln.text)
            else:
                res.runs += ctx.runs(shown, x0 + (width - shown.width) / 2, y, s, art.id)
                if cut:
                    left_out.append(cut)
            y -= s * EM_BOX_DESCENT + s * spread
        y -= gap
    if left_out:
        text = "".join(left_out)
        res.findings.append(overset(ctx.page, art.id, len(left_out), len(text.replace(" ", "")), text, "advert"))
    res.height = height
    res.cells = place.cells(height)
    res.region = Region(art.id, [(x0, bottom, x0 + width, g.line_top(place.row))], art.label or "广告",
                        area=g.block_rects(place, height))
    return res


def set_index(ctx: SetContext, art: Article, place: Place, pages: dict[str, tuple[str, int, str]],
              limit: int | None = None) -> BlockResult:
    """An index box (导读): its label, then for each item its short title (or
    the article's headline) and, flush right on the same line, the page it is
    on (第N版), a line of space between items.

    Args:
        pages: article id -> (page id, page number 版次, headline), from the
            whole issue, so the box can point into it.
    """
    g = ctx.grid
    res = BlockResult()
    x0, width, bottom = _frame(ctx, place, limit)
    row = place.row + 1
    if art.label:
        _label(ctx, res, art, x0, width, row)
        row += LABEL_ROWS
    left_out: list[str] = []
    for n, (aid, short) in enumerate(art.items):
        page_id, number, headline = pages[aid]
        title = short or headline.replace("\n", " ")
        tag = f"第{number}版"
        st = ctx.style("index", g.size, width)
        tag_w = natural_width(tag, "body", ctx.fonts, st)
        room = width - tag_w - g.size
        size, lines = fit_head(ctx, title, "kicker", room, 2, INDEX_TITLE_SIZE, g.size, style_role="index")
        if row + len(lines) - 1 > bottom:
            left_out.append(title)
            continue
        for k, ln in enumerate(lines):
            shown, cut = clip_line(ln, room)
            res.runs += ctx.runs(shown, x0, g.baseline(row, size), size, art.id)
            if cut:
                left_out.append(cut)
            if k == len(lines) - 1:
                tl = compose([(tag, "body")], ctx.fonts, st)[0]
                res.runs += ctx.runs(tl, x0 + width - tag_w, g.baseline(row, size), g.size, art.id)
            row += 1
        report_missing(ctx, res, art, lines, "index")
        row += 1  # a line of space between items
    if left_out:
        text = "".join(left_out)
        res.findings.append(overset(ctx.page, art.id, len(left_out), len(text.replace(" ", "")), text, "index"))
    used = row - 2
    _finish(ctx, res, art, place, place.height if place.height is not None else max(2, used - place.row + 1), used)
    return res

