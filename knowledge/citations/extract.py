"""Find every statute citation in free text (an assistant's answer, an officer's note, a document draft).

Recognised shapes::

    《中华人民共和国行政处罚法》第三十二条第一款第（二）项     行政处罚法第51条      处罚法五十一条
    本条例第十八条 (with a context law)                         第六十三、六十四条    第六十三条至第六十五条
    第四十四条、第四十五条 (the law carries over within the line) 第十条之一

A reference with no law in reach is returned with ``law_source="missing"`` rather than attached to a guess.
References inside quotation marks are part of a quote, not citations of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from knowledge.statutes.numerals import NUMERAL_CHARS, cn_to_int
from knowledge.statutes.store import StatuteStore

NUM = f"[{NUMERAL_CHARS}0-9０-９]+"
_SEP_LIST = "[、，,和及与至到]|以及|或者|或"
ARTICLE_RE = re.compile(rf"(第)?((?:{NUM})(?:(?:{_SEP_LIST})(?:{NUM}))*)条(?:之({NUM}))?")
NUM_SPLIT_RE = re.compile(rf"({NUM})|(至|到)")
PARA_RE = re.compile(rf"第({NUM})款")
ITEM_RE = re.compile(rf"第?[（(]({NUM})[）)]项?|第({NUM})项")
NEXT_SEP_RE = re.compile(rf"\s*({_SEP_LIST}|[—~\-－])\s*")
BOOK_RE = re.compile(r"《([^《》\n]{1,60})》")
QUOTE_SPAN_RE = re.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』")
SELF_RE = re.compile(r"本(?:法|条例|办法|规定|细则|规则|决定)")
UNKNOWN_NAME_RE = re.compile(r"([\u4e00-\u9fff]{2,40}?(?:法|条例|办法|规定|细则|规则))$")
LEAD_WORDS = re.compile(
    r"^(?:根据|依据|依照|按照|参照|对照|违反了?|适用|属于|以及|或者|按|依|由|经|对|在|和|及|与|或|即|是|为)+"
)
_GAP = re.compile(r"^[\s的]*$")
MAX_RANGE = 30

LawSource = Literal["explicit", "context", "inherited", "missing"]


@dataclass(frozen=True)
class LawMention:
    start: int
    end: int
    written: str
    law_ids: tuple[str, ...]  # () unknown law; several: ambiguous
    is_self: bool = False  # 本法 / 本条例


@dataclass
class Citation:
    """One referenced span (article, optionally 款 and 项) as written; not yet checked against the text."""

    raw: str
    start: int
    end: int
    law_written: str
    law_ids: tuple[str, ...]
    law_source: LawSource
    article: int
    sub: int = 0
    paragraph: int | None = None
    item: int | None = None
    quote: str | None = None
    group: int = 0  # citations written together (第六十三、六十四条) share a group


@dataclass
class _Ref:
    article: int
    sub: int
    parts: list[tuple[int | None, int | None]] = field(default_factory=list)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTE_SPAN_RE.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


# how the title of a law, regulation or rule ends (a 《》 title that ends otherwise names a document or a form)
_LAW_TITLE_END = re.compile(
    r"(?:法|法典|条例|办法|规定|规则|细则|决定|准则|标准|规范|意见|通知|纲要|规划|公约|章程|解释)(?:（[^）]*）)?$"
)


def find_mentions(text: str, store: StatuteStore) -> list[LawMention]:
    mentions: list[LawMention] = []
    taken: list[tuple[int, int]] = []
    for m in BOOK_RE.finditer(text):
        name = m.group(1).strip()
        found = store.find_law(name)
        taken.append((m.start(), m.end()))
        if not found and not _LAW_TITLE_END.search(name):
            continue  # a document or form in 《》 (《船舶垃圾粪便污水接收证明》, 《责令改正通知书》), not a law
        mentions.append(LawMention(m.start(), m.end(), name, found.law_ids if found else ()))
    for m in store.names.pattern().finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        found = store.find_law(m.group(0))
        prefix, start = _place_prefix(text, m.start(), m.group(0))
        if prefix and store.find_law(prefix + m.group(0)) is None:
            # 重庆市户外广告管理条例: a law we do not hold whose name ends with one we do (广告管理条例)
            mentions.append(LawMention(start, m.end(), prefix + m.group(0), ()))
        elif found:
            mentions.append(LawMention(m.start(), m.end(), m.group(0), found.law_ids))
    for m in SELF_RE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            mentions.append(LawMention(m.start(), m.end(), m.group(0), (), is_self=True))
    return sorted(mentions, key=lambda x: x.start)


_PLACE = re.compile(r"[省市区县州盟旗]")
_RUN = re.compile(r"[\u4e00-\u9fff]{1,12}$")
_LEAD_SPLIT = re.compile(
    r".*(?:根据|依据|依照|按照|参照|违反|适用|按|依|据|和|及|与|或|的|是|了|在|对|即|为)"
)


# words of a question or a verb, never part of a law's name: 万州区算不算市容条例里说的主城区 names no law
# "万州区算不算市容条例"
_NOT_A_NAME = re.compile(r"算|是不是|有没有|属不属|吗|呢|怎么|什么|哪|能不能|可不可以|要不要|会不会|问|说")
# a law pointed at (市里那部市容环卫条例, 成都市里那部, 贵州省这个): 那部 / 这个 and a place's 里 are no part of its name —
# what is left names the place, if anything (成都市), or nothing (市)
_POINTED_AT = re.compile(r"(?:[那这](?:部|个|本|条|份))$")
# who speaks or when, before a place (我们市, 咱们区, 今年市里): not the place's name
_SPEAKER = re.compile(r"^(?:我们|咱们|我|本|全|今年|去年|明年)")
_PLACE_IN = re.compile(r"(?<=[市区县省])里$")
# another province's or city's own regulation, written with 的: 成都市的市容条例, 四川省的绿化条例
_OTHER_PLACE_OF = re.compile(r"([\u4e00-\u9fff]{1,6}[省市])的$")
_HOME = ("重庆", "本市", "我市", "全市", "本省", "城市", "直辖市", "设区的市")


def _place_prefix(text: str, pos: int, name: str = "") -> tuple[str, int]:
    """The place-qualified words glued before a law name (``重庆市户外`` + ``广告管理条例``; ``成都市`` for
    ``成都市的市容条例``) and where they start, else ('', pos)."""
    head = text[max(0, pos - 12) : pos]
    other = _OTHER_PLACE_OF.search(head)
    if other and not any(h in other.group(1) for h in _HOME):
        place = _LEAD_SPLIT.sub("", other.group(1))
        if _PLACE.search(place) and len(place) >= 2:
            return place, pos - len(place) - 1
    run = _RUN.search(head)
    if not run:
        return "", pos
    written = _LEAD_SPLIT.sub("", run.group(0))
    prefix = _PLACE_IN.sub("", _POINTED_AT.sub("", written))
    if len(_SPEAKER.sub("", prefix)) <= 1 or prefix in _HOME or prefix.rstrip("市") in _HOME:
        return "", pos  # ours (本市市容环境卫生管理条例, 我们区这个…, 市里那部, 重庆市这个): the law we hold
    if prefix != written:
        # pointed at: another province's or city's own regulation (成都市里那部市容条例) — not ours (本市这个, 我们区这个,
        # 重庆市里那部), not a district's (万州区这个) and not a national law (成都市这个行政处罚法)
        elsewhere = (
            len(prefix) >= 3
            and prefix.endswith(("省", "市"))
            and not _NOT_A_NAME.search(prefix)
            and not name.endswith("法")
        )
        return (prefix, pos - len(written)) if elsewhere else ("", pos)
    if not prefix or _NOT_A_NAME.search(prefix) or not _PLACE.search(prefix):
        return "", pos
    return prefix, pos - len(prefix)


def _numbers(group: str) -> list[int]:
    out: list[int] = []
    pending_range = False
    for m in NUM_SPLIT_RE.finditer(group):
        if m.group(2):
            pending_range = True
            continue
        n = cn_to_int(m.group(1))
        if pending_range and out and out[-1] < n <= out[-1] + MAX_RANGE:
            out.extend(range(out[-1] + 1, n + 1))
        else:
            out.append(n)
        pending_range = False
    return out


def _parse_parts(text: str, pos: int) -> tuple[list[tuple[int | None, int | None]], int]:
    """款/项 after an article: ``第一款第（二）项、第（三）项``, ``第一款、第二款`` …"""
    parts: list[tuple[int | None, int | None]] = []
    para: int | None = None
    while True:
        m = PARA_RE.match(text, pos)
        if m:
            para = cn_to_int(m.group(1))
            pos = m.end()
            parts.append((para, None))
        m = ITEM_RE.match(text, pos)
        if m:
            if parts and parts[-1] == (para, None):
                parts.pop()
            parts.append((para, cn_to_int(m.group(1) or m.group(2))))
            pos = m.end()
        sep = NEXT_SEP_RE.match(text, pos)
        if not parts or not sep:
            return parts, pos
        after = sep.end()
        if PARA_RE.match(text, after) or ITEM_RE.match(text, after):
            pos = after
            continue
        return parts, pos


def _parse_cluster(text: str, start: int) -> tuple[list[_Ref], int]:
    refs: list[_Ref] = []
    pos = start
    last: int | None = None
    while True:
        m = ARTICLE_RE.match(text, pos)
        if not m:
            break
        numbers = _numbers(m.group(2))
        sub = cn_to_int(m.group(3)) if m.group(3) else 0
        range_from = last if refs and _is_range(text[pos - 3 : pos]) else None
        if range_from is not None and numbers and range_from < numbers[0] <= range_from + MAX_RANGE:
            numbers = list(range(range_from + 1, numbers[0])) + numbers
        parts, pos = _parse_parts(text, m.end())
        for i, n in enumerate(numbers):
            last_one = i == len(numbers) - 1
            refs.append(_Ref(n, sub if last_one else 0, parts if last_one else []))
        last = numbers[-1] if numbers else last
        sep = NEXT_SEP_RE.match(text, pos)
        if not sep or not ARTICLE_RE.match(text, sep.end()):
            break
        pos = sep.end()
    return refs, pos


def _is_range(before: str) -> bool:
    return bool(re.search(r"(至|到|[—~\-－])\s*$", before))


def _unknown_law_before(text: str, pos: int) -> str | None:
    window = text[max(0, pos - 40) : pos].rstrip()
    m = UNKNOWN_NAME_RE.search(window)
    if not m:
        return None
    name = LEAD_WORDS.sub("", m.group(1))
    return name if len(name) >= 4 else None


# a law's kind said bare before its article (？条例第十八条, 那部条例第十八条): the one law of that kind named before
_KIND_BEFORE = re.compile(r"(?:^|[^\u4e00-\u9fff]|[那这](?:部|个|本))(?P<kind>条例|办法|规定|法)$")


# another law's name beside it (…和民法典, 《…》, 行政处罚法和…) — not the words 规定 / 办法 / 法规 (条例对此有规定)
_ANOTHER_LAW = re.compile(
    r"法典|《|(?![这那该本此]|.[该本此])[\u4e00-\u9fff]{2}条例|[\u4e00-\u9fff]法(?=[和与及、])"
)  # (这部条例, 了该条例: the same law pointed at)


def _sole_law_before(text: str, start: int, mentions: list[LawMention]) -> LawMention | None:
    """The law an article said after its bare kind (条例第十八条) means: the one law named before it on its line,
    where that is the only law named there (any other, held or not, and it stays unattributed) and its name ends
    with that kind; else None."""
    line_start = text.rfind("\n", 0, start) + 1
    kind = _KIND_BEFORE.search(text, line_start, start)
    before = [x for x in mentions if line_start <= x.start and x.end <= start and not x.is_self]
    if kind is None or not before or len({(x.written, x.law_ids) for x in before}) != 1:
        return None
    only = before[-1]
    # a law the corpus does not hold, named without 《》 (市容条例和民法典我都翻了): no mention, but another law
    rest = text[line_start : kind.start("kind")]
    for x in before:
        rest = rest.replace(text[x.start : x.end], " ")
    if _ANOTHER_LAW.search(rest):
        return None
    return only if only.law_ids and only.written.endswith(kind.group("kind")) else None


def extract_citations(text: str, store: StatuteStore, *, context_law: str | None = None) -> list[Citation]:
    """Every citation in ``text``; ``context_law`` (an id) is what 本法/本条例 and bare references mean."""
    quotes = _quote_spans(text)
    mentions = find_mentions(text, store)
    out: list[Citation] = []
    pos = 0
    group = 0
    last_law: tuple[tuple[str, ...], str, int] | None = None  # ids, written, line number
    while True:
        m = ARTICLE_RE.search(text, pos)
        if not m:
            break
        start = m.start()
        if _inside(start, quotes) or text[max(0, start - 1) : start] in ("前", "本", "该", "下"):
            pos = m.end()
            continue
        mention = next(
            (x for x in reversed(mentions) if x.end <= start and _GAP.match(text[x.end : start])), None
        )
        if not m.group(1) and mention is None:
            pos = m.end()  # 五十一条 without 第 counts only right after a law name
            continue
        refs, end = _parse_cluster(text, start)
        if not refs:
            pos = m.end()
            continue
        line_no = text.count("\n", 0, start)
        source: LawSource
        if mention is not None and not mention.is_self:
            ids, written, source = mention.law_ids, mention.written, "explicit"
        elif mention is not None and mention.is_self:
            ids, written, source = (
                ((context_law,), mention.written, "context")
                if context_law
                else ((), mention.written, "missing")
            )
        elif (unknown := _unknown_law_before(text, start)) is not None:
            found = store.find_law(unknown)
            ids, written, source = (found.law_ids if found else ()), unknown, "explicit"
        elif last_law is not None and last_law[2] == line_no:
            ids, written, source = last_law[0], last_law[1], "inherited"
        elif context_law:
            ids, written, source = (context_law,), "", "context"
        elif (only := _sole_law_before(text, start, mentions)) is not None:
            # one law named earlier on the line and no other (市里那部市容环卫条例…条例第十八条里头说的主干道)
            ids, written, source = only.law_ids, only.written, "inherited"
        else:
            ids, written, source = (), "", "missing"
        if source in ("explicit", "inherited") and written:
            last_law = (ids, written, line_no)
        quote = _quote_near(text, start, end, quotes)
        raw_start = mention.start if mention is not None else start
        for ref in refs:
            for para, item in ref.parts or [(None, None)]:
                out.append(
                    Citation(
                        raw=text[raw_start:end],
                        start=raw_start,
                        end=end,
                        law_written=written,
                        law_ids=ids,
                        law_source=source,
                        article=ref.article,
                        sub=ref.sub,
                        paragraph=para,
                        item=item,
                        quote=quote,
                        group=group,
                    )
                )
        group += 1
        pos = end
    return out


_QUOTE_AFTER = re.compile(
    r"^[）)]?\s*(?:中|里)?(?:规定|明确规定|明确|指出|载明|写明|要求)?[了的]?[:：，,]?\s*$"
)


_QUOTE_BEFORE = re.compile(
    r"^\s*[（(]\s*(?:见|出自|参见)?\s*(?:《[^《》]{1,60}》|[\u4e00-\u9fff]{0,30})?\s*$"
)


def _quote_near(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> str | None:
    """The quoted words right after a citation (``第五十一条规定：“…”``) or right before it (``“…”（第五十一条）``)."""
    for a, b in quotes:
        if a >= end and _QUOTE_AFTER.match(text[end:a]) and a - end <= 12:
            return text[a + 1 : b - 1]
        if b <= start and _QUOTE_BEFORE.match(text[b:start]):
            return text[a + 1 : b - 1]
    return None
