"""Yuan amounts written in statute text: 五十元, 二万元, 两百元, 2万元, 5000元, 50万元."""

from __future__ import annotations

import re

from knowledge.statutes.numerals import NUMERAL_CHARS, TEN_THOUSAND, cn_to_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
AMOUNT_RE = re.compile(rf"([0-9０-９]+(?:\.[0-9]+)?万?|[{NUMERAL_CHARS}{TEN_THOUSAND}]+)元")


def cn_quantity(text: str) -> float | None:
    """A number as statutes and answers write it: ``二百`` → 200, ``1.5`` → 1.5, ``2万`` → 20000, ``一万五千`` →
    15000, ``两`` → 2; None when ``text`` is not a number."""
    s = text.strip().translate(_FULLWIDTH)
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(万?)", s)
    if m:
        return float(m.group(1)) * (10000 if m.group(2) else 1)
    try:
        return float(cn_to_int(s))
    except ValueError:
        return None


def cn_amount(text: str) -> int:
    """``二万`` → 20000, ``2万`` → 20000, ``五十`` → 50, ``5000`` → 5000."""
    s = text.translate(_FULLWIDTH)
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)(万?)", s)
    if m:
        return int(float(m.group(1)) * (10000 if m.group(2) else 1))
    return cn_to_int(s)


def amounts(text: str) -> set[int]:
    """Every yuan amount named in ``text``."""
    return {cn_amount(m.group(1)) for m in AMOUNT_RE.finditer(text)}
