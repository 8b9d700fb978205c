"""Dates for the masthead: weekday and the Chinese lunar date.

The lunar date comes from the calendar library ``lunar_python`` (never typed
by hand): 2020-12-21 is 星期一, 农历庚子年十一月初七.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .. import cache as _cache
from ..versions import code_fingerprint
from .errors import InputError

WEEKDAYS = "一二三四五六日"
_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


def parse_date(value: Any, file: Path, field: str) -> dt.date:
    """A manifest date (YAML date or ``YYYY-MM-DD`` text).

    Raises:
        InputError: not a date between 1900 and 2199.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if not isinstance(value, dt.date) or not 1900 <= value.year <= 2199:
        raise InputError(file, field, "a date YYYY-MM-DD (1900-2199)", value)
    return value


def weekday(date: dt.date) -> str:
    """星期一 ... 星期日."""
    return "星期" + WEEKDAYS[date.weekday()]


@_cache.json_memo("lunar", lambda date: f"{date.isoformat()} {code_fingerprint()}")
def lunar(date: dt.date) -> str:
    """The lunar date as a masthead prints it, e.g. ``庚子年十一月初七``
    (leap months as 闰四月; month names 正月 ... 十二月)."""
    from lunar_python import Solar

    lu = Solar.fromYmd(date.year, date.month, date.day).getLunar()
    month = lu.getMonth()
    name = ("闰" if month < 0 else "") + _MONTHS[abs(month) - 1] + "月"
    return f"{lu.getYearInGanZhi()}年{name}{lu.getDayInChinese()}"


def chinese_date(date: dt.date) -> str:
    """``2020年12月21日``."""
    return f"{date.year}年{date.month}月{date.day}日"
