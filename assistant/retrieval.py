"""The assistant's view of retrieval: provisions (article id, law, label, full text) for a question.

Two assistant-side choices on top of the hybrid search:

* Context for the model holds only provisions the question itself matched (keyword or dense); background
  provisions the search links in (e.g. the working-day rule) help recall but crowd a small model's context.
* A domain prior: this is a city-management penalty assistant, so laws of other authorities (traffic police,
  public security) and of other procedures (licensing, administrative review, litigation) go after the others
  unless the question speaks of their subject.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.legal_qa import Provision, Retriever
from core.settings import Settings
from knowledge.retrieval import Hit, get_searcher
from knowledge.statutes.store import get_store

_TRAFFIC = ("交通", "机动车", "驾驶", "车辆", "停车", "交警", "行人")
_REVIEW = ("复议",)
# law title → words that make the question about that law's own subject
TOPIC_GATED_LAWS: dict[str, tuple[str, ...]] = {
    "中华人民共和国道路交通安全法": _TRAFFIC,
    "中华人民共和国道路交通安全法实施条例": _TRAFFIC,
    "中华人民共和国治安管理处罚法": ("治安", "公安", "拘留", "妨碍", "阻碍执行", "打架"),
    "中华人民共和国行政许可法": ("许可", "审批", "批准"),
    "中华人民共和国行政复议法": _REVIEW,
    "中华人民共和国行政复议法实施条例": _REVIEW,
    "中华人民共和国行政诉讼法": ("诉讼", "起诉", "法院"),
}
CANDIDATES = 8


def _matched(hit: Hit) -> bool:
    return hit.direct or hit.keyword_rank is not None or hit.dense_rank is not None


def _off_topic(title: str, question: str) -> bool:
    words = TOPIC_GATED_LAWS.get(title)
    return words is not None and not any(w in question for w in words)


def make_retriever(settings: Settings) -> Retriever:
    """A function ``(question, k) -> provisions`` over the warm hybrid index (articles only)."""

    def retrieve(question: str, k: int) -> Sequence[Provision]:
        searcher = get_searcher(settings)
        store = get_store(settings.kb_user_dir)
        found: list[tuple[bool, int, Provision]] = []
        for rank, hit in enumerate(searcher.search(question, k=CANDIDATES, kinds=["article"]).hits):
            article = store.article(hit.ref)
            law = store.law(hit.law_id) if hit.law_id else None
            if article is None or law is None or not _matched(hit):
                continue
            found.append(
                (
                    _off_topic(law.title, question),
                    rank,
                    Provision(article.id, law.title, article.label, article.text),
                )
            )
        found.sort(key=lambda f: (f[0], f[1]))  # stable: on-topic first, search order within
        return [p for _, _, p in found[:k]]

    return retrieve
