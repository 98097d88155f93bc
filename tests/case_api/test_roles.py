"""The role matrix, table-driven over every case_api route this package owns; citizens see only their cases."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.users.models import User

from . import factories as f

ALL = {"officer", "legal", "commander", "admin", "citizen"}
STAFF = {"officer", "legal", "commander", "admin"}

# (method, path template, json body, roles allowed past the role check)
MATRIX: list[tuple[str, str, dict[str, object] | None, set[str]]] = [
    ("GET", "/api/auth/me", None, ALL),
    ("GET", "/api/users", None, {"admin", "commander", "legal"}),
    ("POST", "/api/users", {"username": "u-{role}", "full_name": "某", "role": "legal", "password": "12345678x"},
     {"admin"}),
    ("GET", "/api/audit/verify", None, {"legal", "commander", "admin"}),
    ("GET", "/api/audit", None, {"legal", "commander", "admin"}),
    ("GET", "/api/cases", None, ALL),
    ("POST", "/api/cases", {"title": "出店经营"}, {"officer", "commander"}),
    ("GET", "/api/cases/overdue", None, STAFF),
    ("GET", "/api/cases/{own}", None, ALL),
    ("PATCH", "/api/cases/{own}", {"facts": "补充"}, {"officer", "legal"}),
    ("POST", "/api/cases/{own}/transitions", {"to_state": "accepted"}, {"officer", "legal", "commander"}),
    ("POST", "/api/cases/{own}/officers", {"user_ids": []}, {"officer", "commander"}),
    ("POST", "/api/cases/{own}/payments", {"amount_fen": 1, "paid_at": "2026-03-02T10:00:00+08:00", "ref": "x"},
     {"legal"}),
    ("GET", "/api/cases/{own}/timeline", None, ALL),
    ("GET", "/api/cases/{own}/evidence", None, ALL),
    ("GET", "/api/cases/{own}/documents", None, ALL),
    ("POST", "/api/cases/{own}/documents", {"doc_type": "rectification_notice"}, {"officer", "legal"}),
    ("GET", "/api/documents/types", None, ALL),
    ("POST", "/api/parties", {"kind": "individual", "name": "王五"}, {"officer", "legal"}),
    ("GET", "/api/parties", None, {"officer", "legal", "commander"}),
    ("GET", "/api/parties/{party}", None, {"officer", "legal", "commander"}),
    ("GET", "/api/parties/{party}/full", None, {"officer", "legal"}),
    ("GET", "/api/stats/summary", None, STAFF),
]  # fmt: skip


@pytest.fixture
def ids(session: Session, users: dict[str, User]) -> dict[str, int]:
    mine = f.case(session, users["officer"])  # party is the citizen 张三 (same ID number)
    session.commit()
    return {"own": mine.id or 0, "party": mine.party_id or 0}


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX]
)
def test_role_matrix(
    client: TestClient, users: dict[str, User], auth_headers: Callable[[User], dict[str, str]], ids: dict[str, int],
    method: str, path: str, body: dict[str, object] | None, allowed: set[str],
) -> None:  # fmt: skip
    url = path.format(**ids)
    assert client.request(method, url, json=body).status_code == 401
    for role in sorted(ALL):
        payload = {k: (v.format(role=role) if isinstance(v, str) else v) for k, v in (body or {}).items()}
        r = client.request(
            method, url, json=payload if body is not None else None, headers=auth_headers(users[role])
        )
        if role in allowed:
            assert r.status_code != 403 and r.status_code < 500, (role, r.status_code, r.text)
        else:
            assert r.status_code == 403, (role, r.status_code, r.text)
            assert r.json()["code"] == "role_forbidden" and r.json()["message"].startswith("无权")


def test_citizen_sees_only_own_cases(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    mine = f.case(session, users["officer"])
    theirs = f.case(
        session, users["officer"], party_obj=f.party(session, name="李四", id_number="500101198505052345")
    )
    stranger = f.case(session, users["officer"], party_obj=f.party(session, name="王五", id_number="500101197001013456",
                                                                 phone="13700000000"))  # fmt: skip
    session.commit()
    h1, h2 = auth_headers(users["citizen"]), auth_headers(users["citizen2"])
    assert [c["id"] for c in client.get("/api/cases", headers=h1).json()] == [mine.id]
    assert [c["id"] for c in client.get("/api/cases", headers=h2).json()] == [theirs.id]
    for other in (theirs, stranger):
        for sub in ("", "/timeline", "/evidence", "/documents"):
            r = client.get(f"/api/cases/{other.id}{sub}", headers=h1)
            assert r.status_code == 404, (sub, r.text)
    assert client.get(f"/api/cases/{mine.id}", headers=h1).status_code == 200
    staff = client.get("/api/cases", headers=auth_headers(users["commander"])).json()
    assert {c["id"] for c in staff} == {mine.id, theirs.id, stranger.id}


def test_citizen_cannot_act_on_a_case(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    mine = f.case(session, users["officer"])
    session.commit()
    r = client.post(f"/api/cases/{mine.id}/transitions", json={"to_state": "dropped"},
                    headers=auth_headers(users["citizen"]))  # fmt: skip
    assert r.status_code == 403


def test_step_roles_via_api(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    session.commit()
    url = f"/api/cases/{c.id}/transitions"
    assert (
        client.post(url, json={"to_state": "accepted"}, headers=auth_headers(users["officer"])).status_code
        == 200
    )
    r = client.post(url, json={"to_state": "filed"}, headers=auth_headers(users["officer"]))
    assert r.status_code == 403 and "指挥员" in r.json()["message"]
    r = client.post(url, json={"to_state": "decided"}, headers=auth_headers(users["commander"]))
    assert (
        r.status_code == 409 and r.json()["code"] == "invalid_transition" and "不能从" in r.json()["message"]
    )
    r = client.post(url, json={"to_state": "filed"}, headers=auth_headers(users["commander"]))
    body = r.json()
    assert r.status_code == 200 and body["case_number"].startswith("万城管罚决字")
    assert body["deadlines"][0]["kind"] == "decision" and body["deadlines"][0]["article"].endswith("第六十条")
    assert "investigating" in body["allowed_transitions"]


def test_citizen_visibility_is_one_rule_everywhere(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    """The ID number matches whatever the case of its check letter X; a phone matches only a party without an ID
    number. The list, the detail and every per-case read agree on it."""
    citizen = users["citizen"]
    citizen.id_number = "50010119900101123x"
    session.add(citizen)
    session.commit()
    by_id = f.case(
        session, users["officer"], party_obj=f.party(session, id_number="50010119900101123X", phone=None)
    )
    by_phone = f.case(session, users["officer"], party_obj=f.party(session, id_number=None))
    other_id_same_phone = f.case(
        session, users["officer"], party_obj=f.party(session, name="张三", id_number="500101199001019999")
    )
    session.commit()
    h = auth_headers(citizen)
    listed = {c["id"] for c in client.get("/api/cases", headers=h).json()}
    assert listed == {by_id.id, by_phone.id}
    for case, visible in ((by_id, True), (by_phone, True), (other_id_same_phone, False)):
        for sub in ("", "/timeline", "/evidence", "/documents"):
            r = client.get(f"/api/cases/{case.id}{sub}", headers=h)
            assert r.status_code == (200 if visible else 404), (case.id, sub, r.text)
