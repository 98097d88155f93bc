"""The assistant's view of retrieval: provisions (article id, law, label, full text) for a question."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.legal_qa import Provision, Retriever
from core.settings import Settings
from knowledge.retrieval import get_searcher
from knowledge.statutes.store import get_store


def make_retriever(settings: Settings) -> Retriever:
    """A function ``(question, k) -> provisions`` over the warm hybrid index (articles only)."""

    def retrieve(question: str, k: int) -> Sequence[Provision]:
        searcher = get_searcher(settings)
        store = get_store(settings.kb_user_dir)
        out: list[Provision] = []
        for hit in searcher.search(question, k=k, kinds=["article"]).hits:
            article = store.article(hit.ref)
            law = store.law(hit.law_id) if hit.law_id else None
            if article is None or law is None:
                continue
            out.append(Provision(article.id, law.title, article.label, article.text))
        return out

    return retrieve
