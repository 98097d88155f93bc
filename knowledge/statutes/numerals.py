"""Chinese numerals as statutes write them (第一百一十八条, 第（三）项) to and from ``int``."""

from __future__ import annotations

DIGITS = {
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
UNITS = {"十": 10, "百": 100, "千": 1000}
# 万 closes a section (二万五千 = 2×10000 + 5000). Article and item numbers never use it, so it
# stays out of NUMERAL_CHARS; amounts (二万元) do.
TEN_THOUSAND = "万"
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_CN = "零一二三四五六七八九"


def cn_to_int(text: str) -> int:
    """``一百一十八`` → 118, ``十二`` → 12, ``二万`` → 20000, ``118`` → 118.

    Raises ``ValueError`` on anything else.
    """
    text = text.strip()
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text.translate(_FULLWIDTH))
    total = section = current = 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        elif ch in UNITS:
            section += (current or 1) * UNITS[ch]
            current = 0
        elif ch == TEN_THOUSAND:
            total += (section + current) * 10000
            section = current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + section + current


def int_to_cn(n: int) -> str:
    """118 → ``一百一十八``, 10 → ``十``, 15 → ``十五`` (the way article labels are printed)."""
    if n <= 0 or n >= 10000:
        raise ValueError(f"out of range: {n}")
    parts: list[str] = []
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, unit_value)
        if digit:
            parts.append(_CN[digit] + unit)
        elif parts and n and parts[-1] != "零":
            parts.append("零")
    if n:
        parts.append(_CN[n])
    text = "".join(parts)
    if text.startswith("一十"):
        text = text[1:]
    return text


def article_label(number: int, sub: int = 0) -> str:
    """``第五十一条`` or, for an inserted article, ``第十条之一``."""
    label = f"第{int_to_cn(number)}条"
    return f"{label}之{int_to_cn(sub)}" if sub else label


def item_label(number: int) -> str:
    return f"（{int_to_cn(number)}）"
