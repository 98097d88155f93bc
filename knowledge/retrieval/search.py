"""Hybrid search: BM25 keywords + dense vectors (FAISS inner product), fused by reciprocal rank.

A :class:`Searcher` is built once from the persisted index and kept warm; one query costs a query embedding
(~7-10 ms on 2 cores) plus a few milliseconds of scoring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import faiss
import numpy as np

from core.errors import UserError
from knowledge.embedding import Embedder
from knowledge.keywords import BM25
from knowledge.retrieval.docs import Doc, is_question_doc
from knowledge.retrieval.index import StoredIndex, tokenizer_for
from knowledge.retrieval.query import Query, analyse
from knowledge.retrieval.rerank import Reranker, question_types
from knowledge.statutes.model import LEVELS
from knowledge.statutes.store import StatuteStore

Mode = Literal["fused", "keyword", "dense"]
RRF_K = 60
CANDIDATES = 100
LAW_BOOST = 0.3 / (RRF_K + 1)  # a law named in the query lifts its articles a little (it may be mere context)
TOPIC_BOOST = 0.5 / (RRF_K + 1)  # a query naming a law's subject (申请行政复议) leans towards that law
EXPAND_FROM = 5  # hits whose links are followed
OFFENCE_LINK = 0.95  # a catalogue offence leads to its 违则/罚则/related provisions
CITED_BY_LINK = 0.9  # an article leads to the articles that cite it (its 罚则)
RELATED_LINK = 0.98  # an article leads to the provisions that qualify it (data/related_provisions.yaml)
CONCURRENT_FROM = 5  # fines of two laws among this many best articles make a penalty question 法条竞合
MAX_K = 50


@dataclass
class Hit:
    ref: str
    kind: str
    title: str
    text: str
    score: float
    law_id: str = ""
    keyword_rank: int | None = None
    dense_rank: int | None = None
    direct: bool = False  # the query cited this article itself
    dense_score: float | None = (
        None  # cosine of the query and the best of this ref's docs (None: not in dense top)
    )

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    mode: Mode
    laws_detected: list[str] = field(default_factory=list)
    truncated: bool = False
    dense_used: bool = True
    unknown_laws: list[str] = field(default_factory=list)  # named in the query, not in the knowledge base
    missing_articles: list[str] = field(default_factory=list)  # cited in the query, past the end of the law

    def as_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "mode": self.mode,
            "laws_detected": self.laws_detected,
            "unknown_laws": self.unknown_laws,
            "missing_articles": self.missing_articles,
            "truncated": self.truncated,
            "dense_used": self.dense_used,
            "hits": [h.as_dict() for h in self.hits],
        }


def fuse(*rankings: dict[str, int], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal-rank fusion: each ranking gives 1/(k + rank) to the refs it holds."""
    scores: dict[str, float] = {}
    for ranks in rankings:
        for ref, rank in ranks.items():
            scores[ref] = scores.get(ref, 0.0) + 1.0 / (k + rank)
    return scores


class Searcher:
    def __init__(self, stored: StoredIndex, store: StatuteStore, embedder: Embedder | None) -> None:
        self.docs: list[Doc] = stored.docs
        self.store = store
        self.embedder = (
            embedder if embedder is not None and embedder.name == stored.manifest.get("embedder") else None
        )
        self.tokenizer = tokenizer_for(store)
        self.index = faiss.IndexFlatIP(stored.vectors.shape[1] if stored.vectors.ndim == 2 else 1)
        if len(self.docs):
            self.index.add(np.ascontiguousarray(stored.vectors, dtype=np.float32))
        # docs that only stand for their article in the search (the everyday questions it answers): ranked with
        # the others, they lift their article; ``asked=False`` leaves them out, and then the text is ranked on its
        # own statistics (term rarity, lengths), exactly as an index without questions would rank it
        self._asked = np.array([is_question_doc(d.id) for d in self.docs], dtype=bool)
        self._plain = np.flatnonzero(~self._asked)
        self.bm25 = BM25([d.tokens for d in self.docs])
        self.bm25_plain = BM25([self.docs[i].tokens for i in self._plain]) if self._asked.any() else self.bm25
        self._query_vector: tuple[str, np.ndarray] | None = None  # the last query's (its rankings share it)
        self.reranker = Reranker(store)
        self._first: dict[str, int] = {}  # ref → its first doc (the whole article, before its 款 chunks)
        for i, d in enumerate(self.docs):
            self._first.setdefault(d.ref, i)
        self._law = np.array([d.law_id for d in self.docs], dtype=object)
        self._level = np.array([d.level for d in self.docs], dtype=object)
        self._region = np.array([d.region for d in self.docs], dtype=object)
        self._kind = np.array([d.kind for d in self.docs], dtype=object)
        self._start = np.array([d.effective or "0000-00-00" for d in self.docs], dtype=object)
        self._end = np.array([d.repealed or "9999-99-99" for d in self.docs], dtype=object)

    # filters -------------------------------------------------------------
    def _mask(
        self,
        law: str | None,
        level: str | None,
        region: str | None,
        on: date | None,
    ) -> np.ndarray | None:
        if not any((law, level, region, on)):
            return None
        mask = np.ones(len(self.docs), dtype=bool)
        if law:
            found = self.store.find_law(law)
            if found is None or found.ambiguous:
                raise UserError(
                    f"知识库中没有法规“{law}”，请用 `zhifa kb list` 查看可用法规。", code="unknown_law"
                )
            mask &= self._law == found.law_ids[0]
        if level:
            if level not in LEVELS:
                raise UserError(f"未知的效力层级“{level}”（可选：{'、'.join(LEVELS)}）", code="unknown_level")
            mask &= self._level == level
        if region:
            mask &= self._region == region
        if on:
            iso = on.isoformat()
            mask &= (self._start <= iso) & (self._end > iso)
        # offences and cases belong to no law: they stay candidates, so their links can lead to the articles
        # that pass; they are left out of the results when a law filter is set
        return mask | (self._kind != "article")

    # rankings ------------------------------------------------------------
    def _keyword(self, q: Query, mask: np.ndarray | None, asked: bool = True) -> list[int]:
        if asked or self.bm25_plain is self.bm25:
            scores = self.bm25.scores(q.tokens, q.weights)
        else:
            scores = np.zeros(len(self.docs))
            scores[self._plain] = self.bm25_plain.scores(q.tokens, q.weights)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores)[:CANDIDATES]
        return [int(i) for i in top if scores[i] > 0]

    def _dense(self, q: Query, mask: np.ndarray | None, similarity: dict[str, float]) -> list[int]:
        """Doc indices by cosine with the query; ``similarity`` receives each ref's best cosine."""
        if self.embedder is None or not len(self.docs):
            return []
        cached = self._query_vector  # read once: another thread may swap it (the tuple is replaced whole)
        if cached is None or cached[0] != q.text:
            cached = (q.text, self.embedder.embed_queries([q.text]))
            self._query_vector = cached
        vec = cached[1]
        k = len(self.docs) if mask is not None else min(CANDIDATES * 2, len(self.docs))
        sims, idx = self.index.search(np.ascontiguousarray(vec, dtype=np.float32), k)
        ranked = [(int(i), float(d)) for i, d in zip(idx[0], sims[0], strict=True) if i >= 0]
        if mask is not None:
            ranked = [(i, d) for i, d in ranked if mask[i]]
        for i, d in ranked[:CANDIDATES]:
            ref = self.docs[i].ref
            similarity[ref] = max(similarity.get(ref, -1.0), d)
        return [i for i, _ in ranked[:CANDIDATES]]

    def _by_ref(self, ranked: list[int]) -> dict[str, int]:
        """Best rank (1-based) of each ref; chunks of one article count once."""
        out: dict[str, int] = {}
        for i in ranked:
            ref = self.docs[i].ref
            if ref not in out:
                out[ref] = len(out) + 1
        return out

    def analyse(self, text: str) -> Query:
        """The query as search reads it (cleaned text, tokens, laws and articles named, unknown laws, missing
        articles): a caller that needs these too parses once and hands the result to :meth:`search`."""
        return analyse(text, self.store, self.tokenizer)

    def search(
        self,
        text: str | Query,
        *,
        k: int = 5,
        law: str | None = None,
        level: str | None = None,
        region: str | None = None,
        on: date | None = None,
        kinds: Sequence[str] | None = None,
        mode: Mode = "fused",
        asked: bool = True,
    ) -> SearchResult:
        """``asked=False``: the articles' own text only, without the everyday questions indexed for them."""
        if not 1 <= k <= MAX_K:
            raise UserError(f"k 应在 1 到 {MAX_K} 之间", code="bad_k")
        q = text if isinstance(text, Query) else self.analyse(text)
        mask = self._mask(law, level, region, on)
        if not asked and self._asked.any():
            mask = ~self._asked if mask is None else mask & ~self._asked
        kw = self._by_ref(self._keyword(q, mask, asked)) if mode in ("fused", "keyword") else {}
        similarity: dict[str, float] = {}
        dense = self._by_ref(self._dense(q, mask, similarity)) if mode in ("fused", "dense") else {}
        first = self._first
        scores = fuse(kw, dense)
        boost = {law: TOPIC_BOOST for law in q.topic_laws} | {law: LAW_BOOST for law in q.laws}
        if boost:
            for ref in scores:
                scores[ref] += boost.get(self.docs[first[ref]].law_id, 0.0)
        types = question_types(q.text)
        law_of = {ref: self.docs[first[ref]].law_id for ref in scores}
        self.reranker.features(scores, law_of, types, q.laws)
        self._expand(scores, first, mask, types)
        direct = [a for a in q.articles if a in first and (mask is None or mask[first[a]])]
        top = max(scores.values(), default=0.0)
        for n, ref in enumerate(direct):
            scores[ref] = top + 1.0 - n * 1e-3
        ordered = sorted(scores, key=lambda r: -scores[r])
        if law or level or region:
            kinds = ["article"]
        if kinds:
            ordered = [r for r in ordered if self.docs[first[r]].kind in kinds]
        ordered = ordered[:k]
        hits = [
            self._hit(ref, first[ref], scores[ref], kw, dense, ref in direct, similarity.get(ref))
            for ref in ordered
        ]
        return SearchResult(
            q.text,
            hits,
            mode,
            q.laws,
            q.truncated,
            self.embedder is not None,
            q.unknown_laws,
            q.missing_articles,
        )

    def _expand(
        self, scores: dict[str, float], first: dict[str, int], mask: np.ndarray | None, types: set[str]
    ) -> None:
        """Follow the links of the best hits: offence → its provisions, article → the articles citing it and the
        provisions that qualify it."""
        best = sorted(scores, key=lambda r: -scores[r])
        articles = [r for r in best if self.docs[first[r]].kind == "article"][:CONCURRENT_FROM]
        concurrent = self.reranker.concurrent(
            articles, {r: self.docs[first[r]].law_id for r in articles}, types
        )
        for ref in best[:EXPAND_FROM]:
            doc = self.docs[first[ref]]
            decay = OFFENCE_LINK if doc.kind == "offence" else CITED_BY_LINK
            links = [(link, decay) for link in doc.links]
            if doc.kind == "article":
                links += [(link, RELATED_LINK) for link in self.reranker.links(ref, types, concurrent)]
            for n, (link, factor) in enumerate(links):
                if link not in first or (mask is not None and not mask[first[link]]):
                    continue
                value = scores[ref] * factor - n * 1e-6
                if scores.get(link, 0.0) < value:
                    scores[link] = value

    def _hit(
        self,
        ref: str,
        i: int,
        score: float,
        kw: dict[str, int],
        dense: dict[str, int],
        direct: bool,
        similarity: float | None,
    ) -> Hit:
        doc = self.docs[i]
        text = doc.text
        if doc.kind == "article":
            article = self.store.article(ref)
            text = article.text if article is not None else doc.text
        return Hit(
            ref,
            doc.kind,
            doc.title,
            text,
            round(score, 6),
            doc.law_id,
            kw.get(ref),
            dense.get(ref),
            direct,
            None if similarity is None else round(similarity, 4),
        )
