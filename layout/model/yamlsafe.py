"""The safe YAML loader: a manifest file -> a tree of YAML nodes, every
scalar kept as the text the editor typed.

YAML 1.1 (PyYAML's default) retypes plain scalars by their look: ``0755``
becomes 493, ``12:30`` becomes 750, ``3.10`` becomes 3.1, ``1_000`` 1000,
``yes`` True. Here nothing is retyped: the loader stops at the node tree
(PyYAML's composer, checked node by node), and the schema
(:mod:`layout.model.fields`) converts a scalar to a number, a truth value or a
date only where the field is one. Only the empty plain scalar, ``~`` and
``null`` mean "no value" (the YAML 1.2 core schema's null).

The parser is libyaml's (PyYAML's C binding: a tenth of the time) when
PyYAML has it, under PyYAML's composer and the same checks; a file libyaml
refuses, or one holding what libyaml and PyYAML read differently (see
:func:`pyyaml_only`, an empty plain value), is read by PyYAML's own
parser, so every message is PyYAML's.

Refused, with the field path, line and column: anchors, aliases, tags, merge
keys (``<<``), nesting deeper than :data:`MAX_DEPTH`, more than
:data:`MAX_NODES` values, a key given twice, a key that is not plain text,
a file over :data:`MAX_FILE` bytes, text that is not UTF-8 or holds a
character YAML does not allow.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .. import cache as _cache
from .errors import InputError, Said

#: The largest manifest read, in bytes: a newsroom YAML file is a few KB.
MAX_FILE = 2 * 1024 * 1024
#: The deepest nesting of lists and mappings in a manifest (they need 4).
MAX_DEPTH = 20
#: The most values (texts, numbers, lists, mappings) in one manifest: an
#: article has a few dozen. PyYAML's pure-Python loader takes about a second
#: per 20,000, so this bounds the time a manifest under MAX_FILE can take.
MAX_NODES = 10_000

#: Plain scalars that mean "no value" (YAML 1.2 core schema).
NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def key_name(key: Any) -> str:
    """A mapping key as a field path shows it: as written when it is short
    printable text, else quoted with its escapes (a key holding a line break
    or a terminal escape cannot break the one-line message)."""
    name = str(key)
    if name.isprintable() and 0 < len(name) <= 40 and name.strip() == name:
        return name
    shown = repr(name)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def join(path: str, key: str) -> str:
    """``articles[0]`` + ``place`` -> ``articles[0].place``."""
    return f"{path}.{key}" if path else key


def at(mark) -> str:
    """``line 3, column 5`` (1-based) of a YAML mark."""
    return f"line {mark.line + 1}, column {mark.column + 1}"


def is_null(node) -> bool:
    """True for a plain scalar that means no value (empty, ``~``, ``null``)."""
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in NULLS


_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def shown(node) -> Any:
    """A node as a message shows what was found: text quoted, a plain number
    or truth value as typed (``32.5``, ``true``), lists and mappings with
    their items so."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and (_NUMBER.fullmatch(node.value) or node.value in ("true", "false")):
            return Said(node.value)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [shown(n) for n in node.value[:20]]
    return {k.value if isinstance(k, yaml.ScalarNode) else "?": shown(v) for k, v in node.value[:20]}


def plain(node) -> Any:
    """A node tree as Python: dicts, lists, text; None for a null."""
    if node is None or is_null(node):
        return None
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [plain(n) for n in node.value]
    return {k.value: plain(v) for k, v in node.value}


class _Refused(yaml.YAMLError):
    """A node the loader refuses: its field path, what was expected, what
    was found and where."""

    def __init__(self, field: str, expected: str, found: str, mark):
        super().__init__(f"{field}: {expected} ({found} at {at(mark)})")
        self.field, self.expected, self.found, self.mark = field, expected, found, mark


class _Loader(yaml.SafeLoader):
    """PyYAML's reader, scanner, parser and composer, checked node by node as
    the tree is composed: anchors, aliases, tags and merge keys refused where
    they stand (an alias bomb is refused at its first anchor, never
    expanded), nesting at most :data:`MAX_DEPTH` deep, at most
    :data:`MAX_NODES` values, each key once and every key plain text. The
    field path of each node is kept for the message. Nothing is constructed."""

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
            field = join(base, key_name(index.value) if isinstance(index, yaml.ScalarNode) else "?")
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
                if key.style is None and key.value == "<<":
                    raise _Refused(join(field, "<<"), "plain YAML without merge keys (<<: copies fields "
                                   "from elsewhere; write the fields out)", "found a merge key", key.start_mark)
                if key.value in seen:
                    raise _Refused(join(field, key_name(key.value)), "each field once",
                                   "found it a second time", key.start_mark)
                seen.add(key.value)
        return node


# nothing is retyped: every scalar resolves to text (the schema converts)
_Loader.yaml_implicit_resolvers = {}


class _Differs(Exception):
    """A file :class:`_FastLoader` leaves to :class:`_Loader`."""


#: What libyaml and PyYAML read differently (tabs, line breaks other than
#: LF, byte order marks, a comment right after a block scalar's indicator,
#: which PyYAML refuses): a file holding one is read by PyYAML alone.
_LIBYAML_DIFFERS = re.compile("[\t\r\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#")


def pyyaml_only(text: str) -> bool:
    """True for a manifest text PyYAML's own parser must read: one holding
    what libyaml reads differently (:data:`_LIBYAML_DIFFERS`), or a ``?``
    beside a flow list or mapping (libyaml takes ``[a?b]`` and ``{a: b?}``
    as plain text, PyYAML refuses them). tests/test_yaml_loaders.py holds
    the two parsers to each other on what is left."""
    return bool(_LIBYAML_DIFFERS.search(text)) or ("?" in text and ("[" in text or "{" in text))


if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser

    class _FastLoader(CParser, _Loader):
        """:class:`_Loader` with libyaml's scanner and parser (PyYAML's C
        binding) under the same composer and checks: the events, their
        values, styles and marks (line, column) are the ones PyYAML's own
        parser gives for a valid file, in a tenth of the time. A file it
        refuses is read again by :class:`_Loader`, so every message stays
        PyYAML's own (tests/test_yaml_loaders.py holds the two to each
        other)."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)
            self.anchors = {}
            self._paths = []
            self._nodes = 0

        # the composer's entry points, not the C parser's own composer
        get_single_node = yaml.composer.Composer.get_single_node
        get_node = yaml.composer.Composer.get_node
        check_node = yaml.composer.Composer.check_node

        def compose_scalar_node(self, anchor):
            node = yaml.composer.Composer.compose_scalar_node(self, anchor)
            if node.style == "":  # libyaml's plain style; PyYAML's is None
                if not node.value:  # an empty value: libyaml marks it elsewhere
                    raise _Differs()
                node.style = None
            return node

        def dispose(self):
            pass
else:  # a PyYAML built without libyaml
    _FastLoader = None


def read_text(path: Path, limit: int, what: str, noun: str = "file") -> str:
    """A UTF-8 file of at most ``limit`` bytes, read in one bounded read.

    Raises:
        InputError: missing, not a regular file, unreadable, too large, not UTF-8.
    """
    path = Path(path)
    try:
        if not path.exists():
            raise InputError(path, "", f"an existing {what}")
        if not path.is_file():
            raise InputError(path, "", f"a {what} (this is not a regular file)")
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(path, "", f"a readable file ({exc.strerror or exc.__class__.__name__})")
    if len(raw) > limit:
        try:
            size = Said(f"{path.stat().st_size:,} bytes")
        except OSError:
            size = Said("more")
        raise InputError(path, "", f"a {noun} of at most {limit // 2 ** 20} MB ({limit:,} bytes)", size)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[:exc.start]
        line_start = head.rfind(b"\n") + 1
        column = len(head[line_start:].decode("utf-8", "replace")) + 1
        line = head.count(b"\n") + 1
        raise InputError(path, "", f"UTF-8 text (a byte that is not UTF-8 at line {line}, column {column})")


@_cache.file_memo  # layout.cache: parsed once a process while the file is unchanged (broadsheet watch)
def load_node(path: Path):
    """Read one YAML file safely into its node tree (None for an empty file).

    Raises:
        InputError: missing or unreadable, too large, not UTF-8, a character
            YAML does not allow, a syntax error (with line and column), an
            anchor, alias, tag or merge key, nesting too deep, too many
            values, a key given twice (with the field path, line and column).
    """
    path = Path(path)
    text = read_text(path, MAX_FILE, "YAML file", "manifest")
    if _FastLoader is not None and not pyyaml_only(text):
        try:
            return _FastLoader(text).get_single_node()
        except Exception:  # noqa: BLE001 - refused: read again below for PyYAML's own message
            pass
    loader = None
    try:
        loader = _Loader(text)
        return loader.get_single_node()
    except _Refused as exc:
        raise InputError(path, exc.field, f"{exc.expected} ({exc.found} at {at(exc.mark)})")
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        kind = "control character" if unicodedata.category(chr(exc.character)) == "Cc" else "character"
        raise InputError(path, "", f"printable text ({kind} U+{exc.character:04X} at line {line}, column {column})")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = at(mark) if mark else "somewhere"
        problem = exc.problem or exc.context or "invalid YAML"
        context = ""
        if exc.problem and exc.context and exc.context_mark:
            context = f"; {exc.context} at {at(exc.context_mark)}"
        raise InputError(path, "", f"valid YAML ({problem} at {where}{context})")
    except yaml.YAMLError as exc:
        raise InputError(path, "", f"valid YAML ({' '.join(str(exc).split())})")
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(path, "", f"valid YAML ({exc.__class__.__name__}: {' '.join(str(exc).split())})")
    finally:
        if loader is not None:
            loader.dispose()


def load_yaml(path: Path) -> Any:
    """Read one YAML file safely as Python: mappings, lists and text exactly
    as typed (None for a null). See :func:`load_node` for what is refused."""
    return plain(load_node(path))
