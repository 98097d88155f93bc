"""Evidence uploads: content-addressed store, dedupe, limits, audit, tamper detection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.audit import service as audit_service
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings

from . import factories as f

JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300


def _upload(
    client: TestClient, headers: dict[str, str], case_id: int, data: bytes, ctype: str = "image/jpeg"
):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/cases/{case_id}/evidence",
        files={"file": ("scene.jpg", data, ctype)},
        data={"kind": "photo", "description": "摊位占用人行道", "taken_at": "2026-03-02T10:05:00+08:00",
              "place": "高笋塘", "lat": "30.81", "lon": "108.38", "device": "执法记录仪 DSJ-07"},
        headers=headers,
    )  # fmt: skip


def test_upload_dedupe_and_metadata(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:  # fmt: skip
    c = f.case(session, users["officer"])
    other = f.case(session, users["officer"])
    session.commit()
    h = auth_headers(users["officer"])
    r1 = _upload(client, h, c.id or 0, JPEG)
    assert r1.status_code == 201, r1.text
    body = r1.json()
    assert body["device"] == "执法记录仪 DSJ-07" and body["place"] == "高笋塘" and not body["duplicate"]
    assert datetime.fromisoformat(body["taken_at"]) == datetime(2026, 3, 2, 2, 5, tzinfo=UTC)
    r2 = _upload(client, h, c.id or 0, JPEG)
    assert r2.status_code == 201 and r2.json()["duplicate"] and r2.json()["id"] == body["id"]
    r3 = _upload(client, h, other.id or 0, JPEG)
    assert r3.json()["id"] != body["id"] and r3.json()["sha256"] == body["sha256"]
    store = BlobStore(settings.evidence_dir)
    files = [p for p in settings.evidence_dir.rglob("*") if p.is_file()]
    assert len(files) == 1 and store.read_bytes(body["sha256"]) == JPEG
    entries = [e for e in audit_service.list_entries(session) if e.action == "evidence.stored"]
    assert len(entries) == 2 and entries[0].payload["file_sha256"] == body["sha256"]
    listed = client.get(f"/api/cases/{c.id}/evidence", headers=h).json()
    assert [e["id"] for e in listed] == [body["id"]]
    dl = client.get(f"/api/evidence/{body['id']}/file", headers=h)
    assert dl.status_code == 200 and dl.content == JPEG


def test_type_and_size_limits(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:  # fmt: skip
    c = f.case(session, users["officer"])
    session.commit()
    h = auth_headers(users["officer"])
    r = _upload(client, h, c.id or 0, b"MZ\x90\x00 not allowed", "application/x-msdownload")
    assert r.status_code == 422 and r.json()["code"] == "file_type_not_allowed"
    r = _upload(client, h, c.id or 0, PNG, "image/jpeg")
    assert r.status_code == 422 and r.json()["code"] == "file_type_mismatch"
    r = _upload(client, h, c.id or 0, b"", "image/jpeg")
    assert r.status_code == 422 and r.json()["code"] == "empty_file"
    settings.max_upload_mb = 1
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (1024 * 1024 + 10)
    r = _upload(client, h, c.id or 0, big)
    assert r.status_code == 422 and r.json()["code"] == "file_too_large"
    assert not [p for p in settings.evidence_dir.rglob("*") if p.is_file()]  # no partial files left


def test_service_enforces_size_while_streaming(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    import pytest

    from case_api.errors import ValidationFailed
    from case_api.evidence import service
    from case_api.evidence.models import EvidenceMeta

    c = f.case(session, users["officer"])
    chunks = [b"\xff\xd8\xff\xe0" + b"\x00" * 1000] * 10
    with pytest.raises(ValidationFailed, match="大小上限"):
        service.add(
            session, case_id=c.id or 0, chunks=chunks, filename="x.jpg", content_type="image/jpeg",
            meta=EvidenceMeta(), actor=users["officer"], store=BlobStore(settings.evidence_dir), max_bytes=5000,
        )  # fmt: skip


def test_changed_evidence_file_fails_audit_verify(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:  # fmt: skip
    c = f.case(session, users["officer"])
    session.commit()
    body = _upload(client, auth_headers(users["officer"]), c.id or 0, JPEG).json()
    r = client.get("/api/audit/verify", headers=auth_headers(users["legal"]))
    assert r.status_code == 200 and r.json()["ok"] and r.json()["files_checked"] == 1
    path = BlobStore(settings.evidence_dir).path_for(body["sha256"])
    path.chmod(0o644)
    path.write_bytes(JPEG + b"edited")
    report = client.get("/api/audit/verify", headers=auth_headers(users["legal"])).json()
    assert not report["ok"] and [p["kind"] for p in report["problems"]] == ["file_changed"]
