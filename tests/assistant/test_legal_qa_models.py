"""Legal Q&A end to end with the real bundled model and knowledge index: through ChatService and POST /api/chat.
Slow on a small host (the model writes one short conclusion per test); kept to two questions."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.chat import ChatService
from assistant.events import DoneEvent, Event, parse_event
from assistant.numbers import check_sentence
from case_api import db
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, UserCreate
from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings
from knowledge.citations import verify_text
from knowledge.statutes.store import load_store

pytestmark = pytest.mark.models

QUESTION = "简易程序当场罚款的上限是多少？"


def _check_legal_answer(events: list[Event]) -> None:
    kinds = [e.type for e in events]
    content = [k for k in kinds if k in ("citation", "delta", "notice", "refused")]
    assert content and content[0] == "citation", kinds  # the provisions before any text
    citations = [e.item for e in events if e.type == "citation"]
    first = citations[0]
    assert first.law == "中华人民共和国行政处罚法" and first.label.startswith("第五十一条")
    assert all(c.verified is True and c.text for c in citations)
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert "对公民处以二百元以下" in text and "对法人或者其他组织处以三千元以下" in text
    quotes = [q for c in citations for q in c.quote or []]
    conclusion = text.split("结论：", 1)[1] if "结论：" in text else ""
    for sentence in filter(None, (s.strip() for s in conclusion.split("。"))):
        assert check_sentence(sentence + "。", quotes).ok, sentence  # only checked sentences reach the user
    assert all(r.ok for r in verify_text(conclusion, store=load_store()).citations)  # the bundled law's
    assert "refused" not in kinds


def test_chat_service_answers_from_the_quotes_with_the_real_model(
    components: Components, kb_settings: Settings
):
    runtime = build_runtime(kb_settings, models=components)
    service = ChatService.from_runtime(
        kb_settings, runtime.get, knowledge=runtime.knowledge, peek=runtime.peek, memory=False
    )
    events = list(service.respond(QUESTION, mode="legal"))
    _check_legal_answer(events)
    assert events[-1] == DoneEvent()


@pytest.fixture
def app_and_token(
    components: Components, kb_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(security, "BCRYPT_ROUNDS", 4)
    settings = kb_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'chat.db'}"})
    db.upgrade(settings)
    with db.session_for(settings) as session:
        user = users_service.create(
            session,
            data=UserCreate(
                username="officer-chat", password="pass-1234-word", full_name="测试队员", role=Role.officer,
                badge_no="50090002",
            ),
        )  # fmt: skip
        session.commit()
        assert user.id is not None
        token = security.create_access_token(settings, user_id=user.id, role=Role.officer)
    return create_app(settings, runtime=build_runtime(settings, models=components)), {
        "Authorization": f"Bearer {token}"
    }


def _post(client: TestClient, headers: dict[str, str], message: str) -> list[Event]:
    with client.stream("POST", "/api/chat", json={"message": message, "mode": "legal"}, headers=headers) as r:
        assert r.status_code == 200
        return [parse_event(line) for line in r.iter_lines() if line.strip()]


def test_post_api_chat_streams_quotes_first_and_refuses_a_missing_law(app_and_token):
    app, headers = app_and_token
    with TestClient(app) as client:
        _check_legal_answer(_post(client, headers, QUESTION))
        refused = _post(client, headers, "《重庆市生活垃圾管理条例》对不分类投放的个人罚多少？")
        kinds = [e.type for e in refused]
        assert "refused" in kinds and "citation" not in kinds
        reason = next(str(e.reason) for e in refused if e.type == "refused")
        assert "重庆市生活垃圾管理条例" in reason
