"""The warm searcher over the session's knowledge index (built by ``kb_build`` in tests/conftest.py)."""

from __future__ import annotations

import pytest

from core.settings import Settings
from knowledge.retrieval import BuildReport, Searcher, get_searcher


@pytest.fixture(scope="session")
def searcher(kb_settings: Settings, kb_build: tuple[BuildReport, float]) -> Searcher:
    return get_searcher(kb_settings)
