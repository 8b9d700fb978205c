"""The issue model: what the manifests describe, after validation.

Plain dataclasses; units are grid units (columns, body lines) as the
production editor writes them, converted to points by layout.page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

#: The text roles a face is chosen for (fonts/fonts.yaml ``roles``).
ROLES = ("body", "headline", "kicker", "deck", "dateline", "byline", "caption", "masthead")


@dataclass(frozen=True)
class Leg:
    """The lower leg of an L-shaped block: basic columns ``column`` ..
    ``column + span - 1`` (inside the block's own columns) continue
    ``height`` body lines below the block's rectangle."""

    column: int
    span: int
    height: int


@dataclass(frozen=True)
class Place:
    """Where a block sits on the page grid.

    Attributes:
        column: first basic column, 1-based from the left.
        span: basic columns wide.
        row: first body line, 1-based from the top of the type area.
        height: body lines tall; None for ``height: auto`` (the lines the
            content needs at this span, up to the next block or the foot).
        columns: text columns across the span (破栏, broken columns); None:
            one a basic column.
        leg: the lower leg of an L-shaped block, or None.
        photo: ``top``: a story's first photo stands at the top of the
            block, across its text columns, above the head (its caption
            under it, then the head and the text); None: the photos stand
            in the text as the article says.
        lead: the story is the page's lead (头条): its head the largest,
            every other head one 号 below it (default: the story of
            priority 1, else the first story listed). ``makeup -o`` writes
            it for a priority-1 story, so the placed copy sets the same heads.
    """

    column: int
    span: int
    row: int
    height: int | None
    columns: int | None = None
    leg: Leg | None = None
    photo: str | None = None
    lead: bool = False

    def cells(self, height: int | None = None) -> set[tuple[int, int]]:
        """The grid cells (column, line) the block covers, at ``height``
        when the place's own is auto."""
        h = self.height if self.height is not None else height
        out = {(c, r) for c in range(self.column, self.column + self.span) for r in range(self.row, self.row + h)}
        if self.leg:
            out |= {(c, r) for c in range(self.leg.column, self.leg.column + self.leg.span)
                    for r in range(self.row + h, self.row + h + self.leg.height)}
        return out


@dataclass
class Photo:
    """A photo with its caption (图片说明) and credit (e.g. ■本报记者 胡建军 摄).

    ``path`` is resolved and checked to be a readable image of ``pixels``
    (width, height, after its EXIF orientation); ``height`` is in body lines (None: as the photo's
    proportions give); ``rights`` a licence line printed small with it.
    In a story: ``span`` basic columns covered (None: the whole block),
    ``at`` the block's line the photo starts on (None: the top of the text,
    under the head), ``side`` ``left`` or ``right``. A ``placeholder`` photo
    has no file yet (an imported back issue): the page shows a marked empty
    frame (缺图) and the build warns.
    """

    path: Path | None
    caption: str = ""
    credit: str = ""
    height: int | None = None
    pixels: tuple[int, int] = (0, 0)
    rights: str = ""
    span: int | None = None
    at: int | None = None
    side: str = "left"
    placeholder: bool = False
    info: object = None  # layout.model.photo.PhotoInfo: mode, transparency, sha256, Pillow's notes


@dataclass(frozen=True)
class House:
    """House options of the issue (issue.yaml ``house:``).

    Attributes:
        level: line-start prohibition level: loose, basic (default) or
            strict (clreq 3.1.7).
        open_at_start_half: an opening mark at the start of a line other than
            a paragraph's first takes 1/2 em.
        pad_names: two-character names in bylines and credits padded to three
            character widths (王　瑶).
        normalize_punctuation: half-width , ; : ! ? ( ) and straight quotes
            in Chinese text converted to full-width marks (GB/T 15834) at
            load time, each change recorded in build.json (off by default).
    """

    level: str = "basic"
    open_at_start_half: bool = False
    pad_names: bool = True
    normalize_punctuation: bool = False
    makeup: tuple = ()  # automatic makeup's house options, (name, value) pairs (layout.makeup.solve.MakeupHouse)


@dataclass
class Head:
    """House options for an article's headline stack.

    Attributes:
        lines: the most lines the headline may take.
        size: the headline size in points, or None to fit the span.
        align: ``center`` or ``left``.
    """

    lines: int = 1
    size: float | None = None
    align: str = "center"
    vertical: bool = False


@dataclass
class Article:
    """One article (or photo-news block, or advertisement) from its manifest.

    Attributes:
        id: unique in the issue (defaults to the file's stem).
        kind: ``story``, ``photo`` (图片新闻) or ``ad`` (house or public-service
            advertisement).
        file: the manifest it came from.
        kicker, headline, deck: the headline stack (引题, 主题, 副题).
        bylines: 署名 lines, e.g. ``■本报记者 罗文鹏``.
        dateline: 电头, e.g. ``本报讯``, set in bold before the first paragraph.
        body: paragraphs.
        photos: photos with captions.
        label: a tag above the block (``图片新闻``, ``公益广告``).
        head: headline options.
        lines: for ads: ``(text, size in points, role)`` lines set centred.
        continued_head: the continued head (续题) over a jump's second part
            (default: the headline).
        items: for an index box (导读): ``(article id, short title)`` pairs.
    """

    id: str
    kind: str
    file: Path
    kicker: str = ""
    headline: str = ""
    deck: str = ""
    bylines: list[str] = field(default_factory=list)
    dateline: str = ""
    body: list[str] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    label: str = ""
    head: Head = field(default_factory=Head)
    lines: list[tuple[str, float, str]] = field(default_factory=list)
    continued_head: str = ""
    items: list[tuple[str, str]] = field(default_factory=list)

    def paragraph_spans(self) -> list[list[tuple[str, str]]]:
        """The body as the composer takes it: one list of ``(text, role)``
        spans a paragraph; the first opens with the dateline in its own role
        and half an em (an en space) before the text."""
        out = [[(par, "body")] for par in self.body]
        if out and self.dateline:
            out[0] = [(self.dateline, "dateline"), ("\u2002", "body")] + out[0]
        return out

    def text(self) -> str:
        """All the article's text in reading order (for reports and checks)."""
        parts = [self.label, self.kicker, self.headline, self.deck, *self.bylines]
        parts.append(self.dateline)
        parts.extend(self.body)
        for p in self.photos:
            parts += [p.caption, p.credit]
        parts.extend(t for t, _, _ in self.lines)
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class AutoPlace:
    """``place: auto``: automatic makeup places the article, with the
    editor's hints (all optional).

    Attributes:
        priority: 1 = the lead (头条), 2 = second (二条), ...
        bottom: a 倒头条, its foot on the foot of the page.
        span: (least, most) basic columns.
        photo_span: the columns its photos cover.
        near: the id of an article it must stand beside.
    """

    priority: int | None = None
    bottom: bool = False
    span: tuple[int, int] | None = None
    photo_span: int | None = None
    near: str | None = None


@dataclass
class Placement:
    """An article placed on a page; ``continued``: this is the second part
    of a story jumped from an earlier page (转版, ``continue: true``).
    ``place`` is None while ``auto`` asks makeup to place it
    (layout.makeup.autoplace fills it in)."""

    article: Article
    place: Place | None
    continued: bool = False
    auto: AutoPlace | None = None


@dataclass
class Page:
    """One page: its id (A01), section (版名), editor, placed articles, and on
    a front page the masthead's place."""

    id: str
    file: Path
    section: str = ""
    editor: str = ""
    placements: list[Placement] = field(default_factory=list)
    masthead: Place | None = None
    blank: list[Place] = field(default_factory=list)

    @property
    def number(self) -> int:
        """The page's number (版次): the digits of its id (A02 -> 2); 0 for an
        id without digits."""
        n = page_number(self.id)
        return int(n) if n.isdigit() else 0


def page_number(page_id: str) -> str:
    """A page's number (版次) as jump lines and notes print it (下转第2版):
    the digits of its id, ``A02`` -> ``2``; an id without digits as it is."""
    digits = "".join(ch for ch in page_id if ch.isdigit())
    return str(int(digits)) if digits else page_id


@dataclass
class Masthead:
    """The masthead data (报头): sample values are listed in ``sample``."""

    number: int | None = None
    cn: str = ""
    postal_code: str = ""
    publisher: str = ""
    sample: list[str] = field(default_factory=list)


@dataclass
class Issue:
    """A newspaper issue.

    Attributes:
        folder: the issue folder.
        newspaper: the paper's name (衡阳日报).
        date: the issue date.
        format: the grid preset name (``broadsheet``).
        masthead: 第N期, CN serial, 邮发代号.
        pages: the pages in order.
        assets: folders besides the issue folder that photos may come from.
        files: every manifest read, for build.json.
        house: the house options.
        imprint: the imprint (报尾) of the last page: publisher, address,
            postcode, telephone, price, printer.
        specimen: the copy is invented: every page is marked 样张.
    """

    folder: Path
    newspaper: str
    date: dt.date
    format: str
    masthead: Masthead
    pages: list[Page]
    assets: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    house: House = field(default_factory=House)
    imprint: dict[str, str] = field(default_factory=dict)
    specimen: bool = False
