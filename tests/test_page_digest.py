"""The page digest (layout.render.pages.page_key: build.json's page digest
and the render cache's key) names what a page's PDF is made from: the same
in every process for the same input (the display list hashed in its pickled
form, which holds no set whose order would follow the hash seed), different
when one glyph moves. ``build --pages`` keeps a page's previous PDF when its
digest is unchanged. About 3 s (the sample laid out in three processes)."""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from layout.makeup.display import GlyphRun
from layout.publish.build import layout_issue
from layout.render.pages import page_key

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2020-12-21"

DIGEST = """
import json, sys
from pathlib import Path
from layout.publish.build import layout_issue
from layout.render.pages import page_key
issue, fonts, lists = layout_issue(sys.argv[1])
print(json.dumps([page_key([pl], fonts, {"title": pl.title, "pdfx": False}) for pl in lists]))
"""


def digests_in_a_process(seed: str) -> list[str]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", DIGEST, str(SAMPLE)], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_the_same_digest_in_processes_with_other_hash_seeds():
    first, second = digests_in_a_process("1"), digests_in_a_process("4242")
    assert len(first) == 1 and len(first[0]) == 64
    assert first == second


def kinds(obj, seen: set) -> None:
    """Every type in a display list (a set would break the digest)."""
    seen.add(type(obj))
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            kinds(getattr(obj, f.name), seen)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            kinds(k, seen)
            kinds(v, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            kinds(v, seen)


def test_a_moved_glyph_changes_the_digest_and_no_set_is_held():
    issue, fonts, lists = layout_issue(SAMPLE)
    pl = lists[0]
    digest = lambda pdfx=False: page_key([pl], fonts, {"title": pl.title, "pdfx": pdfx})
    before = digest()
    assert before == digest()
    run = next(r for r in pl.runs if isinstance(r, GlyphRun) and len(r.xs) > 1)
    k = pl.runs.index(run)
    pl.runs[k] = dataclasses.replace(run, xs=[run.xs[0] + 0.01, *run.xs[1:]])
    assert digest() != before
    pl.runs[k] = run
    assert digest(pdfx=True) != before  # the metadata counts too
    seen: set = set()
    kinds(pl, seen)
    assert not seen & {set, frozenset}, seen
