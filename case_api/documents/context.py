"""The render context of a document: everything the templates use, from the case, as plain JSON data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from case_api.cases import service as cases_service
from case_api.cases.deadlines import HEARING_REQUEST, local_date
from case_api.cases.models import PROCEDURE_LABELS, Case, CaseSource, PenaltyKind, Procedure
from case_api.evidence import service as evidence_service
from case_api.parties.models import PARTY_KIND_LABELS, Party, PartyKind
from core.settings import Settings

SOURCE_LABELS = {
    CaseSource.patrol: "巡查发现",
    CaseSource.complaint: "投诉举报",
    CaseSource.camera: "电子技术监控",
    CaseSource.referral: "移送",
}
KIND_LABELS = {"photo": "照片", "video": "视频", "audio": "录音", "document": "书证", "frame": "监控抓拍"}


def yuan(fen: int) -> str:
    return f"{fen // 100}" if fen % 100 == 0 else f"{fen // 100}.{fen % 100:02d}"


def penalty_text(case: Case) -> str:
    if case.penalty_kind == PenaltyKind.warning:
        return "警告"
    if case.penalty_kind == PenaltyKind.fine:
        return f"罚款人民币{yuan(case.fine_fen)}元"
    return "不予行政处罚"


def _day(moment: datetime | None, tz: str) -> str | None:
    return local_date(moment, tz).isoformat() if moment else None


def build(
    session: Session, case: Case, *, settings: Settings, fields: dict[str, Any], today: date
) -> dict[str, Any]:
    assert case.id is not None
    tz = settings.timezone
    party = session.get(Party, case.party_id) if case.party_id else None
    hearing = next(
        (
            d
            for d in cases_service.deadlines_for(case, settings=settings, today=today)
            if d.period == HEARING_REQUEST
        ),
        None,
    )
    return {
        "bureau": settings.bureau_name,
        "today": today.isoformat(),
        "fields": fields,
        "case": {
            "id": case.id,
            "case_number": case.case_number,
            "procedure_label": PROCEDURE_LABELS[Procedure(case.procedure)],
            "source_label": SOURCE_LABELS[CaseSource(case.source)],
            "title": case.title,
            "offence_name": case.offence_name,
            "facts": case.facts,
            "location": case.location,
            "violated_provision": case.violated_provision,
            "penalty_provision": case.penalty_provision,
            "discretion": case.discretion,
            "penalty_text": penalty_text(case),
            "fine_yuan": yuan(case.fine_fen) if case.penalty_kind == PenaltyKind.fine else None,
            "offence_date": case.offence_date.isoformat() if case.offence_date else None,
            "discovered_on": _day(case.discovered_at, tz),
            "decided_on": _day(case.decided_at, tz),
            "served_on": _day(case.served_at, tz),
            "paid_on": _day(case.paid_at, tz),
            "paid_yuan": yuan(case.paid_fen) if case.paid_fen else None,
            "payment_ref": case.payment_ref,
            "outcome_note": case.outcome_note,
            "hearing_offered": case.hearing_offered,
            "hearing_due": hearing.due_on.isoformat() if hearing else None,
            "statements": len(cases_service.statements(session, case.id)),
        },
        "party": {
            "name": party.name,
            "kind": str(party.kind),
            "kind_label": PARTY_KIND_LABELS[PartyKind(party.kind)],
            "id_number": party.id_number,
            "phone": party.phone,
            "address": party.address,
            "legal_representative": party.legal_representative,
        }
        if party
        else {"name": "（未登记）", "kind": "individual", "kind_label": "", "id_number": None, "phone": None,
              "address": None, "legal_representative": None},
        "officers": [
            {"full_name": u.full_name, "badge_no": u.badge_no} for u in cases_service.officers(session, case.id)
        ],
        "evidence": [
            {
                "kind_label": KIND_LABELS.get(str(e.kind), str(e.kind)),
                "description": e.description,
                "filename": e.filename,
                "taken_at": _day(e.taken_at, tz),
                "place": e.place,
                "sha256": e.sha256,
            }
            for e in evidence_service.list_for_case(session, case.id)
        ],
    }  # fmt: skip
