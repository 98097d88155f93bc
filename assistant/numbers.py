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


# the words around a number name what it counts: a number the quotes hold, put where another quote states a
# different one, came from the wrong place (行政处罚法第三十六条's 二年 said as 三年, the term of a licence quoted
# beside it: 三年内没被发现就不能再罚了; 行政诉讼法第八十五条's 十日 for a ruling said as the 十五日 for a judgment).
# A number's context: the character pairs of its clause within ``_AROUND`` characters each side (numbers left out).
_AROUND = 10
_NOT_CONTEXT = re.compile(rf"(?:{_NUM})|[\s“”\"'（）()《》：:]")
_CLAUSE_END = re.compile(r"[。；;！？!?，,、\n]")
_SAME_SLOT = 3  # pairs shared with a quote's place for a number from which the sentence speaks of that place
# how many more of that place's own pairs than of any place holding the sentence's value the sentence uses
_TELLS_APART = 2
# characters within which two numbers of a quote are one range (五十元以上五百元以下), not rivals
_PARTNER = 12


def _context(text: str, q: Quantity) -> set[str]:
    """The character pairs around the number ``q`` of ``text``: its clause, ``_AROUND`` characters each side."""
    before = _CLAUSE_END.split(text[max(0, q.start - _AROUND) : q.start])[-1]
    after = _CLAUSE_END.split(text[q.start : q.start + len(q.written) + _AROUND])[0]
    said = _NOT_CONTEXT.sub("", before + after)
    return {said[i : i + 2] for i in range(len(said) - 1)}


def misplaced(q: Quantity, sentence: str, quotes: list[str]) -> str | None:
    """The number a quote states where ``sentence`` puts ``q`` — the sentence uses that place's words, and more of
    the words that tell it apart from each place the quotes hold ``q``'s value than of theirs — or None."""
    mine = _context(sentence, q)
    if len(mine) < _SAME_SLOT:
        return None
    owns = [_context(t, o) for t in quotes for o in find_quantities(t) if o.key == q.key]
    for text in quotes:
        found = find_quantities(text)
        for o in found:
            if o.unit != q.unit or o.key == q.key:
                continue
            if any(p.key == q.key and abs(p.start - o.start) <= _PARTNER for p in found):
                continue  # the other end of a range the sentence's number closes
            theirs = _context(text, o)
            if len(mine & theirs) < _SAME_SLOT:
                continue
            if all(len(mine & (theirs - c)) >= len(mine & (c - theirs)) + _TELLS_APART for c in owns):
                return o.written
    return None


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
            problems.append(f"“{q.written}”可能取自别的条文（所引条文相应处为“{there}”）")
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
