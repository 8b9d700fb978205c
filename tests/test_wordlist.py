"""Head segmentation with the text's own words of rjieba's dictionary
(layout/text/wordlist.py) gives what rjieba with its whole dictionary gives.
About 2.5 s (the word list made three times, the whole dictionary loaded once for the comparison)."""

import random
from pathlib import Path

import pytest

from layout.text import wordlist

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and no word list loaded yet."""
    monkeypatch.setenv("BROADSHEET_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("BROADSHEET_NO_CACHE", raising=False)
    monkeypatch.setattr(wordlist, "_STATE", {})
    return tmp_path / "cache"


def _texts() -> list[str]:
    """Every string of the sample issues' manifests, the seed text's
    paragraphs, and 600 random slices of them (1 to 40 characters)."""
    import yaml

    texts: list[str] = []

    def walk(x):
        if isinstance(x, str):
            texts.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for path in sorted((ROOT / "issues").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    rng = random.Random(12)
    joined = "".join(texts)
    texts += [joined[i:i + rng.randint(1, 40)] for i in (rng.randrange(len(joined)) for _ in range(600))]
    return texts


def test_same_words_and_tags_as_the_whole_dictionary(fresh):
    import rjieba

    texts = _texts()
    assert len(texts) > 800
    assert wordlist._dictionary() is not None, "the word list was not made from rjieba's module"
    assert list((fresh / "data").glob("jieba-words-*.txt")), "the word list is not in the cache folder"
    differ = [t for t in texts if wordlist.tag(t) != rjieba.tag(t)]
    assert not differ, differ[:3]
    # a head's words and tags, as the head breaker reads them
    assert wordlist.tag("中央经济工作会议在北京举行") == [("中央", "n"), ("经济", "n"), ("工作", "vn"),
                                                         ("会议", "n"), ("在", "p"), ("北京", "ns"),
                                                         ("举行", "v")]


def test_words_found_in_a_text(fresh):
    words, _ = wordlist._dictionary()
    found = {w: (f, t) for w, f, t in words.words_in("北京举行")}
    assert {"北京", "举行", "北", "京"} <= set(found)
    assert found["北京"][1] == "ns" and found["北京"][0] > 1000
    assert all(w in "北京举行" for w in found)
    assert words.words_in("\ufdd0") == []


def test_without_caches_rjieba_itself(fresh, monkeypatch):
    monkeypatch.setenv("BROADSHEET_NO_CACHE", "1")
    assert wordlist._dictionary() is None
    assert wordlist.tag("北京举行") == [("北京", "ns"), ("举行", "v")]
    assert not (fresh / "data").exists()


def test_a_damaged_word_list_is_made_again(fresh):
    assert wordlist._dictionary() is not None
    entry = next((fresh / "data").glob("jieba-words-*.txt"))
    whole = entry.read_bytes()
    entry.write_bytes(whole[:-100])  # not the length its header states
    wordlist._STATE.clear()
    assert wordlist._dictionary() is not None
    assert entry.read_bytes() == whole
    assert wordlist.tag("北京举行") == [("北京", "ns"), ("举行", "v")]


def test_only_a_sorted_word_list_is_taken():
    assert wordlist._survey(b"a 1 n\nb 22 v\n") == {"format": wordlist.FORMAT, "total": 23, "longest": 1,
                                                   "bytes": 13}
    for bad in (b"b 1 n\na 2 v\n",  # not sorted: a binary search would miss words
                b"a 1 n\na 2 v\n",  # a word twice (jieba keeps the first tag, the last frequency)
                b"a 1  n\nb 2 v\n", b"a x n\nb 2 v\n", b"a 1 n\nb 2\n", b"a 1 n\nb 2 v", b""):
        assert wordlist._survey(bad) is None, bad
