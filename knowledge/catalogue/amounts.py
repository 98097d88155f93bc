"""Yuan amounts written in statute text: 五十元, 二万元, 两百元, 2万元, 5000元, 50万元."""

from __future__ import annotations

import re

from knowledge.statutes.numerals import NUMERAL_CHARS, TEN_THOUSAND, cn_to_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
AMOUNT_RE = re.compile(rf"([0-9０-９]+(?:\.[0-9]+)?万?|[{NUMERAL_CHARS}{TEN_THOUSAND}]+)元")


# Counts of things (三个地方, 10名执法人员, 两处) an answer may state, for the checks that every figure is quoted (the
# answer's own check in assistant.numbers, the evals' independent one): a number right before one of these words,
# not after 第 or another numeral (第十八条, 十八条 are provision numbers), and not 一 (一个、一名 are articles).
COUNT_UNITS = ("名", "个", "处", "家", "位", "次", "辆", "件", "户", "间", "栋", "座", "种", "批", "台", "只", "棵")  # fmt: skip
NOT_AFTER_NUMERAL = r"(?<![第零〇一二两三四五六七八九十百千万0-9０-９.])"


def which_one(numeral: str, text: str, start: int) -> bool:
    """``numeral``, found at ``text[start]``, is the 一 of 哪一天, 某一天, 每一年, 同一日 (which, some, each, the same):
    no quantity stated — for both checks that every figure is quoted (assistant.numbers and the evals')."""
    return numeral == "一" and start > 0 and text[start - 1] in "哪每同这那某"


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
