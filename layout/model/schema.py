"""The manifests' fields, declared once as data (see :mod:`layout.model.fields`).

Each record lists its fields in the order the messages and the README name
them; a field's kind says what it takes. To add a field, add a line here and
read it where the model is built (:mod:`layout.model.manifest`).
"""

from __future__ import annotations

from .fields import Bool, Choice, Date, Field, Int, Kind, ListOf, MapOf, Pattern, Record, Size, Text, Texts
from .issue import ROLES


class Headline(Kind):
    """A headline: text, or a list of its lines as the editor broke them
    (joined with line feeds)."""

    expected = "text"

    def convert(self, node, ctx, path, values):
        import yaml

        if isinstance(node, yaml.SequenceNode):
            return "\n".join(Texts(80, "line").convert(node, ctx, path, values))
        return Text(80).convert(node, ctx, path, values)


def _grid(ctx):
    return ctx.extra["grid"]


class Auto(Kind):
    """``auto`` (None: for the engine to choose), or what ``kind`` takes."""

    def __init__(self, kind: Kind, what: str = ""):
        self.kind, self.what = kind, what

    def describe(self, values, ctx):
        return f"{self.kind.describe(values, ctx)} or auto{self.what}"

    def convert(self, node, ctx, path, values):
        import yaml

        if isinstance(node, yaml.ScalarNode) and node.style is None and node.value == "auto":
            return None
        if isinstance(node, yaml.ScalarNode) and not node.value.strip().lstrip("+-").isdigit():
            raise ctx.error(path, self.describe(values, ctx), node)
        return self.kind.convert(node, ctx, path, values)


class IndexItem(Kind):
    """An index box item: an article id, or ``{article, short}``."""

    expected = "an article id or a mapping {article, short}"

    def convert(self, node, ctx, path, values):
        import yaml

        if isinstance(node, yaml.MappingNode):
            v = INDEX_ITEM.convert(node, ctx, path, values)
            return (v["article"], v["short"])
        return (Text(60).convert(node, ctx, path, values), "")


_COLUMN = Field("column", Int(1, lambda v, c: _grid(c).columns), required=True,
                help="the first basic column, from the left (1-8 on a broadsheet)")
_SPAN = Field("span", Int(1, lambda v, c: _grid(c).columns - v["column"] + 1,
                         note=lambda v, c: f" (the grid ends at column {_grid(c).columns})" if v["column"] > 1 else ""),
              required=True, help="basic columns spanned")
_ROW = Field("row", Int(1, lambda v, c: _grid(c).lines), required=True,
             help="the first body line, from the top of the type area (1-115)")
_HEIGHT = Int(1, lambda v, c: _grid(c).lines - v["row"] + 1,
              note=lambda v, c: f" (the grid ends at line {_grid(c).lines})" if v["row"] > 1 else "")

#: The lower leg of an L-shaped block (checked against its block where the
#: page is loaded: inside its columns, flush with an edge, narrower).
LEG = Record(expected="a mapping {column, span, height}: the L-shaped block's lower leg", fields=(
    Field("column", Int(1, lambda v, c: _grid(c).columns), required=True, help="its first basic column"),
    Field("span", Int(1, lambda v, c: _grid(c).columns), required=True, help="basic columns it spans"),
    Field("height", Int(1, lambda v, c: _grid(c).lines), required=True, help="body lines it goes below the block"),
))

#: A rectangle on the grid left empty on purpose (a page's ``blank``).
RECT = Record(expected="a mapping {column, span, row, height}", fields=(
    _COLUMN, _SPAN, _ROW, Field("height", _HEIGHT, required=True, help="height in body lines")))

PLACE = Record(expected="a mapping {column, span, row, height}", fields=(
    Field("column", Int(1, lambda v, c: _grid(c).columns), required=True,
          help="the first basic column, from the left (1-8 on a broadsheet)"),
    Field("span", Int(1, lambda v, c: _grid(c).columns - v["column"] + 1,
                      note=lambda v, c: f" (the grid ends at column {_grid(c).columns})" if v["column"] > 1 else ""),
          required=True, help="basic columns spanned"),
    Field("row", Int(1, lambda v, c: _grid(c).lines), required=True,
          help="the first body line, from the top of the type area (1-115)"),
    Field("height", Auto(_HEIGHT), required=True,
          help="height in body lines, or auto: the lines the content needs at this span"),
    Field("columns", Int(1, lambda v, c: 2 * v["span"], note=lambda v, c: " (two text columns a basic column at most)"),
          help="text columns across the span (破栏, broken columns)"),
    Field("leg", LEG, help="the lower leg of an L-shaped block"),
    Field("photo", Choice(("top",), "top"),
          help="top: a story's first photo across the top of the block, above the head"),
    Field("lead", Bool(), default=False,
          help="true: the page's lead (头条), its head the largest (default: the first story listed)"),
))

HOUSE = Record(expected="a mapping of house options", fields=(
    Field("level", Choice(("loose", "basic", "strict"), "loose, basic or strict"), default="basic",
          help="line-start prohibition level (clreq 3.1.7)"),
    Field("open_at_start_half", Bool(), default=False,
          help="an opening mark at a line start takes 1/2 em"),
    Field("pad_names", Bool(), default=True, help="two-character names in bylines and credits padded to three"),
    Field("normalize_punctuation", Bool(), default=False,
          help="half-width , ; : ! ? ( ) and straight quotes in Chinese text set full-width at load time"),
    Field("makeup", Record(expected="a mapping of makeup options", fields=(
        Field("lead", Choice(("top-left", "top-right"), "top-left or top-right"), help="where the lead stands"),
        Field("tombstones", Choice(("forbid", "avoid"), "forbid or avoid"),
              help="heads of blocks side by side sharing a line: forbidden, or avoided at a cost"),
        Field("photos_stacked", Choice(("forbid", "avoid"), "forbid or avoid"),
              help="blocks with photos stacked directly one on the other"),
        Field("max_underset", Int(0, 20), help="body lines of white a block may end with"),
        Field("min_leg", Int(1, 115), help="body lines a column of a story's text has at least"),
        Field("fallback", Bool(), help="when no page keeps a forbidden rule, the page that breaks it fewest "
                                       "times, with a warning (default true)"),
    )), help="automatic makeup's house options (docs/makeup.md)"),
))

#: The imprint (报尾) printed under the last page.
IMPRINT_FIELDS = ("publisher", "address", "postcode", "telephone", "price", "printer")
IMPRINT = Record(expected="a mapping of imprint lines", fields=tuple(
    Field(k, Text(80), default="", help=h) for k, h in zip(IMPRINT_FIELDS, (
        "the publisher", "its address", "its postcode", "its telephone", "the price", "the printer"))))

MASTHEAD = Record(expected="a mapping", fields=(
    Field("number", Int(1, 10 ** 7), help="第N期"),
    Field("cn", Pattern(r"CN\d{2}-\d{4}(/[A-Z0-9.]+)?", "a CN serial like CN43-0031", limit=20),
          help="CN serial (国内统一连续出版物号)"),
    Field("postal_code", Text(20), default="", help="邮发代号"),
    Field("publisher", Text(60), default="", help="the publisher's line"),
    Field("sample", ListOf(Choice(("number", "cn", "postal_code", "publisher")),
                           "a list of masthead fields (number, cn, postal_code, publisher)"), default=list,
          help="which masthead values are samples (informational: printed as given)"),
))

ISSUE = Record(expected="a mapping", fields=(
    Field("newspaper", Text(20), required=True, help="the paper's name, set as the masthead"),
    Field("date", Date(), required=True, help="the issue date, YYYY-MM-DD"),
    Field("format", Choice(("broadsheet", "tabloid"), "a grid preset: broadsheet, tabloid"), default="broadsheet",
          help="grid preset"),
    Field("masthead", MASTHEAD, help="第N期, CN serial, 邮发代号, publisher"),
    Field("house", HOUSE, help="house options of the composer"),
    Field("pages", ListOf(Text(400, "a page manifest file name"), "a list of page manifest files", empty_ok=False),
          required=True, help="the page manifests, in order"),
    Field("assets", Texts(400, "folder"), default=list, help="folders photos may also come from"),
    Field("imprint", IMPRINT, help="the imprint (报尾) under the last page"),
    Field("specimen", Bool(), default=False, help="the copy is invented: every page is marked 样张"),
))

class Span(Kind):
    """A span hint: a number of basic columns, or ``[least, most]``."""

    expected = "a number of basic columns or [least, most]"

    def convert(self, node, ctx, path, values):
        import yaml

        cols = _grid(ctx).columns
        if isinstance(node, yaml.SequenceNode):
            if len(node.value) != 2:
                raise ctx.error(path, f"{self.expected} (two numbers)", node)
            lo = Int(1, cols).convert(node.value[0], ctx, f"{path}[0]", values)
            hi = Int(lo, cols).convert(node.value[1], ctx, f"{path}[1]", values)
            return (lo, hi)
        n = Int(1, cols).convert(node, ctx, path, values)
        return (n, n)


#: ``place: {auto: true, ...}``: automatic makeup with the editor's hints.
AUTO_PLACE = Record(expected="a mapping {auto: true, priority, bottom, span, photo_span, near}", fields=(
    Field("auto", Bool(), required=True, help="true: makeup places the article"),
    Field("priority", Int(1, 9), help="1 = the lead (头条), 2 = second (二条) ..."),
    Field("bottom", Bool(), default=False, help="a 倒头条: its foot on the foot of the page"),
    Field("span", Span(), help="basic columns, or [least, most]"),
    Field("photo_span", Int(1, 16), help="the text columns its photos cover"),
    Field("near", Pattern(r"[A-Za-z0-9_-]+", "an article id", limit=60), help="an article it stands beside"),
))


class PlaceOrAuto(Kind):
    """A place on the grid, or ``auto`` / ``{auto: true, ...hints}`` for
    automatic makeup (returned as ``{"auto": {...}}``)."""

    expected = "a mapping {column, span, row, height}, or auto"

    def describe(self, values, ctx):
        return "a mapping {column, span, row, height}, or auto"

    def convert(self, node, ctx, path, values):
        import yaml

        if isinstance(node, yaml.ScalarNode) and node.value == "auto":
            return {"auto": {"auto": True, "priority": None, "bottom": False, "span": None, "photo_span": None,
                             "near": None}}
        if isinstance(node, yaml.MappingNode) and any(k.value == "auto" for k, _ in node.value):
            v = AUTO_PLACE.convert(node, ctx, path, values)
            if not v["auto"]:
                raise ctx.error(f"{path}.auto", "true (for fixed coordinates give {column, span, row, height})",
                                node)
            return {"auto": v}
        if isinstance(node, yaml.ScalarNode):  # a word that is not auto (a typo): say what may stand here
            raise ctx.error(path, self.expected, node)
        return PLACE.convert(node, ctx, path, values)


ARTICLE_ITEM = Record(expected="a mapping with file and place", fields=(
    Field("file", Text(400), required=True, help="the article manifest"),
    Field("place", PlaceOrAuto(), required=True, help="its place on the grid, or auto"),
    Field("continue", Bool(), default=False,
          help="the second part of a story jumped from an earlier page (转版)"),
))

PAGE = Record(expected="a mapping", fields=(
    Field("page", Pattern(r"[A-Z]?\d{1,3}", "a page id like A01 or 4", limit=8), required=True,
          help="page id, e.g. A01"),
    Field("section", Text(20), default="", help="section name (版名)"),
    Field("editor", Text(40), default="", help="责任编辑"),
    Field("masthead", RECT, help="on a front page, the masthead's place"),
    Field("articles", ListOf(ARTICLE_ITEM, "a list of {file, place}"), required=True,
          help="the articles placed on the page"),
    Field("blank", ListOf(RECT, "a list of places {column, span, row, height} left empty on purpose"),
          default=list, help="places left empty on purpose (not holes)"),
))

PHOTO = Record(expected="a mapping {file, caption, credit}", fields=(
    Field("file", Text(400), help="the photo (JPEG, PNG or TIFF); required unless placeholder"),
    Field("caption", Text(1000), default="", help="图片说明"),
    Field("credit", Text(60), default="", help="e.g. ■本报记者 胡建军 摄"),
    Field("height", Int(3, 200), help="height in body lines (default: the photo's proportions)"),
    Field("rights", Text(120), default="", help="a licence line set small with the photo"),
    Field("span", Int(1, 16), help="in a story: the text columns it covers (default: the whole block)"),
    Field("at", Int(1, 115), help="in a story: the block's line it starts on (default: the top of the text)"),
    Field("side", Choice(("left", "right"), "left or right"), default="left", help="in a story: its side"),
    Field("placeholder", Bool(), default=False, help="no photo yet: a marked empty frame (缺图) and a warning"),
))

INDEX_ITEM = Record(expected="a mapping {article, short}", fields=(
    Field("article", Text(60), required=True, help="the article's id"),
    Field("short", Text(40), default="", help="a short title (default: its headline)"),
))

HEAD = Record(expected="a mapping {lines, size, align, vertical}", fields=(
    Field("lines", Int(1, 4), default=1, help="the most lines the headline may take"),
    Field("size", Size(), help="a fixed size: points or a 号 name"),
    Field("align", Choice(("center", "left"), "center or left"), default="center", help="center or left"),
    Field("vertical", Bool(), default=False, help="a vertical head (竖题) at the block's right side"),
))

AD_LINE = Record(expected="a mapping {text, size, role}", fields=(
    Field("text", Text(80), required=True, help="the line"),
    Field("size", Size(), default=12.0, help="its size"),
    Field("role", Choice(ROLES), default="headline", help="the face's role"),
))

ARTICLE = Record(expected="a mapping (an article manifest)", fields=(
    Field("id", Pattern(r"[A-Za-z0-9_-]+", "letters, digits, - and _", limit=60),
          help="unique in the issue (default: the file name)"),
    Field("kind", Choice(("story", "photo", "ad", "index")), default="story",
          help="story, photo (图片新闻), ad or index (导读)"),
    Field("label", Text(20), default="", help="a tag such as 图片新闻"),
    Field("kicker", Text(80), default="", help="引题"),
    Field("headline", Headline(), default="", help="主题; a list: its lines as the editor breaks them"),
    Field("deck", Text(120), default="", help="副题"),
    Field("byline", Texts(80, "byline"), default=list, help="one or more bylines"),
    Field("dateline", Text(40), default="", help="电头, e.g. 本报讯"),
    Field("body", Texts(4000, "paragraph"), default=list, help="the paragraphs"),
    Field("photos", ListOf(PHOTO, "a list of {file, caption, credit}"), default=list, help="photos"),
    Field("head", HEAD, help="headline options"),
    Field("lines", ListOf(AD_LINE, "a list of {text, size, role}"), default=list, help="an ad's lines"),
    Field("continued_head", Text(80), default="", help="续题 over a jumped story's second part"),
    Field("items", ListOf(IndexItem(), "a list of {article, short}: the stories the index box points to"),
          default=list, help="an index box's items"),
))

FACE = Record(expected="a mapping {file, name, index, licensed, weight}", fields=(
    Field("file", Text(400, "a font file name (TTF, OTF or TTC)"), required=True,
          help="the font file, relative to fonts.yaml"),
    Field("name", Text(80), default="", help="a human name"),
    Field("index", Int(0, 255, what="a face index from 0 to 255"), default=0,
          help="the face's index in a collection (.ttc)"),
    Field("licensed", ListOf(Choice(("embedding", "subsetting")), "a list of embedding, subsetting"),
          default=list, help="rights the paper's licence grants beyond the face's OS/2 fsType bits"),
    Field("weight", Int(100, 1000, what="a weight class from 100 to 1000 (400 regular, 900 black)"),
          help="the face's weight class for fallback (default: its OS/2 usWeightClass)"),
))

FONTS = Record(expected="a mapping with faces, roles and fallback", fields=(
    Field("faces", MapOf(FACE, "a mapping of face names to {file, name}", r"[A-Za-z0-9_-]{1,40}",
                         "a face name of letters, digits, - and _"), required=True,
          help="face names -> files"),
    Field("roles", Record(expected="a mapping of roles to face names",
                          fields=tuple(Field(r, Text(40, "a face name"), required=True) for r in ROLES)),
          required=True, help="roles -> face names"),
    Field("fallback", ListOf(Text(40, "a face name"), "a list of face names"), default=list,
          help="faces tried, in order, for a character the role's face lacks"),
))

#: The article fields each kind of block prints (``headline`` of a photo-news
#: block or an ad names its region in build.json); any other field given is
#: refused, so that no field is silently without effect. Stories will carry
#: photos (issue 9): ``photos`` is listed for them already.
USED_BY_KIND = {
    "story": ("id", "kind", "label", "kicker", "headline", "deck", "byline", "dateline", "body", "photos", "head",
              "continued_head"),
    "photo": ("id", "kind", "label", "headline", "photos"),
    "ad": ("id", "kind", "label", "headline", "lines"),
    "index": ("id", "kind", "label", "headline", "items"),
}
KIND_NAMES = {"story": "story", "photo": "photo-news block", "ad": "advertisement", "index": "index box"}
