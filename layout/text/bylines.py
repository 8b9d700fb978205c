"""Bylines (署名) and credits: names padded, lines broken between groups.

Chinese newspapers pad two-character personal names to three character
widths with an ideographic space (王瑶 -> 王　瑶) in bylines and photo credits
(shared/docs/newspaper-typesetting.md 3), and break a byline that does not
fit its measure between its role-and-name groups (■本报记者 胡建军 /
通讯员 徐昭桥), never inside a name.
"""

from __future__ import annotations

from .chars import is_han
from .compose import ComposeStyle, Line, Metrics, compose, natural_width

#: Words of a byline or credit that name a role, not a person.
ROLE_WORDS = frozenset({"本报记者", "记者", "通讯员", "实习生", "特约记者", "见习记者", "摄", "文", "图", "本报讯"})
#: Marks that may open a byline (■本报记者).
BYLINE_MARKS = "■□●◆"


def pad_names(text: str) -> str:
    """Two-character personal names in a byline or credit padded to three
    character widths with an ideographic space (王瑶 -> 王　瑶). A name is a
    space-separated word of exactly two Han characters that is not a role
    word (本报记者, 通讯员, 摄 ...)."""

    def pad(word: str) -> str:
        core = word.lstrip(BYLINE_MARKS)
        if len(core) == 2 and all(is_han(c) for c in core) and core not in ROLE_WORDS:
            return word[:len(word) - 2] + core[0] + "\u3000" + core[1]
        return word

    return " ".join(pad(w) for w in text.split(" "))


def byline_lines(text: str, metrics: Metrics, first: ComposeStyle, rest: ComposeStyle) -> list[Line]:
    """A byline on ``first.measure`` points: one line when it fits, else
    broken between its role-and-name groups (pairs of space-separated
    words), the later lines set in ``rest`` (indented one em, under the text
    after ■). A group wider than the measure is broken by the composer."""
    measure = first.measure
    if natural_width(text, "byline", metrics, first) <= measure + 1e-6:
        return compose([(text, "byline")], metrics, first)
    tokens = text.split()
    groups = [" ".join(tokens[k:k + 2]) for k in range(0, len(tokens), 2)]
    out: list[str] = []
    for grp in groups:
        room = measure - (rest.indent * rest.size if out else 0)
        if out and natural_width(out[-1] + " " + grp, "byline", metrics, first) <= room + 1e-6:
            out[-1] += " " + grp
        else:
            out.append(grp)
    lines: list[Line] = []
    for n, part in enumerate(out):
        lines += compose([(part, "byline")], metrics, first if n == 0 else rest)
    return lines
