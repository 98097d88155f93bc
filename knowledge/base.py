"""The bureau's knowledge base: one statute store, the searcher over it and the citation checks bound to it.

Every reader of the law — retrieval, the assistant's refusal of a question naming an unknown law, the grounding
of an answer's citations, the offence matcher — must see the same corpus: the bundled laws *plus* the
regulations the bureau added with ``zhifa kb add``. :class:`KnowledgeBase` is that one view for a settings'
``kb_user_dir`` and index, its searcher and matcher built with the embedder it is given (the process's one, from
its components container). After an addition, :meth:`KnowledgeBase.reload` reads the additions and the index
again (the CLI's ``kb add`` does it in its own process; the server on ``POST /api/kb/reload`` or ``SIGHUP``).

>>> kb = KnowledgeBase(settings, embedder=components.embedder)
>>> kb.store.find_law("本局裁量基准")           # an added regulation is known to every check
>>> kb.verify("依据《…》第三条").ok
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from core.errors import ConfigError
from core.settings import Settings
from knowledge.catalogue.matcher import OffenceMatcher, build_matcher
from knowledge.citations import VerifyReport, verify_text
from knowledge.embedding import Embedder
from knowledge.retrieval import Searcher
from knowledge.retrieval.index import load_stored
from knowledge.statutes.store import StatuteStore, load_store

log = logging.getLogger(__name__)


class KnowledgeBase:
    """The statute store (bundled + the bureau's additions), its searcher, the offence matcher and the citation
    verifier, for one settings — held here, one of each per knowledge base. ``embedder`` gives the process's
    embedder (asked for when the searcher or the matcher is first built); without one the knowledge base serves
    the store, the citation checks and keyword-only offence matching. Thread-safe; each part is built on first
    use, and the store and the searcher again after :meth:`reload`."""

    def __init__(self, settings: Settings, *, embedder: Callable[[], Embedder] | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        # one lock per part: a question reading the store does not wait for the searcher's first load
        self._store_lock, self._searcher_lock, self._matcher_lock = (threading.Lock() for _ in range(3))
        self._store: StatuteStore | None = None
        self._searcher: Searcher | None = None
        self._matcher: OffenceMatcher | None = None
        self.generation = 0  # bumped by every reload

    def _require_embedder(self) -> Embedder:
        if self._embedder is None:
            raise ConfigError(
                "此知识库未配置向量模型，不能检索：请通过组件容器（channels.components）取得知识库。"
                " / this KnowledgeBase was built without an embedder: get it from the components container."
            )
        return self._embedder()

    @property
    def embedder(self) -> Embedder | None:
        """The process's embedder, or None when this knowledge base has none or it cannot be loaded."""
        try:
            return self._require_embedder()
        except Exception as exc:  # no model: keyword matching still works
            log.warning("向量模型不可用: %s", exc)
            return None

    @property
    def store(self) -> StatuteStore:
        """Every law the bureau can cite: the bundled corpus and its own additions."""
        with self._store_lock:
            if self._store is None:
                self._store = load_store(self.settings.kb_user_dir)
            return self._store

    @property
    def searcher(self) -> Searcher:
        """The hybrid searcher over the index, bound to :attr:`store` (raises ``kb_index_missing`` before a
        build)."""
        with self._searcher_lock:  # then the store's (always in this order)
            if self._searcher is None:
                self._searcher = self._load_searcher(self.store)
            return self._searcher

    @property
    def matcher(self) -> OffenceMatcher:
        """The offence matcher; keywords and cues only (said in the log) when the embedder cannot be loaded."""
        with self._matcher_lock:
            if self._matcher is None:
                embedder = self.embedder
                if embedder is None:
                    log.warning("违法行为匹配仅用关键词与结构线索（无向量模型）")
                self._matcher = build_matcher(self.settings, embedder, self.store)
            return self._matcher

    def _load_searcher(self, store: StatuteStore) -> Searcher:
        # the index first: before a build this says kb_index_missing, not "no embedder"
        stored = load_stored(self.settings)
        return Searcher(stored, store, self._require_embedder())

    def verify(self, text: str, *, context_law: str | None = None) -> VerifyReport:
        """Every citation in ``text`` resolved and its quoted words checked against :attr:`store`."""
        return verify_text(text, context_law=context_law, store=self.store)

    def warm(self) -> KnowledgeBase:
        """Read the store, the index and the offence catalogue now (the server's start-up)."""
        _ = self.store, self.searcher, self.matcher
        return self

    def reload(self) -> int:
        """Read the bureau's additions and the index again (after ``zhifa kb add`` / ``kb build``, here or in
        another process); returns the new generation. Requests already running finish on what they read; the
        offence catalogue is bundled and does not change. The store and the searcher are read again at once (the
        searcher with this knowledge base's embedder), so the next question sees the additions."""
        # read outside the locks: requests go on with the old ones meanwhile
        store = load_store(self.settings.kb_user_dir)
        searcher: Searcher | None = None
        if self._embedder is not None:
            try:
                searcher = self._load_searcher(store)
            except Exception as exc:  # no index yet: the next search says so (kb_index_missing)
                log.warning("重新读取检索索引失败: %s", exc)
        with self._searcher_lock, self._store_lock:
            self._store, self._searcher = store, searcher
            self.generation += 1
            return self.generation
