"""Conversation memory in the database (SQLite and PostgreSQL): per user, own-only, retention, deletion; and
follow-ups that inherit the topic ("那如果是单位呢？" re-runs the offence for an organisation)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from assistant.chat import ChatService
from assistant.memory import Memory, resolve
from assistant.offence import OffenceAdvisor
from case_api import db
from case_api.errors import NotFound
from case_api.sqltypes import utcnow
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, UserCreate
from case_api.users.principals import Principal
from core.settings import Settings
from knowledge.base import KnowledgeBase

PG_ADMIN_URL = os.environ.get(
    "ZHIFA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _users(settings: Settings) -> dict[str, Principal]:
    rounds, security.BCRYPT_ROUNDS = security.BCRYPT_ROUNDS, 4
    out: dict[str, Principal] = {}
    try:
        with db.session_for(settings) as session:
            for name, role in (("mem-officer", Role.officer), ("mem-citizen", Role.citizen)):
                user = users_service.get_by_username(session, name) or users_service.create(
                    session,
                    data=UserCreate(username=name, password="pass-1234-word", full_name="测试", role=role,
                                    phone="13900001111" if role == Role.citizen else None,
                                    badge_no="50019990001" if role == Role.officer else None),
                )  # fmt: skip
                session.commit()
                out[name] = Principal.of(user)
    finally:
        security.BCRYPT_ROUNDS = rounds
    return out


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def mem_settings(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'memory.db'}"
        engine = None
    else:
        admin = make_url(PG_ADMIN_URL)
        name = f"zhifa_test_memory_{os.getpid()}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = admin.set(database=name).render_as_string(hide_password=False)
    fresh = settings.model_copy(update={"database_url": url})
    db.upgrade(fresh)
    yield fresh
    db.dispose_engine(url)
    if engine is not None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        engine.dispose()


def test_conversations_are_stored_per_user_and_deleted(mem_settings: Settings) -> None:
    users = _users(mem_settings)
    officer, citizen = users["mem-officer"], users["mem-citizen"]
    memory = Memory(mem_settings)
    conv, topic = memory.open(user_id=officer.id, conversation_id=None, title="占道经营")
    assert topic == {}
    memory.record(
        conversation_id=conv, user_id=officer.id, question="摊主〔姓名1〕占道经营", answer="最可能的违法行为：…",
        skill="offence", topic={"skill": "offence", "question": "摊主〔姓名1〕占道经营", "party_type": "individual"},
    )  # fmt: skip
    again, topic = memory.open(user_id=officer.id, conversation_id=conv, title="")
    assert again == conv and topic["skill"] == "offence" and topic["party_type"] == "individual"
    history = memory.history(conversation_id=conv, user_id=officer.id)
    assert [m["role"] for m in history] == ["user", "assistant"] and history[0][
        "text"
    ] == "摊主〔姓名1〕占道经营"
    assert [c.id for c in memory.conversations(user_id=officer.id)] == [conv]
    # another user's conversation looks absent: open, read, delete
    with pytest.raises(NotFound):
        memory.open(user_id=citizen.id, conversation_id=conv, title="")
    with pytest.raises(NotFound):
        memory.history(conversation_id=conv, user_id=citizen.id)
    with pytest.raises(NotFound):
        memory.delete(conversation_id=conv, user_id=citizen.id)
    assert memory.conversations(user_id=citizen.id) == []
    memory.delete(conversation_id=conv, user_id=officer.id)
    with pytest.raises(NotFound):
        memory.history(conversation_id=conv, user_id=officer.id)


def test_retention_deletes_old_conversations(mem_settings: Settings) -> None:
    users = _users(mem_settings)
    officer = users["mem-officer"]
    memory = Memory(mem_settings.model_copy(update={"chat_retention_days": 7}))
    old, _ = memory.open(user_id=officer.id, conversation_id=None, title="旧")
    memory.record(conversation_id=old, user_id=officer.id, question="q", answer="a", skill="legal",
                  topic={"skill": "legal", "question": "q"}, now=utcnow() - timedelta(days=8))  # fmt: skip
    assert [
        c.id for c in memory.conversations(user_id=officer.id)
    ] == []  # purged by its own write, 8 > 7 days
    new, _ = memory.open(user_id=officer.id, conversation_id=None, title="新")
    memory.record(conversation_id=new, user_id=officer.id, question="q", answer="a", skill="legal",
                  topic={"skill": "legal", "question": "q"})  # fmt: skip
    assert [c.id for c in memory.conversations(user_id=officer.id)] == [new]


# --- follow-ups ------------------------------------------------------------------------------------------
def test_follow_up_resolution() -> None:
    offence = {
        "skill": "offence",
        "question": "商户把桌椅摆到店门口的人行道上经营",
        "party_type": "individual",
    }
    r = resolve("那如果是单位呢？", offence, party_type="individual")
    assert (r.skill, r.text, r.party_type, r.follow_up) == (
        "offence",
        offence["question"],
        "organisation",
        True,
    )
    r = resolve("如果是第二次呢", offence, party_type="individual")
    assert r.skill == "offence" and r.text.startswith(offence["question"]) and "第二次" in r.text
    legal = {"skill": "legal", "question": "当事人要求听证的期限是几日？"}
    r = resolve("那复议呢？", legal, party_type="individual")
    assert r.skill == "legal" and "听证" in r.text and "复议" in r.text
    tools = {"skill": "tools", "question": "五桥片区现在谁在值班？"}
    r = resolve("那龙都呢？", tools, party_type="individual")
    assert r.skill == "tools" and "龙都片区" in r.text and "五桥" not in r.text
    assert resolve("简易程序罚款上限是多少？", offence, party_type="individual").skill is None
    assert resolve("那如果是单位呢？", {}, party_type="individual").skill is None


def test_chat_follow_up_reruns_the_offence_for_an_organisation(
    mem_settings: Settings, knowledge: KnowledgeBase
) -> None:
    """Through the chat service and the database: the second message names no situation, yet the offence is
    matched again for an organisation, in the same conversation."""
    officer = _users(mem_settings)["mem-officer"]
    chat = ChatService(lambda: pytest.fail("no legal question here"), OffenceAdvisor(knowledge),
                       settings=mem_settings, memory=Memory(mem_settings))  # fmt: skip
    first = list(
        chat.respond("商户把桌椅摆到店门口的人行道上经营，第一次被发现，要罚款吗？", principal=officer)
    )
    conv = str(next(e.id for e in first if e.type == "conversation"))
    assert [e.name for e in first if e.type == "skill"] == ["offence"]
    cards = [e.item for e in first if e.type == "offence"]
    second = list(chat.respond("那如果是单位呢？", principal=officer, conversation_id=conv))
    assert next(e.id for e in second if e.type == "conversation") == conv
    assert [e.name for e in second if e.type == "skill"] == ["offence"]
    again = [e.item for e in second if e.type == "offence"]
    assert again[0].id == cards[0].id
    # the organisation's range, not the individual's (shopfront trading: 500–2000 yuan against 50–500)
    assert again[0].fine != cards[0].fine
    direct = [
        e
        for e in OffenceAdvisor(knowledge).stream(
            "商户把桌椅摆到店门口的人行道上经营，第一次被发现，要罚款吗？", party_type="organisation"
        )
        if e.type == "offence"
    ]
    assert again[0].fine == direct[0].item.fine
    assert len(Memory(mem_settings).history(conversation_id=conv, user_id=officer.id)) == 4
