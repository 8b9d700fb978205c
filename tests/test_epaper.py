"""The e-paper without a browser: reader PDFs read back with pikepdf, pypdf
and pdfplumber; hot zones against the glyphs on the page; article JSON
against the manifests; the site root's index; determinism.

Uses the session fixture ``epaper_site`` (two issues, four pages: the
sample and a three-page copy); about 8 s in all with the fixture.
"""

from __future__ import annotations

import collections
import io
import json
import shutil
from pathlib import Path

import pdfplumber
import pikepdf
import pypdf
import pytest
from PIL import Image

from conftest import SAMPLE
from layout.model.errors import InputError
from layout.model.manifest import load_issue

DATES = ("2020-12-21", "2020-12-22")


def _models(issue_dir):
    issue = load_issue(issue_dir)
    return issue, {pl.article.id: pl.article for p in issue.pages for pl in p.placements}


def _epaper(env, date) -> Path:
    return env.outs[date] / "epaper" / date


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _title(article) -> str:
    """The title a reader sees, worked out here from the manifest alone."""
    if article.headline:
        return "".join(article.headline.split("\n"))
    if article.kind == "ad":
        return next(t for t, _, role in article.lines if role == "headline")
    return article.label


def test_epaper_files_of_every_page_and_article(epaper_site):
    for date in DATES:
        issue, models = _models(epaper_site.issues[date])
        root = _epaper(epaper_site, date)
        data = _json(root / "data" / "issue.json")
        assert [p["id"] for p in data["pages"]] == [p.id for p in issue.pages]
        assert sorted(a["id"] for a in data["articles"]) == sorted(models)
        for p in issue.pages:
            for rel in (f"{p.id}.html", f"pdf/{p.id}.pdf", f"images/{p.id}.webp", f"images/{p.id}.thumb.webp",
                        f"data/{p.id}.hotzones.json"):
                assert (root / rel).is_file(), rel
            with Image.open(root / f"images/{p.id}.webp") as im:
                assert im.size == (1600, 2236) and im.mode in ("L", "RGB")
            with Image.open(root / f"images/{p.id}.thumb.webp") as im:
                assert im.width == 240
        for aid in models:
            assert (root / f"articles/{aid}.html").is_file() and (root / f"data/articles/{aid}.json").is_file()
        assert (root / f"pdf/{date}.pdf").is_file()
    # the build's report lists the e-paper's files with the rest
    report = _json(epaper_site.outs["2020-12-21"] / "build.json")
    assert "epaper/2020-12-21/pdf/A01.pdf" in report["outputs"] and "A01.pdf" in report["outputs"]


def test_outline_lists_every_article_under_its_page(epaper_site):
    for date in DATES:
        issue, models = _models(epaper_site.issues[date])
        reader = pypdf.PdfReader(_epaper(epaper_site, date) / f"pdf/{date}.pdf")
        outline = reader.outline
        tops = [o for o in outline if not isinstance(o, list)]
        kids = [o for o in outline if isinstance(o, list)]
        assert [t.title for t in tops] == [f"第{p.id}版 {p.section}" for p in issue.pages]
        assert len(kids) == len([p for p in issue.pages if p.placements])
        for n, (page, children) in enumerate(zip(issue.pages, kids)):
            assert sorted(c.title for c in children) == sorted(_title(pl.article) for pl in page.placements)
            for c in children:
                assert reader.get_destination_page_number(c) == n
                assert tops[n].title.startswith(f"第{page.id}版")


def test_page_labels_are_the_page_ids(epaper_site):
    issue, _ = _models(epaper_site.issues["2020-12-22"])
    root = _epaper(epaper_site, "2020-12-22")
    assert pypdf.PdfReader(root / "pdf/2020-12-22.pdf").page_labels == ["A01", "A02", "A03"]
    for p in issue.pages:
        assert pypdf.PdfReader(root / f"pdf/{p.id}.pdf").page_labels == [p.id]


def test_reader_pdf_metadata_fonts_photos_linearized(epaper_site):
    path = _epaper(epaper_site, "2020-12-21") / "pdf/2020-12-21.pdf"
    with pikepdf.open(path) as pdf:
        assert pdf.is_linearized
        info = pdf.trailer.Info
        assert str(info.Title) == "衡阳日报 2020年12月21日"
        assert str(info.Author) == "衡阳日报" and str(info.Publisher) == "衡阳日报社"
        assert str(info.CreationDate).startswith("D:20201221")
        assert str(pdf.Root.Lang) == "zh-CN"
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "衡阳日报 2020年12月21日"
        assert set(meta["dc:language"]) == {"zh-CN"} and set(meta["dc:publisher"]) == {"衡阳日报社"}
        assert meta["dc:date"] == ["2020-12-21"] and meta["dc:creator"] == ["衡阳日报"]
        assert "pikepdf" not in str(meta.get("xmp:MetadataDate", "")) and "xmp:MetadataDate" not in meta
        fonts = [f for page in pdf.pages for f in page.Resources.Font.values()]
        assert fonts
        for f in fonts:
            assert "/FontFile2" in f.FontDescriptor, f.BaseFont  # embedded TrueType
            assert str(f.BaseFont)[7:8] == "+" and str(f.BaseFont)[1:7].isupper()  # a subset tag
    with pdfplumber.open(path) as pdf:
        images = pdf.pages[0].images
        assert len(images) == 1
        im = images[0]
        ppi = im["srcsize"][0] / (im["width"] / 72)
        assert 145 <= ppi <= 155, ppi
        assert im["stream"]["Filter"].name == "DCTDecode"
    # the print PDF keeps its 300 ppi photo: the reader's is the smaller file
    print_pdf = epaper_site.outs["2020-12-21"] / "A01.pdf"
    reader_pdf = _epaper(epaper_site, "2020-12-21") / "pdf/A01.pdf"
    assert reader_pdf.stat().st_size < 0.6 * print_pdf.stat().st_size


def _in(pt, poly) -> bool:
    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
    return min(xs) <= pt[0] <= max(xs) and min(ys) <= pt[1] <= max(ys)


def test_each_hot_zone_holds_exactly_its_articles_glyphs(epaper_site):
    for date in DATES:
        issue, models = _models(epaper_site.issues[date])
        root = _epaper(epaper_site, date)
        for page in issue.pages:
            zones = _json(root / f"data/{page.id}.hotzones.json")
            assert sorted(z["article"] for z in zones["zones"]) == sorted(pl.article.id for pl in page.placements)
            with pdfplumber.open(root / f"pdf/{page.id}.pdf") as pdf:
                height = pdf.pages[0].height
                chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
            found = collections.defaultdict(collections.Counter)
            for c in chars:
                centre = ((c["x0"] + c["x1"]) / 2, height - (c["top"] + c["bottom"]) / 2)
                owners = {z["article"] for z in zones["zones"] if any(_in(centre, p) for p in z["points"])}
                assert len(owners) <= 1, (c["text"], owners)
                if owners:
                    found[owners.pop()][c["text"]] += 1
            for z in zones["zones"]:
                art = models[z["article"]]
                expected = collections.Counter(ch for ch in art.text() + "".join(p.rights for p in art.photos)
                                               if not ch.isspace())
                assert found[z["article"]] == expected, z["article"]
                assert z["headline"] == _title(art)
                assert z["href"] == f"articles/{art.id}.html"


def test_hot_zone_pixels_follow_the_points(epaper_site):
    zones = _json(_epaper(epaper_site, "2020-12-21") / "data/A01.hotzones.json")
    x0, y0, x1, y1 = zones["trim"]
    for name, width in (("reading", 1600), ("thumb", 240)):
        k = width / (x1 - x0)  # pixels per point: dpi / 72
        assert zones["images"][name]["width"] == width
        assert zones["images"][name]["dpi"] == pytest.approx(72 * k, abs=1e-3)
        for z in zones["zones"]:
            for pts, pxs in zip(z["points"], z["pixels"][name]):
                for (xp, yp), (xx, yy) in zip(pts, pxs):
                    assert xx == pytest.approx((xp - x0) * k, abs=0.02)
                    assert yy == pytest.approx((y1 - yp) * k, abs=0.02)


def test_article_json_is_the_editors_text(epaper_site):
    issue, models = _models(epaper_site.issues["2020-12-22"])
    root = _epaper(epaper_site, "2020-12-22")
    page_of = {pl.article.id: p.id for p in issue.pages for pl in p.placements}
    datas = {}
    for aid, art in models.items():
        data = _json(root / f"data/articles/{aid}.json")
        assert data["body"] == art.body and data["bylines"] == art.bylines
        assert (data["kicker"], data["headline"], data["deck"], data["dateline"]) == \
            (art.kicker, art.headline, art.deck, art.dateline)
        assert data["page"] == page_of[aid] and data["pages"] == [page_of[aid]]
        assert [(p["caption"], p["credit"]) for p in data["photos"]] == [(p.caption, p.credit) for p in art.photos]
        for p in data["photos"]:
            with Image.open(root / p["image"]) as im:
                assert im.format == "JPEG" and im.size == (p["width"], p["height"]) and im.width <= 1200
        datas[aid] = data
    # previous / next: one chain through every article, page by page
    (cur,) = [a for a, d in datas.items() if d["prev"] is None]
    chain = []
    while cur:
        chain.append(cur)
        cur = datas[cur]["next"]
        assert cur is None or datas[cur]["prev"] == chain[-1]
    assert sorted(chain) == sorted(models)
    assert [page_of[a] for a in chain] == sorted(page_of[a] for a in chain)


def test_jump_links_lead_to_the_continuation(tmp_path):
    """Synthetic: A01 gets a jump line (下转第A02版) leading to
    party-building-case on A02 (nothing makes jumps yet: issue 9)."""
    from layout.makeup.display import Link
    from layout.publish.build import layout_issue
    from layout.publish.epaper import epaper_files
    from layout.render.pdf import render_pdf
    from multipage import make_multipage_issue

    issue, fonts, lists = layout_issue(make_multipage_issue(tmp_path))
    a01, a02 = lists[0], lists[1]
    lead = next(r for r in a01.regions if r.article == "park-economy")
    x0, y0, x1, _ = lead.bbox
    a01.links.append(Link(x1 - 60, y0 + 2, x1, y0 + 12, "A02", "party-building-case"))
    target = next(r for r in a02.regions if r.article == "party-building-case")
    tx, ty = target.bbox[0], target.bbox[3]
    meta = dict(author="t", date=issue.date)
    pdfs = {pl.id: render_pdf([pl], fonts, title=pl.id, subject="", **meta) for pl in lists}
    files = epaper_files(issue, lists, pdfs, render_pdf(lists, fonts, title="all", subject="", **meta))
    base = "epaper/2020-12-22/"
    with pikepdf.open(io.BytesIO(files[base + "pdf/2020-12-22.pdf"])) as pdf:
        (annot,) = pdf.pages[0].Annots
        assert annot.Subtype == "/Link"
        assert [float(v) for v in annot.Rect] == pytest.approx([x1 - 60, y0 + 2, x1, y0 + 12], abs=0.01)
        dest = annot.Dest
        assert dest[0].objgen == pdf.pages[1].obj.objgen and dest[1] == "/XYZ"
        assert (float(dest[2]), float(dest[3])) == pytest.approx((tx, ty), abs=0.01)
        assert "/Annots" not in pdf.pages[1] and "/Annots" not in pdf.pages[2]
    with pikepdf.open(io.BytesIO(files[base + "pdf/A01.pdf"])) as pdf:
        (annot,) = pdf.pages[0].Annots
        assert annot.A.S == "/GoToR" and str(annot.A.F) == "A02.pdf"
        assert int(annot.A.D[0]) == 0 and (float(annot.A.D[2]), float(annot.A.D[3])) == pytest.approx((tx, ty), abs=0.01)
    zones = json.loads(files[base + "data/A01.hotzones.json"])
    (link,) = zones["links"]
    assert link["target_page"] == "A02" and link["href"] == "A02.html#zone-party-building-case"
    html = files[base + "A01.html"].decode()
    assert 'href="A02.html#zone-party-building-case"' in html
    assert 'id="zone-party-building-case"' in files[base + "A02.html"].decode()


def test_same_input_same_bytes(epaper_site, tmp_path):
    """Two builds of the sample, one in this process and one by the command
    line in another: every e-paper file (reader PDFs, page images, JSON,
    HTML) byte for byte the same."""
    from layout.publish.build import build

    build(SAMPLE, tmp_path / "a", epaper=True)

    def files(out):
        return {p.relative_to(out): p.read_bytes() for p in (out / "epaper").rglob("*") if p.is_file()}

    a, b = files(tmp_path / "a"), files(epaper_site.outs["2020-12-21"])
    assert len(a) > 20 and a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_site_index_and_calendar_collect_issues(epaper_site, tmp_path):
    from layout.publish.site import add_to_site

    index = _json(epaper_site.site / "issues.json")
    assert [e["date"] for e in index["issues"]] == list(DATES) and index["newspaper"] == "衡阳日报"
    archive = (epaper_site.site / "archive.html").read_text(encoding="utf-8")
    for e in index["issues"]:
        assert f'href="{e["first"]}"' in archive and (epaper_site.site / e["first"]).is_file()
    assert "2020-12-22/A01.html" in (epaper_site.site / "index.html").read_text(encoding="utf-8")  # the latest
    # adding an issue again replaces it; the index keeps one entry a date
    site = tmp_path / "site"
    shutil.copytree(epaper_site.site, site)
    add_to_site(site, epaper_site.outs["2020-12-21"] / "epaper", search=False)
    assert [e["date"] for e in _json(site / "issues.json")["issues"]] == list(DATES)
    assert not [p for p in site.iterdir() if p.name.startswith(".")]
    # an issue moved aside by an interrupted run is put back
    (site / "2020-12-21").rename(site / ".trash-2020-12-21-99")
    add_to_site(site, epaper_site.outs["2020-12-22"] / "epaper", search=False)
    assert (site / "2020-12-21" / "A01.html").is_file()


def test_site_refuses_a_damaged_index_or_another_paper(epaper_site, tmp_path):
    from layout.publish.site import add_to_site

    site = tmp_path / "site"
    site.mkdir()
    (site / "issues.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="issues.json: expected a site index written by broadsheet"):
        add_to_site(site, epaper_site.outs["2020-12-21"] / "epaper", search=False)
    (site / "issues.json").write_text(json.dumps({"format": 1, "newspaper": "湘江晚报", "issues": [
        {"date": "2020-01-01", "path": "2020-01-01/"}]}), encoding="utf-8")
    with pytest.raises(InputError, match="newspaper: expected issues of 湘江晚报 only"):
        add_to_site(site, epaper_site.outs["2020-12-21"] / "epaper", search=False)
    with pytest.raises(InputError, match="expected a site index"):
        add_to_site(site, tmp_path / "nothing-built-here", search=False)


def test_cli_build_epaper_and_site(epaper_site):
    out = epaper_site.cli.stdout.split("\n")
    assert any(line.endswith("epaper/2020-12-21/pdf/2020-12-21.pdf") for line in out)
    assert "issue 2020-12-21 added" in epaper_site.cli.stderr
    assert (epaper_site.site / "pagefind" / "pagefind.js").is_file()


def test_every_html_page_is_chinese_and_every_image_has_alt_text(epaper_site):
    from html.parser import HTMLParser

    class Page(HTMLParser):
        def __init__(self):
            super().__init__()
            self.lang, self.images, self.bare = None, 0, []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "html":
                self.lang = a.get("lang")
            if tag == "img":
                self.images += 1
                if not (a.get("alt") or "").strip():
                    self.bare.append(a.get("src"))

    pages = [p for p in epaper_site.site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) == 3 + 2 + (1 + 3) + 2 * 7  # root pages, two issue redirects, four pages, articles
    images = 0
    for path in pages:
        parser = Page()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.lang == "zh-CN", path
        assert parser.bare == [], path
        images += parser.images
    assert images > 10


def test_site_without_pagefind_says_so(epaper_site, tmp_path, monkeypatch):
    from layout.publish import site as site_mod

    monkeypatch.setattr(site_mod, "pagefind_available", lambda: False)
    result = site_mod.add_to_site(tmp_path / "site", epaper_site.outs["2020-12-21"] / "epaper")
    assert not result.search and "pagefind is not installed" in result.notes[0]
    assert not (tmp_path / "site" / "pagefind").exists()
    assert "尚未建立检索索引" in (tmp_path / "site" / "search.html").read_text(encoding="utf-8")
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="expected a folder for the e-paper site"):
        site_mod.add_to_site(tmp_path / "file", epaper_site.outs["2020-12-21"] / "epaper")
