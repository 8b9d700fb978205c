"""A corpus of broken inputs, each with the exact message the CLI must print.

Every case breaks a fresh copy of the sample issue (tmp/issues/2020-12-21,
its photo in tmp/assets) and runs ``broadsheet build ISSUE -o OUT`` (or the
case's command line) on it, from tmp, with the relative paths a user types,
in this process through click's test runner (the same program as ``python -m
layout``, without an interpreter start per case: 178 cases in about 20 s;
tests/test_real_content.py runs the exit codes in new processes too). It must

- exit with status 2 (3 for the environment), print nothing on stdout and
  exactly one line on stderr:
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
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from layout.model.errors import InputError
from layout.model.manifest import load_yaml

BAD = Path(__file__).parent / "data" / "bad"
ISSUE = Path("issues") / "2020-12-21"  # relative to the case's tmp folder, as a user types it
ARTICLE_FIELDS = ("id, kind, label, kicker, headline, deck, byline, dateline, body, photos, head, lines, "
                  "continued_head, items")
ISSUE_FIELDS = "newspaper, date, format, masthead, house, pages, assets, imprint, specimen"
PLACE_FIELDS = "column, span, row, height, columns, leg, photo, lead"
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
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found 'many'"),
    ("fraction-for-number", edit(A01, "row: 15, height: 32}", "row: 15, height: 32.5}"),
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found 32.5"),
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
    ("photo-top-without-photo", edit(A01, "place: {column: 1, span: 5, row: 15, height: 32}",
                                     "place: {column: 1, span: 5, row: 15, height: 32, photo: top}"),
     "pages/A01.yaml: articles[0].place.photo: expected no photo: top here (it puts a story's first photo above "
     "its head: a story with photos and a head across the top, not a jump's second part), found 'top'"),
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
     "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto (missing required field)"),
    ("missing-place", edit(A01, "\n    place: {column: 7, span: 2, row: 1, height: 14}", ""),
     "pages/A01.yaml: articles[1].place: expected a mapping {column, span, row, height}, or auto (missing required field)"),
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
     "pages/A01.yaml: articles[6].file: expected an article not placed before (also articles[2] of A01.yaml; "
     "a jump's second part is listed with continue: true), found '../articles/chuanshan-forum.yaml'"),
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


# ---------------------------------------------------------------- more cases
# Found trying the engine as a new user and as an attacker would (issue 7).
# Each: (id, breaker, expected message, options): options may give other
# command-line "args" (or "extra" ones), "env" variables, "patch"ed limits
# and the exit "code" (3: the environment; the message then starts
# "broadsheet: environment:").

ROOT_FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONTS_ARGS = {"extra": ["--fonts", "fonts.yaml"]}


def fonts_yaml(edit_cfg=None, files: dict | None = None):
    """A breaker writing tmp/fonts.yaml: the bundled one with absolute face
    paths, changed by ``edit_cfg(text) -> text``; ``files`` written beside it."""
    def apply(issue: Path) -> None:
        tmp = issue.parent.parent
        text = (ROOT_FONTS / "fonts.yaml").read_text(encoding="utf-8")
        for name in ("NotoSerifSC-Regular.ttf", "NotoSerifSC-Black.ttf", "NotoSansSC-Bold.ttf",
                     "LXGWWenKai-Regular.ttf"):
            text = text.replace(f"file: {name}", f"file: {ROOT_FONTS / name}")
        for name, data in (files or {}).items():
            (tmp / name).write_bytes(data(tmp) if callable(data) else data)
        (tmp / "fonts.yaml").write_text(edit_cfg(text) if edit_cfg else text, encoding="utf-8")
    return apply


def face(song: str):
    """fonts.yaml with the song face (body) pointed at ``song``."""
    return lambda text: text.replace(f"file: {ROOT_FONTS / 'NotoSerifSC-Regular.ttf'}", f"file: {song}")


def small_ttf(fs_type: int = 0) -> bytes:
    """A TrueType face with a square for every character of the sample page
    (so it can draw the masthead role), with OS/2 fsType ``fs_type``."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = sorted(set("衡阳日报"))
    names = [".notdef"] + [f"uni{ord(c):04X}" for c in chars]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord(c): f"uni{ord(c):04X}" for c in chars})
    glyphs = {}
    for n in names:
        pen = TTGlyphPen(None)
        pen.moveTo((100, -100))
        pen.lineTo((100, 800))
        pen.lineTo((900, 800))
        pen.lineTo((900, -100))
        pen.closePath()
        glyphs[n] = pen.glyph()
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics({n: (1000, 100) for n in names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Square", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120, fsType=fs_type)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


def masthead_face(fs_type: int, licensed: str = ""):
    """fonts.yaml with a face 'square' (fsType ``fs_type``) for the masthead role."""
    def cfg(text: str) -> str:
        text = text.replace("faces:\n", "faces:\n  square: {file: square.ttf, name: Square%s}\n" % licensed, 1)
        return text.replace("masthead: song-heavy", "masthead: square")
    return fonts_yaml(cfg, {"square.ttf": small_ttf(fs_type)})


def also(*breakers):
    def apply(issue: Path) -> None:
        for b in breakers:
            b(issue)
    return apply


def tmp_file(name: str, data: bytes = b"x"):
    def apply(issue: Path) -> None:
        (issue.parent.parent / name).write_bytes(data)
    return apply


def photo_file(name: str, make):
    """A photo ``name`` beside the photo article, made by ``make(path)``, named by it."""
    def apply(issue: Path) -> None:
        make(issue / "articles" / name)
        edit(PHOTO, "file: photo-news.jpg", f"file: {name}")(issue)
    return apply


def asset(folder: str):
    return edit("issue.yaml", "assets: [../../assets]", f"assets: [{folder}]")


def symlink_asset_to_root(issue: Path) -> None:
    (issue / "rootlink").symlink_to("/")
    asset("rootlink")(issue)


def disk_full(*args, **kwargs):
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def old_layout_output_with_other_files(issue: Path) -> None:
    """An output folder that is not a build's: the user's own files."""
    tmp = issue.parent.parent
    (tmp / "mine").mkdir()
    (tmp / "mine" / "notes.txt").write_text("mine")
    (tmp / "mine" / "A01.pdf").mkdir()


UNIT = "whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (the year 9999)"
FACE_NOT_FONT = "a TrueType, OpenType or collection font (the file does not start as one: not a font) (face song)"


#: The message of each case in MORE_CASES, less "broadsheet: error: " (or "environment: ").
EXPECTED = {
    'body-on-photo-news':
        'articles/craft-market-photo.yaml: body: expected only the fields a photo-news block prints (id, kind, label, '
        'headline, photos): a photo-news block has no place for body',
    'lines-on-story':
        'articles/park-economy.yaml: lines: expected only the fields a story prints (id, kind, label, kicker, headline, '
        'deck, byline, dateline, body, photos, head, continued_head): a story has no place for lines',
    'items-on-story':
        'articles/park-economy.yaml: items: expected only the fields a story prints (id, kind, label, kicker, headline, '
        'deck, byline, dateline, body, photos, head, continued_head): a story has no place for items',
    'head-on-ad':
        'articles/civility-ad.yaml: head: expected only the fields an advertisement prints (id, kind, label, headline, '
        'lines): an advertisement has no place for head',
    'photos-on-ad':
        'articles/civility-ad.yaml: photos: expected only the fields an advertisement prints (id, kind, label, '
        'headline, lines): an advertisement has no place for photos',
    'merge-key':
        'articles/park-economy.yaml: <<: expected plain YAML without merge keys (<<: copies fields from elsewhere; write the fields out) (found a merge key at line 8, column 1)',
    'merge-key-nested':
        'pages/A01.yaml: articles[0].place.<<: expected plain YAML without merge keys (<<: copies fields from elsewhere; write the fields out) (found a merge key at line 10, column 13)',
    'explicit-tag-str':
        'articles/park-economy.yaml: dateline: expected valid YAML without tags (found the tag !!str at line 8, column 11)',
    'local-tag':
        'articles/park-economy.yaml: dateline: expected valid YAML without tags (found the tag !x at line 8, column 11)',
    'two-documents':
        'articles/park-economy.yaml: expected valid YAML (but found another document at line 9, column 1; expected a single document in the stream at line 3, column 1)',
    'complex-key':
        'articles/park-economy.yaml: expected field names that are plain text (found a list or mapping as a field name at line 8, column 3)',
    'date-1899':
        "issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found '1899-12-31'",
    'date-2200':
        "issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found '2200-01-01'",
    'date-feb-30':
        "issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found '2020-02-30'",
    'date-with-time':
        "issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found '2020-12-21T10:00:00'",
    'date-as-number':
        'issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found 20201221',
    'date-slashes':
        "issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found '2020/12/21'",
    'date-list':
        'issue.yaml: date: expected a date YYYY-MM-DD (1900-2199), found [2020, 12, 21]',
    'bool-for-number':
        'pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found true',
    'hex-for-number':
        "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found '0x1F'",
    'underscore-number':
        "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found '3_2'",
    'sexagesimal-number':
        "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found '1:30'",
    'quoted-number':
        "pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101, found '32'",
    'negative-column':
        'pages/A01.yaml: articles[0].place.column: expected a whole number from 1 to 8, found -1',
    'zero-row':
        'pages/A01.yaml: articles[0].place.row: expected a whole number from 1 to 115, found 0',
    'exponent-number':
        'pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto, found 3e1',
    'empty-number':
        'pages/A01.yaml: articles[0].place.height: expected a whole number from 1 to 101 or auto (the field is empty)',
    'masthead-number-float':
        'issue.yaml: masthead.number: expected a whole number from 1 to 10000000, found 12345.0',
    'masthead-number-zero':
        'issue.yaml: masthead.number: expected a whole number from 1 to 10000000, found 0',
    'size-nan':
        "articles/park-economy.yaml: head.size: expected a size in points (5-200) or a 号 name (初号/小初/一号/小一/二号/小二/三号/小三/四号/小四/五号/小五/六号/小六/七号/八号), found '.nan'",
    'size-inf':
        "articles/park-economy.yaml: head.size: expected a size in points (5-200) or a 号 name (初号/小初/一号/小一/二号/小二/三号/小三/四号/小四/五号/小五/六号/小六/七号/八号), found '.inf'",
    'size-too-large':
        'articles/park-economy.yaml: head.size: expected a size in points (5-200) or a 号 name (初号/小初/一号/小一/二号/小二/三号/小三/四号/小四/五号/小五/六号/小六/七号/八号), found 500',
    'size-bool':
        'articles/park-economy.yaml: head.size: expected a size in points (5-200) or a 号 name (初号/小初/一号/小一/二号/小二/三号/小三/四号/小四/五号/小五/六号/小六/七号/八号), found true',
    'size-unknown-hao':
        "articles/park-economy.yaml: head.size: expected a size in points (5-200) or a 号 name (初号/小初/一号/小一/二号/小二/三号/小三/四号/小四/五号/小五/六号/小六/七号/八号), found '大初'",
    'head-lines-5':
        'articles/park-economy.yaml: head.lines: expected a whole number from 1 to 4, found 5',
    'head-align-right':
        "articles/park-economy.yaml: head.align: expected center or left, found 'right'",
    'head-not-mapping':
        "articles/park-economy.yaml: head: expected a mapping {lines, size, align, vertical}, found 'big'",
    'head-unknown-field':
        'articles/park-economy.yaml: head.weight: expected one of the fields lines, size, align, vertical; unknown field',
    'yes-for-bool':
        "issue.yaml: house.pad_names: expected true or false, found 'yes'",
    'number-for-bool':
        'issue.yaml: house.pad_names: expected true or false, found 1',
    'on-for-bool':
        "issue.yaml: house.open_at_start_half: expected true or false, found 'on'",
    'house-level-unknown':
        "issue.yaml: house.level: expected loose, basic or strict, found 'lax'",
    'house-unknown-field':
        'issue.yaml: house.hyphenate: expected one of the fields level, open_at_start_half, pad_names, normalize_punctuation, makeup; unknown field',
    'kind-unknown':
        "articles/park-economy.yaml: kind: expected one of story, photo, ad, index, found 'image'",
    'kind-capital':
        "articles/park-economy.yaml: kind: expected one of story, photo, ad, index, found 'Story'",
    'id-with-space':
        "articles/park-economy.yaml: id: expected letters, digits, - and _, found 'park economy'",
    'id-chinese':
        "articles/park-economy.yaml: id: expected letters, digits, - and _, found '园区经济'",
    'id-from-file-name':
        "articles/园区.yaml: id: expected letters, digits, - and _, found '园区'",
    'page-id-lowercase':
        "pages/A01.yaml: page: expected a page id like A01 or 4, found 'a01'",
    'page-id-long':
        "pages/A01.yaml: page: expected a page id like A01 or 4, found 'A1234'",
    'page-id-list':
        "pages/A01.yaml: page: expected text, found ['A01']",
    'cn-serial-short':
        "issue.yaml: masthead.cn: expected a CN serial like CN43-0031, found 'CN43-003'",
    'sample-unknown':
        "issue.yaml: masthead.sample[1]: expected one of number, cn, postal_code, publisher, found 'date'",
    'format-berliner':
        "issue.yaml: format: expected a grid preset: broadsheet, tabloid, found 'berliner'",
    'ad-role-unknown':
        "articles/civility-ad.yaml: lines[0].role: expected one of body, headline, kicker, deck, dateline, byline, caption, masthead, found 'banner'",
    'ad-line-without-text':
        'articles/civility-ad.yaml: lines[2].text: expected text (missing required field)',
    'photo-height-2':
        'articles/craft-market-photo.yaml: photos[0].height: expected a whole number from 3 to 200, found 2',
    'photo-field-typo':
        "articles/craft-market-photo.yaml: photos[0].captoin: expected one of the fields file, caption, credit, height, rights, span, at, side, placeholder; unknown field (did you mean 'caption'?)",
    'photos-mapping':
        "articles/craft-market-photo.yaml: photos: expected a list of {file, caption, credit}, found {'file': 'photo-news.jpg'}",
    'photo-item-empty':
        'articles/craft-market-photo.yaml: photos[0]: expected a mapping {file, caption, credit} (the field is empty)',
    'caption-too-long':
        'articles/craft-market-photo.yaml: photos[0].caption: expected at most 1000 characters, found 1,154 characters',
    'place-empty':
        'pages/A01.yaml: articles[0].place: expected a mapping {column, span, row, height}, or auto (the field is empty)',
    'article-item-text':
        "pages/A01.yaml: articles[0]: expected a mapping with file and place, found '../articles/park-economy.yaml'",
    'articles-missing':
        'pages/A01.yaml: stories: expected one of the fields page, section, editor, masthead, articles, blank; unknown field',
    'pages-empty-list':
        'issue.yaml: pages: expected a list of page manifest files, found []',
    'pages-item-number':
        "issue.yaml: pages[1]: expected an existing file, found '2'",
    'byline-empty-item':
        'articles/park-economy.yaml: byline[1]: expected text (the byline is empty)',
    'headline-empty-line':
        'articles/park-economy.yaml: headline[1]: expected text (the line is empty)',
    'body-item-mapping':
        "articles/park-economy.yaml: body[8]: expected text, found {'text': '市领导周玉梅主持'}",
    'masthead-overlaps':
        "pages/A01.yaml: articles[0].place: expected a place not overlapping 'masthead' (column 1, line 15)",
    'nul-in-key':
        "articles/park-economy.yaml: 'date\\x00line': expected one of the fields id, kind, label, kicker, headline, deck, byline, dateline, body, photos, head, lines, continued_head, items; unknown field (did you mean 'dateline'?)",
    'bidi-override':
        'articles/park-economy.yaml: headline: expected printable text (control or zero-width character U+202E at position 3)',
    'bom-inside-text':
        'articles/park-economy.yaml: dateline: expected printable text (control or zero-width character U+FEFF at position 3)',
    'escape-in-file-name':
        'articles/craft-market-photo.yaml: photos[0].file: expected printable text (control or zero-width character U+001B at position 6)',
    'newline-in-id':
        "articles/park-economy.yaml: id: expected letters, digits, - and _, found 'park\\neconomy'",
    'photo-empty-file':
        "articles/craft-market-photo.yaml: photos[0].file: expected a readable JPEG, PNG or TIFF photo (not an image file), found 'empty.jpg'",
    'photo-folder':
        "articles/craft-market-photo.yaml: photos[0].file: expected a file, found 'dir.jpg'",
    'photo-text-as-png':
        "articles/craft-market-photo.yaml: photos[0].file: expected a readable JPEG, PNG or TIFF photo (not an image file), found 'x.png'",
    'photo-webp':
        "articles/craft-market-photo.yaml: photos[0].file: expected a JPEG, PNG or TIFF photo, found 'x.webp: WEBP'",
    'issue-text-limit':
        'articles/park-economy.yaml: expected an issue of at most 1,000 characters of text in all (the limit per issue), found 1,200 characters so far',
    'issue-pixel-limit':
        'articles/craft-market-photo.yaml: photos[0].file: expected an issue of at most 1,000 photo pixels in all (the limit per issue), found 4,475,280 pixels so far',
    'assets-root':
        "issue.yaml: assets[0]: expected a folder that is not a filesystem root, found '/'",
    'assets-dotdot-to-root':
        "issue.yaml: assets[0]: expected a folder that is not a filesystem root, found '../../../../../../../../../../..'",
    'assets-etc':
        "issue.yaml: assets[0]: expected a folder that is not a system folder, found '/etc'",
    'assets-proc':
        "issue.yaml: assets[0]: expected a folder that is not a system folder, found '/proc/self'",
    'assets-usr':
        "issue.yaml: assets[0]: expected a folder that is not a system folder, found '/usr'",
    'assets-issue-parent':
        "issue.yaml: assets[0]: expected a folder that does not hold the issue folder, found '..'",
    'assets-grandparent':
        "issue.yaml: assets[0]: expected a folder that does not hold the issue folder, found '../..'",
    'assets-symlink-to-root':
        "issue.yaml: assets[0]: expected a folder that is not a filesystem root, found 'rootlink'",
    'assets-missing':
        "issue.yaml: assets[0]: expected an existing folder, found '../../photos'",
    'font-text-file':
        "fonts.yaml: faces.song.file: expected a TrueType, OpenType or collection font (the file does not start as one: not a font) (face song), found 'notes.ttf'",
    'font-empty':
        "fonts.yaml: faces.song.file: expected a TrueType, OpenType or collection font (the file is empty) (face song), found 'empty.ttf'",
    'font-truncated':
        "fonts.yaml: faces.song.file: expected a TrueType, OpenType or collection font (TTLibError: unexpected end of 'hmtx' table data: expected 116126 bytes but got 2496 at offset 504; face song), found 'cut.ttf'",
    'font-etc-passwd':
        "fonts.yaml: faces.song.file: expected a font file outside the system's folders (this one is inside /etc, a system folder) (face song), found '/etc/passwd'",
    'font-dev-zero':
        "fonts.yaml: faces.song.file: expected a font file outside the system's folders (this one is inside /dev, a system folder) (face song), found '/dev/zero'",
    'font-folder':
        "fonts.yaml: faces.song.file: expected a font file (this is not a regular file) (face song), found 'fontdir.ttf'",
    'font-missing':
        "fonts.yaml: faces.song.file: expected an existing font file, found 'nowhere.ttf'",
    'font-index-true':
        'fonts.yaml: faces.song.index: expected a face index from 0 to 255, found true',
    'font-index-on-single-face':
        "fonts.yaml: faces.square.file: expected a TrueType, OpenType or collection font (a single face has no index 2; face square), found 'square.ttf'",
    'font-restricted-embedding':
        "fonts.yaml: faces.square: expected a face the PDF may embed and subset: its OS/2 fsType 0x0002 forbids embedding (mark the face `licensed: [embedding]` in fonts.yaml if the paper's licence allows it), found 'square.ttf'",
    'font-bitmap-only':
        "fonts.yaml: faces.square: expected a face the PDF may embed and subset: its OS/2 fsType 0x0200 forbids embedding (mark the face `licensed: [embedding]` in fonts.yaml if the paper's licence allows it), found 'square.ttf'",
    'font-no-subsetting':
        "fonts.yaml: faces.square: expected a face the PDF may embed and subset: its OS/2 fsType 0x0100 forbids subsetting (mark the face `licensed: [subsetting]` in fonts.yaml if the paper's licence allows it), found 'square.ttf'",
    'font-no-subsetting-licensed-embedding-only':
        "fonts.yaml: faces.square: expected a face the PDF may embed and subset: its OS/2 fsType 0x0102 forbids subsetting (mark the face `licensed: [subsetting]` in fonts.yaml if the paper's licence allows it), found 'square.ttf'",
    'font-licensed-unknown':
        "fonts.yaml: faces.square.licensed[0]: expected one of embedding, subsetting, found 'printing'",
    'fonts-role-missing':
        'fonts.yaml: roles.caption: expected a face name (missing required field)',
    'fonts-role-unknown-face':
        "fonts.yaml: roles.caption: expected one of the faces ['hei', 'kai', 'song', 'song-heavy'], found 'fangsong'",
    'fonts-unknown-field':
        "fonts.yaml: features: expected one of the fields faces, roles, fallback; unknown field (did you mean 'faces'?)",
    'fonts-fallback-unknown':
        "fonts.yaml: fallback: expected a list of face names from ['hei', 'kai', 'song', 'song-heavy'], found ['ming', 'song', 'hei', 'kai', 'song-heavy']",
    'fonts-file-missing':
        'fonts.yaml: expected an existing YAML file',
    'epoch-letters':
        "SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (the year 9999), found 'abc'",
    'epoch-fraction':
        "SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (the year 9999), found '1.5'",
    'epoch-negative':
        "SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (the year 9999), found '-1'",
    'epoch-huge-proof':
        "SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (the year 9999), found '999999999999999999999999999999'",
    'epoch-past-9999-proof':
        "SOURCE_DATE_EPOCH: expected a whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799 (the year 9999), found '253402300800'",
    'time-limit-letters':
        "BROADSHEET_TIME_LIMIT: expected a number of seconds above 0, found 'soon'",
    'pages-unknown':
        '--pages: Z99: expected a page of the issue (A01)',
    'out-below-a-file':
        'cannot make the output folder: a file is in the way: afile',
    'out-is-a-file':
        'cannot write the output folder: it is a file: afile',
    'out-dev-full':
        'cannot write the output folder: it is a file: /dev/full',
    'out-holds-other-files':
        "cannot replace the output folder: it holds files that are not a build's (name an empty or new folder): mine",
    'out-disk-full':
        'cannot write the build: out (the disk is full)',
}

MORE_CASES = [
    # YAML 1.1 constructs refused in the project's words
    ("merge-key", edit(PARK, "dateline: 本报讯", "<<: {dateline: 本报讯}"), EXPECTED['merge-key'], {}),
    ("merge-key-nested", edit(A01, "place: {column: 1, span: 5, row: 15, height: 32}",
                              "place: {<<: {column: 1}, span: 5, row: 15, height: 32}"), EXPECTED['merge-key-nested'], {}),
    ("explicit-tag-str", edit(PARK, "dateline: 本报讯", "dateline: !!str 本报讯"), EXPECTED['explicit-tag-str'], {}),
    ("local-tag", edit(PARK, "dateline: 本报讯", "dateline: !x 本报讯"), EXPECTED['local-tag'], {}),
    ("two-documents", edit(PARK, "dateline: 本报讯", "dateline: 本报讯\n---\nheadline: x"), EXPECTED['two-documents'], {}),
    ("complex-key", edit(PARK, "dateline: 本报讯", "? [a, b]\n: x"), EXPECTED['complex-key'], {}),
    # dates
    ("date-1899", edit("issue.yaml", "date: 2020-12-21", "date: 1899-12-31"), EXPECTED['date-1899'], {}),
    ("date-2200", edit("issue.yaml", "date: 2020-12-21", "date: 2200-01-01"), EXPECTED['date-2200'], {}),
    ("date-feb-30", edit("issue.yaml", "date: 2020-12-21", "date: 2020-02-30"), EXPECTED['date-feb-30'], {}),
    ("date-with-time", edit("issue.yaml", "date: 2020-12-21", "date: 2020-12-21T10:00:00"), EXPECTED['date-with-time'], {}),
    ("date-as-number", edit("issue.yaml", "date: 2020-12-21", "date: 20201221"), EXPECTED['date-as-number'], {}),
    ("date-slashes", edit("issue.yaml", "date: 2020-12-21", "date: 2020/12/21"), EXPECTED['date-slashes'], {}),
    ("date-list", edit("issue.yaml", "date: 2020-12-21", "date: [2020, 12, 21]"), EXPECTED['date-list'], {}),
    # numbers only as decimal digits; booleans refused where numbers are expected
    ("bool-for-number", edit(A01, "row: 15, height: 32}", "row: 15, height: true}"), EXPECTED['bool-for-number'], {}),
    ("hex-for-number", edit(A01, "row: 15, height: 32}", "row: 15, height: 0x1F}"), EXPECTED['hex-for-number'], {}),
    ("underscore-number", edit(A01, "row: 15, height: 32}", "row: 15, height: 3_2}"), EXPECTED['underscore-number'], {}),
    ("sexagesimal-number", edit(A01, "row: 15, height: 32}", "row: 15, height: 1:30}"), EXPECTED['sexagesimal-number'], {}),
    ("quoted-number", edit(A01, "row: 15, height: 32}", 'row: 15, height: "32"}'), EXPECTED['quoted-number'], {}),
    ("negative-column", edit(A01, "{column: 1, span: 5, row: 15", "{column: -1, span: 5, row: 15"), EXPECTED['negative-column'], {}),
    ("zero-row", edit(A01, "{column: 1, span: 5, row: 15", "{column: 1, span: 5, row: 0"), EXPECTED['zero-row'], {}),
    ("exponent-number", edit(A01, "row: 15, height: 32}", "row: 15, height: 3e1}"), EXPECTED['exponent-number'], {}),
    ("empty-number", edit(A01, "row: 15, height: 32}", "row: 15, height: }"), EXPECTED['empty-number'], {}),
    ("masthead-number-float", edit("issue.yaml", "number: 12345", "number: 12345.0"), EXPECTED['masthead-number-float'], {}),
    ("masthead-number-zero", edit("issue.yaml", "number: 12345", "number: 0"), EXPECTED['masthead-number-zero'], {}),
    ("size-nan", edit(PARK, "head: {lines: 2}", "head: {size: .nan}"), EXPECTED['size-nan'], {}),
    ("size-inf", edit(PARK, "head: {lines: 2}", "head: {size: .inf}"), EXPECTED['size-inf'], {}),
    ("size-too-large", edit(PARK, "head: {lines: 2}", "head: {size: 500}"), EXPECTED['size-too-large'], {}),
    ("size-bool", edit(PARK, "head: {lines: 2}", "head: {size: true}"), EXPECTED['size-bool'], {}),
    ("size-unknown-hao", edit(PARK, "head: {lines: 2}", "head: {size: 大初}"), EXPECTED['size-unknown-hao'], {}),
    ("head-lines-5", edit(PARK, "head: {lines: 2}", "head: {lines: 5}"), EXPECTED['head-lines-5'], {}),
    ("head-align-right", edit(PARK, "head: {lines: 2}", "head: {align: right}"), EXPECTED['head-align-right'], {}),
    ("head-not-mapping", edit(PARK, "head: {lines: 2}", "head: big"), EXPECTED['head-not-mapping'], {}),
    ("head-unknown-field", edit(PARK, "head: {lines: 2}", "head: {weight: bold}"), EXPECTED['head-unknown-field'], {}),
    # truth values: true or false only
    ("yes-for-bool", edit("issue.yaml", "pad_names: true", "pad_names: yes"), EXPECTED['yes-for-bool'], {}),
    ("number-for-bool", edit("issue.yaml", "pad_names: true", "pad_names: 1"), EXPECTED['number-for-bool'], {}),
    ("on-for-bool", edit("issue.yaml", "open_at_start_half: false", "open_at_start_half: on"), EXPECTED['on-for-bool'], {}),
    ("house-level-unknown", edit("issue.yaml", "level: basic", "level: lax"), EXPECTED['house-level-unknown'], {}),
    ("house-unknown-field", edit("issue.yaml", "level: basic", "level: basic, hyphenate: true"), EXPECTED['house-unknown-field'], {}),
    # choices and patterns
    ("kind-unknown", edit(PARK, "id: park-economy", "id: park-economy\nkind: image"), EXPECTED['kind-unknown'], {}),
    ("kind-capital", edit(PARK, "id: park-economy", "id: park-economy\nkind: Story"), EXPECTED['kind-capital'], {}),
    ("id-with-space", edit(PARK, "id: park-economy", "id: park economy"), EXPECTED['id-with-space'], {}),
    ("id-chinese", edit(PARK, "id: park-economy", "id: 园区经济"), EXPECTED['id-chinese'], {}),
    ("id-from-file-name", also(edit(PARK, "id: park-economy\n", ""),
                               lambda i: (i / PARK).rename(i / "articles" / "园区.yaml"),
                               edit(A01, "../articles/park-economy.yaml", "../articles/园区.yaml")), EXPECTED['id-from-file-name'], {}),
    ("page-id-lowercase", edit(A01, "page: A01", "page: a01"), EXPECTED['page-id-lowercase'], {}),
    ("page-id-long", edit(A01, "page: A01", "page: A1234"), EXPECTED['page-id-long'], {}),
    ("page-id-list", edit(A01, "page: A01", "page: [A01]"), EXPECTED['page-id-list'], {}),
    ("cn-serial-short", edit("issue.yaml", "cn: CN43-0031", "cn: CN43-003"), EXPECTED['cn-serial-short'], {}),
    ("sample-unknown", edit("issue.yaml", "sample: [number, cn, postal_code]", "sample: [number, date]"), EXPECTED['sample-unknown'], {}),
    ("format-berliner", edit("issue.yaml", "format: broadsheet", "format: berliner"), EXPECTED['format-berliner'], {}),
    ("ad-role-unknown", edit("articles/civility-ad.yaml", "role: headline}", "role: banner}"), EXPECTED['ad-role-unknown'], {}),
    ("ad-line-without-text", edit("articles/civility-ad.yaml", "{text: 衡阳日报社　宣, ", "{"), EXPECTED['ad-line-without-text'], {}),
    ("photo-height-2", edit(PHOTO, "  - file: photo-news.jpg", "  - file: photo-news.jpg\n    height: 2"), EXPECTED['photo-height-2'], {}),
    ("photo-field-typo", edit(PHOTO, "    caption:", "    captoin:"), EXPECTED['photo-field-typo'], {}),
    ("photos-mapping", replace(PHOTO, "kind: photo\nphotos: {file: photo-news.jpg}\n"), EXPECTED['photos-mapping'], {}),
    ("photo-item-empty", edit(PHOTO, "photos:\n", "photos:\n  -\n"), EXPECTED['photo-item-empty'], {}),
    ("caption-too-long", edit(PHOTO, "caption: 12月19日下午", "caption: " + "长" * 1001 + "12月19日下午"), EXPECTED['caption-too-long'], {}),
    # lists and mappings
    ("place-empty", edit(A01, "place: {column: 1, span: 5, row: 15, height: 32}", "place:"), EXPECTED['place-empty'], {}),
    ("article-item-text", edit(A01, "  - file: ../articles/park-economy.yaml\n    place: {column: 1, span: 5, "
                                    "row: 15, height: 32}", "  - ../articles/park-economy.yaml"), EXPECTED['article-item-text'], {}),
    ("articles-missing", edit(A01, "articles:", "stories:"), EXPECTED['articles-missing'], {}),
    ("pages-empty-list", edit("issue.yaml", "pages: [pages/A01.yaml]", "pages: []"), EXPECTED['pages-empty-list'], {}),
    ("pages-item-number", edit("issue.yaml", "pages: [pages/A01.yaml]", "pages: [pages/A01.yaml, 2]"), EXPECTED['pages-item-number'], {}),
    ("byline-empty-item", edit(PARK, '  - "■本报记者 罗文鹏"', '  - "■本报记者 罗文鹏"\n  - ""'), EXPECTED['byline-empty-item'], {}),
    ("headline-empty-line", edit(PARK, "headline: 务实深化改革 提升亩均效益 加快推动工业园区高质量发展",
                                 "headline: [务实深化改革, \"\"]"), EXPECTED['headline-empty-line'], {}),
    ("body-item-mapping", edit(PARK, "  - 市领导周玉梅主持", "  - {text: 市领导周玉梅主持}\n  - 市领导周玉梅主持"), EXPECTED['body-item-mapping'], {}),
    ("masthead-overlaps", edit(A01, "masthead: {column: 1, span: 6, row: 1, height: 14}",
                               "masthead: {column: 1, span: 6, row: 1, height: 15}"), EXPECTED['masthead-overlaps'], {}),
    # text that would vanish or forge a message: escaped in the message
    ("nul-in-key", edit(PARK, "dateline: 本报讯", '"date\\0line": 本报讯'), EXPECTED['nul-in-key'], {}),
    ("bidi-override", edit(PARK, "headline: 务实深化改革", "headline: 务实\u202e深化改革"), EXPECTED['bidi-override'], {}),
    ("bom-inside-text", edit(PARK, "dateline: 本报讯", "dateline: 本报\ufeff讯"), EXPECTED['bom-inside-text'], {}),
    ("escape-in-file-name", edit(PHOTO, "file: photo-news.jpg", 'file: "photo\\e[31m.jpg"'), EXPECTED['escape-in-file-name'], {}),
    ("newline-in-id", edit(PARK, "id: park-economy", 'id: "park\\neconomy"'), EXPECTED['newline-in-id'], {}),
    # photos
    ("photo-empty-file", photo_file("empty.jpg", lambda p: p.write_bytes(b"")), EXPECTED['photo-empty-file'], {}),
    ("photo-folder", photo_file("dir.jpg", lambda p: p.mkdir()), EXPECTED['photo-folder'], {}),
    ("photo-text-as-png", photo_file("x.png", lambda p: p.write_text("PNG? no")), EXPECTED['photo-text-as-png'], {}),
    ("photo-webp", photo_file("x.webp", lambda p: __import__("PIL.Image").Image.new("L", (8, 8)).save(p, "WEBP")),
     EXPECTED['photo-webp'], {}),
    # a field the kind of block does not print is refused, never silently without effect
    ("body-on-photo-news", edit(PHOTO, "label: 图片新闻", "label: 图片新闻\nbody: [说明]"), EXPECTED["body-on-photo-news"], {}),
    ("lines-on-story", edit(PARK, "dateline: 本报讯", "dateline: 本报讯\nlines: [{text: x}]"), EXPECTED["lines-on-story"], {}),
    ("items-on-story", edit(PARK, "dateline: 本报讯", "dateline: 本报讯\nitems: [law-enforcement-contest]"),
     EXPECTED["items-on-story"], {}),
    ("head-on-ad", edit("articles/civility-ad.yaml", "label: 公益广告", "label: 公益广告\nhead: {lines: 2}"),
     EXPECTED["head-on-ad"], {}),
    ("photos-on-ad", edit("articles/civility-ad.yaml", "label: 公益广告", "label: 公益广告\nphotos: []"),
     EXPECTED["photos-on-ad"], {}),
    # limits per issue
    ("issue-text-limit", lambda issue: None, EXPECTED['issue-text-limit'], {"patch": {"layout.model.manifest.MAX_ISSUE_TEXT": 1000}}),
    ("issue-pixel-limit", lambda issue: None, EXPECTED['issue-pixel-limit'], {"patch": {"layout.model.manifest.MAX_ISSUE_PIXELS": 1000}}),
    # asset folders: never a root, a system folder or an ancestor of the issue
    ("assets-root", asset("/"), EXPECTED['assets-root'], {}),
    ("assets-dotdot-to-root", asset("../../../../../../../../../../.."), EXPECTED['assets-dotdot-to-root'], {}),
    ("assets-etc", asset("/etc"), EXPECTED['assets-etc'], {}),
    ("assets-proc", asset("/proc/self"), EXPECTED['assets-proc'], {}),
    ("assets-usr", asset("/usr"), EXPECTED['assets-usr'], {}),
    ("assets-issue-parent", asset(".."), EXPECTED['assets-issue-parent'], {}),
    ("assets-grandparent", asset("../.."), EXPECTED['assets-grandparent'], {}),
    ("assets-symlink-to-root", symlink_asset_to_root, EXPECTED['assets-symlink-to-root'], {}),
    ("assets-missing", asset("../../photos"), EXPECTED['assets-missing'], {}),
    # fonts named by --fonts: checked before use, refused with the face and the reason
    ("font-text-file", fonts_yaml(face("notes.ttf"), {"notes.ttf": "这不是字体 not a font at all\n".encode()}), EXPECTED['font-text-file'],
     FONTS_ARGS),
    ("font-empty", fonts_yaml(face("empty.ttf"), {"empty.ttf": b""}), EXPECTED['font-empty'], FONTS_ARGS),
    ("font-truncated", fonts_yaml(face("cut.ttf"), {"cut.ttf": (ROOT_FONTS / "NotoSansSC-Bold.ttf").read_bytes()[:3000]}),
     EXPECTED['font-truncated'], FONTS_ARGS),
    ("font-etc-passwd", fonts_yaml(face("/etc/passwd")), EXPECTED['font-etc-passwd'], FONTS_ARGS),
    ("font-dev-zero", fonts_yaml(face("/dev/zero")), EXPECTED['font-dev-zero'], FONTS_ARGS),
    ("font-folder", also(lambda i: (i.parent.parent / "fontdir.ttf").mkdir(), fonts_yaml(face("fontdir.ttf"))), EXPECTED['font-folder'],
     FONTS_ARGS),
    ("font-missing", fonts_yaml(face("nowhere.ttf")), EXPECTED['font-missing'], FONTS_ARGS),
    ("font-index-true", fonts_yaml(lambda t: t.replace("name: Noto Serif CJK SC Regular}",
                                                       "name: Noto Serif CJK SC Regular, index: true}")), EXPECTED['font-index-true'], FONTS_ARGS),
    ("font-index-on-single-face", masthead_face(0, ", index: 2"), EXPECTED['font-index-on-single-face'], FONTS_ARGS),
    ("font-restricted-embedding", masthead_face(0x0002), EXPECTED['font-restricted-embedding'], FONTS_ARGS),
    ("font-bitmap-only", masthead_face(0x0200), EXPECTED['font-bitmap-only'], FONTS_ARGS),
    ("font-no-subsetting", masthead_face(0x0100), EXPECTED['font-no-subsetting'], FONTS_ARGS),
    ("font-no-subsetting-licensed-embedding-only", masthead_face(0x0102, ", licensed: [embedding]"), EXPECTED['font-no-subsetting-licensed-embedding-only'], FONTS_ARGS),
    ("font-licensed-unknown", masthead_face(0x0002, ", licensed: [printing]"), EXPECTED['font-licensed-unknown'], FONTS_ARGS),
    ("fonts-role-missing", fonts_yaml(lambda t: t.replace("  caption: kai\n", "")), EXPECTED['fonts-role-missing'], FONTS_ARGS),
    ("fonts-role-unknown-face", fonts_yaml(lambda t: t.replace("caption: kai", "caption: fangsong")), EXPECTED['fonts-role-unknown-face'], FONTS_ARGS),
    ("fonts-unknown-field", fonts_yaml(lambda t: t + "features: [kern]\n"), EXPECTED['fonts-unknown-field'], FONTS_ARGS),
    ("fonts-fallback-unknown", fonts_yaml(lambda t: t.replace("fallback: [song", "fallback: [ming, song")), EXPECTED['fonts-fallback-unknown'],
     FONTS_ARGS),
    ("fonts-file-missing", lambda issue: None, EXPECTED['fonts-file-missing'], FONTS_ARGS),
    # the environment variables a build reads
    ("epoch-letters", lambda issue: None, EXPECTED['epoch-letters'], {"env": {"SOURCE_DATE_EPOCH": "abc"}}),
    ("epoch-fraction", lambda issue: None, EXPECTED['epoch-fraction'], {"env": {"SOURCE_DATE_EPOCH": "1.5"}}),
    ("epoch-negative", lambda issue: None, EXPECTED['epoch-negative'], {"env": {"SOURCE_DATE_EPOCH": "-1"}}),
    ("epoch-huge-proof", lambda issue: None, EXPECTED['epoch-huge-proof'], {"env": {"SOURCE_DATE_EPOCH": "9" * 30}, "extra": ["--proof"]}),
    ("epoch-past-9999-proof", lambda issue: None, EXPECTED['epoch-past-9999-proof'], {"env": {"SOURCE_DATE_EPOCH": "253402300800"},
                                                        "extra": ["--proof"]}),
    ("time-limit-letters", lambda issue: None, EXPECTED['time-limit-letters'], {"env": {"BROADSHEET_TIME_LIMIT": "soon"}}),
    ("pages-unknown", lambda issue: None, EXPECTED['pages-unknown'], {"extra": ["--pages", "Z99"]}),
    # output folders the build cannot use: exit 3, found before any layout
    ("out-below-a-file", tmp_file("afile"), EXPECTED['out-below-a-file'], {"args": ["build", str(ISSUE), "-o", "afile/out"], "code": 3}),
    ("out-is-a-file", tmp_file("afile"), EXPECTED['out-is-a-file'], {"args": ["build", str(ISSUE), "-o", "afile"], "code": 3}),
    ("out-dev-full", lambda issue: None, EXPECTED['out-dev-full'], {"args": ["build", str(ISSUE), "-o", "/dev/full"], "code": 3}),
    ("out-holds-other-files", old_layout_output_with_other_files, EXPECTED['out-holds-other-files'],
     {"args": ["build", str(ISSUE), "-o", "mine"], "code": 3}),
    ("out-disk-full", lambda issue: None, EXPECTED['out-disk-full'], {"patch": {"layout.publish.outputs.os.fsync": disk_full}, "code": 3}),
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


def run_cli(args: list[str], cwd: Path, env: dict | None = None, monkeypatch=None):
    """The command line in this process (click's runner), from ``cwd``:
    (exit code, stdout, stderr). The same program as ``python -m layout``,
    without an interpreter start per case."""
    from click.testing import CliRunner

    from layout.cli import main

    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(main, args, env=env, catch_exceptions=True)
    finally:
        os.chdir(old)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.stdout, res.stderr


ALL_CASES = [(i, b, e, {}) for i, b, e in CASES] + [(i, b, e, o) for i, b, e, o in MORE_CASES]


@pytest.mark.parametrize("breaker, expected, opts", [pytest.param(b, e, o, id=i) for i, b, e, o in ALL_CASES])
def test_bad_input(issue_copy, tmp_path, good_output, monkeypatch, breaker, expected, opts):
    """One broken input: exit 2 (3 for the environment) and exactly the one
    line expected on stderr, nothing on stdout, the good output and the
    user's files untouched."""
    good_dir, good = good_output
    out = tmp_path / "out"
    shutil.copytree(good_dir, out)
    assert snapshot(out) == good
    for name, value in opts.get("patch", {}).items():
        module, attr = name.rsplit(".", 1)
        monkeypatch.setattr(module + "." + attr, value)
    breaker(issue_copy)
    before = snapshot(tmp_path, skip=out)
    args = opts.get("args", ["build", str(ISSUE), "-o", "out"]) + opts.get("extra", [])
    code, stdout, stderr = run_cli(args, tmp_path, opts.get("env"))
    message = stderr.replace(str(ISSUE) + "/", "").replace(str(tmp_path) + "/", "")
    prefix = "environment" if opts.get("code", 2) == 3 else "error"
    assert message == f"broadsheet: {prefix}: {expected}\n"
    assert code == opts.get("code", 2)
    assert stdout == ""
    assert snapshot(out) == good, "the good output changed"
    assert snapshot(tmp_path, skip=out) == before, "the user's files changed"
    shutil.rmtree(tmp_path / "issues")  # a passed case keeps nothing big (the 50 MB manifest)


def test_corpus_is_large_and_ids_unique():
    ids = [case[0] for case in ALL_CASES]
    assert len(ids) >= 120 and len(set(ids)) == len(ids)


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
