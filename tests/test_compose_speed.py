"""The composer's fast paths give exactly what the plain method calls give
(issue 12): total_fit reads widths from precomputed tables and min_width
sums precomputed shrinks; both must make the same breaks and widths to the
last bit. Here total_fit is held to a reference written with the
_Paragraph methods, on every paragraph of the sample issues at several
measures and prohibition levels, and min_width to the sum of shrinkables
on every candidate line."""

from __future__ import annotations

import glob

import pytest
import yaml

from conftest import ROOT
from layout.text import compose as C
from layout.text.fonts import FontSet


def reference_total_fit(par, avail, metrics):
    """total_fit as the method calls state it."""
    n = len(par.atoms)
    first_room, room_rest = avail[0], avail[-1]
    best = {0: (0.0, -1)}
    for a in range(n):
        if a not in best:
            continue
        a2, _ = par.span(a, n)
        if a2 >= n:
            continue
        room0 = first_room if a == 0 else room_rest
        for b in range(a2 + 1, min(n, a2 + C.MAX_LINE_ATOMS) + 1):
            if b < n and not par.can_break(b):
                continue
            last = b == n
            room = room0 + (C.hang(par.atoms[b - 1], metrics) if (metrics and not last) else 0.0)
            nat = par.natural(a2, b)
            i2, j2 = par.span(a2, b)
            gaps = max(1, j2 - i2 - 1)
            if nat <= room + C.EPS:
                cost = 0.0 if last else C.STRETCH_WEIGHT * ((room - nat) / gaps) ** 2
                if not last and room - nat > C.EPS:
                    inter = par.han_stretch(a2, b, room)
                    if inter > C.EPS and par.pure(a2, b):
                        cost += C.PURE_STRETCH_COST
                    if inter > C.LOOSE_MAX + C.EPS:
                        cost += C.LOOSE_COST * (1 + 10 * (inter - C.LOOSE_MAX))
                    if j2 - i2 < 2 and par.atoms[i2].kind not in ("latin", "latin-part"):
                        cost += 10 * C.LOOSE_COST
            elif par.min_width(a2, b) <= room + C.EPS:
                cost = C.SHRINK_BASE + C.SHRINK_WEIGHT * ((nat - room) / gaps) ** 2
            elif b == C._next_break(par, a2 + 1):
                cost = C.WIDOW_COST * 10
            else:
                break
            if last and C._content(par, a2, b) < par.style.last_line_min and a > 0:
                cost += C.WIDOW_COST
            total = best[a][0] + cost + C.LINE_COST
            if b not in best or total < best[b][0] - 1e-12:
                best[b] = (total, a)
    return C.breaks_from(best, n)


def _paragraphs():
    out = []
    for f in sorted(glob.glob(str(ROOT / "issues" / "*" / "articles" / "*.yaml"))):
        data = yaml.safe_load(open(f, encoding="utf-8"))
        out += [p for p in data.get("body") or [] if isinstance(p, str)]
    return out


@pytest.fixture(scope="module")
def fonts():
    return FontSet.load()


@pytest.mark.parametrize("chars,level,half,part", [(11, "basic", False, 0), (13, "strict", True, 1),
                                                   (17, "loose", False, 2)])
def test_total_fit_is_the_reference(fonts, chars, level, half, part):
    count = 0
    for text in _paragraphs()[part::3]:  # each paragraph at one of the settings
        style = C.ComposeStyle(size=9.0, measure=9.0 * chars, level=level, open_at_start_half=half)
        atoms = C.atomize([(text, "body")], fonts, chars)
        avail = [chars - style.indent, chars]
        fast = C.total_fit(C._Paragraph(atoms, style), avail, fonts)
        plain = reference_total_fit(C._Paragraph(atoms, style), avail, fonts)
        assert fast == plain, text[:30]
        count += 1
    assert count > 30


def test_min_width_is_the_sum_of_shrinkables(fonts):
    for text in _paragraphs()[:40]:
        par = C._Paragraph(C.atomize([(text + " ABC def, 12:30；“引号”", "body")], fonts, 13),
                           C.ComposeStyle())
        n = len(par.atoms)
        for i in range(0, n, 3):
            for j in range(i + 1, min(n, i + 30) + 1):
                want = par.natural(i, j) - sum(e for lvl in par.shrinkables(i, j) for _, e in lvl)
                assert par.min_width(i, j) == want
