"""Hybrid retrieval over statutes, catalogue offences and past cases.

>>> report = build(settings)                 # incremental; instant when nothing changed
>>> searcher = get_searcher(settings)         # warm, built once per process
>>> searcher.search("占道经营怎么处罚", k=5).hits[0].ref
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from core.settings import Settings
from knowledge.embedding import Embedder, build_embedder
from knowledge.retrieval.index import BuildReport, Progress, build_index, load_stored
from knowledge.retrieval.search import Hit, Searcher, SearchResult
from knowledge.statutes.store import get_store

__all__ = ["BuildReport", "Hit", "SearchResult", "Searcher", "build", "get_searcher", "reset_searcher"]

_lock = threading.Lock()
_searchers: dict[str, Searcher] = {}


def build(
    settings: Settings,
    *,
    embedder: Embedder | None = None,
    cases: Iterable[Any] | None = None,
    offences: Iterable[Any] | None = None,
    progress: Progress | None = None,
    use_artifact: bool = True,
) -> BuildReport:
    """Bring the persisted index up to date with the corpus, the bureau's additions, the catalogue and ``cases``
    (a doc new to the index takes its vector from the bundled artifact when it holds it, unless ``use_artifact``
    is false)."""
    store = get_store(settings.kb_user_dir)
    report = build_index(
        settings,
        store,
        embedder or build_embedder(settings),
        offences=offences,
        cases=cases,
        progress=progress,
        use_artifact=use_artifact,
    )
    if not report.unchanged:
        reset_searcher()
    return report


def get_searcher(settings: Settings, *, embedder: Embedder | None = None) -> Searcher:
    """The warm searcher for these settings (raises NotFound with code ``kb_index_missing`` before a build).
    ``embedder``: the process's (its knowledge base passes it); a caller that has none gets one built here."""
    key = str(settings.index_dir)
    with _lock:
        searcher = _searchers.get(key)
        if searcher is None:
            stored = load_stored(settings)
            store = get_store(settings.kb_user_dir)
            searcher = _searchers[key] = Searcher(stored, store, embedder or build_embedder(settings))
        return searcher


def reset_searcher() -> None:
    with _lock:
        _searchers.clear()
