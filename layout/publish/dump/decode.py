"""Reading a dump: bytes -> text, lines, and the characters set aside.

Newsroom systems export page text in UTF-8 or in GB18030/GBK, the latter
with user-defined characters (造字) in the user-defined areas (GBK
AAA1-AFFE, F8A1-FEFE, A140-A7A0), which GB18030 maps to the Unicode
Private Use Area U+E000-U+E765. Python's ``gbk`` codec refuses those bytes,
so GBK (and GB2312, CP936) dumps are read with the ``gb18030`` codec, a
superset that decodes every GBK sequence and the user-defined areas.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ...model.errors import InputError
from .located import Located

#: The largest dump read: one page of text is 5-20 KB; at this size no
#: article manifest can pass the loader's 2 MB.
MAX_DUMP = 1024 * 1024

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (b"\x84\x31\x95\x33", "gb18030"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Encodings read with the gb18030 codec (a superset that keeps 造字).
_GB_FAMILY = {"gbk", "gb2312", "cp936", "ms936", "euc_cn", "gb18030"}
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass
class Dump:
    """A decoded dump.

    Attributes:
        path: the file as the user named it.
        encoding: the codec used (``utf-8``, ``gb18030`` ...).
        how: how the encoding was chosen, in words (for the report).
        alternative: what else it could have been read as.
        lines: each line's text (line ends removed; other whitespace kept).
        removed: (line, column, character) of invisible control and format
            characters taken out of the text (the report holds them).
        sha256: of the bytes.
        raw: the bytes, to name the encoded bytes of a 造字.
    """

    path: Path
    encoding: str
    how: str
    alternative: str
    lines: list[Located]
    removed: list[tuple[int, int, str]] = field(default_factory=list)
    sha256: str = ""
    raw: bytes = b""


def _position(raw: bytes, offset: int, codec: str) -> tuple[int, int]:
    """(line, column) of byte ``offset``: lines by LF, columns in characters
    of the line decoded up to there."""
    head = raw[:offset]
    start = max(head.rfind(b"\n"), head.rfind(b"\r")) + 1
    column = len(head[start:].decode(codec, errors="replace")) + 1
    return len(_LINE_END.findall(head.decode("latin-1"))) + 1, column


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError("--encoding", "", "a text encoding Python knows, such as utf-8, gb18030, gbk or big5",
                         name)


def decode(raw: bytes, path: Path, encoding: str | None) -> tuple[str, str, str, str]:
    """(text, codec, how, alternative) for the bytes of a dump.

    With ``encoding`` the bytes must decode strictly in it (GBK family: as
    gb18030); without, a BOM decides, then UTF-8 if the bytes are valid
    UTF-8, then GB18030.

    Raises:
        InputError: a byte sequence the encoding (or neither UTF-8 nor
            GB18030) can decode, with its line and column.
    """
    if encoding:
        codec = _codec(encoding)
        how = f"--encoding {encoding}"
        if codec in {_codec(e) for e in _GB_FAMILY if e != "gb18030"}:
            codec, how = "gb18030", f"--encoding {encoding}, read as GB18030 (a superset that keeps 造字 in the PUA)"
        for bom, name in _BOMS:
            if raw.startswith(bom) and _codec(name) == _codec(codec):
                raw = raw[len(bom):]
                how += f"; {name.upper()} byte-order mark skipped"
                break
        try:
            return raw.decode(codec), codec, how, ""
        except UnicodeDecodeError as exc:
            line, col = _position(raw, exc.start, codec)
            raise InputError(path, f"line {line}", f"text in {encoding} (bytes {raw[exc.start:exc.end].hex(' ')} "
                                                   f"at column {col} are not {encoding})")
    for bom, name in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return body.decode(name), name, f"{name.upper()} byte-order mark", ""
            except UnicodeDecodeError as exc:
                line, col = _position(body, exc.start, name)
                raise InputError(path, f"line {line}", f"{name} text after its byte-order mark (bytes "
                                                       f"{body[exc.start:exc.end].hex(' ')} at column {col} are not)")
    try:
        return raw.decode("utf-8"), "utf-8", "valid UTF-8 throughout", "GB18030"
    except UnicodeDecodeError as utf8:
        try:
            return (raw.decode("gb18030"), "gb18030",
                    f"not UTF-8 (byte {raw[utf8.start]:02x} at line {_position(raw, utf8.start, 'utf-8')[0]}), "
                    "valid GB18030 throughout", "")
        except UnicodeDecodeError as gb:
            line, col = _position(raw, gb.start, "gb18030")
            raise InputError(path, f"line {line}",
                             f"UTF-8 or GB18030 text, or --encoding naming the dump's encoding (bytes "
                             f"{raw[gb.start:gb.end].hex(' ')} at column {col} are neither)")


def _set_aside(ch: str) -> bool:
    """Characters no manifest may hold and no page shows: controls (but
    whitespace), format characters (zero-width, bidi, BOM, soft hyphen),
    lone surrogates and non-characters."""
    if ch.isspace():
        return False
    o = ord(ch)
    return (unicodedata.category(ch) in ("Cc", "Cf", "Cs") or 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE)


def read_dump(path: str | Path, encoding: str | None = None) -> Dump:
    """Read and decode a dump; split it into lines.

    Line ends are CR LF, CR or LF (an editor's line numbers). Other
    whitespace stays (tabs, U+3000 indents, form feeds) for the parser to
    treat as space; invisible control and format characters are taken out
    and listed in :attr:`Dump.removed`.

    Raises:
        InputError: no such file, unreadable, over :data:`MAX_DUMP`, empty or
            blank, undecodable (see :func:`decode`), or holding NUL bytes
            (a binary file, or UTF-16 without a byte-order mark).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing text file (a page text dump)")
    try:
        size = path.stat().st_size
        if size > MAX_DUMP:
            raise InputError(path, "", f"a page text dump of at most {MAX_DUMP // 2 ** 20} MB",
                             f"{size:,} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, "", f"a readable file ({exc.strerror or exc.__class__.__name__})")
    text, codec, how, alternative = decode(raw, path, encoding)
    if "\0" in text:
        i = text.index("\0")
        line = len(_LINE_END.findall(text[:i])) + 1
        col = i - max(text.rfind("\n", 0, i), text.rfind("\r", 0, i))
        raise InputError(path, f"line {line}", f"a text dump (a NUL character at column {col}: a binary file, "
                                               "or UTF-16 without a byte-order mark?)")
    if text.startswith("\ufeff"):  # a BOM decoded as text (UTF-8 BOM under --encoding utf-8)
        text = text[1:]
    dump = Dump(path, codec, how, alternative, [], sha256=hashlib.sha256(raw).hexdigest(), raw=raw)
    for n, line in enumerate(_LINE_END.split(text), 1):
        kept, where = [], []
        for col, ch in enumerate(line, 1):
            if _set_aside(ch):
                dump.removed.append((n, col, ch))
            else:
                kept.append(ch)
                where.append((n, col))
        dump.lines.append(Located("".join(kept), tuple(where)))
    if not any(ln.text.strip() for ln in dump.lines):
        raise InputError(path, "line 1", "a page text dump (the file is empty)" if not raw else
                         "a page text dump (the file holds only whitespace)")
    return dump


def encoded_bytes(ch: str, codec: str) -> str:
    """The bytes of ``ch`` in ``codec``, as hex (``aa a1``), for the report."""
    try:
        return ch.encode(codec).hex(" ")
    except (UnicodeEncodeError, LookupError):
        return ""
