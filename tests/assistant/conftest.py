from __future__ import annotations

import pytest

from core.settings import Settings
from knowledge.retrieval import build


@pytest.fixture(scope="session")
def kb_settings(settings: Settings) -> Settings:
    """Settings whose knowledge index is built (incremental: instant when another fixture built it)."""
    build(settings)
    return settings
