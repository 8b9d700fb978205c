"""Stories: the head stack, the byline, the body flowing through the block's
column frames around its photos, and the jump lines of a story that
continues on another page (转版).

The block's geometry (text columns, the head's area, photos, an L-shaped
block's leg, broken columns 破栏) becomes a flow chain of column frames
(layout.makeup.flow); the text is poured into it balanced, so every column
ends within one line of the others. A block whose ``height`` is ``auto``
takes the lines its content needs at its span; a fixed block whose text
ends early gives its head area up to :data:`HEAD_SLACK` more lines and
reports the rest as underset, in lines and characters; text that does not
fit is overset, never dropped silently.

A jumped story's first part fills its block to the foot and ends with
（下转第N版）; the rest of the text goes on in the second part under the
continued head (续题) after （上接第M版）, broken again if the measure there
differs (N and M are the pages' numbers, 版次: A02 is 第2版).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model.issue import Article, Place
from ..model.units import EM_BOX_DESCENT
from ..text.bylines import pad_names
from ..text.compose import compose
from .block import BlockResult, check_line, report_missing
from .context import SetContext, overset, underset
from .display import Box, Finding, Link, Region
from .flow import ColumnFrame, Copy, FlowLine, Paragraph, balance, capacity, fill, rest_from
from .heads import (HeadStack, clip_line, one_line, VerticalHead, measure_head, measure_vertical, place_head,
                    place_vertical, vertical_extent)
from .photos import MIN_PHOTO_ROWS, PhotoBox, measure_photo, place_photo

#: Whole body lines a fixed block's head area may take from the body's
#: slack, so a block whose text is a little short still ends at its foot.
HEAD_SLACK = 3
#: A block is underset when its text ends more than this many lines above
#: its foot (README: underset blocks).
UNDERSET_LINES = 2
#: Body lines left blank between a photo's caption and the text below it
#: (or the head below it, for a photo above the head).
PHOTO_GAP = 1
#: A photo above the head (Place.photo == "top") is cropped towards 4:3
#: landscape, but keeps at least this share of its height (and pixels):
#: above photos.CROP_WARNING, so no crop warning.
TOP_PHOTO_KEEP = 0.6
#: A story's column label (栏目名): its size in points, the body lines it
#: takes over the head, and the frame round it (padding, rule weight).
LABEL_SIZE = 10.5
LABEL_ROWS = 2
LABEL_PAD = 2.5
LABEL_RULE = 0.75


def column_label(ctx: SetContext, art: Article, x0: float, row: int):
    """A story's column label (栏目名 such as 鹭川随笔 or 短评) set small in a
    ruled frame at ``x0``, on body line ``row``: its runs, the frame, and an
    overset finding when it is wider than a basic column."""
    g = ctx.grid
    shown, cut = clip_line(one_line(ctx, art.label, "kicker", "label", LABEL_SIZE), g.column_width - 2 * LABEL_PAD)
    y = g.baseline(row, LABEL_SIZE) - LABEL_PAD
    runs = ctx.runs(shown, x0 + LABEL_PAD, y, LABEL_SIZE, art.id)
    box = Box(x0, y - LABEL_SIZE * EM_BOX_DESCENT - LABEL_PAD, shown.width + 2 * LABEL_PAD,
              LABEL_SIZE + 2 * LABEL_PAD, LABEL_RULE)
    found = [overset(ctx.page, art.id, 1, len(cut), cut, "label")] if cut else []
    return runs, [box], found


@dataclass
class Continuation:
    """The rest of a jumped story, handed from its first part to its second:
    the copy, its remaining lines and the measure they were broken at, and
    where the first part stands (page id and number)."""

    copy: Copy
    lines: list[FlowLine]
    measure: float
    page: str
    number: int


@dataclass
class Jump:
    """A story part's jump: for a first part, the page the text continues on
    (``to_page``, ``to_number``, ``to_article`` the article id); for a
    second part, the :class:`Continuation` it takes up."""

    to_page: str = ""
    to_number: int = 0
    came: Continuation | None = None


@dataclass
class StoryResult(BlockResult):
    """A story block's result, and for a jump's first part the rest of the
    text for the second; ``head_rows`` the body lines of its head area
    (the free first line included); ``above_rows`` the body lines of a
    photo above the head (place.photo == "top") with its caption and the
    line under it, 0 without one."""

    rest: Continuation | None = None
    head_rows: int = 0
    above_rows: int = 0


@dataclass(frozen=True)
class TextColumn:
    """One text column of a block: left x and measure in points, and the
    basic columns (1-based) it lies over."""

    x: float
    measure: float
    columns: tuple[int, ...]


def text_columns(ctx: SetContext, place: Place, skip: int | None = None) -> list[TextColumn]:
    """The block's text columns: one a basic column, or ``place.columns``
    broken columns (破栏) of whole characters across the span, the
    remainder widening the gutters (shared/docs/newspaper-typesetting.md 1);
    ``skip``: a basic column taken by a vertical head."""
    g = ctx.grid
    basic = [c for c in range(place.column, place.column + place.span) if c != skip]
    k = place.columns or len(basic)
    if k == len(basic):
        return [TextColumn(g.column_x(c), g.column_width, (c,)) for c in basic]
    x0 = g.column_x(basic[0])
    width = g.column_x(basic[-1]) + g.column_width - x0
    chars = int(round(width / g.size))
    each = (chars - (k - 1)) // k
    gutter = (width - k * each * g.size) / (k - 1) if k > 1 else 0.0
    out = []
    for n in range(k):
        x = x0 + n * (each * g.size + gutter)
        over = tuple(c for c in basic if g.column_x(c) < x + each * g.size and g.column_x(c) + g.column_width > x)
        out.append(TextColumn(x, each * g.size, over))
    return out


#: Copies made this process, by their text and house options: a story
#: fitted at eight spans and then set is broken into lines once a measure.
_COPIES: dict[tuple, Copy] = {}
_COPIES_MAX = 512


def story_copy(ctx: SetContext, art: Article, with_bylines: bool = True) -> Copy:
    """The story's text as a copy to pour: bylines (names padded by house
    option), then the paragraphs, the first opening with the dateline. The
    same text with the same faces and house options gives the same copy
    (and its lines, already broken), within a process."""
    key = (tuple(art.bylines) if with_bylines else (), tuple(tuple(sp) for sp in art.paragraph_spans()),
           ctx.house, id(ctx.fonts), ctx.grid.name)
    if key not in _COPIES:
        if len(_COPIES) >= _COPIES_MAX:
            _COPIES.clear()
        _COPIES[key] = _new_copy(ctx, art, with_bylines)
    return _COPIES[key]


def _new_copy(ctx: SetContext, art: Article, with_bylines: bool) -> Copy:
    pars: list[Paragraph] = []
    if with_bylines:
        for by in art.bylines:
            pars.append(Paragraph(((pad_names(by) if ctx.house.pad_names else by, "byline"),), "byline", "byline"))
    for spans in art.paragraph_spans():
        pars.append(Paragraph(tuple(spans), "body", "body"))
    # two full pages of lines is more than any block and its jump can hold
    room = 2 * ctx.grid.lines * ctx.grid.columns
    return Copy(pars, ctx.fonts, lambda role, measure, **own: ctx.style(role, measure=measure, **own), room)


def jump_line(ctx: SetContext, text: str, measure: float) -> FlowLine:
    """A jump line (（下转第2版）, （上接第1版）) set flush right on ``measure``."""
    st = ctx.style("jump", measure=measure)
    ln = compose([(text, "kicker")], ctx.fonts, st)[0]
    shift = measure - ln.width
    for g in ln.glyphs:
        g.x += shift
    ln.width = measure
    return FlowLine(ln, "jump", -1)


@dataclass
class _PhotoPlan:
    box: PhotoBox
    first: int  # first text column it covers (0-based)
    last: int   # last text column it covers
    at: int | None  # the block line it starts on, or None: the top of the text

    def top(self, text_top: int, row: int) -> int:
        return text_top if self.at is None else max(text_top, row + self.at - 1)


def _frames(ctx: SetContext, cols: list[TextColumn], place: Place, text_top: int, height: int,
            photos: list[_PhotoPlan]) -> list[ColumnFrame]:
    """The flow chain of a block ``height`` lines tall whose text starts on
    line ``text_top``: each text column from there to its foot (an L's leg
    goes lower), cut where a photo and its caption stand."""
    frames = []
    for k, col in enumerate(cols):
        bottom = place.row + height - 1
        if place.leg and all(place.leg.column <= c < place.leg.column + place.leg.span for c in col.columns):
            bottom += place.leg.height
        cur = text_top
        for ph in sorted((p for p in photos if p.first <= k <= p.last), key=lambda p: p.top(text_top, place.row)):
            top = ph.top(text_top, place.row)
            if top > cur:
                frames.append(ColumnFrame(ctx.page, col.x, col.measure, cur, min(top, bottom + 1) - cur, k))
            cur = top + ph.box.total_rows + PHOTO_GAP
        if cur <= bottom:
            frames.append(ColumnFrame(ctx.page, col.x, col.measure, cur, bottom - cur + 1, k))
    return [f for f in frames if f.rows > 0]


def _photos_fit(plans: list[_PhotoPlan], place: Place, text_top: int, height: int) -> bool:
    bottom = place.row + height - 1
    return all(p.top(text_top, place.row) + p.box.total_rows - 1 <= bottom for p in plans)


def set_story(ctx: SetContext, art: Article, place: Place, largest: float, limit: int | None = None,
              jump: Jump | None = None) -> StoryResult:
    """Set a story (or one part of a jumped story) in its place.

    Args:
        ctx: the page.
        art: the article.
        place: its place; ``height`` None is auto.
        largest: the largest headline size allowed, points (so no head
            outgrows the lead story's).
        limit: for an auto height, the last body line the block may reach
            (the line above the next block in its columns, or the foot).
        jump: a first part's continuation page, or a second part's
            continuation to take up.

    Returns: the block; for a first part, ``rest`` holds the text left for
    the second.
    """
    g = ctx.grid
    jump = jump or Jump()
    second = jump.came is not None
    res = StoryResult()
    limit = limit or g.lines
    fixed = place.height is not None
    max_height = place.height if fixed else limit - place.row + 1
    x0, width = g.column_x(place.column), g.span_width(place.span)
    top = g.line_top(place.row)
    # --- the head: across the top, or standing at the side (竖题)
    vertical = art.head.vertical and place.span > 1 and not second
    vh: VerticalHead | None = None
    stack: HeadStack | None = None
    head_col = None
    # a column label (栏目, 鹭川随笔) in a frame at the top left, over the head
    label_rows = LABEL_ROWS if art.label and not second else 0
    if vertical:
        head_col = place.column + place.span - 1
        # sized for the room place_vertical draws in (under the free first line and the label)
        vh = measure_vertical(ctx, art, _vertical_room(ctx, max_height, label_rows), g.column_width, largest)
        if not fixed and max_height < g.lines:
            res.findings += _smaller_vertical(ctx, art, vh, label_rows, largest, max_height, limit)
        res.headline_size = vh.headline_size
        res.findings += vh.findings
        head_rows = 1  # the free first line
    else:
        headline = (art.continued_head or art.headline) if second else None
        stack = measure_head(ctx, art, width, largest, headline, max_lines=2 if second else None)
        res.headline_size = stack.headline_size
        res.findings += stack.findings
        head_rows = stack.rows(g.pitch)
    head_rows += label_rows
    cols = text_columns(ctx, place, head_col)
    # --- photos: the first above the head (place.photo == "top"), the rest in the text
    above: PhotoBox | None = None
    top_rows = 0  # body lines of the photo above the head, its caption and the gap under it
    in_text = art.photos if not second else []
    if place.photo == "top" and in_text and stack is not None:
        measure_all = cols[-1].x + cols[-1].measure - cols[0].x
        above = measure_photo(ctx, in_text[0], measure_all)
        # across the top of a block a tall photo is cropped towards 4:3
        # landscape, keeping at least TOP_PHOTO_KEEP of its height
        flat = max(MIN_PHOTO_ROWS, round((measure_all * 0.75 + g.pitch - g.size) / g.pitch))
        above = above.with_rows(max(min(above.rows, flat), math.ceil(above.rows * TOP_PHOTO_KEEP)))
        top_rows = above.total_rows + PHOTO_GAP
        in_text = in_text[1:]
    plans = []
    for n, ph in enumerate(in_text):
        span = min(ph.span or len(cols), len(cols))
        if ph.span and ph.span > len(cols) and ctx.checks:
            res.findings.append(Finding("photo_span", "warning", ctx.page, art.id,
                                        f"photo {n + 1 + (above is not None)} asks for {ph.span} columns; the block "
                                        f"has {len(cols)}, so it is set {span} wide", {"asked": ph.span, "set": span}))
        first = 0 if ph.side == "left" else len(cols) - span
        w = cols[first + span - 1].x + cols[first + span - 1].measure - cols[first].x
        plans.append(_PhotoPlan(measure_photo(ctx, ph, w), first, first + span - 1, ph.at))
    # --- the copy and its lines at the text measure
    measure = cols[0].measure
    if second:
        came = jump.came
        copy = came.copy
        rest = rest_from(copy, came.lines, 0, measure, came.measure)
        lines = [jump_line(ctx, f"（上接第{came.number}版）", measure)] + rest
    else:
        copy = story_copy(ctx, art)
        lines = copy.lines(measure)
    # --- the height: auto takes the least that holds everything
    if fixed and above is not None and top_rows + head_rows >= place.height:
        # a block too short for its photo above the head: the photo is cropped, or left out
        rows = place.height - head_rows - 1 - above.text_rows - PHOTO_GAP
        if rows >= MIN_PHOTO_ROWS:
            above = above.with_rows(rows)
            top_rows = above.total_rows + PHOTO_GAP
        else:
            res.findings.append(Finding(
                "photo_space", "error", ctx.page, art.id,
                f"no room for the photo above the head: it needs {MIN_PHOTO_ROWS + above.text_rows + PHOTO_GAP} "
                f"lines with its caption, the block has {max(0, place.height - head_rows - 1)}",
                {"need": MIN_PHOTO_ROWS + above.text_rows + PHOTO_GAP,
                 "room": max(0, place.height - head_rows - 1)}))
            above, top_rows = None, 0
    text_top = place.row + top_rows + head_rows
    wanted = 0  # an auto block stopped by the next block: the lines it needs
    if fixed:
        height = place.height
        _shrink_photos(ctx, res, art, plans, place, text_top, height)
    else:
        need_head = vertical_rows(ctx, vh, label_rows) if vh else 0
        height = max_height

        def holds(h: int) -> bool:
            frames = _frames(ctx, cols, place, text_top, h, plans)
            return _photos_fit(plans, place, text_top, h) and capacity(frames) >= len(lines) and \
                balance(frames, len(lines)) is not None

        lowest = max(1, top_rows + head_rows + 1, need_head)
        for h in range(lowest, max_height + 1):
            if holds(h):
                height = h
                break
        else:
            if limit < g.lines and not jump.to_page:
                # the next block below stops it: the lines it would take (as fit gives them)
                wanted = next((h for h in range(max(lowest, max_height + 1), g.lines - place.row + 2) if holds(h)), 0)
            _shrink_photos(ctx, res, art, plans, place, text_top, height)
    frames = _frames(ctx, cols, place, text_top, height, plans)
    # --- pour
    placed: list[tuple[FlowLine, ColumnFrame, int]] = []
    if jump.to_page and capacity(frames) < len(lines):
        n_first = max(0, capacity(frames) - 1)
        slots = fill(frames, n_first)
        res.rest = Continuation(copy, lines[n_first:], measure, ctx.page, 0)
        slots.append(fill(frames, n_first + 1)[-1])
        out_line = jump_line(ctx, f"（下转第{jump.to_number}版）", measure)
        placed = [(fl, frames[k], r) for fl, (k, r) in zip(lines[:n_first] + [out_line], slots)]
    else:
        if jump.to_page:
            res.findings.append(Finding("jump", "warning", ctx.page, art.id,
                                        f"the story fits its first block: no text is left to continue on "
                                        f"page {jump.to_page}", {"page": jump.to_page}))
            res.rest = Continuation(copy, [], measure, ctx.page, 0)
        slots = balance(frames, len(lines))
        if slots is None:
            slots = fill(frames, len(lines))
        elif fixed and stack is not None and slots:
            # a short text: the head area takes up to HEAD_SLACK more lines
            spare = place.row + height - 1 - max(r for _, r in slots)
            extra = min(HEAD_SLACK, spare)
            if extra > 0 and _photos_fit(plans, place, text_top + extra, height):
                text_top += extra
                head_rows += extra
                frames = _frames(ctx, cols, place, text_top, height, plans)
                slots = balance(frames, len(lines)) or fill(frames, len(lines))
        placed = [(fl, frames[k], r) for fl, (k, r) in zip(lines, slots)]
        left = lines[len(slots):]
        if left:
            text = "".join(fl.line.text for fl in left)
            res.findings.append(overset(ctx.page, art.id, len(left), len(text.replace(" ", "")), text))
            if wanted:
                res.findings[-1].message += (f" (height auto: the block needs {wanted} lines, {max_height} are free "
                                             f"above line {limit + 1})")
                res.findings[-1].data["needs"] = wanted
        elif slots:
            empty = sum(max(0, f.last_row - max((r for k2, r in slots if frames[k2] is f), default=f.first_row - 1))
                        for f in frames)
            foot = place.row + height - 1 - max(r for _, r in slots)
            if foot > UNDERSET_LINES and (fixed or (plans and ctx.checks)):
                # an auto height ends with white only where a photo beside
                # the text runs deeper than it: said as for a fixed block
                res.findings.append(underset(ctx.page, art.id, foot, int(empty * measure / g.size)))
                if not fixed:
                    res.findings[-1].message += " (a photo beside the text runs deeper than the text: crop it " \
                                                "shorter with photos[].height, or add copy)"
    # --- draw: the photo above the head, the head, photos, lines
    if above is not None:
        res.take_photo(ctx, art, place_photo(ctx, above, cols[0].x, place.row + 1, art.id))
    if label_rows:
        lx = g.column_x(head_col) if stack is None else x0
        runs, boxes, found = column_label(ctx, art, lx, place.row + 1 + top_rows)
        res.runs += runs
        res.boxes += boxes
        res.findings += found
    if stack is not None:
        # the head area (under the photo above it, if any), but never below the block's foot
        room = min((head_rows - label_rows - 1) * g.pitch - g.pitch / 2,
                   (height - top_rows - label_rows - 1) * g.pitch - (g.pitch - g.size))
        runs, found = place_head(ctx, stack, art.id, x0, width, top - (1 + top_rows + label_rows) * g.pitch, room,
                                 art.head.align)
        res.runs += runs
        res.findings += found
        for part in stack.parts:
            report_missing(ctx, res, art, part.lines, "head")
    else:
        hx = g.column_x(head_col)
        runs, found = place_vertical(ctx, vh, art.id, hx, g.column_width, top - (1 + label_rows) * g.pitch,
                                     _vertical_room(ctx, height, label_rows))
        res.runs += runs
        res.findings += found
    for plan in plans:
        row = plan.top(text_top, place.row)
        res.take_photo(ctx, art, place_photo(ctx, plan.box, cols[plan.first].x, row, art.id))
    for fl, frame, row in placed:
        res.runs += ctx.runs(fl.line, frame.x, g.baseline(row), article=art.id, body=fl.kind == "body")
        if fl.kind == "body" and ctx.checks:
            res.findings += check_line(ctx, art, fl.line, frame.measure)
        if fl.kind == "jump" and res.rest is not None and fl.line.glyphs:
            # the （下转第N版） line leads to the continuation
            y = g.line_top(row)
            res.links.append(Link(frame.x + fl.line.glyphs[0].x, y - g.size, frame.x + frame.measure, y,
                                  jump.to_page, art.id))
    report_missing(ctx, res, art, [fl.line for fl in lines], "body")
    # --- region and cells
    res.height = height
    res.head_rows = head_rows
    res.above_rows = top_rows
    res.cells = place.cells(height)
    rects = []
    if stack is not None:
        rects.append((x0, g.line_top(text_top - 1) - g.size, x0 + width, top))
    else:
        hx = g.column_x(head_col)
        rects.append((hx, g.line_top(place.row + height - 1) - g.size, hx + g.column_width, top))
    for col in cols:
        bottom = place.row + height - 1
        if place.leg and all(place.leg.column <= c < place.leg.column + place.leg.span for c in col.columns):
            bottom += place.leg.height
        rects.append((col.x, g.line_top(bottom) - g.size, col.x + col.measure, g.line_top(text_top)))
    res.region = Region(art.id, rects, art.headline.replace("\n", " "), continues_on=jump.to_page,
                        continued_from=jump.came.page if second else "", area=g.block_rects(place, height))
    return res


def _smaller_vertical(ctx: SetContext, art: Article, vh: VerticalHead, label_rows: int, largest: float,
                      free: int, limit: int) -> list[Finding]:
    """An auto block's vertical head sized smaller than fit gives it (fit
    measures it in the whole type area): the next block below, or the foot,
    leaves only ``free`` lines down to line ``limit``. A warning naming both
    sizes, or nothing when the head keeps its size."""
    g = ctx.grid
    full = measure_vertical(ctx, art, _vertical_room(ctx, g.lines, label_rows), g.column_width, largest)
    if full.headline_size <= vh.headline_size:
        return []
    where = f"above line {limit + 1}" if limit < g.lines else "above the foot"
    return [Finding("head_room", "warning", ctx.page, art.id,
                    f"vertical head set at {vh.headline_size:g} pt, not the {full.headline_size:g} pt fit gives: "
                    f"{free} lines are free {where}", {"size": vh.headline_size, "fit": full.headline_size,
                                                       "free": free})]


def _vertical_room(ctx: SetContext, height: int, label_rows: int) -> float:
    """Points a vertical head may take down a block ``height`` lines tall:
    from under its free first line and its column label (``label_rows``)
    to the foot of its last line's type."""
    g = ctx.grid
    return (height - label_rows - 1) * g.pitch - (g.pitch - g.size)


def vertical_rows(ctx: SetContext, vh: VerticalHead, label_rows: int) -> int:
    """The fewest body lines a block needs for the whole of the vertical
    head ``vh``: its free first line, its column label's ``label_rows`` and
    the longest vertical line with the space above it (heads.vertical_extent),
    so :func:`_vertical_room` holds every character."""
    g = ctx.grid
    extent = max(vertical_extent(t, s) for t, s, _ in vh.lines)
    return math.ceil((extent + g.pitch - g.size) / g.pitch - 1e-9) + label_rows + 1


def _shrink_photos(ctx: SetContext, res: BlockResult, art: Article, plans: list[_PhotoPlan], place: Place,
                   text_top: int, height: int) -> None:
    """Photos that do not fit the block at their natural height are made
    shorter (cropped), down to MIN_PHOTO_ROWS; one that still does not fit
    is left out with an error naming the article."""
    bottom = place.row + height - 1
    for plan in list(plans):
        room = bottom - plan.top(text_top, place.row) + 1 - plan.box.text_rows
        if plan.box.rows > room:
            if room >= MIN_PHOTO_ROWS:
                plan.box = plan.box.with_rows(room)
            else:
                plans.remove(plan)
                res.findings.append(Finding(
                    "photo_space", "error", ctx.page, art.id,
                    f"no room for the photo {plan.box.photo.path.name if plan.box.photo.path else '(placeholder)'}"
                    f": it needs {MIN_PHOTO_ROWS + plan.box.text_rows} lines with its caption, the block has "
                    f"{max(0, room + plan.box.text_rows)}", {"need": MIN_PHOTO_ROWS + plan.box.text_rows,
                                                             "room": max(0, room + plan.box.text_rows)}))
