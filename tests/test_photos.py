"""Photos printed right: EXIF orientation first, every mode Pillow opens to a
correct grey, transparency on white, the crop after the rotation; the
embedded image decoded from the PDF matches Pillow's own conversion of the
oriented, flattened source within 3 levels (JPEG loss included); the disk
cache changes no byte; photos without room are an error naming the article.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageOps

from layout.model.photo import print_jpeg, probe, to_grey
from layout.text.fonts import sha256_file

W_PT, H_PT = 60.0, 40.0  # printed size: 250 x 167 pixels at 300 ppi


def mad(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two grey images of one size, in levels."""
    assert a.size == b.size and a.mode == b.mode == "L"
    pa, pb = a.tobytes(), b.tobytes()
    return sum(abs(x - y) for x, y in zip(pa, pb)) / len(pa)


def scene(size=(240, 160)) -> Image.Image:
    """An RGB picture with structure in both directions: a gradient, a dark
    bar on the right third and a light block at the top left."""
    w, h = size
    im = Image.new("RGB", size)
    im.putdata([((x * 255) // w, (y * 255) // h, 90) for y in range(h) for x in range(w)])
    im.paste((20, 20, 20), (2 * w // 3, 0, w, h))
    im.paste((240, 240, 200), (0, 0, w // 4, h // 4))
    return im


def reference(im: Image.Image) -> Image.Image:
    """Pillow's own conversion to L of the oriented, flattened picture, scaled
    to what print_jpeg embeds (independent of layout/model/photo.py)."""
    im = ImageOps.exif_transpose(im)
    if im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info:
        rgba = im.convert("RGBA")
        im = Image.alpha_composite(Image.new("RGBA", im.size, (255, 255, 255, 255)), rgba)
    return im.convert("L")


def crop_for(size, aspect):
    w, h = size
    if w / h > aspect:
        cw = round(h * aspect)
        return ((w - cw) // 2, 0, (w - cw) // 2 + cw, h)
    ch = round(w / aspect)
    return (0, (h - ch) // 2, w, (h - ch) // 2 + ch)


def printed(path, crop, w=W_PT, h=H_PT) -> Image.Image:
    return Image.open(io.BytesIO(print_jpeg(path, crop, w, h)))


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    from layout.model import photo
    photo._PRINTED.clear()


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_applied_before_the_crop(tmp_path, orientation):
    """Was: orientation 6 or 8 printed with the right third solid black (the
    crop computed on the stored pixels, then rotated)."""
    stored = scene((240, 160))
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / "o.jpg"
    stored.save(path, quality=95, exif=exif)
    info = probe(path, tmp_path / "a.yaml", "photos[0].file", sha256_file(path))
    seen = (160, 240) if orientation in (6, 8) else (240, 160)
    assert info.pixels == seen  # the size reported is the oriented one
    crop = crop_for(seen, W_PT / H_PT)
    got = printed(path, crop)
    want = reference(Image.open(path)).crop(crop).resize(got.size, Image.LANCZOS)
    assert mad(got, want) < 3


def _save(im: Image.Image, path, **kw):
    im.save(path, **kw)
    return path


def modes(tmp_path):
    """One file per mode Pillow opens, with what each pixel must print as."""
    base = scene((120, 80))
    grey = base.convert("L")
    out = {
        "1": _save(grey.convert("1"), tmp_path / "m1.png"),
        "L": _save(grey, tmp_path / "mL.png"),
        "RGB": _save(base, tmp_path / "mRGB.png"),
        "CMYK": _save(base.convert("CMYK"), tmp_path / "mCMYK.tif"),
        "P": _save(base.convert("P", dither=Image.Dither.NONE), tmp_path / "mP.png"),
    }
    rgba = base.convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize(base.size))
    out["RGBA"] = _save(rgba, tmp_path / "mRGBA.png")
    la = grey.convert("LA")
    la.putalpha(Image.linear_gradient("L").rotate(90).resize(base.size))
    out["LA"] = _save(la, tmp_path / "mLA.png")
    p = base.convert("P", dither=Image.Dither.NONE)
    p.info["transparency"] = p.getpixel((100, 40))  # the dark bar's index: transparent
    out["P+transparency"] = _save(p, tmp_path / "mPt.png", transparency=p.getpixel((100, 40)))
    return out


def test_every_mode_prints_as_pillows_grey(tmp_path):
    for mode, path in modes(tmp_path).items():
        src = Image.open(path)
        crop = crop_for(src.size, W_PT / H_PT)
        got = printed(path, crop)
        want = reference(src).crop(crop)
        want = want.resize(got.size, Image.LANCZOS) if want.size != got.size else want
        assert mad(got, want) < 3, mode


def test_transparent_pixels_print_white_not_their_hidden_colour(tmp_path):
    """Was: RGBA (255, 0, 0, 0) printed grey 76; LA and palette transparency black."""
    cases = {
        "rgba.png": Image.new("RGBA", (100, 100), (255, 0, 0, 0)),
        "la.png": Image.new("LA", (100, 100), (0, 0)),
    }
    for name, im in cases.items():
        im.save(tmp_path / name)
    pal = Image.new("P", (100, 100), 0)
    pal.putpalette([0, 0, 0] * 256)
    pal.save(tmp_path / "p.png", transparency=0)
    for name in [*cases, "p.png"]:
        got = printed(tmp_path / name, (0, 0, 100, 100), 20, 20)
        assert got.getextrema()[0] >= 250, name
        assert probe(tmp_path / name, tmp_path / "a.yaml", "f", sha256_file(tmp_path / name)).transparent


@pytest.mark.parametrize("mode, value, level", [
    ("I;16", 32896, 128), ("I;16", 65535, 255), ("I;16B", 16448, 64),
    ("I", 40000, 156), ("I", 200, 200), ("F", 0.5, 128), ("F", 1.0, 255), ("F", 100.0, 100)])
def test_wide_grey_scaled_from_its_range(tmp_path, mode, value, level):
    """Was: 16-bit grey printed almost white (clipped at 255) and float grey
    black (0.0-1.0 truncated to 0 and 1)."""
    im = Image.new(mode, (60, 40), value)
    assert abs(to_grey(im).getpixel((0, 0)) - level) <= 1


def test_sixteen_bit_png_and_tiff_files(tmp_path):
    """A 16-bit gradient written as PNG and as TIFF prints as its 8-bit self."""
    ramp = Image.linear_gradient("L").resize((128, 64))
    wide = Image.new("I;16", ramp.size)
    wide.putdata([v * 257 for v in ramp.tobytes()])
    for name in ("w16.png", "w16.tif"):
        wide.save(tmp_path / name)
        src = Image.open(tmp_path / name)
        assert src.mode.startswith("I")
        got = printed(tmp_path / name, (0, 0, 128, 64), 30, 15)
        want = ramp.resize(got.size, Image.LANCZOS) if got.size != ramp.size else ramp
        assert mad(got, want) < 3, name
    flt = Image.new("F", ramp.size)
    flt.putdata([v / 255 for v in ramp.tobytes()])
    flt.save(tmp_path / "f.tif")
    got = printed(tmp_path / "f.tif", (0, 0, 128, 64), 30, 15)
    assert mad(got, ramp.resize(got.size) if got.size != ramp.size else ramp) < 3


def test_cache_changes_no_byte_and_a_corrupt_entry_is_made_again(tmp_path, monkeypatch):
    from layout.model import photo

    src = tmp_path / "s.jpg"
    scene((300, 200)).save(src, quality=90)
    first = print_jpeg(src, (0, 0, 300, 200), 30, 20)
    entries = list((tmp_path / "cache" / "photos").iterdir())
    assert len(entries) == 1
    photo._PRINTED.clear()
    assert print_jpeg(src, (0, 0, 300, 200), 30, 20) == first  # from the disk cache
    entries[0].write_bytes(entries[0].read_bytes()[:100] + b"garbage")
    photo._PRINTED.clear()
    assert print_jpeg(src, (0, 0, 300, 200), 30, 20) == first  # made again
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "file"))
    photo._PRINTED.clear()
    assert print_jpeg(src, (0, 0, 300, 200), 30, 20) == first  # no cache at all


def _photo_issue(issue_copy, name: str, im: Image.Image, **save):
    im.save(issue_copy / "articles" / name, **save)
    art = issue_copy / "articles" / "craft-market-photo.yaml"
    art.write_text(art.read_text(encoding="utf-8").replace("file: photo-news.jpg", f"file: {name}"),
                   encoding="utf-8")


def _embedded(pdf_path) -> Image.Image:
    with pikepdf.open(pdf_path) as pdf:
        for _, obj in pdf.pages[0].get_images().items():
            img = pikepdf.PdfImage(obj)
            assert img.colorspace == "/DeviceGray"
            return img.as_pil_image().convert("L")
    raise AssertionError("no image")


def test_rotated_jpeg_in_a_built_page(issue_copy, tmp_path):
    """End to end: a JPEG stored on its side (EXIF 6) prints upright, no black band."""
    stored = scene((480, 320))
    exif = Image.Exif()
    exif[0x0112] = 6
    _photo_issue(issue_copy, "side.jpg", stored, quality=95, exif=exif)
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "layout", "build", str(issue_copy), "-o", str(out)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    got = _embedded(out / "A01.pdf")
    upright = reference(Image.open(issue_copy / "articles" / "side.jpg"))
    assert upright.size == (320, 480)
    crop = crop_for(upright.size, got.width / got.height)
    want = upright.crop(crop).resize(got.size, Image.LANCZOS)
    assert mad(got, want) < 3
    # the right third is not a black band
    band = got.crop((2 * got.width // 3, 0, got.width, got.height))
    assert sum(band.tobytes()) / (band.width * band.height) > 40


@pytest.mark.parametrize("size, height", [((3000, 10), None), ((400, 300), 5)])
def test_photo_without_room_names_the_article(issue_copy, tmp_path, size, height):
    """Was: ValueError "Coordinate 'right' is less than 'left'" (3000 x 10 photo,
    or a place too small), and check said "-2456 ppi"."""
    _photo_issue(issue_copy, "odd.png", Image.new("L", size, 128))
    if height:  # the photo block's place cut to a few lines
        page = issue_copy / "pages" / "A01.yaml"
        page.write_text(page.read_text(encoding="utf-8").replace("row: 47, height: 43", f"row: 47, height: {height}"),
                        encoding="utf-8")
    # a layout problem for the editor, like overset: build writes the page
    # (exit 0) and names the article; check finds an error (exit 1)
    res = subprocess.run([sys.executable, "-m", "layout", "build", str(issue_copy), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    kind = "no room for photo 1" if height else "is cropped to"
    assert any(ln.startswith("error: A01 craft-market-photo: ") and kind in ln for ln in res.stderr.splitlines()), \
        res.stderr
    res = subprocess.run([sys.executable, "-m", "layout", "check", str(issue_copy), "--json"],
                         capture_output=True, text=True)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    found = json.loads(res.stdout)["findings"]
    assert any(f["article"] == "craft-market-photo" and f["severity"] == "error"
               and f["kind"] in ("photo_space", "photo_crop") for f in found)
    assert not any(f.get("data", {}).get("ppi", 0) < 0 for f in found)


def test_transparency_message_is_true(issue_copy):
    """check says a photo with transparent pixels is flattened on white, and
    only when some pixel is transparent."""
    from layout.publish.build import layout_issue
    from layout.publish.preflight import preflight

    rgba = scene((600, 400)).convert("RGBA")
    rgba.putalpha(200)
    _photo_issue(issue_copy, "t.png", rgba)
    _, fs, pages = layout_issue(issue_copy)
    [f] = [f for f in preflight(pages, fs) if f.kind == "transparency"]
    assert f.message == "photo t.png has transparent pixels: printed flattened on white"
    shutil.copy(issue_copy / "articles" / "t.png", issue_copy / "articles" / "t2.png")
    _photo_issue(issue_copy, "t.png", scene((600, 400)).convert("RGBA"))  # opaque alpha
    _, fs, pages = layout_issue(issue_copy)
    assert not [f for f in preflight(pages, fs) if f.kind == "transparency"]


def test_large_jpeg_decoded_at_reduced_scale_prints_the_same(tmp_path):
    """A JPEG many times larger than its print is decoded at 1/8 scale: the
    print still matches the full decode resampled, within 3 levels."""
    src = tmp_path / "big.jpg"
    scene((2400, 1600)).save(src, quality=90)
    crop = crop_for((2400, 1600), W_PT / H_PT)
    got = printed(src, crop)
    assert got.size == (250, 167)
    want = reference(Image.open(src)).crop(crop).resize(got.size, Image.LANCZOS)
    assert mad(got, want) < 3


def test_a_licence_line_longer_than_the_photo_goes_on_to_more_lines(tmp_path):
    """A photo one column wide whose licence line (rights) is longer than
    the column: every character of it is printed, in order, on lines of
    their own under the credit, inside the photo's width (it was cut to
    its first line)."""
    import pdfplumber
    import yaml

    root = Path(__file__).resolve().parents[1]
    issue = tmp_path / "issues" / "x"
    shutil.copytree(root / "issues" / "2024-05-20-specimen", issue)
    shutil.copytree(root / "assets", tmp_path / "assets")
    art = issue / "articles" / "dog-rules.yaml"
    data = yaml.safe_load(art.read_text(encoding="utf-8"))
    rights = "示例图片 Aitzol Berasategi 摄 CC BY 4.0 已转为灰度，裁切为竖幅"
    data["photos"][0] |= {"span": 1, "rights": rights}
    art.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (issue / "issue.yaml").write_text((issue / "issue.yaml").read_text(encoding="utf-8").replace(
        "pages: [pages/A01.yaml, pages/A02.yaml, pages/A03.yaml, pages/A04.yaml]", "pages: [pages/A02.yaml]"),
        encoding="utf-8")
    (issue / "pages" / "A02.yaml").write_text(
        "page: A02\nsection: 城事\narticles:\n"
        "  - {file: ../articles/dog-rules.yaml, place: {column: 1, span: 4, row: 1, height: auto}}\n"
        "blank:\n  - {column: 5, span: 4, row: 1, height: 115}\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "layout.cli", "build", str(issue), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=root)
    assert res.returncode == 0, res.stderr
    with pdfplumber.open(tmp_path / "out" / "A02.pdf") as pdf:
        page = pdf.pages[0]
        (image,) = page.images
        small = sorted((c for c in page.chars if c["size"] < 8 and image["bottom"] < c["top"] < image["bottom"] + 120
                        and c["x0"] < image["x1"] + 20),
                       key=lambda c: (round(c["top"]), c["x0"]))
    lines = sorted({round(c["top"]) for c in small})
    assert len(lines) >= 2
    assert "".join(c["text"] for c in small).replace(" ", "") == rights.replace(" ", "")
    assert all(image["x0"] - 0.5 <= c["x0"] and c["x1"] <= image["x1"] + 0.5 for c in small)


@pytest.mark.parametrize("mode, values, key, white", [
    ("1", [1, 0, 0, 1], 0, [True, True, True, True]),  # key 0: black pixels are transparent
    ("1", [1, 0, 0, 1], 1, [True, False, False, True]),  # key 1: white ones (white anyway)
    ("I;16", [1000, 65535, 0, 1000], 1000, [True, True, False, True]),
    ("I;16", [0, 30000, 0, 0], 0, [True, False, True, True]),
])
def test_a_keyed_transparent_colour_of_1_bit_and_16_bit_grey_prints_white(tmp_path, mode, values, key, white):
    """A PNG tRNS key on a 1-bit or 16-bit grey photo: those pixels print
    white, as every other transparent pixel does (they printed black: the
    key was honoured for 8-bit grey and palettes only), and probe says the
    photo is transparent."""
    im = Image.new(mode, (4, 1))
    im.putdata(values)
    path = tmp_path / "k.png"
    im.save(path, "PNG", transparency=key)
    assert probe(path, tmp_path / "a.yaml", "photos[0].file", sha256_file(path)).transparent
    with Image.open(path) as src:
        grey = to_grey(src)
    assert [grey.getpixel((x, 0)) == 255 for x in range(4)] == white


def test_the_printed_jpeg_is_embedded_as_it_is():
    """render.pdf.JpegReader names a photo by its JPEG's bytes and lets
    ReportLab embed the JPEG unchanged (DCT passthrough): the page's image
    is /DCTDecode, as wide and high as the printed JPEG, byte for byte that
    JPEG, and one image however often the same JPEG is drawn."""
    import datetime as dt

    from layout.makeup.display import PageList, Picture
    from layout.model.photo import print_jpeg
    from layout.render.pdf import render_pdf
    from layout.text.fonts import FontSet

    src = Path(__file__).resolve().parent.parent / "assets" / "photo-news.jpg"
    crop, w, h = (0, 0, 1600, 1000), 160.0, 100.0
    jpeg = print_jpeg(src, crop, w, h)
    pics = [Picture(src, 10.0, 10.0, w, h, (2572, 1740), crop), Picture(src, 10.0, 200.0, w, h, (2572, 1740), crop)]
    pdf = render_pdf([PageList("A01", 400.0, 400.0, pictures=pics)], FontSet.load(), title="t", author="t",
                     subject="t", date=dt.date(2020, 12, 21))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        images = [x for x in doc.pages[0].Resources.XObject.values() if x.Subtype == pikepdf.Name.Image]
        assert len(images) == 1
        image = images[0]
        assert [str(f) for f in image.Filter] == ["/DCTDecode"]  # no other filter over the JPEG
        shown = Image.open(io.BytesIO(jpeg))
        assert (int(image.Width), int(image.Height)) == shown.size
        assert image.read_raw_bytes() == jpeg
