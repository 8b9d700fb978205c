"""Bylines and credits: padded names, and where a long byline breaks.

A byline (署名) is role words and names separated by spaces: ``■本报记者
罗文鹏 通讯员 徐昭桥``. House style pads a two-character name to three
character widths with an ideographic space (罗敏 -> 罗　敏); such a name is
one unit and never split (docs/linebreak-tailoring.md, row IDSP).
"""

from __future__ import annotations

from typing import Callable

from .chars import is_han

#: Words of a byline or credit that name a role, not a person.
ROLE_WORDS = frozenset({"本报记者", "记者", "通讯员", "实习生", "特约记者", "见习记者", "摄", "文", "图", "本报讯"})
#: Marks that may lead a byline (■本报记者).
LEAD_MARKS = "■□●◆"


def words(text: str) -> list[str]:
    """The space-separated words of a byline. Only typed spaces (U+0020)
    separate: an ideographic space inside a padded name (罗　敏) does not."""
    return [w for w in text.split(" ") if w]


def pad_names(text: str) -> str:
    """Two-character personal names in a byline or credit padded to three
    character widths with an ideographic space (王瑶 -> 王　瑶), the house
    style of Chinese newspapers (shared/docs/newspaper-typesetting.md 3).
    A name is a space-separated word of exactly two Han characters that is
    not a role word (本报记者, 通讯员, 摄 ...). Text without such a word is
    returned unchanged."""

    def pad(word: str) -> str:
        core = word.lstrip(LEAD_MARKS)
        if len(core) == 2 and all(is_han(c) for c in core) and core not in ROLE_WORDS:
            return word[:len(word) - 2] + core[0] + "\u3000" + core[1]
        return word

    return " ".join(pad(w) for w in text.split(" "))


def byline_parts(text: str, fits: Callable[[str, int], bool]) -> list[str]:
    """A byline broken into lines between its role-and-name groups
    (■本报记者 胡建军 / 通讯员 徐昭桥), a group too long for a line between
    its names; never inside a name.

    Args:
        text: the byline (padded or not).
        fits: ``fits(part, n)`` is True when ``part`` fits line ``n`` (0 for
            the first line; later lines are indented one em by the caller).

    Returns: the lines' texts; one line when the whole byline fits.
    """
    if fits(text, 0):
        return [text]
    # groups: a role word and the names after it (本报记者 胡建军 罗　敏)
    groups: list[list[str]] = []
    for tok in words(text):
        is_role = tok.lstrip(LEAD_MARKS) in ROLE_WORDS
        if not groups or (is_role and any(t.lstrip(LEAD_MARKS) not in ROLE_WORDS for t in groups[-1])):
            groups.append([tok])
        else:
            groups[-1].append(tok)
    out: list[str] = []
    for grp in groups:
        for k, tok in enumerate(grp):
            # a whole group joins the line if it fits; else name by name
            piece = " ".join(grp) if k == 0 else tok
            if k == 0 and out and fits(out[-1] + " " + piece, len(out) - 1):
                out[-1] += " " + piece
                break
            if k == 0 and fits(piece, len(out)):
                out.append(piece)
                break
            if k == 0:
                out.append(tok)
            elif fits(out[-1] + " " + tok, len(out) - 1):
                out[-1] += " " + tok
            else:
                out.append(tok)
    return out


def byline_lines(text: str, metrics, first, rest) -> list:
    """A byline composed on ``first.measure`` points: the lines of
    :func:`byline_parts`, the first in style ``first``, later ones in
    ``rest`` (indented one em, under the text after ■)."""
    from .compose import compose, natural_width

    def fits(part: str, n: int) -> bool:
        st = rest if n else first
        return natural_width(part, "byline", metrics, first) <= first.measure - st.indent * st.size + 1e-6

    lines = []
    for n, part in enumerate(byline_parts(text, fits)):
        lines += compose([(part, "byline")], metrics, rest if n else first)
    return lines
