from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.settings import DEFAULT_SECRET, Settings


def test_defaults_are_embedded_sqlite_in_data_dir(tmp_path):
    s = Settings(data_dir=tmp_path)
    assert s.sqlalchemy_url == f"sqlite:///{tmp_path.resolve() / 'zhifa.db'}"
    assert s.model_cache_dir == tmp_path.resolve() / "models"
    assert s.base_url == "http://127.0.0.1:8000"


def test_postgres_url_is_taken_as_is(tmp_path):
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/zhifa"
    assert Settings(data_dir=tmp_path, database_url=url).sqlalchemy_url == url


def test_default_secret_refused_in_production():
    with pytest.raises(ValidationError, match="ZHIFA_SECRET_KEY"):
        Settings(environment="production", secret_key=DEFAULT_SECRET)
    with pytest.raises(ValidationError, match="32"):
        Settings(environment="production", secret_key="short")
    ok = Settings(environment="production", secret_key="x" * 40)
    assert ok.environment == "production"


def test_environment_variables_with_prefix_and_nesting(monkeypatch, tmp_path):
    monkeypatch.setenv("ZHIFA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ZHIFA_PORT", "9001")
    monkeypatch.setenv("ZHIFA_LLM__BACKEND", "openai")
    monkeypatch.setenv("ZHIFA_LLM__OPENAI_BASE_URL", "http://127.0.0.1:9999/v1")
    s = Settings()
    assert s.port == 9001
    assert s.llm.backend == "openai"
    assert s.llm.openai_base_url == "http://127.0.0.1:9999/v1"
    assert s.data_path == tmp_path.resolve()
