"""The warm searcher over the session's knowledge index (built by ``kb_build`` in tests/conftest.py)."""

from __future__ import annotations

import pytest

from core.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.retrieval import BuildReport, Searcher


@pytest.fixture(scope="session")
def searcher(
    kb_settings: Settings, kb_build: tuple[BuildReport, float], knowledge: KnowledgeBase
) -> Searcher:
    return knowledge.searcher  # the session container's, on its embedder
