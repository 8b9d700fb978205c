"""Reading a built page back from its PDF (pdfplumber), for the tests.

Lines are rebuilt from the PDF's glyphs alone: body glyphs (9 pt) grouped by
basic column and baseline. Geometry of the broadsheet grid: type area 999 pt
wide and centred on the 390 mm trim; basic columns 117 pt with 9 pt gutters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

TRIM_W = 390 * 72 / 25.4
LEFT = (TRIM_W - 999) / 2
COL = 117.0
GUTTER = 9.0
BODY = 9.0
CLOSING = set("。．，、：；！？）］｝〕〉》」』】〗’”")
OPENING = set("（［｛〔〈《「『【〖‘“")
NO_START = CLOSING | set("·・～／")


def baseline(c) -> float:
    return c["matrix"][5]


def column_of(x: float) -> int:
    """1-based basic column holding x."""
    return int((x - LEFT + GUTTER / 2) // (COL + GUTTER)) + 1


def column_left(col: int) -> float:
    return LEFT + (col - 1) * (COL + GUTTER)


def ink_right(c) -> float:
    """Right edge of a glyph's ink: a closing mark's ink is its left half."""
    return c["x0"] + 0.5 * c["size"] if c["text"] in CLOSING else c["x1"]


def ink_left(c) -> float:
    return c["x0"] + 0.5 * c["size"] if c["text"] in OPENING else c["x0"]


@dataclass
class TextLine:
    column: int
    y: float
    chars: list

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def fonts(self) -> set[str]:
        return {c["fontname"].split("+")[-1] for c in self.chars}


def page_chars(pdf_path: Path, page: int = 0) -> list[dict]:
    with pdfplumber.open(pdf_path) as pdf:
        return [c for c in pdf.pages[page].chars if c["text"].strip()]


def regions(build_json: Path, page: str = "A01") -> dict[str, tuple[float, float, float, float]]:
    data = json.loads(Path(build_json).read_text(encoding="utf-8"))
    pg = next(p for p in data["pages"] if p["page"] == page)
    return {r["article"]: (min(q[0] for q in r["rects"]), min(q[1] for q in r["rects"]),
                           max(q[2] for q in r["rects"]), max(q[3] for q in r["rects"])) for r in pg["regions"]}


def inside(c, box) -> bool:
    x0, y0, x1, y1 = box
    return x0 - 1 <= c["x0"] < x1 and y0 - 1 <= baseline(c) <= y1 + 1


def body_lines(chars: list[dict]) -> list[TextLine]:
    """9 pt lines in reading order: by column, then top to bottom. A row of
    glyphs is cut into column lines where, after a gap, a glyph stands in
    another basic column (at its left edge, or more than 0.95 em on);
    each line's column is the basic column its first glyph stands in."""
    rows: dict[float, list] = {}
    for c in chars:
        if abs(c["size"] - BODY) <= 0.01:
            rows.setdefault(round(baseline(c), 2), []).append(c)
    lines = []
    for y, cs in rows.items():
        cs.sort(key=lambda c: c["x0"])
        seg = [cs[0]]
        for a, b in zip(cs, cs[1:]):
            col = column_of(b["x0"])
            at_edge = abs(b["x0"] - column_left(col)) < 0.5 or abs(ink_left(b) - column_left(col)) < 0.5
            gap = b["x0"] - a["x1"]
            if col != column_of(a["x0"]) and (at_edge and gap > 0.2 * BODY or gap > 0.95 * BODY):  # a gutter
                lines.append(TextLine(column_of(seg[0]["x0"]), y, seg))
                seg = []
            seg.append(b)
        lines.append(TextLine(column_of(seg[0]["x0"]), y, seg))
    return sorted(lines, key=lambda ln: (ln.column, -ln.y))


def head_text(chars: list[dict]) -> str:
    """Text larger than body size, top to bottom then left to right."""
    big = [c for c in chars if c["size"] > BODY + 0.01]
    return "".join(c["text"] for c in sorted(big, key=lambda c: (-round(baseline(c), 1), c["x0"])))


#: The independent read-back audit, beside the repository (../shared).
AUDIT = Path(__file__).resolve().parents[2] / "shared" / "tools" / "pdfaudit.py"


def audit_path() -> Path:
    """The audit's path. Without it a test is skipped on a developer's
    machine and fails under CI (``CI=true``), so its checks never go
    missing there unseen."""
    import os

    import pytest

    if not AUDIT.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the read-back audit is needed under CI: {AUDIT} is missing")
        pytest.skip("the independent audit (shared/tools/pdfaudit.py) is not beside the repository")
    return AUDIT


def audit_module():
    """The audit loaded as a module (see :func:`audit_path`)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pdfaudit", audit_path())
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
