"""The import report: every decision the importer took, where, and the road
not taken; and the text it could not place (so nothing of the dump is lost).

Written twice: as a table on stderr (:func:`table`) and as
``import-report.json`` in the issue folder (:func:`to_json`). Both list the
decisions in dump order (line, column, then kind), so the same dump gives
the same bytes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Literal

#: What a decision is about.
#: encoding   how the bytes were read (BOM, UTF-8, GB18030)
#: boundary   where an article starts (or a candidate that does not)
#: head       which line is kicker, headline or deck
#: byline     a ■ / 记者 line taken as byline
#: dateline   本报讯 / 新华社…电 split off the first paragraph
#: break      two blocks joined as one paragraph cut by a column break, or
#:            kept apart though the first has no stop mark
#: ending     an article's last paragraph without a stop mark
#: punct      an ASCII mark set full-width, or kept ASCII where it could have been
#: space      a space next to a full-width mark taken out (body and captions)
#: label      a 图片新闻 label
#: caption    a block taken as a photo's caption
#: credit     a photo credit (…摄), standalone or at the end of a caption
#: pua        a Private Use Area character (造字), kept in the text
#: unplaced   text in no article (page furniture, stray lines): held here
#: removed    an invisible control or format character: held here, not in the text
#: split      a paragraph over the loader's limit cut at a sentence end
Kind = Literal["encoding", "boundary", "head", "byline", "dateline", "break", "ending", "punct", "space",
               "label", "caption", "credit", "pua", "unplaced", "removed", "split"]

_ORDER = {k: n for n, k in enumerate(Kind.__args__)}


@dataclass(frozen=True)
class Decision:
    """One decision.

    Attributes:
        line, column: where in the dump (1-based; column 0: the whole line).
        kind: see :data:`Kind`.
        chosen: what the importer did, in words.
        alternative: what it could have done instead ('' when nothing else
            made sense).
        evidence: why, in words.
        article: the id of the article the text went to ('' for none).
        text: for ``unplaced`` and ``removed``: the characters the report
            holds because no manifest does.
    """

    line: int
    column: int
    kind: Kind
    chosen: str
    alternative: str = ""
    evidence: str = ""
    article: str = ""
    text: str = ""

    def sort_key(self):
        return (self.line, self.column, _ORDER[self.kind], self.chosen)


@dataclass
class Report:
    """All decisions of one import and what it wrote."""

    dump: str
    encoding: str
    sha256: str
    lines: int
    decisions: list[Decision] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)

    def add(self, *args, **kw) -> Decision:
        d = Decision(*args, **kw)
        self.decisions.append(d)
        return d

    def sorted(self) -> list[Decision]:
        return sorted(self.decisions, key=Decision.sort_key)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for d in self.decisions:
            out[d.kind] = out.get(d.kind, 0) + 1
        return {k: out[k] for k in sorted(out, key=_ORDER.get)}


def to_json(report: Report) -> str:
    """The report as JSON text: a header of fields, then the decisions in
    dump order, one object a line (so two reports diff line by line)."""
    head = {
        "dump": report.dump, "encoding": report.encoding, "sha256": report.sha256, "lines": report.lines,
        "files": report.files, "counts": report.counts(), "todo": report.todo,
    }
    out = ["{"]
    for k, v in head.items():
        out.append(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    out.append(' "articles": [')
    out.append(",\n".join("  " + json.dumps(a, ensure_ascii=False) for a in report.articles))
    out.append(" ],")
    out.append(' "decisions": [')
    rows = [{k: v for k, v in asdict(d).items() if v != "" or k == "chosen"} for d in report.sorted()]
    out.append(",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows))
    out.append(" ]")
    out.append("}")
    return "\n".join(out) + "\n"


def _width(s: str) -> int:
    """Columns a terminal gives ``s``: wide and full-width characters two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _cell(s: str, width: int) -> str:
    """``s`` on one line, cut with … to ``width`` columns and padded to it."""
    s = " ".join(s.split())
    if _width(s) > width:
        while _width(s) > width - 1:
            s = s[:-1]
        s += "…"
    return s + " " * (width - _width(s))


_SET = re.compile(r"set (.) for (.)$")


def table(report: Report, width: int = 60) -> str:
    """The decisions as a text table, one row each; the marks set
    full-width on one line share a row (``，for , at 9 31 48``), each with
    its column (the JSON report has them one by one)."""
    rows = [("line", "kind", "article", "chosen (evidence)", "alternative")]
    grouped: dict[tuple[int, str], dict[str, list[str]]] = {}
    for d in report.sorted():
        m = _SET.match(d.chosen) if d.kind == "punct" else None
        if m:
            key = (d.line, d.article)
            if key not in grouped:
                grouped[key] = {}
                rows.append((str(d.line), "punct", d.article, key, "keep ASCII"))
            grouped[key].setdefault(f"{m.group(1)} for {m.group(2)}", []).append(str(d.column))
            continue
        where = str(d.line) + (f":{d.column}" if d.column else "")
        rows.append((where, d.kind, d.article, d.chosen + (f" ({d.evidence})" if d.evidence else ""),
                     d.alternative))
    widths = [8, 9, 7, width, 30]
    lines = []
    for r in rows:
        cells = list(r)
        if isinstance(cells[3], tuple):
            cells[3] = "set " + "; ".join(f"{k} at {' '.join(v)}" for k, v in grouped[cells[3]].items())
        lines.append(" ".join(_cell(c, w) for c, w in zip(cells, widths)).rstrip())
    counts = ", ".join(f"{n} {k}" for k, n in report.counts().items())
    lines.append(f"{len(report.decisions)} decisions: {counts}")
    return "\n".join(lines)
