"""Manifests -> model: the issue, its pages and their articles.

Each file is read by the safe loader (:mod:`layout.model.yamlsafe`: every
scalar kept as typed), checked against its record (:mod:`layout.model.schema`,
fields declared as data), its files resolved (:mod:`layout.model.paths`: only
inside the issue folder and its asset folders) and its photos probed
(:mod:`layout.model.photo`). Every problem raises
:class:`layout.model.errors.InputError` naming the file, the field path
(``articles[1].place.span``) and what was expected. Files are only read,
never written.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import cache as _cache
from .errors import InputError, Said
from .fields import check, clean_text
from .issue import Article, AutoPlace, Head, House, Issue, Leg, Masthead, Page, Photo, Place, Placement
from .paths import asset_roots, check_asset_folder, forbidden, inside, resolve
from .schema import ARTICLE, IMPRINT_FIELDS, ISSUE, KIND_NAMES, PAGE, USED_BY_KIND
from .yamlsafe import MAX_FILE, load_node, load_yaml  # noqa: F401 - load_yaml read from here too

#: The most characters of text (all articles' text together) an issue holds:
#: 100 full broadsheet pages are about 1.2 million.
MAX_ISSUE_TEXT = 4_000_000
#: The most photo pixels an issue holds (all photos together): 12 photos at
#: Pillow's limit for one.
MAX_ISSUE_PIXELS = 1_000_000_000


class _Seen:
    """What the pages of an issue have used so far, to refuse a second use:
    page ids, article ids, article files (resolved) and where each was, and
    the issue's running totals of text and photo pixels."""

    def __init__(self) -> None:
        self.pages: dict[str, Path] = {}
        self.ids: dict[str, Path] = {}
        self.placed: dict[Path, str] = {}
        self.jumps: dict[Path, tuple[Path, str]] = {}
        self.articles: dict[Path, Article] = {}
        self.text = 0
        self.pixels = 0


def load_issue(folder: str | Path, assets_roots: list[str | os.PathLike] | None = None) -> Issue:
    """Read and validate an issue folder (issue.yaml, its pages, their articles).

    Args:
        folder: the issue folder.
        assets_roots: folders asset folders may lie in besides the default
            (``--assets-root``; see :mod:`layout.model.paths`).

    Raises:
        InputError: with file, field path and what was expected, for every
            problem: syntax, types, unknown or missing fields, missing files,
            paths outside the issue folder, asset folders the rule refuses, a
            page listed twice, duplicate page or article ids, an article
            placed twice (but once more as a jump's continuation), blocks off
            the grid or overlapping, an issue over its limits of text or
            photo pixels.
    """
    from .grid import PRESETS

    issue, f, roots = load_issue_settings(folder, assets_roots)
    folder, ifile = Path(folder), Path(folder) / "issue.yaml"
    grid = PRESETS[f["format"]]
    seen = _Seen()
    listed: dict[Path, int] = {}
    for n, name in enumerate(f["pages"]):
        pfile = resolve(folder, name, [roots[0]], ifile, f"pages[{n}]")
        if pfile.resolve() in listed:
            raise InputError(ifile, f"pages[{n}]", f"a page not listed before (also pages[{listed[pfile.resolve()]}])",
                             name)
        listed[pfile.resolve()] = n
        issue.files.append(pfile)
        issue.pages.append(_load_page(pfile, roots, grid, seen, issue.files))
    return issue


def load_issue_settings(folder: str | Path, assets_roots: list[str | os.PathLike] | None = None):
    """issue.yaml alone: the issue without its pages (newspaper, date,
    format, masthead, house options, imprint, asset folders), its checked
    fields, and the folders files may come from (the issue folder first).

    Raises:
        InputError: as :func:`load_issue`, for issue.yaml's own fields.
    """
    folder = Path(folder)
    try:
        is_dir = folder.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if not is_dir:
        raise InputError(folder, "", "an issue folder holding issue.yaml")
    ifile = folder / "issue.yaml"
    roots = [folder.resolve()]
    try:
        outside = (ifile.exists() or ifile.is_symlink()) and not inside(ifile, roots)
    except RuntimeError:  # Path.resolve() on a symlink loop
        raise InputError(ifile, "", "a file, not a symlink loop")
    if outside:
        raise InputError(ifile, "", "a file inside the issue folder (a symlink pointing out of it)")
    f = check(load_node(ifile), ISSUE, ifile)
    m = f["masthead"] or {"number": None, "cn": None, "postal_code": "", "publisher": "", "sample": []}
    masthead = Masthead(m["number"], m["cn"] or "", m["postal_code"], m["publisher"], m["sample"])
    allowed = asset_roots(folder, assets_roots)
    for n, a in enumerate(f["assets"]):
        try:
            p = (folder / a).resolve()
            is_dir = p.is_dir()
        except RuntimeError:  # Path.resolve() on a symlink loop
            raise InputError(ifile, f"assets[{n}]", "a folder, not a symlink loop", a)
        except (OSError, ValueError) as exc:  # a name the system refuses: a part over 255 bytes, ...
            why = getattr(exc, "strerror", None) or str(exc)
            raise InputError(ifile, f"assets[{n}]", f"a folder name the system can open ({why})", a)
        why = check_asset_folder(p, folder, allowed)
        if why:
            raise InputError(ifile, f"assets[{n}]", why, a)
        if not is_dir:
            raise InputError(ifile, f"assets[{n}]", "an existing folder", a)
        roots.append(p)
    h = f["house"]
    mk = tuple(sorted((k, v) for k, v in (h["makeup"] or {}).items() if not k.startswith("_") and v is not None)) \
        if h else ()
    house = House(h["level"], h["open_at_start_half"], h["pad_names"], h["normalize_punctuation"], mk) if h \
        else House()
    issue = Issue(folder, f["newspaper"], f["date"], f["format"], masthead, [], roots[1:], [ifile], house)
    if f["imprint"]:
        issue.imprint = {k: f["imprint"][k] for k in IMPRINT_FIELDS if f["imprint"][k]}
    issue.specimen = f["specimen"]
    return issue, f, roots


def _load_page(pfile: Path, roots: list[Path], grid, seen: _Seen, files) -> Page:
    f = check(load_node(pfile), PAGE, pfile, grid=grid)
    page = Page(f["page"], pfile, f["section"], f["editor"])
    if page.id in seen.pages:
        raise InputError(pfile, "page", f"a page id not used before (also in {seen.pages[page.id].name})", page.id)
    seen.pages[page.id] = pfile
    cells: dict[tuple[int, int], str] = {}
    if f["masthead"]:
        page.masthead = _place(f["masthead"], pfile, "masthead", grid)
        if page.masthead.height is None or page.masthead.columns or page.masthead.leg:
            raise InputError(pfile, "masthead", "a rectangle {column, span, row, height} of fixed height")
        _occupy(cells, page.masthead, "masthead", pfile, "masthead")
    for n, b in enumerate(f["blank"]):
        page.blank.append(Place(b["column"], b["span"], b["row"], b["height"]))
        _occupy(cells, page.blank[-1], f"blank[{n}]", pfile, f"blank[{n}]")
    for n, item in enumerate(f["articles"]):
        field = f"articles[{n}]"
        name = item["file"]
        afile = resolve(pfile.parent, name, [roots[0]], pfile, f"{field}.file")
        key = afile.resolve()
        cont = item["continue"]
        if cont:
            # the second part of a jumped story (转版): the article is placed
            # (without continue) on an earlier page, and continues once
            if key not in seen.placed:
                raise InputError(pfile, f"{field}.continue", "a continuation of an article placed on an earlier "
                                                             "page (list it there first, without continue)", name)
            if key in seen.jumps:
                raise InputError(pfile, f"{field}.continue", "one continuation per article "
                                                             f"(also {seen.jumps[key][1]} of {seen.jumps[key][0].name})")
            seen.jumps[key] = (pfile, field)
            art = seen.articles[key]
            if art.kind != "story":
                raise InputError(pfile, f"{field}.continue", "a story (only stories jump)", art.kind)
        else:
            if key in seen.placed:
                raise InputError(pfile, f"{field}.file", f"an article not placed before (also {seen.placed[key]}; "
                                                         "a jump's second part is listed with continue: true)", name)
            seen.placed[key] = f"{field} of {pfile.name}"
            files.append(afile)
            art = load_article(afile, roots, seen)
            seen.articles[key] = art
            if art.id in seen.ids:
                raise InputError(afile, "id", f"an article id not used before (also in {seen.ids[art.id].name})",
                                 art.id)
            seen.ids[art.id] = afile
        if "auto" in item["place"]:
            a = item["place"]["auto"]
            page.placements.append(Placement(art, None, cont, AutoPlace(a["priority"], a["bottom"], a["span"],
                                                                         a["photo_span"], a["near"])))
            continue
        place = _place(item["place"], pfile, f"{field}.place", grid)
        if place.columns and art.kind != "story":
            raise InputError(pfile, f"{field}.place.columns", "no columns (broken columns are for stories)",
                             place.columns)
        if place.photo and not (art.kind == "story" and art.photos and not art.head.vertical and not cont):
            raise InputError(pfile, f"{field}.place.photo", "no photo: top here (it puts a story's first photo "
                                                            "above its head: a story with photos and a head across "
                                                            "the top, not a jump's second part)", place.photo)
        _occupy(cells, place, art.id, pfile, f"{field}.place")
        page.placements.append(Placement(art, place, cont))
    return page


def _place(v: dict, pfile: Path, field: str, grid) -> Place:
    """A checked place: a rectangle, ``height: auto`` (None), broken columns
    (``columns``), an L's leg (inside the block's columns, flush with its
    left or right edge, narrower than the block, within the grid)."""
    col, span, row, height = v["column"], v["span"], v["row"], v["height"]
    leg = None
    if v.get("leg"):
        g = v["leg"]
        if height is None:
            raise InputError(pfile, f"{field}.leg", "a block of fixed height (an L-shaped block has no auto height)")
        if not col <= g["column"] <= col + span - 1:
            raise InputError(pfile, f"{field}.leg.column", f"a column from {col} to {col + span - 1} (inside the "
                                                           "block's columns)", g["column"])
        if g["span"] >= span or g["column"] + g["span"] > col + span:
            raise InputError(pfile, f"{field}.leg.span", f"fewer columns than the block's {span}, inside them "
                                                         "(a leg as wide as the block is a taller block)", g["span"])
        if g["column"] not in (col, col + span - g["span"]):
            raise InputError(pfile, f"{field}.leg.column", f"{col} or {col + span - g['span']}: a leg flush with "
                                                           "the block's left or right edge", g["column"])
        if row + height + g["height"] - 1 > grid.lines:
            raise InputError(pfile, f"{field}.leg.height", f"a whole number from 1 to {grid.lines - row - height + 1}"
                                                           f" (the grid ends at line {grid.lines})", g["height"])
        leg = Leg(g["column"], g["span"], g["height"])
    return Place(col, span, row, height, v.get("columns"), leg, v.get("photo"), bool(v.get("lead")))


def _occupy(cells: dict, place: Place, name: str, pfile: Path, field: str) -> None:
    """Mark a place's grid cells taken; refuse an overlap. An auto height
    takes its first line here; its full height is checked at layout."""
    for c, r in sorted(place.cells(1)):
        if (c, r) in cells:
            raise InputError(pfile, field, f"a place not overlapping '{cells[(c, r)]}' (column {c}, line {r})")
        cells[(c, r)] = name


def load_article(afile: Path, roots: list[Path], seen: _Seen | None = None) -> Article:
    """Read and validate one article manifest; ``roots``: the issue folder,
    then its asset folders (photos are looked for beside the article, then
    in each asset folder).

    Raises:
        InputError: see :func:`load_issue`.
    """
    from .photo import probe

    f = check(load_node(afile), ARTICLE, afile)
    kind = f["kind"]
    for name in ARTICLE.names:  # in the order the fields are declared
        if name in f["_present"] and name not in USED_BY_KIND[kind]:
            what = KIND_NAMES[kind]
            a = "an" if what[0] in "aeiou" else "a"
            raise InputError(afile, name, f"only the fields {a} {what} prints ({', '.join(USED_BY_KIND[kind])}): "
                                          f"{a} {what} has no place for {name}")
    art = Article(f["id"] or _default_id(afile), kind, afile, kicker=f["kicker"], headline=f["headline"],
                  deck=f["deck"], bylines=f["byline"], dateline=f["dateline"], body=f["body"], label=f["label"],
                  continued_head=f["continued_head"], items=list(f["items"]))
    if kind == "story" and not art.headline:
        raise InputError(afile, "headline", "text (missing required field)" if "headline" not in f["_present"]
                         else "text (the field is empty)")
    if kind == "story" and not art.body:
        raise InputError(afile, "body", "one or more paragraphs (the article is empty)")
    if f["head"]:
        h = f["head"]
        art.head = Head(h["lines"], h["size"], h["align"], h["vertical"])
    for n, p in enumerate(f["photos"]):
        field = f"photos[{n}].file"
        if kind != "story":
            for key in ("span", "at"):
                if p[key] is not None:
                    raise InputError(afile, f"photos[{n}].{key}", f"no {key} outside a story (a photo-news block's "
                                                                  "photo spans the block)", p[key])
        if p["placeholder"]:
            if p["file"]:
                raise InputError(afile, field, "no file for a placeholder (placeholder: true)", p["file"])
            art.photos.append(Photo(None, p["caption"], p["credit"], p["height"], (4, 3), p["rights"],
                                    p["span"], p["at"], p["side"], True))
            continue
        if not p["file"]:
            raise InputError(afile, field, "text (missing required field)" if "file" not in p["_present"]
                             else "text (the field is empty)")
        path = resolve(afile.parent, p["file"], roots, afile, field)
        try:
            sha = _cache.file_sha256(path)
        except OSError as exc:
            raise InputError(afile, field, f"a readable JPEG, PNG or TIFF photo ({exc.strerror or exc})", path.name)
        info = probe(path, afile, field, sha)
        if seen is not None:
            seen.pixels += info.pixels[0] * info.pixels[1]
            if seen.pixels > MAX_ISSUE_PIXELS:
                raise InputError(afile, field, f"an issue of at most {MAX_ISSUE_PIXELS:,} photo pixels in all "
                                               "(the limit per issue)", Said(f"{seen.pixels:,} pixels so far"))
        art.photos.append(Photo(path, p["caption"], p["credit"], p["height"], info.pixels, p["rights"],
                                p["span"], p["at"], p["side"], False, info))
    if kind == "photo" and not art.photos:
        raise InputError(afile, "photos", "at least one photo for a photo-news block")
    art.lines = [(ln["text"], ln["size"], ln["role"]) for ln in f["lines"]]
    if kind == "ad" and not art.lines:
        raise InputError(afile, "lines", "one or more lines of the advertisement")
    if kind == "index" and not art.items:
        raise InputError(afile, "items", "a list of {article, short}: the stories the index box points to")
    if seen is not None:
        seen.text += len(art.text())
        if seen.text > MAX_ISSUE_TEXT:
            raise InputError(afile, "", f"an issue of at most {MAX_ISSUE_TEXT:,} characters of text in all "
                                        "(the limit per issue)", Said(f"{seen.text:,} characters so far"))
    return art


def _default_id(afile: Path) -> str:
    """The file's stem as an id, checked as an id written in the file is."""
    import re

    stem = afile.stem
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,60}", stem):
        raise InputError(afile, "id", "letters, digits, - and _", stem)
    return stem


__all__ = ["load_issue", "load_article", "load_yaml", "clean_text", "forbidden", "MAX_FILE"]
