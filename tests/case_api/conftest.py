"""Fixtures for case_api tests: a migrated database per test on SQLite and on PostgreSQL, an app, users.

- ``db_url`` is parametrized: ``sqlite`` (a copy of a migrated template file per test) and ``postgres``
  (one migrated database per session, every table truncated before each test; marked ``postgres``; skipped
  with a reason when the server at ``ZHIFA_TEST_POSTGRES_URL`` cannot be reached).
- ``settings`` points at that database and a per-test data dir (evidence store).
- ``session``, ``app``, ``client``; ``users`` (one per role plus a second officer and a second citizen);
  ``auth_headers(user)`` gives ``{"Authorization": "Bearer …"}``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from case_api import db
from case_api.api import mount
from case_api.users import principals, security
from case_api.users import service as users_service
from case_api.users.models import Role, User, UserCreate
from core.settings import Settings

PG_ADMIN_URL = os.environ.get(
    "ZHIFA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "pass-1234-word"
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def make_settings(url: str, data_dir: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        environment="test",
        data_dir=data_dir,
        database_url=url,
        secret_key=SECRET,
        load_models_on_start=False,
    )


@pytest.fixture(autouse=True)
def _fast_bcrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    db.upgrade(make_settings(url, path.parent))
    db.dispose_engine(url)
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin = make_url(PG_ADMIN_URL)
    name = f"zhifa_test_case_api_{os.getpid()}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # server not reachable
        engine.dispose()
        pytest.fail(f"PostgreSQL not reachable at {admin.render_as_string()} (CI provides it): {exc}")
    url = admin.set(database=name).render_as_string(hide_password=False)
    db.upgrade(make_settings(url, Path("/nonexistent")))
    yield url
    db.dispose_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


_delete_order: dict[str, list[str]] = {}


def _truncate_all(url: str) -> None:
    """Empty every table (children first). ``DELETE`` beats ``TRUNCATE`` on tables this small."""
    engine = db.get_engine(url)
    if url not in _delete_order:
        meta = MetaData()
        meta.reflect(engine)
        _delete_order[url] = [t.name for t in reversed(meta.sorted_tables) if t.name != "alembic_version"]
    with engine.begin() as conn:
        for name in _delete_order[url]:
            conn.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "zhifa.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
        yield url
        db.dispose_engine(url)
    else:
        url = request.getfixturevalue("postgres_url")
        _truncate_all(url)
        # ids start again in the emptied tables: no snapshot of the last test's users
        principals.forget(db.database_for(url))
        yield url


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return make_settings(db_url, tmp_path / "var")


@pytest.fixture
def session(settings: Settings) -> Iterator[Session]:
    with db.session_for(settings) as s:
        yield s


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    application = FastAPI()
    mount(application, settings)
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


USER_SPECS: dict[str, dict[str, str | None]] = {
    "officer": {"role": "officer", "full_name": "李警官", "badge_no": "50010001", "phone": "13800000001"},
    "officer2": {"role": "officer", "full_name": "王队员", "badge_no": "50010002", "phone": "13800000002"},
    "legal": {"role": "legal", "full_name": "赵法制", "badge_no": None, "phone": "13800000003"},
    "commander": {"role": "commander", "full_name": "钱指挥", "badge_no": None, "phone": "13800000004"},
    "admin": {"role": "admin", "full_name": "孙管理", "badge_no": None, "phone": "13800000005"},
    "citizen": {
        "role": "citizen",
        "full_name": "张三",
        "badge_no": None,
        "phone": "13912345678",
        "id_number": "500101199001011234",
    },
    "citizen2": {
        "role": "citizen",
        "full_name": "李四",
        "badge_no": None,
        "phone": "13987654321",
        "id_number": "500101198505052345",
    },
}


@pytest.fixture
def users(session: Session) -> dict[str, User]:
    created: dict[str, User] = {}
    for username, spec in USER_SPECS.items():
        data = UserCreate(username=username, password=PASSWORD, **spec)  # type: ignore[arg-type]
        created[username] = users_service.create(session, data=data)
    session.commit()
    return created


@pytest.fixture
def auth_headers(settings: Settings) -> Callable[[User], dict[str, str]]:
    def headers(user: User) -> dict[str, str]:
        assert user.id is not None
        token = security.create_access_token(settings, user_id=user.id, role=Role(user.role))
        return {"Authorization": f"Bearer {token}"}

    return headers
