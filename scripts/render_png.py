"""Render a page of a PDF to PNG with pypdfium2 (for the README picture and
for looking at pages).

Usage: python scripts/render_png.py PDF PNG [--dpi 72] [--page 1]
"""

import argparse

import pypdfium2 as pdfium


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("png")
    ap.add_argument("--dpi", type=float, default=72.0)
    ap.add_argument("--page", type=int, default=1)
    a = ap.parse_args()
    pdf = pdfium.PdfDocument(a.pdf)
    image = pdf[a.page - 1].render(scale=a.dpi / 72).to_pil().convert("L")
    image.save(a.png, optimize=True)


if __name__ == "__main__":
    main()
