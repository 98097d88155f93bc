"""Speech fixtures: the real bundled Whisper loaded once per session with the network blocked, the pipeline around
it, audio files made on the spot with PyAV, and (for the API) a migrated database per test with users and an app that
mounts case_api and the speech routes on a components container sharing that one model.

The database is SQLite (a copy of a migrated template) unless a test is marked ``@BOTH_DATABASES``: then it runs on
SQLite and on the PostgreSQL at ``ZHIFA_TEST_POSTGRES_URL`` (one migrated database per session, emptied before each
test, as ``tests/case_api/conftest.py`` does). A PostgreSQL that cannot be reached fails those tests: CI provides it."""

from __future__ import annotations

import os
import shutil
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from case_api import db
from case_api.users import principals, security
from case_api.users import service as users_service
from case_api.users.models import Role, User, UserCreate
from channels.components import Components, build_components
from core.settings import Settings
from speech.asr import SAMPLES_DIR, ASRBackend
from speech.pipeline import TranscriptionPipeline, build_pipeline
from tests.case_api.conftest import PASSWORD, PG_ADMIN_URL, SECRET, USER_SPECS, _truncate_all
from tests.models.conftest import NetworkGuard

pytestmark = pytest.mark.models

PADDLE = SAMPLES_DIR / "zh_paddlespeech_zh.wav"
PADDLE_TEXT = "我认为跑步最重要的就是给我带来了身体健康"
AISHELL = SAMPLES_DIR / "zh_wenet_aishell_BAC009S0724W0121.wav"


@pytest.fixture(scope="session")
def guard() -> NetworkGuard:
    return NetworkGuard()


@pytest.fixture(autouse=True)
def _offline(guard: NetworkGuard) -> Iterator[None]:
    with guard.blocking():
        yield


@pytest.fixture(scope="session")
def asr(components: Components, guard: NetworkGuard) -> ASRBackend:
    with guard.blocking():
        return components.asr()


@pytest.fixture(scope="session")
def pipeline(settings: Settings, asr: ASRBackend) -> TranscriptionPipeline:
    return build_pipeline(settings, asr)


def samples(path: Path) -> np.ndarray:
    from speech.audio import decode

    return decode(path, max_seconds=3600).samples


def write_wav(path: Path, audio: np.ndarray, rate: int = 16000) -> Path:
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def interview_audio(repeat: int = 1) -> np.ndarray:
    """Two real Mandarin clips with pauses: a recording long enough to have several segments."""
    gap = np.zeros(16000, dtype=np.float32)
    parts = [samples(AISHELL), gap, samples(PADDLE), gap]
    return np.concatenate(parts * repeat)


# -- API ----------------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    path = tmp_path_factory.mktemp("speech-template") / "template.db"
    db.upgrade(api_settings(settings, f"sqlite:///{path}", path.parent))
    db.dispose_engine(f"sqlite:///{path}")
    return path


def api_settings(base: Settings, url: str, data_dir: Path, **extra: object) -> Settings:
    models = data_dir / "models"
    if not models.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        models.symlink_to(base.model_cache_dir.resolve(), target_is_directory=True)
    return Settings(
        _env_file=None,
        environment="test",
        data_dir=data_dir,
        database_url=url,
        secret_key=SECRET,
        load_models_on_start=False,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def speech_postgres_url(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    admin = make_url(PG_ADMIN_URL)
    name = f"zhifa_test_speech_{os.getpid()}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # not skipped: CI provides the server, and a silent skip would hide the gap
        engine.dispose()
        pytest.fail(f"PostgreSQL not reachable at {admin.render_as_string()}: {exc}", pytrace=False)
    url = admin.set(database=name).render_as_string(hide_password=False)
    db.upgrade(api_settings(settings, url, tmp_path_factory.mktemp("speech-pg")))
    yield url
    db.dispose_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


BOTH_DATABASES = pytest.mark.parametrize(
    "api_db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
"""Run a test that touches the database on SQLite and on PostgreSQL (``api_db`` is SQLite otherwise)."""


@pytest.fixture
def api_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if getattr(request, "param", "sqlite") == "postgres":
        url = request.getfixturevalue("speech_postgres_url")
        _truncate_all(url)
        # ids start again in the emptied tables: no snapshot of the last test's users
        principals.forget(db.database_for(url))
        yield url
        return
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "zhifa.db"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    yield url
    db.dispose_engine(url)


@pytest.fixture
def app_settings(settings: Settings, api_db: str, tmp_path: Path) -> Settings:
    return api_settings(settings, api_db, tmp_path / "var")


@pytest.fixture
def session(app_settings: Settings) -> Iterator[Session]:
    with db.session_for(app_settings) as s:
        yield s


@pytest.fixture
def users(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, User]:
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)
    created = {}
    for username, spec in USER_SPECS.items():
        data = UserCreate(username=username, password=PASSWORD, **spec)  # type: ignore[arg-type]
        created[username] = users_service.create(session, data=data)
    session.commit()
    return created


@pytest.fixture
def auth(app_settings: Settings) -> Callable[[User], dict[str, str]]:
    def headers(user: User) -> dict[str, str]:
        assert user.id is not None
        token = security.create_access_token(app_settings, user_id=user.id, role=Role(user.role))
        return {"Authorization": f"Bearer {token}"}

    return headers


def make_app(settings: Settings, models: Components) -> FastAPI:
    """case_api and the speech routes on a container of ``settings`` sharing the session's models."""
    from case_api.api import mount as mount_case_api
    from case_api.errors import install
    from channels.speech_api import mount as mount_speech

    components = build_components(settings, models=models)
    app = FastAPI()
    app.state.settings = settings
    app.state.components = app.state.runtime = components
    install(app)
    mount_case_api(app, settings)
    mount_speech(app, settings, components)
    return app


@pytest.fixture
def client(app_settings: Settings, components: Components, asr: ASRBackend) -> Iterator[TestClient]:
    with TestClient(make_app(app_settings, components)) as c:
        yield c
