"""Metric functions shared by the suites: pure, deterministic, each defined in evals/README.md."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from knowledge.catalogue.amounts import COUNT_UNITS, NOT_AFTER_NUMERAL, which_one
from knowledge.catalogue.amounts import cn_quantity as cn_number  # one parser of Chinese numbers

# -- numbers: amounts and time limits ----------------------------------------------------------------------
# units that make a number an amount or a time limit (the longest first: 个工作日 before 日)
_UNITS = ("个工作日", "工作日", "个月", "小时", "万元", "元", "日", "天", "年", "月", "周")
_UNIT_NORMAL = {"天": "日", "个工作日": "工作日", "月": "个月", "万元": "元"}
_NUM = r"[0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]+"
QUANTITY_RE = re.compile(rf"({_NUM})\s*({'|'.join(_UNITS)})")
# counts of things (三个地方, 10名执法人员): a figure the answer states, as much as an amount is (the vocabulary is
# knowledge.catalogue.amounts'; 人 is a count here, where the units above lack it)
COUNT_RE = re.compile(rf"{NOT_AFTER_NUMERAL}({_NUM})\s*({'|'.join((*COUNT_UNITS, '人'))})(?!工作日|月)")


def _counts(text: str) -> list[tuple[str, tuple[float, str]]]:
    out = []
    for m in COUNT_RE.finditer(text):
        value = cn_number(m.group(1))
        if value is not None and value != 1:
            out.append((m.group(0), (value, m.group(2))))
    return out


def quantities(text: str) -> set[tuple[float, str]]:
    """The amounts and time limits a text states, normalised: ``二百元`` and ``200元`` are both (200, 元); 天 and 日
    are one unit; ``2万元`` is (20000, 元). Article numbers (第五十一条) and list items carry no such unit and are
    not counted."""
    out: set[tuple[float, str]] = set()
    for m in QUANTITY_RE.finditer(text):
        value = cn_number(m.group(1))
        if value is None or which_one(m.group(1), text, m.start(1)):  # 某一天: no quantity
            continue
        unit = m.group(2)
        if unit == "万元":
            value *= 10000
        out.add((value, _UNIT_NORMAL.get(unit, unit)))
    out |= {key for _, key in _counts(text)}
    return out


def unsupported_quantities(answer: str, quoted: Iterable[str]) -> list[str]:
    """Amounts, time limits and counts stated in ``answer`` that none of the quoted provisions contains."""
    support: set[tuple[float, str]] = set()
    for text in quoted:
        support |= quantities(text)
    missing = []
    for m in QUANTITY_RE.finditer(answer):
        value = cn_number(m.group(1))
        if value is None or which_one(m.group(1), answer, m.start(1)):  # 某一天: no quantity
            continue
        unit = m.group(2)
        key = (value * (10000 if unit == "万元" else 1), _UNIT_NORMAL.get(unit, unit))
        if key not in support:
            missing.append(m.group(0))
    missing += [written for written, key in _counts(answer) if key not in support]
    return list(dict.fromkeys(missing))


# -- fines and bands ----------------------------------------------------------------------------------------
_RANGE = re.compile(r"(\d+)\s*[–\-~～至到]\s*(\d+)元")
_BELOW = re.compile(r"(\d+)元以下")
_ONE = re.compile(r"(\d+)元")


def fine_range(label: str | None) -> tuple[int | None, int | None]:
    """The (min, max) of an offence card's fine label: ``50–500元`` → (50, 500), ``2000元以下`` → (None, 2000),
    ``每日50元`` → (50, None), ``5000元`` → (5000, 5000); ``（不罚款或无固定金额）`` → (None, None)."""
    if not label:
        return None, None
    if m := _RANGE.search(label):
        return int(m.group(1)), int(m.group(2))
    if m := _BELOW.search(label):
        return None, int(m.group(1))
    if m := _ONE.search(label):
        value = int(m.group(1))
        return (value, None) if label.startswith("每") else (value, value)
    return None, None


BANDS = ("不予处罚", "轻微", "一般", "较重", "严重")


def band_name(label: str | None) -> str | None:
    """The band an offence card's band label starts with (``一般：200–350元（法定幅度 …）`` → 一般)."""
    if not label:
        return None
    return next((b for b in BANDS if label.startswith(b)), None)


def band_steps(expected: str, got: str | None) -> int | None:
    """How many steps apart two bands are on 不予处罚 < 轻微 < 一般 < 较重 < 严重 (None: not comparable)."""
    if got is None or expected not in BANDS or got not in BANDS:
        return None
    return abs(BANDS.index(expected) - BANDS.index(got))


# -- law references -----------------------------------------------------------------------------------------
def norm_item(item: str | None) -> str | None:
    return item.replace("(", "（").replace(")", "）") if item else None


def same_ref(
    expected: dict[str, Any], got: dict[str, Any], *, item: str = "ignore", paragraph: bool = False
) -> bool:
    """Same provision: law and article; ``item="equal"``: the same 项 (both absent counts as equal),
    ``item="both"``: the same 项 where both give one; ``paragraph``: the same 款 where both give one."""
    if expected.get("law") != got.get("law") or expected.get("article") != got.get("article"):
        return False
    e_item, g_item = norm_item(expected.get("item")), norm_item(got.get("item"))
    if item == "equal" and e_item != g_item:
        return False
    if item == "both" and e_item and g_item and e_item != g_item:
        return False
    e_para, g_para = expected.get("paragraph"), got.get("paragraph")
    return not (paragraph and e_para and g_para and e_para != g_para)


def primary(refs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return next((r for r in refs if r.get("primary")), refs[0])


# -- text similarity -----------------------------------------------------------------------------------------
_NOT_TEXT = re.compile(r"[\s\u3000，。、；：！？,.;:!?（）()《》“”\"'「」【】\[\]—\-…·]+")


def normalise(text: str) -> str:
    return _NOT_TEXT.sub("", text)


def bigram_recall(point: str, answer: str) -> float:
    """Share of the point's character bigrams (punctuation removed) found in the answer."""
    p, a = normalise(point), normalise(answer)
    if len(p) < 2:
        return 1.0 if p and p in a else 0.0
    grams = [p[i : i + 2] for i in range(len(p) - 1)]
    have = {a[i : i + 2] for i in range(len(a) - 1)}
    return sum(g in have for g in grams) / len(grams)


STRING_MATCH = 0.8  # a point is covered by string match when ≥ 80 % of its bigrams are in the answer


def string_covered(point: str, answer: str) -> bool:
    return normalise(point) in normalise(answer) or bigram_recall(point, answer) >= STRING_MATCH


_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= 2]


# -- aggregates ----------------------------------------------------------------------------------------------
def mean(values: Iterable[Any]) -> float | None:
    vals = [float(v) for v in values if v is not None]
    return round(sum(vals) / len(vals), 4) if vals else None


def percentile(values: Iterable[float | None], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of the values present."""
    vals = sorted(float(v) for v in values if v is not None)
    if not vals:
        return None
    rank = max(1, math.ceil(q / 100 * len(vals)))
    return round(vals[rank - 1], 4)


def ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def precision_recall(tp: int, fp: int, fn: int) -> tuple[float | None, float | None]:
    return ratio(tp, tp + fp), ratio(tp, tp + fn)
