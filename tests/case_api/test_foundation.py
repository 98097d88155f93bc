"""Database check, migrations vs models, auth endpoints, error bodies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api import db
from case_api.models_registry import load_all_models
from case_api.users.models import User
from core.errors import ConfigError
from core.settings import Settings

from .conftest import PASSWORD, make_settings


def test_check_database_accepts_migrated_db(settings: Settings) -> None:
    info = db.check_database(settings)
    assert db.script_heads() <= db.applied_revisions(set(info.revisions))


def test_check_database_refuses_unmigrated_db(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'empty.db'}", tmp_path)
    with pytest.raises(ConfigError, match="zhifa db upgrade"):
        db.check_database(settings)
    db.dispose_engine(settings.sqlalchemy_url)


def test_check_database_reports_unreachable_server(tmp_path: Path) -> None:
    settings = make_settings("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2", tmp_path)
    with pytest.raises(ConfigError, match="无法连接数据库"):
        db.check_database(settings)
    db.dispose_engine(settings.sqlalchemy_url)


def test_migrations_match_models(settings: Settings) -> None:
    engine = db.get_engine(settings.sqlalchemy_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, load_all_models())
    assert diff == [], f"models and migrations differ — add an Alembic revision: {diff}"


def test_sqlite_pragmas(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    with db.get_engine(url).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose_engine(url)


def test_login_and_me(client: TestClient, users: dict[str, User]) -> None:
    r = client.post("/api/auth/token", data={"username": "officer", "password": PASSWORD})
    assert r.status_code == 200, r.text
    token = r.json()["access_token"]
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "officer" and body["role"] == "officer" and body["badge_no"] == "50010001"
    assert body["phone_masked"] == "138****0001"
    assert "hashed_password" not in body and "phone" not in body


def test_bad_password_and_missing_token_give_chinese_401(client: TestClient, users: dict[str, User]) -> None:
    r = client.post("/api/auth/token", data={"username": "officer", "password": "wrong-password"})
    assert r.status_code == 401
    assert r.json() == {"code": "bad_credentials", "message": "用户名或密码错误，请重试。"}
    r = client.get("/api/auth/me")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    r = client.get("/api/auth/me", headers={"Authorization": "Bearer not-a-jwt"})
    assert r.status_code == 401 and r.json()["code"] == "invalid_token"


def test_admin_creates_user_officer_needs_badge(
    client: TestClient, users: dict[str, User], auth_headers: Callable[[User], dict[str, str]]
) -> None:
    new = {"username": "newbie", "full_name": "新队员", "role": "officer", "password": "long-enough-1"}
    r = client.post("/api/users", json=new, headers=auth_headers(users["admin"]))
    assert r.status_code == 422 and r.json()["code"] == "badge_required"
    r = client.post("/api/users", json={**new, "badge_no": "50019999"}, headers=auth_headers(users["admin"]))
    assert r.status_code == 201, r.text
    r = client.post("/api/users", json={**new, "badge_no": "50019998"}, headers=auth_headers(users["admin"]))
    assert r.status_code == 409 and r.json()["code"] == "username_taken"
    r = client.post("/api/users", json={**new, "username": "x2"}, headers=auth_headers(users["officer"]))
    assert r.status_code == 403 and "系统管理员" in r.json()["message"]


def test_inactive_user_is_refused(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    user = users["legal"]
    user.is_active = False
    session.add(user)
    session.commit()
    r = client.get("/api/auth/me", headers=auth_headers(user))
    assert r.status_code == 401 and r.json()["code"] == "inactive_user"
