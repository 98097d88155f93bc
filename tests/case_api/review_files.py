"""Build complete case files for 案卷评查 tests: a clean ordinary case with every document, evidence, two badged
officers, the statutory steps in time and the fine paid — and the same file with one planted defect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session

from case_api.cases import service as cases_service
from case_api.cases.models import Case, CaseState
from case_api.documents import service as documents_service
from case_api.evidence import service as evidence_service
from case_api.evidence.models import EvidenceMeta
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings
from tests.case_api import factories

S = CaseState
CLEAN: dict[str, Any] = {
    "offence_code": "road-stall-main-road",
    "offence_name": "占道经营",
    "facts": "在主干道人行道摆摊经营水果",
    "violated_provision": "《重庆市市容环境卫生管理条例》第十八条第一款第（一）项",
    "penalty_provision": "《重庆市市容环境卫生管理条例》第十八条第二款",
    "fine_fen": 200_00,
}
PHOTO = b"\xff\xd8\xff\xe0" + b"JFIF-review-test-photo" * 8


@dataclass
class Plant:
    """One planted defect: case fields to change, a document to leave out, days to delay service."""

    fields: dict[str, Any]
    skip_doc: str | None = None
    serve_after_days: int = 0


def build(
    session: Session,
    settings: Settings,
    users: dict[str, User],
    *,
    plant: Plant | None = None,
    close: bool = True,
    photo: bytes = PHOTO,
) -> Case:
    plant = plant or Plant({})
    store = BlobStore(settings.evidence_dir)
    fields = {**CLEAN, **plant.fields}
    officer, legal, commander = users["officer"], users["legal"], users["commander"]
    c = factories.case(session, officer, officers=[users["officer2"]], **fields)
    t = factories.T0

    def step(
        to: CaseState, actor: User | None, payload: dict[str, Any] | None = None, at: Any = None
    ) -> None:
        nonlocal c
        c = cases_service.transition(session, c, to, actor, payload or {}, settings=settings, now=at or t)

    def issue(doc_type: str, doc_fields: dict[str, Any] | None = None) -> None:
        if doc_type == plant.skip_doc:
            return
        draft = documents_service.create_draft(
            session, case=c, doc_type=doc_type, fields=doc_fields or {}, actor=officer
        )
        documents_service.issue(session, document=draft, actor=officer, settings=settings, store=store)

    step(S.accepted, officer)
    step(S.filed, commander)
    issue("filing_approval", {"opinion": "同意立案", "approver": "钱指挥"})
    step(S.investigating, officer)
    blob = store.put_bytes(photo)
    assert c.id is not None
    evidence_service.attach_stored(
        session, case_id=c.id, sha256=blob.sha256, size=blob.size, content_type="image/jpeg",
        filename="现场照片.jpg", meta=EvidenceMeta(description="摊点全景"), actor=officer,
    )  # fmt: skip
    issue(
        "inspection_record", {"time": "2026-03-02 10:00", "place": "万州区高笋塘", "findings": "人行道摆摊"}
    )
    step(S.legal_review, officer)
    step(S.notified, legal)
    issue("prior_notice")
    step(S.decided, commander, {"waived": True})
    issue("decision")
    served = t + timedelta(days=plant.serve_after_days)
    step(S.served, officer, {"served_at": served.isoformat()}, at=served)
    issue("service_receipt", {"method": "直接送达"})
    cases_service.mark_paid(session, c.id, c.fine_fen, served + timedelta(hours=2), f"REF-{c.id}")
    c = cases_service.get(session, c.id)
    session.commit()
    if close:
        step(S.closed, legal, at=served + timedelta(hours=3))
        issue("closing_report", {"execution": "已缴纳罚款", "opinion": "结案"})
        session.commit()
    return c
