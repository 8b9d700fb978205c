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
class Place:
    """Where a block sits on the page grid.

    Attributes:
        column: first basic column, 1-based from the left.
        span: basic columns wide.
        row: first body line, 1-based from the top of the type area.
        height: body lines tall.
    """

    column: int
    span: int
    row: int
    height: int


@dataclass
class Photo:
    """A photo with its caption (图片说明) and credit (e.g. ■本报记者 胡建军 摄).

    ``path`` is resolved and checked to be a readable image of ``pixels``
    (width, height, after its EXIF orientation); ``height`` is in body lines (None: as the photo's
    proportions give); ``rights`` a licence line printed small with it.
    """

    path: Path
    caption: str = ""
    credit: str = ""
    height: int | None = None
    pixels: tuple[int, int] = (0, 0)
    rights: str = ""
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
    """

    level: str = "basic"
    open_at_start_half: bool = False
    pad_names: bool = True


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


@dataclass
class Placement:
    """An article placed on a page."""

    article: Article
    place: Place


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
