"""Okapi BM25 over pre-tokenized documents, as an inverted index of numpy arrays (a few thousand docs: < 1 ms)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np


class BM25:
    def __init__(self, docs: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.n_docs = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        avg = float(lengths.mean()) if self.n_docs else 1.0
        norm = k1 * (1.0 - b + b * lengths / max(avg, 1e-9))
        rows: dict[str, list[int]] = defaultdict(list)
        freqs: dict[str, list[int]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                rows[term].append(i)
                freqs[term].append(tf)
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, idx in rows.items():
            ids = np.asarray(idx, dtype=np.int32)
            tfs = np.asarray(freqs[term], dtype=np.float32)
            df = len(idx)
            idf = math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))
            weight = idf * tfs * (k1 + 1.0) / (tfs + norm[ids])
            self._postings[term] = (ids, weight.astype(np.float32))

    def scores(self, query: Sequence[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """Score of every document; ``weights`` scale single query terms (expansions count less)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        for term, count in Counter(query).items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            ids, weight = posting
            out[ids] += weight * (weights.get(term, 1.0) if weights else 1.0) * min(count, 2)
        return out

    def __contains__(self, term: str) -> bool:
        return term in self._postings
