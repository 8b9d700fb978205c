"""The e-paper (数字报) of one issue, from its display lists, its model and
its rendered PDFs: nothing is laid out or measured again.

:func:`epaper_files` returns every file as bytes under ``epaper/`` (relative
paths), so the build writes them with the rest of its outputs, all together
or not at all. ``epaper/`` is a static site holding this one issue::

    epaper/
      index.html  archive.html  search.html  issues.json  static/   the site's root (layout/publish/site.py)
      2020-12-21/
        index.html                 -> the first page
        A01.html                   page view: page image, hot zones, 版面导航, 本版标题导航
        articles/<id>.html         article pages
        pdf/2020-12-21.pdf         the reader's PDF of the issue (layout/render/reader.py)
        pdf/A01.pdf                one per page
        images/A01.webp            page image, 1600 px wide; A01.thumb.webp, 240 px
        images/<id>-1.jpg          web-size photos
        data/issue.json            pages, articles and files of the issue
        data/A01.hotzones.json     hot zones of a page, in points and pixels
        data/articles/<id>.json    one article as the editor wrote it

Hot zones are the display list's article areas (Region.area: the block's
grid cells widened by half a gutter, two rectangles for an L; a jumped story
has one on each page), so captions across gutters and hanging marks click;
pixels come from :meth:`layout.render.raster.PixelGrid.to_px`, the one
point-to-pixel conversion.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ..makeup.display import PageList, Region
from ..model.calendar import chinese_date, weekday
from ..model.issue import Article, Issue
from ..render.raster import PixelGrid, render_page_images, web_photo
from ..render.reader import ReaderContent, ReaderMeta, merge_pdfs, page_heading, reader_pdf

#: The folder of the e-paper in a build's output.
EPAPER_DIR = "epaper"
#: Page image widths in pixels: reading size and thumbnail.
READING_WIDTH = 1600
THUMB_WIDTH = 240
#: The widest web photo, pixels.
PHOTO_WIDTH = 1200


def dumps(data, compact: bool = False) -> bytes:
    """JSON as the e-paper writes it: UTF-8, keys in the order given, a
    newline at the end; indented, or with ``compact`` on one line."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) if compact else \
        json.dumps(data, ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def one_line(text: str) -> str:
    """A head as one line: the editor's line breaks removed (Chinese lines join
    without a space; a space is kept between two Latin letters or digits)."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for p in parts[1:]:
        out += (" " if out[-1:].isascii() and out[-1:].isalnum() and p[:1].isascii() and p[:1].isalnum() else "") + p
    return out


def article_title(art: Article) -> str:
    """The title an article is listed by (outline, 本版标题导航, hot zones):
    its headline; for an advertisement its first headline line; else its
    label (图片新闻); else its id."""
    if art.headline:
        return one_line(art.headline)
    if art.kind == "ad":
        heads = [t for t, _, role in art.lines if role == "headline"] or [t for t, _, _ in art.lines]
        if heads:
            return heads[0]
    return art.label or art.id


def publisher(issue: Issue) -> str:
    """The publisher: the masthead's imprint without its closing 出版
    (衡阳日报社出版 -> 衡阳日报社), else the newspaper."""
    p = issue.masthead.publisher.strip()
    if p.endswith("出版") and len(p) > 2:
        p = p[:-2]
    return p or issue.newspaper


@dataclass
class _Zone:
    region: Region
    article: Article


def epaper_files(issue: Issue, page_lists: list[PageList], page_pdfs: dict[str, bytes],
                 issue_pdf: bytes | None = None) -> dict[str, bytes]:
    """Every file of the issue's e-paper: relative path (``epaper/...``) -> bytes.

    Args:
        issue: the issue model (text of the articles as the editor wrote it).
        page_lists: the display lists of the pages built, in page order,
            trim-size (not proof sheets).
        page_pdfs: page id -> that page's rendered PDF (one page, trim size).
        issue_pdf: the whole issue rendered as one PDF, pages as
            ``page_lists``; None: the page PDFs are joined.

    Raises:
        ValueError: a page of ``page_lists`` has no PDF in ``page_pdfs``.
    """
    from .site import issue_site_files, root_site_files

    ids = [pl.id for pl in page_lists]
    missing = [pid for pid in ids if pid not in page_pdfs]
    if missing:
        raise ValueError(f"no rendered PDF for page(s) {', '.join(missing)}")
    date = issue.date.isoformat()
    base = f"{EPAPER_DIR}/{date}/"
    files: dict[str, bytes] = {}
    models = {pl.article.id: pl.article for p in issue.pages for pl in p.placements}
    page_models = {p.id: p for p in issue.pages}
    sections = {pid: page_models[pid].section if pid in page_models else "" for pid in ids}
    titles = {aid: article_title(a) for aid, a in models.items()}

    # reading order: pages in order, on each page its regions as the display list has them
    order: list[str] = []
    pages_of: dict[str, list[str]] = {}
    for pl in page_lists:
        for r in pl.regions:
            if r.article not in models:
                continue
            if r.article not in pages_of:
                order.append(r.article)
                pages_of[r.article] = []
            if pl.id not in pages_of[r.article]:
                pages_of[r.article].append(pl.id)

    # reader PDFs
    title = f"{issue.newspaper} {chinese_date(issue.date)}"
    pub = publisher(issue)
    page_files = {pid: f"{pid}.pdf" for pid in ids}
    for pl in page_lists:
        content = ReaderContent(page_lists, [pl.id], titles, sections, page_files)
        meta = ReaderMeta(f"{title} {page_heading(pl.id, sections[pl.id])}", issue.newspaper, pub, issue.date,
                          f"{issue.newspaper} {date} 第{pl.id}版")
        files[base + f"pdf/{pl.id}.pdf"] = reader_pdf(page_pdfs[pl.id], content, meta)
    whole = issue_pdf if issue_pdf is not None else merge_pdfs([page_pdfs[pid] for pid in ids])
    files[base + f"pdf/{date}.pdf"] = reader_pdf(
        whole, ReaderContent(page_lists, ids, titles, sections, page_files),
        ReaderMeta(title, issue.newspaper, pub, issue.date, f"{issue.newspaper} {date} 共{len(ids)}版"))

    # page images and hot zones
    pages_data = []
    for pl in page_lists:
        reading, thumb = render_page_images(page_pdfs[pl.id], (READING_WIDTH, THUMB_WIDTH))
        files[base + f"images/{pl.id}.webp"] = reading.data
        files[base + f"images/{pl.id}.thumb.webp"] = thumb.data
        zones = hot_zones(pl, models, titles, {"reading": reading.grid, "thumb": thumb.grid})
        zones["images"] = {
            "reading": _image_entry(f"images/{pl.id}.webp", reading.grid),
            "thumb": _image_entry(f"images/{pl.id}.thumb.webp", thumb.grid),
        }
        files[base + f"data/{pl.id}.hotzones.json"] = dumps(zones, compact=True)
        pages_data.append({
            "id": pl.id, "section": sections[pl.id],
            "editor": page_models[pl.id].editor if pl.id in page_models else "",
            "heading": page_heading(pl.id, sections[pl.id]),
            "html": f"{pl.id}.html", "pdf": f"pdf/{pl.id}.pdf",
            "image": zones["images"]["reading"], "thumb": zones["images"]["thumb"],
            "hotzones": f"data/{pl.id}.hotzones.json",
            "zones": zones["zones"], "links": zones["links"],
            "articles": [z["article"] for z in zones["zones"]],
        })

    # articles
    articles_data = []
    for n, aid in enumerate(order):
        art = models[aid]
        data = article_data(art, pages_of[aid], page_lists)
        data["prev"] = order[n - 1] if n else None
        data["next"] = order[n + 1] if n + 1 < len(order) else None
        for k, ph in enumerate(art.photos, 1):
            jpeg, (w, h) = web_photo(ph.path, PHOTO_WIDTH)
            name = f"images/{aid}-{k}.jpg"
            files[base + name] = jpeg
            data["photos"][k - 1] |= {"image": name, "width": w, "height": h}
        files[base + f"data/articles/{aid}.json"] = dumps(data)
        articles_data.append(data)

    issue_data = {
        "newspaper": issue.newspaper,
        "date": date,
        "date_cn": chinese_date(issue.date),
        "weekday": weekday(issue.date),
        "number": issue.masthead.number,
        "publisher": pub,
        "title": title,
        "language": "zh-CN",
        "pdf": f"pdf/{date}.pdf",
        "pages": [{k: v for k, v in p.items() if k not in ("zones", "links")} for p in pages_data],
        "articles": [{"id": a["id"], "title": a["title"], "kind": a["kind"], "html": a["html"],
                      "json": f"data/articles/{a['id']}.json", "pages": a["pages"]} for a in articles_data],
    }
    files[base + "data/issue.json"] = dumps(issue_data)
    for rel, data in issue_site_files(issue_data, pages_data, articles_data).items():
        files[base + rel] = data
    for rel, data in root_site_files([site_entry(issue_data)]).items():
        files[f"{EPAPER_DIR}/{rel}"] = data
    return files


def _image_entry(file: str, grid: PixelGrid) -> dict:
    return {"file": file, "width": grid.width, "height": grid.height, "dpi": round(grid.dpi, 3)}


def hot_zones(pl: PageList, models: dict[str, Article], titles: dict[str, str],
              grids: dict[str, PixelGrid]) -> dict:
    """A page's hot zones as hotzones.json holds them.

    Each zone: the article id, headline (title), kind, the article page it
    leads to (``href``, relative to the issue folder), the target page (the
    page the article starts on) and the jump's pages; ``points``: one
    polygon per rectangle of the block's area (Region.area), corners clockwise from the top left, in PDF
    points (origin bottom left); ``pixels``: the same polygons in each
    image's pixels (origin top left). ``links`` are the jump lines
    (下转第N版), leading to the article's zone on its continuation page.
    """
    zones = []
    for r in pl.regions:
        if r.article not in models:
            continue
        polys = [[(x0, y1), (x1, y1), (x1, y0), (x0, y0)] for x0, y0, x1, y1 in (r.area or r.rects)]
        zones.append({
            "article": r.article,
            "headline": titles[r.article],
            "kind": models[r.article].kind,
            "href": f"articles/{r.article}.html",
            "target_page": r.continued_from or pl.id,
            "continues_on": r.continues_on,
            "continued_from": r.continued_from,
            "points": [[[round(x, 2), round(y, 2)] for x, y in poly] for poly in polys],
            "pixels": {name: [[list(g.to_px(x, y)) for x, y in poly] for poly in polys] for name, g in grids.items()},
        })
    links = []
    for ln in pl.links:
        poly = [(ln.x0, ln.y1), (ln.x1, ln.y1), (ln.x1, ln.y0), (ln.x0, ln.y0)]
        links.append({
            "article": ln.article,
            "target_page": ln.page,
            "href": f"{ln.page}.html#zone-{ln.article}",
            "points": [[[round(x, 2), round(y, 2)] for x, y in poly]],
            "pixels": {name: [[list(g.to_px(x, y)) for x, y in poly]] for name, g in grids.items()},
        })
    return {"page": pl.id, "trim": [round(v, 3) for v in (pl.trim or (0.0, 0.0, pl.width, pl.height))],
            "zones": zones, "links": links}


def article_data(art: Article, pages: list[str], page_lists: list[PageList]) -> dict:
    """One article as the site shows it, from its manifest: kicker, headline,
    deck, bylines, dateline, body paragraphs, photos with caption, credit and
    rights line, an advertisement's lines; the pages it is on and its jump."""
    cont_on = next((r.continues_on for pl in page_lists for r in pl.regions
                    if r.article == art.id and r.continues_on), "")
    cont_from = next((r.continued_from for pl in page_lists for r in pl.regions
                      if r.article == art.id and r.continued_from), "")
    return {
        "id": art.id,
        "kind": art.kind,
        "label": art.label,
        "title": article_title(art),
        "kicker": art.kicker,
        "headline": art.headline,
        "headline_lines": [ln.strip() for ln in art.headline.split("\n") if ln.strip()],
        "deck": art.deck,
        "bylines": list(art.bylines),
        "dateline": art.dateline,
        "body": list(art.body),
        "photos": [{"caption": p.caption, "credit": p.credit, "rights": p.rights} for p in art.photos],
        "lines": [{"text": t, "size": s, "role": role} for t, s, role in art.lines],
        "page": pages[0] if pages else "",
        "pages": pages,
        "continues_on": cont_on,
        "continued_from": cont_from,
        "html": f"articles/{art.id}.html",
    }


def site_entry(issue_data: dict) -> dict:
    """The issue's entry in the site index (issues.json): what the calendar
    and the root page need, paths relative to the site root."""
    date = issue_data["date"]
    first = issue_data["pages"][0]["id"] if issue_data["pages"] else ""
    return {
        "date": date,
        "newspaper": issue_data["newspaper"],
        "title": issue_data["title"],
        "weekday": issue_data["weekday"],
        "number": issue_data["number"],
        "path": f"{date}/",
        "first": f"{date}/{first}.html" if first else f"{date}/index.html",
        "pages": [{"id": p["id"], "section": p["section"]} for p in issue_data["pages"]],
        "articles": len(issue_data["articles"]),
    }


def parse_date(text: str) -> dt.date:
    """An issue date from the site index (YYYY-MM-DD)."""
    return dt.date.fromisoformat(text)
