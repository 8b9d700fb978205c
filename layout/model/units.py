"""Units at the edges: millimetres and Chinese point sizes (号).

Internally everything is in points (1/72 inch).
"""

from __future__ import annotations

PT_PER_MM = 72 / 25.4

#: The ideographic em box of a CJK face, in em from the baseline: it runs
#: from 0.12 below the baseline to 0.88 above (OpenType BASE ``ideo`` and
#: ``idtp`` of Noto CJK and the common Chinese faces; clreq 2.3.1).
EM_BOX_ASCENT = 0.88
EM_BOX_DESCENT = 0.12

#: The one tolerance for comparing lengths in points: a width "fits" a room
#: when it exceeds it by no more than this (floating error of sums of
#: advances, far below a printing dot).
TOLERANCE = 1e-6

#: How far, in points, a line's width may pass its measure before a check
#: calls it an overflow (a hundredth of a point: the rounding of ReportLab's
#: text positions).
OVERFLOW = 0.01


def fits(width: float, room: float, tolerance: float = TOLERANCE) -> bool:
    """True when ``width`` points fit in ``room`` points (within ``tolerance``)."""
    return width <= room + tolerance

#: Chinese type sizes (号) in points, the DTP values as in ctex's default
#: (shared/docs/newspaper-typesetting.md section 2).
HAO = {
    "初号": 42.0, "小初": 36.0, "一号": 26.0, "小一": 24.0, "二号": 22.0,
    "小二": 18.0, "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0,
    "五号": 10.5, "小五": 9.0, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5.0,
}

#: The 号 sizes from largest to smallest, in points.
HAO_DESCENDING = sorted(set(HAO.values()), reverse=True)


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * PT_PER_MM


def to_mm(points: float) -> float:
    """Points to millimetres."""
    return points / PT_PER_MM


def hao_name(points: float) -> str:
    """The 号 name of a size in points, or ``'{points} pt'`` when it has none."""
    for name, value in HAO.items():
        if abs(value - points) < TOLERANCE:
            return name
    return f"{points:g} pt"
