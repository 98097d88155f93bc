"""Complete case files for 案卷评查: a clean ordinary case (every document issued, evidence, two badged officers,
each step in time, the fine paid, closed with its report) and the same file with one planted defect each.

``plant_showcase`` adds them to a seeded demo district (``zhifa review demo``); the tests build them the same way.
The evidence-changed file really overwrites its evidence in the store, so ``zhifa audit verify`` reports it too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from case_api.cases import service as cases_service
from case_api.cases.models import Case, CaseCreate, CaseState, PenaltyKind
from case_api.demo.casefactory import Actors
from case_api.documents import service as documents_service
from case_api.evidence import service as evidence_service
from case_api.evidence.models import EvidenceMeta
from case_api.parties import service as parties_service
from case_api.parties.models import PartyCreate, PartyKind
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings

S = CaseState
CLEAN: dict[str, Any] = {
    "title": "占道经营",
    "offence_code": "road-stall-main-road",
    "offence_name": "占道经营",
    "facts": "在主干道人行道摆摊经营水果",
    "location": "万州区高笋塘",
    "grid": "WZ-GST",
    "violated_provision": "《重庆市市容环境卫生管理条例》第十八条第一款第（一）项",
    "penalty_provision": "《重庆市市容环境卫生管理条例》第十八条第二款",
    "penalty_kind": PenaltyKind.fine,
    "fine_fen": 200_00,
}
PHOTO = b"\xff\xd8\xff\xe0" + b"JFIF-review-photo" * 8


@dataclass(frozen=True)
class Plant:
    """One planted defect: case fields to change, a document to leave out, days to delay service, or the evidence
    file to change on disk after the case is closed."""

    fields: dict[str, Any] = field(default_factory=dict)
    skip_doc: str | None = None
    serve_after_days: int = 0
    tamper_evidence: bool = False


# name → (the defect, the rules the review must name)
SHOWCASE: dict[str, tuple[Plant, frozenset[str]]] = {
    "clean": (Plant(), frozenset()),
    "missing_document": (Plant(skip_doc="prior_notice"), frozenset({"DOC-PRIOR-NOTICE"})),
    "overdue_service": (Plant(serve_after_days=16), frozenset({"TIME-LIMITS"})),
    "fine_outside_range": (Plant({"fine_fen": 800_00}), frozenset({"FINE-RANGE", "FINE-BAND"})),
    "wrong_penalty_provision": (
        Plant({"penalty_provision": "《城市市容和环境卫生管理条例》第三十六条"}),
        frozenset({"LAW-PENALTY"}),
    ),
    "evidence_changed": (Plant(tamper_evidence=True), frozenset({"EVIDENCE-INTACT"})),
}


def build(
    session: Session,
    settings: Settings,
    actors: Actors,
    *,
    start: datetime,
    plant: Plant = Plant(),
    close: bool = True,
    photo: bytes = PHOTO,
    party_name: str = "张三",
) -> Case:
    """The file, stepped through the real state machine from ``start`` (back-dated); the caller commits."""
    store = BlobStore(settings.evidence_dir)
    officer, legal, commander = actors.officer, actors.legal, actors.commander
    party = parties_service.create(
        session,
        data=PartyCreate(kind=PartyKind.individual, name=party_name, phone="13912345678"),
        actor_id=None,
    )
    data = CaseCreate(
        **{**CLEAN, **plant.fields}, party_id=party.id, officer_ids=[actors.officer2.id or 0],
        offence_date=date(start.year, start.month, start.day) - timedelta(days=1),
        discovered_at=start - timedelta(hours=1),
    )  # fmt: skip
    c = cases_service.create(session, data=data, actor=officer)

    def step(
        to: CaseState, actor: User | None, payload: dict[str, Any] | None = None, at: Any = None
    ) -> None:
        nonlocal c
        c = cases_service.transition(session, c, to, actor, payload or {}, settings=settings, now=at or start)

    def issue(doc_type: str, doc_fields: dict[str, Any] | None = None) -> None:
        if doc_type == plant.skip_doc:
            return
        draft = documents_service.create_draft(
            session, case=c, doc_type=doc_type, fields=doc_fields or {}, actor=officer
        )
        documents_service.issue(session, document=draft, actor=officer, settings=settings, store=store)

    step(S.accepted, officer)
    step(S.filed, commander)
    issue("filing_approval", {"opinion": "同意立案", "approver": commander.full_name})
    step(S.investigating, officer)
    blob = store.put_bytes(photo)
    assert c.id is not None
    evidence_service.attach_stored(
        session, case_id=c.id, sha256=blob.sha256, size=blob.size, content_type="image/jpeg",
        filename="现场照片.jpg", meta=EvidenceMeta(description="摊点全景"), actor=officer,
    )  # fmt: skip
    issue(
        "inspection_record",
        {"time": f"{start:%Y-%m-%d %H:%M}", "place": c.location, "findings": "人行道摆摊"},
    )
    step(S.legal_review, officer)
    step(S.notified, legal)
    issue("prior_notice")
    step(S.decided, commander, {"waived": True})
    issue("decision")
    served = start + timedelta(days=plant.serve_after_days)
    step(S.served, officer, {"served_at": served.isoformat()}, at=served)
    issue("service_receipt", {"method": "直接送达"})
    cases_service.mark_paid(
        session, c.id, c.fine_fen, served + timedelta(hours=2), f"REVIEW-{c.id}", settings=settings
    )
    c = cases_service.get(session, c.id)
    if close:
        step(S.closed, legal, at=served + timedelta(hours=3))
        issue("closing_report", {"execution": "已缴纳罚款", "opinion": "结案"})
    if plant.tamper_evidence:
        path = store.path_for(blob.sha256)
        os.chmod(path, 0o644)
        path.write_bytes(photo + b"-edited")
    session.flush()
    return c


def demo_actors(session: Session) -> Actors:
    def user(name: str) -> User:
        found = session.exec(select(User).where(User.username == name)).first()
        if found is None:
            raise LookupError(f"演示账号 {name} 不存在：请先运行 zhifa demo seed。")
        return found

    return Actors(user("officer"), user("officer2"), user("legal"), user("commander"))


def plant_showcase(session: Session, *, settings: Settings, now: datetime) -> dict[str, Case]:
    """One clean file and one file per planted defect on the demo district (a distinct photo each, so changing one
    evidence file touches no other case); the caller commits."""
    actors = demo_actors(session)
    out: dict[str, Case] = {}
    for i, (name, (plant, _rules)) in enumerate(SHOWCASE.items()):
        start = now - timedelta(days=40 - i)
        photo = PHOTO + name.encode()
        out[name] = build(
            session,
            settings,
            actors,
            start=start,
            plant=plant,
            photo=photo,
            party_name=f"评查示例{i + 1:02d}",
        )
    return out
