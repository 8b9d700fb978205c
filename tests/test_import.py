"""``broadsheet import``: page text dumps -> manifests, with a report of
every decision and no text lost."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SAMPLE
from layout.cli import main
from layout.model.errors import InputError
from layout.model.manifest import load_article, load_yaml
from layout.publish.dump import import_dump
from layout.publish.dump.located import Located
from layout.publish.dump.parse import break_evidence, head_roles
from layout.publish.dump.punct import convert

DATA = Path(__file__).parent / "data"
SEED = DATA / "seed-front-page.txt"
DUMPS = DATA / "dumps"
TEXT_FIELDS = ("label", "kicker", "headline", "deck", "byline", "dateline", "body")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "layout", *args], capture_output=True, text=True, cwd=ROOT)


def articles_of(out: Path) -> list[dict]:
    """The article manifests written, in page order, read back from disk."""
    page = load_yaml(next((out / "pages").glob("*.yaml")))
    return [load_yaml((out / "pages" / item["file"]).resolve()) for item in page["articles"]]


def texts_of(art: dict) -> list[str]:
    """Every text of an article that comes from the dump."""
    out = []
    for key in TEXT_FIELDS:
        v = art.get(key)
        out += v if isinstance(v, list) else [v] if v else []
    for ph in art.get("photos", []):
        out += [ph[k] for k in ("caption", "credit") if ph.get(k)]
    return out


def assert_no_text_lost(dump: Path, out: Path) -> Counter:
    """The multiset of non-whitespace characters of the dump, with the
    report's punctuation conversions applied, equals the characters of the
    manifests plus those the report holds. Everything is read from disk."""
    report = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    text = dump.read_bytes().decode(report["encoding"])
    text = text.removeprefix("\ufeff")
    lines = re.split(r"\r\n|\r|\n", text)
    chars = [list(ln) for ln in lines]
    for d in report["decisions"]:
        m = re.fullmatch(r"set (.) for (.)", d["chosen"]) if d["kind"] == "punct" else None
        if m:
            old = chars[d["line"] - 1][d["column"] - 1]
            assert old == m.group(2), d
            chars[d["line"] - 1][d["column"] - 1] = m.group(1)
    want = Counter(c for ln in chars for c in ln if not c.isspace())
    held = "".join(d.get("text", "") for d in report["decisions"] if d["kind"] in ("unplaced", "removed"))
    have = Counter(c for art in articles_of(out) for t in texts_of(art) for c in t if not c.isspace())
    have.update(c for c in held if not c.isspace())
    assert have == want, (want - have, have - want)
    return want


def decisions(out: Path, kind: str | None = None) -> list[dict]:
    report = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    return [d for d in report["decisions"] if kind is None or d["kind"] == kind]


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "2020-12-21"
    import_dump(SEED, "2020-12-21", "衡阳日报", out)
    return out


def hand_made() -> dict[str, dict]:
    """The sample issue's articles made by hand from the seed, by headline
    (the label for the photo block), ads left out."""
    out = {}
    for f in sorted((SAMPLE / "articles").glob("*.yaml")):
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        if d.get("kind") != "ad":
            head = "".join(d["headline"]) if isinstance(d.get("headline"), list) else d.get("headline")
            out[head or d["label"]] = d
    return out


# ---------------------------------------------------------------- the seed


def test_seed_matches_the_hand_made_issue(seed_out):
    got = {a.get("headline") or a["label"]: a for a in articles_of(seed_out)}
    hand = hand_made()
    assert list(got) == ["务实深化改革 提升亩均效益 加快推动工业园区高质量发展", "抢抓机遇 扎根衡阳 跑出创新发展“加速度”",
                         "大展身手！ 衡阳代表队拔头筹", "我市党建经验入选中国改革2020年度典型案例", "图片新闻"]
    assert sorted(got) == sorted(hand)
    for head, mine in got.items():
        theirs = hand[head]
        for key in ("kicker", "deck", "byline", "dateline", "body", "label"):
            assert mine.get(key) == theirs.get(key), (head, key)
        assert [(p.get("caption"), p.get("credit")) for p in mine.get("photos", [])] == \
            [(p.get("caption"), p.get("credit")) for p in theirs.get("photos", [])]
        assert all(p == {"placeholder": "true", "caption": p["caption"], "credit": p["credit"]}
                   for p in mine.get("photos", []))


def test_seed_joins_every_column_break(seed_out):
    joins = {d["line"]: d for d in decisions(seed_out, "break")}
    # the seven cuts: after 具, 新动力、, 城市规划, 有实, 论坛, 之, 淳厚的
    tails = {11: "具", 17: "新动力、", 43: "城市规划", 47: "有实", 53: "论坛", 79: "之", 83: "淳厚的"}
    assert sorted(joins) == sorted(tails)
    for line, tail in tails.items():
        d = joins[line]
        assert d["chosen"].startswith("joined …") and f"{tail}|" in d["chosen"], d
        assert d["alternative"] == "keep two paragraphs" and d["evidence"]
    bodies = [p for a in articles_of(seed_out) for p in a.get("body", [])]
    for joined in ("系列具体重大问题", "新动力、新动能", "城市规划咨询", "有实力有情怀", "论坛的逐步升级", "之一，也是",
                   "淳厚的“党味”"):
        assert sum(joined in p for p in bodies) == 1, joined


def test_seed_report_names_heads_bylines_datelines_and_caption(seed_out):
    heads = [(d["line"], d["chosen"], d["alternative"]) for d in decisions(seed_out, "head")]
    assert heads == [(3, "headline", "kicker"), (5, "deck", "headline"), (33, "headline", "kicker"),
                     (35, "deck", "headline"), (59, "headline", "kicker"), (61, "deck", "headline"),
                     (73, "headline", "kicker"), (75, "deck", "headline")]
    assert [d["line"] for d in decisions(seed_out, "byline")] == [7, 37, 63, 77]
    assert [(d["line"], d["chosen"]) for d in decisions(seed_out, "dateline")] == \
        [(n, "dateline 本报讯") for n in (9, 39, 65, 79)]
    assert [d["line"] for d in decisions(seed_out, "boundary")] == [3, 33, 59, 73, 89]
    assert [d["line"] for d in decisions(seed_out, "caption")] == [91]
    assert [(d["line"], d["chosen"]) for d in decisions(seed_out, "credit")] == [(93, "credit ■本报记者 胡建军 摄")]
    punct = decisions(seed_out, "punct")
    assert len(punct) == 126 and all(d["chosen"].startswith("set ") for d in punct)
    assert {"line": 59, "column": 5, "kind": "punct", "chosen": "set ！ for !", "alternative": "keep !",
            "evidence": "after 手", "article": "a01-03"} in punct


def test_seed_no_text_lost(seed_out):
    assert sum(assert_no_text_lost(SEED, seed_out).values()) == 3041


def test_seed_manifests_are_quoted_and_load(seed_out):
    issue = (seed_out / "issue.yaml").read_text(encoding="utf-8")
    assert 'date: "2020-12-21"' in issue and 'newspaper: "衡阳日报"' in issue
    page = (seed_out / "pages" / "A01.yaml").read_text(encoding="utf-8")
    assert page.count('place: "auto"') == 5
    for f in sorted((seed_out / "articles").glob("*.yaml")):
        text = f.read_text(encoding="utf-8")
        for line in text.splitlines():
            if not line.startswith("#") and ": " in line and not line.rstrip().endswith(":"):
                value = line.split(": ", 1)[1]
                assert value == "true" or value.startswith('"'), line
        data = load_yaml(f)
        if "photos" not in data:
            assert load_article(f, [seed_out]).body == data["body"]


def test_seed_manifests_build_with_the_hand_made_places(seed_out, tmp_path):
    """Until makeup places `auto` articles, put the imported stories where
    the hand-made page has them and the sample photo in the placeholder:
    the page builds, and every paragraph imported is on it."""
    import shutil

    import pdfplumber

    from layout.model.writer import write_manifest
    from layout.publish.build import build

    issue = tmp_path / "issues" / "2020-12-21"
    shutil.copytree(seed_out, issue)
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    hand_page = yaml.safe_load((SAMPLE / "pages" / "A01.yaml").read_text(encoding="utf-8"))
    hand = {Path(item["file"]).stem: item["place"] for item in hand_page["articles"]}
    by_head = {}
    for name, d in hand_made().items():
        by_head[name] = hand[d["id"]]
    items = []
    for art_file in sorted((issue / "articles").glob("*.yaml")):
        data = load_yaml(art_file)
        if data.get("kind") == "photo":
            data["photos"][0] = {"file": "photo-news.jpg", "caption": data["photos"][0]["caption"],
                                 "credit": data["photos"][0]["credit"]}
            write_manifest(art_file, data, "article")
        items.append({"file": f"../articles/{art_file.name}",
                      "place": by_head[data.get("headline") or data["label"]]})
    write_manifest(issue / "pages" / "A01.yaml", {"page": "A01", "articles": items}, "page")
    data = load_yaml(issue / "issue.yaml")
    write_manifest(issue / "issue.yaml", {**data, "assets": ["../../assets"]}, "issue")
    res = build(issue, tmp_path / "out")
    # the dump holds no masthead, ear or ad: their places are holes, nothing else is wrong
    assert not [f for f in res.findings if f.severity == "error" and f.kind != "hole"]
    with pdfplumber.open(tmp_path / "out" / "A01.pdf") as pdf:
        printed = "".join(c["text"] for c in pdf.pages[0].chars if not c["text"].isspace())
    for art in articles_of(seed_out):
        for par in art.get("body", []):
            assert re.sub(r"\s", "", par)[:30] in printed


@pytest.mark.parametrize("shape", ["hard-wrapped", "no blank lines"])
def test_seed_reshaped_imports_the_same(seed_out, tmp_path, shape):
    """The seed with its paragraphs hard-wrapped into 28-character lines
    (head lines as they are), or with its blank lines taken out, gives the
    same articles."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    if shape == "hard-wrapped":
        lines = [part for ln in lines for part in ([ln[i:i + 28] for i in range(0, len(ln), 28)]
                                                   if len(ln) > 40 else [ln])]
    else:
        lines = [ln for ln in lines if ln.strip()]
    dump = tmp_path / "seed.txt"
    dump.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "issue"
    import_dump(dump, "2020-12-21", "衡阳日报", out)
    assert articles_of(out) == articles_of(seed_out)
    assert_no_text_lost(dump, out)


# ---------------------------------------------------------------- other pages


@pytest.fixture(scope="module")
def inner_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("inner") / "issue"
    import_dump(DUMPS / "inner-page-xinhua.txt", "2020-12-22", "衡阳日报", out, page="A03")
    return out


def test_xinhua_story_kicker_headline_deck_and_dateline(inner_out):
    xinhua, city, brief = articles_of(inner_out)
    assert (xinhua["kicker"], xinhua["headline"], xinhua["deck"]) == (
        "冬季农业生产扎实推进", "全国冬小麦播种面积稳中有增", "——农业农村部有关负责人答记者问")
    assert xinhua["dateline"] == "新华社北京12月21日电（记者 张新华 李明远）"
    assert xinhua["body"][0].startswith("农业农村部21日发布消息，今年全国冬小麦播种面积3.36亿亩，")
    assert "byline" not in xinhua
    assert brief["headline"] == "国内首条智能网联公交示范线开通" and brief["dateline"] == "据新华社电"
    assert "L4级自动驾驶技术（有安全员随车）。" in brief["body"][0]
    assert xinhua["id"] == "a03-01" and (inner_out / "pages" / "A03.yaml").is_file()


def test_byline_with_several_names_and_crossheads_kept(inner_out):
    city = articles_of(inner_out)[1]
    assert city["byline"] == ["■本报记者 王小明 李华 见习记者 赵一鸣 通讯员 刘洋"]
    assert city["headline"] == "城乡公交一体化跑出“加速度”"
    assert city["deck"] == "我市新增公交线路12条 惠及沿线群众30余万人"
    assert city["body"][1] == "城乡公交一体化提速" and city["body"][3] == "智慧站台覆盖主城区"
    assert city["body"][2].endswith("先后开通了通往茶山坳、东阳渡、和平等乡镇的公交线路，让农村群众出行更方便、更安全、更实惠。")
    assert city["body"][4].endswith("明年将继续推进新能源公交车更新、智慧站台建设和线网优化，力争实现城区公交站点500米全覆盖。")


def test_breaks_after_pause_marks_joined_and_list_lines_kept(inner_out):
    xinhua = articles_of(inner_out)[0]
    body = xinhua["body"]
    assert "该负责人说：“今年秋冬种面积稳、质量好、进度快，为明年夏粮丰收打下了坚实基础。”" in body[5]
    assert body[7:11] == ["答：下一步，将重点抓好三项工作：", "（一）抓好冬前田间管理", "（二）抓好病虫害防控",
                          "（三）抓好春季生产准备"]
    assert body[-1] == "该负责人强调，要密切关注寒潮、干旱等灾害性天气，及早制定应急预案，确保小麦安全越冬。"
    kept = [d for d in decisions(inner_out, "break") if d["chosen"].startswith("kept apart")]
    assert [d["line"] for d in kept] == [13, 25, 27, 29, 31, 47, 53]
    assert all(d["alternative"] == "join them" for d in kept)


def test_ascii_kept_in_numbers_times_and_addresses(inner_out):
    body = " ".join(articles_of(inner_out)[0]["body"])
    for kept in ("3.36亿亩", "90.5%", "12:30召开", "http://www.moa.gov.cn查询"):
        assert kept in body
    assert "“藏粮于地、藏粮于技”" in body
    kept = [d for d in decisions(inner_out, "punct") if d["chosen"].startswith("kept")]
    assert [(d["line"], d["chosen"]) for d in kept] == [(33, "kept :")]


def test_running_head_and_editor_line_held_by_the_report(inner_out):
    held = [(d["line"], d["text"]) for d in decisions(inner_out, "unplaced")]
    assert held == [(1, "2020年12月22日 星期二 A03 国内新闻"), (65, "责任编辑:陈晓 美术编辑:刘畅")]


def test_inner_page_no_text_lost(inner_out):
    assert_no_text_lost(DUMPS / "inner-page-xinhua.txt", inner_out)


@pytest.fixture(scope="module")
def photo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("photo") / "issue"
    import_dump(DUMPS / "photo-page.txt", "2020-12-22", "衡阳日报", out)
    return out


def test_photo_blocks_get_placeholders(photo_out):
    snow, flowers, estates = articles_of(photo_out)
    assert snow["kind"] == "photo" and snow["label"] == "图片新闻" and snow["headline"] == "雪后南岳分外娇"
    assert snow["photos"] == [{"placeholder": "true", "caption": snow["photos"][0]["caption"],
                               "credit": "■本报记者 李强 摄"}]
    assert [p["credit"] for p in flowers["photos"]] == ["■本报记者 周敏 摄", "（新华社记者 陈文 摄）"]
    assert flowers["photos"][1]["caption"].endswith("该工程计划于明年6月完工。")
    assert all("file" not in p for a in (snow, flowers, estates) for p in a["photos"])


def test_photo_inside_a_story_and_the_break_around_it(photo_out):
    estates = articles_of(photo_out)[2]
    assert estates["headline"] == "小区改造“改”出幸福感"
    assert estates["byline"] == ["■本报记者 刘芳 通讯员 黄磊"]
    assert estates["photos"] == [{"placeholder": "true", "caption": "图为改造后的石鼓区人民路社区一角。",
                                  "credit": "■本报记者 刘芳 摄"}]
    assert estates["body"][1].endswith("为居民提供更加舒适便捷的居住环境。")
    assert estates["body"][2] == "【相关链接】"
    assert estates["body"][0].startswith("“楼道亮了，路面平了，停车也不难了！”12月21日，")
    joined = [d for d in decisions(photo_out, "break") if d["chosen"].startswith("joined")]
    assert [d["line"] for d in joined] == [25] and "a photo stands between them" in joined[0]["evidence"]


def test_photo_page_no_text_lost(photo_out):
    assert_no_text_lost(DUMPS / "photo-page.txt", photo_out)


def test_county_page_plain_byline_column_label_and_jump(tmp_path):
    out = tmp_path / "issue"
    import_dump(DUMPS / "county-page.txt", "2020-12-22", "衡阳日报", out)
    oil, comment, winter = articles_of(out)
    assert oil["headline"] == "耒阳：油茶产业“链”出致富路" and oil["byline"] == ["本报记者 陈思远 通讯员 谢文斌"]
    assert oil["dateline"] == "本报讯（记者 陈思远 通讯员 谢文斌）"
    assert oil["body"][1].endswith("他家流转的300亩油茶林今年进入丰产期，预计收入可达60万元。")
    assert oil["body"][2].endswith("开发出茶油、茶皂素、日化用品等系列产品30余种。（下转A2版）")
    assert (comment["label"], comment["headline"]) == ("短评", "让特色产业成为增收“主引擎”")
    assert "byline" not in comment and "dateline" not in comment and len(comment["body"]) == 2
    assert (winter["headline"], winter["dateline"]) == ("雁城暖冬行动温暖困难群众", "本报讯（通讯员 李芳）")
    boundary = [(d["line"], d["evidence"]) for d in decisions(out, "boundary")]
    assert boundary[1] == (21, "head line(s) after 3 blank lines before it, then a paragraph")
    assert_no_text_lost(DUMPS / "county-page.txt", out)


@pytest.mark.parametrize("bom, codec", [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                                        (b"\xfe\xff", "utf-16-be")])
def test_byte_order_marks(tmp_path, bom, codec):
    dump = tmp_path / "dump.txt"
    dump.write_bytes(bom + SEED.read_text(encoding="utf-8").encode(codec))
    out = tmp_path / "issue"
    res = import_dump(dump, "2020-12-21", "衡阳日报", out)
    assert res.report.encoding == codec and len(res.articles) == 5
    assert decisions(out, "encoding")[0]["evidence"] == f"{codec.upper()} byte-order mark"
    assert_no_text_lost(dump, out)


# ---------------------------------------------------------------- GB18030, 造字, dirty input

GB_DUMP = ("村里来了“新农人”\r\n\r\n■本报记者 王\ue0c5 通讯员 李\ue4c6\r\n\r\n"
           "本报讯 12月21日,在祁东县\ue000家村,返乡青年陈\ue234正在大棚里查看蔬菜长势。\"种菜也要讲科学。\"他说。\r\n\r\n"
           "据统计,全县今年新增返乡创业人员1200余人。\r\n")
PUA = [(3, 8, "\ue0c5", "ac aa"), (3, 15, "\ue4c6", "a1 40"), (5, 16, "\ue000", "aa a1"), (5, 25, "\ue234", "f8 a1")]


@pytest.mark.parametrize("bom, encoding, how", [
    (b"", None, "not UTF-8"), (b"\x84\x31\x95\x33", None, "GB18030 byte-order mark"),
    (b"", "gbk", "--encoding gbk, read as GB18030"), (b"", "gb18030", "--encoding gb18030")])
def test_gb18030_with_user_defined_characters(tmp_path, bom, encoding, how):
    dump = tmp_path / "dump.txt"
    dump.write_bytes(bom + GB_DUMP.encode("gb18030"))
    out = tmp_path / "issue"
    res = import_dump(dump, "2020-12-22", "祁东报", out, encoding=encoding)
    assert res.report.encoding == "gb18030"
    enc = decisions(out, "encoding")[0]
    assert enc["evidence"].startswith(how)
    (art,) = articles_of(out)
    assert art["byline"] == ["■本报记者 王\ue0c5 通讯员 李\ue4c6"]
    assert art["body"][0] == ("12月21日，在祁东县\ue000家村，返乡青年陈\ue234正在大棚里查看蔬菜长势。“种菜也要讲科学。”他说。")
    pua = [(d["line"], d["column"], d["evidence"]) for d in decisions(out, "pua")]
    assert pua == [(line, col, f"bytes {b} in gb18030") for line, col, _, b in PUA]
    assert "\ue0c5" in (out / "articles" / "a01-01.yaml").read_text(encoding="utf-8")  # raw, not escaped
    assert_no_text_lost(dump, out)


def test_dirty_dump_loses_nothing(tmp_path):
    """Tabs, CR-only line ends, a zero-width space and a control character,
    text before the first article, full-width indents, a wrapped line."""
    text = ("第3版\r\r"
            "这段文字在任何文章之前。\r\r"
            "\t工作推进会召开\r\r"
            "■本报记者 罗文鹏\r\r"
            "\u3000\u3000本报讯 12月19日上午,我市召开\u200b工业园区产业经济工作推进会,深入学习贯彻中央\x07经济工作会议\r"
            "精神。(完)\r\r"
            "\u3000\u3000\"一个人\"的 力量: Hello, world!\r")
    dump = tmp_path / "dirty.txt"
    dump.write_bytes(text.encode("utf-8"))
    out = tmp_path / "issue"
    import_dump(dump, "2020-12-22", "衡阳日报", out)
    (art,) = articles_of(out)
    assert art["headline"] == "工作推进会召开"
    assert art["body"][0] == "12月19日上午，我市召开工业园区产业经济工作推进会，深入学习贯彻中央经济工作会议精神。（完）"
    assert art["body"][1] == "“一个人”的 力量：Hello, world!"
    removed = [(d["line"], d["column"], d["text"]) for d in decisions(out, "removed")]
    assert removed == [(9, 20, "\u200b"), (9, 43, "\x07")]
    assert [d["text"] for d in decisions(out, "unplaced")] == ["第3版", "这段文字在任何文章之前。"]
    wrapped = [d for d in decisions(out, "break")]
    assert len(wrapped) == 1 and "no blank line between (a wrapped line)" in wrapped[0]["evidence"]
    assert_no_text_lost(dump, out)


def test_text_over_the_loaders_limits_is_cut_or_moved_never_dropped(tmp_path):
    """A paragraph over 4,000 characters is cut after a sentence end; a
    photo block whose caption runs over 1,000 is a story; a label with
    nothing after it is held by the report. All load back."""
    long_par = "本报讯 " + "这是一个很长的句子，用来测试段落长度的上限。" * 250
    text = (f"长段落的文章\n\n■本报记者 王瑶\n\n{long_par}\n\n图片新闻\n\n"
            + "\n\n".join(["说明文字很长，" * 20 + "。"] * 8) + "\n\n■本报记者 胡建军 摄\n\n图片新闻\n")
    dump = tmp_path / "long.txt"
    dump.write_text(text, encoding="utf-8")
    out = tmp_path / "issue"
    import_dump(dump, "2020-12-22", "衡阳日报", out)
    story, photo_story = articles_of(out)
    assert [len(p) for p in story["body"]] == [3982, 1518]
    assert [d["kind"] for d in decisions(out, "split")] == ["split"]
    assert photo_story.get("kind", "story") == "story" and photo_story["headline"] == "图片新闻"
    assert len(photo_story["body"]) == 8 and photo_story["photos"] == [{"placeholder": "true",
                                                                        "credit": "■本报记者 胡建军 摄"}]
    assert [d["text"] for d in decisions(out, "unplaced")] == ["图片新闻"]
    assert_no_text_lost(dump, out)


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize("text, expected", [
    ("12月19日上午,我市召开(上海)有限公司,中国改革(2020)年会", "12月19日上午，我市召开（上海）有限公司，中国改革（2020）年会"),
    ("增长3.5%,共3,500人,12:30开会,比分3:1", "增长3.5%，共3,500人，12:30开会，比分3:1"),
    ("详见http://x.cn/a?b=1,或致信a@b.cn!", "详见http://x.cn/a?b=1，或致信a@b.cn！"),
    ("函数f(x)的值;他说:\"好\"", "函数f(x)的值；他说：“好”"),
    ("世界卫生组织(WHO)表示", "世界卫生组织（WHO）表示"),
    ("Hello, world (test) \"quoted\" don't", "Hello, world (test) \"quoted\" don't"),
    ("他说:'你好'!", "他说：‘你好’！"),
    ("\"你好,\"他说,\"再见。\"", "“你好，”他说，“再见。”"),
])
def test_punctuation_where_the_text_is_chinese(text, expected):
    out, ds = convert(Located.of_line(text, 1))
    assert out.text == expected
    assert len(out.where) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, out.text)) if a != b]
    assert sorted(d.column - 1 for d in ds if d.chosen.startswith("set")) == changed


@pytest.mark.parametrize("p, n, join", [
    ("各级政府要开展集中现场办公，限时打包解决系列具", "体重大问题。", True),
    ("本次论坛特邀上海圣博华康城市规划", "咨询有限公司董事长励凌峰担任导师团团长。", True),
    ("既保持淳厚的", "“党味”，又符合党员的“口味”。", True),
    ("该负责人说：", "“今年秋冬种面积稳。”", True),
    ("将重点抓好三项工作：", "（一）抓好冬前田间管理", False),
    ("一是加强组织领导；", "二是强化要素保障；", False),
    ("“要推动进入更多采购目录，锁定更多有实", "力有情怀的战略合作伙伴。”", True),
])
def test_break_evidence(p, n, join):
    ev = break_evidence(p, n, wrapped=False, crossheads=0)
    assert ev.join is join and ev.reasons


def test_crosshead_kept_only_when_the_article_has_several():
    assert break_evidence("坚持创新驱动发展", "会议指出，要深化改革。", wrapped=False, crossheads=2).join is False
    assert break_evidence("坚持创新驱动发展", "会议指出，要深化改革。", wrapped=False, crossheads=1).join is True


def test_head_roles():
    assert head_roles(["主题"])[0] == ["headline"]
    assert head_roles(["主题", "副题"])[0] == ["headline", "deck"]
    assert head_roles(["引题：", "主题"])[0] == ["kicker", "headline"]
    assert head_roles(["引题", "主题", "——副题"])[0] == ["kicker", "headline", "deck"]


# ---------------------------------------------------------------- bad input and the command


def _gb_bytes() -> bytes:
    return GB_DUMP.encode("gb18030")


@pytest.mark.parametrize("setup, args, expected", [
    (None, [], "missing.txt: expected an existing text file (a page text dump)"),
    (b"", [], "dump.txt: line 1: expected a page text dump (the file is empty)"),
    (b" \n\n\t\n", [], "dump.txt: line 1: expected a page text dump (the file holds only whitespace)"),
    ("十二月十九日,我市召开会议。\n\n会议要求,全力做好工作。\n".encode(), [],
     "dump.txt: line 1: expected an article: head lines followed by a byline"),
    ("__gb__", ["--encoding", "utf-8"], "dump.txt: line 1: expected text in utf-8 (bytes"),
    (b"\xff\xfe\x00\x00\xff\n", ["--encoding", "nope"], "--encoding: expected a text encoding Python knows"),
    ("标题\n\n■本报记者 王瑶\n\n本报讯 正文。\n".encode(), ["--date", "2020-13-01"],
     "--date: expected a date YYYY-MM-DD (1900-2199), found '2020-13-01'"),
    (b"a\x00b\n", [], "dump.txt: line 1: expected a text dump (a NUL character at column 2"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, setup, args, expected):
    dump = tmp_path / ("missing.txt" if setup is None else "dump.txt")
    if setup is not None:
        dump.write_bytes(_gb_bytes() if setup == "__gb__" else setup)
    if "--date" not in args:
        args = args + ["--date", "2020-12-22"]
    r = CliRunner().invoke(main, ["import", str(dump), "--paper", "衡阳日报", "-o", str(tmp_path / "out"), *args],
                           catch_exceptions=False)  # in-process: any exception but InputError fails the test
    assert r.exit_code == 2, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith("broadsheet: error: ")
    assert expected in r.stderr.replace(str(tmp_path) + "/", ""), r.stderr
    assert not (tmp_path / "out").exists()


def test_refuses_a_non_empty_folder_and_never_overwrites_the_dump(tmp_path):
    out = tmp_path / "issue"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match="an empty or new folder"):
        import_dump(SEED, "2020-12-21", "衡阳日报", out)
    res = import_dump(SEED, "2020-12-21", "衡阳日报", out, force=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert any("notes.txt" in t for t in res.report.todo)
    dump = out / "import-report.json"
    dump.write_bytes(SEED.read_bytes())
    before = dump.read_bytes()
    with pytest.raises(InputError, match="does not overwrite the dump"):
        import_dump(dump, "2020-12-21", "衡阳日报", out, force=True)
    assert dump.read_bytes() == before


def test_same_dump_same_bytes(seed_out, tmp_path):
    out = tmp_path / "again"
    import_dump(SEED, "2020-12-21", "衡阳日报", out)
    for f in sorted(p for p in seed_out.rglob("*") if p.is_file()):
        assert (out / f.relative_to(seed_out)).read_bytes() == f.read_bytes(), f


def test_cli_prints_the_table_and_the_files(tmp_path):
    out = tmp_path / "issue"
    r = run_cli("import", str(DUMPS / "photo-page.txt"), "--date", "2020-12-22", "--paper", "衡阳日报", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(out / f) for f in ("issue.yaml", "pages/A01.yaml", "articles/a01-01.yaml",
                                                       "articles/a01-02.yaml", "articles/a01-03.yaml",
                                                       "import-report.json")]
    rows = r.stderr.splitlines()
    assert rows[0].split() == ["line", "kind", "article", "chosen", "(evidence)", "alternative"]
    assert any(re.match(r"15:49\s+credit\s+a01-02\s+credit \(新华社记者 陈文 摄\)", row) for row in rows), rows
    assert any(re.match(r"\d+ decisions: ", row) for row in rows)
    # the loader takes placeholder photos: no todo is left for them
    assert not any(row.startswith("todo: ") and "placeholder" in row for row in rows)


# ---------------------------------------------------------------- fuzz

_BLOCKS = [
    "务实深化改革 提升亩均效益", "全市工业园区产业经济工作推进会召开。邓群策作出批示 朱健出席并讲话", "■本报记者 罗文鹏",
    "■通讯员 王瑶 摄", "本报讯 12月19日上午,我市召开推进会,深入学习(上海)精神。", "新华社北京12月21日电(记者 张新华)农业农村部21日发布消息。",
    "图片新闻", "图为一名小朋友在欣赏玩偶。", "12月20日,游客观赏雾凇。(新华社记者 陈文 摄)", "各级政府要开展集中现场办公,限时打包解决系列具",
    "体重大问题。", "他说:\"你好,'世界'!\"", "(一)抓好冬前田间管理", "一是面积稳中有增;", "城乡公交一体化提速", "——答记者问",
    "责任编辑:陈晓", "2020年12月22日 星期二 A03", "(完)", "http://x.cn/a?b=1, 12:30, 3.5%", "Hello, world!", "】）”,。",
    "\ue000\ue4c5造字", "\u3000\u3000缩进的段落。", "长" * 130, "短" * 70 + "。", "据新华社电 记者获悉,示范线开通。",
]


@settings(max_examples=25 * int(os.environ.get("FUZZ_SCALE", "1")), deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_BLOCKS), st.text(min_size=1, max_size=40)), min_size=1, max_size=14),
       st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n\r\n"]), min_size=14, max_size=14))
def test_any_dump_imports_with_no_text_lost_or_is_refused(tmp_path_factory, blocks, seps):
    """A dump of realistic blocks and random text, blank lines between
    them: either imported, with every character accounted for and every
    manifest loaded back, or refused with an InputError. FUZZ_SCALE=20
    tries 500 dumps."""
    tmp = tmp_path_factory.mktemp("fuzz")
    dump = tmp / "dump.txt"
    dump.write_bytes("".join(b + s for b, s in zip(blocks, seps)).encode("utf-8", "surrogatepass"))
    try:
        import_dump(dump, "2020-12-22", "衡阳日报", tmp / "out")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert_no_text_lost(dump, tmp / "out")
