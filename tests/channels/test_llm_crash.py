"""Crash isolation, end to end: the LLM's child process is killed with SIGSEGV in the middle of a chat answer.

The client gets an ``error`` event (never a silently cut stream), the server goes on serving the case API,
``/readyz`` reports the LLM as restarting with the signal, the supervisor brings the model back, and the next
question is answered — all through the product's own routes, with the real bundled model.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from assistant.llm.llama_server import ManagedLlamaBackend, describe_exit
from case_api import db
from case_api.demo.seed import seed
from case_api.sqltypes import utcnow
from case_api.users import security
from case_api.users.models import Role, User
from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings

pytestmark = pytest.mark.models
QUESTION = "在人行道上摆摊占道经营，罚款是多少？"


@pytest.fixture
def app_and_token(components: Components, kb_settings: Settings, tmp_path: Path):
    settings = kb_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'crash.db'}"})
    db.upgrade(settings)
    with db.session_for(settings) as session:
        seed(session, settings=settings, now=utcnow())
        session.commit()
        officer = next(u for u in session.exec(select(User)) if u.role == Role.officer)
        token = security.create_access_token(settings, user_id=officer.id or 0, role=Role.officer)
    runtime = build_runtime(settings, models=components)
    runtime.get("llm")
    runtime.get("knowledge")
    return create_app(settings, runtime=runtime), {"Authorization": f"Bearer {token}"}


def _events(client: TestClient, headers: dict[str, str], on_delta=None) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    body = {"message": QUESTION, "mode": "legal"}
    with client.stream("POST", "/api/chat", json=body, headers=headers) as resp:
        assert resp.status_code == 200
        for line in resp.iter_lines():
            if not line.strip():
                continue
            event = json.loads(line)
            events.append(event)
            if event["type"] == "delta" and on_delta is not None:
                on_delta()
                on_delta = None
    return events


def test_a_segfault_in_the_llm_child_costs_one_answer_not_the_server(app_and_token) -> None:
    app, headers = app_and_token
    llm = app.state.runtime.get("llm")
    assert isinstance(llm, ManagedLlamaBackend)
    first_pid = llm.process.pid
    assert first_pid is not None and first_pid != os.getpid()

    with TestClient(app) as client:
        killed = _events(client, headers, on_delta=lambda: os.kill(first_pid, signal.SIGSEGV))
        kinds = [e["type"] for e in killed]
        assert "delta" in kinds and kinds[-1] == "error", kinds
        message = str(killed[-1]["message"])
        assert "大模型进程异常退出" in message and "重新提问" in message, message

        # the record is untouched by the model's crash
        cases = client.get("/api/cases", headers=headers)
        assert cases.status_code == 200 and len(cases.json()) > 0

        ready = client.get("/readyz").json()["components"]["llm"]
        if ready["status"] != "ready":  # the supervisor may already have brought it back
            assert ready["status"] == "restarting", ready
            assert describe_exit(-signal.SIGSEGV) in ready["error"]

        deadline = time.monotonic() + 120
        while client.get("/readyz").json()["components"]["llm"]["status"] != "ready":
            assert time.monotonic() < deadline, "the LLM did not come back"
            time.sleep(0.5)
        assert llm.process.pid != first_pid and llm.process.restarts == 1
        assert llm.process.last_exit == "信号 SIGSEGV"

        again = _events(client, headers)
        kinds = [e["type"] for e in again]
        assert "error" not in kinds and kinds[-1] == "done", again
        answer = "".join(str(e["text"]) for e in again if e["type"] == "delta")
        assert len(answer) >= 10 and "citation" in kinds


def test_a_child_that_cannot_start_fails_with_the_reason(settings: Settings, tmp_path: Path) -> None:
    from assistant.llm.llama_server import start_managed
    from core.errors import ModelError

    bogus = tmp_path / "not-a-model.gguf"
    bogus.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelError, match="大模型进程启动失败"):
        start_managed(settings, model_path=bogus)
