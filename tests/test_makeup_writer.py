"""Writing page manifests back with the places makeup chose
(layout.model.writer): values, comments and order kept, read back by
PyYAML and the issue loader, never written over the editor's files."""

from __future__ import annotations

import re

import pytest
import yaml

from layout.model.errors import InputError
from layout.model.issue import Place
from layout.model.manifest import load_issue
from layout.model.placed import (MARKER, check_output_folder, is_auto, placed_page_text, write_placed_issue,
                                 write_placed_page)

PLACE = re.compile(r"place: \{column: (\d+), span: (\d+), row: (\d+), height: (\d+)\}")


STYLES = ["place: auto  # the solver decides",
          "place: {auto: true, priority: 2, span: [2, 4]}",
          "place:\n      auto: true  # keep near the lead\n      near: park-economy"]


def _make_auto(page_file, styles=STYLES):
    """Turn every story's place in a page manifest into auto (in turn the
    ways of writing it in ``styles``), keep the masthead; return the places
    taken out, by file."""
    text = page_file.read_text(encoding="utf-8")
    taken, n = {}, 0

    def repl(m):
        nonlocal n
        file = re.findall(r"file: (\S+)", text[:m.start()])[-1]
        taken[file] = Place(*map(int, m.groups()))
        n += 1
        return styles[(n - 1) % len(styles)]

    page_file.write_text(PLACE.sub(repl, text), encoding="utf-8")
    return taken


def test_round_trip_gives_the_same_places_and_keeps_comments(issue_copy, tmp_path):
    page = issue_copy / "pages" / "A01.yaml"
    original = load_issue(issue_copy)
    places = _make_auto(page)
    auto_text = page.read_bytes()
    out = tmp_path / "placed"
    written = write_placed_issue(issue_copy, {"pages/A01.yaml": places}, out, [page])
    assert out / "pages" / "A01.yaml" in written and out / "issue.yaml" in written
    assert page.read_bytes() == auto_text  # the editor's file untouched
    text = (out / "pages" / "A01.yaml").read_text(encoding="utf-8")
    # every comment line of the editor's page is still there, in order
    comments = [ln.strip() for ln in auto_text.decode().splitlines() if ln.strip().startswith("#")]
    assert [ln.strip() for ln in text.splitlines() if ln.strip().startswith("#")] == comments
    assert "# the solver decides" in text and "# keep near the lead" in text
    # PyYAML reads plain mappings of ints
    data = yaml.safe_load(text)
    for entry in data["articles"]:
        assert set(entry["place"]) == {"column", "span", "row", "height"}
        assert all(type(v) is int for v in entry["place"].values())
    # and the issue loader reads the copy as the original issue
    copy = load_issue(out)
    assert [(p.article.id, p.place) for p in copy.pages[0].placements] == \
           [(p.article.id, p.place) for p in original.pages[0].placements]
    assert copy.pages[0].masthead == original.pages[0].masthead
    assert [ph.path.read_bytes() for p in copy.pages[0].placements for ph in p.article.photos] == \
           [ph.path.read_bytes() for p in original.pages[0].placements for ph in p.article.photos]


def test_text_other_than_places_is_unchanged(issue_copy):
    page = issue_copy / "pages" / "A01.yaml"
    original = page.read_text(encoding="utf-8")
    places = _make_auto(page, STYLES[:2])
    text = placed_page_text(page, places)
    # the places come back as the editor first wrote them, byte for byte,
    # with the comment put on an auto place
    assert text.replace(" # the solver decides", "") == original
    assert text.count("# the solver decides") == (len(places) + 1) // 2  # every other article


def test_keys_by_id_file_or_path(tmp_path):
    art = tmp_path / "articles"
    art.mkdir()
    (art / "a.yaml").write_text("id: lead-story\nheadline: x\nbody: [y]\n", encoding="utf-8")
    (art / "b.yaml").write_text("headline: x\nbody: [y]\n", encoding="utf-8")
    (art / "c.yaml").write_text("headline: x\nbody: [y]\n", encoding="utf-8")
    page = tmp_path / "pages" / "A02.yaml"
    page.parent.mkdir()
    page.write_text("page: A02\narticles:\n- file: ../articles/a.yaml\n  place: auto\n"
                    "- file: ../articles/b.yaml\n  place: auto\n- file: ../articles/c.yaml\n  place: auto\n",
                    encoding="utf-8")
    places = {"lead-story": Place(1, 8, 1, 40), "../articles/b.yaml": Place(1, 4, 41, 75),
              str((art / "c.yaml").resolve()): Place(5, 4, 41, 75)}
    dest = write_placed_page(page, places, tmp_path / "out" / "A02.yaml")
    data = yaml.safe_load(dest.read_text(encoding="utf-8"))
    assert [e["place"] for e in data["articles"]] == [
        {"column": 1, "span": 8, "row": 1, "height": 40}, {"column": 1, "span": 4, "row": 41, "height": 75},
        {"column": 5, "span": 4, "row": 41, "height": 75}]
    assert dest.read_text(encoding="utf-8").startswith("page: A02\narticles:\n- file: ../articles/a.yaml\n")


def test_is_auto():
    assert is_auto("auto") and is_auto({"auto": True, "priority": 1})
    assert not is_auto({"column": 1}) and not is_auto({"auto": False}) and not is_auto(None)


@pytest.fixture
def auto_page(issue_copy):
    page = issue_copy / "pages" / "A01.yaml"
    return page, _make_auto(page)


def test_refuses_to_write_over_the_editors_files(auto_page, tmp_path):
    page, places = auto_page
    issue = page.parent.parent
    before = {p: p.read_bytes() for p in issue.rglob("*") if p.is_file()}
    with pytest.raises(InputError, match="other than the issue folder"):
        write_placed_issue(issue, {"pages/A01.yaml": places}, issue, [page])
    with pytest.raises(InputError, match="does not hold the page manifest A01.yaml"):
        write_placed_issue(issue, {"pages/A01.yaml": places}, issue / "pages", [page])
    with pytest.raises(InputError, match="does not contain the issue folder"):
        write_placed_issue(issue, {"pages/A01.yaml": places}, issue.parent, [page])
    with pytest.raises(InputError, match="other than the editor's page manifest"):
        write_placed_page(page, places, page)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="written by makeup before"):
        check_output_folder(issue, busy, [page])
    assert {p: p.read_bytes() for p in issue.rglob("*") if p.is_file()} == before


def test_a_folder_makeup_wrote_may_be_written_again(auto_page, tmp_path):
    page, places = auto_page
    issue = page.parent.parent
    out = tmp_path / "placed"
    write_placed_issue(issue, {"pages/A01.yaml": places}, out, [page])
    assert (out / MARKER).is_file()
    first = (out / "pages" / "A01.yaml").read_bytes()
    write_placed_issue(issue, {"pages/A01.yaml": places}, out, [page])
    assert (out / "pages" / "A01.yaml").read_bytes() == first


def test_a_place_missing_or_for_a_fixed_article_is_refused(auto_page):
    page, places = auto_page
    some = dict(list(places.items())[1:])
    with pytest.raises(InputError, match="a place from makeup for 'park-economy'"):
        placed_page_text(page, some)
    page.write_text(page.read_text(encoding="utf-8").replace(
        "place: auto  # the solver decides", "place: {column: 1, span: 5, row: 15, height: 32}", 1),
        encoding="utf-8")
    with pytest.raises(InputError, match="an auto place to fill in"):
        placed_page_text(page, places)


def test_an_output_folder_inside_the_issue_is_not_copied_into_itself(auto_page):
    page, places = auto_page
    issue = page.parent.parent
    out = issue / "placed"
    write_placed_issue(issue, {"pages/A01.yaml": places}, out, [page])
    write_placed_issue(issue, {"pages/A01.yaml": places}, out, [page])
    assert not (out / "placed").exists()
    # a copy one folder deeper than the issues: its assets are allowed by name
    copy = load_issue(out, [issue.parent.parent])
    assert {p.article.id: p.place for p in copy.pages[0].placements} == \
           _ids(places)


def _ids(places):
    """The places by article id (the sample's ids are its file stems)."""
    return {file.rsplit("/", 1)[-1].removesuffix(".yaml"): place for file, place in places.items()}
