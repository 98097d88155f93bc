"""Server errors an OpenAPI fuzz run found, each kept as a regression test (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from case_api.users.models import User


def test_patch_officer_with_available_null_is_a_422_not_a_500(
    client: TestClient, users: dict[str, User], auth_headers: Callable[[User], dict[str, str]]
) -> None:
    admin = auth_headers(users["admin"])
    u = users["officer"]
    body = {"name": u.full_name, "badge_no": u.badge_no, "user_id": u.id, "unit": "一中队"}
    officer = client.post("/api/roster/officers", headers=admin, json=body).json()
    for field in ("available", "unit"):
        r = client.patch(f"/api/roster/officers/{officer['id']}", headers=admin, json={field: None})
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "null_not_allowed" and field in r.json()["message"]
    ok = client.patch(f"/api/roster/officers/{officer['id']}", headers=admin, json={"available": False})
    assert ok.status_code == 200 and ok.json()["available"] is False
    assert (
        client.patch(f"/api/roster/officers/{officer['id']}", headers=admin, json={"phone": None}).status_code
        == 200
    )


def test_patch_user_with_a_badge_number_another_user_holds_is_a_409(
    client: TestClient, users: dict[str, User], auth_headers: Callable[[User], dict[str, str]]
) -> None:
    admin = auth_headers(users["admin"])
    taken = users["officer"].badge_no
    r = client.patch(f"/api/users/{users['officer2'].id}", headers=admin, json={"badge_no": taken})
    assert r.status_code == 409, r.text
    assert (
        r.json()["code"] == "badge_taken"
        and taken in r.json()["message"]
        and "其他用户" in r.json()["message"]
    )
    for name in ("legal", "commander"):  # the same empty badge number for two users: also taken
        r = client.patch(f"/api/users/{users[name].id}", headers=admin, json={"badge_no": ""})
    assert r.status_code == 409 and r.json()["code"] == "badge_taken"
    own = client.patch(f"/api/users/{users['officer'].id}", headers=admin, json={"badge_no": taken})
    assert own.status_code == 200  # keeping one's own number is no conflict
    new = client.patch(f"/api/users/{users['officer2'].id}", headers=admin, json={"badge_no": "50019999"})
    assert new.status_code == 200 and new.json()["badge_no"] == "50019999"
