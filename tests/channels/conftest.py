"""Fixtures for the server tests: a migrated database of the test's own, and logins on it.

``app_settings`` is the session ``settings`` (models, knowledge data dir) pointed at a fresh SQLite database in the
test's temporary dir; ``login(role)`` creates a user of that role there (once) and gives its ``Authorization``
header.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from case_api import db
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, UserCreate
from core.settings import Settings

PASSWORD = "pass-1234-word"


@pytest.fixture
def app_settings(settings: Settings, tmp_path: Path) -> Settings:
    fresh = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'app.db'}"})
    db.upgrade(fresh)
    return fresh


@pytest.fixture
def login(app_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Callable[[Role], dict[str, str]]:
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)

    def headers(role: Role) -> dict[str, str]:
        with db.session_for(app_settings) as session:
            user = users_service.get_by_username(session, f"test-{role}")
            if user is None:
                data = UserCreate(
                    username=f"test-{role}",
                    password=PASSWORD,
                    full_name=f"测试{role}",
                    role=role,
                    badge_no=f"5009{len(role):04d}" if role == Role.officer else None,
                )
                user = users_service.create(session, data=data)
                session.commit()
            assert user.id is not None
            token = security.create_access_token(app_settings, user_id=user.id, role=role)
        return {"Authorization": f"Bearer {token}"}

    return headers
