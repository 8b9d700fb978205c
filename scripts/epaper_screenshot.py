"""Screenshot of the sample's e-paper front page with its article regions
outlined and the lead story's highlighted as under the mouse (the README's
docs/epaper.png).

Builds the sample with --epaper into a temporary folder and opens the page in
headless Chromium (Debian's chromium and chromium-driver, through Selenium;
the same harness as tests/test_epaper_browser.py).

Usage: python scripts/epaper_screenshot.py [OUT.png] [--width 1200] [--height 900]
"""

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("png", nargs="?", default=str(ROOT / "docs" / "epaper.png"))
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=900)
    a = ap.parse_args()

    from PIL import Image
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    from browser import browser_missing, chromium
    from layout.publish.build import build

    why = browser_missing()
    if why:
        sys.exit(f"epaper_screenshot: {why}")
    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT / "issues" / "2020-12-21", Path(tmp) / "out", epaper=True)
        page = Path(tmp) / "out" / "epaper" / "2020-12-21" / "A01.html"
        with chromium(a.width, a.height) as driver:
            driver.get(page.as_uri())
            # every region outlined thinly, so the picture shows where they are
            driver.execute_script(
                "var s = document.createElement('style');"
                "s.textContent = '.zones a.zone polygon { stroke: rgba(24, 96, 200, .55); }';"
                "document.head.appendChild(s);")
            ActionChains(driver).move_to_element(
                driver.find_element(By.CSS_SELECTOR, 'svg.zones a[data-article="park-economy"] polygon')).perform()
            png = driver.get_screenshot_as_png()
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(a.png, optimize=True)
    print(f"{a.png}: {image.width} x {image.height}, {Path(a.png).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
