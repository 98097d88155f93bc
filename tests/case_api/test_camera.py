"""Camera events (第四十一条): candidate with hashed frames → reviewed by a person → case with evidence, once."""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from case_api import db
from case_api.audit import service as audit_service
from case_api.camera import flows
from case_api.cases.models import Case, CaseSource, CaseState
from case_api.errors import Conflict
from case_api.evidence.models import Evidence
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings

Headers = Callable[[User], dict[str, str]]
FRAME = b"\xff\xd8\xff\xe0 fake jpeg frame for a parked car \xff\xd9"


def event_body(frame: bytes = FRAME, sha: str | None = None) -> dict[str, Any]:
    return {
        "camera_id": "WZ-CAM-0012", "location": "高笋塘 太白路口", "lat": 30.8105, "lon": 108.3921,
        "occurred_at": "2025-06-01T09:12:00+08:00", "kind": "违章停车", "confidence": 0.91, "plate": "渝F·C8888",
        "detail": "禁停区停留 12 分钟",
        "frames": [{"filename": "f1.jpg", "content_b64": base64.b64encode(frame).decode(),
                    "sha256": sha or hashlib.sha256(frame).hexdigest()}],
    }  # fmt: skip


@pytest.fixture
def event(client: TestClient, users: dict[str, User], auth_headers: Headers) -> dict[str, Any]:
    r = client.post("/api/camera/events", headers=auth_headers(users["commander"]), json=event_body())
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_candidate_keeps_frames_by_hash(event: dict[str, Any], settings: Settings) -> None:
    assert event["status"] == "candidate" and event["case_id"] is None
    [frame] = event["frames"]
    assert frame["sha256"] == hashlib.sha256(FRAME).hexdigest()
    assert BlobStore(settings.evidence_dir).read_bytes(frame["sha256"]) == FRAME


def test_hash_mismatch_and_bad_frames_are_refused(
    client: TestClient, users: dict[str, User], auth_headers: Headers
) -> None:
    h = auth_headers(users["commander"])
    r = client.post("/api/camera/events", headers=h, json=event_body(sha="0" * 64))
    assert r.status_code == 422 and r.json()["code"] == "frame_hash_mismatch"
    bad = event_body()
    bad["frames"][0]["content_b64"] = "not base64!!"
    assert client.post("/api/camera/events", headers=h, json=bad).json()["code"] == "bad_frame"
    naive = {**event_body(), "occurred_at": "2025-06-01T09:12:00"}
    assert client.post("/api/camera/events", headers=h, json=naive).status_code == 422
    assert (
        client.post(
            "/api/camera/events", headers=auth_headers(users["citizen"]), json=event_body()
        ).status_code
        == 403
    )


def test_approval_opens_a_case_with_the_evidence_once(
    client: TestClient, session: Session, users: dict[str, User], auth_headers: Headers, event: dict[str, Any]
) -> None:
    url = f"/api/camera/events/{event['id']}"
    assert client.post(f"{url}/approve", headers=auth_headers(users["commander"]), json={}).status_code == 403
    r = client.post(f"{url}/approve", headers=auth_headers(users["legal"]), json={"reason": ""})
    assert r.status_code == 200, r.text
    approved = r.json()
    assert (
        approved["status"] == "approved" and approved["case_id"] and "第四十一条" in approved["review_reason"]
    )
    case = session.get(Case, approved["case_id"])
    assert case is not None and case.source == CaseSource.camera and case.state == CaseState.lead
    assert case.offence_name == "违章停车" and "渝F·C8888" in case.facts
    again = client.post(f"{url}/approve", headers=auth_headers(users["officer"]), json={})
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    reject = client.post(f"{url}/reject", headers=auth_headers(users["officer"]), json={"reason": "误检"})
    assert reject.status_code == 409
    sha = event["frames"][0]["sha256"]
    [evidence] = session.exec(select(Evidence).where(Evidence.case_id == case.id)).all()
    assert evidence.sha256 == sha and evidence.kind == "frame" and evidence.device == "WZ-CAM-0012"
    payloads = [e.payload for e in audit_service.list_entries(session, limit=1000)]
    assert any(p.get("file_sha256") == sha for p in payloads)
    assert audit_service.verify(session, BlobStore(client.app.state.settings.evidence_dir)).ok  # type: ignore[attr-defined]


def test_rejection_needs_a_reason(
    client: TestClient, users: dict[str, User], auth_headers: Headers, event: dict[str, Any]
) -> None:
    url, h = f"/api/camera/events/{event['id']}", auth_headers(users["officer"])
    r = client.post(f"{url}/reject", headers=h, json={"reason": "  "})
    assert r.status_code == 422 and r.json()["code"] == "reason_required"
    r = client.post(f"{url}/reject", headers=h, json={"reason": "画面逆光，车牌不可辨认"})
    assert r.json()["status"] == "rejected" and r.json()["case_id"] is None
    assert client.post(f"{url}/approve", headers=h, json={}).status_code == 409
    listed = client.get("/api/camera/events", headers=h, params={"status": "rejected"}).json()
    assert [e["id"] for e in listed] == [event["id"]]


def test_two_reviewers_at_once_open_one_case(
    settings: Settings, users: dict[str, User], event: dict[str, Any], session: Session
) -> None:
    barrier, outcomes = threading.Barrier(4), []

    def review(user: User) -> None:
        with db.session_for(settings) as s:
            barrier.wait()
            try:
                flows.approve(
                    s,
                    settings=settings,
                    store=BlobStore(settings.evidence_dir),
                    event_id=event["id"],
                    reviewer=user,
                    reason="",
                )
                s.commit()
                outcomes.append("approved")
            except Conflict:
                s.rollback()
                outcomes.append("conflict")

    reviewers = [users["officer"], users["officer2"], users["legal"], users["officer"]]
    threads = [threading.Thread(target=review, args=(u,)) for u in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["approved", "conflict", "conflict", "conflict"]
    cases = [c for c in session.exec(select(Case)).all() if c.source == CaseSource.camera]
    assert len(cases) == 1
