"""Blocks: an article set in its place on the grid.

A story block is the headline stack (kicker 引题, headline 主题, deck 副题)
across the block's columns, the byline, then the body flowing down one basic
column and into the next, every line on the body grid. A photo-news block
(图片新闻) is its label, the photo and the caption ending with the credit. An
advertisement block is a ruled box with centred lines.

Every block keeps its first body line free (the space that takes the rule
between blocks). Text that does not fit is overset: reported with its size
in lines and characters, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.compose import ComposeStyle, Line, PlacedGlyph, compose, is_selector, natural_width, split_head
from ..text.overset import compose_within
from .checks import overflow_finding
from .display import Box, Finding, GlyphRun, Picture, Region, Rule
from ..text.fonts import FontSet
from ..model.grid import Grid
from ..model.issue import Article, House, Place
from ..model.units import HAO_DESCENDING

#: The smallest headline size tried when fitting, points (小四).
MIN_HEADLINE = 12.0
#: Whole body lines a story's head area may take from the body's slack, so a
#: block whose text is a little short still ends at its foot.
HEAD_SLACK = 3


def line_runs(line: Line, x0: float, y: float, size: float, fonts: FontSet, article: str = "",
              body: bool = False) -> list[GlyphRun]:
    """A composed line as glyph runs (one per face and role) with its left
    edge at x0 and its baseline at y (points)."""
    runs: list[GlyphRun] = []
    for g in line.glyphs:
        if g.ch == " " or (g.face is None and is_selector(g.ch)):
            continue
        face = g.face or ""  # "": no face has it; the renderer draws a marked box
        if runs and runs[-1].face == face and runs[-1].role == g.role and runs[-1].hscale == g.scale:
            runs[-1].xs.append(x0 + g.x)
            runs[-1].text += g.ch
        else:
            runs.append(GlyphRun(face, size, y, [x0 + g.x], g.ch, g.role, article, body, g.scale))
    return runs


def missing_glyph(ch: str, page: str, article: str, where: str, file: str = "", position: int = 0) -> Finding:
    """The finding for a character no face has: code point, page, article,
    the part it is in (head, body, caption, masthead), and when known the
    manifest file and 1-based character position."""
    at = ", ".join(x for x in (file, where, f"character {position}" if position else "") if x)
    data = {"codepoint": f"U+{ord(ch):04X}", "char": ch, "where": where}
    if file:
        data |= {"file": file, "position": position}
    return Finding("missing_glyph", "error", page, article, f"U+{ord(ch):04X} {ch} has no glyph in any face ({at})",
                   data)


@dataclass
class BlockResult:
    """What a block adds to the page: display items and findings."""

    runs: list[GlyphRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    headline_size: float = 0.0
    region: Region | None = None


#: Words of a byline or credit that name a role, not a person.
ROLE_WORDS = frozenset({"本报记者", "记者", "通讯员", "实习生", "特约记者", "见习记者", "摄", "文", "图", "本报讯"})


def pad_names(text: str) -> str:
    """Two-character personal names in a byline or credit padded to three
    character widths with an ideographic space (王瑶 -> 王　瑶), the house
    style of Chinese newspapers (shared/docs/newspaper-typesetting.md 3).
    A name is a space-separated word of exactly two Han characters that is
    not a role word (本报记者, 通讯员, 摄 ...)."""
    from ..text.chars import is_han

    def pad(word: str) -> str:
        core = word.lstrip("■□●◆")
        if len(core) == 2 and all(is_han(c) for c in core) and core not in ROLE_WORDS:
            return word[:len(word) - 2] + core[0] + "\u3000" + core[1]
        return word

    return " ".join(pad(w) for w in text.split(" "))


def centre_crop(pixels: tuple[int, int], aspect: float) -> tuple[int, int, int, int]:
    """The largest centred (left, top, right, bottom) pixel box of a photo of
    ``pixels`` (width, height) with width/height = ``aspect``."""
    w, h = pixels
    if w / h > aspect:
        cw = int(round(h * aspect))
        left = (w - cw) // 2
        return (left, 0, left + cw, h)
    ch = int(round(w / aspect))
    top = (h - ch) // 2
    return (0, top, w, top + ch)


class BlockSetter:
    """Sets articles in their places on one page's grid.

    Args:
        grid: the page grid.
        fonts: the faces by role.
        page: the page id (for findings).
    """

    def __init__(self, grid: Grid, fonts: FontSet, page: str, house: House | None = None):
        self.grid = grid
        self.fonts = fonts
        self.page = page
        self.house = house or House()

    def body_style(self, measure: float | None = None) -> ComposeStyle:
        """The body's composition style on this grid with the house options."""
        h = self.house
        return ComposeStyle(size=self.grid.size, measure=measure or self.grid.column_width, level=h.level,
                            open_at_start_half=h.open_at_start_half)

    # ------------------------------------------------------------ helpers

    def line_runs(self, line: Line, x0: float, y: float, size: float, article: str, body: bool) -> list[GlyphRun]:
        return line_runs(line, x0, y, size, self.fonts, article, body)

    def missing(self, res: BlockResult, art: Article, lines: list[Line], where: str) -> None:
        """Report each character of ``lines`` that no face has, with the
        article's manifest file and the character's position in its text."""
        text = art.text()
        for ln in lines:
            res.findings += [missing_glyph(ch, self.page, art.id, where, art.file.name, text.find(ch) + 1)
                             for ch in ln.missing]

    def fit_head(self, text: str, role: str, width: float, max_lines: int, largest: float,
                 smallest: float = MIN_HEADLINE) -> tuple[float, list[Line]]:
        """The largest 号 size (<= ``largest``) at which ``text`` fits ``width``
        points in at most ``max_lines`` lines, breaking first at the spaces
        and punctuation the editor typed; lines balanced so the last is not a
        stub. Returns (size, lines); at the smallest size the lines may
        overflow, which the caller reports."""
        sizes = sorted({largest} | {s for s in HAO_DESCENDING if smallest <= s <= largest}, reverse=True)
        for size in sizes:
            lines = self._head_lines(text, role, width, size, max_lines)
            if lines is not None:
                return size, lines
        size = sizes[-1]
        style = ComposeStyle(size=size, measure=width, indent=0, justify=False, prefer_breaks_at_spaces=True)
        return size, compose([(text, role)], self.fonts, style)

    def _head_lines(self, text, role, width, size, max_lines):
        if "\n" in text:  # the editor's own line breaks
            parts = text.split("\n")
            if len(parts) > max(max_lines, len(parts)) or any(
                    natural_width(p, role, self.fonts, size) > width + 1e-6 for p in parts):
                return None
            style = ComposeStyle(size=size, measure=width, indent=0, justify=False)
            return [compose([(p, role)], self.fonts, style)[0] for p in parts]
        one = natural_width(text, role, self.fonts, size)
        if one <= width + 1e-6:
            return compose([(text, role)], self.fonts,
                           ComposeStyle(size=size, measure=width, indent=0, justify=False))
        if max_lines < 2:
            return None
        style = ComposeStyle(size=size, measure=width, indent=0, justify=False)
        two = split_head(text, role, self.fonts, size, width)
        if two is not None:
            return [compose([(part, role)], self.fonts, style)[0] for part in two]
        if max_lines < 3:
            return None
        # three or more lines: try narrower measures so lines come out even
        best = None
        for frac in (0.55, 0.6, 0.7, 0.8, 0.9, 1.0):
            style = ComposeStyle(size=size, measure=width * frac if frac < 1 else width, indent=0,
                                 justify=False, prefer_breaks_at_spaces=True)
            lines = compose([(text, role)], self.fonts, style)
            if len(lines) <= max_lines and all(ln.width <= width + 1e-6 for ln in lines):
                spaces_ok = all(ln.text.strip() for ln in lines)
                if spaces_ok:
                    best = lines
                    break
        return best

    def _start(self, art: Article, place: Place) -> tuple[BlockResult, float, float, float]:
        """A block's result with its region, and its left x, width and top y."""
        g = self.grid
        x0, width, top = g.column_x(place.column), g.span_width(place.span), g.line_top(place.row)
        bottom = g.line_top(place.row + place.height - 1) - g.size
        return BlockResult(region=Region(art.id, [(x0, bottom, x0 + width, top)], art.headline)), x0, width, top

    # ------------------------------------------------------------ stories

    def story(self, art: Article, place: Place, largest: float) -> BlockResult:
        """Set a story: head stack, byline, body in columns.

        Args:
            art: the article.
            place: its place on the grid.
            largest: the largest headline size allowed (points), so no head
                outgrows the lead story's.
        """
        g = self.grid
        res, x0, width, top = self._start(art, place)
        # --- head stack
        size, head = self.fit_head(art.headline, "headline", width, art.head.lines, art.head.size or largest)
        res.headline_size = size
        if len(head) > max(art.head.lines, art.headline.count("\n") + 1):
            res.findings.append(Finding("head_overflow", "warning", self.page, art.id,
                                        f"headline needs {len(head)} lines at {size:g} pt; "
                                        f"head.lines allows {art.head.lines}", {"lines": len(head), "size": size}))
        stack: list[tuple[list[Line], float, float]] = []  # lines, size, leading factor
        sub = max(10.5, next((s for s in HAO_DESCENDING if s <= size * 0.5), 10.5))
        if art.kicker:
            ks, kl = self.fit_head(art.kicker, "kicker", width, 1, sub, 9.0)
            stack.append((kl, ks, 1.5))
        stack.append((head, size, 1.2))
        if art.deck:
            ds, dl = self.fit_head(art.deck, "deck", width, 2, sub, 9.0)
            stack.append((dl, ds, 1.4))
        stack_h = sum(len(lines) * sz * lead for lines, sz, lead in stack)
        head_rows = int(-(-stack_h // g.pitch)) + 2  # the free first line, the stack, a line of space
        # --- byline and body
        lines: list[tuple[Line, str]] = []
        style = self.body_style()
        for by in art.bylines:
            lines += [(ln, "byline") for ln in self.byline(by)]
        for spans in art.paragraph_spans():
            for ln in compose_within(spans, self.fonts, style, place.height * place.span - len(lines)):
                lines.append((ln, "body"))
        self.missing(res, art, [ln for ln, _ in lines], "body")
        # whole lines the body leaves free go to the head area, up to HEAD_SLACK
        spare = (place.height - head_rows) * place.span - len(lines)
        head_rows += max(0, min(HEAD_SLACK, spare // place.span))
        # --- the head stack, centred in its area below the free first line
        y = top - g.pitch - ((head_rows - 1) * g.pitch - g.pitch / 2 - stack_h) / 2
        for hl, sz, lead in stack:
            for ln in hl:
                y -= sz * (lead - 1) / 2 + sz * 0.88
                dx = (width - ln.width) / 2 if art.head.align == "center" else 0.0
                role = ln.glyphs[0].role if ln.glyphs else "headline"
                res.runs += self.line_runs(ln, x0 + dx, y, sz, art.id, False)
                if ln.width > width + 0.01:
                    res.findings.append(Finding("head_overflow", "error", self.page, art.id,
                                                f"{role} line wider than its span by {ln.width - width:.1f} pt",
                                                {"text": ln.text}))
                y -= sz * 0.12 + sz * (lead - 1) / 2
            self.missing(res, art, hl, "head")
        body_row = place.row + head_rows
        frames = [(g.column_x(c), body_row, place.row + place.height - body_row)
                  for c in range(place.column, place.column + place.span)]
        self._flow(res, art, lines, frames)
        return res

    def _flow(self, res: BlockResult, art: Article, lines: list[tuple[Line, str]],
              frames: list[tuple[float, int, int]], underset: bool = True) -> None:
        """Pour lines into column frames (x, first row, rows), top to bottom,
        left to right; report overset and underset."""
        g = self.grid
        k = empty = 0
        for x, row, rows in frames:
            for r in range(max(rows, 0)):
                if k < len(lines):
                    ln, kind = lines[k]
                    res.runs += self.line_runs(ln, x, g.baseline(row + r), g.size, art.id, kind == "body")
                    self._check_line(res, art, ln)
                    k += 1
                else:
                    empty += 1
        if k < len(lines):
            rest = lines[k:]
            chars = sum(len(ln.text.replace(" ", "")) for ln, _ in rest)
            res.findings.append(Finding("overset", "error", self.page, art.id,
                                        f"overset: {len(rest)} lines, {chars} characters do not fit",
                                        {"lines": len(rest), "chars": chars,
                                         "text": "".join(ln.text for ln, _ in rest)}))
        elif empty > 2 and underset:
            res.findings.append(Finding("underset", "warning", self.page, art.id,
                                        f"underset: {empty} lines of the block are left empty",
                                        {"lines": empty}))

    def _check_line(self, res: BlockResult, art: Article, ln: Line) -> None:
        """The composer's own checks on a set line: no prohibited mark at its
        start or opening mark at its end (clreq 3.1.7), no wider than its column."""
        from ..text.chars import NO_END, NO_START

        text = ln.text.strip()
        if text and (text[0] in NO_START[self.house.level] or text[-1] in NO_END):
            res.findings.append(Finding("kinsoku", "error", self.page, art.id,
                                        f"line breaks against clreq 3.1.7: {text[:8]}...{text[-4:]}", {"text": text}))
        res.findings += filter(None, [overflow_finding(ln, self.grid.column_width, self.grid.size, self.fonts,
                                                       self.page, art, self.body_style())])

    # ------------------------------------------------------------ photo news

    def photo(self, art: Article, place: Place) -> BlockResult:
        """Set a photo-news block (图片新闻): label, photo across the block,
        caption ending with the credit, on the body grid."""
        g = self.grid
        res, x0, width, top = self._start(art, place)
        row = place.row + 1
        if art.label:
            # the label (图片新闻) in two body lines: 14 pt type, a rule below it
            size = 14.0
            ln = compose([(art.label, "kicker")], self.fonts, ComposeStyle(size=size, measure=width, indent=0,
                                                                           justify=False))[0]
            res.runs += self.line_runs(ln, x0, g.line_top(row) - 1 - 0.88 * size, size, art.id, False)
            rule_y = g.line_top(row) - 19.5
            res.rules.append(Rule(x0, rule_y, x0 + width, rule_y, 1.0))
            rights = [ph.rights for ph in art.photos if ph.rights]
            if rights:  # the photo's licence line, small, flush right on the label line
                s = 7.0
                rl = compose([(rights[0], "caption")], self.fonts, ComposeStyle(size=s, measure=width, indent=0,
                                                                                 justify=False))[0]
                res.runs += self.line_runs(rl, x0 + width - rl.width, rule_y + 3, s, art.id, False)
            row += 2
        # the caption in the block's basic columns, on the body grid (broken
        # columns would put caption glyphs off the page's column edges)
        cap_measure = g.column_width
        cap_x = [g.column_x(c) for c in range(place.column, place.column + place.span)]
        k = len(cap_x)
        for ph in art.photos:
            px = ph.pixels
            cap_lines, credit = self.caption(ph.caption, ph.credit, cap_measure)
            self.missing(res, art, cap_lines + ([credit] if credit else []), "caption")
            # the caption balanced over its columns; a credit of its own goes
            # to the foot of the last column
            per_col = -(-len(cap_lines) // k) if cap_lines else 0
            if credit and (per_col == 0 or len(cap_lines) - per_col * (k - 1) >= per_col):
                per_col += 1
            avail = place.row + place.height - row - per_col - 1
            rows = min(ph.height or int(round(width * px[1] / px[0] / g.pitch)), avail)
            h = rows * g.pitch - (g.pitch - g.size)
            res.pictures.append(Picture(ph.path, x0, g.line_top(row) - h, width, h, px,
                                        centre_crop(px, width / h), art.id))
            row += rows + 1
            frames = [(x, row, per_col) for x in cap_x]
            self._flow(res, art, [(ln, "body") for ln in cap_lines], frames, underset=False)
            if credit:
                res.runs += self.line_runs(credit, cap_x[-1], g.baseline(row + per_col - 1), g.size, art.id, True)
            row += per_col
        if row < place.row + place.height - 2:
            res.findings.append(Finding("underset", "warning", self.page, art.id,
                                        f"underset: {place.row + place.height - row} lines of the block are left empty",
                                        {"lines": place.row + place.height - row}))
        return res

    def byline(self, text: str) -> list[Line]:
        """A byline (署名) on the column measure. One that does not fit one
        line breaks between its role-and-name groups (■本报记者 胡建军 /
        通讯员 徐昭桥), the later lines indented one em, under the text after ■."""
        g = self.grid
        if self.house.pad_names:
            text = pad_names(text)
        style = ComposeStyle(size=g.size, measure=g.column_width, indent=0, justify=False)
        if natural_width(text, "byline", self.fonts, g.size) <= g.column_width + 1e-6:
            return compose([(text, "byline")], self.fonts, style)
        tokens = text.split()
        groups = [" ".join(tokens[k:k + 2]) for k in range(0, len(tokens), 2)]
        out: list[str] = []
        for grp in groups:
            room = g.column_width - (g.size if out else 0)
            if out and natural_width(out[-1] + " " + grp, "byline", self.fonts, g.size) <= room + 1e-6:
                out[-1] += " " + grp
            else:
                out.append(grp)
        lines = []
        for n, part in enumerate(out):
            st = style if n == 0 else ComposeStyle(size=g.size, measure=g.column_width, indent=1, justify=False)
            lines += compose([(part, "byline")], self.fonts, st)
        return lines

    def caption(self, text: str, credit: str, measure: float | None = None) -> tuple[list[Line], Line | None]:
        """A caption on the basic column's measure, and its credit (■本报记者
        胡建军 摄) set flush right: on the caption's last line when it fits
        there with an em to spare (then the second value is None), else as a
        line of its own for the foot of the caption's last column."""
        g = self.grid
        measure = measure or g.column_width
        lines = compose([(text, "caption")], self.fonts, self.body_style(measure)) if text else []
        if not credit:
            return lines, None
        if self.house.pad_names:
            credit = pad_names(credit)
        cl = compose([(credit, "byline")], self.fonts,
                     ComposeStyle(size=g.size, measure=measure, indent=0, justify=False))
        if len(cl) > 1:  # a credit longer than the measure: set as a paragraph
            return lines + cl, None
        cred = cl[0]
        shift = measure - cred.width
        moved = [PlacedGlyph(p.ch, p.x + shift, p.role, p.face) for p in cred.glyphs]
        if lines and lines[-1].width + g.size + cred.width <= measure + 1e-6:
            last = lines[-1]
            last.glyphs += moved
            last.text += "\u3000" + cred.text
            last.width = measure
            last.missing += cred.missing
            return lines, None
        return lines, Line(moved, measure, True, cred.text, 0.0, cred.missing)

    # ------------------------------------------------------------ ads

    def advert(self, art: Article, place: Place) -> BlockResult:
        """Set an advertisement: a ruled box, the label (公益广告) in small type
        at its top right, and the lines centred and spread down the box."""
        g = self.grid
        res = BlockResult()
        x0 = g.column_x(place.column)
        width = g.span_width(place.span)
        top = g.line_top(place.row + 1)
        bottom = g.line_top(place.row + place.height - 1) - g.size
        res.region = Region(art.id, [(x0, bottom, x0 + width, top)], art.headline)
        res.boxes.append(Box(x0, bottom, width, top - bottom, 1.5))
        res.boxes.append(Box(x0 + 3, bottom + 3, width - 6, top - bottom - 6, 0.5))
        if art.label:
            s = 7.5
            w = natural_width(art.label, "kicker", self.fonts, s)
            ln = compose([(art.label, "kicker")], self.fonts, ComposeStyle(size=s, measure=w + 1, indent=0,
                                                                           justify=False))[0]
            res.runs += self.line_runs(ln, x0 + width - w - 8, top - 8 - s * 0.88, s, art.id, False)
        blocks = []
        for text, size, role in art.lines:
            size_fit, lines = self.fit_head(text, role, width - 24, 2, size, 7.5)
            blocks.append((lines, size_fit))
            self.missing(res, art, lines, "advert")
        total = sum(len(ls) * s * 1.3 for ls, s in blocks)
        gap = max(0.0, (top - bottom - 24 - total) / (len(blocks) + 1))
        y = top - 12 - gap
        for lines, s in blocks:
            for ln in lines:
                y -= s * 0.15 + s * 0.88
                res.runs += self.line_runs(ln, x0 + (width - ln.width) / 2, y, s, art.id, False)
                y -= s * 0.12 + s * 0.15
            y -= gap
        return res
