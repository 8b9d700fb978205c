"""Write page manifests back with the places makeup chose.

``broadsheet makeup ISSUE -o DIR`` gives the editor copies of the page
manifests in which every ``place: auto`` (or ``place: {auto: true, ...}``
with hints) holds ordinary coordinates ``{column, span, row, height}``, so
the pages can be adopted and adjusted by hand. The copies keep the editor's
comments, key order, quoting and line breaks (ruamel.yaml's round-trip
mode); only the ``place`` values of auto articles change. Nothing the editor
wrote is ever overwritten: an output folder that is the issue folder, holds
one of its page manifests, or holds files that an earlier makeup did not
write is refused.

Every written file reads back with PyYAML (and with
:func:`layout.model.manifest.load_yaml`) as the same values, places as
mappings of ints. Files are written to a temporary name and renamed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Mapping

from .errors import InputError
from .issue import Place
from .manifest import load_yaml
from .writer import write_atomic

#: The file that marks a folder as written by makeup (safe to write again).
MARKER = ".broadsheet-makeup"


def is_auto(value: Any) -> bool:
    """A ``place`` value that asks for automatic makeup: ``auto`` or a
    mapping with ``auto: true``."""
    return value == "auto" or (isinstance(value, Mapping) and value.get("auto") is True)


def _round_trip(text: str):
    """A ruamel.yaml round-trip loader and dumper set to the file's own
    indentation, and the loaded document."""
    from ruamel.yaml import YAML
    from ruamel.yaml.util import load_yaml_guess_indent

    _, indent, offset = load_yaml_guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the editor's long lines
    # the list indentation as the file has it (``- file:`` under ``articles:``
    # at column 2 is sequence 4, offset 2); mappings at 2, as the samples have
    yaml.indent(mapping=2, sequence=indent or 2, offset=offset or 0)
    return yaml, yaml.load(text)


def _article_key(base: Path, name: str) -> tuple[str, str]:
    """The id an article manifest gives itself (its ``id``, else its file
    stem) and its resolved path, for matching the keys of ``places``."""
    path = (base / name)
    ident = path.stem
    try:
        data = load_yaml(path)
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            ident = data["id"].strip()
    except InputError:
        pass  # the page's loader reports a broken article; the file name still names it
    return ident, str(path.resolve())


def _placed_value(old: Any, place: Place):
    """The new ``place`` value: a mapping of ints in the old value's style
    (flow for ``auto`` and flow mappings, block for block mappings), with
    the comments the editor put on the hints kept at its end."""
    from ruamel.yaml.comments import CommentedMap

    new = CommentedMap([("column", place.column), ("span", place.span), ("row", place.row),
                        ("height", place.height)])
    last = "height"
    if place.leg is not None:
        leg = CommentedMap([("column", place.leg.column), ("span", place.leg.span), ("height", place.leg.height)])
        leg.fa.set_flow_style()
        new["leg"] = leg
        last = "leg"
    if place.photo is not None:
        new["photo"] = place.photo
        last = "photo"
    if place.lead:
        new["lead"] = True
        last = "lead"
    if not isinstance(old, CommentedMap) or old.fa.flow_style():
        new.fa.set_flow_style()
    if isinstance(old, CommentedMap):
        tokens = [c[2] for c in (old.ca.items.get(k) for k in old) if c and len(c) > 2 and c[2] is not None]
        if tokens:
            token = tokens[0]  # keeps its place in the file; the others' text joins it
            token.value = "  " + " ".join(t.value.strip() for t in tokens) + "\n"
            new.ca.items[last] = [None, None, token, None]
    return new


def placed_page_text(src: Path, places: Mapping[str, Place]) -> str:
    """The text of page manifest ``src`` with the places of its auto
    articles filled in.

    Args:
        src: the page manifest.
        places: a place for each auto article, keyed by the article's id,
            by its ``file`` value as written in the page, or by its
            resolved path.

    Raises:
        InputError: the page cannot be read (as :func:`load_yaml` says),
            has no article list, an auto article has no place in
            ``places``, or ``places`` names an article that is not auto on
            this page.
    """
    src = Path(src)
    load_yaml(src)  # the safe loader's checks first: size, anchors, tags, syntax
    text = src.read_text(encoding="utf-8")
    yaml, doc = _round_trip(text)
    items = doc.get("articles") if isinstance(doc, Mapping) else None
    if not isinstance(items, list):
        raise InputError(src, "articles", "a list of {file, place}")
    used: set[str] = set()
    for n, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("file"), str):
            raise InputError(src, f"articles[{n}].file", "the article's manifest file")
        name = item["file"]
        ident, resolved = _article_key(src.parent, name.strip())
        keys = [k for k in (ident, name, name.strip(), resolved) if k in places]
        if not is_auto(item.get("place")):
            if keys:
                raise InputError(src, f"articles[{n}].place", "an auto place to fill in (this one is fixed)",
                                 keys[0])
            continue
        if not keys:
            raise InputError(src, f"articles[{n}].place", f"a place from makeup for '{ident}' (none given)")
        place = places[keys[0]]
        used.update(keys)
        item["place"] = _placed_value(item["place"], place)
    unknown = sorted(set(places) - used)
    if unknown:
        raise InputError(src, "articles", "places only for articles of this page", unknown[0])
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_placed_page(src_page_yaml: Path | str, places: Mapping[str, Place], dest: Path | str) -> Path:
    """Write a copy of page manifest ``src_page_yaml`` to ``dest`` with the
    places of its auto articles filled in (see :func:`placed_page_text`).

    The ``file`` paths stay as written (relative to the page), so ``dest``
    is meant to stand where the page stands in a copy of the issue folder
    (as :func:`write_placed_issue` writes it), or to be copied back over
    the page by the editor.

    Returns: ``dest``.

    Raises:
        InputError: as :func:`placed_page_text`; or ``dest`` is the page
            itself.
    """
    src, dest = Path(src_page_yaml), Path(dest)
    if _same(src, dest) or src.resolve() == dest.resolve():
        raise InputError(dest, "", "an output file other than the editor's page manifest")
    write_atomic(dest, placed_page_text(src, places).encode("utf-8"))
    return dest


def check_output_folder(issue_folder: Path | str, out_dir: Path | str, page_files=()) -> None:
    """Refuse an output folder that could hold the editor's files.

    Raises:
        InputError: ``out_dir`` is the issue folder, holds one of the
            issue's page manifests (``page_files``), contains the issue
            folder, or already holds files and was not written by makeup
            (no :data:`MARKER` file).
    """
    issue, out = Path(issue_folder).resolve(), Path(out_dir).resolve()
    if out == issue or _same(out, issue):
        raise InputError(out_dir, "-o", "an output folder other than the issue folder")
    if out in issue.parents:
        raise InputError(out_dir, "-o", "an output folder that does not contain the issue folder")
    for page in page_files:
        page = Path(page).resolve()
        if page.parent == out or _same(page.parent, out):
            raise InputError(out_dir, "-o", f"an output folder that does not hold the page manifest {page.name}")
    if out.exists() and not out.is_dir():
        raise InputError(out_dir, "-o", "a folder (a file is there)")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise InputError(out_dir, "-o", "an empty folder or one written by makeup before "
                                        f"(it holds files and no {MARKER})")


def write_placed_issue(issue_folder: Path | str, places: Mapping[Path | str, Mapping[str, Place]],
                       out_dir: Path | str, page_files=()) -> list[Path]:
    """Write a copy of the issue folder into ``out_dir`` in which the pages
    listed in ``places`` (page manifest -> article -> Place) have their
    auto places filled in: issue.yaml with its ``assets`` folders pointed
    at the same folders from the new place, every other file copied byte
    for byte. ``broadsheet build OUT_DIR`` then builds the placed issue.

    Args:
        issue_folder: the editor's issue folder.
        places: the places by page manifest (a path inside the issue
            folder, absolute or relative to it), then as
            :func:`placed_page_text` takes them.
        out_dir: the output folder (see :func:`check_output_folder`).
        page_files: the issue's page manifests (to refuse a folder holding them).

    Returns: the files written, sorted.

    Raises:
        InputError: as :func:`check_output_folder` and :func:`placed_page_text`.
    """
    issue, out = Path(issue_folder), Path(out_dir)
    check_output_folder(issue, out, page_files)
    pages = {(p if Path(p).is_absolute() else issue / p).resolve(): v for p, v in places.items()}
    for p in pages:
        if issue.resolve() not in p.parents:
            raise InputError(p, "", "a page manifest inside the issue folder")
    texts: dict[Path, bytes] = {}
    out_res = out.resolve()
    for path in sorted(issue.rglob("*")):
        res = path.resolve()
        if path.is_dir() or out_res == res or out_res in res.parents or out_res in path.parents:
            continue
        rel = path.relative_to(issue)
        if res in pages:
            texts[rel] = placed_page_text(path, pages.pop(res)).encode("utf-8")
        elif rel == Path("issue.yaml"):
            texts[rel] = _rebased_issue(path, issue, out).encode("utf-8")
        else:
            texts[rel] = path.read_bytes()
    if pages:
        raise InputError(next(iter(pages)), "", "a page manifest file of the issue")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by broadsheet makeup; safe to overwrite\n", encoding="utf-8")
    written = []
    for rel, data in sorted(texts.items()):
        write_atomic(out / rel, data)
        written.append(out / rel)
    return written


def _rebased_issue(path: Path, issue: Path, out: Path) -> str:
    """issue.yaml's text with each ``assets`` folder given relative to
    ``out`` instead of the issue folder (the same folders)."""
    text = path.read_text(encoding="utf-8")
    load_yaml(path)
    yaml, doc = _round_trip(text)
    assets = doc.get("assets") if isinstance(doc, Mapping) else None
    if not assets:
        return text
    names = [assets] if isinstance(assets, str) else assets
    new = [Path(os.path.relpath((issue / a).resolve(), out.resolve())).as_posix() for a in names]
    if isinstance(assets, str):
        doc["assets"] = new[0]
    else:
        for n, value in enumerate(new):
            assets[n] = value
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()

