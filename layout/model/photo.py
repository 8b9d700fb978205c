"""Photos, from the file to the print-ready JPEG, in one place (Pillow only).

The pipeline, in order:

1. :func:`open_photo`: open (JPEG, PNG or TIFF only; Pillow's
   decompression-bomb limit is an error, not a warning), decode whole (a
   truncated file is found at load, not while the PDF is written), apply the
   EXIF orientation (before anything else: every size and crop is of the
   photo as it is seen; an unreadable orientation is 1, with a note).
2. :func:`to_grey`: every mode Pillow opens to 8-bit grey: transparency
   (alpha, a palette's or a colour's transparency) flattened on white;
   16-bit and 32-bit integer grey scaled from their range (0-65535; 0-255
   when the values stay there); float grey scaled from 0-1 (0-255 when the
   values pass 1); colour (RGB, CMYK, palettes ...) by Pillow's luma (ITU-R 601-2).
3. :func:`print_jpeg`: the crop (in the oriented photo's pixels), grey,
   resampled (Lanczos) to at most :data:`MAX_PPI` at the printed size, as a
   baseline JPEG of quality :data:`QUALITY`. Made once per build (kept in
   memory) and cached on disk under the cache folder's ``photos/``, keyed by
   the source's sha256 and the print parameters; the cache never changes a
   byte of the output.

:func:`probe` is what the manifest loader keeps of a photo: its oriented
pixel size, mode, whether any pixel is transparent, and Pillow's warnings
(they become findings, never lines on stderr).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .. import cache as _cache
from .errors import InputError, Said

#: The most pixels per inch a photo keeps at its printed size.
MAX_PPI = 300
#: Effective resolution below which a photo must be replaced (preflight's
#: error), ppi.
PPI_ERROR = 150
#: Effective resolution below which a photo is flagged (preflight's
#: warning; about 200 ppi for newsprint, newspaper-typesetting.md 6), ppi.
PPI_WARNING = 200
#: JPEG quality of the printed photo.
QUALITY = 88
#: The formats a photo may be in (MPO: a JPEG with a second picture).
FORMATS = ("JPEG", "MPO", "PNG", "TIFF")


@dataclass
class PhotoInfo:
    """What the loader keeps of a photo: ``pixels`` (width, height) after
    the EXIF orientation, the file's ``mode``, ``transparent`` (some pixel
    is not opaque), ``sha256`` of the file and Pillow's ``notes``."""

    pixels: tuple[int, int]
    mode: str
    transparent: bool
    sha256: str
    notes: list[str] = field(default_factory=list)


class PhotoError(Exception):
    """A photo that cannot be used, in words for the InputError's ``expected``."""


def _why(exc: BaseException, path: Path) -> str:
    text = " ".join(str(exc).split()).replace(str(path), path.name)
    return text


#: EXIF orientation -> the transposition that shows the photo upright (EXIF 2.32, tag 0x0112).
_TRANSPOSE = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270",
              7: "TRANSVERSE", 8: "ROTATE_90"}


def orientation(im, notes: list[str] | None = None) -> int:
    """The photo's EXIF orientation (1-8; 1 when absent, unreadable or out
    of range, with a note saying so when it could not be read)."""
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception as exc:  # noqa: BLE001 - a corrupt EXIF block: printed as stored
        if notes is not None:
            notes.append(f"EXIF orientation not read ({exc.__class__.__name__})")
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def oriented_size(size: tuple[int, int], orient: int) -> tuple[int, int]:
    """(width, height) of a photo of stored ``size`` once shown upright."""
    return (size[1], size[0]) if orient in (5, 6, 7, 8) else size


def open_photo(path: Path, notes: list[str] | None = None, orient: bool = True, small: bool = False,
               shrink: int = 1):
    """Open, check, decode and (with ``orient``) orient a photo. With
    ``small`` (a check, not a print), a JPEG is decoded at 1/8 scale: every
    byte is still read (a truncated file is still found) in 1/64 of the
    memory; ``info["stored"]`` keeps the stored (size, mode). With
    ``shrink`` >= 2, a JPEG is decoded at the largest of 1/2, 1/4, 1/8
    scale that keeps it ``shrink`` times smaller at most; ``info["scale"]``
    says by how much (width decoded / width stored).

    Returns: a loaded Pillow image, upright when ``orient``. Pillow's
    warnings are added to ``notes`` (never printed).

    Raises:
        PhotoError: not a JPEG, PNG or TIFF, over Pillow's pixel limit,
            truncated or corrupt (the message names the file by its name only).
    """
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(path)
            try:
                if im.format not in FORMATS:
                    raise PhotoError(f"a JPEG, PNG or TIFF photo|{path.name}: {im.format}")
                pre, mode = im.size, im.mode
                drafted = im.format in ("JPEG", "MPO") and (small or shrink >= 2)
                if drafted:
                    want = (max(1, pre[0] // 8), max(1, pre[1] // 8)) if small else \
                        (-(-pre[0] // shrink), -(-pre[1] // shrink))
                    im.draft(im.mode, want)
                im.load()
                # a TIFF may be turned upright by Pillow as it loads: its
                # size is then the loaded one (a JPEG is never turned at load)
                im.info["stored"] = (pre if drafted else im.size, mode)
                im.info["scale"] = im.size[0] / pre[0] if drafted else 1.0
                o = orientation(im, notes)
                if not orient or o == 1:
                    im.info["orientation"] = o  # read once, inside the warnings' catch
                    return im
                upright = im.transpose(getattr(Image.Transpose, _TRANSPOSE[o]))
                upright.info["scale"] = im.info["scale"]
                im.close()
                return upright
            except BaseException:
                im.close()
                raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            pixels = re.search(r"\((\d+) pixels\)", str(exc))
            found = f"{path.name!r}, {int(pixels.group(1)):,} pixels" if pixels else repr(path.name)
            raise PhotoError(f"a photo of at most {Image.MAX_IMAGE_PIXELS:,} pixels (Pillow's decompression-bomb "
                             f"limit)|{found}")
        except UnidentifiedImageError:
            raise PhotoError("a readable JPEG, PNG or TIFF photo (not an image file)")
        except PhotoError:
            raise
        except OSError as exc:
            why = exc.strerror or str(exc)
            why = "the file is truncated" if "truncated" in why.lower() else why.replace(str(path), path.name)
            raise PhotoError(f"a readable JPEG, PNG or TIFF photo ({' '.join(why.split())})")
        except (SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, struct.error,
                ZeroDivisionError, OverflowError, MemoryError) as exc:
            # what Pillow's decoders raise on a corrupt file, besides OSError
            raise PhotoError(f"a readable JPEG, PNG or TIFF photo ({exc.__class__.__name__}: {_why(exc, path)})")
        finally:
            if notes is not None:
                for w in caught:
                    if not issubclass(w.category, Image.DecompressionBombWarning):
                        notes.append(_why(w.message if isinstance(w.message, Exception) else str(w.message), path))


def _has_alpha(im) -> bool:
    return im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info


def is_transparent(im) -> bool:
    """True when some pixel of ``im`` is not fully opaque."""
    if not _has_alpha(im):
        return False
    if im.mode == "1" or im.mode.startswith("I;16") or im.mode in ("I", "F"):
        return _key_mask(im).getextrema()[1] == 255  # a transparent key: some pixel has it
    alpha = im.convert("RGBA").getchannel("A") if im.mode not in ("RGBA", "LA") else im.getchannel("A")
    return alpha.getextrema()[0] < 255


def to_grey(im):
    """``im`` as an 8-bit grey ("L") image; see the module's step 2.

    Raises:
        PhotoError: a mode Pillow cannot convert to grey.
    """
    try:
        return _to_grey(im)
    except ValueError:
        pass
    for via in ("LA", "RGBA", "RGB"):  # premultiplied and other rare modes
        try:
            return _to_grey(im.convert(via))
        except ValueError:
            continue
    raise PhotoError(f"a photo in a colour mode that converts to grey (mode {im.mode})")


def _to_grey(im):
    from PIL import Image

    mode = im.mode
    if mode == "L" and "transparency" not in im.info:
        return im.copy()
    if mode == "1":
        return _keyed_white(im, im.convert("L"))
    if mode.startswith("I;16") or mode in ("I", "F"):
        return _keyed_white(im, _wide_to_grey(im))
    if _has_alpha(im):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    if mode in ("RGB", "P", "L"):
        return im.convert("L")
    return im.convert("RGB").convert("L")  # CMYK, YCbCr, LAB, HSV ...


def _keyed_white(im, grey):
    """``grey`` (``im`` in 8-bit grey) with the pixels of ``im`` that have
    its transparent value (a PNG tRNS key of a 1-bit or 16-bit grey image)
    white, as every other transparent pixel prints (module step 2)."""
    from PIL import Image

    if not isinstance(im.info.get("transparency"), int):
        return grey
    return Image.composite(Image.new("L", im.size, 255), grey, _key_mask(im))


def _key_mask(im):
    """An "L" mask, 255 where a pixel of the 1-bit or wide grey ``im`` has
    its transparent key (``info["transparency"]``), else 0."""
    from PIL import Image

    key = im.info.get("transparency")
    if not isinstance(key, int):
        return Image.new("L", im.size, 0)
    if im.mode == "1":
        return im.convert("L").point(lambda v: 255 if v == (255 if key else 0) else 0)
    # wide grey: compared value by value (no lookup table is that wide)
    values = getattr(im, "get_flattened_data", im.getdata)()
    mask = Image.new("L", im.size)
    mask.putdata([255 if v == key else 0 for v in values])
    return mask


def _wide_to_grey(im):
    """16-bit, 32-bit and float grey to 8 bits by their range (module step 2)."""
    if im.mode.startswith("I;16"):
        wide, top = im.convert("I"), 65535.0
    else:
        wide = im
        lo, hi = im.getextrema()
        if im.mode == "F":
            top = 1.0 if (lo >= 0 and hi <= 1.0) else 255.0 if (lo >= 0 and hi <= 255) else None
        else:
            top = 255.0 if (lo >= 0 and hi <= 255) else 65535.0 if (lo >= 0 and hi <= 65535) else None
        if top is None:  # values outside every nominal range: stretch what is there
            span = (hi - lo) or 1
            return wide.point(lambda v: (v - lo) * (255.0 / span) + 0.5).convert("L") if im.mode == "I" else \
                wide.point(lambda v: (v - lo) * (255.0 / span)).convert("L")
    if im.mode == "F":
        return wide.point(lambda v: v * (255.0 / top)).convert("L")
    return wide.point(lambda v: v * (255.0 / top) + 0.5).convert("L")


def probe(path: Path, file: Path, field: str, sha256: str) -> PhotoInfo:
    """Open and check a photo named at ``field`` of manifest ``file``; a
    photo checked before (by its sha256 and Pillow's version) is not
    decoded again (the cache folder's ``images/``; problems are never
    remembered, so a bad photo is refused every time).

    Raises:
        InputError: see :func:`open_photo`; the message names the photo by
            its file name only (an asset folder's path is this machine's).
    """
    v = _probe_cached(path, file, field, sha256)
    return PhotoInfo(tuple(v["pixels"]), v["mode"], v["transparent"], v["sha256"], list(v["notes"]))


def _probe_key(path, file, field, sha256) -> str:
    from ..versions import code_fingerprint

    return f"probe {sha256} {code_fingerprint()}"


@_cache.json_memo("images", _probe_key)
def _probe_cached(path: Path, file: Path, field: str, sha256: str) -> dict:
    """:func:`probe`'s findings as JSON (see there)."""
    from dataclasses import asdict

    return asdict(_probe(path, file, field, sha256))


def _probe(path: Path, file: Path, field: str, sha256: str) -> PhotoInfo:
    notes: list[str] = []
    try:
        im = open_photo(path, notes, orient=False, small=True)  # the size upright, without a transposed copy
    except PhotoError as exc:
        expected, _, found = str(exc).partition("|")
        raise InputError(file, field, expected, Said(found) if found.startswith("'") else (found or Path(path).name))
    with im:
        (w, h), mode = oriented_size(im.info["stored"][0], im.info.get("orientation", 1)), im.info["stored"][1]
        try:
            to_grey(im.crop((0, 0, 1, 1)))  # a mode that cannot print is found now
        except PhotoError as exc:
            raise InputError(file, field, str(exc), Path(path).name)
        try:
            transparent = is_transparent(im)
        except Exception:  # noqa: BLE001 - a mode whose alpha cannot be read: treated as opaque
            transparent = False
        return PhotoInfo((w, h), mode, transparent, sha256, notes)


def crop_fits(pixels: tuple[int, int], crop: tuple[int, int, int, int]) -> bool:
    """True when ``crop`` (left, top, right, bottom) is a box of at least one
    pixel inside a photo of ``pixels``."""
    left, top, right, bottom = crop
    return 0 <= left < right <= pixels[0] and 0 <= top < bottom <= pixels[1]


#: Printed photos (BSPH, the JPEG's sha256, the JPEG), keyed by what they
#: are made from: this process's memory, then the cache folder's photos/.
_PRINTED = _cache.Tier("photos", 1024 * 2 ** 20, max_bytes=128 * 2 ** 20)


def print_jpeg(path: Path, crop: tuple[int, int, int, int], w_pt: float, h_pt: float, sha256: str = "") -> bytes:
    """The photo's ``crop`` as a greyscale JPEG of at most :data:`MAX_PPI`
    at ``w_pt`` x ``h_pt`` points (see the module's step 3).

    Raises:
        PhotoError: an empty crop or size, or a photo that no longer opens.
    """
    from PIL import Image

    if not (w_pt > 0 and h_pt > 0):
        raise PhotoError(f"a place with room for the photo ({w_pt:.1f} x {h_pt:.1f} pt)")
    sha256 = sha256 or _cache.file_sha256(path)
    from ..versions import code_fingerprint

    key = hashlib.sha256(f"{sha256}|{tuple(crop)}|{w_pt:.4f}|{h_pt:.4f}|{MAX_PPI}|{QUALITY}|{code_fingerprint()}"
                         .encode()).hexdigest()
    raw = _PRINTED.get(f"{key}.jpg", lambda raw: raw[:4] == b"BSPH" and hashlib.sha256(raw[36:]).digest() == raw[4:36])
    if raw is not None:
        return raw[36:]
    tw = max(1, int(round(w_pt / 72 * MAX_PPI)))
    th = max(1, int(round(h_pt / 72 * MAX_PPI)))
    cw, ch = crop[2] - crop[0], crop[3] - crop[1]
    # a JPEG far larger than its print is decoded at 1/2, 1/4 or 1/8 scale
    # (never below the print's pixels): a 9000 x 9000 photo in a fraction of
    # the memory and time
    reduce = min(cw // tw, ch // th) if (cw > 0 and ch > 0) else 1
    with open_photo(path, shrink=reduce) as im:
        scale = im.info.get("scale", 1.0)
        box = tuple(int(round(c * scale)) for c in crop) if scale != 1.0 else tuple(crop)
        full = (round(im.size[0] / scale), round(im.size[1] / scale))
        if not crop_fits(full, crop) or not crop_fits(im.size, box):
            raise PhotoError(f"a crop inside the photo ({crop} of {full[0]} x {full[1]} pixels)")
        part = to_grey(im.crop(box))
    if part.width > tw and part.height > th:
        part = part.resize((tw, th), Image.LANCZOS)
    buf = io.BytesIO()
    part.save(buf, "JPEG", quality=QUALITY, optimize=False, progressive=False)
    data = buf.getvalue()
    _PRINTED.put(f"{key}.jpg", b"BSPH" + hashlib.sha256(data).digest() + data)
    return data
