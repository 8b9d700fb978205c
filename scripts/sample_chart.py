"""Draw the economy chart of the specimen issue (issues/2024-05-20-specimen,
article economy-april): the growth of six indicators, January-April, as
horizontal bars, greyscale, set in the bundled faces.

Usage: python scripts/sample_chart.py [OUT]   (default assets/economy-chart.jpg)

The figures are the invented ones of the article; the image is the project's
own work (credited 本报制图 on the page). 1800 x 1200 px: 351 ppi at three
columns (369 pt). The same Pillow and libjpeg give the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "fonts"
#: (label, growth in per cent), as in the article, largest first
BARS = [
    ("进出口总额", 12.5),
    ("金融机构贷款余额", 9.4),
    ("规模以上工业增加值", 7.2),
    ("固定资产投资", 6.4),
    ("社会消费品零售总额", 5.9),
    ("一般公共预算收入", 3.8),
]
GDP = 5.6  # first-quarter GDP growth: the reference line
TITLE = "前4月主要经济指标同比增速（%）"
SOURCE = "数据来源：市统计局　　本报制图"
W, H = 1800, 1200


def draw() -> Image.Image:
    """The chart as a greyscale image, W x H pixels."""
    im = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(im)
    title = ImageFont.truetype(str(FONTS / "NotoSansSC-Bold.ttf"), 64)
    label = ImageFont.truetype(str(FONTS / "NotoSerifSC-Regular.ttf"), 48)
    value = ImageFont.truetype(str(FONTS / "NotoSansSC-Bold.ttf"), 50)
    small = ImageFont.truetype(str(FONTS / "NotoSerifSC-Regular.ttf"), 38)
    d.text((60, 40), TITLE, font=title, fill=0)
    d.line((60, 135, W - 60, 135), fill=0, width=4)
    x0, x1 = 560, W - 200          # the axis: 0 % at x0, 14 % at x1
    top, pitch, bar = 260, 130, 76
    px = (x1 - x0) / 14.0
    for g in range(0, 15, 2):       # vertical grid every 2 %
        x = round(x0 + g * px)
        d.line((x, top - 20, x, top + pitch * len(BARS) - 40), fill=200, width=2)
        d.text((x, top + pitch * len(BARS) - 30), str(g), font=small, fill=60, anchor="mt")
    for n, (name, pct) in enumerate(BARS):
        y = top + n * pitch
        d.text((x0 - 24, y + bar // 2), name, font=label, fill=0, anchor="rm")
        d.rectangle((x0, y, round(x0 + pct * px), y + bar), fill=0 if n == 0 else 90)
        d.text((round(x0 + pct * px) + 16, y + bar // 2), f"{pct}", font=value, fill=0, anchor="lm")
    xg = round(x0 + GDP * px)       # dashed reference line: Q1 GDP growth
    for y in range(top - 30, top + pitch * len(BARS) - 40, 28):
        d.line((xg, y, xg, y + 14), fill=0, width=4)
    d.text((xg + 12, top - 40), f"一季度GDP增速{GDP}", font=small, fill=0, anchor="lb")
    d.line((x0, top - 20, x0, top + pitch * len(BARS) - 40), fill=0, width=4)
    d.text((W - 60, H - 30), SOURCE, font=small, fill=60, anchor="rb")
    return im


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "assets" / "economy-chart.jpg"
    draw().save(out, "JPEG", quality=92, optimize=True, progressive=False)
    print(f"{out.name}: {W} x {H}, {out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
