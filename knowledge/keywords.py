"""Keyword search for the whole knowledge layer: one Chinese tokenizer and one BM25.

Retrieval (:mod:`knowledge.retrieval`) and the offence matcher (:mod:`knowledge.catalogue.matcher`) both score
with :class:`BM25` over tokens from :class:`ChineseTokenizer`: jieba in search mode over a private dictionary of
the caller's words (retrieval: the legal terms of ``data/legal_terms.txt`` and the law names and aliases; the
matcher: the catalogue's offence names, aliases and cue words). What each keeps of the words is its own:
retrieval drops stopwords and article numbering and adds deadline/amount features; the matcher adds character
bigrams (short scenario texts). The matcher's dictionary leaves out the legal terms on purpose: with them the
unseen offence set lost one top-1 (embedder on) and one top-3 (keywords only) — measured, not guessed.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jieba
import numpy as np

TERMS_FILE = Path(__file__).resolve().parent / "data" / "legal_terms.txt"
_lock = threading.Lock()


def legal_terms() -> list[str]:
    return [
        ln.strip()
        for ln in TERMS_FILE.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]


class ChineseTokenizer:
    """jieba (search mode) over a private dictionary: the legal terms (unless ``with_legal_terms`` is false) plus
    ``extra_terms`` (2–30 characters), each added at a high frequency so it stays one word. ``version`` changes
    whenever the dictionary does."""

    def __init__(
        self, extra_terms: Iterable[str] = (), *, with_legal_terms: bool = True, revision: int = 0
    ) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        base = set(legal_terms()) if with_legal_terms else set()
        self.terms = sorted(base | {t for t in extra_terms if 2 <= len(t) <= 30})
        for term in self.terms:
            self._jieba.add_word(term, freq=2000)
        digest = hashlib.sha256(f"{revision}\n".encode() + "\n".join(self.terms).encode())
        self.version = digest.hexdigest()[:12]

    def words(self, text: str) -> list[str]:
        """jieba's search-mode words of ``text``, as they come (the caller filters)."""
        with _lock:  # jieba's tokenizer is not safe to initialise from several threads at once
            return list(self._jieba.lcut_for_search(text))


class BM25:
    """Okapi BM25 over pre-tokenized documents, as an inverted index of numpy arrays (a few thousand docs:
    < 1 ms). A query term repeated counts at most ``repeat_cap`` times."""

    def __init__(
        self,
        docs: Sequence[Sequence[str]],
        *,
        k1: float = 1.2,
        b: float = 0.75,
        repeat_cap: int = 2,
        dtype: Any = np.float32,
    ) -> None:
        self.n_docs = len(docs)
        self.repeat_cap = repeat_cap
        self.dtype = dtype
        lengths = np.array([len(d) for d in docs], dtype=dtype)
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
            tfs = np.asarray(freqs[term], dtype=dtype)
            df = len(idx)
            idf = math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))
            weight = idf * tfs * (k1 + 1.0) / (tfs + norm[ids])
            self._postings[term] = (ids, weight.astype(dtype))

    def scores(self, query: Sequence[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """Score of every document; ``weights`` scale single query terms (expansions count less)."""
        out = np.zeros(self.n_docs, dtype=self.dtype)
        for term, count in Counter(query).items():
            posting = self._postings.get(term)
            if posting is None:
                continue
            ids, weight = posting
            out[ids] += weight * (weights.get(term, 1.0) if weights else 1.0) * min(count, self.repeat_cap)
        return out

    def __contains__(self, term: str) -> bool:
        return term in self._postings
