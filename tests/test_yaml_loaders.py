"""The manifest loader's two parsers read the same trees.

layout.model.yamlsafe reads a manifest with libyaml's parser (PyYAML's C
binding) under PyYAML's composer and the loader's checks, and leaves to
PyYAML's own parser every file libyaml refuses and every file holding what
the two read differently (tabs, line breaks other than LF, byte order marks,
a comment right after a block scalar's indicator, an empty plain value,
whose mark libyaml puts on the next line). These tests hold the two to each
other: on every manifest in the repository, on random token soups (most of
them broken YAML) and on random manifests written by PyYAML in every style.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from layout.model import yamlsafe
from layout.model.errors import InputError
from test_fuzz import fuzz_settings

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(yamlsafe._FastLoader is None, reason="PyYAML without libyaml")


def tree(node):
    """A node tree as plain data: kinds, tags, values, styles and where each
    starts (the mark messages give; end marks are never read, and libyaml
    ends a block list or mapping elsewhere)."""
    if node is None:
        return None
    mark = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return ("s", node.tag, node.value, node.style, mark)
    if isinstance(node, yaml.SequenceNode):
        # flow_style is not read by the loader (an indentless list is None
        # in PyYAML, False in libyaml): only whether it was written [a, b]
        return ("l", node.tag, bool(node.flow_style), mark, [tree(n) for n in node.value])
    return ("m", node.tag, bool(node.flow_style), mark, [(tree(k), tree(v)) for k, v in node.value])


def read(text: str, fast: bool):
    """('ok', tree) or ('refused', the message) as load_node would give."""
    try:
        if fast:
            if yamlsafe.pyyaml_only(text):
                raise yamlsafe._Differs()
            return "ok", tree(yamlsafe._FastLoader(text).get_single_node())
        return "ok", tree(yamlsafe._Loader(text).get_single_node())
    except (yaml.YAMLError, yamlsafe._Differs, ValueError) as exc:
        return "refused", type(exc).__name__


def empty_plain(t) -> bool:
    """True when a tree (see :func:`tree`) holds an empty plain value (the
    fast path leaves those to PyYAML)."""
    if t is None:
        return False
    if t[0] == "s":
        return t[2] == "" and t[3] is None
    kids = t[4] if t[0] == "l" else [x for pair in t[4] for x in pair]
    return any(empty_plain(k) for k in kids)


def agree(text: str) -> None:
    """The fast path, where it answers, answers as PyYAML does; and it does
    answer for every file PyYAML reads, but for those it leaves to PyYAML
    (yamlsafe.pyyaml_only, an empty plain value)."""
    slow = read(text, fast=False)
    fast = read(text, fast=True)
    if fast[0] == "ok":
        assert slow == fast, repr(text)
    elif slow[0] == "ok" and not yamlsafe.pyyaml_only(text) and not empty_plain(slow[1]):
        raise AssertionError(f"the fast path turned away a file PyYAML reads: {text!r} ({fast[1]})")


MANIFESTS = sorted(p for pattern in ("issues/**/*.yaml", "tests/data/**/*.yaml") for p in ROOT.glob(pattern))


def test_every_manifest_here_reads_the_same_and_fast():
    assert len(MANIFESTS) > 60
    fast = 0
    for path in MANIFESTS:
        text = path.read_text(encoding="utf-8")
        agree(text)
        fast += read(text, fast=True)[0] == "ok"
    assert fast >= len(MANIFESTS) - 2  # the repository's manifests take the fast path


@pytest.mark.parametrize("text", [
    "---", "?", "headline:\nbody:\n- a\n", "k: |#note\n  a\n", "k:\tv\n", "k: v\r\nx: y\r\n",
    "\ufeffk: v\n", "k: a\u2028b\n", "- >+\n  a\n\n", "k: 'it''s'\nj: \"\\u4e2d\"\n",
    # a ? beside a flow collection: libyaml takes it as text, PyYAML refuses
    "[a?b]\n", "tags: [为什么?, 怎么办?]\n", "{a: b?}\n", "[ab\n  ?c]\n", "byline: [■本报记者 罗文鹏?]\n",
])
def test_the_known_differences_are_left_to_pyyaml(text):
    agree(text)


def test_load_node_gives_pyyamls_own_messages(tmp_path):
    """A file libyaml refuses is read again by PyYAML: the message names
    PyYAML's problem and its line and column, as before the fast path."""
    cases = {
        "a: b\n  c: d\n": "mapping values are not allowed here at line 2, column 4",
        "x: [1, 2\n": "line 2, column 1",
        "k: &a 1\nj: *a\n": "found the anchor &a at line 1, column 4",
        "k: 1\nk: 2\n": "each field once",
    }
    for k, (text, want) in enumerate(cases.items()):
        path = tmp_path / f"m{k}.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            yamlsafe.load_node(path)
        assert want in str(caught.value), (text, str(caught.value))


TOKENS = list("ab12 :-#&*!|>'\"%@{}[],?\n\n\n  .~中文，。“”\\") + [
    "- ", ": ", "\n  ", "\n- ", "key: ", "|\n  ", ">\n  ", "\u3000", "...", "---", "|-", ">+", "  # c",
    "\n    ", "\t", "\r\n", "\ufeff", "|#", "\n      - ", "\u2028", "\x85"]


@fuzz_settings(1500)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=60))
def test_token_soups_read_the_same(tokens):
    agree("".join(tokens))


FLOW = "a中?:#-!&*@`|>'\"%,.~ "


@fuzz_settings(1500)
@given(st.lists(st.text(st.sampled_from(FLOW), min_size=1, max_size=6), min_size=1, max_size=4),
       st.sampled_from(["k: [{}]\n", "[{}]\n", "k: {{a: {}}}\n", "- [{}]\n", "k: [\n  {}\n]\n"]))
def test_flow_collections_read_the_same(items, shape):
    """Plain text inside [...] and {...}, where libyaml and PyYAML part ways
    on ``?`` (found by a tester: 57 of 8,387 files)."""
    agree(shape.format(", ".join(items)))


texts = st.text(st.sampled_from("中文报社，。“”：（）《》—…、 abcXYZ019:#-'\"|>&*!%@[]{},?~\n"), max_size=25)
values = st.recursive(texts | st.integers() | st.booleans() | st.none(),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                      max_leaves=12)


@fuzz_settings(400)
@given(values, st.sampled_from([None, '"', "'", "|", ">"]), st.sampled_from([None, True, False]),
       st.integers(2, 6), st.sampled_from([20, 80]))
def test_manifests_pyyaml_writes_read_the_same(data, style, flow, indent, width):
    text = yaml.safe_dump(data, allow_unicode=True, default_style=style, default_flow_style=flow,
                          indent=indent, width=width)
    agree(text)
