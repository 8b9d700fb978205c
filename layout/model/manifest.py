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
import struct
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import yaml

from .. import cache as _cache
from ..versions import dist_version
from .errors import InputError
from .issue import ROLES, Article, Head, House, Issue, Leg, Masthead, Page, Photo, Place, Placement
from .units import HAO

#: The largest manifest read, in bytes: a newsroom YAML file is a few KB.
MAX_FILE = 2 * 1024 * 1024
#: The deepest nesting of lists and mappings in a manifest (they need 4).
MAX_DEPTH = 20
#: The most values (texts, numbers, lists, mappings) in one manifest: an
#: article has a few dozen. PyYAML's pure-Python loader takes about a second
#: per 20,000, so this bounds the time a manifest under MAX_FILE can take.
MAX_NODES = 10_000


class _Said(str):
    """What was found, put in words (``10,000 characters``): an InputError
    shows it as it is, not quoted like a value from the manifest."""

    def __repr__(self) -> str:
        return str(self)


def _key_name(key: Any) -> str:
    """A mapping key as a field path shows it: as written when it is short
    printable text, else quoted with its escapes (a key holding a line break
    or a terminal escape cannot break the one-line message)."""
    name = str(key)
    if name.isprintable() and 0 < len(name) <= 40 and name.strip() == name:
        return name
    shown = repr(name)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _at(mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


class _Refused(yaml.YAMLError):
    """A node the loader refuses: its field path, what was expected, what
    was found and where."""

    def __init__(self, field: str, expected: str, found: str, mark):
        super().__init__(f"{field}: {expected} ({found} at {_at(mark)})")
        self.field, self.expected, self.found, self.mark = field, expected, found, mark


class _Loader(yaml.SafeLoader):
    """Safe loading of plain YAML, checked node by node as it is composed:
    anchors, aliases and tags refused where they stand (an alias bomb is
    refused at its first anchor, never expanded), nesting at most
    :data:`MAX_DEPTH` deep, at most :data:`MAX_NODES` values, each key once
    and every key plain text. The field path of each node is kept for the
    message."""

    def __init__(self, stream):
        super().__init__(stream)
        self._paths: list[str] = []
        self._nodes = 0

    def compose_node(self, parent, index):
        base = self._paths[-1] if self._paths else ""
        if parent is None or index is None:
            field = base  # the document, or a key: the mapping's path
        elif isinstance(index, int):
            field = f"{base}[{index}]"
        else:
            field = _join(base, _key_name(index.value) if isinstance(index, yaml.ScalarNode) else "?")
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(field, "plain YAML without anchors or aliases",
                           f"found the alias *{event.anchor}", event.start_mark)
        if event.anchor is not None:
            raise _Refused(field, "plain YAML without anchors or aliases",
                           f"found the anchor &{event.anchor}", event.start_mark)
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            tag = tag if len(tag) <= 60 else tag[:57] + "..."
            raise _Refused(field, "valid YAML without tags", f"found the tag {tag}", event.start_mark)
        if len(self._paths) > MAX_DEPTH:
            raise _Refused(field, f"fields nested at most {MAX_DEPTH} deep", "found deeper nesting",
                           event.start_mark)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(field, f"a manifest of at most {MAX_NODES:,} values", "found more",
                           event.start_mark)
        self._paths.append(field)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._paths.pop()
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise _Refused(field, "field names that are plain text",
                                   "found a list or mapping as a field name", key.start_mark)
                if key.value in seen:
                    raise _Refused(_join(field, _key_name(key.value)), "each field once",
                                   "found it a second time", key.start_mark)
                seen.add(key.value)
        return node


def _construct_mapping(loader, node, deep=False):
    # a second check on constructed keys: "1" and "01" compose apart but are one key
    keys = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        keys.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


def _construct_int(loader, node):
    # Python refuses to convert integers of over 4,300 digits (ValueError, no line)
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(None, None, "a number with too many digits", node.start_mark)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
# dates stay text: the fields that hold dates parse and check them with a located error
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in rules if tag != "tag:yaml.org,2002:timestamp"]
    for key, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@_cache.file_memo  # layout.cache: parsed once a process while the file is unchanged (broadsheet watch)
def load_yaml(path: Path) -> Any:
    """Read one YAML file safely.

    Raises:
        InputError: missing or unreadable, too large, not UTF-8, a character
            YAML does not allow, a syntax error (with line and column), an
            anchor, alias or tag, nesting too deep, too many values, a key
            given twice (with the field path, line and column).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing YAML file")
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise InputError(path, "", f"a manifest of at most {MAX_FILE // 2 ** 20} MB ({MAX_FILE:,} bytes)",
                             _Said(f"{size:,} bytes"))
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, "", f"a readable file ({exc.strerror or exc.__class__.__name__})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[:exc.start]
        line_start = head.rfind(b"\n") + 1
        column = len(head[line_start:].decode("utf-8")) + 1
        line = head.count(b"\n") + 1
        raise InputError(path, "", f"UTF-8 text (a byte that is not UTF-8 at line {line}, column {column})")
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise InputError(path, exc.field, f"{exc.expected} ({exc.found} at {_at(exc.mark)})")
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        kind = "control character" if unicodedata.category(chr(exc.character)) == "Cc" else "character"
        raise InputError(path, "", f"printable text ({kind} U+{exc.character:04X} at line {line}, column {column})")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(mark) if mark else "somewhere"
        problem = exc.problem or exc.context or "invalid YAML"
        context = ""
        if exc.problem and exc.context and exc.context_mark:
            context = f"; {exc.context} at {_at(exc.context_mark)}"
        raise InputError(path, "", f"valid YAML ({problem} at {where}{context})")
    except yaml.YAMLError as exc:
        raise InputError(path, "", f"valid YAML ({' '.join(str(exc).split())})")
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(path, "", f"valid YAML ({exc.__class__.__name__}: {' '.join(str(exc).split())})")


# ---------------------------------------------------------------- checks


class _Fields:
    """A mapping being validated: typed getters that raise located errors."""

    def __init__(self, data: Any, file: Path, path: str, allowed: tuple[str, ...], what: str):
        if data is None:
            raise InputError(file, path, f"{what} ({'the field is empty' if path else 'the file is empty'})")
        if not isinstance(data, dict):
            raise InputError(file, path, what, data)
        self.data, self.file, self.path = data, file, path
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise InputError(file, self._p(_key_name(key)),
                                 f"one of the fields {', '.join(allowed)}; unknown field{hint}")

    def _p(self, key: str) -> str:
        return _join(self.path, key)

    def _absent(self, key: str) -> str:
        """Why a required field has no value: missing, or given empty."""
        return "the field is empty" if key in self.data else "missing required field"

    def text(self, key: str, required: bool = False, default: str = "", limit: int = 400) -> str:
        v = self.data.get(key)
        if v is None:
            if required:
                raise InputError(self.file, self._p(key), f"text ({self._absent(key)})")
            return default
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, str):
            raise InputError(self.file, self._p(key), "text", v)
        v = clean_text(v, self.file, self._p(key), limit)
        if required and not v:
            raise InputError(self.file, self._p(key), "text (the field is empty)")
        return v

    def integer(self, key: str, lo: int, hi: int, required: bool = False, default=None, note: str = ""):
        """A whole number from ``lo`` to ``hi``; ``note`` says why ``hi``
        when the number is over it (`` (the grid ends at line 115)``)."""
        v = self.data.get(key)
        if v is None:
            if required:
                raise InputError(self.file, self._p(key),
                                 f"a whole number from {lo} to {hi} ({self._absent(key)})")
            return default
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            why = note if isinstance(v, int) and not isinstance(v, bool) and v > hi else ""
            raise InputError(self.file, self._p(key), f"a whole number from {lo} to {hi}{why}", v)
        return v

    def texts(self, key: str, limit: int = 4000, item: str = "item") -> list[str]:
        """Text or a list of texts; an empty one (``item`` names it in the
        message: a paragraph, a byline) is refused."""
        v = self.data.get(key)
        if v is None:
            return []
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list):
            raise InputError(self.file, self._p(key), "text or a list of texts", v)
        out = []
        for n, x in enumerate(v):
            if isinstance(x, (int, float)) and not isinstance(x, bool):
                x = str(x)
            if not isinstance(x, str):
                raise InputError(self.file, f"{self._p(key)}[{n}]", "text", x)
            x = clean_text(x, self.file, f"{self._p(key)}[{n}]", limit)
            if not x:
                raise InputError(self.file, f"{self._p(key)}[{n}]", f"text (the {item} is empty)")
            out.append(x)
        return out


# C0 and C1 controls but tab and line feed; zero-width spaces, joiners and
# direction marks; line and paragraph separators; bidi embeddings, overrides
# and isolates; word joiner and invisible operators; the BOM inside text;
# lone surrogates (a YAML escape such as "\uD800": not a character, and no
# file name or UTF-8 output can hold one)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e"
                      "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")


def clean_text(value: str, file: Path, field: str, limit: int) -> str:
    """Strip the YAML's surrounding whitespace; refuse control and zero-width
    characters (they vanish on the page) and text over ``limit`` characters."""
    value = value.strip()
    m = _CONTROL.search(value.replace("\n", " "))
    if m:
        what = "lone surrogate" if 0xD800 <= ord(m.group()) <= 0xDFFF else "control or zero-width character"
        raise InputError(file, field, f"printable text ({what} U+{ord(m.group()):04X} at position {m.start() + 1})")
    if len(value) > limit:
        raise InputError(file, field, f"at most {limit} characters", _Said(f"{len(value):,} characters"))
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
    try:
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
    except OSError as exc:  # a name the system refuses: a part over 255 bytes, ...
        raise InputError(file, field, f"a file name the system can open ({exc.strerror or exc})", name)
    except RuntimeError:  # Path.resolve() on a symlink loop
        raise InputError(file, field, "a file, not a symlink loop", name)
    raise InputError(file, field, "a path inside the issue folder or its asset folders", name)


class _Seen:
    """What the pages of an issue have used so far, to refuse a second use:
    page ids, article ids, article files (resolved) and where each was."""

    def __init__(self) -> None:
        self.pages: dict[str, Path] = {}
        self.ids: dict[str, Path] = {}
        self.placed: dict[Path, str] = {}
        self.jumps: dict[Path, tuple[Path, str]] = {}
        self.articles: dict[Path, Article] = {}


def load_issue_settings(folder: str | Path):
    """issue.yaml alone: the issue without its pages (newspaper, date,
    format, masthead, house options, imprint, asset folders), its checked
    fields and the folders files may come from (the issue folder first).

    Raises:
        InputError: as :func:`load_issue`, for issue.yaml's own fields.
    """
    from .calendar import parse_date
    from .grid import preset

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "", "an issue folder holding issue.yaml")
    ifile = folder / "issue.yaml"
    roots = [folder.resolve()]
    try:
        outside = (ifile.exists() or ifile.is_symlink()) and not _inside(ifile, roots)
    except RuntimeError:  # Path.resolve() on a symlink loop
        raise InputError(ifile, "", "a file, not a symlink loop")
    if outside:
        raise InputError(ifile, "", "a file inside the issue folder (a symlink pointing out of it)")
    f = _Fields(load_yaml(ifile), ifile, "",
                ("newspaper", "date", "format", "masthead", "house", "pages", "assets", "imprint", "specimen"),
                "a mapping")
    newspaper = f.text("newspaper", required=True, limit=20)
    if f.data.get("date") is None:
        raise InputError(ifile, "date", f"a date YYYY-MM-DD ({f._absent('date')})")
    date = parse_date(f.data.get("date"), ifile, "date")
    fmt = f.text("format", default="broadsheet", limit=40)
    grid = preset(fmt, ifile, "format")
    m = _Fields({} if f.data.get("masthead") is None else f.data["masthead"], ifile, "masthead",
                ("number", "cn", "postal_code", "publisher", "sample"), "a mapping")
    cn = m.text("cn", limit=20)
    if cn and not re.fullmatch(r"CN\d{2}-\d{4}(/[A-Z0-9.]+)?", cn):
        raise InputError(ifile, "masthead.cn", "a CN serial like CN43-0031", cn)
    masthead = Masthead(m.integer("number", 1, 10 ** 7), cn, m.text("postal_code", limit=20),
                        m.text("publisher", limit=60), m.texts("sample"))
    for n, a in enumerate(f.texts("assets")):
        try:
            p = (folder / a).resolve()
            is_dir = p.is_dir()
        except RuntimeError:  # Path.resolve() on a symlink loop
            raise InputError(ifile, f"assets[{n}]", "a folder, not a symlink loop", a)
        except OSError as exc:  # a name the system refuses: a part over 255 bytes, ...
            raise InputError(ifile, f"assets[{n}]", f"a folder name the system can open ({exc.strerror or exc})", a)
        if not is_dir:
            raise InputError(ifile, f"assets[{n}]", "an existing folder", a)
        roots.append(p)
    issue = Issue(folder, newspaper, date, fmt, masthead, [], roots[1:], [ifile], _house(f.data.get("house"), ifile))
    if f.data.get("imprint") is not None:
        fi = _Fields(f.data["imprint"], ifile, "imprint", IMPRINT_FIELDS, "a mapping of imprint lines")
        issue.imprint = {k: fi.text(k, limit=80) for k in IMPRINT_FIELDS if fi.data.get(k) is not None}
    specimen = f.data.get("specimen", False)
    if not isinstance(specimen, bool):
        raise InputError(ifile, "specimen", "true or false", specimen)
    issue.specimen = specimen
    return issue, f, roots


def load_issue(folder: str | Path) -> Issue:
    """Read and validate an issue folder (issue.yaml, its pages, their articles).

    Raises:
        InputError: with file, field path and what was expected, for every
            problem: syntax, types, unknown or missing fields, missing files,
            paths outside the issue folder, a page listed twice, duplicate
            page or article ids, an article placed twice, blocks off the grid
            or overlapping.
    """
    from .grid import preset

    folder = Path(folder)
    issue, f, roots = load_issue_settings(folder)
    ifile = folder / "issue.yaml"
    grid = preset(issue.format, ifile, "format")
    page_names = f.data.get("pages")
    if page_names is None:
        raise InputError(ifile, "pages", f"a list of page manifest files ({f._absent('pages')})")
    if not isinstance(page_names, list) or not page_names:
        raise InputError(ifile, "pages", "a list of page manifest files", page_names)
    seen = _Seen()
    listed: dict[Path, int] = {}
    for n, name in enumerate(page_names):
        if not isinstance(name, str):
            raise InputError(ifile, f"pages[{n}]", "a page manifest file name", name)
        name = clean_text(name, ifile, f"pages[{n}]", 400)
        pfile = _resolve(folder, name, [roots[0]], ifile, f"pages[{n}]")
        if pfile.resolve() in listed:
            raise InputError(ifile, f"pages[{n}]", f"a page not listed before (also pages[{listed[pfile.resolve()]}])",
                             name)
        listed[pfile.resolve()] = n
        issue.files.append(pfile)
        issue.pages.append(_load_page(pfile, roots, grid, seen, issue.files))
    for key, where in seen.jumps.items():
        if key not in seen.placed:
            raise InputError(where[0], where[1], "a continuation (continue: true) of an article placed on an "
                                                 "earlier page")
    return issue


def _house(data: Any, ifile: Path) -> House:
    """The issue's house options (``house:`` in issue.yaml)."""
    if data is None:
        return House()
    h = _Fields(data, ifile, "house", ("level", "open_at_start_half", "pad_names", "normalize_punctuation"),
                "a mapping of house options")
    level = h.text("level", default="basic")
    if level not in ("loose", "basic", "strict"):
        raise InputError(ifile, "house.level", "loose, basic or strict", level)
    flags = {}
    for key, default in (("open_at_start_half", False), ("pad_names", True), ("normalize_punctuation", False)):
        v = h.data.get(key, default)
        if not isinstance(v, bool):
            raise InputError(ifile, f"house.{key}", "true or false", v)
        flags[key] = v
    return House(level, **flags)


def _load_page(pfile: Path, roots: list[Path], grid, seen: _Seen, files) -> Page:
    f = _Fields(load_yaml(pfile), pfile, "", ("page", "section", "editor", "masthead", "articles", "blank"),
                "a mapping")
    page = Page(f.text("page", required=True, limit=8), pfile, f.text("section", limit=20), f.text("editor", limit=40))
    if not re.fullmatch(r"[A-Z]?\d{1,3}", page.id):
        raise InputError(pfile, "page", "a page id like A01 or 4", page.id)
    if page.id in seen.pages:
        raise InputError(pfile, "page", f"a page id not used before (also in {seen.pages[page.id].name})", page.id)
    seen.pages[page.id] = pfile
    cells: dict[tuple[int, int], str] = {}
    if "masthead" in f.data:
        page.masthead = _place(f.data["masthead"], pfile, "masthead", grid)
        _occupy(cells, page.masthead, "masthead", pfile, "masthead")
    blank = f.data.get("blank")
    if blank is not None and not isinstance(blank, list):
        raise InputError(pfile, "blank", "a list of places {column, span, row, height} left empty on purpose", blank)
    for n, b in enumerate(blank or []):
        place = _place(b, pfile, f"blank[{n}]", grid, auto=False)
        _occupy(cells, place, f"blank[{n}]", pfile, f"blank[{n}]")
        page.blank.append(place)
    items = f.data.get("articles")
    if items is None:
        raise InputError(pfile, "articles", f"a list of {{file, place}} ({f._absent('articles')})")
    if not isinstance(items, list):
        raise InputError(pfile, "articles", "a list of {file, place}", items)
    for n, item in enumerate(items):
        field = f"articles[{n}]"
        fi = _Fields(item, pfile, field, ("file", "place", "continue"), "a mapping with file and place")
        name = fi.text("file", required=True)
        afile = _resolve(pfile.parent, name, [roots[0]], pfile, f"{field}.file")
        key = afile.resolve()
        cont = fi.data.get("continue", False)
        if not isinstance(cont, bool):
            raise InputError(pfile, f"{field}.continue", "true or false", cont)
        if cont:
            # the second part of a jumped story (转版): the article must be
            # placed (without continue) on an earlier page, once
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
            art = load_article(afile, roots)
            seen.articles[key] = art
            if art.id in seen.ids:
                raise InputError(afile, "id", f"an article id not used before (also in {seen.ids[art.id].name})",
                                 art.id)
            seen.ids[art.id] = afile
        if item.get("place") is None:
            raise InputError(pfile, f"{field}.place",
                             f"a mapping {{column, span, row, height}} ({fi._absent('place')})")
        place = _place(item["place"], pfile, f"{field}.place", grid)
        _occupy(cells, place, art.id, pfile, f"{field}.place")
        if place.columns and art.kind != "story":
            raise InputError(pfile, f"{field}.place.columns", "no columns (broken columns are for stories)",
                             place.columns)
        page.placements.append(Placement(art, place, cont))
    return page


#: The fields of issue.yaml's imprint (报尾), printed at the foot of the last page.
IMPRINT_FIELDS = ("publisher", "address", "postcode", "telephone", "price", "printer")


def _place(data: Any, pfile: Path, field: str, grid, auto: bool = True) -> Place:
    """A place on the grid; ``height: auto`` where ``auto`` allows it."""
    fp = _Fields(data, pfile, field, ("column", "span", "row", "height", "columns", "leg") if auto else
                 ("column", "span", "row", "height"), "a mapping {column, span, row, height}")
    col = fp.integer("column", 1, grid.columns, required=True)
    span = fp.integer("span", 1, grid.columns - col + 1, required=True,
                      note=f" (the grid ends at column {grid.columns})" if col > 1 else "")
    row = fp.integer("row", 1, grid.lines, required=True)
    if auto and fp.data.get("height") == "auto":
        height = None
    else:
        height = fp.integer("height", 1, grid.lines - row + 1, required=True,
                            note=f" (the grid ends at line {grid.lines})" if row > 1 else "")
    columns = fp.integer("columns", 1, 2 * span, note=f" (two text columns a basic column at most)")
    leg = None
    if fp.data.get("leg") is not None:
        if height is None:
            raise InputError(pfile, f"{field}.leg", "a block of fixed height (an L-shaped block has no auto height)")
        fl = _Fields(fp.data["leg"], pfile, f"{field}.leg", ("column", "span", "height"),
                     "a mapping {column, span, height}: the L-shaped block's lower leg")
        lc = fl.integer("column", col, col + span - 1, required=True, note=" (inside the block's columns)")
        ls = fl.integer("span", 1, col + span - lc, required=True, note=" (inside the block's columns)")
        if ls == span:
            raise InputError(pfile, f"{field}.leg.span", f"fewer columns than the block's {span} "
                                                         "(a leg as wide as the block is a taller block)", ls)
        if lc not in (col, col + span - ls):
            raise InputError(pfile, f"{field}.leg.column", f"{col} or {col + span - ls}: a leg flush with the "
                                                           "block's left or right edge", lc)
        lh = fl.integer("height", 1, grid.lines - row - height + 1, required=True,
                        note=f" (the grid ends at line {grid.lines})")
        leg = Leg(lc, ls, lh)
    return Place(col, span, row, height, columns, leg)


def _occupy(cells: dict, place: Place, name: str, pfile: Path, field: str) -> None:
    """Mark a place's grid cells taken; refuse an overlap. An auto height
    takes its first line here; its full height is checked at layout."""
    for c, r in sorted(place.cells(1)):
        if (c, r) in cells:
            raise InputError(pfile, field, f"a place not overlapping '{cells[(c, r)]}' (column {c}, line {r})")
        cells[(c, r)] = name


@_cache.json_memo("images", lambda path, file, field: f"{_cache.file_sha256(path)} pillow {dist_version('pillow')}",
                  tuple)  # layout.cache: a photo checked once, not decoded again each build
def _image_size(path: Path, file: Path, field: str) -> tuple[int, int]:
    """Pixel size of a photo, after decoding it whole (so a truncated or
    corrupt file is found now, not while the PDF is written).

    Raises:
        InputError: not an image Pillow reads, truncated or corrupt, or over
            Pillow's decompression-bomb limit (MAX_IMAGE_PIXELS: Pillow only
            warns up to twice that and would decode it; it is refused here).
            The message names the photo by its file name only: an asset
            folder's absolute path is this machine's, not the user's.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                if im.format not in ("JPEG", "MPO", "PNG", "TIFF"):
                    raise InputError(file, field, "a JPEG, PNG or TIFF photo", f"{path.name}: {im.format}")
                im.load()
                return im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        pixels = re.search(r"\((\d+) pixels\)", str(exc))
        raise InputError(file, field, f"a photo of at most {Image.MAX_IMAGE_PIXELS:,} pixels "
                                      "(Pillow's decompression-bomb limit)",
                         _Said(f"{path.name!r}, {int(pixels.group(1)):,} pixels") if pixels else path.name)
    except UnidentifiedImageError:
        raise InputError(file, field, "a readable JPEG, PNG or TIFF photo (not an image file)", path.name)
    except OSError as exc:
        why = exc.strerror or str(exc)
        why = "the file is truncated" if "truncated" in why else why.replace(str(path), path.name)
        raise InputError(file, field, f"a readable JPEG, PNG or TIFF photo ({why})", path.name)
    except (SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error) as exc:
        # what Pillow's decoders raise on a corrupt file, besides OSError
        why = f"{exc.__class__.__name__}: {' '.join(str(exc).split())}".replace(str(path), path.name)
        raise InputError(file, field, f"a readable JPEG, PNG or TIFF photo ({why})", path.name)


def load_article(afile: Path, roots: list[Path]) -> Article:
    """Read and validate one article manifest."""
    allowed = ("id", "kind", "label", "kicker", "headline", "deck", "byline", "dateline",
               "body", "photos", "head", "lines", "continued_head", "items")
    f = _Fields(load_yaml(afile), afile, "", allowed, "a mapping (an article manifest)")
    kind = f.text("kind", default="story")
    if kind not in ("story", "photo", "ad", "index"):
        raise InputError(afile, "kind", "one of story, photo, ad, index", kind)
    aid = f.text("id", default=afile.stem, limit=60)
    if not re.fullmatch(r"[A-Za-z0-9_-]+", aid):
        raise InputError(afile, "id", "letters, digits, - and _", aid)
    # a headline may be a list: its lines as the editor broke them
    headline = "\n".join(f.texts("headline", limit=80, item="line")) if isinstance(f.data.get("headline"), list) \
        else f.text("headline", limit=80)
    art = Article(aid, kind, afile, kicker=f.text("kicker", limit=80), headline=headline,
                  deck=f.text("deck", limit=120), bylines=f.texts("byline", limit=80, item="byline"),
                  dateline=f.text("dateline", limit=40), body=f.texts("body", limit=4000, item="paragraph"),
                  label=f.text("label", limit=20), continued_head=f.text("continued_head", limit=80))
    if kind == "story" and not art.headline:
        raise InputError(afile, "headline", f"text ({f._absent('headline')})")
    if kind == "story" and not art.body:
        raise InputError(afile, "body", "one or more paragraphs (the article is empty)")
    if "head" in f.data:
        h = _Fields(f.data["head"], afile, "head", ("lines", "size", "align", "vertical"),
                    "a mapping {lines, size, align, vertical}")
        align = h.text("align", default="center")
        if align not in ("center", "left"):
            raise InputError(afile, "head.align", "center or left", align)
        vertical = h.data.get("vertical", False)
        if not isinstance(vertical, bool):
            raise InputError(afile, "head.vertical", "true or false", vertical)
        art.head = Head(h.integer("lines", 1, 4, default=1), _size(h.data.get("size"), afile, "head.size"), align,
                        vertical)
    photos = f.data.get("photos")
    photos = [] if photos is None else photos
    if not isinstance(photos, list):
        raise InputError(afile, "photos", "a list of {file, caption, credit}", photos)
    for n, p in enumerate(photos):
        fp = _Fields(p, afile, f"photos[{n}]", ("file", "caption", "credit", "height", "rights", "span", "at",
                                               "side", "placeholder"), "a mapping {file, caption, credit}")
        placeholder = fp.data.get("placeholder", False)
        if not isinstance(placeholder, bool):
            raise InputError(afile, f"photos[{n}].placeholder", "true or false", placeholder)
        if placeholder:
            if fp.data.get("file") is not None:
                raise InputError(afile, f"photos[{n}].file", "no file for a placeholder (placeholder: true)")
            path, pixels = None, (4, 3)  # an empty frame of 4:3
        else:
            path = _resolve(afile.parent, fp.text("file", required=True), roots, afile, f"photos[{n}].file")
            pixels = _image_size(path, afile, f"photos[{n}].file")
        side = fp.text("side", default="left")
        if side not in ("left", "right"):
            raise InputError(afile, f"photos[{n}].side", "left or right", side)
        if kind != "story" and any(fp.data.get(k) is not None for k in ("span", "at", "side")):
            key = next(k for k in ("span", "at", "side") if fp.data.get(k) is not None)
            raise InputError(afile, f"photos[{n}].{key}", "no span, at or side outside a story (a photo-news "
                                                           "block's photo spans the block)")
        art.photos.append(Photo(path, fp.text("caption", limit=1000), fp.text("credit", limit=60),
                                fp.integer("height", 3, 200), pixels, fp.text("rights", limit=120),
                                fp.integer("span", 1, 8), fp.integer("at", 1, 115), side, placeholder))
    if kind == "photo" and not art.photos:
        raise InputError(afile, "photos", "at least one photo for a photo-news block")
    lines = f.data.get("lines")
    lines = [] if lines is None else lines
    if not isinstance(lines, list):
        raise InputError(afile, "lines", "a list of {text, size, role}", lines)
    for n, ln in enumerate(lines):
        fl = _Fields(ln, afile, f"lines[{n}]", ("text", "size", "role"), "a mapping {text, size, role}")
        role = fl.text("role", default="headline")
        if role not in ROLES:
            raise InputError(afile, f"lines[{n}].role", f"one of {', '.join(ROLES)}", role)
        art.lines.append((fl.text("text", required=True, limit=80),
                          _size(fl.data.get("size"), afile, f"lines[{n}].size") or 12.0, role))
    if kind == "ad" and not art.lines:
        raise InputError(afile, "lines", "one or more lines of the advertisement")
    items = f.data.get("items")
    if items is not None and kind != "index":
        raise InputError(afile, "items", "no items outside an index box (kind: index)")
    if kind == "index":
        if not isinstance(items, list) or not items:
            raise InputError(afile, "items", "a list of {article, short}: the stories the index box points to",
                             items)
        for n, it in enumerate(items):
            if isinstance(it, str):
                it = {"article": it}
            fi = _Fields(it, afile, f"items[{n}]", ("article", "short"), "an article id or a mapping {article, short}")
            art.items.append((fi.text("article", required=True, limit=60), fi.text("short", limit=40)))
    return art
