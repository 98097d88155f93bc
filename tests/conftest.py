"""Shared fixtures: a session ``settings`` with a throw-away data dir and a persistent model cache, and the session's
components container (``components``) that owns the real models: each is built once per session, and a test's own
container (its own data dir, database, knowledge base) shares them with ``build_components(s, models=components)``.

The model cache (the 1.1 GB joined GGUF, Whisper) lives outside the temporary data dir so it is assembled once per
checkout, not once per test session: ``$ZHIFA_DATA_DIR/models`` when that is set, else ``<repo>/var/models``
(ignored by git; a fresh clone assembles it on first use in a few seconds). ``<tmp data dir>/models`` is a
symlink to it, since ``Settings.model_cache_dir`` is derived from ``data_dir``.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from channels.components import Components, build_components
from core.assets import force_offline
from core.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.retrieval import BuildReport

REPO = Path(__file__).resolve().parents[1]
force_offline()  # no test may reach a model hub


def persistent_model_cache() -> Path:
    base = os.environ.get("ZHIFA_DATA_DIR")
    cache = (Path(base) if base else REPO / "var").resolve() / "models"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("zhifa-data")
    (data_dir / "models").symlink_to(persistent_model_cache(), target_is_directory=True)
    return Settings(
        _env_file=None,
        environment="test",
        data_dir=data_dir,
        load_models_on_start=False,
        duty_watch_seconds=0,  # the server's supervision loop only where a test turns it on
        warnings_watch_hours=0,
    )


@pytest.fixture(scope="session")
def components(settings: Settings) -> Components:
    """The session's components container: every real model is built once, on first use, for the session."""
    return build_components(settings)


KB_CACHE = REPO / "var" / "kb-index-cache"


@pytest.fixture(scope="session")
def kb_build(settings: Settings, components: Components) -> tuple[BuildReport, float]:
    """Build the knowledge index into ``settings`` once per session with the real embedder.

    Like the model cache, the built index is kept between sessions in ``<repo>/var/kb-index-cache`` (ignored by
    git): a session copies it in and brings it up to date through the normal incremental build, so only new or
    changed docs are embedded. A fresh clone takes every vector from the bundled artifact (knowledge/data/index)
    and embeds nothing; ``test_artifact.py`` fails when that artifact is out of date.
    """
    from knowledge.retrieval import build

    target = settings.index_dir / "kb"
    # the test cache, else the index `zhifa setup` built in the checkout: the build below only tops it up
    for seed in (KB_CACHE, REPO / "var" / "index" / "kb"):
        if (seed / "manifest.json").exists() and not target.exists():
            shutil.copytree(seed, target)
    t0 = time.perf_counter()
    report = build(
        settings, embedder=components.embedder(), cases=[]
    )  # statutes and catalogue only: no past cases in the shared test index
    elapsed = time.perf_counter() - t0
    if not report.unchanged or not (KB_CACHE / "manifest.json").exists():
        shutil.rmtree(KB_CACHE, ignore_errors=True)
        shutil.copytree(target, KB_CACHE)
    return report, elapsed


@pytest.fixture(scope="session")
def kb_settings(settings: Settings, kb_build: tuple[BuildReport, float]) -> Settings:
    """``settings`` whose knowledge index is built."""
    return settings


@pytest.fixture(scope="session")
def knowledge(components: Components) -> KnowledgeBase:
    """The session container's knowledge base (store, searcher, offence matcher on the session's embedder), for
    tests that only read it; its searcher needs ``kb_settings`` (the built index) first. A test that adds a law
    builds a container or knowledge base of its own."""
    return components.knowledge
