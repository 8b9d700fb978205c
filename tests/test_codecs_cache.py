"""build.json's codec versions remembered in the cache folder
(layout/publish/provenance.py _codecs_remembered): the same values as asked
of the libraries, and a build that finds them does not import pikepdf or
pypdfium2. About 0.5 s (three processes)."""

import json
import os
import subprocess
import sys

SCRIPT = ("import json, sys\n"
          "from layout.publish import provenance as p\n"
          "v = p._codecs_remembered()\n"
          "print(json.dumps([v, 'pikepdf' in sys.modules, 'pypdfium2' in sys.modules]))\n")


def run(env):
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_codecs_remembered(tmp_path):
    from layout.publish.provenance import _codecs

    env = dict(os.environ, BROADSHEET_CACHE=str(tmp_path / "cache"))
    env.pop("BROADSHEET_NO_CACHE", None)
    first, imported_pikepdf, _ = run(env)
    assert first == _codecs() and "libqpdf" in first and "pillow.libjpeg_turbo" in first
    assert imported_pikepdf  # asked of pikepdf the first time
    assert list((tmp_path / "cache" / "data").glob("codecs-*.json"))
    again, pikepdf_again, pdfium_again = run(env)
    assert list(again.items()) == list(first.items())  # the same values in the same order
    assert not pikepdf_again and not pdfium_again
    off, pikepdf_off, _ = run(env | {"BROADSHEET_NO_CACHE": "1"})
    assert list(off.items()) == list(first.items()) and pikepdf_off
