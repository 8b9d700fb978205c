"""Copy fitting: how many body lines an article needs at a span.

The answer comes from the same setters the page uses, with the block's
height left ``auto`` (so a block built with ``height: auto`` at that span
takes exactly these lines), on an empty page: nothing is drawn. An index
box needs the issue to know its pages; it is fitted with every item on
page 1.

A story's lines depend on its headline's size, and that depends on the
page: the lead story (头条) takes the largest head its span allows, every
other story's head is at least one 号 below the lead's (layout.makeup.page).
:func:`fit_under` fits a story as the page will set it, given the lead's
headline size (None: the story is the lead); :data:`LEADS` are the lead
sizes ``broadsheet fit`` reports by default.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.grid import Grid
from ..model.issue import Article, House, Place
from ..text.fonts import FontSet
from .blocks import set_advert, set_index, set_photo_news
from .context import SetContext
from .heads import LEAD_MAX, SPAN_MAX, largest_head
from .memo import cached_block
from .story import set_story


@dataclass(frozen=True)
class Fit:
    """An article fitted at a span.

    Attributes:
        span: basic columns.
        lines: body lines the block takes (its free first line, head,
            photos and text), up to the whole type area.
        overset: lines of text that do not fit even the whole type area.
        headline: the headline's size, points (0 for blocks without one).
        head_rows: a story's head area in body lines (its free first line
            included).
        above_rows: body lines of a photo above the head (``photo_top``),
            its caption and the line under it; 0 without one.
        head_over: headline lines over what head.lines allows (the
            head_overflow warning's count; 0 when the head fits).
    """

    span: int
    lines: int
    overset: int
    headline: float
    head_rows: int = 0
    above_rows: int = 0
    head_over: int = 0


def fit_article(art: Article, span: int, grid: Grid, fonts: FontSet, house: House | None = None,
                largest: float | None = None, columns: int | None = None, jump=None, photo_top: bool = False) -> Fit:
    """The body lines ``art`` needs at ``span`` basic columns (broken into
    ``columns`` text columns if given), its head at most ``largest`` points
    (default: as large as the span allows a lead story); ``jump``: a
    jumped story's second part (layout.makeup.story.Jump); ``photo_top``:
    a story's first photo above its head (Place.photo).

    From the layout cache (layout.makeup.memo) when the same article was
    fitted with the same arguments: makeup fits every auto article at every
    span and head size it may take (673 fits for the specimen's three auto
    pages), and a rebuild or a ``watch`` edit fits only the articles that
    changed."""
    return cached_block(_fit, art, span, grid, fonts, house or House(), largest, columns, jump, photo_top)


def _fit(art: Article, span: int, grid: Grid, fonts: FontSet, house: House, largest: float | None,
         columns: int | None, jump, photo_top: bool) -> Fit:
    """:func:`fit_article`, set (see there)."""
    ctx = SetContext(grid, fonts, house, "fit", checks=False)  # lines counted, not checked
    place = Place(1, span, 1, None, columns, None, "top" if photo_top else None)
    big = largest or largest_head(span)
    if art.kind == "story":
        res = set_story(ctx, art, place, big, grid.lines, jump)
    elif art.kind == "photo":
        res = set_photo_news(ctx, art, place, grid.lines)
    elif art.kind == "ad":
        res = set_advert(ctx, art, place, grid.lines)
    else:
        pages = {aid: ("A01", 1, aid) for aid, _ in art.items}
        res = set_index(ctx, art, place, pages, grid.lines)
    over = sum(f.data.get("lines", 0) for f in res.findings if f.kind == "overset")
    head_over = sum(f.data.get("lines", 0) - art.head.lines for f in res.findings if f.kind == "head_overflow")
    return Fit(span, res.height, over, res.headline_size, getattr(res, "head_rows", 0), getattr(res, "above_rows", 0),
               head_over)


#: The lead's headline sizes ``broadsheet fit`` gives figures under by
#: default: 初号 and 小初, a lead across four columns or more (heads.SPAN_MAX).
LEADS = (LEAD_MAX, SPAN_MAX[4])


def fit_under(art: Article, span: int, grid: Grid, fonts: FontSet, house: House | None = None,
              lead: float | None = None, columns: int | None = None) -> Fit:
    """:func:`fit_article` with the head the page gives ``art`` at ``span``:
    as the page's lead story when ``lead`` is None, else one 号 below a lead
    whose headline is ``lead`` points (heads.largest_head, as
    layout.makeup.page.make_page sets it), so a block of ``height: auto``
    at that span under that lead takes exactly ``Fit.lines``."""
    return fit_article(art, span, grid, fonts, house, largest_head(span, lead), columns=columns)
