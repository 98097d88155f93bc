"""A KnowledgeBase owns its parts: its own store per data dir, kept until ``reload()``, which reads additions."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError, NotFound
from core.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.userkb import add_law

TITLE = "万州区测试知识库归属办法"
REGULATION = f"{TITLE}\n第一条 为了测试，制定本办法。\n第二条 本办法自2024年3月1日起施行。\n"


def _settings(data_dir: Path) -> Settings:
    return Settings(_env_file=None, environment="test", data_dir=data_dir)


def test_a_knowledge_base_keeps_its_store_until_reload_reads_the_addition(tmp_path: Path) -> None:
    settings = _settings(tmp_path / "data")
    kb, other = KnowledgeBase(settings), KnowledgeBase(_settings(tmp_path / "other"))
    store = kb.store
    assert kb.store is store and other.store is not store  # built once, held by its knowledge base
    src = tmp_path / "办法.txt"
    src.write_text(REGULATION, encoding="utf-8")
    add_law(src, settings.kb_user_dir, store=kb.store)
    assert kb.store.find_law(TITLE) is None  # what it read, until it is told to read again
    assert kb.reload() == 1 and kb.generation == 1
    assert kb.store is not store and kb.store.find_law(TITLE) is not None
    assert kb.verify(f"依据《{TITLE}》第一条").ok
    assert other.store.find_law(TITLE) is None  # another data dir's knowledge base is not touched


def test_without_an_embedder_the_store_and_keyword_matching_still_work(tmp_path: Path) -> None:
    kb = KnowledgeBase(_settings(tmp_path))
    with pytest.raises(NotFound) as missing:  # no index yet: said before anything asks for a model
        _ = kb.searcher
    assert missing.value.code == "kb_index_missing"
    hits = kb.matcher.match("在人行道上摆摊卖水果", k=1)
    assert hits and kb.matcher.embedder is None and "dense" not in hits[0].components
    assert kb.matcher is kb.matcher
    with pytest.raises(ConfigError):
        kb._require_embedder()
