"""A corpus of broken inputs, each with the exact message the CLI must print.

Every case breaks a fresh copy of the sample issue (tmp/issues/2020-12-21,
its photo in tmp/assets) and runs ``python -m layout build ISSUE -o OUT`` on
it, from tmp, with the relative paths a user types. The build must

- exit with status 2, print nothing on stdout and exactly one line on stderr:
  ``broadsheet: error: <file>: <field path>: expected <what>...``, the
  expected message of the case once the issue path is taken off the file
  names (so a message holding any other path of this machine fails);
- leave the good output already in OUT byte for byte as it was;
- leave every file of the user (the issue, its assets, anything a symlink
  points at) byte for byte as it was.

The good output is built once per session (conftest's ``built``) and copied
into each case's OUT: one CLI run per case.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from layout.model.errors import InputError
from layout.model.manifest import load_yaml

BAD = Path(__file__).parent / "data" / "bad"
ISSUE = Path("issues") / "2020-12-21"  # relative to the case's tmp folder, as a user types it
ARTICLE_FIELDS = "id, kind, label, kicker, headline, deck, byline, dateline, body, photos, head, lines"
ISSUE_FIELDS = "newspaper, date, format, masthead, house, pages, assets"
PLACE_FIELDS = "column, span, row, height"
OUTSIDE = "a path inside the issue folder or its asset folders"


# ---------------------------------------------------------------- breakers


def edit(file: str, old: str, new: str):
    """A breaker that replaces the first ``old`` in ``file`` (relative to the
    issue folder) by ``new``."""
    def apply(issue: Path) -> None:
        path = issue / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def replace(file: str, text: str):
    """A breaker that replaces the whole of ``file`` by ``text``."""
    def apply(issue: Path) -> None:
        (issue / file).write_text(text, encoding="utf-8")
    return apply


def assets(issue: Path) -> Path:
    return issue.parent.parent / "assets"


def png(path: Path, width: int, height: int) -> None:
    """Write a valid 1-bit greyscale PNG of width x height white pixels: a few
    KB on disk whatever its size in pixels (the rows compress to nothing)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\0" + b"\xff" * ((width + 7) // 8)
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def photo_bomb(width: int, height: int):
    def apply(issue: Path) -> None:
        png(issue / "articles" / "bomb.png", width, height)
        edit("articles/craft-market-photo.yaml", "file: photo-news.jpg", "file: bomb.png")(issue)
    return apply


def truncated_jpeg(issue: Path) -> None:
    photo = assets(issue) / "photo-news.jpg"
    photo.write_bytes(photo.read_bytes()[:20000])


def not_an_image(issue: Path) -> None:
    (assets(issue) / "photo-news.jpg").write_text("不是图片 not a picture\n", encoding="utf-8")


def gif_photo(issue: Path) -> None:
    from PIL import Image

    Image.new("L", (40, 30), 128).save(issue / "articles" / "photo.gif")
    edit("articles/craft-market-photo.yaml", "file: photo-news.jpg", "file: photo.gif")(issue)


def symlink_photo_out(issue: Path) -> None:
    """A photo beside the article that is a symlink to a good JPEG outside the
    issue folder and its asset folders."""
    outside = issue.parent.parent / "elsewhere"
    outside.mkdir()
    shutil.copy(assets(issue) / "photo-news.jpg", outside / "photo-news.jpg")
    (issue / "articles" / "leak.jpg").symlink_to(outside / "photo-news.jpg")
    edit("articles/craft-market-photo.yaml", "file: photo-news.jpg", "file: leak.jpg")(issue)


def symlink_folder_out(issue: Path) -> None:
    """An article reached through a symlinked folder that points outside."""
    outside = issue.parent.parent / "elsewhere"
    outside.mkdir()
    shutil.copy(issue / "articles" / "park-economy.yaml", outside / "park-economy.yaml")
    (issue / "more").symlink_to(outside, target_is_directory=True)
    edit("pages/A01.yaml", "../articles/park-economy.yaml", "../more/park-economy.yaml")(issue)


def symlink_issue_yaml_out(issue: Path) -> None:
    """issue.yaml itself a symlink to a (good) issue.yaml outside the folder."""
    outside = issue.parent.parent / "elsewhere"
    outside.mkdir()
    shutil.move(issue / "issue.yaml", outside / "issue.yaml")
    (issue / "issue.yaml").symlink_to(outside / "issue.yaml")


def symlink_loop(issue: Path) -> None:
    """A photo that is a symlink to itself."""
    (issue / "articles" / "loop.jpg").symlink_to("loop.jpg")
    edit("articles/craft-market-photo.yaml", "file: photo-news.jpg", "file: loop.jpg")(issue)


def gbk_manifest(issue: Path) -> None:
    path = issue / "articles" / "park-economy.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))


def huge_manifest(issue: Path) -> None:
    """articles/park-economy.yaml padded with comment lines to 50 MB."""
    path = issue / "articles" / "park-economy.yaml"
    size = 50 * 1024 * 1024
    with path.open("ab") as fh:
        line = b"# " + b"x" * 1021 + b"\n"
        fh.write(line * ((size - path.stat().st_size) // len(line)))
        fh.write(b"#" * (size - fh.tell() - 1) + b"\n")
    assert path.stat().st_size == size


def alias_bomb(issue: Path) -> None:
    shutil.copy(BAD / "billion-laughs.yaml", issue / "articles" / "park-economy.yaml")


def two_pages_a01(issue: Path) -> None:
    """A second page file whose id is A01 again."""
    (issue / "pages" / "A02.yaml").write_text("page: A01\narticles: []\n", encoding="utf-8")
    edit("issue.yaml", "pages: [pages/A01.yaml]", "pages: [pages/A01.yaml, pages/A02.yaml]")(issue)


def remove(file: str):
    def apply(issue: Path) -> None:
        (issue / file).unlink()
    return apply


def deep_nesting(issue: Path) -> None:
    edit("articles/park-economy.yaml", "dateline: 本报讯", "dateline: " + "[" * 5000 + "]" * 5000)(issue)


# ---------------------------------------------------------------- cases

PARK = "articles/park-economy.yaml"
PHOTO = "articles/craft-market-photo.yaml"
A01 = "pages/A01.yaml"

CASES = [
    # YAML syntax: line and column
    ("yaml-syntax", edit("issue.yaml", "newspaper: 衡阳日报", "newspaper: [衡阳日报"),
     "issue.yaml: expected valid YAML (expected ',' or ']', but got ':' at line 3, column 5; "
     "while parsing a flow sequence at line 2, column 12)"),
    ("yaml-tab-indent", edit(PARK, "  - 12月19日上午", "\t- 12月19日上午"),
     "articles/park-economy.yaml: expected valid YAML (found character '\\t' that cannot start any token "
     "at line 11, column 1)"),
    ("yaml-duplicate-key", edit(PARK, "dateline: 本报讯", "dateline: 本报讯\nheadline: 又一个标题"),
     "articles/park-economy.yaml: headline: expected each field once (found it a second time at line 9, column 1)"),
    ("yaml-too-many-values", edit(PARK, "body:\n", "body:\n" + "  - 段\n" * 10000),
     "articles/park-economy.yaml: body[9982]: expected a manifest of at most 10,000 values "
     "(found more at line 9993, column 5)"),
    ("yaml-raw-control-char", edit(PARK, "dateline: 本报讯", "dateline: 本报\x07讯"),
     "articles/park-economy.yaml: expected printable text (control character U+0007 at line 8, column 13)"),
    ("yaml-deep-nesting", deep_nesting,
     "articles/park-economy.yaml: dateline" + "[0]" * 20 + ": expected fields nested at most 20 deep "
     "(found deeper nesting at line 8, column 31)"),
    # wrong types
    ("string-for-number", edit(A01, "row: 15, height: 32}", "row: 15, height: many}"),
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101, found 'many'"),
    ("fraction-for-number", edit(A01, "row: 15, height: 32}", "row: 15, height: 32.5}"),
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101, found 32.5"),
    ("text-for-number", edit("issue.yaml", "number: 12345", "number: 第12345期"),
     "issue.yaml: masthead.number: expected a whole number from 1 to 10000000, found '第12345期'"),
    ("number-too-long", edit(A01, "row: 15, height: 32}", "row: 15, height: " + "9" * 5000 + "}"),
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 (the grid ends at line 115), "
     "found " + "9" * 77 + "..."),
    ("list-for-mapping", edit(A01, "place: {column: 1, span: 5, row: 15, height: 32}", "place: [1, 5, 15, 32]"),
     "pages/A01.yaml: articles[0].place: expected a mapping {column, span, row, height}, found [1, 5, 15, 32]"),
    ("mapping-for-list", edit(PARK, "body:\n", "body:\n  first:\n"),
     "articles/park-economy.yaml: body: expected text or a list of texts, found {'first': ['12月19日上午，我市召开工业园区产业经济工作推进会，深入学习贯彻中央经济工作会议精神，"
     "分析研判我市工业园区发展形势，部署推进工业..."),
    ("list-for-text", edit(PARK, "dateline: 本报讯", "dateline: [本报讯]"),
     "articles/park-economy.yaml: dateline: expected text, found ['本报讯']"),
    ("bool-for-text", edit("issue.yaml", "format: broadsheet", "format: yes"),
     "issue.yaml: format: expected a grid preset: broadsheet, tabloid, found 'yes'"),
    ("list-for-file", replace(PARK, "- id: park-economy\n"),
     "articles/park-economy.yaml: expected a mapping (an article manifest), found [{'id': 'park-economy'}]"),
    ("empty-issue-yaml", replace("issue.yaml", "# nothing yet\n"),
     "issue.yaml: expected a mapping (the file is empty)"),
    # unknown fields
    ("unknown-field-close", edit(PARK, "headline:", "headlin:"),
     f"articles/park-economy.yaml: headlin: expected one of the fields {ARTICLE_FIELDS}; "
     "unknown field (did you mean 'headline'?)"),
    ("unknown-place-field", edit(A01, "{column: 7, span: 2", "{colunm: 7, span: 2"),
     f"pages/A01.yaml: articles[1].place.colunm: expected one of the fields {PLACE_FIELDS}; "
     "unknown field (did you mean 'column'?)"),
    ("unknown-field-far", edit("issue.yaml", "format: broadsheet", "format: broadsheet\neditor_in_chief: 张三"),
     f"issue.yaml: editor_in_chief: expected one of the fields {ISSUE_FIELDS}; unknown field"),
    ("unknown-field-newline", edit("issue.yaml", "format: broadsheet", 'format: broadsheet\n"pages\\n": []'),
     f"issue.yaml: 'pages\\n': expected one of the fields {ISSUE_FIELDS}; unknown field (did you mean 'pages'?)"),
    # missing required fields
    ("missing-newspaper", edit("issue.yaml", "newspaper: 衡阳日报\n", ""),
     "issue.yaml: newspaper: expected text (missing required field)"),
    ("missing-date", edit("issue.yaml", "date: 2020-12-21\n", ""),
     "issue.yaml: date: expected a date YYYY-MM-DD (missing required field)"),
    ("missing-pages", edit("issue.yaml", "pages: [pages/A01.yaml]", ""),
     "issue.yaml: pages: expected a list of page manifest files (missing required field)"),
    ("missing-height", edit(A01, "row: 15, height: 32}", "row: 15}"),
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 (missing required field)"),
    ("missing-place", edit(A01, "\n    place: {column: 7, span: 2, row: 1, height: 14}", ""),
     "pages/A01.yaml: articles[1].place: expected a mapping {column, span, row, height} (missing required field)"),
    ("missing-headline", edit(PARK, "headline: 务实深化改革 提升亩均效益 加快推动工业园区高质量发展\n", ""),
     "articles/park-economy.yaml: headline: expected text (missing required field)"),
    ("missing-issue-yaml", remove("issue.yaml"),
     "issue.yaml: expected an existing YAML file"),
    # files that are not there
    ("missing-article-file", edit(A01, "../articles/park-economy.yaml", "../articles/park-economy.yml"),
     "pages/A01.yaml: articles[0].file: expected an existing file, found '../articles/park-economy.yml'"),
    ("missing-page-file", edit("issue.yaml", "pages: [pages/A01.yaml]", "pages: [pages/A01.yaml, pages/A02.yaml]"),
     "issue.yaml: pages[1]: expected an existing file, found 'pages/A02.yaml'"),
    ("page-listed-twice", edit("issue.yaml", "pages: [pages/A01.yaml]", "pages: [pages/A01.yaml, pages/A01.yaml]"),
     "issue.yaml: pages[1]: expected a page not listed before (also pages[0]), found 'pages/A01.yaml'"),
    ("duplicate-page-id", two_pages_a01,
     "pages/A02.yaml: page: expected a page id not used before (also in A01.yaml), found 'A01'"),
    ("article-placed-twice", edit(A01, "../articles/civility-ad.yaml", "../articles/chuanshan-forum.yaml"),
     "pages/A01.yaml: articles[6].file: expected an article not placed before (also articles[2] of A01.yaml), "
     "found '../articles/chuanshan-forum.yaml'"),
    # paths outside the issue folder and its asset folders
    ("photo-parent-path", edit(PHOTO, "file: photo-news.jpg", "file: ../../etc/passwd"),
     f"articles/craft-market-photo.yaml: photos[0].file: expected {OUTSIDE}, found '../../etc/passwd'"),
    ("photo-absolute-path", edit(PHOTO, "file: photo-news.jpg", "file: /etc/passwd"),
     "articles/craft-market-photo.yaml: photos[0].file: expected a relative path inside the issue folder "
     "or its asset folders, found '/etc/passwd'"),
    ("photo-symlink-out", symlink_photo_out,
     f"articles/craft-market-photo.yaml: photos[0].file: expected {OUTSIDE}, found 'leak.jpg'"),
    ("article-symlink-folder-out", symlink_folder_out,
     f"pages/A01.yaml: articles[0].file: expected {OUTSIDE}, found '../more/park-economy.yaml'"),
    ("issue-yaml-symlink-out", symlink_issue_yaml_out,
     "issue.yaml: expected a file inside the issue folder (a symlink pointing out of it)"),
    ("file-name-too-long", edit(A01, "../articles/park-economy.yaml", "../articles/" + "长" * 90 + ".yaml"),
     "pages/A01.yaml: articles[0].file: expected a file name the system can open (File name too long), "
     "found '../articles/" + "长" * 64 + "..."),
    ("surrogate-in-file-name", edit(PHOTO, "file: photo-news.jpg", 'file: "\\uD800.jpg"'),
     "articles/craft-market-photo.yaml: photos[0].file: expected printable text (lone surrogate U+D800 at position 1)"),
    ("photo-symlink-loop", symlink_loop,
     "articles/craft-market-photo.yaml: photos[0].file: expected a file, not a symlink loop, found 'loop.jpg'"),
    ("page-name-nul", edit("issue.yaml", "pages: [pages/A01.yaml]", 'pages: ["pages/A01.yaml\\0"]'),
     "issue.yaml: pages[0]: expected printable text (control or zero-width character U+0000 at position 15)"),
    # photos
    ("photo-not-an-image", not_an_image,
     "articles/craft-market-photo.yaml: photos[0].file: expected a readable JPEG, PNG or TIFF photo "
     "(not an image file), found 'photo-news.jpg'"),
    ("photo-truncated-jpeg", truncated_jpeg,
     "articles/craft-market-photo.yaml: photos[0].file: expected a readable JPEG, PNG or TIFF photo "
     "(the file is truncated), found 'photo-news.jpg'"),
    ("photo-gif", gif_photo,
     "articles/craft-market-photo.yaml: photos[0].file: expected a JPEG, PNG or TIFF photo, found 'photo.gif: GIF'"),
    ("photo-bomb", photo_bomb(20000, 10000),
     "articles/craft-market-photo.yaml: photos[0].file: expected a photo of at most 89,478,485 pixels "
     "(Pillow's decompression-bomb limit), found 'bomb.png', 200,000,000 pixels"),
    ("photo-bomb-below-pillow-error", photo_bomb(10000, 10000),
     "articles/craft-market-photo.yaml: photos[0].file: expected a photo of at most 89,478,485 pixels "
     "(Pillow's decompression-bomb limit), found 'bomb.png', 100,000,000 pixels"),
    # encodings and sizes
    ("non-utf8-manifest", gbk_manifest,
     "articles/park-economy.yaml: expected UTF-8 text (a byte that is not UTF-8 at line 4, column 11)"),
    ("manifest-50mb", huge_manifest,
     "articles/park-economy.yaml: expected a manifest of at most 2 MB (2,097,152 bytes), found 52,428,800 bytes"),
    ("headline-10000-chars", edit(PARK, "headline: 务实深化改革 提升亩均效益 加快推动工业园区高质量发展",
                                  "headline: " + "长" * 10000),
     "articles/park-economy.yaml: headline: expected at most 80 characters, found 10,000 characters"),
    # text that would vanish on the page
    ("escaped-control-char", edit(PARK, "- 市领导周玉梅主持，市领导胡水龙代表市政府签约，市领导陈淼出席。",
                                  '- "市领导\\x1b[2J周玉梅主持"'),
     "articles/park-economy.yaml: body[8]: expected printable text "
     "(control or zero-width character U+001B at position 4)"),
    ("surrogate-in-text", edit(PARK, "- 市领导周玉梅主持，市领导胡水龙代表市政府签约，市领导陈淼出席。",
                               '- "市领导\\uDC80周玉梅主持"'),
     "articles/park-economy.yaml: body[8]: expected printable text (lone surrogate U+DC80 at position 4)"),
    ("zero-width-in-headline", edit(PARK, "headline: 务实深化改革", "headline: 务实\u200b深化改革"),
     "articles/park-economy.yaml: headline: expected printable text "
     "(control or zero-width character U+200B at position 3)"),
    # empty articles
    ("empty-body", replace(PARK, "id: park-economy\nheadline: 标题\nbody: []\n"),
     "articles/park-economy.yaml: body: expected one or more paragraphs (the article is empty)"),
    ("no-body", replace(PARK, "id: park-economy\nheadline: 标题\n"),
     "articles/park-economy.yaml: body: expected one or more paragraphs (the article is empty)"),
    ("blank-paragraph", edit(PARK, "  - 市领导周玉梅主持", '  - " "\n  - 市领导周玉梅主持'),
     "articles/park-economy.yaml: body[8]: expected text (the paragraph is empty)"),
    # unsafe YAML
    ("alias-bomb", alias_bomb,
     "articles/park-economy.yaml: a: expected plain YAML without anchors or aliases "
     "(found the anchor &a at line 3, column 4)"),
    ("python-tag", edit("issue.yaml", "format: broadsheet", "format: !!python/object/apply:os.system [touch pwned]"),
     "issue.yaml: format: expected valid YAML without tags "
     "(found the tag !!python/object/apply:os.system at line 4, column 9)"),
    # ids and the grid
    ("duplicate-article-id", edit("articles/law-enforcement-contest.yaml", "id: law-enforcement-contest",
                                  "id: park-economy"),
     "articles/law-enforcement-contest.yaml: id: expected an article id not used before "
     "(also in park-economy.yaml), found 'park-economy'"),
    ("off-grid-column-9", edit(A01, "column: 6, span: 3, row: 15", "column: 9, span: 3, row: 15"),
     "pages/A01.yaml: articles[2].place.column: expected a whole number from 1 to 8, found 9"),
    ("off-grid-past-line-115", edit(A01, "row: 90, height: 26", "row: 90, height: 30"),
     "pages/A01.yaml: articles[6].place.height: expected a whole number from 1 to 26 "
     "(the grid ends at line 115), found 30"),
    ("off-grid-span", edit(A01, "column: 6, span: 3, row: 15", "column: 6, span: 4, row: 15"),
     "pages/A01.yaml: articles[2].place.span: expected a whole number from 1 to 3 "
     "(the grid ends at column 8), found 4"),
    ("overlap", edit(A01, "column: 6, span: 3, row: 15", "column: 5, span: 3, row: 15"),
     "pages/A01.yaml: articles[2].place: expected a place not overlapping 'park-economy' (column 5, line 15)"),
]


# ---------------------------------------------------------------- the check


def snapshot(root: Path, skip: Path | None = None) -> dict[str, tuple[str, str]]:
    """Every file and symlink under ``root`` (not following symlinks): its
    kind and sha256 or target."""
    out = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if skip is not None and here == skip:
            dirs[:] = []
            continue
        for name in dirs + files:
            p = here / name
            rel = str(p.relative_to(root))
            if p.is_symlink():
                out[rel] = ("symlink", os.readlink(p))
            elif p.is_file():
                out[rel] = ("file", hashlib.sha256(p.read_bytes()).hexdigest())
    return out


@pytest.fixture(scope="module")
def good_output(built):
    """The sample issue's good output folder and its snapshot."""
    return built.out_dir, snapshot(built.out_dir)


@pytest.mark.parametrize("breaker, expected", [pytest.param(b, e, id=i) for i, b, e in CASES])
def test_bad_input(issue_copy, tmp_path, good_output, breaker, expected):
    good_dir, good = good_output
    out = tmp_path / "out"
    shutil.copytree(good_dir, out)
    assert snapshot(out) == good
    breaker(issue_copy)
    before = snapshot(tmp_path, skip=out)
    res = subprocess.run([sys.executable, "-m", "layout", "build", str(ISSUE), "-o", "out"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60)
    message = res.stderr.replace(str(ISSUE) + "/", "")
    assert message == f"broadsheet: error: {expected}\n"
    assert res.returncode == 2
    assert res.stdout == ""
    assert snapshot(out) == good, "the good output changed"
    assert snapshot(tmp_path, skip=out) == before, "the user's files changed"
    shutil.rmtree(tmp_path / "issues")  # a passed case keeps nothing big (the 50 MB manifest)


def test_corpus_is_large_and_ids_unique():
    ids = [i for i, _, _ in CASES]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)


def test_alias_bomb_refused_quickly_without_expanding():
    """The billion laughs (10^9 strings once expanded) is refused at its first
    anchor: in well under a second and a few MB."""
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(InputError, match="without anchors or aliases"):
            load_yaml(BAD / "billion-laughs.yaml")
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 0.5
    assert peak < 5 * 1024 * 1024
