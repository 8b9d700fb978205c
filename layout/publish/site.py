"""The e-paper site: HTML pages from the e-paper's data, and a site root that
collects many issues.

A site root::

    index.html      -> the latest issue's first page
    archive.html    往期回顾: a calendar of every issue in the root
    search.html     全文检索 (pagefind; needs a web server, says so on file://)
    issues.json     the site index: one entry per issue, by date
    static/         epaper.css, epaper.js
    pagefind/       the search index over every issue's article pages
    2020-12-21/     one folder per issue (layout/publish/epaper.py)

Every link is relative, so the site works from ``file://``, from any static
web server and under any path on it. Pages are rendered with Jinja2
(autoescaped) from the dicts :mod:`layout.publish.epaper` makes; the same
data gives the same bytes.

:func:`add_to_site` adds a built issue to a site root so that a reader never
sees a half-written issue: the issue folder is copied beside its final place
and renamed into it, the search index likewise, and the calendar and site
index are rewritten last, each file written to a temporary name and renamed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..model.errors import InputError
from ..model.issue import page_number

#: Version of the site index format (issues.json).
INDEX_FORMAT = 1
_HERE = Path(__file__).resolve().parent
_STATIC = ("epaper.css", "epaper.js")


def _env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_HERE / "templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["banci"] = page_number  # 版次: A02 -> 2
    return env


def _alt(caption: str, fallback: str) -> str:
    """Alt text of a photo: the caption's first sentence (the caption itself
    follows as the figure's caption), else ``fallback``."""
    first = re.split(r"(?<=[。！？])", caption.strip(), maxsplit=1)[0].strip()
    return first or fallback


def issue_site_files(issue: dict, pages: list[dict], articles: list[dict]) -> dict[str, bytes]:
    """The HTML of one issue, relative to the issue folder -> bytes.

    Args:
        issue: the issue data (data/issue.json).
        pages: per page, the issue.json page entry with its ``zones`` and
            ``links`` (hotzones.json).
        articles: the article data (data/articles/<id>.json), in reading order.
    """
    env = _env()
    out: dict[str, bytes] = {}
    headings = {p["id"]: p["heading"] for p in pages}
    common = dict(issue=issue, root="../", here="")
    for n, page in enumerate(pages):
        html = env.get_template("page.html.j2").render(
            common, page=page, zones=page["zones"], links=page["links"],
            prev=pages[n - 1] if n else None, next=pages[n + 1] if n + 1 < len(pages) else None,
            page_titles="，".join(z["headline"] for z in page["zones"]) or "无文章")
        out[page["html"]] = html.encode("utf-8")
    by_id = {a["id"]: a for a in articles}
    for art in articles:
        shown = dict(art, photos=[dict(p, alt=_alt(p["caption"], art["title"])) for p in art["photos"]])
        ad_lines = [ln for ln in art["lines"] if not (art["kind"] == "ad" and ln["text"] == art["title"])]
        html = env.get_template("article.html.j2").render(
            issue=issue, root="../../", here="../", art=shown, headings=headings, ad_lines=ad_lines,
            prev=by_id.get(art["prev"]), next=by_id.get(art["next"]))
        out[art["html"]] = html.encode("utf-8")
    first = pages[0]["html"] if pages else "data/issue.json"
    out["index.html"] = env.get_template("redirect.html.j2").render(
        root="../", target=first, title=f"{issue['title']} {pages[0]['heading'] if pages else ''}".strip(),
        archive=True).encode("utf-8")
    return out


def root_site_files(entries: list[dict]) -> dict[str, bytes]:
    """The site root's own files for the issues ``entries`` (site index
    entries, any order): index.html, archive.html, search.html, issues.json
    and static/, relative to the root -> bytes.

    Raises:
        ValueError: no issues.
    """
    if not entries:
        raise ValueError("a site needs at least one issue")
    entries = sorted(entries, key=lambda e: e["date"])
    newspaper = entries[-1]["newspaper"]
    env = _env()
    latest = entries[-1]
    out: dict[str, bytes] = {
        "issues.json": (json.dumps({"format": INDEX_FORMAT, "newspaper": newspaper, "issues": entries},
                                   ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        "index.html": env.get_template("redirect.html.j2").render(
            root="", target=latest["first"], title=f"{latest['title']}（最新一期）", archive=True).encode("utf-8"),
        "archive.html": env.get_template("archive.html.j2").render(
            issue=None, root="", here="", newspaper=newspaper, years=_calendar(entries), count=len(entries),
            first=_cn(entries[0]["date"]), last=_cn(entries[-1]["date"])).encode("utf-8"),
        "search.html": env.get_template("search.html.j2").render(
            issue=None, root="", here="", newspaper=newspaper).encode("utf-8"),
    }
    for name in _STATIC:
        out[f"static/{name}"] = (_HERE / "static" / name).read_bytes()
    return out


def _cn(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _calendar(entries: list[dict]) -> list[dict]:
    """Years (newest first) of months (newest first) of weeks (Monday first)
    of days, each day with its issue when there is one."""
    by_date = {e["date"]: e for e in entries}
    months = sorted({(int(e["date"][:4]), int(e["date"][5:7])) for e in entries}, reverse=True)
    cal = calendar.Calendar(firstweekday=0)
    years: list[dict] = []
    for y, m in months:
        weeks = [[{"n": d, "issue": by_date.get(f"{y:04d}-{m:02d}-{d:02d}") if d else None} for d in week]
                 for week in cal.monthdayscalendar(y, m)]
        if not years or years[-1]["year"] != y:
            years.append({"year": y, "months": []})
        years[-1]["months"].append({"month": m, "weeks": weeks})
    return years


# --- a site root of many issues ----------------------------------------------

@dataclass
class SiteResult:
    """What :func:`add_to_site` did: the issue folders added, the root files
    written, whether the search index was built, and notes for the user."""

    root: Path
    issues: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    search: bool = False
    notes: list[str] = field(default_factory=list)


def read_index(path: Path) -> dict:
    """A site index (issues.json).

    Raises:
        InputError: the file is not a site index broadsheet wrote.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT or not isinstance(data.get("issues"), list):
            raise ValueError
        for e in data["issues"]:
            dt.date.fromisoformat(e["date"])
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}/", e["path"]):
                raise ValueError
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InputError(path, "", f"a site index written by broadsheet (issues.json, format {INDEX_FORMAT})",
                         exc.__class__.__name__) from None
    return data


def add_to_site(site_root: str | Path, epaper_dir: str | Path, search: bool = True) -> SiteResult:
    """Add the issue(s) of a built e-paper folder (``OUT/epaper``) to the
    site root ``site_root`` (made if missing), replacing an issue of the
    same date, then rebuild the calendar, the site index and, with
    ``search`` and pagefind installed, the search index.

    Raises:
        InputError: ``epaper_dir`` holds no e-paper, the site root is a
            file or holds another newspaper or a damaged issues.json, or
            it cannot be written.
    """
    site, src = Path(site_root), Path(epaper_dir)
    new = read_index(src / "issues.json")
    if site.exists() and not site.is_dir():
        raise InputError(site, "", "a folder for the e-paper site (--site)")
    try:
        site.mkdir(parents=True, exist_ok=True)
        _recover(site)
        old = read_index(site / "issues.json") if (site / "issues.json").exists() else None
        if old and old["issues"] and old["newspaper"] != new["newspaper"]:
            raise InputError(site / "issues.json", "newspaper",
                             f"issues of {old['newspaper']} only (a site holds one newspaper)", new["newspaper"])
        result = SiteResult(site)
        entries = {e["date"]: e for e in (old["issues"] if old else [])}
        for e in new["issues"]:
            _swap_in(src / e["date"], site / e["date"])
            entries[e["date"]] = e
            result.issues.append(e["date"])
        if search:
            result.search, note = build_search_index(site)
            if note:
                result.notes.append(note)
        # the root's files last, so the calendar names only complete issues
        from .outputs import write_atomic

        for rel, data in root_site_files(list(entries.values())).items():
            write_atomic(site / rel, data)
            result.written.append(site / rel)
        return result
    except OSError as exc:
        raise InputError(site, "", f"a writable folder for the e-paper site ({exc.strerror or exc})") from None


def _recover(site: Path) -> None:
    """Tidy what an interrupted :func:`add_to_site` left: staging copies are
    removed; an issue moved aside but not replaced is put back."""
    for p in sorted(site.iterdir()):
        if p.name.startswith(".staging-") and p.is_dir():
            shutil.rmtree(p)
    for p in sorted(site.iterdir()):
        m = re.fullmatch(r"\.trash-(.+)-\d+", p.name)
        if m and p.is_dir():
            final = site / m.group(1)
            if not final.exists():
                os.rename(p, final)
            else:
                shutil.rmtree(p)


def _swap_in(src: Path, final: Path) -> None:
    """Copy the folder ``src`` to ``final``: copied beside it under a
    temporary name, the old folder renamed aside, the copy renamed into
    place, the old one removed."""
    if not src.is_dir():
        raise InputError(src, "", "an issue folder of the built e-paper")
    staging = final.parent / f".staging-{final.name}-{os.getpid()}"
    shutil.copytree(src, staging)
    trash = final.parent / f".trash-{final.name}-{os.getpid()}"
    if final.exists():
        os.rename(final, trash)
    os.rename(staging, final)
    if trash.exists():
        shutil.rmtree(trash)


def pagefind_available() -> bool:
    """Whether the pagefind package (pip ``pagefind[extended]``) is installed."""
    return importlib.util.find_spec("pagefind") is not None


def build_search_index(site: Path) -> tuple[bool, str]:
    """Index every issue's article pages of the site root with pagefind into
    ``pagefind/`` (built beside it, then renamed into place). Chinese text
    is segmented into words by pagefind's extended build.

    Returns: (built, a note for the user or "").
    """
    if not pagefind_available():
        return False, "search index not built: pagefind is not installed (pip install 'broadsheet[site]')"
    staging = site / f".staging-pagefind-{os.getpid()}"
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(staging),
           "--glob", "[0-9]*/articles/*.html", "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not (staging / "pagefind.js").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        tail = " ".join((proc.stderr or proc.stdout).split())[-300:]
        return False, f"search index not built: pagefind exited {proc.returncode}: {tail}"
    final = site / "pagefind"
    trash = site / f".trash-pagefind-{os.getpid()}"
    if final.exists():
        os.rename(final, trash)
    os.rename(staging, final)
    if trash.exists():
        shutil.rmtree(trash)
    return True, ""
