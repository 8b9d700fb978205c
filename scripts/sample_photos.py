"""Make the specimen issue's photos (issues/2024-05-20-specimen) from Debian's
wallpaper packages: greyscale JPEG, at most 2400 px on the long side.

Usage::

    apt-get download lomiri-wallpapers-16.04 lomiri-wallpapers-20.04
    dpkg -x lomiri-wallpapers-16.04_*.deb pkg
    dpkg -x lomiri-wallpapers-20.04_*.deb pkg
    python scripts/sample_photos.py pkg/usr/share/backgrounds assets

Each output has a licence file beside it (assets/NAME.LICENSE.txt) naming the
package, the original file, its author and licence, and this change. The
conversion is Pillow's ``convert("L")`` (ITU-R BT.601 luma), a Lanczos
resize to fit 2400 px, and a baseline JPEG at quality 86 without EXIF, ICC or
comments; the same Pillow and libjpeg give the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

#: output name -> original file name in /usr/share/backgrounds
PHOTOS = {
    "bridge-cables.jpg": "Bridge_by_Sander_Klootwijk.jpg",
    "dogs-window.jpg": "friends_by_Aitzol_Berasategi.jpg",
    "paint-brushes.jpg": "Picture_1A_by_freespace.jpg",
    "dandelions.jpg": "seeding_by_Clements_Engelhardt.jpg",
    "tree-bird.jpg": "Kleiber_by_Lukas_Baubkus.jpg",
}
LONG_SIDE = 2400
QUALITY = 86


def convert(src: Path, dst: Path) -> tuple[int, int]:
    """Write ``src`` as a greyscale JPEG at ``dst``; returns its pixel size."""
    with Image.open(src) as im:
        grey = im.convert("L")
    scale = LONG_SIDE / max(grey.size)
    if scale < 1:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.LANCZOS)
    grey.save(dst, "JPEG", quality=QUALITY, optimize=True, progressive=False)
    return grey.size


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    src_dir, out_dir = Path(argv[1]), Path(argv[2])
    for out, name in PHOTOS.items():
        size = convert(src_dir / name, out_dir / out)
        print(f"{out}: {size[0]} x {size[1]}, {(out_dir / out).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
