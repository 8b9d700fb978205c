"""Head segmentation without loading the whole word list.

rjieba (jieba-rs) builds its double-array trie of 349,045 words when it is
imported: about 0.13 s, with the GIL held. A head needs the words of some 20
characters only. jieba's result for a text depends on the dictionary
through (jieba-rs ``Jieba::dag``, ``calc``, ``cut_dag_hmm``, ``tag``):

- the dictionary words that occur in the text (the DAG of every block is
  made of the words that are prefixes of the block's suffixes; the HMM is
  asked about runs of single characters that are not words; a word's tag
  is its dictionary tag), with their frequencies and tags;
- the sum of every word's frequency (``total``: a route's score is the sum
  of ln(freq) - ln(total) over its words).

So :func:`tag` makes an empty ``Jieba``, adds the dictionary words found in
the text with their frequencies and tags, and one filler word that no text
holds (characters of Unicode's noncharacter range) carrying the rest of the
total, and tags the text with it: the same words and tags as the full
dictionary gives (tests/test_wordlist.py holds the two to each other).

The dictionary is rjieba's own: the word list embedded, zstd-compressed,
in its extension module, decompressed once (the ``zstandard`` package) and
kept in the cache folder's ``data/`` as its sorted text lines ("word freq
tag"), named by the digest of rjieba's installed files (its RECORD, else
the module file's sha256), and searched there by binary
search on a memory map. Without the caches, without zstandard, or with an
rjieba whose module holds no such list, :func:`tag` is ``rjieba.tag``.
"""

from __future__ import annotations

import json
import os
import sys

from .. import cache as _cache

#: A word no head holds (two Unicode noncharacters, U+FDD0 and U+FDD1), carrying the rest of the total.
FILLER = "\ufdd0\ufdd1"
#: Bumped when the cache file's layout changes.
FORMAT = 1
#: The zstd frame's magic number (RFC 8878, section 3.1.1).
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def _extension_path() -> str | None:
    """The path of rjieba's compiled module (``rjieba/rjieba.*.so``), found
    without importing the package (its ``__init__`` loads the dictionary);
    None when rjieba is not installed."""
    import importlib.machinery
    import importlib.util

    spec = importlib.util.find_spec("rjieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "rjieba" + suffix)
            if os.path.isfile(path):
                return path
    return None


def _jieba_class(path: str):
    """rjieba's ``Jieba`` class, from the compiled module at ``path``,
    loaded as ``rjieba.rjieba`` without running the package's ``__init__``
    (a later ``import rjieba`` finds the module loaded)."""
    import importlib.machinery
    import importlib.util

    mod = sys.modules.get("rjieba.rjieba")
    if mod is None:
        loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", path)
        spec = importlib.util.spec_from_loader("rjieba.rjieba", loader, origin=path)
        mod = importlib.util.module_from_spec(spec)
        loader.exec_module(mod)
        sys.modules["rjieba.rjieba"] = mod
    return mod.Jieba


def _extract(module_bytes: bytes) -> tuple[bytes, dict] | None:
    """The dictionary text embedded in rjieba's module and its header (see
    :func:`_survey`): the first zstd frame that decompresses to such a
    text. None when there is none, or zstandard is missing."""
    try:
        import zstandard
    except ImportError:
        return None
    at = module_bytes.find(_ZSTD_MAGIC)
    while at >= 0:
        try:
            text = zstandard.ZstdDecompressor().decompressobj().decompress(module_bytes[at:])
        except zstandard.ZstdError:
            text = b""
        head = _survey(text)
        if head is not None:
            return text, head
        at = module_bytes.find(_ZSTD_MAGIC, at + 1)
    return None


def _survey(text: bytes) -> dict | None:
    """The header of a dictionary text: lines ``word freq tag`` (two ASCII
    spaces a line, no empty field, a whole-number frequency), strictly
    sorted by word (so a binary search finds a word, and no word is listed
    twice), ending in a newline. Returns {format, total (the sum of the
    frequencies, jieba-rs's ``total``), longest (the longest word, bytes:
    at least its characters), bytes (the text's length)}, or None when the
    text is not such a list. About 0.1 s for rjieba's 349,045 words."""
    from itertools import repeat

    if len(text) < 6 or not text.endswith(b"\n") or b" " not in text[:64]:
        return None
    body = text[:-1]
    lines = body.split(b"\n")
    if set(map(bytes.count, lines, repeat(b" "))) != {2}:
        return None
    fields = body.replace(b"\n", b" ").split(b" ")
    if b"" in fields:
        return None
    words, freqs = fields[0::3], fields[1::3]
    if not b"".join(freqs).isdigit() or not all(map(bytes.__lt__, words, words[1:])):
        return None
    return {"format": FORMAT, "total": sum(map(int, freqs)), "longest": max(map(len, words)), "bytes": len(text)}


class Dictionary:
    """rjieba's word list in the cache folder: a JSON header line (``total``
    frequency, the longest word in characters, the body's length in bytes)
    and the sorted ``word freq tag`` lines, memory-mapped."""

    def __init__(self, path: str):
        import mmap

        with open(path, "rb") as fh:
            self.map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        end = self.map.find(b"\n")
        head = json.loads(self.map[:end])
        self.start, self.end = end + 1, len(self.map)
        if head.get("format") != FORMAT or head.get("bytes") != self.end - self.start:
            raise ValueError("not a dictionary of this format")
        self.total: int = head["total"]
        self.longest: int = head["longest"]  # bytes: no word has more characters

    def _line_at_or_after(self, key: bytes, lo: int) -> tuple[int, bytes, int]:
        """(start, word, end) of the first line from byte ``lo`` on (a line
        start) whose word is >= ``key``; word b"" past the last line."""
        mm, hi = self.map, self.end
        while lo < hi:
            mid = (lo + hi) // 2
            ls = max(mm.rfind(b"\n", lo, mid) + 1, lo)
            le = mm.find(b"\n", ls, self.end)
            if mm[ls:mm.find(b" ", ls, le)] < key:
                lo = le + 1
            else:
                hi = ls
        if lo >= self.end:
            return lo, b"", lo
        le = mm.find(b"\n", lo, self.end)
        return lo, mm[lo:mm.find(b" ", lo, le)], le

    def words_in(self, text: str) -> list[tuple[str, int, str]]:
        """Every dictionary word occurring in ``text``, as (word, frequency,
        tag), in order of first occurrence, each once."""
        found: dict[str, tuple[str, int, str]] = {}
        for i in range(len(text)):
            lo = self.start
            for n in range(1, min(self.longest, len(text) - i) + 1):
                key = text[i:i + n].encode("utf-8", "surrogatepass")
                lo, word, le = self._line_at_or_after(key, lo)
                if not word.startswith(key):
                    break  # no longer word begins here
                if word == key and text[i:i + n] not in found:
                    _, freq, tag = self.map[lo:le].split(b" ")
                    found[text[i:i + n]] = (text[i:i + n], int(freq), tag.decode("utf-8"))
        return list(found.values())


_STATE: dict = {}


def _dictionary() -> tuple | None:
    """(Dictionary, Jieba class) for this process, made on first use; None
    when the word list cannot be used (see the module's docstring)."""
    if "dictionary" in _STATE:
        return _STATE["dictionary"]
    _STATE["dictionary"] = None
    if not _cache.enabled():
        return None
    path = _extension_path()
    if path is None:
        return None
    try:
        from ..versions import dist_record_sha256

        # the installed files' digests (RECORD lists the module's sha256), else the module's own
        digest = dist_record_sha256("rjieba") or _cache.file_sha256(path)
        name = f"jieba-words-{FORMAT}-{digest[:40]}.txt"
        entry = _cache.root() / "data" / name
        try:
            words = Dictionary(str(entry))
        except (OSError, ValueError, KeyError, TypeError):  # not made yet, or damaged: made again
            with open(path, "rb") as fh:
                found = _extract(fh.read())
            if found is None:
                return None
            text, head = found
            _cache.write("data", name, json.dumps(head).encode() + b"\n" + text)
            words = Dictionary(str(entry))
        _STATE["dictionary"] = (words, _jieba_class(path))
    except (OSError, ValueError, KeyError, TypeError, ImportError):
        return None
    return _STATE["dictionary"]


def tag(text: str) -> list[tuple[str, str]]:
    """rjieba's ``tag(text)`` (hmm on): the words of ``text`` with their
    part-of-speech tags, the same list, got without loading the whole
    dictionary when it can be (see the module's docstring).

    Raises:
        ImportError: rjieba is not installed.
    """
    found = _dictionary() if FILLER[0] not in text and FILLER[1] not in text else None
    if found is None:
        import rjieba

        return rjieba.tag(text)
    words, jieba_class = found
    jieba = jieba_class.empty()
    added = 0
    for word, freq, word_tag in words.words_in(text):
        jieba.add_word(word, freq, word_tag)
        added += freq
    jieba.add_word(FILLER, words.total - added, "x")
    return jieba.tag(text)
