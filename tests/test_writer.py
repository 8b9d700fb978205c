"""The manifest writer: quoted text that YAML 1.1 can never retype, loaded
back by the project's loader as exactly what was written."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.model.manifest import load_article, load_yaml
from layout.model.writer import SchemaError, as_typed, dump_manifest, quote, write_manifest

#: Plain scalars YAML 1.1 (PyYAML) would read as something else than text.
RETYPED = ["0755", "010", "12:30", "1:30:00", "0x1F", "1e3", "1_000", ".5", "-.inf", ".NaN", "yes", "No", "on",
           "OFF", "y", "n", "true", "null", "~", "", "2020-12-21", "2020-12-21 12:30:00", "=", "<<", "- a", "# x",
           "a: b", "[1]", "{a: 1}", "&a", "*a", "!tag", "%YAML", "@x", "`x", "|", ">", "'", '"', " lead", "trail "]


@pytest.mark.parametrize("text", RETYPED)
def test_text_that_yaml_11_would_retype_stays_text(tmp_path, text):
    f = write_manifest(tmp_path / "a.yaml", {"id": "a", "headline": text, "body": [text, "x"]}, "article")
    data = load_yaml(f)
    assert data == {"id": "a", "headline": text, "body": [text, "x"]}
    assert isinstance(data["headline"], str)


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40), st.lists(st.text(max_size=20), max_size=4))
def test_any_text_round_trips_through_the_loader(tmp_path, text, items):
    data = {"id": "a", "kicker": text, "body": items, "photos": [{"placeholder": True, "caption": text}]}
    f = write_manifest(tmp_path / "a.yaml", data, "article")
    assert load_yaml(f) == as_typed(data)


def test_numbers_only_where_the_schema_has_numbers(tmp_path):
    text = dump_manifest({"page": "007", "articles": [{"file": "x.yaml", "place": {"column": 1, "span": 3,
                                                                                  "row": 15, "height": 32}}]}, "page")
    assert text == ('page: "007"\narticles:\n  - file: "x.yaml"\n    place:\n      column: 1\n      span: 3\n'
                    '      row: 15\n      height: 32\n')
    assert dump_manifest({"page": "A01", "articles": [{"file": "x", "place": "auto"}]}, "page").endswith(
        'place: "auto"\n')


def test_characters_yaml_cannot_hold_raw_are_escaped_the_rest_written_as_they_are():
    assert quote("造字\ue000 𠂇 “引号”") == '"造字\ue000 𠂇 “引号”"'
    assert quote('a"b\\c\td\n\u2028\x85\ufeff\x1b\x07') == '"a\\"b\\\\c\\td\\n\\L\\N\\uFEFF\\e\\a"'


def test_schema_errors_are_the_callers_bugs():
    with pytest.raises(SchemaError, match="fields not in the schema: headlin"):
        dump_manifest({"headlin": "x"}, "article")
    with pytest.raises(SchemaError, match="body\\[1\\]: expected text"):
        dump_manifest({"body": ["x", 3]}, "article")
    with pytest.raises(SchemaError, match="head.lines: expected a whole number"):
        dump_manifest({"head": {"lines": "2"}}, "article")
    with pytest.raises(SchemaError, match="comment: printable text only"):
        dump_manifest({"id": "a"}, "article", comment="bad\x1b")


def test_written_article_passes_the_loader_and_the_same_data_gives_the_same_bytes(tmp_path):
    data = {"id": "a01-01", "headline": "大展身手！ 衡阳代表队拔头筹", "byline": ["■通讯员 王瑶"], "dateline": "本报讯",
            "head": {"lines": 2, "align": "left"}, "body": ["近日，历时3天的比武大赛落下帷幕。", "12:30"]}
    f = write_manifest(tmp_path / "a01-01.yaml", data, "article", comment="first line\nsecond line")
    first = f.read_bytes()
    assert first.startswith(b"# first line\n# second line\nid: \"a01-01\"\n")
    art = load_article(f, [tmp_path])
    assert (art.headline, art.bylines, art.body, art.head.lines) == (data["headline"], data["byline"], data["body"], 2)
    write_manifest(f, dict(reversed(list(data.items()))), "article", comment="first line\nsecond line")
    assert f.read_bytes() == first
    assert oct(f.stat().st_mode & 0o777) != oct(0o600)


def test_the_writer_knows_every_field_the_loader_reads():
    """The writer's tables (layout.model.writer) and the loader's schema
    (layout.model.schema) name the same fields, nested records and lists
    of records included, so a field added to the loader cannot be left
    unwritable (the writer had fallen behind by 15 fields: place.columns,
    photos[].span, head.vertical, imprint, blank ...)."""
    from layout.model import schema as S
    from layout.model import writer as W
    from layout.model.fields import ListOf, Record

    def kinds(kind):
        """The Record(s) a field kind holds: itself, a list's item, a
        place-or-auto's place; the index box's items are {article, short}."""
        if isinstance(kind, Record):
            return kind
        if isinstance(kind, ListOf):
            return kinds(kind.item)
        if isinstance(kind, S.PlaceOrAuto):
            return S.PLACE
        if isinstance(kind, S.IndexItem):
            return S.INDEX_ITEM
        return None

    def compare(record, table, where):
        assert set(record.names) == set(table), (where, set(record.names) ^ set(table))
        checked = 1
        for f in record.fields:
            inner = kinds(f.kind)
            if inner is None:
                continue
            sub = table[f.name]
            sub = sub[0] if isinstance(sub, list) else sub[0] if isinstance(sub, tuple) else sub
            assert isinstance(sub, dict), (where, f.name)
            checked += compare(inner, sub, f"{where}.{f.name}")
        return checked

    n = sum(compare(rec, W.SCHEMAS[name], name) for name, rec in
            (("issue", S.ISSUE), ("page", S.PAGE), ("article", S.ARTICLE)))
    assert n >= 14  # issue, masthead, house, makeup, imprint, page, its masthead, articles, place, leg, blank ...
