"""Hybrid retrieval over statutes, catalogue offences and past cases.

>>> report = build(settings)                 # incremental; instant when nothing changed
>>> searcher = KnowledgeBase(settings, embedder=...).searcher   # the process's, held by its knowledge base
>>> searcher.search("占道经营怎么处罚", k=5).hits[0].ref
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.settings import Settings
from knowledge.embedding import Embedder, build_embedder
from knowledge.retrieval.index import BuildReport, Progress, build_index
from knowledge.retrieval.search import Hit, Searcher, SearchResult
from knowledge.statutes.store import StatuteStore, load_store

__all__ = ["BuildReport", "Hit", "SearchResult", "Searcher", "build"]


def build(
    settings: Settings,
    *,
    store: StatuteStore | None = None,
    embedder: Embedder | None = None,
    cases: Iterable[Any] | None = None,
    offences: Iterable[Any] | None = None,
    progress: Progress | None = None,
    use_artifact: bool = True,
) -> BuildReport:
    """Bring the persisted index up to date with the corpus, the bureau's additions, the catalogue and ``cases``
    (a doc new to the index takes its vector from the bundled artifact when it holds it, unless ``use_artifact``
    is false). ``store``: the caller's knowledge base's, else the corpus and additions read now. A process
    serving searches reads the new index with its knowledge base's ``reload()``."""
    report = build_index(
        settings,
        store if store is not None else load_store(settings.kb_user_dir),
        embedder or build_embedder(settings),
        offences=offences,
        cases=cases,
        progress=progress,
        use_artifact=use_artifact,
    )
    return report
