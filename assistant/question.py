"""A legal question, parsed once: what retrieval, the refusal check and sentence selection each read from it.

Before, one legal question was parsed three times — the refusal check found its law names and citations, the
searcher analysed it again (the same law names and citations, plus tokens), and sentence selection cut it into
bigrams. Now :func:`parse_question` does it once and :class:`LegalQuestion` is handed to each step:

* ``query`` — retrieval's analysis (:func:`knowledge.retrieval.query.analyse`): the cleaned text, keyword tokens,
  the laws and articles it names, the laws the corpus lacks and the citations that do not resolve;
* ``grams`` — its content bigrams (question words and fillers removed), which sentence selection scores;
* ``kinds`` — what kind of answer it asks for (an amount, a time limit, a competent authority, a list).

Deterministic, no model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.retrieval.query import HOW_OFTEN, NOT_REVIEWED, Query, without_effective_date

_STRIP = re.compile(r"[\s，。、；：！？?!,.;:（）()“”‘’《》【】\[\]—\-…·@#]+")
# question words and fillers: they say what kind of answer is wanted, not what it is about
_FILLER = (
    "多少钱", "多少天", "多少", "多久", "多长时间", "多长", "几天", "几日", "几名", "几种", "几个", "哪几", "好久", "好多",
    "什么", "啥子", "怎么办", "怎么", "如何", "能不能", "可不可以", "能否", "是否", "可否", "可以", "哪些", "哪个",
    "哪里", "谁来", "规定", "依据", "吗", "嘛", "呢", "吧", "要", "的", "了", "是", "我们", "他", "她", "它", "请问",
    "一下", "还", "就", "都", "有", "和", "或", "在", "对", "把", "被", "这", "那",
)  # fmt: skip
_AMOUNT_Q = re.compile(
    r"多少钱|罚多少|罚好多|上限|下限|幅度|金额|数额|标准|罚款是多少|罚多|多少.{0,4}罚|怎么罚|罚款"
)
# how often (多久来查一次) asks a frequency, not a time limit
_TIME_Q = re.compile(
    rf"期限|几天|几日|多久(?!{HOW_OFTEN})|多长时间|多少天|好久(?!{HOW_OFTEN})|几点|多少日|时间|时效|几年|多少年|提前"
)
_WHO_Q = re.compile(r"谁|哪个部门|哪些部门|什么部门|哪个机关|哪里的|归哪|管辖|负责人|批准")
_LIST_Q = re.compile(r"哪些|哪几|什么情形|什么情况|几种|哪种|什么东西|写哪|啥子情况|条件|程序|内容")


# the law's words for a party that begin with a filler (被告 is no passive 被 before 告; 被告知 is one)
_KEPT = re.compile(r"被告(?!知)|被申请人|被处罚人|被执行人|被举报人|被投诉人|被征收人|被害人")


def content(text: str) -> str:
    """The question without its question words and fillers."""
    out = _STRIP.sub(" ", text)
    kept: list[str] = []

    def hold(m: re.Match[str]) -> str:
        kept.append(m.group(0))
        return f"\x00{len(kept) - 1}\x00"

    out = _KEPT.sub(hold, out)
    for w in _FILLER:
        out = out.replace(w, " ")
    for i, w in enumerate(kept):
        out = out.replace(f"\x00{i}\x00", w)
    return out


def bigrams(text: str) -> list[str]:
    """The content's character bigrams (a one-character chunk stands for itself)."""
    grams: list[str] = []
    for chunk in content(text).split():
        if len(chunk) == 1:
            grams.append(chunk)
        grams.extend(chunk[i : i + 2] for i in range(len(chunk) - 1))
    return grams


def question_kinds(question: str) -> frozenset[str]:
    """What the question asks for: ``amount``, ``time``, ``who``, ``list`` (none, one or several)."""
    kinds = set()
    if _AMOUNT_Q.search(question):
        kinds.add("amount")
    if _TIME_Q.search(question):
        kinds.add("time")
    if _WHO_Q.search(question):
        kinds.add("who")
    if _LIST_Q.search(question):
        kinds.add("list")
    return frozenset(kinds)


@dataclass(frozen=True)
class LegalQuestion:
    raw: str  # as the skill received it (personal data already masked)
    query: Query  # retrieval's analysis: cleaned text, tokens, laws/articles named, unknown laws, unresolved
    grams: Counter[str]  # content bigrams of the cleaned text: how much of it an article covers
    kinds: frozenset[str]
    # the same without the names of the laws it names (行政强制法: 政强, 强制): what sentence selection scores —
    # a law's name says where to look, not what is asked of it
    scored: Counter[str]

    @property
    def covered(self) -> Counter[str]:
        """What an article must cover of the question: its words without the laws' names (行政强制法对网约车有什么
        规定 is not covered by any article of 行政强制法) — the whole question where an article is named or nothing
        else is asked (行政处罚法第三十三条是什么意思, 城乡规划法讲了啥)."""
        if self.query.articles or not any(len(g) == 2 for g in self.scored):
            return self.grams
        return self.scored

    @property
    def text(self) -> str:
        """The cleaned text (NFKC, simplified script): what every step reads."""
        return self.query.text


# A label before the question (（语音）, 【对讲】, （直播）, （退休法官提问）) says how it came, not what it asks: its words
# would count as words the corpus must cover
_LABEL = re.compile(
    r"^\s*[（(【\[](?![^）)】\]]*(?:法|条例|办法|规定|细则)[）)】\]])[\u4e00-\u9fff]{1,8}[）)】\]]\s*"
)  # not a law's name in brackets (（行政处罚法）第三十条)


def parse_question(raw: str, analyse: Callable[[str], Query]) -> LegalQuestion:
    """Parse once; ``analyse`` is retrieval's (the searcher's :meth:`~knowledge.retrieval.search.Searcher.analyse`,
    over the same statute store the answer quotes)."""
    query = analyse(_LABEL.sub("", raw, count=1) or raw)
    # the day a named law took effect (2026年2月起施行的《…》) says which law; its words would pick the 施行 article
    text = without_effective_date(query.text)
    # a review not taken (不复议、直接向法院起诉): its words say what is not asked — scored, they pick the article on
    # suing after a review (行政诉讼法第四十五条) over the one on suing directly
    asked = NOT_REVIEWED.sub(" ", text)
    for name in sorted(query.law_names, key=len, reverse=True):
        asked = asked.replace(name, " ")
    return LegalQuestion(
        raw, query, Counter(bigrams(text)), question_kinds(query.text), Counter(bigrams(asked))
    )
