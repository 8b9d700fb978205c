"""The field checker: a manifest's fields declared as data, and the one
function that checks a YAML node tree against them.

A :class:`Record` lists its :class:`Field` s in order (name, kind, required,
default, help); a kind (:class:`Text`, :class:`Int`, :class:`Bool`,
:class:`Size`, :class:`Date`, :class:`Texts`, :class:`Choice`,
:class:`ListOf`, :class:`MapOf`, a nested Record) converts one node and says
in words what it expects. Scalars arrive as the text the editor typed
(:mod:`layout.model.yamlsafe`): a kind turns text into a number, truth value
or date only when the field is one, so ``headline: 0755`` stays ``0755``.
Every problem raises :class:`InputError` naming the file, the field path and
what was expected; ``InputError.line`` holds the line when known.

Adding a field is one line in a record (:mod:`layout.model.schema`); the
README's field tables are written from the same records' help texts.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .errors import InputError, Said
from .units import HAO
from .yamlsafe import is_null, join, key_name, shown

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
        raise InputError(file, field, f"at most {limit} characters", Said(f"{len(value):,} characters"))
    return value


_SHOW = object()


@dataclass
class Context:
    """What a check needs besides the node: the file (for messages) and
    values the bounds depend on (``grid``)."""

    file: Path
    extra: dict = field(default_factory=dict)

    def error(self, path: str, expected: str, node=None, found: Any = _SHOW) -> InputError:
        """An InputError at ``path``; ``found`` defaults to the node as typed
        (None: say nothing of what was found)."""
        if found is _SHOW:
            found = shown(node) if node is not None else None
        exc = InputError(self.file, path, expected, found)
        exc.line = node.start_mark.line + 1 if node is not None else None
        return exc


# ---------------------------------------------------------------- kinds


class Kind:
    """A field's type: ``expected`` in words, and ``convert(node, ctx, path,
    values)`` returning the value (``values``: the record's fields so far)."""

    expected = "a value"

    def describe(self, values: dict, ctx: Context) -> str:
        return self.expected

    def convert(self, node, ctx: Context, path: str, values: dict) -> Any:
        raise NotImplementedError


def _scalar(node) -> bool:
    return isinstance(node, yaml.ScalarNode)


@dataclass
class Text(Kind):
    """Text as typed, stripped, at most ``limit`` characters, no control or
    zero-width characters; ``empty`` names what an empty one is (the field)."""

    limit: int = 400
    expected: str = "text"

    def convert(self, node, ctx, path, values):
        if not _scalar(node):
            raise ctx.error(path, self.expected, node)
        return clean_text(node.value, ctx.file, path, self.limit)


@dataclass
class Choice(Kind):
    """One of ``options`` (text), said as ``expected``."""

    options: tuple[str, ...] = ()
    expected: str = ""

    def describe(self, values, ctx):
        return self.expected or "one of " + ", ".join(self.options)

    def convert(self, node, ctx, path, values):
        v = Text(40).convert(node, ctx, path, values)
        if v not in self.options:
            raise ctx.error(path, self.describe(values, ctx), node, v)
        return v


@dataclass
class Pattern(Kind):
    """Text matching ``pattern`` whole, said as ``expected``."""

    pattern: str = ""
    expected: str = ""
    limit: int = 60

    def convert(self, node, ctx, path, values):
        v = Text(self.limit).convert(node, ctx, path, values)
        if not re.fullmatch(self.pattern, v):
            raise ctx.error(path, self.expected, node, v)
        return v


_INT = re.compile(r"[-+]?[0-9]+")


@dataclass
class Int(Kind):
    """A whole number from ``lo`` to ``hi`` typed as decimal digits (not
    ``0x1F``, ``1_000``, ``12:30``, ``true`` or ``"3"``). ``hi`` and ``note``
    may be functions of the record's values and the context, for bounds that
    depend on other fields (a span ends at the grid's last column)."""

    lo: int = 0
    hi: int | Callable = 0
    note: Callable | None = None
    what: str = ""

    def bounds(self, values, ctx):
        hi = self.hi(values, ctx) if callable(self.hi) else self.hi
        return self.lo, hi

    def describe(self, values, ctx):
        lo, hi = self.bounds(values, ctx)
        return self.what or f"a whole number from {lo} to {hi}"

    def convert(self, node, ctx, path, values):
        lo, hi = self.bounds(values, ctx)
        if not (_scalar(node) and node.style is None and _INT.fullmatch(node.value)):
            raise ctx.error(path, self.describe(values, ctx), node)
        digits = node.value.lstrip("+-").lstrip("0") or "0"
        v = int(node.value) if len(digits) <= 30 else (10 ** 30 if node.value[0] != "-" else -10 ** 30)
        if not lo <= v <= hi:
            note = self.note(values, ctx) if (self.note and v > hi) else ""
            raise ctx.error(path, self.describe(values, ctx) + note, node)
        return v


_TRUE, _FALSE = ("true", "True", "TRUE"), ("false", "False", "FALSE")


@dataclass
class Bool(Kind):
    """``true`` or ``false`` (not yes/no/on/off, which YAML 1.2 leaves as text)."""

    expected: str = "true or false"

    def convert(self, node, ctx, path, values):
        if _scalar(node) and node.style is None and node.value in _TRUE + _FALSE:
            return node.value in _TRUE
        raise ctx.error(path, self.expected, node)


_DECIMAL = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def number(node) -> float | None:
    """A plain scalar typed as a decimal number (``9``, ``10.5``), else None."""
    if _scalar(node) and node.style is None and _DECIMAL.fullmatch(node.value):
        v = float(node.value)
        return v if math.isfinite(v) else None
    return None


@dataclass
class Size(Kind):
    """A type size: a 号 name (小初, 一号 ...) or points from 5 to 200."""

    def describe(self, values, ctx):
        return f"a size in points (5-200) or a 号 name ({'/'.join(HAO)})"

    def convert(self, node, ctx, path, values):
        if _scalar(node) and node.value in HAO:
            return HAO[node.value]
        v = number(node)
        if v is None or not 5 <= v <= 200:
            raise ctx.error(path, self.describe(values, ctx), node)
        return v


@dataclass
class Date(Kind):
    """A date ``YYYY-MM-DD`` from 1900-01-01 to 2199-12-31 (the calendar's range)."""

    expected: str = "a date YYYY-MM-DD"

    def convert(self, node, ctx, path, values):
        wrong = f"{self.expected} (1900-2199)"
        text = node.value.strip() if _scalar(node) else None
        if text is None or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ctx.error(path, wrong, node)
        try:
            d = dt.date.fromisoformat(text)
        except ValueError:
            raise ctx.error(path, wrong, node)
        if not 1900 <= d.year <= 2199:
            raise ctx.error(path, wrong, node)
        return d


@dataclass
class Texts(Kind):
    """Text or a list of texts, each as :class:`Text`; an empty one (``item``
    names it: a paragraph, a byline) is refused."""

    limit: int = 4000
    item: str = "item"
    expected: str = "text or a list of texts"

    def convert(self, node, ctx, path, values):
        items = [(path + "[0]", node)] if _scalar(node) else None
        if isinstance(node, yaml.SequenceNode):
            items = [(f"{path}[{n}]", x) for n, x in enumerate(node.value)]
        if items is None:
            raise ctx.error(path, self.expected, node)
        out = []
        for p, x in items:
            p = p if isinstance(node, yaml.SequenceNode) else path
            if is_null(x):
                raise ctx.error(p, f"text (the {self.item} is empty)", x, found=None)
            if not _scalar(x):
                raise ctx.error(p, "text", x)
            v = clean_text(x.value, ctx.file, p, self.limit)
            if not v:
                raise ctx.error(p, f"text (the {self.item} is empty)", None)
            out.append(v)
        return out


@dataclass
class ListOf(Kind):
    """A list of ``item`` values (``empty_ok``: may be empty)."""

    item: Kind = None
    expected: str = "a list"
    empty_ok: bool = True

    def convert(self, node, ctx, path, values):
        if not isinstance(node, yaml.SequenceNode) or (not node.value and not self.empty_ok):
            raise ctx.error(path, self.expected, node)
        return [self.item.convert(x, ctx, f"{path}[{n}]", values) if not is_null(x)
                else _null_item(self.item, x, ctx, f"{path}[{n}]", values) for n, x in enumerate(node.value)]


def _null_item(kind: Kind, node, ctx, path, values):
    if isinstance(kind, Record):
        return kind.convert(node, ctx, path, values)  # says "(the field is empty)"
    raise ctx.error(path, f"{kind.describe(values, ctx)} (the field is empty)", None)


@dataclass
class MapOf(Kind):
    """A mapping of names (``key``: their pattern) to ``item`` values."""

    item: Kind = None
    expected: str = "a mapping"
    key: str = r".+"
    key_says: str = "a name"

    def convert(self, node, ctx, path, values):
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise ctx.error(path, self.expected, node)
        out = {}
        for k, v in node.value:
            p = join(path, key_name(k.value))
            if not re.fullmatch(self.key, k.value):
                raise ctx.error(p, self.key_says, k, k.value)
            out[k.value] = self.item.convert(v, ctx, p, values) if not is_null(v) else \
                _null_item(self.item, v, ctx, p, values)
        return out


@dataclass
class Field:
    """One field of a record: name, kind, required, default (when absent or
    null), and a help text for the README's tables."""

    name: str
    kind: Kind
    required: bool = False
    default: Any = None
    help: str = ""


@dataclass
class Record(Kind):
    """A mapping with the declared fields only, in order. ``expected`` says
    what it is (``a mapping {column, span, row, height}``)."""

    fields: tuple[Field, ...] = ()
    expected: str = "a mapping"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def convert(self, node, ctx: Context, path: str = "", values=None) -> dict:
        """Check a mapping node; returns {name: value} for every declared
        field (the default when absent), ``_present``: the names given, and
        ``_nodes``: their nodes."""
        if node is None or is_null(node):
            raise ctx.error(path, f"{self.expected} ({'the field is empty' if path else 'the file is empty'})",
                            None)
        if not isinstance(node, yaml.MappingNode):
            raise ctx.error(path, self.expected, node)
        given = {k.value: v for k, v in node.value}
        for k, _ in node.value:
            if k.value not in self.names:
                import difflib  # an unknown field only: 3 ms to import

                close = difflib.get_close_matches(k.value, self.names, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise ctx.error(join(path, key_name(k.value)),
                                f"one of the fields {', '.join(self.names)}; unknown field{hint}", k, found=None)
        out: dict = {}
        for f in self.fields:
            p = join(path, f.name)
            v = given.get(f.name)
            if v is None or is_null(v):
                if f.required:
                    why = "the field is empty" if f.name in given else "missing required field"
                    raise ctx.error(p, f"{f.kind.describe(out, ctx)} ({why})", v, found=None)
                out[f.name] = f.default() if callable(f.default) else f.default
                continue
            out[f.name] = f.kind.convert(v, ctx, p, out)
            if f.required and out[f.name] == "":
                raise ctx.error(p, f"{f.kind.describe(out, ctx)} (the field is empty)", v, found=None)
        out["_present"] = frozenset(given)
        out["_nodes"] = given
        return out


def check(node, record: Record, file: Path, **extra) -> dict:
    """Check a manifest's node tree against ``record``; see :class:`Record`.

    Raises:
        InputError: the first problem, in field order.
    """
    return record.convert(node, Context(Path(file), extra), "", None)
