"""Claims a model's conclusion makes that the quoted provisions must bear, beyond numbers and citations: which level of
government a sentence names (国务院, 省, 市, 区县, 乡镇), which level of court (基层, 中级, 高级, 最高人民法院), — where
the quotes treat minors under 14 and from 14 to 18 apart — which of the two a verdict on a penalty is for, and whether
city management is the body the quotes let act (城管可以罚).

A small model asked 燃放烟花爆竹的禁放区域由哪一级政府划定 concluded 由市级政府划定 while the quote says 区县人民政府确定; the
number and citation checks cannot see that; nor 去北京的中级人民法院告 beside a quote that names only 所在地人民法院. Every level
a sentence names must be one the quotes name (县级以上 in a quote covers 区县, 市 and 省). Deterministic;
:mod:`assistant.legal_qa` drops a sentence that fails, and the quotes stand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# the run of level words right before 政府 / 人民政府 (万州区人民政府 → 区; 市、区县（自治县）人民政府 → 市、区县（自治县）)
_BEFORE_GOVERNMENT = re.compile(r"([省市区县乡镇级以上地方各自治（）、的设辖直街道和及或]*)(?:人民)?政府")
_STATE_COUNCIL = "国务院"
_COURT = re.compile(r"(基层|中级|高级|最高)人民法院")

COUNTY_UP = "county_up"  # 县级以上: the county and every level above it
_COVERED_BY_COUNTY_UP = {"county", "city", "province"}
LEVEL_NAMES = {
    "state": "国务院",
    "province": "省级",
    "city": "市级",
    "county": "区县级",
    "township": "乡镇（街道）",
    COUNTY_UP: "县级以上",
}


def _levels_in(words: str) -> set[str]:
    """The levels a run of level words names (its longest forms first: 设区的市 is a city, 县级以上 more than one)."""
    found: set[str] = set()
    rest = words
    for form, levels in (
        ("县级以上", {COUNTY_UP}),
        ("设区的市", {"city"}),
        ("直辖市", {"province", "city"}),  # Chongqing: the municipality is a province-level government
        ("自治区", {"province"}),
        ("自治县", {"county"}),
        ("区县", {"county"}),
        ("乡镇", {"township"}),
        ("街道", {"township"}),
    ):
        if form in rest:
            found |= levels
            rest = rest.replace(form, "")
    for char, level in (("省", "province"), ("市", "city"), ("区", "county"), ("县", "county"), ("乡", "township"),
                        ("镇", "township")):  # fmt: skip
        if char in rest:
            found.add(level)
    return found


def government_levels(text: str) -> set[str]:
    """Every level of government ``text`` names: 国务院, and the level words before each 政府."""
    found = {"state"} if _STATE_COUNCIL in text else set()
    for m in _BEFORE_GOVERNMENT.finditer(text):
        found |= _levels_in(m.group(1))
    return found


def _supported(level: str, support: set[str]) -> bool:
    return level in support or (COUNTY_UP in support and level in _COVERED_BY_COUNTY_UP)


def check_levels(sentence: str, quotes: list[str]) -> list[str]:
    """The problems of ``sentence``: each level of government it names that no quote names."""
    support: set[str] = set()
    for quote in quotes:
        support |= government_levels(quote)
    return [
        f"“{LEVEL_NAMES[level]}人民政府”不在所引条文中"
        for level in sorted(government_levels(sentence))
        if not _supported(level, support)
    ]


def court_levels(text: str) -> set[str]:
    """The levels of court ``text`` names (中级人民法院 → 中级)."""
    return {m.group(1) for m in _COURT.finditer(text)}


def check_courts(sentence: str, quotes: list[str]) -> list[str]:
    """The problems of ``sentence``: each level of court it names that no quote names."""
    support = set().union(*(court_levels(q) for q in quotes)) if quotes else set()
    return [f"“{level}人民法院”不在所引条文中" for level in sorted(court_levels(sentence) - support)]


# the two age limbs of 行政处罚法第三十条 (and 治安管理处罚法第十二条): under 14 no penalty, 14 to 18 a lighter one
_UNDER_14 = re.compile(r"不满十四周岁")
_FROM_14_TO_18 = re.compile(r"已满十四周岁不满十八周岁")
_VERDICT = re.compile(r"罚")  # 罚, 处罚, 罚款
_AGE_NAMED = re.compile(r"十四|十八|1[48]|周岁|[0-9一二三四五六七八九十]+岁|未成年")


def split_by_age(quotes: list[str]) -> bool:
    """Do the quotes treat those under 14 and those from 14 to 18 apart (行政处罚法第三十条)?"""
    return any(_UNDER_14.search(q) for q in quotes) and any(_FROM_14_TO_18.search(q) for q in quotes)


def check_ages(sentence: str, quotes: list[str]) -> list[str]:
    """The problem of ``sentence`` when the quotes treat the two ages apart and it gives one verdict on a penalty
    for everyone (一个十三岁一个十五岁，能罚不 → 不能罚: the quote fines the fifteen-year-old, more lightly)."""
    if split_by_age(quotes) and _VERDICT.search(sentence) and not _AGE_NAMED.search(sentence):
        return ["所引条文对不满十四周岁和已满十四周岁不满十八周岁的人处理不同，结论未分别说明"]
    return []


# city management said to be the body that acts (城管可以罚, 属于城管的管理, 城管有权处罚) — not denied (城管不能罚)
_CITY_MANAGEMENT_ACTS = re.compile(
    r"(?:城管|城市管理(?:局)?|综合执法)(?:部门)?(?:也)?(?:可以|能够|能|有权|应当|应该|负责|依法)"
    r"(?:对[^，。；]{0,12})?(?:罚|处罚|管)|属于城管|归城管|由城管(?:来)?(?:罚|处罚|管|负责|处理)"
)
# the quotes name city management, its sanitation authority or the concentrated penalty power
_CITY_MANAGEMENT_NAMED = re.compile(r"城市管理|城管|市容环境卫生(?:行政)?主管部门|综合行政执法|相对集中")


def check_authority(sentence: str, quotes: list[str]) -> list[str]:
    """The problem of ``sentence`` when it says city management is the body that penalises or manages and no quote
    names city management, its sanitation authority or the concentrated penalty power (fireworks sold without a
    licence: the quotes name 应急管理部门, and 城管可以罚 is the model's, not the law's)."""
    if _CITY_MANAGEMENT_ACTS.search(sentence) and not any(_CITY_MANAGEMENT_NAMED.search(q) for q in quotes):
        return ["所引条文没有规定由城市管理部门处罚或管理"]
    return []


# the enforcing body said, as the subject of 可以/能/有权, to seek review or bring an administrative suit (我们可以向人民法院
# 提起行政诉讼) — the party's remedies against the decision; not an appeal or a civil claim, which a body may bring
_BODY_SEEKS_REMEDY = re.compile(
    r"(?:我们|我局|本局|城管(?:局|部门)?|执法(?:部门|机关|局|大队|中队)|行政机关)(?:也|就|还)?(?:可以|能|有权)(?:依法)?"
    r"(?:向[^，。；,;]{0,8})?(?:申请(?:行政)?复议|提起行政诉讼)"
)


def check_remedy_holder(sentence: str, quotes: list[str]) -> list[str]:
    """The problem of ``sentence`` when it gives the enforcing body the party's remedy (a 1.5B model, asked when a
    building may be pulled down by force, concluded 我们可以…提起行政诉讼): review and suit are the party's against the
    decision, whatever the quotes."""
    if _BODY_SEEKS_REMEDY.search(sentence):
        return ["申请行政复议、提起行政诉讼是当事人的权利，不是作出决定的机关的"]
    return []


# a conclusion that opens with a flat no (不能找环卫公司来清) where the quotes forbid nothing and permit something
# (行政强制法第五十条: 行政机关可以代履行，或者委托没有利害关系的第三人代履行): the small model turned the law round
_FLAT_NO = re.compile(r"^(?:结论[：:])?\s*(?:不能|不可以|不行|不得|不允许|无权|不可)")
_FORBIDS = re.compile(
    r"不得(?!超过|超出|少于|低于|多于|高于)|禁止|不能|不予|不再|不准|不可|严禁|无权|不应|不宜|不适用|除外|只能|仅"
    # a permission under a condition or after a step (方可, 经…批准，可以, 应当先…): a no may be its own limit
    r"|方可|才能|才可|必须|须经|应当先|先经|只有|经[^，。；]{0,12}(?:批准|申请|查证)"
)
# a no that states its condition itself (不能直接起诉，应当先申请复议; 不能，须经批准): the quote's condition, said back
_CONDITIONED = re.compile(r"须|必须|应当|只有|才|方可|除非|未经|要先|得先|先要|应先|经[^，。；]{0,12}批准")
_PERMITS = re.compile(r"可以|有权|可(?=[^以]|$)")


# the party's own inability (当事人不能清除的, 其不能履行) is no prohibition: 行政强制法第五十二条 then lets the body act
_PARTY_UNABLE = re.compile(r"(?:当事人|义务人|其)不能")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_HAN_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
# pairs every no and every provision shares: they tie no sentence to the no
_COMMON_PAIRS = frozenset({
    "不能", "不可", "可以", "不得", "不行", "允许", "无权", "应当", "结论", "行政", "机关", "当事", "事人", "依法", "规定",
})  # fmt: skip


def _pairs(text: str) -> set[str]:
    return set(_HAN_PAIR.findall(text)) - _COMMON_PAIRS


# a bound on an amount or a time (二百元以下, 不超过三十日) limits only a no about an amount or a time (不能，当场罚款对公民
# 只能处二百元以下) — not one about whether something may be done at all (不能罚款 beside 处二百元以下罚款)
_LIMITS = re.compile(r"以下|以内|不超过|最长|最多|不得(?:超过|超出|少于|低于|多于|高于)")
_OF_AMOUNT = re.compile(
    r"\d|[一二两三四五六七八九十百千万几]+(?:元|块|日|天|个?月|年|小时|周|个?星期)|[二两三四五六七八九十百千万几](?:百|千|万)"
    r"|超过|以上|多于|上限|最高|最多|最长|期限|多少|多久|太久|好久|这么多|那么多|太多|一直|延长"
)


def _forbids(quote_sentence: str, sentence: str, bare: bool) -> bool:
    """Does ``quote_sentence`` forbid, except or condition anything — or bound an amount or a time, where the no is
    about one or says nothing but the no itself (``bare``: 不可以。)?"""
    part = _PARTY_UNABLE.sub("", quote_sentence)
    return bool(_FORBIDS.search(part) or (_LIMITS.search(part) and (bare or _OF_AMOUNT.search(sentence))))


def check_denial(sentence: str, quotes: list[str], lead: Sequence[str] | None = None) -> list[str]:
    """A flat no the quotes cannot support: none of the sentences of the leading article (``lead``: its quoted
    sentences; the first quote by default), nor another article's sentence that speaks of what the no denies (sharing
    a word with it; every sentence where the no says nothing but 不可以), forbids, excepts or — for a no about an
    amount or a time — limits anything (以下, 不超过 bound what is permitted), and one permits. A 禁止 in another
    retrieved article (市容条例第五十六条's car-wash places beside 不能找环卫公司来清), the party's own inability (当事人不能
    清除的) and a fine's cap beside a no to the fine itself support no no."""
    if not _FLAT_NO.search(sentence.strip()) or _CONDITIONED.search(sentence):
        return []
    said = _pairs(sentence)
    leading = set(quotes[:1] if lead is None else lead)
    for q in dict.fromkeys([*leading, *quotes]):  # the lead first, each quote once
        for part in _SENTENCE_END.split(q):
            if _forbids(part, sentence, not said) and (q in leading or not said or said & _pairs(part)):
                return []
    if not any(_PERMITS.search(q) for q in quotes):
        return []
    return ["结论否定了所引条文允许的事项（条文中没有禁止或除外的规定）"]


def check_claims(sentence: str, quotes: list[str], lead: Sequence[str] | None = None) -> list[str]:
    """Every claim check of this module: levels of government and of court, the two ages of a minor, city
    management named as the acting body, the party's remedies given to the body that decided, and a flat no the
    quotes do not support."""
    return [
        *check_levels(sentence, quotes),
        *check_courts(sentence, quotes),
        *check_ages(sentence, quotes),
        *check_authority(sentence, quotes),
        *check_remedy_holder(sentence, quotes),
        *check_denial(sentence, quotes, lead),
    ]


_NOT_WORD = re.compile(r"[\s，。；：、！？,.;:!?“”\"'（）()]")


def echoes_question(sentence: str, question: str) -> bool:
    """Is ``sentence`` the question said back (复议申请交上去了，要等好久才出结果。)? All but at most one of its character
    pairs are the question's: it adds nothing. A sentence that repeats the question and adds its answer
    (…调查取证时应当出示执法证件) adds pairs of its own and stands."""
    said = _NOT_WORD.sub("", sentence)
    asked = _NOT_WORD.sub("", question)
    pairs = [said[i : i + 2] for i in range(len(said) - 1)]
    if len(pairs) < 5:
        return False
    return sum(p not in asked for p in pairs) <= 1
