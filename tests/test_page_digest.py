"""The page digest's plain form (layout/publish/build.py _plain) writes the
same JSON as dataclasses.asdict, so build.json's page digests are unchanged
(regen's resume check reads them). About 1 s (the sample laid out)."""

import json
from dataclasses import asdict
from pathlib import Path

from layout.makeup.display import Finding, PageList, Picture
from layout.publish.build import _plain, layout_issue

ROOT = Path(__file__).resolve().parent.parent


def same_json(obj) -> bool:
    return json.dumps(_plain(obj), sort_keys=True, default=str) == json.dumps(asdict(obj), sort_keys=True,
                                                                              default=str)


def test_sample_pages_same_json():
    _, _, lists = layout_issue(ROOT / "issues" / "2020-12-21")
    assert lists and lists[0].runs
    assert all(same_json(pl) for pl in lists)


def test_nested_values_same_json():
    pl = PageList("A01", 100.0, 200.0, pictures=[Picture(Path("a/b.jpg"), 1.0, 2.0, 3.0, 4.0, (10, 20), (0, 0, 5, 6))],
                  findings=[Finding("overset", "error", "A01", "x", "m", {"lines": (1, 2), "at": [Path("p")]})],
                  makeup={"score": 1.5, "places": {"a": (1, 2)}}, trim=(0.0, 0.0, 1.0, 1.0))
    assert same_json(pl)
    plain = _plain(pl)
    assert plain["pictures"][0]["crop"] == [0, 0, 5, 6] and plain["trim"] == [0.0, 0.0, 1.0, 1.0]
    assert plain["findings"][0]["data"]["lines"] == [1, 2]
