"""The persisted knowledge index under ``settings.index_dir / "kb"``: docs, their tokens and their vectors.

Built incrementally: a doc whose hash (and embedder) is unchanged keeps its vector and tokens, so re-running
``zhifa kb build`` / ``zhifa setup`` embeds nothing and returns at once. A doc new to the index takes its vector
from the bundled vectors (``artifact.py``: the shipped corpus and catalogue, embedded in advance) when they hold
its text for this embedder, so a fresh install embeds only what it did not ship: a bureau's additions, past cases.

Files: ``manifest.json`` (embedder, its id, tokenizer version, counts), ``docs.jsonl`` (one doc with its tokens
per line), ``vectors.npy`` (float32, L2-normalised, row i = doc i).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import NotFound
from core.settings import Settings
from knowledge.embedding import Embedder, embedder_id
from knowledge.retrieval.artifact import bundled_vectors, embed_passages
from knowledge.retrieval.docs import (
    MAX_PASSAGE_CHARS,
    Doc,
    article_docs,
    case_docs,
    catalogue_offences,
    offence_docs,
)
from knowledge.retrieval.tokenize import KeywordTokenizer, get_tokenizer
from knowledge.statutes.store import StatuteStore

FORMAT_VERSION = 1
Progress = Callable[[int, int], None]  # (done, total) of docs to embed


def index_path(settings: Settings) -> Path:
    return settings.index_dir / "kb"


def tokenizer_for(store: StatuteStore) -> KeywordTokenizer:
    return get_tokenizer(tuple(store.names.names()))


@dataclass
class BuildReport:
    path: Path
    total: int
    embedded: int
    tokenized: int
    seconds: float
    kinds: dict[str, int] = field(default_factory=dict)
    bundled: int = 0  # vectors taken from the bundled artifact instead of embedded

    @property
    def unchanged(self) -> bool:
        return self.embedded == 0 and self.tokenized == 0 and self.bundled == 0


@dataclass
class StoredIndex:
    docs: list[Doc]
    vectors: np.ndarray
    manifest: dict[str, Any]


def read_index(path: Path) -> StoredIndex | None:
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            return None
        with (path / "docs.jsonl").open(encoding="utf-8") as fh:
            docs = [Doc.from_json(json.loads(line)) for line in fh if line.strip()]
        vectors = np.load(path / "vectors.npy")
    except (OSError, ValueError, KeyError):
        return None
    if len(docs) != len(vectors):
        return None
    return StoredIndex(docs, vectors.astype(np.float32, copy=False), manifest)


def load_stored(settings: Settings) -> StoredIndex:
    stored = read_index(index_path(settings))
    if stored is None:
        raise NotFound(
            "法规知识库索引尚未建立：请先运行 `zhifa kb build`（或 `zhifa setup`）。", code="kb_index_missing"
        )
    return stored


def _write(path: Path, docs: list[Doc], vectors: np.ndarray, manifest: dict[str, Any]) -> None:
    path.mkdir(parents=True, exist_ok=True)
    tmp_docs, tmp_vec, tmp_man = path / "docs.jsonl.tmp", path / "vectors.npy.tmp", path / "manifest.json.tmp"
    with tmp_docs.open("w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
    with tmp_vec.open("wb") as fh:
        np.save(fh, vectors.astype(np.float32))
    tmp_man.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp_docs, path / "docs.jsonl")
    os.replace(tmp_vec, path / "vectors.npy")
    os.replace(tmp_man, path / "manifest.json")  # last: a reader sees either the old or the new manifest


def collect_docs(
    store: StatuteStore,
    *,
    offences: Iterable[Any] | None = None,
    cases: Iterable[Any] | None = None,
    previous: StoredIndex | None = None,
) -> list[Doc]:
    """Articles, offences (the catalogue when ``offences`` is None) and cases (kept from ``previous`` when None)."""
    docs = list(article_docs(store))
    docs += list(offence_docs(catalogue_offences() if offences is None else offences, store))
    if cases is not None:
        docs += list(case_docs(cases))
    elif previous is not None:
        docs += [d for d in previous.docs if d.kind == "case"]
    return docs


def build_index(
    settings: Settings,
    store: StatuteStore,
    embedder: Embedder,
    *,
    offences: Iterable[Any] | None = None,
    cases: Iterable[Any] | None = None,
    progress: Progress | None = None,
    use_artifact: bool = True,
) -> BuildReport:
    t0 = time.perf_counter()
    path = index_path(settings)
    previous = read_index(path)
    tokenizer = tokenizer_for(store)
    docs = collect_docs(store, offences=offences, cases=cases, previous=previous)
    same_embedder = (
        previous is not None
        and previous.manifest.get("embedder") == embedder.name
        and previous.manifest.get("embedder_id") == embedder_id(embedder)
    )
    same_tokens = previous is not None and previous.manifest.get("tokenizer") == tokenizer.version
    old_vec: dict[str, np.ndarray] = {}
    old_tok: dict[str, list[str]] = {}
    if previous is not None:
        for i, doc in enumerate(previous.docs):
            if same_embedder:
                old_vec[doc.hash] = previous.vectors[i]
            if same_tokens:
                old_tok[doc.hash] = doc.tokens
    tokenized = 0
    for doc in docs:
        cached = old_tok.get(doc.hash)
        if cached is None:
            doc.tokens = tokenizer.doc_tokens(doc.text)
            tokenized += 1
        else:
            doc.tokens = cached
    missing = [i for i, d in enumerate(docs) if d.hash not in old_vec]
    vectors = np.zeros((len(docs), embedder.dim), dtype=np.float32)
    for i, d in enumerate(docs):
        if d.hash in old_vec:
            vectors[i] = old_vec[d.hash]
    bundled = 0
    if missing:
        vectors[missing], bundled = embed_passages(
            embedder,
            [docs[i].text[:MAX_PASSAGE_CHARS] for i in missing],
            bundled=bundled_vectors(embedder) if use_artifact else None,
            progress=progress,
        )
    unchanged = (
        previous is not None
        and not missing
        and tokenized == 0
        and [(d.hash, d.links) for d in docs] == [(d.hash, d.links) for d in previous.docs]
    )
    kinds: dict[str, int] = {}
    for d in docs:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    if not unchanged:
        manifest = {
            "format": FORMAT_VERSION,
            "embedder": embedder.name,
            "embedder_id": embedder_id(embedder),
            "dim": embedder.dim,
            "tokenizer": tokenizer.version,
            "docs": len(docs),
            "kinds": kinds,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        _write(path, docs, vectors, manifest)
    return BuildReport(
        path, len(docs), len(missing) - bundled, tokenized, time.perf_counter() - t0, kinds, bundled
    )
