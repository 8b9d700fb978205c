"""Headless Chromium for the site tests: Debian's chromium and its matching
chromium-driver, driven by Selenium, on a site served from 127.0.0.1.

Without a browser the tests that need one skip with a message, except under
CI (``CI=true``), where a missing browser is a failure: CI installs it
(.ci/run).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BROADSHEET_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BROADSHEET_CHROMEDRIVER", "/usr/bin/chromedriver")
#: Flags for a browser on a machine without a network or a display.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")


def browser_missing() -> str:
    """Why no browser test can run here, or "" when one can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return f"{path} not found (apt-get install chromium chromium-driver)"
    return ""


def require_browser() -> None:
    """Skip the calling test when there is no browser; fail under CI."""
    why = browser_missing()
    if why:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests need a browser under CI: {why}")
        pytest.skip(f"browser tests skipped: {why}")


def fontconfig(tmp: Path) -> Path:
    """A fontconfig file that adds the project's bundled faces, so pages
    show Chinese text in screenshots without system CJK fonts."""
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    f'  <dir>{ROOT / "fonts"}</dir>\n  <cachedir>{tmp / "fc-cache"}</cachedir>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n</fontconfig>\n',
                    encoding="utf-8")
    return conf


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 1000):
    """A Selenium driver for headless Chromium with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    tmp = Path(tempfile.mkdtemp(prefix="broadsheet-chromium-"))
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp / 'profile'}")
    opts.add_argument(f"--window-size={width},{height}")
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig(tmp)))
    service = Service(CHROMEDRIVER, env=env)
    driver = webdriver.Chrome(service=service, options=opts)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(tmp, ignore_errors=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
