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
