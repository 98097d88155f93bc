"""Yuan amounts written in statute text: 五十元, 二万元, 两百元, 2万元, 5000元, 50万元."""

from __future__ import annotations

import re

_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNIT = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
AMOUNT_RE = re.compile(r"([0-9０-９]+(?:\.[0-9]+)?万?|[零〇一二两三四五六七八九十百千万]+)元")


def cn_amount(text: str) -> int:
    """``二万`` → 20000, ``2万`` → 20000, ``五十`` → 50, ``5000`` → 5000."""
    s = text.translate(_FULLWIDTH)
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(万?)", s)
    if m:
        return int(float(m.group(1)) * (10000 if m.group(2) else 1))
    total = section = num = 0
    for ch in s:
        if ch in _DIGIT:
            num = _DIGIT[ch]
        elif ch in _UNIT:
            section += (num or 1) * _UNIT[ch]
            num = 0
        elif ch == "万":
            total += (section + num) * 10000
            section = num = 0
    return total + section + num


def amounts(text: str) -> set[int]:
    """Every yuan amount named in ``text``."""
    return {cn_amount(m.group(1)) for m in AMOUNT_RE.finditer(text)}
