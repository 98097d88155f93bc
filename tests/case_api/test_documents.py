"""执法文书: rendered from templates to PDF and DOCX; issued documents are numbered, hashed and final."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import docx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.audit import service as audit_service
from case_api.cases.models import CaseState
from case_api.documents import service as documents_service
from case_api.documents.catalog import DOC_TYPES
from case_api.errors import Conflict, InvalidTransition
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings

from . import factories as f
from .factories import T0


def _decided_case(session: Session, settings: Settings, users: dict[str, User]):  # type: ignore[no-untyped-def]
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    c = f.to_notified(session, settings, users, c)
    return f.run(
        session, settings, c, [(CaseState.decided, users["commander"], {})], at=T0 + timedelta(days=1)
    )


def test_every_template_renders_pdf_and_docx(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = _decided_case(session, settings, users)
    for key in DOC_TYPES:
        draft = documents_service.create_draft(
            session, case=c, doc_type=key, fields={}, actor=users["officer"]
        )
        ctx = documents_service.render_context(session, draft, settings=settings)
        pdf, docx_bytes = documents_service.render_files(ctx, key)
        assert pdf.startswith(b"%PDF"), key
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)
        assert DOC_TYPES[key].title in text and settings.bureau_name in text, key


def test_decision_content(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = _decided_case(session, settings, users)
    draft = documents_service.create_draft(
        session, case=c, doc_type="decision", fields={}, actor=users["legal"]
    )
    _, docx_bytes = documents_service.render_files(
        documents_service.render_context(session, draft, settings=settings), "decision"
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)
    for needle in ["张三", "罚款人民币500元", "六十日内", "六个月内", "第六十七条", "李警官", "50010002",
                   "《城市市容和环境卫生管理条例》第十四条"]:  # fmt: skip
        assert needle in text, needle


def test_issue_is_numbered_hashed_stored_and_final(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:  # fmt: skip
    c = _decided_case(session, settings, users)
    h = auth_headers(users["legal"])
    r = client.post(f"/api/cases/{c.id}/documents", json={"doc_type": "decision", "fields": {}}, headers=h)
    assert r.status_code == 201, r.text
    doc_id = r.json()["id"]
    draft_pdf = client.get(f"/api/documents/{doc_id}/pdf", headers=h)
    assert draft_pdf.status_code == 200 and draft_pdf.content.startswith(b"%PDF")
    r = client.post(f"/api/documents/{doc_id}/issue", headers=auth_headers(users["commander"]))
    assert r.status_code == 200, r.text
    issued = r.json()
    assert issued["status"] == "issued" and issued["number"] == c.case_number
    store = BlobStore(settings.evidence_dir)
    pdf = client.get(f"/api/documents/{doc_id}/pdf", headers=h).content
    assert pdf == store.read_bytes(issued["pdf_sha256"]) and pdf.startswith(b"%PDF")
    docx_bytes = client.get(f"/api/documents/{doc_id}/docx", headers=h).content
    assert docx.Document(io.BytesIO(docx_bytes)).paragraphs
    # final: no edit, no re-issue, no second decision
    r = client.patch(f"/api/documents/{doc_id}", json={"fields": {"review_of_statements": "x"}}, headers=h)
    assert r.status_code == 409 and r.json()["code"] == "document_issued"
    assert client.post(f"/api/documents/{doc_id}/issue", headers=h).status_code == 409
    second = client.post(f"/api/cases/{c.id}/documents", json={"doc_type": "decision"}, headers=h).json()
    assert client.post(f"/api/documents/{second['id']}/issue", headers=h).status_code == 409
    assert client.delete(f"/api/documents/{doc_id}", headers=h).status_code == 405
    # hashes are in the audit chain; a changed file is caught
    entry = next(e for e in audit_service.list_entries(session) if e.action == "document.issued")
    assert entry.payload["file_sha256"] == [issued["pdf_sha256"], issued["docx_sha256"]]
    doc = documents_service.get(session, doc_id)
    assert documents_service.content_intact(doc)
    path = store.path_for(issued["pdf_sha256"])
    path.chmod(0o644)
    path.write_bytes(b"%PDF-forged")
    assert not audit_service.verify(session, evidence_store=store).ok


def test_other_documents_get_suffixed_numbers(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    c = f.run(
        session, settings, c,
        [(CaseState.accepted, users["officer"], {}), (CaseState.filed, users["commander"], {}),
         (CaseState.investigating, users["officer"], {})],
    )  # fmt: skip
    store = BlobStore(settings.evidence_dir)
    numbers = []
    for _ in range(2):
        d = documents_service.create_draft(
            session, case=c, doc_type="inquiry_record",
            fields={"qa": [{"q": "你在此经营多久了？", "a": "大约两个小时。"}]}, actor=users["officer"],
        )  # fmt: skip
        numbers.append(documents_service.issue(session, document=d, actor=users["officer"], settings=settings,
                                               store=store).number)  # fmt: skip
    assert numbers == [f"{c.case_number}-询1", f"{c.case_number}-询2"]


def test_documents_follow_the_case_stage(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"])
    d = documents_service.create_draft(
        session, case=c, doc_type="decision", fields={}, actor=users["officer"]
    )
    with pytest.raises(InvalidTransition, match="不能签发"):
        documents_service.issue(session, document=d, actor=users["legal"], settings=settings,
                                store=BlobStore(settings.evidence_dir))  # fmt: skip


def test_unknown_fields_and_types_are_refused(session: Session, users: dict[str, User]) -> None:
    from case_api.errors import ValidationFailed

    c = f.case(session, users["officer"])
    with pytest.raises(ValidationFailed, match="未知的文书类型"):
        documents_service.create_draft(session, case=c, doc_type="nope", fields={}, actor=users["officer"])
    with pytest.raises(ValidationFailed, match="不接受字段"):
        documents_service.create_draft(
            session, case=c, doc_type="decision", fields={"x": 1}, actor=users["officer"]
        )


def test_issued_document_row_cannot_be_edited_through_the_service(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = _decided_case(session, settings, users)
    d = documents_service.create_draft(session, case=c, doc_type="decision", fields={}, actor=users["legal"])
    documents_service.issue(session, document=d, actor=users["legal"], settings=settings,
                            store=BlobStore(settings.evidence_dir))  # fmt: skip
    with pytest.raises(Conflict, match="不可修改"):
        documents_service.update_draft(session, document=d, fields={}, actor=users["legal"])
