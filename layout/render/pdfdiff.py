"""Which pages of two PDFs differ: a digest of each page's whole content.

``broadsheet regen --verify`` compares a stored PDF with its rebuild and
names the first page that differs. A page's digest covers everything the
page draws with: its dictionary, content streams, resources (fonts, images,
their streams' bytes as stored), annotations, and everything those refer
to, except the page tree above it (/Parent). Two files that differ only in
their trailer, cross-reference table, Info dictionary or object order give
the same page digests.
"""

from __future__ import annotations

import hashlib
import io

import pikepdf


def page_digests(data: bytes) -> list[str]:
    """The sha256 (hex) of each page of a PDF, in page order.

    Raises:
        pikepdf.PdfError: the bytes are not a PDF pikepdf can repair and read.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [_digest(page.obj) for page in pdf.pages]


def differing_pages(a: bytes | None, b: bytes | None) -> list[int] | None:
    """Indexes (from 0) of the pages whose digests differ between two PDFs,
    including pages one has and the other lacks; None when either is
    missing or unreadable (every page then counts as differing)."""
    if a is None or b is None:
        return None
    try:
        da, db = page_digests(a), page_digests(b)
    except (pikepdf.PdfError, ValueError, RuntimeError):
        return None
    return [i for i in range(max(len(da), len(db))) if i >= len(da) or i >= len(db) or da[i] != db[i]]


def _digest(page: pikepdf.Object) -> str:
    h = hashlib.sha256()
    seen: dict[tuple[int, int], int] = {}
    stack: list = [page]
    # an explicit stack: resources can nest deeper than Python's recursion allows
    while stack:
        obj = stack.pop()
        if isinstance(obj, bytes):  # a marker pushed below
            h.update(obj)
            continue
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) and obj.is_indirect:
            og = obj.objgen
            if og in seen:
                h.update(b"R%d;" % seen[og])
                continue
            seen[og] = len(seen)
        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            h.update(b"stream%d:" % len(raw))
            h.update(raw)
            stack += _dict_items(obj)
        elif isinstance(obj, pikepdf.Dictionary):
            stack += _dict_items(obj)
        elif isinstance(obj, pikepdf.Array):
            h.update(b"[")
            stack.append(b"]")
            stack += reversed(list(obj))
        elif isinstance(obj, pikepdf.Object):
            h.update(obj.unparse(resolved=True) + b" ")
        else:  # numbers and booleans come back as Python values
            h.update(repr(obj).encode() + b" ")
    return h.hexdigest()


def _dict_items(obj) -> list:
    """A dictionary's entries as stack items (reversed, so they pop in key order)."""
    items: list = [b"<<"]
    for key in sorted(obj.keys()):
        if key == "/Parent":
            continue
        items += [key.encode() + b" ", obj[key]]
    items.append(b">>")
    return list(reversed(items))
