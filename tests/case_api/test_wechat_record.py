"""The WeChat record on SQLite and PostgreSQL: message dedupe and delivery claims (one winner among racing
threads), one-time binding codes, the mini-channel's case binding (throttled), masking, statements within their
time limit, and the notification log that never sends twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from case_api import db
from case_api.cases.models import Case, CaseState
from case_api.demo.casefactory import Actors, CaseSpec, make_case
from case_api.errors import TooManyAttempts, ValidationFailed
from case_api.sqltypes import utcnow
from case_api.users.models import User
from case_api.wechat import citizens, notify, service
from case_api.wechat.models import App, Inbound, InboundStatus, MiniBind
from core.settings import Settings

Headers = Callable[[User], dict[str, str]]


def make(session: Session, settings: Settings, users: dict[str, User], target: CaseState, **kw: str) -> Case:
    actors = Actors(users["officer"], users["officer2"], users["legal"], users["commander"])
    spec = CaseSpec("五桥烧烤摊占道经营", "占道经营", "五桥街道 百安路 9 号", 200, target, **kw)  # type: ignore[arg-type]
    case = make_case(session, settings=settings, actors=actors, spec=spec, start=utcnow() - timedelta(days=3))
    session.commit()
    return case


def test_inbound_is_stored_once_and_each_delivery_step_has_one_winner(settings: Settings) -> None:
    with db.session_for(settings) as session:
        assert service.record_inbound(session, msg_key="6843521", openid="oA", kind="text") is True
        assert service.record_inbound(session, msg_key="6843521", openid="oA", kind="text") is False
    wins: list[bool] = []
    barrier = threading.Barrier(6)

    def race(to: InboundStatus) -> None:
        with db.session_for(settings) as s:
            barrier.wait()
            wins.append(service.claim(s, msg_key="6843521", from_=(InboundStatus.pending,), to=to))

    threads = [threading.Thread(target=race, args=(InboundStatus.inline if i % 2 else InboundStatus.deferred,))
               for i in range(6)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 5 + [True]
    with db.session_for(settings) as session:
        row = session.exec(select(Inbound)).one()
        assert row.status in (InboundStatus.inline, InboundStatus.deferred)
        if row.status == InboundStatus.inline:
            assert row.answered_at is not None


def test_binding_code_is_one_time_expires_and_is_throttled(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    code, expires = service.issue_code(session, settings=settings, user=users["commander"])
    session.commit()
    assert len(code) == 8 and expires > utcnow()
    user = service.redeem_code(session, settings=settings, openid="oCmd", code=code)
    assert user.id == users["commander"].id
    assert service.user_for_openid(session, app=App.official, openid="oCmd").id == user.id  # type: ignore[union-attr]
    with pytest.raises(ValidationFailed):
        service.redeem_code(session, settings=settings, openid="oOther", code=code)
    old, _ = service.issue_code(
        session, settings=settings, user=users["legal"], now=utcnow() - timedelta(hours=1)
    )
    session.commit()
    with pytest.raises(ValidationFailed):  # expired
        service.redeem_code(session, settings=settings, openid="oLegal", code=old)
    with pytest.raises(ValidationFailed):  # citizens do not bind the official account to their record
        service.issue_code(session, settings=settings, user=users["citizen"])
    for i in range(4):  # with the expired one: five failures
        with pytest.raises(ValidationFailed):
            service.redeem_code(session, settings=settings, openid="oLegal", code=f"{i:08d}")
    fresh, _ = service.issue_code(session, settings=settings, user=users["legal"])
    session.commit()
    with pytest.raises(TooManyAttempts):  # five failures: even the right code waits
        service.redeem_code(session, settings=settings, openid="oLegal", code=fresh)


def test_citizen_binds_by_case_number_and_phone_or_id_throttled(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    case = make(session, settings, users, CaseState.served)
    other = make(session, settings, users, CaseState.served, party_name="王五", party_phone="13700001111",
                 party_id_number="500101197001017777")  # fmt: skip
    citizen = citizens.citizen_for_openid(session, openid="oMiniCitizen")
    assert (
        citizens.citizen_for_openid(session, openid="oMiniCitizen").id == citizen.id
    )  # one account per openid
    assert case.case_number and other.case_number
    bound = citizens.bind_case(
        session, user=citizen, data=MiniBind(case_no=case.case_number, phone="139-1234-5678")
    )
    assert bound.id == case.id
    by_id = citizens.bind_case(session, user=citizen, data=MiniBind(case_no=case.case_number,
                                                                    id_number="500101199001011234"))  # fmt: skip
    assert by_id.id == case.id
    assert [c.id for c in citizens.bound_cases(session, user=citizen)] == [case.id]
    view = citizens.present(session, case)
    assert view.party_phone == "139****5678" and view.party_id_number == "5001**********1234"
    assert view.party_name == "张*"
    for phone in (
        "13912345678",
        "13800000000",
        "13912345679",
        "13700001110",
    ):  # another's case, wrong numbers
        with pytest.raises(Exception) as err:
            citizens.bind_case(session, user=citizen, data=MiniBind(case_no=other.case_number, phone=phone))
        assert getattr(err.value, "code", "") == "case_lookup_failed"
    with pytest.raises(Exception) as err:
        citizens.bind_case(session, user=citizen, data=MiniBind(case_no="不存在的案号", phone="13912345678"))
    assert getattr(err.value, "code", "") == "case_lookup_failed"
    with pytest.raises(TooManyAttempts):  # locked now, even with the right phone
        citizens.bind_case(
            session, user=citizen, data=MiniBind(case_no=other.case_number, phone="13700001111")
        )
    assert [c.id for c in citizens.bound_cases(session, user=citizen)] == [case.id]


def test_statement_only_within_its_time_limit(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    notified = make(session, settings, users, CaseState.notified)
    served = make(session, settings, users, CaseState.served)
    citizen = citizens.citizen_for_openid(session, openid="oStatement")
    for c in (notified, served):
        assert c.case_number is not None
        citizens.bind_case(session, user=citizen, data=MiniBind(case_no=c.case_number, phone="13912345678"))
    assert citizens.present(session, notified).statement_open is True
    statement = citizens.add_statement(
        session, user=citizen, case=notified, text="我是初次摆摊，已当场改正，请求从轻。"
    )
    assert statement.id is not None
    view = citizens.present(session, served)
    assert view.statement_open is False and "期限已过" in view.statement_reason
    with pytest.raises(Exception) as err:
        citizens.add_statement(session, user=citizen, case=served, text="决定后才提出的申辩")
    assert getattr(err.value, "code", "") == "statement_closed"


def test_mini_routes_keep_to_the_citizens_own_cases(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User], auth_headers: Headers
) -> None:
    mine = make(session, settings, users, CaseState.served)
    citizen = citizens.citizen_for_openid(session, openid="oRoutes")
    session.refresh(citizen)
    headers = auth_headers(citizen)
    assert client.get(f"/api/mini/cases/{mine.id}", headers=headers).status_code == 404  # not bound yet
    r = client.post(
        "/api/mini/cases/bind", headers=headers, json={"case_no": mine.case_number, "phone": "13912345678"}
    )
    assert r.status_code == 201, r.text
    assert r.json()["party_phone"] == "139****5678"
    assert [c["case_id"] for c in client.get("/api/mini/cases", headers=headers).json()] == [mine.id]
    assert client.get("/api/mini/cases", headers=auth_headers(users["officer"])).status_code == 403
    assert client.get("/api/mini/cases").status_code == 401
    r = client.post("/api/mini/cases/bind", headers=headers, json={"case_no": mine.case_number})
    assert r.status_code == 422 and r.json()["code"] == "identity_required"


def test_notifications_are_logged_once_per_event_and_recipient(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    case = make(session, settings, users, CaseState.served)
    citizen = citizens.citizen_for_openid(session, openid="oNotify")
    assert case.case_number is not None
    citizens.bind_case(session, user=citizen, data=MiniBind(case_no=case.case_number, phone="13912345678"))
    pending = notify.pending_citizen(session)
    assert [p.event_key for p in pending] == [f"decision:{case.id}"]
    first = notify.start(session, pending[0], channel="subscribe")
    assert first is not None
    assert notify.start(session, pending[0], channel="subscribe") is None  # a second worker: nothing to send
    notify.finish(session, first)
    assert notify.pending_citizen(session) == []
