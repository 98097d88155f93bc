"""Extractive answers: the sentences of the retrieved provisions that answer a question, chosen deterministically.

Each provision is split into units — the sentences of each 款 and each 项 — and every unit is scored against the
question (parsed once: :class:`assistant.question.LegalQuestion`): the share of the question's content (character
bigrams, weighted by how rare they are among the units) that the unit repeats, plus a bonus where the unit has what
the question type asks for (多少/上限 → an amount, 期限/几日/多久 → a time limit, 谁/哪个部门 → a competent
authority, 哪些/什么情形 → a list). The best units are quoted with 《law》第X条第Y款（第Z项）. Whether the corpus
answers at all is decided by two signals (``Selection.answered``): ``coverage`` — the best article's plain overlap
with the question — and ``similarity`` — the searcher's cosine of the question and the best retrieved article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.question import LegalQuestion, bigrams, question_kinds
from knowledge.retrieval.docs import article_questions
from knowledge.retrieval.query import synonyms
from knowledge.statutes.model import Article
from knowledge.statutes.numerals import int_to_cn, item_label
from knowledge.statutes.store import StatuteStore

# Below COVERAGE_MIN of the question's content (idf-weighted bigrams, the article's heading and everyday words
# included) that one retrieved article repeats, the corpus is taken not to answer. Between it and COVERAGE_SURE the
# quotes are given with a notice that they may not answer the question. On legal_qa_dev the lowest answerable
# question scores 0.29; off-topic probes (公租房, 离婚, 医保, 个税, 驾照, 高考) 0–0.15. COVERAGE_SURE (0.2) was set
# from those; COVERAGE_MIN was lowered to 0.1 after the held-out set in other voices showed answerable questions at
# 0.1–0.2 (refusing what the corpus answers costs more than quoting a weakly related provision with a warning).
COVERAGE_MIN = 0.1
COVERAGE_SURE = 0.2
# The second signal: the cosine of the question and the best retrieved article (the searcher's dense score). An
# everyday-voice question shares meaning, not words, with the statute (店招掉了几个字 vs 牌匾和标识…无残缺: coverage 0,
# cosine 0.90). Tuned on legal_qa_dev + legal_qa_unseen (answerable: cosine 0.875–0.95) and 16 off-topic probes of
# our own (公租房, 个税, 退休, 护照…: 0.85–0.89): below COVERAGE_MIN the corpus answers only when the cosine reaches
# SIMILARITY_SURE; below COVERAGE_SURE only when it reaches SIMILARITY_FLOOR.
SIMILARITY_SURE = 0.89
SIMILARITY_FLOOR = 0.87
MAX_UNITS = 7  # sentences quoted at most
MAX_PROVISIONS = 3  # articles quoted from at most
MAX_CANDIDATES = 5  # retrieved articles read
MAX_PER_ARTICLE = 3  # sentences (besides a list's items) quoted from one article
RANK_PENALTY = 0.0  # score lost per retrieval rank
ORDER = "retrieval"  # quoted articles in retrieval order, the best first ("score": by their best sentence; on
# legal_qa_dev 22/27 first-shown against 21/27, but it puts 第六十八条 before 第五十一条 for the 当场罚款上限 question)
RELATIVE = 0.6  # a unit is quoted when it scores at least this share of the best one
# Which retrieved article is quoted first: retrieval's first, or among the first CHALLENGERS the one whose best
# sentence scores more than CHALLENGE_MARGIN above the first's. Over the six legal sets (215 answerable questions,
# all read) the expected article is first 137 times against 126 with retrieval's first alone (dev 23 → 22; 0.2:
# 132, 0.45: 132; 2 challengers 136, 5: 135).
CHALLENGERS = 3
CHALLENGE_MARGIN = 0.3
# An article whose everyday questions (knowledge/data/article_questions) say what the question says: retrieval found
# it through them, and its own sentences, in the statute's words, share few of the question's (一个人执法可以吗 vs
# 执法人员不得少于两人). Its standing among the retrieved articles is the better of its best sentence and ASKED_WEIGHT
# of its best everyday question's overlap; which of its sentences are quoted is still decided by their own scores.
# Over the fifteen read legal sets (549 answerable questions, deterministic path) the expected article is first 370
# times against 366 without it (0.5 and 0.65 the same; 0.8: 367, 1.0: 365, 1.2: 354), refusals unchanged.
ASKED_WEIGHT = 0.6

_STRIP = re.compile(r"[\s，。、；：！？?!,.;:（）()“”‘’《》【】\[\]—\-…·]+")
_AMOUNT = re.compile(r"[零〇一二两三四五六七八九十百千万\d]+万?元|倍|百分之")
# a span of time (十五日, 三个工作日, 六个月): a time limit's figure
_SPAN = r"[零〇一二两三四五六七八九十百\d]+(?:个工作日|工作日|日|天|个月|年|小时)"
_TIME = re.compile(rf"{_SPAN}|夜间|期间|之日起")
_WHO = re.compile(r"部门|机关|人民政府|主管|负责人|管辖|法院")
# the act a time limit is asked for: what follows 多久/多少天(之内)(可以/要…) up to the clause's end (不服罚款决定，多长时间内
# 可以申请复议 → 申请复议); an article whose limit governs that act (六十日内提出行政复议申请) answers it better than one
# whose limit governs another's (复议机关…六十日内作出行政复议决定): legal_qa's _act_limit_first
_ASKED_ACT = re.compile(
    r"(?:多久|多长时间|多少天|几天|几日|多少日|多少个工作日|几个工作日|几个月|多少年|几年)"
    r"(?:之内|以内|内)?(?:就|才|还|都)?(?:不能|不可以|不让|可以|能够|能|要|必须|应当|应该|得|该|需要)?"
    r"([^，。？?！!；;、]{2,10})"
)
_ACT_FILLER = re.compile(r"[了吗呢吧啊呀嘛]|的话|时候|以后|之后|算数|时间|期限|时效")
_MODAL_FIRST = re.compile(
    r"^[的内]*(?:之内|以内)?(?:就|才|还|都)?(?:不能|不可以|可以|能够|能|要|必须|应当|应该|得|该|需要)?"
)
# one act in other words: a reply (答复, 回话 — 作出处理，并回复投诉人 answers 多久给我答复)
_REPLY = re.compile(r"答复|回话|答话")
_TO_WHOM = re.compile(r"^给[^，,]{0,5}?(回复|答复|回话|答话|结果|说法|处理)")
# a bare verb asked (陈述申辩要在多少天内提出): the thing it is done to is told before the time word
_BARE_VERB = re.compile(r"(?:提出|提起|提|交|申请|办)$")
_BEFORE_TIME = re.compile(r"(?:要在|需要在|应当在|必须在|得在|在|要|得|应当|应该|必须|需要|可以|能)$")
# a limit whose act is told before it (直接向人民法院提起诉讼的，应当自…之日起六个月内提出)
_BARE_AFTER = re.compile(r"提出|提起|作出|办理|申请")
_LIMIT = re.compile(rf"{_SPAN}(?:内|以内|之内)")
_OBJECT_FIRST = re.compile(r"[，,](?:将|把)")
ACT_SHARE = 0.5  # of the asked act's bigrams the words after a limit repeat, for the limit to govern it
_LEAD = re.compile(r"下列|之一|如下|以下程序|以下事项|[：:]$")


@dataclass(frozen=True)
class Unit:
    """One sentence or item of a provision."""

    provision: int  # index of the provision in retrieval order
    article_id: str
    law: str
    article_label: str
    paragraph: int  # 1-based 款
    paragraphs: int  # how many 款 the article has
    item: int  # 0 = the 款's own sentence, else the 项 number
    order: int  # position within the article
    text: str

    @property
    def label(self) -> str:
        """第X条, 第X条第N款, 第X条第（N）项 or 第X条第N款第（N）项 — as citations are written."""
        out = self.article_label
        if self.paragraphs > 1:
            out += f"第{int_to_cn(self.paragraph)}款"
        if self.item:
            out += f"第{item_label(self.item)}项"
        return out

    @property
    def is_lead(self) -> bool:
        return not self.item and bool(_LEAD.search(self.text))


@dataclass
class Selection:
    question: str
    coverage: float
    units: list[Unit] = field(default_factory=list)
    scores: dict[int, float] = field(default_factory=dict)
    similarity: float | None = (
        None  # cosine of the question and the best retrieved article (None: not measured)
    )

    @property
    def answered(self) -> bool:
        """Does a retrieved provision support an answer: lexical coverage, or closeness of meaning."""
        if not self.units:
            return False
        sim = self.similarity
        if sim is None:
            return self.coverage >= COVERAGE_MIN
        return (self.coverage >= COVERAGE_MIN or sim >= SIMILARITY_SURE) and (
            self.coverage >= COVERAGE_SURE or sim >= SIMILARITY_FLOOR
        )

    @property
    def weak(self) -> bool:
        """Answered, but the quotes may not be what the question asks about."""
        return self.answered and self.coverage < COVERAGE_SURE

    def by_article(self) -> list[tuple[str, list[Unit]]]:
        """Selected units grouped per article, in the order chosen, units in the article's order."""
        groups: dict[str, list[Unit]] = {}
        for u in self.units:
            groups.setdefault(u.article_id, []).append(u)
        return list(groups.items())


def _sentences(text: str) -> list[str]:
    parts = re.findall(r"[^。]+。?", text.strip())
    return [p.strip() for p in parts if p.strip()]


def split_article(article: Article, law: str, provision: int = 0) -> list[Unit]:
    """The article's units: each sentence of each 款, then each 项 of that 款."""
    units: list[Unit] = []
    n = len(article.paragraphs)
    order = 0
    for para in article.paragraphs:
        for sent in _sentences(para.text):
            units.append(Unit(provision, article.id, law, article.label, para.number, n, 0, order, sent))
            order += 1
        for it in para.items:
            units.append(
                Unit(provision, article.id, law, article.label, para.number, n, it.number, order, it.text)
            )
            order += 1
    return units


# the statute's words → the everyday words a question uses for them (besides knowledge's query synonyms)
EVERYDAY: dict[str, tuple[str, ...]] = {
    "法人或者其他组织": ("单位",),
    "其他组织": ("单位",),
    "公民": ("个人",),
    "罚款": ("罚",),
    "缴纳": ("交",),
    "行政机关": ("城管", "执法部门"),
    "执法人员": ("队员", "城管"),
}


@lru_cache(maxsize=1)
def _everyday() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(statute word, everyday words): EVERYDAY plus knowledge's query synonyms read backwards."""
    table: dict[str, set[str]] = {k: set(v) for k, v in EVERYDAY.items()}
    for everyday, statute_words in synonyms().items():
        for w in statute_words:
            if len(w) >= 2:
                table.setdefault(w, set()).add(everyday)
    return tuple((k, tuple(sorted(v))) for k, v in table.items())


def augmented(text: str, heading: str = "") -> str:
    """``text`` with its heading (章/节) and the everyday words for the statute words it uses."""
    extra = [w for statute, words in _everyday() if statute in text for w in words]
    return " ".join([text, heading, *extra])


def _unit_grams(text: str) -> set[str]:
    t = _STRIP.sub("", text)
    return {t[i : i + 2] for i in range(len(t) - 1)} | set(t)


def asked_act(question: str) -> set[str]:
    """The bigrams of the act whose time limit ``question`` asks (empty where none is said after the time word): the
    last time word's (过了几天才收到决定书，多久内可以申请复议 asks the second), with a bare verb's object told before it
    (陈述申辩要在多少天内提出)."""
    found = list(_ASKED_ACT.finditer(question))
    if not found:
        return set()
    m = found[-1]
    act = _MODAL_FIRST.sub("", _ACT_FILLER.sub("", m.group(1)))
    # to whom is no part of the act (给举报人回复 asks the reply's limit: 十五个工作日内予以回复)
    act = _REPLY.sub("回复", _TO_WHOM.sub(r"\1", act))
    if _BARE_VERB.fullmatch(act):
        before = re.split(r"[，,。？?！!；;]", question[: m.start()])[-1]
        act = _BEFORE_TIME.sub("", before)[-8:] + act
    if len(act) < 2:
        return set()
    return {act[i : i + 2] for i in range(len(act) - 1)}


def states_limit(text: str) -> bool:
    """``text`` states a time within which something is done (十五日内, 三个工作日内)."""
    return _LIMIT.search(text) is not None


def limits_act(text: str, act: set[str]) -> bool:
    """A time limit of ``text`` governs ``act``: the words right after it (to the sentence's end, a comma
    included: 十五日内，向…上一级机关申请复议) repeat at least ``ACT_SHARE`` of the act's bigrams."""
    for m in _LIMIT.finditer(text):
        span = re.split(r"[。；;]", text[m.end() : m.end() + 24])[0]
        if _OBJECT_FIRST.match(span):
            continue  # 七日内，将行政复议申请书副本…发送: what it names is the object sent, not the act limited
        after = _REPLY.sub("回复", _STRIP.sub("", span))
        if _BARE_AFTER.fullmatch(after):
            # 六个月内提出。: the act is told before the limit, in its sentence (直接向人民法院提起诉讼的，…)
            after = _STRIP.sub("", re.split(r"[。；;]", text[: m.start()])[-1]) + after
        grams = {after[i : i + 2] for i in range(len(after) - 1)}
        if len(act & grams) >= ACT_SHARE * len(act):
            return True
    return False


def _bonus(unit: Unit, kinds: frozenset[str], lead_of_items: bool) -> float:
    b = 0.0
    if "amount" in kinds and _AMOUNT.search(unit.text):
        b += 0.15
    if "time" in kinds and _TIME.search(unit.text):
        b += 0.15
    if "who" in kinds and _WHO.search(unit.text):
        b += 0.1
    if "list" in kinds and (unit.item or lead_of_items):
        b += 0.05
    return b


def _features(question: str | LegalQuestion) -> tuple[str, Counter[str], Counter[str], frozenset[str]]:
    """(text, content bigrams, the bigrams sentences are scored on, kinds): from the parsed question, or from a
    plain string."""
    if isinstance(question, LegalQuestion):
        return question.text, question.covered, question.scored, question.kinds
    grams = Counter(bigrams(question))
    return question, grams, grams, question_kinds(question)


def select(
    question: str | LegalQuestion,
    articles: Sequence[tuple[Article, str]],
    *,
    max_units: int = MAX_UNITS,
    rank_penalty: float = RANK_PENALTY,
    order: str = ORDER,
    corpus: tuple[int, Counter[str]] | None = None,
    similarity: float | None = None,
    asked: dict[str, Sequence[str]] | None = None,
    challenge: bool = True,
) -> Selection:
    """Choose the sentences of ``articles`` (retrieval order; (article, law title)) that answer ``question``.

    The best retrieved article is always quoted (retrieval's relevance), with its best sentences; another
    article is quoted when its best sentence (or its everyday question, ``asked``: article id → questions) scores
    at least ``RELATIVE`` of the best one. ``challenge``: False keeps the first article in the lead whatever
    its neighbours score (a caller that chose it on other grounds)."""
    text, whole, grams, kinds = _features(question)
    units: list[Unit] = []
    for i, (article, law) in enumerate(articles[:MAX_CANDIDATES]):
        units.extend(split_article(article, law, i))
    if not units:
        return Selection(text, 0.0, similarity=similarity)
    unit_grams = [_unit_grams(augmented(u.text)) for u in units]
    df: Counter[str] = Counter()
    for ug in unit_grams:
        df.update(g for g in grams if g in ug)
    n = len(units)
    weight = {g: math.log(1 + (n + 1) / (df[g] + 0.5)) * (0.5 if len(g) == 1 else 1.0) for g in grams}
    total = sum(weight.values()) or 1.0
    has_items = {(u.article_id, u.paragraph) for u in units if u.item}
    overlap: dict[int, float] = {}
    scores: dict[int, float] = {}
    for idx, (u, ug) in enumerate(zip(units, unit_grams, strict=True)):
        ov = sum(w for g, w in weight.items() if g in ug) / total
        lead = u.is_lead and (u.article_id, u.paragraph) in has_items
        overlap[idx] = ov
        scores[idx] = (ov + _bonus(u, kinds, lead)) * (1.0 - rank_penalty * u.provision)
    coverage = article_coverage(whole, [a for a, _ in articles[:MAX_CANDIDATES]], corpus)
    per_article: dict[str, list[int]] = {}
    for idx, u in enumerate(units):
        per_article.setdefault(u.article_id, []).append(idx)
    sentence_best = {a: max(scores[i] for i in idxs) for a, idxs in per_article.items()}
    best_of = dict(sentence_best)
    for a in best_of:
        for q in (asked or {}).get(a, ()):
            q_grams = _unit_grams(q)
            q_score = ASKED_WEIGHT * sum(w for g, w in weight.items() if g in q_grams) / total
            best_of[a] = max(best_of[a], q_score)
    best = max(best_of.values())
    # retrieval's first article leads, unless one of the next retrieved has a sentence that answers the question
    # clearly better (its best sentence scores over CHALLENGE_MARGIN more): retrieval ranks whole articles, and a
    # neighbouring article of the right law (扣押 第二十七条 vs 第二十八条 退还) often comes first
    top = units[0].article_id
    challenger = max(list(per_article)[:CHALLENGERS], key=lambda a: best_of[a])  # in retrieval order
    if challenge and best_of[challenger] > best_of[top] * (1 + CHALLENGE_MARGIN):
        top = challenger
    ranked = sorted(best_of, key=lambda a: -best_of[a])
    keep = [a for a in ranked if a != top and best_of[a] >= RELATIVE * best and best_of[a] > 0]
    chosen_articles = (
        [top, *keep] if order == "retrieval" else sorted({top, *keep}, key=lambda a: -best_of[a])
    )
    chosen_articles = chosen_articles[:MAX_PROVISIONS]
    picked: set[Unit] = set()
    for a in chosen_articles:
        idxs = per_article[a]
        a_best = sentence_best[a]
        good = sorted((i for i in idxs if scores[i] >= RELATIVE * a_best), key=lambda i: -scores[i])
        picked |= {units[i] for i in good[:MAX_PER_ARTICLE]}
    # an item needs the sentence that introduces it; a list question takes the whole list
    for u in list(picked):
        if u.item:
            picked |= {
                v for v in units if v.article_id == u.article_id and v.paragraph == u.paragraph and v.is_lead
            }
    for u in list(picked):
        if u.is_lead and (u.article_id, u.paragraph) in has_items:
            members = [
                v for v in units if v.article_id == u.article_id and v.paragraph == u.paragraph and v.item
            ]
            if "list" in kinds or not any(v in picked for v in members):
                picked |= set(members[:10])
    rank = {a: i for i, a in enumerate(chosen_articles)}
    return Selection(
        text,
        coverage,
        sorted(picked, key=lambda u: (rank[u.article_id], u.order)),
        {i: round(s, 4) for i, s in scores.items()},
        similarity,
    )


_DF_CACHE: dict[int, tuple[int, Counter[str]]] = {}


def corpus_df(articles: Sequence[Article]) -> tuple[int, Counter[str]]:
    """Document frequency of every bigram over ``articles`` (the whole statute store), computed once."""
    key = id(articles) if not isinstance(articles, list) else len(articles)
    cached = _DF_CACHE.get(key)
    if cached is not None:
        return cached
    df: Counter[str] = Counter()
    for a in articles:
        t = _STRIP.sub("", a.text)
        df.update({t[i : i + 2] for i in range(len(t) - 1)})
    _DF_CACHE[key] = (len(articles), df)
    return _DF_CACHE[key]


def article_coverage(
    question_grams: Counter[str], articles: Sequence[Article], corpus: tuple[int, Counter[str]] | None
) -> float:
    """The largest idf-weighted share of the question's content bigrams that one article repeats. A bigram the
    corpus never uses weighs most: a question about what the corpus does not cover has its key words there."""
    grams = {g for g in question_grams if len(g) == 2}
    if not grams:
        return 0.0
    n, df = corpus or (len(articles), Counter())
    weight = {g: math.log(1 + (n + 1) / (df.get(g, 0) + 0.5)) for g in grams}
    total = sum(weight.values())
    best = 0.0
    for a in articles:
        ag = _unit_grams(augmented(a.text, f"{a.chapter} {a.section}"))
        best = max(best, sum(w for g, w in weight.items() if g in ag) / total)
    return best


def select_from_store(
    question: str | LegalQuestion,
    ids: Sequence[str],
    store: StatuteStore,
    *,
    similarity: float | None = None,
    challenge: bool = True,
) -> Selection:
    """:func:`select` over articles given by id (``law:51``) from ``store``; ``similarity``: the retrieval's
    cosine of the question and the best of these articles, where the searcher measured it; ``challenge``: as for
    :func:`select`."""
    articles: list[tuple[Article, str]] = []
    asked: dict[str, Sequence[str]] = {}
    everyday = _article_questions()
    for ident in ids:
        article = store.article(ident)
        law = store.law(ident.split(":")[0])
        if article is not None and law is not None:
            articles.append((article, law.title))
            if questions := everyday.get(law.title, {}).get(article.label):
                asked[article.id] = questions
    return select(
        question,
        articles,
        corpus=corpus_df(store_articles(store)),
        similarity=similarity,
        asked=asked,
        challenge=challenge,
    )


@lru_cache(maxsize=1)
def _article_questions() -> dict[str, dict[str, list[str]]]:
    """The bundled laws' everyday questions per article (law title → article label → questions), read once."""
    return article_questions()


_DATE_OR_FIGURE = re.compile(
    r"[0-9０-９零〇一二两三四五六七八九十百千万]|去年|今年|前年|明年|昨|今天|前天|上个|下个"
)


_FUNCTION_WORD = re.compile(
    r"(?:这|那|哪)(?:样|个|种|么|些|里|边|回|次)|咋(?:个|样|办|么)|怎(?:么|样)(?:样|办)?|啥子?|什么样?|为啥|"
    r"是不是|能不能|可不可以|行不行|对不对|算不算|要不要|有没有|会不会"
)


def absent_terms(question: LegalQuestion, store: StatuteStore) -> list[str]:
    """The question's words the corpus never uses (a bigram of each is in no article): what it lacks."""
    _, df = corpus_df(store_articles(store))
    everyday = {w for _, words in _everyday() for w in words}  # the corpus says these in its own words
    absent = [
        w
        for w in dict.fromkeys(question.query.words)
        if len(w) >= 2
        and w not in everyday
        and re.search(r"[\u4e00-\u9fff]", w)
        and not _DATE_OR_FIGURE.search(w)  # 十月, 去年: a refusal that repeats them would state a figure
        and not _FUNCTION_WORD.fullmatch(w)  # 这样, 咋个: no subject the corpus could lack
        and any(df.get(w[i : i + 2], 0) == 0 for i in range(len(w) - 1))
    ]
    return [w for w in absent if not any(w != o and w in o for o in absent)][:4]


_ARTICLES: dict[int, list[Article]] = {}


def store_articles(store: StatuteStore) -> list[Article]:
    """Every article of ``store`` (cached per store object and size)."""
    key = id(store)
    cached = _ARTICLES.get(key)
    if cached is None or len(cached) != sum(len(law.articles) for law in store.laws.values()):
        cached = list(store.articles())
        _ARTICLES[key] = cached
    return cached
