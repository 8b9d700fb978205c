"""Manifests -> model: load YAML safely, validate every field, resolve paths.

Every problem raises :class:`layout.errors.InputError` naming the file, the
field path (``articles[1].place.span``) and what was expected. Files are only
read, never written. Paths in manifests are relative to the manifest's folder;
a photo must lie inside the issue folder or one of the asset folders that
issue.yaml declares.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .model import Article, Head, House, Issue, Masthead, Page, Photo, Place, Placement
from .units import HAO

#: The largest manifest read, in bytes: a newsroom YAML file is a few KB.
MAX_FILE = 2 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """Safe loading with duplicate keys refused."""


def _construct_mapping(loader, node, deep=False):
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        keys.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# dates stay text: the fields that hold dates parse and check them with a located error
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:timestamp"]
    for key, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(path: Path) -> Any:
    """Read one YAML file safely.

    Raises:
        InputError: missing, too large, not UTF-8, a syntax error (with line
            and column), an alias or a custom tag.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing YAML file")
    size = path.stat().st_size
    if size > MAX_FILE:
        raise InputError(path, "", f"a manifest under {MAX_FILE // 1024} KB", f"{size} bytes")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, "", f"UTF-8 text (bad byte at offset {exc.start})")
    try:
        if re.search(r"[&*][^\s]", text) and _has_alias(text):
            raise InputError(path, "", "plain YAML without anchors or aliases (& and *)")
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(path, "", f"valid YAML ({problem} at {where})")
    except yaml.YAMLError as exc:
        raise InputError(path, "", f"valid YAML ({exc})")
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(path, "", f"valid YAML ({exc.__class__.__name__}: {exc})")


def _has_alias(text: str) -> bool:
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return True
    return False


# ---------------------------------------------------------------- checks


class _Fields:
    """A mapping being validated: typed getters that raise located errors."""

    def __init__(self, data: Any, file: Path, path: str, allowed: tuple[str, ...], what: str):
        if not isinstance(data, dict):
            raise InputError(file, path, what, data)
        self.data, self.file, self.path = data, file, path
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise InputError(file, self._p(str(key)),
                                 f"one of the fields {', '.join(allowed)}; unknown field{hint}")

    def _p(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def text(self, key: str, required: bool = False, default: str = "", limit: int = 400) -> str:
        v = self.data.get(key)
        if v is None:
            if required:
                raise InputError(self.file, self._p(key), "text (missing required field)")
            return default
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            raise InputError(self.file, self._p(key), "text", v)
        v = clean_text(v, self.file, self._p(key), limit)
        if required and not v:
            raise InputError(self.file, self._p(key), "text (the field is empty)")
        return v

    def integer(self, key: str, lo: int, hi: int, required: bool = False, default=None):
        v = self.data.get(key)
        if v is None:
            if required:
                raise InputError(self.file, self._p(key), f"a whole number from {lo} to {hi} (missing required field)")
            return default
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            raise InputError(self.file, self._p(key), f"a whole number from {lo} to {hi}", v)
        return v

    def texts(self, key: str, limit: int = 4000) -> list[str]:
        v = self.data.get(key)
        if v is None:
            return []
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list):
            raise InputError(self.file, self._p(key), "text or a list of texts", v)
        out = []
        for n, item in enumerate(v):
            if not isinstance(item, str):
                raise InputError(self.file, f"{self._p(key)}[{n}]", "text", item)
            out.append(clean_text(item, self.file, f"{self._p(key)}[{n}]", limit))
        return out


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_text(value: str, file: Path, field: str, limit: int) -> str:
    """Strip the YAML's surrounding whitespace; refuse control and zero-width
    characters (they vanish on the page) and text over ``limit`` characters."""
    value = value.strip()
    m = _CONTROL.search(value.replace("\n", " "))
    if m:
        raise InputError(file, field, f"printable text (control or zero-width character U+{ord(m.group()):04X} "
                                      f"at position {m.start() + 1})")
    if len(value) > limit:
        raise InputError(file, field, f"at most {limit} characters", f"{len(value)} characters")
    return value


def _size(value: Any, file: Path, field: str) -> float | None:
    """A type size: a 号 name (小初, 一号 ...) or points."""
    if value is None:
        return None
    if isinstance(value, str) and value in HAO:
        return HAO[value]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 5 <= value <= 200:
        return float(value)
    raise InputError(file, field, f"a size in points (5-200) or a 号 name ({'/'.join(HAO)})", value)


# ---------------------------------------------------------------- files


def _inside(path: Path, roots: list[Path]) -> bool:
    rp = path.resolve()
    return any(rp == r or r in rp.parents for r in roots)


def _resolve(base: Path, name: str, roots: list[Path], file: Path, field: str) -> Path:
    """A file named in a manifest: relative to the manifest's folder, or to an
    asset folder; never outside the issue folder or the asset folders (a
    symlink pointing out is refused too)."""
    if not name or Path(name).is_absolute():
        raise InputError(file, field, "a relative path inside the issue folder or its asset folders", name)
    candidates = [Path(os.path.normpath(folder / name)) for folder in [base] + roots[1:]]
    for cand in candidates:
        if cand.exists() or cand.is_symlink():
            if not _inside(cand, roots):
                break
            if not cand.is_file():
                raise InputError(file, field, "a file", name)
            return cand
    else:
        if all(_inside(c, roots) for c in candidates[:1]):
            raise InputError(file, field, "an existing file", name)
    raise InputError(file, field, "a path inside the issue folder or its asset folders", name)


def load_issue(folder: str | Path) -> Issue:
    """Read and validate an issue folder (issue.yaml, its pages, their articles).

    Raises:
        InputError: with file, field path and what was expected, for every
            problem: syntax, types, unknown or missing fields, missing files,
            paths outside the issue folder, duplicate ids, blocks off the grid
            or overlapping.
    """
    from .calendar import parse_date
    from .grid import preset

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "", "an issue folder holding issue.yaml")
    ifile = folder / "issue.yaml"
    f = _Fields(load_yaml(ifile), ifile, "",
                ("newspaper", "date", "format", "masthead", "house", "pages", "assets"), "a mapping")
    newspaper = f.text("newspaper", required=True, limit=20)
    date = parse_date(f.data.get("date"), ifile, "date")
    fmt = f.text("format", default="broadsheet", limit=40)
    grid = preset(fmt, ifile, "format")
    m = _Fields(f.data.get("masthead") or {}, ifile, "masthead",
                ("number", "cn", "postal_code", "publisher", "sample"), "a mapping")
    cn = m.text("cn", limit=20)
    if cn and not re.fullmatch(r"CN\d{2}-\d{4}(/[A-Z0-9.]+)?", cn):
        raise InputError(ifile, "masthead.cn", "a CN serial like CN43-0031", cn)
    masthead = Masthead(m.integer("number", 1, 10 ** 7), cn, m.text("postal_code", limit=20),
                        m.text("publisher", limit=60), m.texts("sample"))
    roots = [folder.resolve()]
    for n, a in enumerate(f.texts("assets")):
        p = (folder / a).resolve()
        if not p.is_dir():
            raise InputError(ifile, f"assets[{n}]", "an existing folder", a)
        roots.append(p)
    page_names = f.data.get("pages")
    if not isinstance(page_names, list) or not page_names:
        raise InputError(ifile, "pages", "a list of page manifest files", page_names)
    issue = Issue(folder, newspaper, date, fmt, masthead, [], roots[1:], [ifile], _house(f.data.get("house"), ifile))
    seen_ids: dict[str, Path] = {}
    for n, name in enumerate(page_names):
        if not isinstance(name, str):
            raise InputError(ifile, f"pages[{n}]", "a page manifest file name", name)
        pfile = _resolve(folder, name, [roots[0]], ifile, f"pages[{n}]")
        issue.files.append(pfile)
        issue.pages.append(_load_page(pfile, roots, grid, seen_ids, issue.files))
    return issue


def _house(data: Any, ifile: Path) -> House:
    """The issue's house options (``house:`` in issue.yaml)."""
    if data is None:
        return House()
    h = _Fields(data, ifile, "house", ("level", "open_at_start_half", "pad_names"), "a mapping of house options")
    level = h.text("level", default="basic")
    if level not in ("loose", "basic", "strict"):
        raise InputError(ifile, "house.level", "loose, basic or strict", level)
    flags = {}
    for key, default in (("open_at_start_half", False), ("pad_names", True)):
        v = h.data.get(key, default)
        if not isinstance(v, bool):
            raise InputError(ifile, f"house.{key}", "true or false", v)
        flags[key] = v
    return House(level, **flags)


def _load_page(pfile: Path, roots: list[Path], grid, seen_ids, files) -> Page:
    f = _Fields(load_yaml(pfile), pfile, "", ("page", "section", "editor", "masthead", "articles"), "a mapping")
    page = Page(f.text("page", required=True, limit=8), pfile, f.text("section", limit=20), f.text("editor", limit=40))
    if not re.fullmatch(r"[A-Z]?\d{1,3}", page.id):
        raise InputError(pfile, "page", "a page id like A01 or 4", page.id)
    cells: dict[tuple[int, int], str] = {}
    if "masthead" in f.data:
        page.masthead = _place(f.data["masthead"], pfile, "masthead", grid)
        _occupy(cells, page.masthead, "masthead", pfile, "masthead")
    items = f.data.get("articles")
    if not isinstance(items, list):
        raise InputError(pfile, "articles", "a list of {file, place}", items)
    for n, item in enumerate(items):
        fi = _Fields(item, pfile, f"articles[{n}]", ("file", "place"), "a mapping with file and place")
        name = fi.text("file", required=True)
        afile = _resolve(pfile.parent, name, [roots[0]], pfile, f"articles[{n}].file")
        files.append(afile)
        art = load_article(afile, roots)
        if art.id in seen_ids:
            raise InputError(afile, "id", f"an article id not used before (also in {seen_ids[art.id].name})", art.id)
        seen_ids[art.id] = afile
        place = _place(item.get("place"), pfile, f"articles[{n}].place", grid)
        _occupy(cells, place, art.id, pfile, f"articles[{n}].place")
        page.placements.append(Placement(art, place))
    return page


def _place(data: Any, pfile: Path, field: str, grid) -> Place:
    fp = _Fields(data, pfile, field, ("column", "span", "row", "height"), "a mapping {column, span, row, height}")
    col = fp.integer("column", 1, grid.columns, required=True)
    span = fp.integer("span", 1, grid.columns - col + 1, required=True)
    row = fp.integer("row", 1, grid.lines, required=True)
    height = fp.integer("height", 1, grid.lines - row + 1, required=True)
    return Place(col, span, row, height)


def _occupy(cells: dict, place: Place, name: str, pfile: Path, field: str) -> None:
    """Mark a place's grid cells taken; refuse an overlap."""
    for c in range(place.column, place.column + place.span):
        for r in range(place.row, place.row + place.height):
            if (c, r) in cells:
                raise InputError(pfile, field, f"a place not overlapping '{cells[(c, r)]}' (column {c}, line {r})")
            cells[(c, r)] = name


def _image_size(path: Path, file: Path, field: str) -> tuple[int, int]:
    """Pixel size of a photo, after decoding it whole (so a truncated or
    corrupt file is found now, not while the PDF is written).

    Raises:
        InputError: not an image Pillow reads, truncated, or over Pillow's
            decompression-bomb limit.
    """
    from PIL import Image

    try:
        with Image.open(path) as im:
            if im.format not in ("JPEG", "PNG", "TIFF"):
                raise InputError(file, field, "a JPEG, PNG or TIFF photo", f"{path.name}: {im.format}")
            im.load()
            return im.size
    except Image.DecompressionBombError:
        raise InputError(file, field, f"a photo under {Image.MAX_IMAGE_PIXELS:,} pixels "
                                      "(Pillow's decompression-bomb limit)", path.name)
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(file, field, f"a readable JPEG, PNG or TIFF photo ({exc})", path.name)


def load_article(afile: Path, roots: list[Path]) -> Article:
    """Read and validate one article manifest."""
    allowed = ("id", "kind", "label", "kicker", "headline", "deck", "byline", "dateline",
               "body", "photos", "head", "lines")
    f = _Fields(load_yaml(afile), afile, "", allowed, "a mapping (an article manifest)")
    kind = f.text("kind", default="story")
    if kind not in ("story", "photo", "ad"):
        raise InputError(afile, "kind", "one of story, photo, ad", kind)
    aid = f.text("id", default=afile.stem, limit=60)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", aid):
        raise InputError(afile, "id", "letters, digits, - and _", aid)
    # a headline may be a list: its lines as the editor broke them
    headline = "\n".join(f.texts("headline", limit=80)) if isinstance(f.data.get("headline"), list) \
        else f.text("headline", limit=80)
    art = Article(aid, kind, afile, kicker=f.text("kicker", limit=80), headline=headline,
                  deck=f.text("deck", limit=120), bylines=f.texts("byline", limit=80),
                  dateline=f.text("dateline", limit=40), body=f.texts("body", limit=4000),
                  label=f.text("label", limit=20))
    if kind == "story" and not art.headline:
        raise InputError(afile, "headline", "text (missing required field)")
    if kind == "story" and not art.body:
        raise InputError(afile, "body", "one or more paragraphs (the article is empty)")
    if "head" in f.data:
        h = _Fields(f.data["head"], afile, "head", ("lines", "size", "align"), "a mapping {lines, size, align}")
        align = h.text("align", default="center")
        if align not in ("center", "left"):
            raise InputError(afile, "head.align", "center or left", align)
        art.head = Head(h.integer("lines", 1, 4, default=1), _size(h.data.get("size"), afile, "head.size"), align)
    photos = f.data.get("photos") or []
    if not isinstance(photos, list):
        raise InputError(afile, "photos", "a list of {file, caption, credit}", photos)
    for n, p in enumerate(photos):
        fp = _Fields(p, afile, f"photos[{n}]", ("file", "caption", "credit", "height", "rights"),
                     "a mapping {file, caption, credit}")
        path = _resolve(afile.parent, fp.text("file", required=True), roots, afile, f"photos[{n}].file")
        pixels = _image_size(path, afile, f"photos[{n}].file")
        art.photos.append(Photo(path, fp.text("caption", limit=1000), fp.text("credit", limit=60),
                                fp.integer("height", 3, 200), pixels, fp.text("rights", limit=120)))
    if kind == "photo" and not art.photos:
        raise InputError(afile, "photos", "at least one photo for a photo-news block")
    lines = f.data.get("lines") or []
    if not isinstance(lines, list):
        raise InputError(afile, "lines", "a list of {text, size, role}", lines)
    for n, ln in enumerate(lines):
        fl = _Fields(ln, afile, f"lines[{n}]", ("text", "size", "role"), "a mapping {text, size, role}")
        role = fl.text("role", default="headline")
        from .fonts import ROLES

        if role not in ROLES:
            raise InputError(afile, f"lines[{n}].role", f"one of {', '.join(ROLES)}", role)
        art.lines.append((fl.text("text", required=True, limit=80),
                          _size(fl.data.get("size"), afile, f"lines[{n}].size") or 12.0, role))
    if kind == "ad" and not art.lines:
        raise InputError(afile, "lines", "one or more lines of the advertisement")
    return art
