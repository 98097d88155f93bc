"""The knowledge index, built once per test session with the real embedder into a temporary directory.

Like the model cache in tests/conftest.py, the built index is kept between sessions in ``<repo>/var/kb-index-cache``
(ignored by git): a session copies it into its temporary data dir and brings it up to date through the normal
incremental build, so only new or changed docs are embedded. A fresh clone embeds everything once.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from core.settings import Settings
from knowledge.retrieval import BuildReport, Searcher, build, get_searcher

CACHE = Path(__file__).resolve().parents[2] / "var" / "kb-index-cache"


@pytest.fixture(scope="session")
def kb_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir: Path = tmp_path_factory.mktemp("kb-data")
    return Settings(_env_file=None, environment="test", data_dir=data_dir, load_models_on_start=False)


@pytest.fixture(scope="session")
def kb_build(kb_settings: Settings) -> tuple[BuildReport, float]:
    target = kb_settings.index_dir / "kb"
    if (CACHE / "manifest.json").exists():
        shutil.copytree(CACHE, target)
    t0 = time.perf_counter()
    report = build(kb_settings)
    elapsed = time.perf_counter() - t0
    if not report.unchanged or not (CACHE / "manifest.json").exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        shutil.copytree(target, CACHE)
    return report, elapsed


@pytest.fixture(scope="session")
def searcher(kb_settings: Settings, kb_build: tuple[BuildReport, float]) -> Searcher:
    return get_searcher(kb_settings)
