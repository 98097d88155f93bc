"""A bureau's own regulation for the tests of `zhifa kb add` → answered, cited and verified (CLI, API call, signal):
its text, the question about it, a data dir of its own with the session's index, and a logged-in user's headers."""

from __future__ import annotations

import shutil
from pathlib import Path

from case_api import db
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, UserCreate
from core.settings import Settings


def regulation(title: str) -> str:
    """The regulation's text: its 第三条 is the penalty the question asks about."""
    return f"""{title}

第一条 为了规范本区户外招牌设置，根据有关法律、法规，制定本办法。
第二条 在本区设置户外招牌，应当符合户外招牌设置规划。
第三条 未按照规划设置户外招牌的，由城市管理部门责令限期改正；逾期不改正的，处三百元以上一千五百元以下罚款。
第四条 本办法自2024年3月1日起施行。
"""


def question(title: str) -> str:
    return f"《{title}》第三条对未按照规划设置户外招牌怎么处罚？"


def data_dir(kb_settings: Settings, tmp_path: Path) -> Path:
    """A data dir of its own (the bureau's additions must not reach other tests) with the session's models and index."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "models").symlink_to(kb_settings.model_cache_dir.resolve(), target_is_directory=True)
    shutil.copytree(kb_settings.index_dir / "kb", data / "index" / "kb")
    return data


def settings(kb_settings: Settings, tmp_path: Path, database: str) -> Settings:
    """Settings on :func:`data_dir` and a SQLite file ``database`` in ``tmp_path``; nothing runs in the background."""
    return Settings(
        _env_file=None,
        environment="test",
        data_dir=data_dir(kb_settings, tmp_path),
        database_url=f"sqlite:///{tmp_path / database}",
        load_models_on_start=False,
        duty_watch_seconds=0,
        warnings_watch_hours=0,
    )


def headers(settings: Settings, username: str, role: Role, badge: str) -> dict[str, str]:
    """A new user of ``role`` in the settings' database, and the bearer header that logs them in."""
    with db.session_for(settings) as session:
        user = users_service.create(
            session,
            data=UserCreate(
                username=username, password="pass-1234-word", full_name="测试", role=role, badge_no=badge
            ),
        )
        session.commit()
        token = security.create_access_token(settings, user_id=user.id or 0, role=role)
    return {"Authorization": f"Bearer {token}"}
