"""build.json's library versions, read from the dist-info folders
(layout/versions.py), are what importlib.metadata says."""

from importlib import metadata

import pytest

from layout.versions import dist_version


@pytest.mark.parametrize("name", ["reportlab", "fonttools", "pyyaml", "PyYAML", "pillow", "lunar_python",
                                  "lunar-python", "pikepdf", "pypdfium2", "jinja2", "uniseg", "broadsheet",
                                  "no-such-distribution"])
def test_dist_version_is_importlib_metadata(name):
    try:
        want = metadata.version(name)
    except metadata.PackageNotFoundError:
        want = None
    assert dist_version(name) == want
