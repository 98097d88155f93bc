"""A regulation the bureau adds with ``zhifa kb add`` is answered about, cited and verified by the assistant.

The refusal (a question naming a law the corpus lacks), the citation events and the grounding checks read the
same statute store as retrieval — the bundled laws plus the bureau's additions (:class:`KnowledgeBase`). In one
process (the CLI) the addition is seen at once; a running server sees an addition made by another process after
``POST /api/kb/reload`` (admin only). With the real bundled model: its conclusion is checked against the same store.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from assistant.chat import ChatService
from assistant.events import Event, parse_event
from assistant.grounding import ground_answer
from case_api import db
from case_api.users import security
from case_api.users.models import Role
from channels.cli.main import app as cli
from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings
from tests import userlaw

TITLE = "重庆市万州区测试户外招牌设置管理办法"
REGULATION = userlaw.regulation(TITLE)
QUESTION = userlaw.question(TITLE)

pytestmark = pytest.mark.models


@pytest.fixture
def fresh(kb_settings: Settings, tmp_path: Path) -> Settings:
    """A data dir of its own (the bureau's additions must not reach other tests), with the session's index."""
    return userlaw.settings(kb_settings, tmp_path, "law.db")


def _regulation(tmp_path: Path) -> Path:
    path = tmp_path / "招牌办法.txt"
    path.write_text(REGULATION, encoding="utf-8")
    return path


def _answered(events: list[Event]) -> None:
    kinds = [e.type for e in events]
    assert "refused" not in kinds and "error" not in kinds, events
    cited = [e.item for e in events if e.type == "citation"]
    ours = [c for c in cited if c.law == TITLE]
    assert ours and ours[0].label == "第三条" and ours[0].verified is True, cited
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert "处三百元以上一千五百元以下罚款" in text, text
    notices = "".join(str(e.text) for e in events if e.type == "notice")
    assert "未在法规库中核实" not in notices, (
        notices
    )  # the model's conclusion is checked against the same store


def _refused(events: list[Event]) -> str:
    refused = [e for e in events if e.type == "refused"]
    assert refused, events
    return refused[0].reason


def test_an_added_regulation_is_answered_cited_and_verified_in_the_same_process(
    components: Components, fresh: Settings, tmp_path: Path
) -> None:
    runtime = build_runtime(fresh, models=components)
    service = ChatService.from_runtime(
        fresh, runtime.get, knowledge=runtime.knowledge, peek=runtime.peek, memory=False
    )
    before = list(service.respond(QUESTION, mode="legal"))
    assert f"法规库中没有《{TITLE}》" in _refused(before)

    # `zhifa kb add` in this process, on this process's container: the law, its index step, the reload
    added = CliRunner().invoke(
        cli, ["kb", "add", str(_regulation(tmp_path)), "--region", "重庆"], obj=runtime
    )
    assert added.exit_code == 0, added.output

    _answered(list(service.respond(QUESTION, mode="legal")))  # the same service object, no restart
    kb = runtime.knowledge
    assert kb.generation == 1
    answer = f"依据《{TITLE}》第三条，逾期不改正的，处三百元以上一千五百元以下罚款。"
    assert kb.verify(answer).ok
    grounded = ground_answer(answer, store=kb.store)
    assert not grounded.unverified and grounded.provisions[0].law == TITLE
    assert grounded.provisions[0].verified


def test_the_server_answers_about_an_addition_after_the_reload_call(
    components: Components, fresh: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)
    db.upgrade(fresh)
    admin = userlaw.headers(fresh, "admin-reload", Role.admin, "50090101")
    officer = userlaw.headers(fresh, "officer-reload", Role.officer, "50090102")
    runtime = build_runtime(fresh, models=components)
    runtime.get("knowledge")
    app = create_app(fresh, runtime=runtime)

    def ask(client: TestClient) -> list[Event]:
        body = {"message": QUESTION, "mode": "legal"}
        with client.stream("POST", "/api/chat", json=body, headers=officer) as resp:
            assert resp.status_code == 200
            return [parse_event(line) for line in resp.iter_lines() if line.strip()]

    with TestClient(app) as client:
        assert "法规库中没有" in _refused(ask(client))
        # another process adds it: the CLI, with the index step
        env = {**os.environ, "ZHIFA_DATA_DIR": str(fresh.data_dir), "ZHIFA_ENVIRONMENT": "test"}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "channels.cli.main",
                "kb",
                "add",
                str(_regulation(tmp_path)),
                "--region",
                "重庆",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "法规库中没有" in _refused(ask(client))  # the server still reads what it loaded

        refused = client.post("/api/kb/reload", headers=officer)
        assert refused.status_code == 403 and refused.json()["code"] == "role_forbidden"
        reloaded = client.post("/api/kb/reload", headers=admin)
        assert reloaded.status_code == 200, reloaded.text
        assert TITLE in reloaded.json()["user_laws"]

        _answered(ask(client))
        found = client.get("/api/kb/search", params={"q": "未按照规划设置户外招牌"}, headers=officer).json()
        assert any(h["law_id"] == reloaded.json()["user_laws"][TITLE] for h in found["hits"]), found
