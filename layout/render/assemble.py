"""The whole-issue PDF assembled from the page PDFs: every page drawn once.

The page PDFs are the renderer's own (ReportLab's, or qpdf's when a print
proof was marked PDF/X): classic cross-reference tables, direct stream
lengths. Their objects are copied into one file as they are (content
streams, images, font subsets byte for byte), renumbered, under a new
catalog, page tree and document information:

- Font subset tags stay unique within the file (PDF 32000-1 9.6.4):
  ReportLab names the subsets of a face AAAAAA+, AAAAAB+ ... in every file,
  so the subsets of the second page and after are renamed to the next free
  tags of the same face (in ``/BaseFont`` and ``/FontName``; the page's
  text and its ToUnicode maps are unchanged).
- A photo (an image XObject) that several pages hold is stored once.
- The catalog is the first page's (``/Lang``, ``/PageMode``, a proof's
  ``/OutputIntents``) with the new page tree; the document information is
  the first page's with the issue's title and subject.
- Deterministic: no time, and the document ID is an MD5 of the parts' own
  IDs and sizes and of the title and subject.

Pure Python, no PDF library (pikepdf costs 0.1 s to import): about 5 ms a
page. Raises ValueError for a file it does not understand (not one of the
renderer's).
"""

from __future__ import annotations

import hashlib
import re

_WS = rb"\x00\t\n\f\r "
_DELIM = rb"()<>\[\]{}/%"
#: An indirect reference "N G R" starting at a token boundary.
_REF = re.compile(rb"(?<![^" + _WS + rb"\[<{(])(\d+)([" + _WS + rb"]+)(\d+)([" + _WS + rb"]+)R(?![^" + _WS +
                  _DELIM + rb"])")
#: A font subset name: /XXXXXX+Name.
_SUBSET = re.compile(rb"/([A-Z]{6})\+([^" + _WS + _DELIM + rb"]+)")
_WS_CHARS = b"\x00\t\n\f\r "
#: The end of a stream's dictionary and the stream keyword with its end of line.
_STREAM = re.compile(rb">>[" + _WS + rb"]*stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"(\d+)[" + _WS + rb"]+(\d+)[" + _WS + rb"]+obj")
#: Tokens of the careful path (objects holding strings or comments).
_TOKEN = re.compile(rb"[" + _WS + rb"]+|%[^\r\n]*|<<|>>|<[0-9A-Fa-f" + _WS + rb"]*>|/[^" + _WS + _DELIM +
                    rb"]*|[\[\]{}]|[^" + _WS + _DELIM + rb"]+")


def _subset_tag(n: int) -> bytes:
    """ReportLab's tag for subset ``n`` of a face (its SUBSETN): six
    letters, the digits of n written with A B C D E F G I J K."""
    return (b"%6.6d" % n).translate(bytes.maketrans(b"0123456789", b"ABCDEFGIJK"))


def _tag_number(tag: bytes) -> int | None:
    digits = tag.translate(bytes.maketrans(b"ABCDEFGIJK", b"0123456789"))
    return int(digits) if digits.isdigit() else None


class _Object:
    """One indirect object: its dictionary (or other value) bytes, the bytes
    of its stream part (from the ``stream`` keyword to ``endstream``, or
    empty), and the objects it refers to."""

    __slots__ = ("num", "head", "stream", "refs")

    def __init__(self, num: int, head: bytes, stream: bytes):
        self.num, self.head, self.stream = num, head, stream
        self.refs = [int(m.group(1)) for m in _REF.finditer(self._plain())] if b"R" in head else []

    def _plain(self) -> bytes:
        """The head with strings and comments blanked (so no reference or
        name is read inside them)."""
        head = self.head
        if b"(" not in head and b"%" not in head:
            return head
        return _blank_strings(head)


def _blank_strings(data: bytes) -> bytes:
    """``data`` with every literal string and comment replaced by spaces of
    the same length."""
    out = bytearray(data)
    i, n = 0, len(data)
    while i < n:
        c = data[i]
        if c == 0x28:  # (
            depth, j = 1, i + 1
            while j < n and depth:
                d = data[j]
                if d == 0x5C:  # backslash
                    j += 2
                    continue
                depth += (d == 0x28) - (d == 0x29)
                j += 1
            out[i:j] = b" " * (j - i)
            i = j
        elif c == 0x25:  # %
            j = i
            while j < n and data[j] not in (0x0A, 0x0D):
                j += 1
            out[i:j] = b" " * (j - i)
            i = j
        elif c == 0x3C and data[i:i + 2] != b"<<":  # a hex string: no ( inside
            j = data.find(b">", i)
            i = n if j < 0 else j + 1
        else:
            m = _TOKEN.match(data, i)
            i = m.end() if m and m.end() > i else i + 1
    return bytes(out)


def _rewrite(head: bytes, numbers: dict[int, int], tags: dict[bytes, bytes] | None) -> bytes:
    """``head`` with its references renumbered and font subset names
    renamed, outside strings and comments."""
    plain = _blank_strings(head) if (b"(" in head or b"%" in head) else head
    out, last = [], 0
    # every object is written as generation 0
    edits = [(m.start(), m.end(), b"%d%s0%sR" % (numbers[int(m.group(1))], m.group(2), m.group(4)))
             for m in _REF.finditer(plain)]
    if tags:
        for m in _SUBSET.finditer(plain):
            new = tags.get(m.group(0))
            if new is not None:
                edits.append((m.start(), m.end(), new))
    for a, b, text in sorted(edits):
        out += [head[last:a], text]
        last = b
    out.append(head[last:])
    return b"".join(out)


class _Part:
    """A parsed page PDF: its objects by number, trailer, catalog and pages."""

    def __init__(self, data: bytes):
        self.data = data
        if not data.startswith(b"%PDF-"):
            raise ValueError("not a PDF")
        self.version = data[5:8]
        at = data.rfind(b"startxref")
        if at < 0:
            raise ValueError("no startxref")
        xref = int(data[at + 9:].split()[0])
        if data[xref:xref + 4] != b"xref":
            raise ValueError("not a classic cross-reference table")
        trailer_at = data.find(b"trailer", xref)
        rows = data[xref + 4:trailer_at].split(b"\n")
        offsets: dict[int, int] = {}
        first = k = 0
        for row in rows:
            row = row.strip()
            if not row:
                continue
            f = row.split()
            if len(f) == 2:
                first, k = int(f[0]), 0
                continue
            if len(f) == 3 and f[2] == b"n":
                offsets[first + k] = int(f[0])
            k += 1
        self.trailer = _blank_strings(data[trailer_at + 7:at])
        self.root = self._trailer_ref(b"/Root")
        self.info = self._trailer_ref(b"/Info")
        self.id = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>", self.trailer)
        bounds = sorted(offsets.values()) + [xref]
        nxt = {a: b for a, b in zip(bounds, bounds[1:])}
        self.objects = {num: self._object(num, off, nxt[off]) for num, off in offsets.items()}

    def _trailer_ref(self, key: bytes) -> int:
        m = re.search(re.escape(key) + rb"[" + _WS + rb"]+(\d+)[" + _WS + rb"]+\d+[" + _WS + rb"]+R", self.trailer)
        if not m:
            raise ValueError(f"no {key.decode()} in the trailer")
        return int(m.group(1))

    def _object(self, num: int, off: int, bound: int) -> _Object:
        """Object ``num`` at ``off``; the next object (or the xref table)
        starts at ``bound``."""
        data = self.data
        m = _OBJ.match(data, off)
        if not m or int(m.group(1)) != num:
            raise ValueError(f"object {num} not at its offset")
        start = m.end()
        end = data.rfind(b"endobj", start, bound)
        if end < 0:
            raise ValueError(f"object {num} has no end")
        s = _STREAM.search(data, start, end)
        if s is None:
            return _Object(num, data[start:end].strip(_WS_CHARS), b"")
        head = data[start:s.start() + 2]
        length = re.search(rb"/Length[" + _WS + rb"]+(\d+)(?![" + _WS + rb"]+\d+[" + _WS + rb"]+R)", head)
        if not length:
            raise ValueError(f"object {num}: a stream without a direct /Length")
        stop = s.end() + int(length.group(1))
        tail = data.find(b"endstream", stop, end)
        if tail < 0 or data[stop:tail].strip(_WS_CHARS):
            raise ValueError(f"object {num}: the stream's /Length does not end at endstream")
        return _Object(num, head.strip(_WS_CHARS), data[s.start() + 2:tail + 9].lstrip(_WS_CHARS))

    def dict_value(self, num: int, key: bytes) -> bytes | None:
        """The raw value of ``key`` in object ``num``'s dictionary (a reference
        "N G R" or a direct array), or None."""
        head = self.objects[num].head
        plain = _blank_strings(head)
        m = re.search(re.escape(key) + rb"(?![^" + _WS + _DELIM + rb"])", plain)
        if not m:
            return None
        rest = plain[m.end():].lstrip(b"\x00\t\n\f\r ")
        ref = re.match(rb"(\d+)[" + _WS + rb"]+(\d+)[" + _WS + rb"]+R", rest)
        if ref:
            return ref.group(0)
        if rest[:1] == b"[":
            return rest[:rest.find(b"]") + 1]
        return None

    def pages(self) -> tuple[list[int], list[int]]:
        """The page objects in order, and the page tree's nodes (the tree is
        flattened; a node other than the root may carry nothing but Type,
        Kids, Count, Parent)."""
        root_pages = int(self.dict_value(self.root, b"/Pages").split()[0])
        out: list[int] = []
        nodes: list[int] = []

        def walk(node: int, depth: int) -> None:
            if depth > 50:
                raise ValueError("page tree too deep")
            head = _blank_strings(self.objects[node].head)
            if re.search(rb"/Type[" + _WS + rb"]*/Pages\b", head):
                if node != root_pages and re.search(rb"/(Resources|MediaBox|CropBox|Rotate)\b", head):
                    raise ValueError("inherited page attributes in the page tree")
                nodes.append(node)
                kids = self.dict_value(node, b"/Kids")
                for m in _REF.finditer(kids or b""):
                    walk(int(m.group(1)), depth + 1)
            else:
                out.append(node)

        walk(root_pages, 0)
        return out, nodes


def _pdf_text(text: str) -> bytes:
    """A PDF text string as a hex literal: UTF-16BE with its byte-order mark."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _set_keys(head: bytes, values: dict[bytes, bytes]) -> bytes:
    """A dictionary ``<< ... >>`` with the given keys' values replaced (or
    added at its end). Values are whole tokens: a string, a reference."""
    plain = _blank_strings(head)
    for key, value in values.items():
        m = re.search(re.escape(key) + rb"(?![^" + _WS + _DELIM + rb"])", plain)
        if m is None:
            close = plain.rfind(b">>")
            head = head[:close] + key + b" " + value + b" " + head[close:]
        else:
            # the value: one token, or a reference, or a balanced string / array / dict
            i = m.end()
            while i < len(head) and head[i] in _WS_CHARS:  # the head: strings are blank in plain
                i += 1
            j = _value_end(head, plain, i)
            head = head[:m.end()] + b" " + value + head[j:]
        plain = _blank_strings(head)
    return head


def _value_end(head: bytes, plain: bytes, i: int) -> int:
    """The end of the value starting at ``i``."""
    ref = re.match(rb"\d+[" + _WS + rb"]+\d+[" + _WS + rb"]+R", plain[i:])
    if ref:
        return i + ref.end()
    c = head[i:i + 1]
    if c == b"(":
        depth, j = 1, i + 1
        while j < len(head) and depth:
            if head[j] == 0x5C:
                j += 2
                continue
            depth += (head[j] == 0x28) - (head[j] == 0x29)
            j += 1
        return j
    if head[i:i + 2] == b"<<" or c == b"[":
        opener, closer = (b"<<", b">>") if c == b"<" else (b"[", b"]")
        depth, j = 0, i
        while j < len(plain):
            if plain.startswith(opener, j):
                depth += 1
                j += len(opener)
            elif plain.startswith(closer, j):
                depth -= 1
                j += len(closer)
                if depth == 0:
                    return j
            else:
                j += 1
        return j
    m = _TOKEN.match(head, i)
    return m.end() if m else i


def assemble_pdf(parts: list[bytes], *, title: str, subject: str) -> bytes:
    """One PDF of the pages of ``parts`` (page PDFs, in order), titled
    ``title`` with ``subject`` (see the module's docstring).

    Raises:
        ValueError: a part is not a PDF of the kind the renderer writes.
    """
    if not parts:
        raise ValueError("no pages")
    parsed = [_Part(p) for p in parts]
    first = parsed[0]
    # new object numbers: 1 catalog, 2 page tree, 3 document information
    objects: dict[int, bytes] = {}
    next_num = 4
    page_refs: list[int] = []
    used_tags: dict[bytes, set[int]] = {}
    images: dict[bytes, int] = {}
    catalog_head = b""
    for k, part in enumerate(parsed):
        pages, nodes = part.pages()
        skip = {part.root, part.info, *nodes}
        # the objects the pages reach (and, in the first part, the catalog)
        reach: list[int] = []
        stack = list(reversed(pages))
        if k == 0:
            stack += [r for r in reversed(part.objects[part.root].refs) if r not in skip]
        seen: set[int] = set()
        while stack:
            num = stack.pop()
            if num in seen or num in skip:
                continue
            seen.add(num)
            reach.append(num)
            stack += [r for r in reversed(part.objects[num].refs) if r not in seen]
        numbers: dict[int, int] = {num: 0 for num in skip}
        numbers.update({num: 2 for num in nodes})
        fresh: list[int] = []
        for num in sorted(reach):
            obj = part.objects[num]
            if obj.stream and b"/Image" in obj.head:
                key = hashlib.sha256(obj.head + obj.stream).digest()
                if key in images:  # the same photo on an earlier page: stored once
                    numbers[num] = images[key]
                    continue
                images[key] = next_num
            numbers[num] = next_num
            fresh.append(num)
            next_num += 1
        # subset tags: the first part keeps its own, later parts take the next free
        tags: dict[bytes, bytes] = {}
        names = {m.group(0) for num in fresh for m in _SUBSET.finditer(part.objects[num].head)}
        for name in sorted(names):
            tag, face = name[1:7], name[8:]
            taken = used_tags.setdefault(face, set())
            n = _tag_number(tag)
            if k > 0 or n is None or n in taken:
                n = max(taken, default=-1) + 1
                tags[name] = b"/" + _subset_tag(n) + b"+" + face
            taken.add(n)
        page_set = set(pages)
        for num in fresh:
            obj = part.objects[num]
            head = _rewrite(obj.head, numbers, tags)
            if num in page_set:
                head = _set_keys(head, {b"/Parent": b"2 0 R"})
            objects[numbers[num]] = head + (b"\n" + obj.stream if obj.stream else b"")
        page_refs += [numbers[p] for p in pages]
        if k == 0:
            catalog_head = _rewrite(part.objects[part.root].head, numbers, None)
    catalog = _set_keys(catalog_head, {b"/Pages": b"2 0 R"})
    tree = b"<<\n/Count %d /Kids [ %s ] /Type /Pages\n>>" % (len(page_refs),
                                                           b" ".join(b"%d 0 R" % n for n in page_refs))
    info = _set_keys(first.objects[first.info].head, {b"/Title": _pdf_text(title), b"/Subject": _pdf_text(subject)})
    objects[1], objects[2], objects[3] = catalog, tree, info
    # write
    version = max(p.version for p in parsed)
    buf = [b"%PDF-" + version + b"\n%\x93\x8c\x8b\x9e broadsheet\n"]
    pos = len(buf[0])
    offsets = []
    for num in range(1, next_num):
        if num not in objects:
            raise ValueError(f"object {num} missing")
        chunk = b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
        offsets.append(pos)
        buf.append(chunk)
        pos += len(chunk)
    digest = hashlib.md5(usedforsecurity=False)
    for p in parsed:
        digest.update(b"%d:" % len(p.data) + (p.id.group(1) if p.id else b"") + b";")
    digest.update(title.encode("utf-8") + b"\x00" + subject.encode("utf-8"))
    doc_id = digest.hexdigest().encode()
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)]
    xref += [b"%010d 00000 n \n" % off for off in offsets]
    buf += xref
    buf.append(b"trailer\n<<\n/ID [<%s><%s>]\n/Info 3 0 R\n/Root 1 0 R\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n"
               % (doc_id, doc_id, len(offsets) + 1, pos))
    return b"".join(buf)
