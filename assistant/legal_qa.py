"""Legal Q&A that answers from evidence: retrieval decides, the quoted sentences are the answer, the model phrases.

0. The question is parsed once (:func:`assistant.question.parse_question`: retrieval's analysis, content bigrams,
   the kind of answer asked for); the refusal check, retrieval and sentence selection all read that one object.
1. Refusal when the question names a law or an article the corpus does not hold (``out_of_corpus``).
2. Retrieval, then sentence selection (``assistant.extract``): the sentences of the retrieved provisions that answer
   the question, scored deterministically. Whether a retrieved provision supports an answer — the question's
   content it repeats, or its closeness in meaning (the searcher's cosine) — decides whether the corpus answers,
   not the model's say-so. No supporting provision: a refusal that says what the corpus lacks.
3. The quoted provisions go out first (``citation`` events, then the quotes as text with 《law》第X条第Y款).
4. The model writes a short conclusion from those sentences only, streamed sentence by sentence through a check:
   every amount and time limit must be in the quotes (with its party type where the quotes set it for one), every
   citation must verify. A failing sentence is dropped with a ``notice``; the quotes stand. Without a model the
   quotes are the answer and a ``notice`` says so.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from assistant import prompts, scope
from assistant.claims import check_claims, echoes_question, split_by_age
from assistant.events import CitationEvent, CitedProvision, DeltaEvent, Event, NoticeEvent, RefusedEvent
from assistant.extract import (
    MAX_CANDIDATES,
    Selection,
    Unit,
    absent_terms,
    article_coverage,
    asked_act,
    corpus_df,
    limits_act,
    select_from_store,
    states_limit,
    store_articles,
)
from assistant.grounding import QuotedProvision
from assistant.llm.base import LLMBackend, Message
from assistant.numbers import check_sentence, split_by_party
from assistant.question import LegalQuestion, parse_question
from assistant.router import asks_procedure
from core.errors import AssetError, ConfigError, ModelError
from knowledge.citations import verify_text
from knowledge.retrieval.index import tokenizer_for
from knowledge.retrieval.query import Query, analyse
from knowledge.statutes.store import StatuteStore


@dataclass(frozen=True)
class Provision:
    """A retrieved article handed to the model as context."""

    id: str
    law: str
    label: str
    text: str
    similarity: float | None = (
        None  # the searcher's cosine of the question and this article (None: not measured)
    )
    # a topic-gated law or article whose subject the question never names (assistant.retrieval): ranked after the
    # others, and never lifted to lead by the procedure lean
    off_topic: bool = False


RetrieveFn = Callable[[str, int], Sequence[Provision]]


@runtime_checkable
class Retriever(Protocol):
    """Provisions for a question, over a parse the caller makes once (:class:`assistant.retrieval.
    StatuteRetriever`); a plain ``(question, k)`` function is wrapped by :class:`FunctionRetriever`."""

    def parse(self, question: str) -> Query: ...

    def __call__(self, question: Query, k: int, *, asked: bool = True) -> Sequence[Provision]: ...


class FunctionRetriever:
    """A ``(question, k) -> provisions`` function as a :class:`Retriever`: it parses with the store's tokenizer
    and is handed the question's cleaned text."""

    def __init__(self, fn: RetrieveFn, store: StatuteStore) -> None:
        self.fn = fn
        self.store = store

    def parse(self, question: str) -> Query:
        return analyse(question, self.store, tokenizer_for(self.store))

    def __call__(self, question: Query, k: int, *, asked: bool = True) -> Sequence[Provision]:
        return self.fn(question.text, k)


@dataclass(frozen=True)
class Refusal:
    reason: str


# whether a document may set a penalty is asked (街道办起草了一份《文明街巷管理公约》…能设定罚款吗): the rules on who sets
# penalties answer it (行政处罚法第十条至第十六条), whatever the document says
_POWER_TO_SET = re.compile(
    r"(?:能|可以|有权|有权力|能否|能不能|可不可以|有没有权力?|是否有权)(?:设定|规定(?=罚款|处罚|行政处罚))"
)
# … unless what the document itself says is asked as well (里面设定的罚款是多少, 规定遛狗不牵绳罚多少)
# (哪一条 / 第几条 asked of the document itself — 公约里第几条 — not of the law that answers: 依据的是行政处罚法哪一条)
_CONTENT_ASKED = re.compile(
    r"多少|几[百千万块元]|怎么规定|规定了什么|写的什么|怎么写|原文|(?:》|公约|民约|章程|守则)里面?(?:的)?(?:哪一条|第几条)"
)


def out_of_corpus(question: str | LegalQuestion, store: StatuteStore) -> Refusal | None:
    """The question names a law the corpus lacks, or an article past a law's end: say so, never guess.
    ``store``: the bureau's (bundled laws and its own additions: ``KnowledgeBase.store``); a plain string is
    parsed here (the legal skill hands in its one parse)."""
    query = (
        question.query
        if isinstance(question, LegalQuestion)
        else analyse(question, store, tokenizer_for(store))
    )
    # whether such a document may set a penalty at all: 行政处罚法 answers, not the document's text
    power_asked = _POWER_TO_SET.search(query.text) is not None and _CONTENT_ASKED.search(query.text) is None
    if query.unknown_laws and not power_asked:
        return Refusal(f"法规库中没有《{query.unknown_laws[0].strip('《》')}》，无法依据它回答。")
    for message in query.unresolved:
        return Refusal(message)
    return None


# The quotes the model reads, at most (the best article's first, in the order shown): the prompt's length is the
# first token's wait on 2 cores (prompt evaluation); the user is shown every quote, and the conclusion is checked
# against all of them. On legal_qa_dev the prompts are 90–730 characters; 400 keeps 24 of 27 whole.
CONCLUSION_CHARS = 400
# When the statute's own words find nothing that answers, the search that also reads each article's everyday
# questions may still find the article (扣了三轮车最多扣好久 → 行政强制法第二十五条). Its own text must then cover the
# question well above COVERAGE_SURE: over the 19 read legal sets 0.3 turned one refusal of an answerable question into
# an answer and refused every must-refuse question it refused before; 0.2 answered two, lost one must-refuse. Over
# the 28 read sets 0.24 answers one more (手机、锅碗能不能一起扣: 行政强制法第二十三条, its story's words leave 0.244)
# and lost one must-refuse (a dress-code question), refused again by the scope's 着装 words.
FALLBACK_COVERAGE = 0.24
# A long story's own words can drown the few that carry its legal question (楼顶彩钢棚…都过了两年了，你们管不到了):
# the query's statutory words — what the synonyms table turned its everyday words into (二年, 未被发现, 不再给予行政
# 处罚) — decide then. A retrieved article that holds at least this share of them (and at least STATUTORY_MIN of them)
# answers, when neither its own text nor its everyday questions found one.
STATUTORY_SHARE = 0.6
STATUTORY_MIN = 3
# The everyday-question search reorders what is quoted, but its lead must hold at least this share of the question's
# own words that the plain search's lead holds (article coverage). Over the 28 read legal sets (1089 answerable) 0.7
# put the expected article first 14 more times (23 gained, 9 lost) and left as many with nothing expected shown;
# 0.6 gained 10, 0.8 gained 13 with 3 more showing nothing.
LEAD_COVERAGE = 0.7
# A procedure law's article takes the lead from the story's law (_procedure_first) only where it holds at least this
# share of what that lead holds of the question's own words — unless a child's age is told (行政处罚法第三十条 answers
# it in few words). Over the read legal sets (dev + rounds 1-78, 3,585 questions) 0.3 with that exception put the
# expected article first 19 more times (20 gained, 1 lost); 0.3 without it 15 (20 gained, 5 lost — four of them the age
# article), 0.5 without it 10 (21 gained, 11 lost)
PROCEDURE_COVERAGE = 0.3
# The article whose time limit governs the act asked leads (_act_limit_first) only where it holds at least this share
# of what the lead holds of the question's own words (set by hand, not tuned)
ACT_COVERAGE = 0.5
_AGE_TOLD = re.compile(r"[\d一二三四五六七八九十两]+(?:周)?岁|未成年|不满十[四八]")
# how long something may last or take, asked (最长能扣多久, 多少天内) — not told (好久不见, 几天前, 摆了好多天); a time
# stated in hours, working days, days, months or years
_DURATION_ASKED = re.compile(
    r"多久|多长时间|(?<![前这那近最过隔头好])几天(?![前后了])|(?:要|能|得|扣|关|等|拖)好久|好久(?:能|才|可以|之内|以内)"
    r"|多少天|多少日|期限|几个月|多少个月|几个工作日|几小时|时效"
)
_DURATION = re.compile(r"[一二三四五六七八九十百两\d]+(?:个)?(?:工作日|小时|日|天|月|年)")
# a date (二〇二一年一月一日, 1992年6月22日) is no time limit
_DATE = re.compile(
    r"[〇零一二三四五六七八九\d]{4}年(?:[一二三四五六七八九十\d]{1,2}月(?:[一二三四五六七八九十\d]{1,3}日)?)?"
)


# The laws of procedure: which of their articles leads when a procedure question is told around a case. Over the 19
# read legal sets (693 answerable questions) this put the expected article first 5 more times (8 gained, 3 lost:
# an emergency road repair's 补手续 read as a coercive measure's); 行政许可法 is left out (its articles took the lead
# from the regulation that names the permit), and a question that names its law keeps that law's order.
_PROCEDURE_LAWS = frozenset(
    {
        "xingzhengchufafa",
        "xingzhengqiangzhifa",
        "xingzhengfuyifa",
        "xingzhengfuyifashishitiaoli",
        "xingzhengsusongfa",
        "xingzhengzhifajiguanyisongshexianfanzuianjiandeguiding",
    }
)


# a licence applied for (申请的一项许可, 许可被驳回) — not one never had (未经许可, 没有办许可证), nor a penalty told beside
# it (被告知要罚五万…听证: the penalty law's hearing)
_LICENCE_ASKED = re.compile(r"(?<!未经)(?<!没有)(?<!没办)(?<!未取得)(?<!无)许可(?!证就)")
_PENALTY_TOLD = re.compile(r"罚|处罚")


# an article named in passing before another question (第二十八条说了责令改正，那听证要在几日内提出)
_IN_PASSING = re.compile(
    r"第[〇零一二三四五六七八九十百\d]+条(?:第[〇零一二三四五六七八九十\d]+款)?(?:里面?|中|上)?"
    r"(?:说了|规定了|讲了|写了|提到了?|明确了?)[^。？?！!]{0,30}?[，,](?:那么?|可是|但是?|还有|另外|请问)"
)


def _procedure_law(article_id: str) -> bool:
    return article_id.split(":")[0] in _PROCEDURE_LAWS


def _procedure_topic_only(parsed: LegalQuestion) -> bool:
    """No law named — or two substantive laws or more, named for one act (市容条例能罚、大气法也能罚，两部法各罚一次
    行不行: how they combine is the procedure law's), while the question's procedure words point to a procedure law.
    One law named frames the question (城市绿化条例里头…多少天内复议): its own provisions lead. An article named of
    one of the laws only (按市容条例第十八条罚了，市政又说他违反城市道路管理条例…能不能各罚一次) is the case told,
    not the question: how the two combine still is."""
    q = parsed.query
    if not q.laws:
        return True
    substantive = [law for law in q.laws if law not in _PROCEDURE_LAWS]
    with_article = {a.split(":")[0] for a in q.articles}
    return (
        len(with_article) < len(substantive)
        and not with_article - set(substantive)
        and len(substantive) >= 2
        and len(substantive) == len(q.laws)
        and any(t in _PROCEDURE_LAWS for t in q.topic_laws)
    )


# A term the statutes define (夜间，是指晚上十点至次日早晨六点之间的期间; 本条例所称古树，是指树龄在一百年以上的树木)
_DEFINES = re.compile(r"“?([\u4e00-\u9fff]{2,14})”?[，,]是指")
_DEFINED_BY = re.compile(r"^.*?本(?:法|条例|办法|规定|细则)(?:所称|中)的?|^前款所称")
# … and one defined without a comma (本条例所称主城区指渝中区、大渡口区…; 本条例所称食品小作坊是指…)
_SO_CALLED = re.compile(
    r"本(?:法|条例|办法|规定|细则)所称的?“?([\u4e00-\u9fff]{2,10}?)”?[，,]?是?指(?![定导挥出示标])"
)
# … and a question about its meaning: the term next to 是指 / 算不算 / 什么叫 …, or quoted in the sentence that asks
# (“古树”和“古树后备资源”分别如何界定); a term only quoted — a sign's “历史建筑” — is not asked about
# (or the years that make one: “古树”“古树后备资源”各按多少年算)
_MEANING_AFTER = (
    r"(?:是指|指的是|指什么|是什么意思|啥意思|怎么界定|如何界定|怎么定义|的定义|的范围(?![内里之外以])|的范围(?:内|里)?(?:包括|有哪些|是哪些|有没有)|从几点|是几点|一回事|的区别"
    r"|(?:各|分别)?按?(?:多少|几)年算)"
)
_MEANING_BEFORE = r"(?:什么是|什么叫|啥子叫|啥叫|何为|算不算|算不算是|属不属于|属于不属于|是不是|算是|才算|才叫|(?<![打计就还总])算)"
_TERMS: dict[int, tuple[int, dict[str, str]]] = {}


def defined_terms(store: StatuteStore) -> dict[str, str]:
    """Term → the article defining it, over ``store`` (cached per store and size); a term two laws define is kept
    for the first (both read the same)."""
    articles = store_articles(store)
    cached = _TERMS.get(id(store))
    if cached is not None and cached[0] == len(articles):
        return cached[1]
    terms: dict[str, str] = {}
    for art in articles:
        for m in _DEFINES.finditer(art.text):
            term = _DEFINED_BY.sub("", m.group(1))
            if len(term) >= 2:
                terms.setdefault(term, ":".join(art.id.split(":")[:2]))
        for m in _SO_CALLED.finditer(art.text):
            terms.setdefault(m.group(1), ":".join(art.id.split(":")[:2]))
    _TERMS[id(store)] = (len(articles), terms)
    return terms


def definition_asked(text: str, store: StatuteStore) -> str | None:
    """The article defining the term whose meaning ``text`` asks (“夜间”是指几点到几点; 学校算不算噪声敏感建筑物),
    the longest term first; None where no defined term is asked about."""
    for term, article_id in sorted(defined_terms(store).items(), key=lambda kv: -len(kv[0])):
        if term not in text:
            continue
        t = re.escape(term)
        if re.search(
            rf"{t}”?[^。？?，,“]{{0,4}}{_MEANING_AFTER}|{t}”?分别(?:是)?指|{_MEANING_BEFORE}“?{t}(?=”|[？?吗呢，,。]|$|{_MEANING_AFTER})"
            rf"|“{t}”[^。？?]{{0,20}}{_MEANING_AFTER}|{_MEANING_BEFORE}[^。？?]{{0,6}}“{t}”",
            text,
        ):
            return article_id
    return None


def _procedure_asked(text: str) -> bool:
    """The router's words for a procedure, a remedy or a legal requirement (听证, 复议, 代履行, 合不合法 …)."""
    return asks_procedure(text)


def model_units(units: Sequence[Unit]) -> list[Unit]:
    """The quotes for the model's prompt: in order, while they fit in ``CONCLUSION_CHARS`` (at least one)."""
    out: list[Unit] = []
    used = 0
    for u in units:
        if out and used + len(u.text) > CONCLUSION_CHARS:
            break
        out.append(u)
        used += len(u.text)
    return out


LLMSource = LLMBackend | Callable[[], LLMBackend]
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# the prompt's last heading, which the model may repeat before its conclusion (【结论】, 【结论与依据】：), and the start of
# a heading of its own (decided once its bracket closes) — see :meth:`LegalQA.conclusion`
_OWN_HEADING = re.compile(r"【结论[^【】\n]{0,6}】[：:]?")
# (at a sentence's or a line's start, or one of the prompt's kind of names anywhere — not a title in brackets inside a
# sentence: 依据【中华人民共和国行政处罚法】第五十一条)
_SECTION = re.compile(
    r"(?:^|(?<=[\n。！？!?]))[ \t]*【(?![^【】]*$)(?!结论)(?![^【】]{2,30}(?:法|条例)】)"
    r"|【(?:摘录|问题|法律|依据|说明|注意|分析|答案|回答|相关|补充|具体|适用|参考|备注|提示)[^【】]{0,4}】"
)
_PARTIAL_HEADING = re.compile(r"【[^】]*$")
_OWN_LABEL = re.compile(r"^结论[：:]\s*")  # the model's own 结论： before its first sentence
# a conclusion that says the quotes do not answer: retrieval decided they do, so such a sentence is not shown
_MODEL_REFUSAL = re.compile(r"没有找到|未直接回答|无法回答|不能回答|没有规定|未规定|摘录中没有")


def provision_event(article_id: str, units: Sequence[Unit], store: StatuteStore) -> CitedProvision:
    """A ``citation`` item for one article: the whole article as the corpus has it, plus the sentences quoted."""
    article = store.article(article_id)
    first = units[0]
    label = first.article_label
    paras = {u.paragraph for u in units}
    if first.paragraphs > 1 and len(paras) == 1:
        label += first.label[len(first.article_label) :].split("第（")[0]
    prov = QuotedProvision(article_id, first.law, label, article.text if article else "", article is not None)
    return prov.cited(quote=[u.text for u in units], quote_labels=[u.label for u in units])


def _quoted(units: Sequence[Unit]) -> str:
    """The units' words as one quotation, in the article's order; a sentence left out between two quoted ones is
    marked "……", so the quotation never reads as the corpus's continuous wording when it is not."""
    ordered = sorted(units, key=lambda u: u.order)
    out = ordered[0].text
    for prev, unit in itertools.pairwise(ordered):
        out += ("……" if unit.order > prev.order + 1 else "") + unit.text
    return out


def extractive_text(selection: Selection) -> str:
    """The quotes as the answer's text: 《law》第X条第Y款：“…”."""
    lines = ["法规库中的依据（原文摘录）："]
    for _, units in selection.by_article():
        law = units[0].law
        groups: dict[str, list[Unit]] = {}
        for u in units:
            key = u.label if not u.item else u.label.split("第（")[0]
            groups.setdefault(key, []).append(u)
        for label, members in groups.items():
            lines.append(f"《{law}》{label}：“{_quoted(members)}”")
    return "\n".join(lines) + "\n"


def refusal_reason(
    question: LegalQuestion | None, selection: Selection | None, store: StatuteStore | None = None
) -> str:
    """What the corpus lacks, in Chinese: the question's words no provision uses, and the nearest provisions it
    holds, when there are any."""
    absent = absent_terms(question, store) if question is not None and store is not None else []
    # a size, a fee or a time asked: that figure is what is missing, not the story's words (店门口、装个)
    figure = scope.figure_asked(question.text) if question is not None else None
    if figure is not None:
        lacks = f"法规库中没有规定所问的{figure}"
    elif absent:
        lacks = f"法规库中没有关于“{'、'.join(absent)}”的规定"
    else:
        lacks = "法规库中没有找到能回答这个问题的规定"
    if selection is None or not selection.units:
        return f"{lacks}。" if absent or figure else "法规库中没有找到与这个问题相关的规定。"
    return f"{lacks}{nearest(selection)}。"


def nearest(selection: Selection | None) -> str:
    """（最接近的是《law》第X条…，但其中没有所问的内容）, or nothing when nothing was retrieved."""
    if selection is None or not selection.units:
        return ""
    near = "、".join(f"《{u[0].law}》{u[0].article_label}" for _, u in selection.by_article()[:2])
    return f"（最接近的是{near}，但其中没有所问的内容）"


# the party turned on the officers or the street sweepers (摊主把我们一个队员推倒在地上, 拿扁担打了我们的环卫工人, 队员在街上
# 执法被摊主打了): 重庆市市容环境卫生管理条例第七十九条 — the police handle it — leads; the story's words (清理占道) drew the
# food-stall regulation's patrol article and the officers' own misconduct (第七十八条, 治安管理处罚法第一百三十九条) instead
# (rounds 32, 35, 58, 80, 81). Not the officers' own 打骂 (队员打了摊主: 第七十八条's case)
_STAFF = (
    r"(?:我们|我方|咱们)?的?(?:[一两二三几]|好几)?(?:个|名|位)?(?:执法)?"
    r"(?:队员|执法人员|城管队员|城管(?!热线|局|部门|执法局)|环卫工人?|协管员?|保洁员|执法队员|工作人员)"
)
# the blow itself — not 打电话, 打扫, 打包, 打听, 打招呼, 推荐, 推到一线, 推迟; 辱骂, not a bare 骂 (陈述申辩里头把我们执法队员
# 骂得狗血淋头…把罚款从三百提到五百: 行政处罚法第四十五条's question, not the police's)
_BLOW = (
    r"(?:殴打|打伤|打破|打了|打(?!电话|听|扫|包|卡|招呼|算|理|开|印|点|工|交道|车|的|个|架|造|击|折|针|字|款|分|量)"
    r"|推倒|推搡|推了|推翻|推到(?:在)?地|推到墙|撞倒|踢|咬伤|咬了|抓伤|抓破|扇|耳光|砸伤|砸向|捅|砍|拳打脚踢|围殴|撕扯|辱骂)"
)
# who did it, where told after 被 (被摊主打了, 被人打成轻伤) — not 被投诉, 被领导, 被车, 被狗
_ACTOR = (
    r"(?:摊主|摊贩|商贩|小贩|当事人|老板娘?|店主|对方|他|她|人|有人|男子|女子|司机|业主|住户|工人|群众|醉汉)"
)
_OFFICERS_ASSAULTED = re.compile(
    rf"把{_STAFF}[^，。；？?]{{0,4}}?{_BLOW}"
    rf"|{_BLOW}(?:了|伤了|倒了)?{_STAFF}(?!的?(?:电话|手机))"
    rf"|(?:拿|用)[^，。；？?]{{1,6}}(?:打|砸)了?{_STAFF}"
    # (被 and up to six words before the blow, not 被投诉打人, 被领导骂, 被车撞倒, 被安排去打包, 被打了一针)
    rf"|{_STAFF}[^，。；？?]{{0,8}}(?:被|让|叫|遭)(?!投诉|举报|领导|上级|车|狗|安排|派)"
    rf"[^，。；？?投诉领导车狗]{{0,6}}?(?:给)?{_BLOW}(?!了?(?:一针|个措手不及|针|疫苗))"
    r"|(?:挨了?(?:一拳|一脚|几拳|几脚|打|揍)|被围殴)"
    # (not 暴力抗法 named as a kind of case: 能不能规定对暴力抗法的拘留几天, 比如暴力抗法打伤人，要移送公安)
    rf"|对{_STAFF}(?:动手|拳打脚踢|大打出手)|袭击{_STAFF}|遭(?:到)?[^，。；？?]{{0,6}}(?:殴打|围攻|袭击)"
)
ASSAULT_ARTICLE = "cq-shironghuanjingweishengguanlitiaoli:79"
# … and where the officers ask whether they may lock him up themselves (能不能直接把他拘留几天, 带回队里关一晚上):
# 行政处罚法第十八条 (限制人身自由的行政处罚权只能由公安机关…行使) answers that part and leads
_DETENTION_ASKED = re.compile(r"拘留|关(?:一晚|一夜|几天|起来|一天|两天)|带回[^，。？?]{0,4}关|限制人身自由")
DETENTION_ARTICLE = "xingzhengchufafa:18"


def _gated_lead(plain: Selection, better: Selection, provisions: Sequence[Provision]) -> bool:
    """The plain search's lead is a narrow article whose topic words the question lacks (治安管理处罚法第一百三十九条,
    the police's own 打骂, for a vendor who hit a street sweeper), where it was all that search found: the search
    that also reads the everyday questions leads with one on topic."""
    if not plain.units or not better.units or not all(p.off_topic for p in provisions):
        return False
    return better.by_article()[0][0] not in {p.id for p in provisions}


class LegalQA:
    def __init__(
        self,
        llm: LLMSource | None,
        retriever: Retriever | RetrieveFn,
        *,
        k: int = 5,
        max_tokens: int = 200,
        store: StatuteStore,
    ) -> None:
        """``llm`` may be the model or a function that returns it (called only when a conclusion is written,
        so the quotes are answered while the model loads or when it cannot)."""
        self._llm = llm
        self.retriever: Retriever = (
            retriever if isinstance(retriever, Retriever) else FunctionRetriever(retriever, store)
        )
        self.k = k
        self.max_tokens = max_tokens
        self.store = store  # the bureau's: refusal, quotes and citation checks read the laws retrieval finds

    @property
    def llm(self) -> LLMBackend:
        source = self._llm
        if source is None:
            raise ModelError("未配置大模型")
        if callable(source) and not hasattr(source, "stream"):
            model = source()
            self._llm = model
            return model
        return source  # type: ignore[return-value]

    def conclusion_messages(self, question: str, selection: Selection) -> list[Message]:
        """The fixed system prompt (the same for every question: llama.cpp keeps it in the KV cache), then the
        best quotes up to ``CONCLUSION_CHARS`` and the question."""
        units = model_units(selection.units)
        quotes = "\n".join(f"[{i}] {u.text}" for i, u in enumerate(units, start=1))
        user = prompts.CONCLUSION_USER.format(quotes=quotes, question=question)
        texts = [u.text for u in units]
        for split, hint in (
            (split_by_party, prompts.CONCLUSION_PARTY_HINT),
            (split_by_age, prompts.CONCLUSION_AGE_HINT),
        ):
            if split(texts):
                user = user.replace("【结论】", hint + "\n\n【结论】")
        return [
            {"role": "system", "content": prompts.CONCLUSION_SYSTEM},
            {"role": "user", "content": user},
        ]

    def parse(self, question: str) -> LegalQuestion:
        """The one parse of this question that every step below reads."""
        return parse_question(question, self.retriever.parse)

    def select(self, question: str | LegalQuestion) -> tuple[Refusal | None, Selection | None]:
        """Deterministic part: (refusal, None) or (None, the sentences that answer)."""
        refusal, selection, _ = self._decide(question)
        return refusal, selection

    def _decide(
        self, question: str | LegalQuestion
    ) -> tuple[Refusal | None, Selection | None, scope.OutOfScope | None]:
        """:meth:`select`, plus what :mod:`assistant.scope` found (a notice when it does not refuse)."""
        parsed = question if isinstance(question, LegalQuestion) else self.parse(question)
        refusal, selection, outside = self._decide_once(parsed)
        if refusal is not None and selection is not None and outside is not None and outside.statute_list:
            # refused for a district's list the quotes only delegate, where the places are asked: the statute's own
            # list of places, retrieved by either search, may answer that part
            retrieved = [
                *self.retriever(parsed.query, self.k, asked=False),
                *self.retriever(parsed.query, self.k),
            ]
            listed, again = self._statute_list_first(parsed, selection, outside, retrieved)
            if listed is not selection:
                return None, listed, again
        return refusal, selection, outside

    def _decide_once(
        self, parsed: LegalQuestion
    ) -> tuple[Refusal | None, Selection | None, scope.OutOfScope | None]:
        """One pass of :meth:`_decide` over the searches and the scope checks."""
        refusal = out_of_corpus(parsed, self.store)
        if refusal is not None:
            return refusal, None, None
        # whether the corpus answers is decided on the articles' own text (the everyday questions indexed for
        # them match a look-alike question the corpus cannot answer as well as one it can) …
        provisions = list(self.retriever(parsed.query, self.k, asked=False))
        if not provisions:
            found = self._through_everyday_questions(parsed, provisions)
            if found is None:
                return Refusal(refusal_reason(parsed, None, self.store)), None, None
            return found
        selection = self._selection(parsed, provisions)
        outside = scope.check(parsed.text, self.store, selection)
        ranked: list[Provision] | None = None  # the search that also reads the everyday questions, made once
        if (
            outside is not None
            and outside.hard
            and selection.answered
            and scope.figure_missing(parsed.text, [u.text for u in selection.units]) is not None
        ):
            ranked = list(self.retriever(parsed.query, self.k))
            selection, outside = self._figure_elsewhere(parsed, selection, outside, ranked)
        if outside is not None and (outside.hard or not selection.answered):
            # the figure of a defined term asked (“古树后备资源”分别指树龄多少年): the term's own definition may state
            # what the retrieved articles lack — answered only where that item itself holds the figure
            defining = definition_asked(parsed.text, self.store)
            quotes = [u.text for u in selection.units]
            if defining is not None and scope.figure_missing(parsed.text, quotes) is not None:
                first, again = self._definition_first(parsed, selection, outside, defining, provisions)
                if first is not selection and self._definition_states_figure(parsed.text, first, defining):
                    return None, first, again
            if defining is not None and outside.delegating is not None:
                # a defined term asked beside a range the statute leaves to the district (“主城区”具体是指哪几个区？
                # 万州下面的建制镇呢): the definition answers its part and leads; the delegation's notice says what
                # the corpus lacks
                first, again = self._definition_first(
                    parsed, selection, outside, defining, provisions, keep_delegation=True
                )
                if first is not selection:
                    return None, first, again
                if selection.by_article()[0][0] == defining and selection.answered:
                    return None, selection, replace(outside, hard=False)  # the definition leads already
            near = nearest(selection) if outside.nearest else ""
            return Refusal(f"{outside.reason}{near}。"), selection, outside
        if not selection.answered:
            found = self._through_everyday_questions(parsed, provisions)
            if found is None:
                return Refusal(refusal_reason(parsed, selection, self.store)), selection, outside
            return found
        # … and what is quoted, in which order, on the search that also reads them (users' words meet the law's)
        # (kept only when it answers too and raises no refusal of its own — a figure it lacks, a mere delegation)
        if ranked is None:
            ranked = list(self.retriever(parsed.query, self.k))
        if [p.id for p in ranked] != [p.id for p in provisions]:
            better = self._selection(parsed, ranked)
            if (
                better.units
                and better.answered
                and (
                    self._lead_holds(parsed, better, selection) or _gated_lead(selection, better, provisions)
                )
            ):
                again = scope.check(parsed.text, self.store, better)
                if again is None or not again.hard:
                    selection, outside = better, again
        selection, outside = self._agreed_first(parsed, selection, outside, provisions, ranked)
        selection, outside = self._act_limit_first(parsed, selection, outside, [*provisions, *ranked])
        if _procedure_asked(parsed.text) and _procedure_topic_only(parsed):
            selection, outside = self._procedure_first(parsed, selection, outside, [*provisions, *ranked])
        if _OFFICERS_ASSAULTED.search(parsed.text):
            selection, outside = self._assault_first(parsed, selection, outside, [*provisions, *ranked])
        defining = definition_asked(parsed.text, self.store)
        if defining is not None:
            selection, outside = self._definition_first(
                parsed, selection, outside, defining, [*provisions, *ranked]
            )
        return None, selection, outside

    def _definition_states_figure(self, text: str, selection: Selection, defining: str) -> bool:
        """The item defining a term ``text`` names (古树后备资源，是指树龄五十年以上不满一百年的树木) states the figure
        ``text`` asks — not another term's item of the same definitions article."""
        terms = [t for t, art in defined_terms(self.store).items() if art == defining and t in text]
        own = [
            u.text
            for u in selection.units
            if any(
                re.search(rf"“?{re.escape(t)}”?[，,]是指|所称的?“?{re.escape(t)}”?[，,]?是?指", u.text)
                for t in terms
            )
        ]
        return bool(own) and scope.figure_missing(text, own) is None

    def _tried_lead(
        self,
        parsed: LegalQuestion,
        pool: Sequence[Provision],
        leads: Callable[[str], bool],
        *,
        answered: bool = True,
        keep_delegation: bool = False,
    ) -> tuple[Selection, scope.OutOfScope | None] | None:
        """The selection of ``pool`` in its order (no neighbour challenges its first: select's challengers), kept
        only where its lead is one ``leads`` accepts, it answers (unless not ``answered`` is asked) and it raises no
        hard refusal of its own — or, ``keep_delegation``, only a delegated range's, which then stands as a notice;
        None where it is not kept."""
        first = self._selection(parsed, pool, challenge=False)
        if not (first.units and (first.answered or not answered) and leads(first.by_article()[0][0])):
            return None
        again = scope.check(parsed.text, self.store, first)
        if again is not None and again.hard:
            if not (keep_delegation and again.delegating is not None):
                return None
            again = replace(again, hard=False)
        return first, again

    def _definition_first(
        self,
        parsed: LegalQuestion,
        selection: Selection,
        outside: scope.OutOfScope | None,
        defining: str,
        retrieved: Sequence[Provision],
        *,
        keep_delegation: bool = False,
    ) -> tuple[Selection, scope.OutOfScope | None]:
        """The meaning of a defined term is asked (法律上说的“夜间”是指几点到几点): the article defining it leads, found
        or not by the searches (its story's words — 工地、施工 — rank the duties first); kept only where it answers and
        raises no hard refusal of its own — or, ``keep_delegation``, only a delegated range's, which then stands as a
        notice."""
        if selection.by_article() and selection.by_article()[0][0] == defining:
            return selection, outside
        stored = self._stored_provision(defining)
        if stored is None:
            return selection, outside
        pool = [p for p in {p.id: p for p in retrieved}.values() if p.id != defining]
        lead = next((p for p in retrieved if p.id == defining), None) or stored
        tried = self._tried_lead(
            parsed, [lead, *pool], lambda a: a == defining, keep_delegation=keep_delegation
        )
        return tried or (selection, outside)

    def _figure_elsewhere(
        self,
        parsed: LegalQuestion,
        selection: Selection,
        outside: scope.OutOfScope,
        ranked: Sequence[Provision],
    ) -> tuple[Selection, scope.OutOfScope | None]:
        """The figure asked (新修好的路多少年内不准挖) is missing from what the statute's own words selected (城市道路管理
        条例第三十四条's 抢修): ``ranked``, the search that also reads the everyday questions, may select the article
        stating it (第三十三条's 五年内、三年内); kept only when it answers and raises no hard refusal of its own."""
        better = self._selection(parsed, ranked)
        if not (better.units and better.answered):
            return selection, outside
        again = scope.check(parsed.text, self.store, better)
        if again is not None and again.hard:
            return selection, outside
        return better, again

    def _statute_list_first(
        self,
        parsed: LegalQuestion,
        selection: Selection,
        outside: scope.OutOfScope,
        retrieved: Sequence[Provision],
    ) -> tuple[Selection, scope.OutOfScope | None]:
        """Where the places are asked (在哪些地方绝对不能放) and the quotes only delegate the district's list (重庆市燃放烟花
        爆竹管理条例第五条), the article of the same law listing places the statute itself bans (第六条：下列区域或者场所),
        found by either search, leads; the delegation is quoted after it with its notice (the district's own list is not
        in the corpus). Kept only where it leads, answers and raises no hard refusal of its own."""
        listed = next((p for p in retrieved if p.id == outside.statute_list), None)
        if listed is None:
            return selection, outside
        pool = [p for p in {p.id: p for p in retrieved}.values() if p.id != listed.id]
        tried = self._tried_lead(parsed, [listed, *pool], lambda a: a == listed.id)
        if tried is None:
            return selection, outside
        first = tried[0]
        delegation = [u for u in selection.units if u.article_id == outside.delegating]
        if delegation and outside.delegating not in {u.article_id for u in first.units}:
            first = replace(first, units=[*first.units, *delegation])
        return first, replace(outside, hard=False)

    def _lead_holds(self, parsed: LegalQuestion, better: Selection, selection: Selection) -> bool:
        """The search that also reads the everyday questions may change the lead only to an article that holds at
        least ``LEAD_COVERAGE`` of what the plain search's lead holds of the question's own words (燃气公司要挖前年才
        改建交付的路: 城市道路管理条例第三十三条 stays, not the gas regulation the everyday words 燃气、开挖 bring)."""
        if not selection.units:
            return True
        lead, plain = better.by_article()[0][0], selection.by_article()[0][0]
        new, old = self.store.article(lead), self.store.article(plain)
        if lead == plain or new is None or old is None:
            return True
        if (
            lead.split(":")[0] == plain.split(":")[0]
            and _DURATION_ASKED.search(parsed.text)
            and _DURATION.search(_DATE.sub("", new.text))
            and not _DURATION.search(_DATE.sub("", old.text))
        ):
            # how long is asked (暂扣的三轮车最长能扣多久): of one law's articles, the lead that states a time (不得超过
            # 三十日) holds, not one that only shares the story's words (行政强制法第十七条's 行政强制措施 for 暂扣)
            return True
        return self._holds_share(parsed, better, selection, LEAD_COVERAGE)

    def _agreed_first(
        self,
        parsed: LegalQuestion,
        selection: Selection,
        outside: scope.OutOfScope | None,
        provisions: Sequence[Provision],
        ranked: Sequence[Provision],
    ) -> tuple[Selection, scope.OutOfScope | None]:
        """Both searches rank one article first (行政强制法第四十四条 for 强拆之前必须做哪些事…申请了复议还能拆不), yet a
        neighbour's sentence took the lead: the agreed article leads where it holds at least as much of the question's
        own words as that lead does."""
        if not (provisions and ranked and selection.units) or provisions[0].id != ranked[0].id:
            return selection, outside
        agreed = provisions[0]
        # (an article the question names leads, or gives way, by _selection's own rule)
        if (
            selection.by_article()[0][0] == agreed.id
            or agreed.off_topic
            or agreed.id in parsed.query.articles
        ):
            return selection, outside
        pool = [p for p in {p.id: p for p in [*provisions, *ranked]}.values() if p.id != agreed.id]
        tried = self._tried_lead(parsed, [agreed, *pool], lambda a: a == agreed.id)
        if tried is None or not self._holds_share(parsed, tried[0], selection, 1.0):
            return selection, outside
        return tried

    def _holds_share(self, parsed: LegalQuestion, new: Selection, old: Selection, share: float) -> bool:
        """``new``'s lead holds at least ``share`` of what ``old``'s lead holds of the question's own words."""
        if not new.units or not old.units:
            return True
        lead, plain = self.store.article(new.by_article()[0][0]), self.store.article(old.by_article()[0][0])
        if lead is None or plain is None:
            return True
        corpus = corpus_df(store_articles(self.store))
        return article_coverage(parsed.covered, [lead], corpus) >= share * article_coverage(
            parsed.covered, [plain], corpus
        )

    def _act_limit_first(
        self,
        parsed: LegalQuestion,
        selection: Selection,
        outside: scope.OutOfScope | None,
        retrieved: Sequence[Provision],
    ) -> tuple[Selection, scope.OutOfScope | None]:
        """How long one has to do something is asked (不服罚款决定，多长时间内可以申请复议): where the lead's time limits
        govern other acts (复议机关…六十日内作出行政复议决定, 收到行政复议意见书之日起六十日内…报送), the first retrieved article
        whose limit governs the act asked (六十日内提出行政复议申请) leads — kept where it answers and holds at least
        ``ACT_COVERAGE`` of what the lead holds of the question's own words."""
        act = asked_act(parsed.text) if _DURATION_ASKED.search(parsed.text) else set()
        if len(act) < 2 or not selection.units:
            # (one word is too little to tell whose act: 多久给答复 may ask a permit's decision or a complaint's reply)
            return selection, outside
        lead = self.store.article(selection.by_article()[0][0])
        if lead is None or not states_limit(lead.text) or limits_act(lead.text, act):
            # (a lead that states no time limit answers otherwise: 陈述申辩, 催告书送达十日后)
            return selection, outside
        pool = list({p.id: p for p in retrieved}.values())
        governing = [p for p in pool if not p.off_topic and limits_act(p.text, act)]
        if not governing:
            return selection, outside
        first = governing[0]
        tried = self._tried_lead(
            parsed, [first, *(p for p in pool if p.id != first.id)], lambda a: a == first.id
        )
        if tried is None or not self._holds_share(parsed, tried[0], selection, ACT_COVERAGE):
            return selection, outside
        return tried

    def _procedure_first(
        self,
        parsed: LegalQuestion,
        selection: Selection,
        outside: scope.OutOfScope | None,
        retrieved: Sequence[Provision],
    ) -> tuple[Selection, scope.OutOfScope | None]:
        """A procedure question told around a case (渣土车翻了，能不能先找人清了): the case's words rank the substantive
        law first; a procedure law's article that was retrieved and answers leads instead (the substantive ones follow)."""
        if selection.by_article() and _procedure_law(selection.by_article()[0][0]):
            return selection, outside
        if (
            selection.by_article()
            and selection.by_article()[0][0].startswith("xingzhengxukefa:")
            and _LICENCE_ASKED.search(parsed.text)
            and not _PENALTY_TOLD.search(parsed.text)
        ):
            # a licence's own procedure asked (别人申请的许可影响我们，能不能要求听证): 行政许可法 leads, not the
            # penalty law's hearing
            return selection, outside
        pool = list({p.id: p for p in retrieved}.values())
        lead = [p for p in pool if _procedure_law(p.id) and not p.off_topic]
        if not lead:
            return selection, outside
        # chosen to lead: no neighbour of the story's law challenges it (select's challengers)
        tried = self._tried_lead(
            parsed, [*lead, *(p for p in pool if not _procedure_law(p.id))], _procedure_law
        )
        if tried is None:
            return selection, outside
        if not _AGE_TOLD.search(parsed.text) and not self._holds_share(
            parsed, tried[0], selection, PROCEDURE_COVERAGE
        ):
            # it shares too little of the question (多久内要停号: 行政处罚法第二十九条 on fines, for the phone numbers'
            # article) — unless a child's age is told, which the procedure law's age article answers in few words
            return selection, outside
        return tried

    def _stored_provision(self, ident: str) -> Provision | None:
        """The bureau's article ``ident`` as a provision to quote, whether retrieved or not (None where absent)."""
        article = self.store.article(ident)
        law = self.store.law(article.law_id) if article is not None else None
        if article is None or law is None:
            return None
        return Provision(article.id, law.title, article.label, article.text)

    def _assault_first(
        self,
        parsed: LegalQuestion,
        selection: Selection,
        outside: scope.OutOfScope | None,
        retrieved: Sequence[Provision],
    ) -> tuple[Selection, scope.OutOfScope | None]:
        """The officers or the street sweepers turned on by the party: ``ASSAULT_ARTICLE`` (the police handle it)
        leads, retrieved or not — after ``DETENTION_ARTICLE`` where locking him up is asked; what was retrieved
        follows. Kept only where it holds and raises no refusal."""
        leads = (
            [DETENTION_ARTICLE, ASSAULT_ARTICLE]
            if _DETENTION_ASKED.search(parsed.text)
            else [ASSAULT_ARTICLE]
        )
        if selection.by_article() and selection.by_article()[0][0] == leads[0]:
            return selection, outside
        own = [p for p in map(self._stored_provision, leads) if p is not None]
        if len(own) < len(leads):
            return selection, outside
        pool = [*own, *(p for p in {p.id: p for p in retrieved}.values() if p.id not in leads)]
        tried = self._tried_lead(parsed, pool, lambda a: a in leads, answered=False)
        return tried or (selection, outside)

    def _through_everyday_questions(
        self, parsed: LegalQuestion, plain: Sequence[Provision]
    ) -> tuple[Refusal | None, Selection, scope.OutOfScope | None] | None:
        """The everyday questions found an article the statute's own words missed (扣了三轮车最多扣好久): it stands
        only where its own text covers the question well (``FALLBACK_COVERAGE``); None where none does. ``plain``: the
        search of the statutes' own words, already made (read again by the statutory-words fallback)."""
        asked = list(self.retriever(parsed.query, self.k))
        alt = self._selection(parsed, asked) if asked else None
        if alt is None or not alt.units or alt.coverage < FALLBACK_COVERAGE:
            # the article holding most of the everyday words' statutory forms (投诉 → 举报, 回个话 → 回复、处理结果)
            # before the first holding most of their tokens (天然气 complaints for a rubbish complaint)
            pool = [*plain, *asked]
            return self._through_statutory_words(parsed, pool, by_word=True) or self._through_statutory_words(
                parsed, pool
            )
        outside = scope.check(parsed.text, self.store, alt)
        if outside is not None and outside.hard:
            return Refusal(f"{outside.reason}。"), alt, outside
        return None, alt, outside

    def _through_statutory_words(
        self, parsed: LegalQuestion, retrieved: Sequence[Provision], *, by_word: bool = False
    ) -> tuple[Refusal | None, Selection, scope.OutOfScope | None] | None:
        """An article of the ``retrieved`` (both searches, already made) that holds at least ``STATUTORY_SHARE`` of
        the query's statutory words leads a selection; None where there are too few such words or none holds enough
        (or the one chosen does not lead what is selected)."""
        # by_word: one everyday word counts once however many statutory tokens it became (违建 → 违法、建设、规划、
        # 许可证 …); else each token counts
        groups = list(parsed.query.expanded.values()) if by_word else [[w] for w in parsed.query.weights]
        if len(groups) < STATUTORY_MIN:
            return None

        def holds(text: str) -> tuple[int, int]:
            """(the groups it holds half of, the tokens it holds)"""
            return (
                sum(2 * sum(w in text for w in group) >= len(group) for group in groups),
                sum(w in text for group in groups for w in group),
            )

        pool = list({p.id: p for p in retrieved}.values())
        held = {p.id: holds(article.text) for p in pool if (article := self.store.article(p.id)) is not None}
        enough = [p for p in pool if held.get(p.id, (0, 0))[0] >= STATUTORY_SHARE * len(groups)]
        if not enough:
            return None
        # by word: the article holding most of them (then most of their tokens; then the searches' order: max keeps
        # the first); by token: the first found
        best = max(enough, key=lambda p: held[p.id]) if by_word else enough[0]
        # it leads even where a neighbour's sentences share more of the story's words (强拆 told around a brick
        # house: 城乡规划法第六十八条's 拆除 and 建设 beside 行政强制法第四十四条's 公告 and 自行拆除)
        found = self._selection(parsed, [best, *(q for q in pool if q.id != best.id)], challenge=False)
        if not found.units or found.by_article()[0][0] != best.id:
            return None
        outside = scope.check(parsed.text, self.store, found)
        if outside is not None and outside.hard:
            return Refusal(f"{outside.reason}。"), found, outside
        return None, found, outside

    def _selection(
        self, parsed: LegalQuestion, provisions: Sequence[Provision], *, challenge: bool = True
    ) -> Selection:
        read = provisions[:MAX_CANDIDATES]
        sims = [p.similarity for p in read if p.similarity is not None]
        # an article the question names (行政处罚法第二十九条具体怎么用) leads: its neighbours do not challenge it —
        # unless it is named in passing before another question
        named = bool(read) and read[0].id in parsed.query.articles and _IN_PASSING.search(parsed.text) is None
        return select_from_store(
            parsed,
            [p.id for p in read],
            self.store,
            similarity=max(sims) if sims else None,
            challenge=challenge and not named,
        )

    def stream(self, question: str, *, conclude: bool = True) -> Iterator[Event]:
        """Events: ``citation`` (quoted provisions, first), ``delta`` (the quotes, then the checked conclusion),
        ``notice`` (a dropped sentence, no model), or ``refused``."""
        refusal, selection, outside = self._decide(question)
        if refusal is not None or selection is None:
            reason = refusal.reason if refusal else refusal_reason(None, None)
            yield DeltaEvent(text=f"{reason}\n{prompts.REFUSAL}")
            yield RefusedEvent(reason=reason)
            return
        store = self.store
        for article_id, units in selection.by_article():
            yield CitationEvent(item=provision_event(article_id, units, store))
        yield DeltaEvent(text=extractive_text(selection))
        if outside is not None:  # a law the corpus lacks, named beside a question the corpus does answer
            yield NoticeEvent(text=f"{outside.reason}；以上仅依据法规库中的规定作答。")
        if selection.weak:
            yield NoticeEvent(
                text="以上条文与问题的字面相关度较低，可能没有直接回答所问事项，请核对原文或换个说法再问。"
            )
        if conclude and (outside is None or outside.conclude):
            yield from self.conclusion(question, selection)

    def conclusion(self, question: str, selection: Selection) -> Iterator[Event]:
        """The model's short conclusion, sentence by sentence, each checked before it is shown."""
        try:
            llm = self.llm
        except (ModelError, AssetError, ConfigError) as exc:
            detail = getattr(exc, "message", None) or str(exc)
            yield NoticeEvent(text=f"本地大模型暂不可用（{detail}），以上为法规原文摘录，未生成归纳结论。")
            return
        quotes = [u.text for u in selection.units]
        lead = [u.text for u in selection.by_article()[0][1]] if selection.units else []
        shown = {a for a, _ in selection.by_article()}
        context_law = selection.units[0].law if selection.units else None
        started = False
        buffer = ""

        def check(sentence: str) -> Iterator[Event]:
            nonlocal started
            text = sentence.strip()
            if not text or _MODEL_REFUSAL.search(text) or echoes_question(text, question):
                return
            problems = [*check_sentence(text, quotes).problems, *check_claims(text, quotes, lead)]
            extra: list[CitedProvision] = []
            for res in verify_text(text, context_law=context_law, store=self.store).citations:
                if not res.ok:
                    problems.append(f"引用“{res.citation.raw}”未在法规库中核实")
                elif res.id and ":".join(res.id.split(":")[:2]) not in shown and res.text:
                    art = ":".join(res.id.split(":")[:2])
                    article = self.store.article(art)
                    label = (res.label or "").split("》")[-1]
                    if article is not None:
                        extra.append(
                            QuotedProvision(art, res.law_title or "", label, article.text, True).cited()
                        )
                        shown.add(art)
            if problems:
                yield NoticeEvent(
                    text="已删去一句未通过核对的结论：" + "；".join(problems) + "。以上条文原文为准。"
                )
                return
            for item in extra:
                yield CitationEvent(item=item)
            yield DeltaEvent(text=("结论：" + _OWN_LABEL.sub("", text) if not started else text))
            started = True

        for piece in llm.stream(self.conclusion_messages(question, selection), max_tokens=self.max_tokens):
            buffer += piece
            buffer = _OWN_HEADING.sub("", buffer)
            # a heading of the prompt's kind (【法律】, 【问题】) starts a section of the model's own: the conclusion
            # ends before it (what stands before it is checked as usual)
            section = _SECTION.search(buffer)
            ended = section is not None
            if section is not None:
                buffer = buffer[: section.start()]
            while (m := _SENTENCE_END.search(buffer)) is not None:
                sentence, buffer = buffer[: m.end()], buffer[m.end() :]
                yield from check(sentence)
            if ended:
                break
        yield from check(_PARTIAL_HEADING.sub("", buffer))
