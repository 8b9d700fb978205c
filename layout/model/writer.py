"""Model -> manifests: the one writer of issue, page and article YAML.

Whatever the project writes as a manifest (``broadsheet import`` today,
``makeup --write`` later) goes through :func:`dump_manifest`, so every file
has one shape:

- fields in the order of the schema below, two-space block indentation,
  one field a line, ``[]`` for an empty list; no anchors, aliases or tags;
- every text value in double quotes, so YAML 1.1 implicit typing can never
  retype it: ``"0755"``, ``"010"``, ``"12:30"``, ``"yes"``, ``"2020-12-21"``
  and ``"~"`` load back as the text written. Whole numbers appear only
  where the schema has a number (``head.lines``, ``place.column`` ...),
  ``true``/``false`` only where it has a flag;
- characters YAML may not hold raw (controls, line and paragraph
  separators, the BOM, non-characters) written as escapes (``\\x1b``,
  ``\\L``); every other character, CJK Extension B and the Private Use Area
  (造字) included, written as itself, so the file reads as the page does;
- the same data gives the same bytes (UTF-8, ``\\n`` line ends, a final
  newline): nothing depends on time, dict order of the caller or locale.

The schema here lists how each field is written, field by field, for
every field the loader's schema (:mod:`layout.model.schema`) declares (a
test holds the two to the same fields); the loader still decides what is
valid.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..cache import write_atomic  # noqa: F401 - the one atomic writer; its callers import it from here too

#: Field kinds: text (always quoted), a list of texts, text or a list of
#: texts, a whole number, a flag, a number of points or a 号 name.
TEXT, TEXTS, TEXT_OR_TEXTS, INT, BOOL, SIZE = "text", "texts", "text-or-texts", "int", "bool", "size"

RECT = {"column": INT, "span": INT, "row": INT, "height": INT}
PLACE = {**RECT, "columns": INT, "leg": {"column": INT, "span": INT, "height": INT}, "photo": TEXT, "lead": BOOL}
PHOTO = {"file": TEXT, "placeholder": BOOL, "caption": TEXT, "credit": TEXT, "height": INT, "rights": TEXT,
         "span": INT, "at": INT, "side": TEXT}
AD_LINE = {"text": TEXT, "size": SIZE, "role": TEXT}
HEAD = {"lines": INT, "size": SIZE, "align": TEXT, "vertical": BOOL}
MAKEUP = {"lead": TEXT, "tombstones": TEXT, "photos_stacked": TEXT, "max_underset": INT, "min_leg": INT,
          "fallback": BOOL}
IMPRINT = {k: TEXT for k in ("publisher", "address", "postcode", "telephone", "price", "printer")}

#: issue.yaml, pages/*.yaml and articles/*.yaml: field -> kind, in the
#: order written. A mapping is a nested schema, a one-item list a list of
#: mappings of that schema, a tuple the kinds a field may take.
SCHEMAS: dict[str, dict[str, Any]] = {
    "issue": {
        "newspaper": TEXT, "date": TEXT, "format": TEXT,
        "masthead": {"number": INT, "cn": TEXT, "postal_code": TEXT, "publisher": TEXT, "sample": TEXTS},
        "house": {"level": TEXT, "open_at_start_half": BOOL, "pad_names": BOOL, "normalize_punctuation": BOOL,
                  "makeup": MAKEUP},
        "assets": TEXTS, "pages": TEXTS, "imprint": IMPRINT, "specimen": BOOL,
    },
    "page": {
        "page": TEXT, "section": TEXT, "editor": TEXT, "masthead": RECT,
        "articles": [{"file": TEXT, "place": (PLACE, TEXT), "continue": BOOL}],  # place: a mapping or "auto"
        "blank": [RECT],
    },
    "article": {
        "id": TEXT, "kind": TEXT, "label": TEXT, "kicker": TEXT, "headline": TEXT_OR_TEXTS, "deck": TEXT,
        "byline": TEXTS, "dateline": TEXT, "head": HEAD, "body": TEXTS, "photos": [PHOTO], "lines": [AD_LINE],
        "continued_head": TEXT, "items": [{"article": TEXT, "short": TEXT}],
    },
}

_KEY = re.compile(r"[a-z][a-z_]*")
# what a YAML double-quoted scalar may hold raw (YAML 1.1 printable, less the
# line breaks it would fold, the BOM and the quote and backslash)
_RAW = re.compile(r"[\x20-\x21\x23-\x5b\x5d-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_NAMED = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f",
          "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N",
          "\u2028": "\\L", "\u2029": "\\P"}


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that loads back as exactly
    ``text`` (YAML 1.1, PyYAML's reader): printable characters as they are,
    the rest as escapes."""
    out = ['"']
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif _RAW.match(ch):
            out.append(ch)
        else:
            o = ord(ch)
            out.append(f"\\x{o:02X}" if o < 0x100 else f"\\u{o:04X}" if o < 0x10000 else f"\\U{o:08X}")
    out.append('"')
    return "".join(out)


class SchemaError(ValueError):
    """Data the writer was handed does not fit its schema: a bug in the
    caller (the writer never sees user input unchecked), named by field."""


def _scalar(value: Any, kind: str, field: str) -> str:
    if kind == TEXT:
        if not isinstance(value, str):
            raise SchemaError(f"{field}: expected text, got {type(value).__name__}")
        return quote(value)
    if kind == INT:
        if not isinstance(value, int) or isinstance(value, bool):
            raise SchemaError(f"{field}: expected a whole number, got {value!r}")
        return str(value)
    if kind == BOOL:
        if not isinstance(value, bool):
            raise SchemaError(f"{field}: expected true or false, got {value!r}")
        return "true" if value else "false"
    if kind == SIZE:
        if isinstance(value, str):
            return quote(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(f"{field}: expected a size, got {value!r}")
        return repr(value) if isinstance(value, float) else str(value)
    raise SchemaError(f"{field}: not a scalar field ({kind})")


def _mapping(data: dict, schema: dict, field: str, indent: int, first_prefix: str | None = None) -> list[str]:
    """Lines of a block mapping; ``first_prefix`` replaces the indentation
    of the first line (``"  - "`` for a list item)."""
    if not isinstance(data, dict):
        raise SchemaError(f"{field or 'manifest'}: expected a mapping, got {type(data).__name__}")
    unknown = [k for k in data if k not in schema]
    if unknown:
        raise SchemaError(f"{field or 'manifest'}: fields not in the schema: {', '.join(map(str, unknown))}")
    lines: list[str] = []
    pad = " " * indent
    for key, kind in schema.items():
        if key not in data or data[key] is None:
            continue
        assert _KEY.fullmatch(key), key
        value, path = data[key], f"{field}.{key}" if field else key
        lead = first_prefix if (first_prefix is not None and not lines) else pad
        lines += _field(lead + key + ":", value, kind, path, indent)
    if not lines:
        lines = [(first_prefix if first_prefix is not None else pad) + "{}"]
    return lines


def _field(head: str, value: Any, kind: Any, path: str, indent: int) -> list[str]:
    if isinstance(kind, tuple):  # one of several kinds: a mapping or a scalar
        for k in kind:
            if isinstance(k, dict) and isinstance(value, dict) or not isinstance(k, dict) and not isinstance(
                    value, dict):
                return _field(head, value, k, path, indent)
        raise SchemaError(f"{path}: expected one of {kind}, got {value!r}")
    if isinstance(kind, dict):
        return [head] + _mapping(value, kind, path, indent + 2)
    if isinstance(kind, list):
        if not isinstance(value, list):
            raise SchemaError(f"{path}: expected a list, got {type(value).__name__}")
        if not value:
            return [head + " []"]
        out = [head]
        for n, item in enumerate(value):
            out += _mapping(item, kind[0], f"{path}[{n}]", indent + 4, " " * (indent + 2) + "- ")
        return out
    if kind in (TEXTS, TEXT_OR_TEXTS):
        if isinstance(value, str) and kind == TEXT_OR_TEXTS:
            return [f"{head} {quote(value)}"]
        if not isinstance(value, list):
            raise SchemaError(f"{path}: expected a list of texts, got {type(value).__name__}")
        if not value:
            return [head + " []"]
        return [head] + [" " * (indent + 2) + "- " + _scalar(v, TEXT, f"{path}[{n}]") for n, v in enumerate(value)]
    return [f"{head} {_scalar(value, kind, path)}"]


def dump_manifest(data: dict, schema: str, comment: str = "") -> str:
    """The YAML text of one manifest.

    Args:
        data: field -> value (None values are left out); nested mappings and
            lists of mappings as the schema has them.
        schema: ``issue``, ``page`` or ``article`` (see :data:`SCHEMAS`).
        comment: optional lines written first as ``#`` comments.

    Raises:
        SchemaError: a field the schema does not have, or a value of the
            wrong kind (a caller's bug: raised before anything is written).
    """
    lines = [f"# {c}".rstrip() for c in comment.split("\n")] if comment else []
    for c in lines:
        if _RAW.sub("", c):
            raise SchemaError(f"comment: printable text only, got {c!r}")
    lines += _mapping(data, SCHEMAS[schema], "", 0)
    return "\n".join(lines) + "\n"


def as_typed(data: Any) -> Any:
    """``data`` as the project's loader reads a written manifest back
    (layout.model.yamlsafe.load_yaml: every scalar kept as the text typed):
    numbers as their digits, true and false as those words, text as it is."""
    if isinstance(data, dict):
        return {k: as_typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_typed(v) for v in data]
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, (int, float)):
        return str(data)
    return data


def write_manifest(path: str | os.PathLike, data: dict, schema: str, comment: str = "") -> Path:
    """Write one manifest atomically (:func:`write_atomic`) and return its
    path.

    Raises:
        SchemaError: as :func:`dump_manifest`, before anything is written.
        OSError: the folder is not writable (the caller turns it into an
            error naming the folder).
    """
    return write_atomic(path, dump_manifest(data, schema, comment).encode("utf-8"))
