"""The bundled vectors (knowledge/data/index): current with the corpus, the catalogue and the embedder; a build
seeded from them searches like a fresh build; a changed passage is embedded, never served stale."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from channels.components import Components
from core.settings import Settings
from knowledge.catalogue import load_catalogue
from knowledge.embedding import Embedder
from knowledge.retrieval import BuildReport, artifact
from knowledge.retrieval.index import build_index, read_index
from knowledge.retrieval.search import Mode, Searcher
from knowledge.statutes.model import Paragraph
from knowledge.statutes.store import StatuteStore, load_store

REGENERATE = "run `zhifa kb artifact` and commit knowledge/data/index"


class CountingEmbedder:
    """Deterministic fake vectors (a hash of the text); counts what it is asked to embed."""

    dim = 8

    def __init__(self, name: str = "fake/counting") -> None:
        self.name = name
        self.embedded: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        raw = np.frombuffer(hashlib.sha256(text.encode()).digest()[: self.dim], dtype=np.uint8)
        v = raw.astype(np.float32) + 1
        return v / np.linalg.norm(v)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += list(texts)
        return np.stack([self._vec(t) for t in texts]).reshape(-1, self.dim)


def _write_raw(path: Path, embedder: CountingEmbedder, keys: np.ndarray, vectors: np.ndarray) -> None:
    path.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path / "vectors.npz", keys=keys, vectors=vectors)
    manifest = {
        "format": artifact.FORMAT,
        "embedder": embedder.name,
        "embedder_id": embedder.name,
        "dim": embedder.dim,
        "sha256": hashlib.sha256((path / "vectors.npz").read_bytes()).hexdigest(),
    }
    (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    artifact.forget_loaded()


def _write_fake(path: Path, embedder: CountingEmbedder, texts: list[str]) -> None:
    keys = np.frombuffer(b"".join(artifact.passage_key(t) for t in texts), dtype=np.uint8).reshape(-1, 16)
    _write_raw(path, embedder, keys, embedder.embed_passages(texts).astype(np.float16))
    embedder.embedded.clear()


def test_lookup_takes_what_the_artifact_holds_and_embeds_the_rest(tmp_path: Path):
    fake = CountingEmbedder()
    _write_fake(tmp_path, fake, ["甲条文", "乙条文"])
    bundled = artifact.bundled_vectors(fake, tmp_path)
    assert bundled is not None and len(bundled) == 2
    vectors, taken = artifact.embed_passages(fake, ["乙条文", "丙条文", "甲条文"], bundled=bundled)
    assert taken == 2 and fake.embedded == ["丙条文"]
    assert np.allclose(vectors, fake.embed_queries(["乙条文", "丙条文", "甲条文"]), atol=1e-3)


def test_artifact_of_another_embedder_or_with_a_wrong_hash_is_not_used(tmp_path: Path):
    fake = CountingEmbedder()
    _write_fake(tmp_path, fake, ["甲条文"])
    assert artifact.bundled_vectors(CountingEmbedder("fake/other"), tmp_path) is None
    with np.load(tmp_path / "vectors.npz") as data:
        keys, vectors = data["keys"], data["vectors"]
    np.savez_compressed(tmp_path / "vectors.npz", keys=keys, vectors=-vectors)  # tampered: sha256 differs
    artifact.forget_loaded()
    assert artifact.read_artifact(tmp_path) is None and artifact.bundled_vectors(fake, tmp_path) is None


def test_write_embeds_only_what_is_new_and_leaves_a_current_artifact_alone(tmp_path: Path):
    fake = CountingEmbedder()
    first = artifact.write(fake, tmp_path)
    assert first.changed and first.embedded == first.passages == len(fake.embedded) > 3000
    assert artifact.check(fake, tmp_path) == []
    manifest = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    fake.embedded.clear()
    again = artifact.write(fake, tmp_path)
    assert not again.changed and again.embedded == 0 and fake.embedded == []
    assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == manifest
    with np.load(tmp_path / "vectors.npz") as data:  # one passage lost: check names it, write embeds it alone
        keys, vectors = data["keys"][1:], data["vectors"][1:]
    _write_raw(tmp_path, fake, keys, vectors)
    assert any("1 passages" in p for p in artifact.check(fake, tmp_path))
    assert artifact.write(fake, tmp_path).embedded == 1
    assert artifact.check(CountingEmbedder("fake/other"), tmp_path)[0].startswith("embedder")


@pytest.mark.models
def test_cli_check_passes_on_the_shipped_artifact():
    from typer.testing import CliRunner

    from channels.cli.main import app

    result = CliRunner().invoke(app, ["kb", "artifact", "--check"])
    assert result.exit_code == 0, result.output + REGENERATE


# --- the shipped artifact, with the real embedder ------------------------------------------------------------
@pytest.fixture(scope="module")
def embedder(components: Components) -> Embedder:
    return components.embedder()


@pytest.mark.models
def test_shipped_vectors_are_current_with_corpus_catalogue_and_embedder(embedder: Embedder):
    problems = artifact.check(embedder)
    assert not problems, "; ".join(problems) + f" — {REGENERATE}"


# the same model on two CPUs: float16 storage plus a different summation order in torch's kernels (AVX2 vs AVX-512)
VECTOR_ATOL = 5e-3
MIN_COSINE = 0.9998


@pytest.mark.models
def test_shipped_vectors_are_what_the_embedder_makes(embedder: Embedder):
    texts = artifact.bundled_passages()
    sample = texts[:: max(1, len(texts) // 12)]  # statute articles, 款 chunks, offences and matcher passages
    bundled = artifact.bundled_vectors(embedder)
    assert bundled is not None, REGENERATE
    stored, found = bundled.lookup(sample)
    fresh = embedder.embed_passages(sample)
    assert found.all()
    # float16 storage, and another CPU: the shipped vectors were made on an Intel host; torch's kernels on an AMD
    # EPYC with AVX-512 sum in another order (seen: 1.9e-3 at most per component, cosine ≥ 0.9999)
    assert float(np.abs(stored - fresh).max()) < VECTOR_ATOL
    assert float((stored * fresh).sum(axis=1).min()) > MIN_COSINE


@pytest.mark.models
def test_the_session_index_embeds_nothing_the_repository_ships(kb_build: tuple[BuildReport, float]):
    report, _ = (
        kb_build  # a fresh clone takes every vector from the artifact; a warm checkout has its own cache
    )
    assert report.embedded == 0, REGENERATE


def _small_store() -> StatuteStore:
    return StatuteStore([load_store(None).laws["chengshishironghehuanjingweishengguanlitiaoli"]])


MODES: tuple[Mode, ...] = ("fused", "dense")
QUERIES = [
    "在街道两侧摆摊设点",
    "乱倒生活垃圾怎么处罚",
    "未经批准设置户外广告",
    "违章搭建临时建筑",
    "犬只粪便",
]


@pytest.mark.models
def test_seeded_index_searches_like_a_fresh_build(tmp_path: Path, embedder: Embedder):
    store = _small_store()
    offences = load_catalogue().offences[:4]
    fresh_settings = Settings(_env_file=None, environment="test", data_dir=tmp_path / "fresh")
    seeded_settings = Settings(_env_file=None, environment="test", data_dir=tmp_path / "seeded")
    fresh = build_index(fresh_settings, store, embedder, offences=offences, cases=[], use_artifact=False)
    seeded = build_index(seeded_settings, store, embedder, offences=offences, cases=[])
    assert fresh.embedded == fresh.total and fresh.bundled == 0
    assert seeded.embedded == 0 and seeded.bundled == seeded.total == fresh.total
    a, b = read_index(fresh.path), read_index(seeded.path)
    assert a is not None and b is not None
    assert float(np.abs(a.vectors - b.vectors).max()) < VECTOR_ATOL
    assert float((a.vectors * b.vectors).sum(axis=1).min()) > MIN_COSINE
    fa, fb = Searcher(a, store, embedder), Searcher(b, store, embedder)
    for query in QUERIES:
        for mode in MODES:
            ha, hb = fa.search(query, k=5, mode=mode).hits, fb.search(query, k=5, mode=mode).hits
            # the same hits with the same scores; two hits whose scores tie within the CPUs' difference may swap
            assert len(ha) == len(hb), (query, mode)
            assert all(abs(x.score - y.score) < VECTOR_ATOL for x, y in zip(ha, hb, strict=True)), (
                query,
                mode,
            )
            for x, y in zip(ha, hb, strict=True):
                if x.ref != y.ref:
                    tie = [h for h in hb if h.ref == x.ref]
                    assert tie and abs(tie[0].score - x.score) < VECTOR_ATOL, (query, mode, x.ref, y.ref)


@pytest.mark.models
def test_a_changed_article_is_embedded_not_taken_from_the_artifact(tmp_path: Path, embedder: Embedder):
    law = load_store(None).laws["guanggaoguanlitiaoli"]
    first = law.articles[0]
    changed = dataclasses.replace(first, paragraphs=(Paragraph(1, first.text + "（本局测试修改）"),))
    store = StatuteStore([dataclasses.replace(law, articles=[changed, *law.articles[1:]])])
    settings = Settings(_env_file=None, environment="test", data_dir=tmp_path)
    report = build_index(settings, store, embedder, offences=[], cases=[])
    assert report.embedded == 1 and report.bundled == report.total - 1
    stored = read_index(report.path)
    assert stored is not None
    row = next(i for i, d in enumerate(stored.docs) if d.id == changed.id)
    fresh = embedder.embed_passages([stored.docs[row].text])[0]
    assert float(stored.vectors[row] @ fresh) > 0.99999
