"""POST /api/chat over the seeded demo district: NDJSON events, conversations (continue, list, show masked, delete
own only), record tools bounded by the caller's role, prompt injection changing no permission."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from case_api import db
from case_api.demo import data as demo_data
from case_api.roster import service as roster_service
from case_api.roster.models import Location, ShiftCreate
from case_api.users import security
from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings
from tests.assistant.test_tools import INJECTIONS, DemoRecord, seed_demo

SITUATION = "商户把桌椅摆到店门口的人行道上经营，第一次被发现，当场就收回去了，要罚款吗？"


def cover_now(record: DemoRecord) -> None:
    """The server answers at the real time: give each demo officer a shift now (when the seeded day shift does
    not cover it) and a position at their grid's centre, as the seed does for its own time."""
    now = datetime.now(UTC)
    with db.session_for(record.settings) as session:
        grids = {g.code: g for g in roster_service.list_grids(session)}
        officers = {o.badge_no: o for o in roster_service.list_officers(session)}
        for _, role, _, badge, _, code, _ in demo_data.STAFF:
            if role != "officer" or badge is None or code is None:
                continue
            officer, grid = officers[badge], grids[code]
            assert officer.id is not None and grid.id is not None
            if roster_service.active_shift(session, officer_id=officer.id, at=now) is None:
                # between the officer's seeded shifts: the one before may end, the next begin, within the hour
                theirs = roster_service.list_shifts(session, officer_id=officer.id)
                starts = max(
                    [x.ends_at for x in theirs if x.ends_at <= now], default=now - timedelta(minutes=30)
                )
                ends = min(
                    [x.starts_at for x in theirs if x.starts_at > now], default=now + timedelta(hours=3)
                )
                roster_service.create_shift(
                    session,
                    data=ShiftCreate(officer_id=officer.id, grid_id=grid.id,
                                     starts_at=max(starts, now - timedelta(minutes=30)),
                                     ends_at=min(ends, now + timedelta(hours=3))),
                    actor_id=None,
                )  # fmt: skip
            where = Location(lat=grid.center_lat, lon=grid.center_lon, at=now - timedelta(minutes=1))
            roster_service.report_position(session, officer_id=officer.id, location=where)
        session.commit()


@pytest.fixture(scope="module")
def demo(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRecord]:
    record = seed_demo(settings, tmp_path_factory.mktemp("chat-api"))
    cover_now(record)
    yield record
    db.dispose_engine(record.settings.sqlalchemy_url)


@pytest.fixture(scope="module")
def client(components: Components, demo: DemoRecord) -> Iterator[TestClient]:
    app = create_app(demo.settings, runtime=build_runtime(demo.settings, models=components))
    with TestClient(app) as c:
        yield c


def auth(demo: DemoRecord, username: str) -> dict[str, str]:
    user = demo.users[username]
    return {
        "Authorization": f"Bearer {security.create_access_token(demo.settings, user_id=user.id, role=user.role)}"
    }


def events(response: Any) -> list[dict[str, object]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines() if line.strip()]


def test_offence_answer_streams_typed_events_and_a_conversation(client: TestClient, demo: DemoRecord) -> None:
    got = events(client.post("/api/chat", json={"message": SITUATION}, headers=auth(demo, "officer")))
    assert got[0]["type"] == "conversation" and got[-1] == {"type": "done"}
    assert [e["name"] for e in got if e["type"] == "skill"] == ["offence"]
    card = next(e["item"] for e in got if e["type"] == "offence")
    assert card["id"] == "shopfront-trading"  # type: ignore[index]
    assert any(e["type"] == "citation" for e in got) and any(e["type"] == "similar_case" for e in got)
    conv = got[0]["id"]
    follow = events(
        client.post(
            "/api/chat",
            json={"message": "那如果是单位呢？", "conversation_id": conv},
            headers=auth(demo, "officer"),
        )
    )
    assert follow[0] == {"type": "conversation", "id": conv}
    org = next(e["item"] for e in follow if e["type"] == "offence")
    assert org["id"] == "shopfront-trading" and org["fine"] != card["fine"]  # type: ignore[index]


def test_conversations_are_the_caller_s_own(client: TestClient, demo: DemoRecord) -> None:
    officer, citizen = auth(demo, "officer"), auth(demo, "citizen")
    message = "当事人王小明，电话13812345678，在路边摆摊卖菜，要罚吗"
    got = events(client.post("/api/chat", json={"message": message}, headers=officer))
    conv = str(got[0]["id"])
    assert conv in [c["id"] for c in client.get("/api/chat/conversations", headers=officer).json()]
    shown = client.get(f"/api/chat/conversations/{conv}", headers=officer).json()
    stored = json.dumps(shown, ensure_ascii=False)
    assert "13812345678" not in stored and "王小明" not in stored and "138****5678" in stored  # stored masked
    for method in ("get", "delete"):
        other = getattr(client, method)(f"/api/chat/conversations/{conv}", headers=citizen)
        assert other.status_code == 404 and other.json()["code"] == "conversation_not_found"
    borrowed = client.post(
        "/api/chat", json={"message": "那如果是单位呢？", "conversation_id": conv}, headers=citizen
    )
    assert borrowed.status_code == 404 and borrowed.json()["code"] == "conversation_not_found"
    assert client.delete(f"/api/chat/conversations/{conv}", headers=officer).status_code == 204
    assert client.get(f"/api/chat/conversations/{conv}", headers=officer).status_code == 404
    assert client.delete("/api/chat/conversations/x", headers={}).status_code == 401


def test_dispatch_question_answers_from_the_roster(client: TestClient, demo: DemoRecord) -> None:
    got = events(
        client.post("/api/chat", json={"message": "五桥片区现在谁在值班？"}, headers=auth(demo, "commander"))
    )
    tool = next(e for e in got if e["type"] == "tool")
    assert tool["name"] == "on_duty"
    assert sorted(o["name"] for o in tool["result"]["officers"]) == ["李建国", "王晓东"]  # type: ignore[index]
    text = "".join(str(e["text"]) for e in got if e["type"] == "delta")
    assert "李建国" in text and "王晓东" in text


@pytest.mark.parametrize("message", INJECTIONS)
def test_citizen_injection_reveals_nothing(client: TestClient, demo: DemoRecord, message: str) -> None:
    got = events(
        client.post("/api/chat", json={"message": message, "mode": "tools"}, headers=auth(demo, "citizen"))
    )
    body = json.dumps(got, ensure_ascii=False)
    for _, _, name, _, phone, _, _ in demo_data.STAFF:
        assert name not in body and phone not in body
    for title, *_ in demo_data.CASES:
        if title not in (
            "高笋塘店外经营（已送达待缴款）",
            "五桥烧烤摊占道经营（已缴款）",
        ):  # the citizen's own two
            assert title not in body
    for e in got:
        if e["type"] == "tool":
            result = e["result"]
            assert isinstance(result, dict)
            assert result.get("denied") or result.get("scope") == "own" or result.get("cases") == []
