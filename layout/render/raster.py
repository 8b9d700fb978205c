"""Page images from a rendered PDF, with pypdfium2, and the one conversion
from PDF points to image pixels.

A page image shows the page's trim at a chosen width in pixels. Hot zones,
image maps and anything else that points into an image use
:meth:`PixelGrid.to_px`, so the whole project converts points to pixels in
one place.

Images are greyscale (the print pages are DeviceGray) and encoded as WebP
(lossy, quality 82): at 1600 px wide a text-heavy broadsheet page is about a
third smaller than PNG or JPEG at the same legibility. Rendering and encoding
use no clock or randomness: the same PDF gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

#: WebP quality of the page images (0-100).
WEBP_QUALITY = 82
#: libwebp effort (0-6): 2 makes the 1600 px page 3 % larger than 4 in 60 % of the time.
WEBP_METHOD = 2


@dataclass(frozen=True)
class PixelGrid:
    """The pixel grid of a page image.

    Attributes:
        width, height: the image size in pixels.
        trim: the trim (x0, y0, x1, y1) the image shows, in PDF points,
            origin bottom left.
    """

    width: int
    height: int
    trim: tuple[float, float, float, float]

    @property
    def scale(self) -> float:
        """Pixels per point (``dpi / 72``), from the image width and the trim width."""
        return self.width / (self.trim[2] - self.trim[0])

    @property
    def dpi(self) -> float:
        """Pixels per inch of the image at the page's real size."""
        return self.scale * 72

    def to_px(self, x_pt: float, y_pt: float) -> tuple[float, float]:
        """A point (x, y) in PDF points -> (x, y) in image pixels, origin top left.

        Source: newspaper-typesetting.md section 7 (e-paper):
        ``x_px = (x_pt - trim_x0) * dpi / 72``, ``y_px = (trim_y1 - y_pt) * dpi / 72``,
        PDF points having their origin bottom left and image pixels top left.
        Rounded to 0.01 px.
        """
        k = self.dpi / 72
        return round((x_pt - self.trim[0]) * k, 2), round((self.trim[3] - y_pt) * k, 2)


@dataclass(frozen=True)
class PageImage:
    """An encoded page image: its bytes (WebP), pixel grid and media type."""

    data: bytes
    grid: PixelGrid
    media_type: str = "image/webp"


def render_page_images(pdf: bytes, widths: tuple[int, ...], page: int = 0) -> list[PageImage]:
    """Render one page of ``pdf`` at each of ``widths`` (pixels across the trim).

    The page's MediaBox is taken as its trim (reader and print pages without
    proof marks have no other box). Returns one :class:`PageImage` per width,
    in order.

    Raises:
        ValueError: a width below 16 pixels, or no such page.
    """
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        if not 0 <= page < len(doc):
            raise ValueError(f"page {page} of a {len(doc)}-page PDF")
        pg = doc[page]
        x0, y0, x1, y1 = pg.get_mediabox()
        out = []
        for w in widths:
            if w < 16:
                raise ValueError(f"image width {w} px: expected 16 or more")
            scale = w / (x1 - x0)
            image = pg.render(scale=scale, grayscale=True, fill_color=(255, 255, 255, 255)).to_pil().convert("L")
            buf = io.BytesIO()
            image.save(buf, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
            out.append(PageImage(buf.getvalue(), PixelGrid(image.width, image.height, (x0, y0, x1, y1))))
        return out
    finally:
        doc.close()


def web_photo(path, max_width: int = 1200, quality: int = 82) -> tuple[bytes, tuple[int, int]]:
    """A photo for a web page: EXIF orientation applied, no larger than
    ``max_width`` pixels across, JPEG without metadata. Returns (bytes, (width, height))."""
    from PIL import Image, ImageOps

    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        im = im.convert("L" if im.mode in ("L", "LA", "I", "I;16", "1") else "RGB")
        if im.width > max_width:
            im = im.resize((max_width, max(1, round(im.height * max_width / im.width))), Image.LANCZOS)
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
    return buf.getvalue(), im.size
