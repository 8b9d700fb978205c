"""Real content, no surprises (issue 7): text kept as typed, exit codes,
the environment, caches, reads only where allowed, --pages, check measuring
ink, galley finding an issue's photos. Each case asserts the right value or
the exact message and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from conftest import ROOT
from layout.model.errors import InputError
from layout.model.manifest import load_issue


def cli(*args, cwd=None, env=None):
    full = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "layout", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=full, timeout=120)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PARK = "articles/park-economy.yaml"


# ---------------------------------------------------------------- text as typed

@pytest.mark.parametrize("typed", ["0755", "12:30", "3.10", "1_000", "0x1F", "010", "1e3", "yes", "no", "on",
                                   "null_", "~x", "+1", ".5", "2020-12-21", "true", "0o17", "1:2:3"])
def test_text_fields_keep_what_was_typed(issue_copy, typed):
    """Was: headline 0755 printed 493, 12:30 printed 750, 3.10 printed 3.1,
    1_000 printed 1000, 0x1F printed 31 (YAML 1.1 typing)."""
    edit(issue_copy / PARK, "headline: 务实深化改革 提升亩均效益 加快推动工业园区高质量发展", f"headline: {typed}")
    edit(issue_copy / PARK, '  - "■本报记者 罗文鹏"', f"  - {typed}")
    edit(issue_copy / PARK, "dateline: 本报讯", f"dateline: {typed}")
    art = load_issue(issue_copy).pages[0].placements[0].article
    assert (art.headline, art.bylines, art.dateline) == (typed, [typed], typed)


def test_typed_headline_and_page_id_print_as_typed(issue_copy, tmp_path):
    """A byline 010 prints 010; page: 010 writes 010.pdf (was 8.pdf)."""
    edit(issue_copy / PARK, "headline: 务实深化改革 提升亩均效益 加快推动工业园区高质量发展", "headline: 0755 12:30 3.10")
    edit(issue_copy / "pages/A01.yaml", "page: A01", "page: 010")
    res = cli("build", issue_copy, "-o", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["010.pdf", "2020-12-21.pdf", "build.json"]
    with pdfplumber.open(tmp_path / "out" / "010.pdf") as pdf:
        chars = [c for c in pdf.pages[0].chars if c["size"] > 20]
        text = "".join(c["text"] for c in sorted(chars, key=lambda c: (round(-c["top"]), c["x0"])))
    assert "075512:303.10" in text.replace(" ", "").replace("\u3000", "")


def test_null_words_are_no_value_and_empty_quotes_are_empty(issue_copy):
    edit(issue_copy / PARK, "deck: 全市", "deck: ~\nx_deck: 全市")
    with pytest.raises(InputError, match="x_deck: expected one of the fields"):
        load_issue(issue_copy)


# ---------------------------------------------------------------- exit codes, no traceback


def test_exit_codes_are_in_help():
    res = cli("--help")
    assert res.returncode == 0
    assert "Exit codes: 0 done (warnings allowed); 1 check, fonts --check or build --strict" in \
        " ".join(res.stdout.split())
    assert "3 the environment stops" in " ".join(cli("build", "--help").stdout.split())


def test_unusable_input_and_environment_exit_2_and_3_in_a_new_process(issue_copy, tmp_path):
    (tmp_path / "afile").write_text("x")
    res = cli("build", issue_copy, "-o", tmp_path / "afile" / "out")
    assert (res.returncode, res.stdout) == (3, "")
    assert res.stderr == f"broadsheet: environment: cannot make the output folder: a file is in the way: " \
                         f"{tmp_path / 'afile'}\n"
    res = cli("build", issue_copy, "-o", tmp_path / "out", env={"SOURCE_DATE_EPOCH": "abc"})
    assert res.returncode == 2 and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_output_checked_before_layout(issue_copy, tmp_path, monkeypatch):
    """An output folder that cannot be written stops the run before any page is laid out."""
    import layout.publish.build as b
    from layout.model.errors import EnvError

    calls = []
    monkeypatch.setattr(b, "make_issue", lambda *a, **k: calls.append(a))
    (tmp_path / "afile").write_text("x")
    with pytest.raises(EnvError):
        b.build(issue_copy, tmp_path / "afile" / "out")
    assert calls == []


def test_galley_measure_nan_refused(tmp_path):
    (tmp_path / "t.txt").write_text("正文。\n", encoding="utf-8")
    for bad in ("nan", "inf", "-inf", "1e999"):
        res = cli("galley", tmp_path / "t.txt", "--measure", bad, "-o", tmp_path / "g.pdf")
        assert res.returncode == 2
        assert "is not a finite number from 2 to 200" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "g.pdf").exists()


def test_fonts_check_reads_a_bounded_regular_file(tmp_path):
    res = cli("fonts", "--check", "@/dev/zero")
    assert (res.returncode, res.stderr) == (2, "broadsheet: error: /dev/zero: expected a UTF-8 text file "
                                                "(this is not a regular file)\n")
    big = tmp_path / "big.txt"
    big.write_bytes("字".encode() * (1024 * 1024))
    res = cli("fonts", "--check", f"@{big}")
    assert res.returncode == 2
    assert res.stderr.endswith(": expected a file of at most 2 MB (2,097,152 bytes), found 3,145,728 bytes\n")


def test_galley_bounded(tmp_path):
    text = tmp_path / "long.txt"
    text.write_text(("正" * 1000 + "\n") * 201, encoding="utf-8")
    res = cli("galley", text, "-o", tmp_path / "g.pdf")
    assert res.returncode == 2
    assert res.stderr == f"broadsheet: error: {text}: expected a galley of at most 200,000 characters " \
                         "(proof a longer text in parts), found 201,000 characters\n"


def test_escaped_controls_in_findings(issue_copy, tmp_path):
    """Raw NUL or ESC never reaches a terminal: findings and messages escape them."""
    from layout.model.errors import escape

    assert escape("a\x1b[2Jb\x00c\u202ed") == "a\\x1b[2Jb\\x00c\\u202ed"
    assert str(InputError("f\x1b.yaml", "x", "text", "y\x07")) == "f\\x1b.yaml: x: expected text, found 'y\\x07'"


# ---------------------------------------------------------------- caches


def test_corrupt_or_unusable_cache_is_remade_or_bypassed(issue_copy, tmp_path):
    """Was: a metrics cache with ``advance: []`` or ``upem: 0``, or a cache
    path that is a file, stopped the build with a traceback."""
    from layout.text.fonts import FontSet

    cache = tmp_path / "cache"
    env = {"BROADSHEET_CACHE": str(cache)}
    assert cli("fonts", env=env).returncode == 0
    entries = sorted((cache / "metrics").iterdir())
    assert len(entries) == 4
    for n, entry in enumerate(entries):
        data = json.loads(entry.read_text())
        data.update([{"advance": []}, {"upem": 0}, {"ink": None}, {}][n])
        entry.write_text("{" if n == 3 else json.dumps(data))
    res = cli("build", issue_copy, "-o", tmp_path / "out", env=env)
    assert res.returncode == 0, res.stderr
    good = FontSet.load()
    for entry in entries:
        assert json.loads(entry.read_text())["upem"] == 1000  # made again
    (tmp_path / "file").write_text("not a folder")
    res = cli("build", issue_copy, "-o", tmp_path / "out2", env={"BROADSHEET_CACHE": str(tmp_path / "file")})
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "out" / "A01.pdf").read_bytes() == (tmp_path / "out2" / "A01.pdf").read_bytes()
    assert good.faces["song"].cmap


def test_licensed_face_may_be_embedded(tmp_path):
    """A face whose fsType forbids embedding is used when fonts.yaml marks it licensed."""
    import datetime as dt

    from test_bad_input import small_ttf

    from layout.makeup.display import GlyphRun, PageList
    from layout.publish.build import _check_licences
    from layout.text.fonts import FontSet

    (tmp_path / "square.ttf").write_bytes(small_ttf(0x0102))
    text = (ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8")
    for name in ("NotoSerifSC-Regular.ttf", "NotoSerifSC-Black.ttf", "NotoSansSC-Bold.ttf", "LXGWWenKai-Regular.ttf"):
        text = text.replace(f"file: {name}", f"file: {ROOT / 'fonts' / name}")
    cfg = tmp_path / "fonts.yaml"
    cfg.write_text(text.replace("faces:\n", "faces:\n  square: {file: square.ttf, licensed: [embedding, subsetting]}\n")
                   .replace("masthead: song-heavy", "masthead: square"), encoding="utf-8")
    fs = FontSet.load(cfg)
    assert fs.faces["square"].fs_type == 0x0102 and fs.faces["square"].licence_problem() == ""
    page = PageList("A", 200, 100, runs=[GlyphRun("square", 20, 10, [10], "衡", "masthead")])
    _check_licences(fs, [page])
    from layout.render.pdf import render_pdf
    assert render_pdf([page], fs, title="t", author="t", subject="t", date=dt.date(2020, 12, 21))[:5] == b"%PDF-"


# ---------------------------------------------------------------- reads only where allowed


def test_assets_on_shared_storage_need_an_assets_root(issue_copy, tmp_path_factory):
    """An asset folder outside the issue's archive is refused unless named
    under --assets-root (or BROADSHEET_ASSETS_ROOTS)."""
    shared = tmp_path_factory.mktemp("shared")
    (shared / "photos").mkdir()
    (shared / "photos" / "photo-news.jpg").write_bytes((ROOT / "assets" / "photo-news.jpg").read_bytes())
    edit(issue_copy / "issue.yaml", "assets: [../../assets]", f"assets: [{shared / 'photos'}]")
    with pytest.raises(InputError, match=r"assets\[0\]: expected a folder inside an asset root"):
        load_issue(issue_copy)
    issue = load_issue(issue_copy, [shared])
    assert issue.assets == [(shared / "photos").resolve()]
    os.environ["BROADSHEET_ASSETS_ROOTS"] = str(shared)
    try:
        assert load_issue(issue_copy).assets == [(shared / "photos").resolve()]
    finally:
        del os.environ["BROADSHEET_ASSETS_ROOTS"]


def test_nothing_opened_in_a_refused_asset_folder(issue_copy, monkeypatch):
    """Was: assets: [/] embedded a file from an unrelated folder, and
    /etc/passwd was opened before being refused."""
    import builtins

    opened = []
    real = builtins.open
    monkeypatch.setattr(builtins, "open", lambda f, *a, **k: (opened.append(str(f)), real(f, *a, **k))[1])
    edit(issue_copy / "issue.yaml", "assets: [../../assets]", "assets: [/]")
    edit(issue_copy / "articles/craft-market-photo.yaml", "file: photo-news.jpg", "file: etc/passwd")
    with pytest.raises(InputError, match="not a filesystem root"):
        load_issue(issue_copy)
    assert not [f for f in opened if f.startswith(("/etc", "/proc"))]


# ---------------------------------------------------------------- builds: --pages, --strict, warnings


def _two_pages(issue: Path) -> None:
    """The sample issue with a second page A02: the sample page's articles
    copied under other ids (an inner page, no masthead)."""
    arts = issue / "articles"
    page = (issue / "pages" / "A01.yaml").read_text(encoding="utf-8")
    page = page.replace("page: A01", "page: A02").replace("masthead: {column: 1, span: 6, row: 1, height: 14}\n", "")
    for f in sorted(arts.glob("*.yaml")):
        text = f.read_text(encoding="utf-8").replace(f"id: {f.stem}", f"id: {f.stem}-2")
        (arts / f"{f.stem}-2.yaml").write_text(text, encoding="utf-8")
        page = page.replace(f"../articles/{f.name}", f"../articles/{f.stem}-2.yaml")
    page = page.replace("row: 1, height: 14}", "row: 3, height: 12}")
    (issue / "pages" / "A02.yaml").write_text(page, encoding="utf-8")
    edit(issue / "issue.yaml", "pages: [pages/A01.yaml]", "pages: [pages/A01.yaml, pages/A02.yaml]")


def test_pages_rebuild_keeps_issue_pdf_and_build_json_whole_and_current(issue_copy, tmp_path):
    """Was: build --pages A02 after an edit left the issue PDF with the old
    A02 and build.json listing A02 only."""
    _two_pages(issue_copy)
    out = tmp_path / "out"
    assert cli("build", issue_copy, "-o", out).returncode == 0
    a01 = (out / "A01.pdf").read_bytes()
    edit(issue_copy / "articles/park-economy-2.yaml", "headline: 务实深化改革", "headline: 新标题务实深化改革")
    res = cli("build", issue_copy, "-o", out, "--pages", "A02")
    assert res.returncode == 0, res.stderr
    report = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert [p["page"] for p in report["pages"]] == ["A01", "A02"]
    assert sorted(report["outputs"]) == ["2020-12-21.pdf", "A01.pdf", "A02.pdf"]
    import hashlib
    for name, meta in report["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == meta["sha256"]
    assert (out / "A01.pdf").read_bytes() == a01
    with pdfplumber.open(out / "2020-12-21.pdf") as pdf:
        assert len(pdf.pages) == 2
        assert "新标题" in pdf.pages[1].extract_text().replace(" ", "")
    full = tmp_path / "full"
    assert cli("build", issue_copy, "-o", full).returncode == 0
    for name in report["outputs"]:
        assert (full / name).read_bytes() == (out / name).read_bytes(), name


def test_strict_build_exits_1_on_findings_that_must_be_fixed(issue_copy, tmp_path):
    edit(issue_copy / "pages/A01.yaml", "row: 66, height: 24}", "row: 66, height: 16}")
    assert cli("build", issue_copy, "-o", tmp_path / "a").returncode == 0
    res = cli("build", issue_copy, "-o", tmp_path / "b", "--strict")
    assert res.returncode == 1
    # the overset text, and the hole the shorter block leaves under it
    assert res.stderr.splitlines()[-1] == "broadsheet: --strict: 2 finding(s) must be fixed (see `broadsheet check`)"
    assert (tmp_path / "b" / "build.json").is_file()


def test_pillow_warnings_become_findings(issue_copy, tmp_path):
    """A photo whose EXIF block is corrupt: a warning finding, no line of
    Pillow's on stderr."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 1
    raw = exif.tobytes()
    bad = raw[:10] + b"\xff\xff\xff\xff" + raw[14:]  # an IFD offset past the end
    Image.new("RGB", (800, 600), (90, 90, 90)).save(issue_copy / "articles" / "x.jpg", exif=bad)
    edit(issue_copy / "articles/craft-market-photo.yaml", "file: photo-news.jpg", "file: x.jpg")
    res = cli("build", issue_copy, "-o", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    assert "site-packages" not in res.stderr and "Warning" not in res.stderr
    report = json.loads((tmp_path / "out" / "build.json").read_text(encoding="utf-8"))
    notes = [(w["article"], w["message"]) for w in report["warnings"] if w["kind"] == "photo_warning"]
    assert notes == [("craft-market-photo", "photo x.jpg: Corrupt EXIF data. Expecting to read 2 bytes but only got 0.")]
    assert "warning: A01 craft-market-photo: photo x.jpg: Corrupt EXIF data." in res.stderr


# ---------------------------------------------------------------- check measures ink


def test_line_end_mark_whose_ink_stays_inside_is_not_an_overflow():
    """Was: "line wider than its column" for a line whose line-end 。 hangs
    past the measure by its blank half: the box passes the edge, the ink does not."""
    from layout.text.compose import Line, PlacedGlyph
    from layout.text.fonts import FontSet
    from layout.text.ink import ink_extent, ink_overflow

    fs = FontSet.load()
    size, measure = 9.0, 117.0
    glyphs = [PlacedGlyph(c, k * size, "body", "song") for k, c in enumerate("型农业经营主体四千三百余")]
    glyphs.append(PlacedGlyph("。", 12 * size + 0.5 * size - 0.01, "body", "song"))  # box to 121.5 pt
    line = Line(glyphs, measure + 4.5, False, "型农业经营主体四千三百余。")
    left, right = ink_extent(line, size, fs)
    assert right < measure and ink_overflow(line, measure, size, fs) == 0
    glyphs[-1] = PlacedGlyph("国", 12 * size + 0.5 * size, "body", "song")  # a Han character inks its box
    assert ink_overflow(Line(glyphs, 0, False, ""), measure, size, fs) == pytest.approx(4.5, abs=0.6)


def test_overflow_message_shows_the_whole_line_and_where_it_is():
    from layout.makeup.checks import overflow_finding
    from layout.model.issue import Article
    from layout.text.compose import ComposeStyle, PlacedGlyph, compose
    from layout.text.fonts import FontSet

    fs = FontSet.load()
    style = ComposeStyle(size=9.0, measure=117.0)
    body = ["一二三。", "型农业经营主体四千三百余家国家级企业在园区落户，带动就业人数超过三万人。"]
    art = Article("a1", "story", Path("a1.yaml"), headline="h", body=body)
    line = compose([(body[1], "body")], fs, style)[1]
    assert overflow_finding(line, 117.0, 9.0, fs, "A01", art, style) is None
    k = max(n for n, g in enumerate(line.glyphs) if "\u4e00" <= g.ch <= "\u9fff")
    g = line.glyphs[k]
    line.glyphs[k] = PlacedGlyph(g.ch, 117.0 - 4.0, g.role, g.face)  # a Han character 5 pt past the edge
    f = overflow_finding(line, 117.0, 9.0, fs, "A01", art, style)
    assert f.kind == "overflow" and f.severity == "error"
    assert f.message == f"line wider than its column: its ink passes the edge by 5.0 pt (page A01, article a1, " \
                        f"paragraph 2, line 2): {line.text}"
    assert len(line.text) >= 12  # the whole line, not its first twelve characters


# ---------------------------------------------------------------- galley


def test_galley_of_an_article_finds_its_photo_in_the_issue_assets(issue_copy, tmp_path):
    """Was: galley of articles/craft-market-photo.yaml refused its photo (it is
    in the asset folder issue.yaml names, not beside the article)."""
    res = cli("galley", issue_copy / "articles" / "craft-market-photo.yaml", "-o", tmp_path / "g.pdf")
    assert res.returncode == 0, res.stderr
    with pdfplumber.open(tmp_path / "g.pdf") as pdf:
        assert "小朋友" in pdf.pages[0].extract_text().replace(" ", "")


def test_pages_rebuild_renders_only_what_changed(issue_copy, tmp_path, monkeypatch):
    """--pages A02 renders A02 and the issue PDF; A01, unchanged, is taken
    from the previous build (its display list is the same)."""
    import layout.render.pdf as pdf
    from layout.publish.build import build

    _two_pages(issue_copy)
    out = tmp_path / "out"
    build(issue_copy, out)
    rendered = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda pages, *a, **k: (rendered.append([p.id for p in pages]),
                                                                   real(pages, *a, **k))[1])
    edit(issue_copy / "articles/park-economy-2.yaml", "headline: 务实深化改革", "headline: 改")
    build(issue_copy, out, pages=["A02"])
    assert rendered == [["A02"], ["A01", "A02"]]
    rendered.clear()
    edit(issue_copy / "articles/park-economy.yaml", "headline: 务实深化改革", "headline: 改")
    build(issue_copy, out, pages=["A02"])  # A01 changed too: rendered, not taken stale
    assert rendered == [["A01"], ["A02"], ["A01", "A02"]]
