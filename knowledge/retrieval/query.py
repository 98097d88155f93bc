"""Query processing: clean the text, spot law names and article numbers, map everyday words to statutory ones."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from core.errors import UserError
from knowledge.citations.extract import extract_citations, find_mentions
from knowledge.citations.resolve import resolve
from knowledge.retrieval.tokenize import KeywordTokenizer
from knowledge.statutes.store import StatuteStore

MAX_QUERY_CHARS = 1000  # longer input (a pasted case narrative) is cut here and flagged ``truncated``
SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "query_synonyms.yaml"
EXPANSION_WEIGHT = 0.5
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BOOK = re.compile(r"[《》]")
# A question told inside quotation marks (a radio call or a voice message written down: “法制员，《…》第三十条咋个规定的？”)
# is the asker's own: the references in it are asked for, not quoted — citations inside “…”, 「…」 or 『…』 count only
# outside a question
_SPOKEN = re.compile(
    # each kind of mark pairs with its own, as QUOTE_SPAN_RE does (“…『首违不罚』…？” is one spoken question)
    r"“([^“”]*[?？吗呢][^“”]*)”|「([^「」]*[?？吗呢][^「」]*)」|『([^『』]*[?？吗呢][^『』]*)』"
    # and a law's provision quoted as someone cited it (课件上引了“重庆市容条例第95条第2款”): the question is about it —
    # not a rules document's clause (“根据管理规约第十二条”), a bare 第十条 or a statute's own 本条例第十八条
    r"|“([^“”]{0,30}?[\u4e00-\u9fff]{2}(?<!本)(?:法|条例|办法)》?第[一二三四五六七八九十百零〇两\d]+条[^“”]{0,12})”"
)


def _unquote(m: re.Match[str]) -> str:
    # a provision cited is kept apart from the words around it (口头讲“按…条例第五十九条…”)
    if m.group(4) is not None:
        return f"，{m.group(4)}，"
    return next(g for g in m.groups() if g is not None)


@dataclass
class Query:
    text: str  # cleaned, simplified Chinese
    tokens: list[str]
    weights: dict[str, float] = field(default_factory=dict)
    laws: list[str] = field(default_factory=list)  # law ids named in the query
    law_names: list[str] = field(default_factory=list)  # how the query names them (行政强制法), where it does
    articles: list[str] = field(default_factory=list)  # article ids the query cites (行政处罚法第五十一条)
    unknown_laws: list[str] = field(default_factory=list)  # 《…》 the knowledge base does not hold
    missing_articles: list[str] = field(default_factory=list)  # cited provisions that do not exist
    unresolved: list[str] = field(
        default_factory=list
    )  # every citation that does not resolve, as its message
    topic_laws: list[str] = field(default_factory=list)  # laws whose subject the query names (行政复议)
    words: list[str] = field(
        default_factory=list
    )  # the query's own keyword tokens (no expansions, no features)
    truncated: bool = False
    # the everyday words the synonyms table expanded, each with the expansion tokens it added to ``weights``
    expanded: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _t2s() -> object | None:
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - the converter is optional: queries stay as typed
        return None


def simplify(text: str) -> str:
    """Traditional → simplified (佔道經營 → 占道经营) where the converter is installed."""
    conv = _t2s()
    return str(conv.convert(text)) if conv is not None else text  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    data = yaml.safe_load(SYNONYMS_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): [str(x) for x in v] for k, v in data.items()}


# officers' shorthand for a law before one of its articles (行诉第八十二条, 看看行复第20条), where it starts a word —
# not 游行诉第三, 执行复第3条: 行 the end of another word
_SHORTHAND = {"行诉": "行政诉讼法", "行复": "行政复议法"}
_SHORTHAND_RE = re.compile(
    r"(?:^|(?<=[\s，,。；;：:？?！!、（(《“\"'看查问按据照依对说讲是了的在和与及新用引]))(行诉|行复)法?"
    r"(?=\s*(?:第|\d|[一二三四五六七八九十百]+条))"
)


# Chongqing 好多 after 交 (要多交好多？, 每个月要交好多钱): 交 and 好多 kept apart — not 交好 (to befriend), which the
# segmenter cuts out of 交好多 and the refusal then names; the words are left as said (罚好多？, 好多钱: the everyday
# questions indexed for the articles say them so)
_HOW_MUCH = re.compile(r"(?<=交)(?=好多)")


def _spoken_forms(text: str) -> str:
    """``text`` with a law's shorthand named in full and 交 kept apart from a following 好多."""
    return _HOW_MUCH.sub(" ", _SHORTHAND_RE.sub(lambda m: _SHORTHAND[m.group(1)], text))


def clean(text: str) -> tuple[str, bool]:
    if not isinstance(text, str) or not text.strip():
        raise UserError("请输入要检索的内容（问题、违法行为或法规条文）。", code="empty_query")
    text = unicodedata.normalize("NFKC", _CONTROL.sub(" ", text)).strip()
    truncated = len(text) > MAX_QUERY_CHARS
    text = _spoken_forms(simplify(text[:MAX_QUERY_CHARS]))
    if not any(ch.isalnum() for ch in text):
        raise UserError("检索内容中没有可识别的文字，请用中文描述要查的问题。", code="empty_query")
    return text, truncated


_TITLE_SUFFIX = re.compile(r"(?:实施条例|条例|办法|的规定|规定|法)$")


def topic_laws(text: str, store: StatuteStore) -> list[str]:
    """Laws whose subject (the title without 中华人民共和国/重庆市 and 法/条例/办法…) the text names."""
    out = []
    for law in store.laws.values():
        core = _TITLE_SUFFIX.sub("", law.short_title.removeprefix("重庆市"))
        if len(core) >= 4 and core in text and law.id not in out:
            out.append(law.id)
    return out


# 当场 before a correction (当场就收了摊, 当场撕了): "at once", which expands to nothing
_AT_ONCE = re.compile(r"当场(?=就?(?:收(?:了)?摊|收拾|收回|收进|改正|撕|拆|清理|撤|停|关|灭|搬|挪|整改))")
# a law named by the day it took effect (2026年2月起施行的《行政执法监督条例》): which law, not a question of when
_NAMED_BY_DATE = re.compile(
    r"(?:自|从|于)?(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})月)?"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?(?:起|开始)?(?:施行|实施|生效)的新?(?=《)"
)


def without_effective_date(text: str) -> str:
    """``text`` less the day a law it names took effect, where that day only says which law is meant."""
    return _NAMED_BY_DATE.sub("", text)


# An everyday word inside words that mean something else (告 in 广告、公告; 扣 in 扣分; 车祸 that may happen): not that word
# what follows 多久 / 好久 when it asks how often (多久来查一次, 多久巡查一次呢) — 一次 ending the clause; not a time
# limit (多久内要一次告知补正)
HOW_OFTEN = r"[^。？?，,]{0,4}一次[啊呢吗嘛呀哦哈噻撒]?(?:[。？?，,！!]|$)"
# a review not taken before suing directly (不复议、直接向法院起诉, 不想走行政复议了，直接去法院告): the review's words
# neither expand the search nor score a sentence (not 既没复议也没起诉: a review not taken as a fact of enforcement,
# 行政强制法第五十三条)
NOT_REVIEWED = re.compile(
    r"(?:不|没|没有|不想|不经过?|不申请|不用|莫)(?:走|经过?|申请)?(?:行政)?复议(?:了)?"
    r"(?=[^。？?]{0,6}(?:直接|去法院|到法院|上法院|向法院))"
)
_OTHER_SENSES: dict[str, re.Pattern[str]] = {
    "告": re.compile(
        r"广告|公告|通告|布告|预告|告示|告知|告诉|报告|警告|劝告|忠告|告诫|告别|告一段落|催告|宣告"
    ),
    "扣": re.compile(r"扣分|扣除|折扣|扣子|纽扣|扣款|扣工资|扣钱"),
    # how often (多久来查一次): a frequency, not a time limit
    **{word: re.compile(rf"{word}(?={HOW_OFTEN})") for word in ("多久", "好久")},
    "批": re.compile(r"批评|批发|一批|批次|大批|批量"),
    "退": re.compile(r"退休|退伍|退役|后退|倒退|退出|退学|退群"),
    "岁": re.compile(r"岁月"),
    # an adult's age (当事人三十二岁) holds 十二岁 and is no child's
    **{
        age: re.compile(rf"[二三四五六七八九]{age}")
        for age in ("十二岁", "十三岁", "十五岁", "十六岁", "十七岁")
    },
    "狗": re.compile(r"狗血|狗屁|走狗|狗急跳墙"),
    # the party unable to clear it (没法自己清) is 代履行's case, not one who cleared it himself
    "自己清": re.compile(r"(?:没法|没办法|不能|无法|清不了|不得)自己清"),
    # an accident that may happen (不马上清会出车祸) delays no one's time limit
    "车祸": re.compile(r"(?:会|要|容易|可能|引发|造成|导致|酿成)出?车祸"),
    # a counter's first word on an application (窗口第一次说少了一份证明) is no first offence
    "第一次": re.compile(r"第一次(?:说|问|讲|跑|补|提交|申请|办理|去办|来办|去窗口)"),
    # a complaint passed on to a body (把投诉转给城管) is no permit passed to another (转让、出租)
    "转给": re.compile(r"(?:投诉|举报|案子|案件|线索|工单)[^，。？?]{0,6}转给"),
    # no one answering the door or coming back (敲门半天没人回应) is no complaint unanswered
    "没人回": re.compile(r"没人回(?:应|来|家|去|头)"),
    # a review not taken (不复议、直接向法院起诉, 不想复议, 不走复议): no call for the review law's words
    "复议": NOT_REVIEWED,
    # a festival is the legal holiday on which no coercive enforcement may be carried out (行政强制法第四十三条) only
    # where enforcement is spoken of (拆, 强制, 停水电, 封了) — not a shop shut over 过年 or 春节, nor fireworks let off
    # at 除夕
    **{
        day: re.compile(
            r"(?s)^(?:(?!强制|强拆|强行|拆|执行|代履行|代为|停水|停电|断水|断电|水电|封|扣押|扣车|扣了|暂扣|没收|拖走|收走|催告).)*$"
            r"|.*(?:烟花|鞭炮|爆竹|炮仗|礼花|放炮).*"
        )
        for day in (
            "过年",
            "大年初一",
            "大年初二",
            "大年初三",
            "大年三十",
            "除夕",
            "中秋节",
            "端午节",
            "元旦",
            "五一假期",
            "春节",
            "国庆",
            "国庆节",
            "放假",
        )
    },
    # the cost of a clearance borne by the party (钱让他出) — not a neighbour's medical bill (医药费钱让他出)
    **{
        words: re.compile(r"(?s)^(?:(?!清|拆|运|代|搬|收拾).)*$")
        for words in ("钱让他出", "费用让他出", "费用让当事人出", "钱找他要")
    },
}
_NO_SENSE = re.compile(r"(?!)")
# a short name that runs on into a word (处罚法定原则, 违法建筑法律上, 行政法规): not the law's name there
_WORD_GOES_ON = re.compile(r"律|定|规(?!定)")


def analyse(raw: str, store: StatuteStore, tokenizer: KeywordTokenizer) -> Query:
    text, truncated = clean(raw)
    laws: list[str] = []
    names: list[str] = []
    unbooked = _BOOK.sub("", text)
    for m in store.names.pattern().finditer(unbooked):
        found = store.find_law(m.group(0))
        if found and not found.ambiguous:
            if not _WORD_GOES_ON.match(unbooked, m.end()):
                names.append(m.group(0))
            if found.law_ids[0] not in laws:
                laws.append(found.law_ids[0])
    articles: list[str] = []
    missing: list[str] = []
    unresolved: list[str] = []
    for cit in extract_citations(_SPOKEN.sub(_unquote, text), store):
        res = resolve(cit, store)
        if res.found and res.id:
            art = ":".join(res.id.split(":")[:2])
            if art not in articles:
                articles.append(art)
            continue
        unresolved.append(res.message)
        if res.status in ("article_missing", "paragraph_missing", "item_missing"):
            missing.append(res.message)
    unknown = [m.written for m in find_mentions(text, store) if not m.law_ids and not m.is_self]
    said = _AT_ONCE.sub("立即", text)  # 当场就收了摊 says when it was put right, not 当场处罚 (简易程序)
    said = without_effective_date(said)
    tokens = tokenizer.tokens(said)
    expansions: list[str] = []
    weights: dict[str, float] = {}
    expanded: dict[str, list[str]] = {}
    for word, exps in synonyms().items():
        if word not in _OTHER_SENSES.get(word, _NO_SENSE).sub("", said):
            continue
        expansions += exps
        for exp in exps:
            for tok in tokenizer.tokens(exp):
                if tok not in tokens and tok not in weights:
                    weights[tok] = EXPANSION_WEIGHT
                    expanded.setdefault(word, []).append(tok)
    return Query(
        text=text,
        tokens=tokens + list(weights) + tokenizer.query_features(text),
        weights=weights,
        laws=laws,
        law_names=names,
        articles=articles,
        unknown_laws=unknown,
        missing_articles=missing,
        unresolved=unresolved,
        topic_laws=topic_laws(" ".join([text, *expansions]), store),
        words=tokens,
        truncated=truncated,
        expanded=expanded,
    )
