"""Numbers an answer states (amounts, time limits, ages, ratios), normalised so that 二百元 and 200元 are one,
and the check that every one of them is in the quoted provisions — and, where a quote sets it for one party type
only (对公民… / 对单位…), that the sentence says whom it applies to.

Deterministic; the model's conclusion passes through :func:`check_sentence` before the user sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.catalogue.amounts import COUNT_UNITS, NOT_AFTER_NUMERAL, which_one
from knowledge.catalogue.amounts import cn_quantity as cn_number  # one parser of Chinese numbers

# the longest first: 个工作日 before 日, 万元 before 元, 个月 before 月
UNITS = (
    "个工作日", "工作日", "个月", "小时", "周岁", "万元", "元", "日", "天", "年", "月", "周", "倍", "平方米", "米", "人",
)  # fmt: skip
_UNIT_NORMAL = {"天": "日", "个工作日": "工作日", "月": "个月", "万元": "元"}
_NUM = r"[0-9０-９]+(?:\.[0-9]+)?万?|[零〇一二两三四五六七八九十百千万]+"
# not a quantity: an ordinal (第三年, 第十五日: no number starts inside another or after 第), words a unit begins
# (三元催化器, 一周期, 上一年度, 元旦); and 哪一天, 每一年, 同一日 (see find_quantities)
_UNIT_WORDS = {"年": "年(?!度)", "周": "周(?!期)", "元": "元(?!旦|宵|素|件|催化)"}
QUANTITY_RE = re.compile(
    rf"(?<![第0-9０-９.零〇一二两三四五六七八九十百千万])({_NUM})\s*"
    rf"({'|'.join(_UNIT_WORDS.get(u, u) for u in UNITS)})"
)
# … except a day counted from an event (船靠岸的第二天, 第十五日): a time limit stated, checked as days like 二日内 (a
# quote's 第十五日 supports it). 第三年, 第二条 and 第一次 stay ordinals
DAY_ORDINAL_RE = re.compile(r"第([0-9０-９]+|[零〇一二两三四五六七八九十百]+)(?:个工作日|工作日|日|天)")
# 五十至二百元 / 50-200元: the first number takes the second's unit
RANGE_RE = re.compile(rf"({_NUM})\s*(?:元)?\s*(?:以上)?\s*[至到\-–~～]\s*({_NUM})\s*({'|'.join(UNITS)})")
PERCENT_RE = re.compile(rf"百分之({_NUM})|({_NUM})\s*[%％]")
# counts (三个地方, 10名执法人员) are checked like amounts: see knowledge.catalogue.amounts.COUNT_UNITS
COUNT_RE = re.compile(rf"{NOT_AFTER_NUMERAL}({_NUM})\s*({'|'.join(COUNT_UNITS)})")

INDIVIDUAL_WORDS = ("公民", "个人", "自然人")
ORGANISATION_WORDS = ("单位", "法人", "其他组织", "组织", "企业", "公司")
_PARTY_BEFORE = 14  # characters before an amount in which a quote names the party type it applies to


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    written: str
    start: int

    @property
    def key(self) -> tuple[float, str]:
        return (self.value, self.unit)


def _norm(value: float, unit: str) -> tuple[float, str]:
    if unit == "万元":
        value *= 10000
    return value, _UNIT_NORMAL.get(unit, unit)


def find_quantities(text: str) -> list[Quantity]:
    """Every number with a unit in ``text`` (article numbers and list items carry none and are skipped)."""
    out: list[Quantity] = []
    seen: set[int] = set()
    for m in RANGE_RE.finditer(text):
        unit = m.group(3)
        for g in (1, 2):
            v = cn_number(m.group(g))
            if v is not None and m.start(g) not in seen:
                value, u = _norm(v, unit)
                out.append(Quantity(value, u, m.group(g) + unit, m.start(g)))
                seen.add(m.start(g))
    for m in QUANTITY_RE.finditer(text):
        if m.start(1) in seen:
            continue
        if which_one(m.group(1), text, m.start(1)):
            continue  # 哪一天, 每一年, 同一日: which, each, the same — not one day
        v = cn_number(m.group(1))
        if v is None:
            continue
        value, u = _norm(v, m.group(2))
        out.append(Quantity(value, u, m.group(0), m.start(1)))
        seen.add(m.start(1))
    for m in DAY_ORDINAL_RE.finditer(text):
        v = cn_number(m.group(1))
        if v is not None and m.start(1) not in seen:
            unit = "工作日" if "工作日" in m.group(0) else "日"
            out.append(Quantity(v, unit, m.group(0), m.start(1)))
            seen.add(m.start(1))
    for m in COUNT_RE.finditer(text):
        if m.start(1) in seen:
            continue
        v = cn_number(m.group(1))
        if v is None or v == 1:
            continue
        out.append(Quantity(v, m.group(2), m.group(0), m.start(1)))
        seen.add(m.start(1))
    for m in PERCENT_RE.finditer(text):
        g = 1 if m.group(1) else 2
        v = cn_number(m.group(g))
        if v is not None:
            out.append(Quantity(v, "%", m.group(0), m.start()))
    return sorted(out, key=lambda q: q.start)


def quantity_keys(texts: list[str]) -> set[tuple[float, str]]:
    return {q.key for t in texts for q in find_quantities(t)}


def _party_of(context: str) -> str | None:
    """The party type the words just before an amount name (the nearest one wins)."""
    best: tuple[int, str] | None = None
    for party, words in (("individual", INDIVIDUAL_WORDS), ("organisation", ORGANISATION_WORDS)):
        for w in words:
            i = context.rfind(w)
            if i >= 0 and (best is None or i > best[0]):
                best = (i, party)
    return best[1] if best else None


def party_bound(key: tuple[float, str], quotes: list[str]) -> str | None:
    """If every place the quotes state this amount binds it to one party type, that type; else None."""
    parties: set[str | None] = set()
    for text in quotes:
        for q in find_quantities(text):
            if q.key == key:
                context = text[max(0, q.start - _PARTY_BEFORE) : q.start]
                context = re.split(r"[；;。]", context)[-1]
                parties.add(_party_of(context))
    if len(parties) == 1:
        return next(iter(parties))
    return None


# the words around a number name what it counts: a number the quotes hold, put where another quote has a different
# one, came from the wrong provision (行政处罚法第三十六条's 二年 stated as 三年, the term of a licence quoted beside
# it: 违法行为在三年内未被发现的). The window is the number's clause, ``_AROUND`` characters each side.
_AROUND = 10
_NOT_CONTEXT = re.compile(rf"(?:{_NUM})|[\s，,、：:“”\"'（）()《》]")
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_SAME_SLOT = (
    4  # shared character pairs from which another quote's number is said to stand where this one does
)
_UNRELATED = 1  # at most this many shared pairs: the quotes' own places for this number say something else


def _context(text: str, start: int) -> set[str]:
    """The character pairs around the number at ``start`` (numbers and punctuation left out, within its clause)."""
    before = _CLAUSE_END.split(text[max(0, start - _AROUND) : start])[-1]
    after = _CLAUSE_END.split(text[start : start + _AROUND + 2])[0]
    said = _NOT_CONTEXT.sub("", before + after)
    return {said[i : i + 2] for i in range(len(said) - 1)}


def misplaced(q: Quantity, sentence: str, quotes: list[str]) -> str | None:
    """The number another quote states where ``sentence`` puts ``q`` (its words around the number match there,
    and nowhere that ``q``'s value stands), or None."""
    mine = _context(sentence, q.start)
    same, other, written = 0, 0, ""
    for text in quotes:
        for o in find_quantities(text):
            if o.unit != q.unit:
                continue
            shared = len(mine & _context(text, o.start))
            if o.key == q.key:
                same = max(same, shared)
            elif shared > other:
                other, written = shared, o.written
    return written if other >= _SAME_SLOT and same <= _UNRELATED else None


@dataclass(frozen=True)
class SentenceCheck:
    ok: bool
    problems: tuple[str, ...] = ()


def check_sentence(sentence: str, quotes: list[str]) -> SentenceCheck:
    """Every amount / time limit in ``sentence`` is in ``quotes``, and not where the quotes state another one (see
    :func:`misplaced`); an amount the quotes set for one party type only is stated with that party type named in
    the sentence."""
    support = quantity_keys(quotes)
    problems: list[str] = []
    for q in find_quantities(sentence):
        if q.key not in support:
            problems.append(f"“{q.written}”不在所引条文中")
            continue
        if (there := misplaced(q, sentence, quotes)) is not None:
            problems.append(f"“{q.written}”与所引条文不符（条文此处为“{there}”）")
            continue
        if q.unit != "元":
            continue
        party = party_bound(q.key, quotes)
        if party is None:
            continue
        words = INDIVIDUAL_WORDS if party == "individual" else ORGANISATION_WORDS
        if not any(w in sentence for w in words):
            who = "公民（个人）" if party == "individual" else "法人或者其他组织（单位）"
            problems.append(f"“{q.written}”在条文中只适用于{who}，结论未说明")
    return SentenceCheck(not problems, tuple(problems))


def split_by_party(quotes: list[str]) -> bool:
    """Do the quotes set amounts for individuals and organisations apart (对公民…、对单位…)?"""
    bound = {party_bound(q.key, quotes) for t in quotes for q in find_quantities(t) if q.unit == "元"}
    return {"individual", "organisation"} <= bound
