"""A page text dump -> articles: boundaries, head stacks, bylines,
datelines, photo captions and credits, paragraphs cut by column breaks.

A dump holds one page's text: articles one after another, each line a
block (a head line, a byline, a paragraph, a caption), blocks separated by
blank lines. The parser works in four steps, each a function:

1. :func:`blocks` - the non-blank lines, with the blank lines before each.
2. :func:`find_starts` - where articles start: a head stack (1-3 short
   lines without a stop mark) right before a byline (■本报记者 …) or a
   paragraph opening with a dateline (本报讯, 新华社…电); a 图片新闻 label;
   the top of the dump or two blank lines before a head stack followed by a
   paragraph. A byline or dateline with no head line before it stays in
   the article it is in (a byline at the end, a 简讯 item).
3. :func:`assemble` - each article's parts: head roles (kicker / headline /
   deck, :func:`head_roles`), bylines, the dateline, body blocks, photos
   (caption + credit; a credit is a short line ending in 摄, 供图 …).
4. :func:`join_breaks` - paragraphs cut where a column ended joined
   (:func:`break_evidence` gives the reasons either way).

Terms follow shared/docs/newspaper-typesetting.md section 3 (kicker 引题,
headline 主题, deck 副题, crosshead 小标题, dateline 电头, byline 署名).
Every decision goes to the report with its line and the alternative.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from .located import Located
from .punct import is_chinese
from .report import Report

#: Sentence-final marks (GB/T 15834 4.1-4.3, 4.11): a paragraph ends on one,
#: possibly followed by closing quotes or brackets.
FINAL = frozenset("。！？!?…")
CLOSERS = frozenset("”’）)》」』】〗\"'")
#: Marks that cannot end a paragraph: pause marks, colon, opening brackets
#: and quotes, the dash (GB/T 15834 4.4-4.7, 4.9).
NO_END = frozenset("，、；：,;:“‘（(《〈【「『—")
#: Words that cannot end a Chinese sentence: structural particles,
#: conjunctions, prepositions, demonstratives.
OPEN_WORDS = frozenset("的之和与及或并而在对将把被从向以于让使由其各该每这那")
#: Marks that cannot begin a paragraph: closing marks and stops.
NO_START = frozenset("，。、；：！？）”’》」』】,.;:!?)")

ENUM = re.compile(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十\d]+[，、,：:]|[一二三四五六七八九十]+[、．]"
                  r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．]|\d{1,2}\.(?!\d)|[①-⑳⑴-⒇⒈-⒛]"
                  r"|[■●◆▲★☆◎※▶►]|【)")
DATELINE = re.compile(
    r"^(?:本报讯|据?(?:本报|新华社|中新社|中国新闻社|人民网|新华网|央视网|光明网|央广网|中国日报网|人民日报|经济日报|工人日报)"
    r"[^\s，。,：:；;“”（）()]{0,12}?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})日"
    r"(?:电|讯|消息)|据?新华社(?!记者)[\u4e00-\u9fff]{0,6}?电)"
    r"(?:\s*[（(][^（）()]{1,30}[）)])?")
_ROLE = r"(?:记者|通讯员|评论员|实习生|撰稿人?|编辑|作者|特约)"
BYLINE_MARKED = re.compile(r"^[■●◆□]\s*(?=.*" + _ROLE + r"|\s*[\u4e00-\u9fff\ue000-\uf8ff]{2,4}$)\S")
BYLINE_PLAIN = re.compile(r"^(?:文[/／]图|文|图)?\s*[/／：:]?\s*(?:本报|新华社|中新社|人民日报)?(?:首席|特约|见习|实习)?"
                          r"(?:记者|通讯员|评论员|实习生|撰稿人?)\s*[：:]?\s*[\u4e00-\u9fff\ue000-\uf8ff]")
_CREDIT_END = r"(?:摄|摄影|供图|制图|新华社发|资料图片)"
CREDIT = re.compile(r"^[■●◆]?\s*[（(]?[^。，,；;！？!?（）()]{0,40}?" + _CREDIT_END + r"\s*[）)]?$")
INLINE_CREDIT = re.compile(r"(?:[（(][^（）()。，,]{1,40}?" + _CREDIT_END + r"\s*[）)]"
                           r"|(?<=[。！？!?\s”])[■●]?\s*(?:本报|新华社|中新社|通讯员|记者|特约)[^。，,（）()]{0,30}?"
                           + _CREDIT_END + r")\s*$")
CAPTION_HINT = re.compile(r"图为|^(?:图[：:①-⑳\d]|上图|下图|左图|右图|组图|题图)|^[①-⑳]")
LABEL = re.compile(r"^(?:图片新闻|新闻图片|图片报道|图片故事|组图|图说|图说新闻|摄影报道)[：:]?$")
#: Column labels (栏目) that stand above a story's head stack.
COLUMN_LABEL = re.compile(r"^[■●◆【\[]?(?:短评|评论|时评|快评|述评|社论|本报评论员|评论员文章|编后|编后语|记者手记|记者观察|"
                          r"新闻观察|新闻链接|相关链接|链接|一线传真|基层传真|简讯|快讯|特稿|专访|调查|人物|观点)[】\]]?[：:]?$")
FURNITURE = re.compile(r"(?:\d{4}年\d{1,2}月\d{1,2}日.{0,12}星期[一二三四五六日天]|星期[一二三四五六日天].{0,20}"
                       r"(?:[A-Z]\d{1,2}|第\s*\d{1,2}\s*版)|^(?:责任编辑|本版编辑|美术编辑|版式设计|校对|责编)[：:\s]"
                       r"|^(?:第\s*\d{1,3}\s*版|[A-Z]\d{1,2}\s*版?)(?:\s+\S{1,8})?$)")

#: The longest kicker or headline line taken as a head (the loader allows
#: 80), and the longest deck (the loader allows 120).
HEAD_MAX, DECK_MAX = 60, 120
#: The longest credit (the loader allows 60) and caption (1000).
CREDIT_MAX, CAPTION_MAX = 60, 1000
#: A crosshead (小标题) or list line kept as its own paragraph is at most
#: this long, without pause marks.
CROSSHEAD_MAX = 25


@dataclass
class Block:
    """A non-blank line of the dump.

    Attributes:
        index: its number among the blocks, from 0.
        text: its text, surrounding whitespace stripped, with positions.
        gap: blank lines before it (the first block: lines before it).
        indent: it began with whitespace (an ideographic-space indent).
    """

    index: int
    text: Located
    gap: int
    indent: bool

    @property
    def line(self) -> int:
        return self.text.start[0]

    @property
    def s(self) -> str:
        return self.text.text


def blocks(lines: list[Located]) -> list[Block]:
    """The non-blank lines with the count of blank lines before each."""
    out, gap = [], 0
    for ln in lines:
        stripped = ln.strip()
        if not stripped.text:
            gap += 1
            continue
        out.append(Block(len(out), stripped, gap, ln.text[:1].isspace()))
        gap = 0
    return out


def unwrap(bl: list[Block], report: Report) -> list[Block]:
    """Blocks of a hard-wrapped dump (paragraphs broken into lines of a
    fixed width, no blank line between them) joined back into paragraphs.

    The dump is hard-wrapped when at least five lines followed directly by
    another line have the same length (within one character: the wrap
    width) and they are at least half of such lines. A line of that width
    followed directly by another is joined with it (reported). Other dumps
    are returned as they are.
    """
    full = [b for b, n in zip(bl, bl[1:]) if n.gap == 0]
    if len(full) < 5:
        return bl
    width, count = Counter(len(b.s) for b in full).most_common(1)[0]
    near = sum(1 for b in full if abs(len(b.s) - width) <= 1)
    if count < 5 or near < len(full) / 2 or width < 10:
        return bl
    out: list[Block] = []
    last_width = 0  # characters on the last dump line of out[-1]
    for b in bl:
        if out and b.gap == 0 and abs(last_width - width) <= 1:
            prev = out[-1]
            line, col = prev.text.end
            report.add(line, col + 1, "break", f"joined a wrapped line …{prev.s[-6:]}|{b.s[:6]}… (line {b.line})",
                       "keep two blocks", f"the dump wraps its lines at {width} characters and this line is full")
            out[-1] = Block(prev.index, prev.text + b.text, prev.gap, prev.indent)
        else:
            out.append(Block(len(out), b.text, b.gap, b.indent))
        last_width = len(b.s)
    return out


# ---------------------------------------------------------------- features


def _core(s: str) -> str:
    """The text without trailing spaces and closing marks."""
    s = s.rstrip()
    while s and (s[-1] in CLOSERS or s[-1].isspace()):
        s = s[:-1]
    return s


def ends_final(s: str) -> bool:
    """True when ``s`` ends a sentence: 。！？… (or ASCII ! ? and a . after
    Chinese), closing quotes and brackets after it allowed, and a short
    bracketed note after it too (。（完）, 。（记者 王瑶）)."""
    c = _core(re.sub(r"[（(][^（）()]{1,20}[）)]\s*$", "", s.rstrip()) if re.search(
        r"[。！？!?…][”’]?\s*[（(][^（）()]{1,20}[）)]\s*$", s) else s)
    if not c:
        return False
    return c[-1] in FINAL or c[-1] == "." and len(c) > 1 and is_chinese(c[-2])


def unclosed(s: str) -> str:
    """An opening quote or bracket ``s`` leaves open ('' when none)."""
    for o, c in (("“", "”"), ("（", "）"), ("(", ")"), ("《", "》"), ("‘", "’")):
        if s.count(o) > s.count(c):
            return o
    if s.count('"') % 2:
        return '"'
    return ""


def is_byline(s: str) -> bool:
    return len(s) <= 80 and "。" not in s and not is_credit(s) and not re.search(r"[，,；;]", s) and bool(
        BYLINE_MARKED.match(s) or BYLINE_PLAIN.match(s) and len(s) <= 40)


def is_credit(s: str) -> bool:
    return len(s) <= CREDIT_MAX and bool(CREDIT.match(s))


def dateline(s: str) -> re.Match | None:
    """The dateline at the start of a paragraph, when there is one and text
    follows it."""
    m = DATELINE.match(s)
    return m if m and s[m.end():].strip() else None


def is_label(s: str) -> bool:
    return bool(LABEL.match(s))


def is_furniture(s: str) -> bool:
    """A running head or editor line (page furniture, not an article)."""
    return len(s) <= 60 and "。" not in s and bool(FURNITURE.search(s))


def head_like(s: str, limit: int = HEAD_MAX) -> bool:
    """Could be a head line: short, not ending with 。 or a pause mark, not a
    byline, credit, label, dateline paragraph, list item or a line wholly in
    brackets (an attribution such as （完）)."""
    t = s.strip()
    if len(t) < 2 or len(t) > limit:
        return False
    if t[-1] in NO_END or _core(t)[-1:] in ("。", ".") or t[0] in NO_START:
        return False
    if is_byline(t) or is_credit(t) or is_label(t) or dateline(t) or is_furniture(t) or ENUM.match(t):
        return False
    if re.fullmatch(r"[（(【\[].*[）)】\]]", t) or unclosed(t) or INLINE_CREDIT.search(t):
        return False
    if re.search(r"[，,]", t) and re.search(r"[。.](?!\d)", t):  # a sentence with a pause and a stop
        return False
    return any(is_chinese(c) or c.isalnum() for c in t)


def crosshead_shape(s: str) -> bool:
    """Short, no pause marks, no stop, nothing left open: the shape of a
    crosshead (小标题) or a list line."""
    t = s.replace(" ", "").replace("\u3000", "")
    return (0 < len(t) <= CROSSHEAD_MAX and not re.search(r"[，、；：,;:]", t) and not ends_final(t)
            and t[-1] not in NO_END and t[-1] not in OPEN_WORDS and not unclosed(t))


# ---------------------------------------------------------------- breaks


@dataclass
class Evidence:
    """Why two blocks are (or are not) one paragraph cut by a column break."""

    join: bool
    reasons: list[str]
    alternative: str


def break_evidence(p: str, n: str, *, wrapped: bool, crossheads: int, after_photo: bool = False) -> Evidence:
    """Decide whether block ``n`` continues paragraph ``p``, which does not
    end with a stop mark.

    Joined unless ``n`` opens like a new paragraph (a list marker, an
    enumerator such as 一是 / （一） / 1., a dateline) or ``p`` is a crosshead
    or list line (crosshead-shaped, and the article has another such line,
    or ``p`` itself opens with a marker). ``crossheads`` counts the
    crosshead-shaped blocks of the article. The reasons name every piece of
    evidence, for it and against.
    """
    pro: list[str] = []
    core = _core(p)
    last = p.rstrip()[-1:]
    if last in NO_END:
        pro.append(f"ends with {last}, which cannot end a paragraph")
    elif core[-1:] in OPEN_WORDS and core == p.rstrip():
        pro.append(f"ends with {core[-1]}, which cannot end a sentence")
    else:
        pro.append(f"ends with {last} without a stop mark")
    if unclosed(p):
        pro.append(f"leaves {unclosed(p)} open")
    first = n[:1]
    if first in NO_START:
        pro.append(f"the next block starts with {first}, which cannot start a paragraph")
    elif first == "的" and not n.startswith(("的确", "的士")) or first == "们":
        pro.append(f"the next block starts with {first}, which cannot start a sentence")
    if wrapped:
        pro.append("no blank line between (a wrapped line)")
    if after_photo:
        pro.append("a photo stands between them")
    strong = len(pro) > 1 or last in NO_END
    opens_new, own_line = [], []
    if ENUM.match(n):
        opens_new.append(f"the next block opens with a marker ({ENUM.match(n).group()})")
    if dateline(n):
        opens_new.append(f"the next block opens with a dateline ({dateline(n).group()})")
    if crosshead_shape(p) and not (first in NO_START or unclosed(p)):
        if ENUM.match(p):
            own_line.append(f"a list or crosshead line: opens with {ENUM.match(p).group()}")
        elif crossheads >= 2:
            own_line.append(f"crosshead-shaped (short, no pause marks) like {crossheads - 1} other line(s) "
                            "of the article")
    # a next block that opens a paragraph always wins; a crosshead-shaped
    # line only against the weak evidence of a missing stop mark
    if not opens_new and (strong or not own_line):
        return Evidence(True, pro + [f"against: {c}" for c in own_line], "keep two paragraphs")
    return Evidence(False, opens_new + own_line + [f"for joining: {r}" for r in pro], "join them")


# ---------------------------------------------------------------- articles


@dataclass
class Photo:
    """A photo the dump names by its caption and credit only (the image is
    not in the dump: the manifest gets a placeholder)."""

    caption: list[Block] = field(default_factory=list)
    credit: Located | None = None


@dataclass
class Article:
    """One article as found in the dump, before text conversion."""

    kind: Literal["story", "photo"]
    first: int  # index of its first block
    evidence: str
    heads: list[tuple[str, Block]] = field(default_factory=list)  # (role, block)
    head_alternatives: list[str] = field(default_factory=list)
    head_evidence: str = ""
    label: Block | None = None
    bylines: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    photo_after: set[int] = field(default_factory=set)  # body indexes a photo stood before


@dataclass
class Start:
    first: int
    kind: str
    anchor: int | None
    heads: list[int]
    evidence: str


def _lookback(bl: list[Block], k: int, floor: int) -> list[int]:
    """The head stack right before block ``k``: up to three head-like blocks
    (the one next to ``k`` may be a deck of up to DECK_MAX characters), not
    reaching below ``floor``."""
    heads: list[int] = []
    j = k - 1
    while j >= floor and len(heads) < 3:
        if not head_like(bl[j].s, DECK_MAX if not heads else HEAD_MAX):
            break
        heads.insert(0, j)
        j -= 1
    if len(heads) == 1 and len(bl[heads[0]].s) > HEAD_MAX:
        return []  # a long line alone before a byline is no headline
    return heads


def find_starts(bl: list[Block], report: Report, blank_separated: bool = True) -> list[Start]:
    """Where each article starts (see the module docstring), reporting each
    start and each candidate turned down. In a dump whose blocks are
    separated by blank lines (``blank_separated``), two head lines after a
    finished paragraph start an article only when blank lines stand between
    them and the paragraph after (else they may be a wrapped paragraph)."""
    alone = (lambda j: j == 0 or bl[j].gap >= 1) if blank_separated else (lambda j: True)
    starts: list[Start] = []
    floor = 0
    for k, b in enumerate(bl):
        if k < floor:
            continue
        s = b.s
        if is_furniture(s):
            continue
        if is_label(s):
            starts.append(Start(k, "photo", k, [], f"a photo-news label ({s})"))
            floor = k + 1
            continue
        anchor = None
        if is_byline(s) and not (k > 0 and is_byline(bl[k - 1].s)):
            anchor = f"a byline ({s}) at line {b.line}"
        elif dateline(s) and not (k > 0 and is_byline(bl[k - 1].s)):
            anchor = f"a dateline ({dateline(s).group()}) at line {b.line}"
        if anchor:
            heads = _lookback(bl, k, floor)
            if heads and heads[0] > floor and not ends_final(bl[heads[0] - 1].s) and len(heads) > 1 and not (
                    starts and starts[-1].anchor == heads[0] - 1):
                ev = break_evidence(bl[heads[0] - 1].s, bl[heads[0]].s, wrapped=bl[heads[0]].gap == 0, crossheads=0)
                if ev.join and len(ev.reasons) > 1:
                    report.add(bl[heads[0]].line, 0, "head", "continuation of the paragraph before, not a head line",
                               "a head line", "; ".join(ev.reasons))
                    heads = heads[1:]
            if heads:
                starts.append(Start(heads[0], "story", k, heads, f"head line(s) before {anchor}"))
                floor = k + 1
            elif starts or k > 0:
                report.add(b.line, 0, "boundary", "no new article: no head line before it",
                           "a new article without a headline", f"{anchor}, right after a paragraph")
            continue
        top = not starts and all(is_furniture(x.s) for x in bl[:k])
        after_end = k > 0 and b.gap >= 1 and (ends_final(bl[k - 1].s) or is_credit(bl[k - 1].s))
        if (top or b.gap >= 2 or after_end) and head_like(s):
            run = [k]
            while len(run) < 3 and run[-1] + 1 < len(bl) and head_like(bl[run[-1] + 1].s):
                run.append(run[-1] + 1)
            nxt = run[-1] + 1
            body_next = nxt < len(bl) and not (is_byline(bl[nxt].s) or dateline(bl[nxt].s) or is_label(
                bl[nxt].s)) and (ends_final(bl[nxt].s) or len(bl[nxt].s) >= 40)
            if body_next and (top or b.gap >= 2):
                why = "the top of the dump" if top else f"{b.gap} blank lines before it"
                starts.append(Start(k, "story", None, run, f"head line(s) after {why}, then a paragraph"))
                floor = nxt
            elif body_next and len(run) >= 2 and all(alone(j) for j in run[1:] + [nxt]):
                starts.append(Start(k, "story", None, run, f"{len(run)} head lines after a finished paragraph, "
                                                           "then a paragraph (crossheads come one at a time)"))
                floor = nxt
            elif nxt < len(bl) and b.gap >= 2 and not (is_byline(bl[nxt].s) or dateline(bl[nxt].s)):
                report.add(b.line, 0, "boundary", "no new article", "a new article",
                           f"{b.gap} blank lines before a short line, but no paragraph follows its head lines")
    return starts


def head_roles(lines: list[str]) -> tuple[list[str], list[str], str]:
    """(roles, alternative roles, evidence) for a stack of 1-3 head lines.

    One line is the headline. Two are headline + deck, the usual stack (a
    deck may hold a 。); kicker + headline only when the first line ends
    with a colon or a dash, leading into the second. A second line opening
    with —— is a deck whatever the first (newspaper-typesetting.md section
    3). Three lines are kicker, headline and deck; the alternative is a
    headline broken in two lines and a deck.
    """
    if len(lines) == 1:
        return ["headline"], ["kicker or deck of a stack whose other lines are not in the dump"], "one head line"
    if len(lines) == 2:
        a, b = lines
        if b.startswith("—"):
            return ["headline", "deck"], ["kicker", "headline"], "the second line opens with ——, a deck's mark"
        if a.rstrip()[-1:] in ("：", ":", "—") and len(b) <= HEAD_MAX:
            return (["kicker", "headline"], ["headline", "deck"],
                    f"the first line ends with {a.rstrip()[-1]}, leading into the second")
        return ["headline", "deck"], ["kicker", "headline"], "two head lines: a headline and its deck, the usual stack"
    return ["kicker", "headline", "deck"], ["headline (first line)", "headline (second line)", "deck"], \
        "three head lines: kicker, headline, deck"


def assemble(bl: list[Block], starts: list[Start], report: Report) -> tuple[list[Article], list[Block]]:
    """Articles from their starts; the blocks in no article (before the
    first, page furniture) are returned to be held by the report."""
    articles: list[Article] = []
    unplaced: list[Block] = [b for b in bl[:starts[0].first]] if starts else list(bl)
    for n, st in enumerate(starts):
        end = starts[n + 1].first if n + 1 < len(starts) else len(bl)
        art = Article(st.kind, st.first, st.evidence)
        own = [b for b in bl[st.first:end] if not is_furniture(b.s)]
        unplaced += [b for b in bl[st.first:end] if is_furniture(b.s)]
        if st.kind == "photo":
            art.label = own[0]
            rest = _photo_parts(art, own[1:])
            if not art.photos:
                report.add(art.label.line, 0, "label", "held in the report: a photo-news label with no caption "
                           "after it", "an empty photo-news block")
                unplaced.append(art.label)
                continue
            if any(sum(len(b.s) for b in ph.caption) > CAPTION_MAX for ph in art.photos):
                _photo_as_story(art, report)
            articles.append(art)
            if rest:
                articles.append(_story_after_photo(rest, report))
            continue
        else:
            heads = [bl[i] for i in st.heads]
            if len(heads) > 1 and COLUMN_LABEL.match(heads[0].s):
                art.label, heads = heads[0], heads[1:]
            roles, alts, why = head_roles([h.s for h in heads])
            art.heads = list(zip(roles, heads))
            art.head_alternatives, art.head_evidence = alts, why
            _story_parts(art, [b for b in own if b.index not in st.heads], report)
        articles.append(art)
    return articles, unplaced


def _inline_credit(b: Block) -> tuple[Block, Located] | None:
    """(caption block, credit) when a caption block ends with its credit,
    as in ``…图为游客在参观。（新华社记者 李鑫 摄）``."""
    m = INLINE_CREDIT.search(b.s)
    if not m or m.start() == 0 or len(b.s) > 1000:
        return None
    return Block(b.index, b.text[:m.start()].strip(), b.gap, b.indent), b.text[m.start():].strip()


def _story_parts(art: Article, own: list[Block], report: Report) -> None:
    for b in own:
        s = b.s
        if is_byline(s):
            art.bylines.append(b)
            if art.body:
                report.add(b.line, 0, "byline", "byline after the body", "a paragraph",
                           "a byline line with no head line before it")
            continue
        if is_credit(s):
            ph = Photo(credit=b.text)
            if art.body and CAPTION_HINT.search(art.body[-1].s):
                ph.caption = [art.body.pop()]
            art.photos.append(ph)
            art.photo_after.add(len(art.body))
            continue
        split = _inline_credit(b) if CAPTION_HINT.search(s) else None
        if split:
            art.photos.append(Photo([split[0]], split[1]))
            art.photo_after.add(len(art.body))
            continue
        art.body.append(b)


def _photo_as_story(art: Article, report: Report) -> None:
    """A photo-news block whose caption is longer than a caption can be
    (CAPTION_MAX) is a story: its title (or label) the headline, the
    caption blocks its body, the credits placeholder photos."""
    blocks_ = [b for ph in art.photos for b in ph.caption]
    report.add(art.label.line, 0, "boundary", "a story with photos: the text after the label is too long for a "
               "caption", "a photo-news block", f"over {CAPTION_MAX} characters of caption")
    if not art.heads:  # the label is the only head line
        art.heads, art.label = [("headline", art.label)], None
        art.head_alternatives, art.head_evidence = ["a label"], "the label, the only head line"
    art.kind, art.body = "story", blocks_
    art.photos = [Photo([], ph.credit) for ph in art.photos if ph.credit is not None]


def _story_after_photo(rest: list[Block], report: Report) -> Article:
    """The head lines and paragraphs after a photo-news block's last credit,
    as a story of their own."""
    run = [rest[0]]
    while len(run) < 3 and len(rest) > len(run) + 1 and head_like(rest[len(run)].s):
        run.append(rest[len(run)])
    art = Article("story", rest[0].index, "head line(s) and paragraphs after a photo-news block's last credit")
    roles, alts, why = head_roles([b.s for b in run])
    art.heads, art.head_alternatives, art.head_evidence = list(zip(roles, run)), alts, why
    _story_parts(art, rest[len(run):], report)
    return art


def _photo_parts(art: Article, own: list[Block]) -> list[Block]:
    """Caption blocks up to each credit make one photo; caption blocks with
    no credit after them, a last photo without credit. A short head-like
    line before the first caption is the block's title (headline).

    Returns the blocks after the last credit when they look like a story
    (a head-like line, then a block that is not), to be one."""
    pending: list[Block] = []
    for b in own:
        s = b.s
        if is_credit(s) or (is_byline(s) and pending and len(s) <= CREDIT_MAX):
            art.photos.append(Photo(pending, b.text))
            pending = []
            continue
        split = _inline_credit(b)
        if split:
            art.photos.append(Photo(pending + [split[0]], split[1]))
            pending = []
            continue
        pending.append(b)
    if pending and art.photos and head_like(pending[0].s) and len(pending) > 1 and any(
            not head_like(b.s) for b in pending[1:]):
        return pending
    if pending:
        art.photos.append(Photo(pending, None))
    first = art.photos[0] if art.photos else None
    if first and len(first.caption) > 1 and head_like(first.caption[0].s, 30) and not ends_final(first.caption[0].s):
        art.heads = [("headline", first.caption.pop(0))]
        art.head_alternatives = ["the caption's first line"]
        art.head_evidence = "a short line without a stop mark before the caption"
    return []


def join_breaks(blocks_: list[Block], report: Report, article: str, photo_after: set[int] = frozenset(),
                wrapped_is_evidence: bool = True) -> list[Located]:
    """Paragraphs from body blocks: a block that does not end with a stop
    mark is joined with the next unless :func:`break_evidence` says the next
    opens a paragraph of its own. Every such pair is reported."""
    if not blocks_:
        return []
    crossheads = sum(1 for b in blocks_ if crosshead_shape(b.s))
    out = [blocks_[0].text]
    for k, b in enumerate(blocks_[1:], 1):
        p = out[-1]
        if ends_final(p.text):
            out.append(b.text)
            continue
        ev = break_evidence(p.text, b.s, wrapped=wrapped_is_evidence and b.gap == 0, crossheads=crossheads,
                            after_photo=k in photo_after)
        line, col = p.end
        tail, head = p.text[-6:], b.s[:6]
        if ev.join:
            report.add(line, col + 1, "break", f"joined …{tail}|{head}… (line {b.line})", ev.alternative,
                       "; ".join(ev.reasons), article)
            out[-1] = p + b.text
        else:
            report.add(line, col + 1, "break", f"kept apart …{tail} | {head}… (line {b.line})", ev.alternative,
                       "; ".join(ev.reasons), article)
            out.append(b.text)
    return out
