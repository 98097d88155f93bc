"""Personal data is masked in public views; unmasked reads are audited."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.audit import service as audit_service
from case_api.masking import mask_id_number, mask_name, mask_phone
from case_api.users.models import User

from . import factories as f


def test_mask_functions() -> None:
    assert mask_phone("13912345678") == "139****5678"
    assert mask_id_number("500101199001011234") == "5001**********1234"
    assert mask_id_number("91500101MA5XXXXX1X") == "9150**********XX1X"
    assert mask_name("张三丰") == "张**"
    assert mask_phone(None) is None and mask_phone("123") == "***"


def test_party_views_are_masked(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    party = f.party(session)
    session.commit()
    h = auth_headers(users["officer"])
    body = client.get(f"/api/parties/{party.id}", headers=h).json()
    assert body["id_number_masked"] == "5001**********1234" and body["phone_masked"] == "139****5678"
    assert "500101199001011234" not in str(body) and "13912345678" not in str(body)
    listed = client.get("/api/parties", headers=h).text
    assert "500101199001011234" not in listed and "13912345678" not in listed
    full = client.get(f"/api/parties/{party.id}/full", headers=h).json()
    assert full["id_number"] == "500101199001011234"
    assert any(e.action == "party.revealed" for e in audit_service.list_entries(session, entity="party"))


def test_case_and_user_views_do_not_leak_numbers(
    client: TestClient,
    session: Session,
    users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:
    c = f.case(session, users["officer"])
    session.commit()
    text = client.get(f"/api/cases/{c.id}", headers=auth_headers(users["commander"])).text
    assert "500101199001011234" not in text and "13912345678" not in text
    text = client.get("/api/users", headers=auth_headers(users["admin"])).text
    assert "500101199001011234" not in text and "13912345678" not in text and "hashed_password" not in text
