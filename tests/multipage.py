"""A temporary multi-page issue made from the sample: the sample's page
manifest copied under other page ids with its articles split among them and
their places moved up on the inner pages (which have a running head, not a
masthead)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from conftest import ROOT, SAMPLE

#: page id -> (section, [(article file stem, place)]); A01 keeps the masthead.
SPLIT = {
    "A01": ("要闻", [("park-economy", dict(column=1, span=5, row=15, height=32)),
                   ("ear-subscription", dict(column=7, span=2, row=1, height=14)),
                   ("chuanshan-forum", dict(column=6, span=3, row=15, height=32))]),
    "A02": ("综合", [("craft-market-photo", dict(column=1, span=5, row=1, height=43)),
                   ("law-enforcement-contest", dict(column=6, span=3, row=1, height=19)),
                   ("party-building-case", dict(column=6, span=3, row=20, height=24))]),
    "A03": ("公益", [("civility-ad", dict(column=1, span=8, row=1, height=26))]),
}


def make_multipage_issue(tmp: Path, date: str = "2020-12-22") -> Path:
    """Write the three-page issue of ``date`` under ``tmp/issues/<date>``
    (the sample's assets copied to ``tmp/assets``) and return its folder."""
    dst = Path(tmp) / "issues" / date
    shutil.copytree(SAMPLE, dst)
    if not (Path(tmp) / "assets").exists():
        shutil.copytree(ROOT / "assets", Path(tmp) / "assets")
    issue = yaml.safe_load((dst / "issue.yaml").read_text(encoding="utf-8"))
    issue["date"] = date
    issue["pages"] = [f"pages/{pid}.yaml" for pid in SPLIT]
    (dst / "issue.yaml").write_text(yaml.safe_dump(issue, allow_unicode=True, sort_keys=False), encoding="utf-8")
    front = yaml.safe_load((SAMPLE / "pages" / "A01.yaml").read_text(encoding="utf-8"))
    for pid, (section, arts) in SPLIT.items():
        page = {"page": pid, "section": section}
        if pid == "A01":
            page["masthead"] = front["masthead"]
        else:
            page["editor"] = "张三"
        page["articles"] = [{"file": f"../articles/{stem}.yaml", "place": place} for stem, place in arts]
        (dst / "pages" / f"{pid}.yaml").write_text(yaml.safe_dump(page, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
    return dst
