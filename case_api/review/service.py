"""案卷评查: gather a case file, run the checklist, store the review (audited), confirm or override it, summarise.

The caller commits. ``catalogue`` is the port the composition root fills; ``None`` skips the catalogue rules and
says so in the review (the record still reviews everything else).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.cases import service as cases_service
from case_api.cases.deadlines import local_date
from case_api.cases.models import Case, CaseOfficer, CaseState, CaseStatement
from case_api.documents import service as documents_service
from case_api.documents.models import Document, DocumentStatus
from case_api.errors import Conflict, NotFound, ValidationFailed
from case_api.evidence.models import Evidence
from case_api.parties.models import Party
from case_api.review import checklist as checklist_mod
from case_api.review import checks
from case_api.review.models import (
    CaseReview,
    FindingPublic,
    ReviewPublic,
    ReviewStatus,
    ReviewTrigger,
    SummaryPublic,
    SummaryRow,
)
from case_api.review.ports import OffenceCatalogue
from case_api.roster.models import Officer
from case_api.sqltypes import utcnow
from case_api.storage import BlobStore
from case_api.users.models import User
from core.settings import Settings

GOOD = frozenset({"优", "良"})
REVIEWABLE = frozenset(set(CaseState) - {CaseState.lead, CaseState.accepted})


def gather(
    session: Session,
    case: Case,
    *,
    settings: Settings,
    store: BlobStore,
    catalogue: OffenceCatalogue | None,
    today: date | None = None,
) -> checks.CaseFile:
    """Everything the checklist looks at, read once (evidence files re-hashed from the store)."""
    assert case.id is not None
    party = session.get(Party, case.party_id) if case.party_id else None
    party_kind = str(party.kind) if party else None
    docs = session.exec(select(Document).where(Document.case_id == case.id).order_by(col(Document.id))).all()
    documents = tuple(
        checks.DocInfo(
            doc_type=d.doc_type, issued=d.status == DocumentStatus.issued,
            intact=documents_service.content_intact(d), number=d.number, fields=dict(d.fields or {}),
        )
        for d in docs
    )  # fmt: skip
    evidence = tuple(
        checks.EvidenceInfo(id=e.id or 0, filename=e.filename, sha256=e.sha256, problem=store.check(e.sha256))
        for e in session.exec(select(Evidence).where(Evidence.case_id == case.id).order_by(col(Evidence.id)))
    )
    officer_rows = session.exec(
        select(User)
        .join(CaseOfficer, col(CaseOfficer.user_id) == col(User.id))
        .where(CaseOfficer.case_id == case.id)
    ).all()
    officers = tuple(checks.OfficerInfo(u.full_name, u.badge_no) for u in officer_rows)
    statements = len(
        session.exec(
            select(CaseStatement.id).where(
                CaseStatement.case_id == case.id, CaseStatement.kind == "statement"
            )
        ).all()
    )
    deadlines = tuple(cases_service.deadlines_for(case, settings=settings, today=today))
    standard = None
    if catalogue is not None:
        standard = catalogue.standard(
            offence_code=case.offence_code, offence_name=case.offence_name,
            party_kind=party_kind or "individual", facts="\n".join([case.facts or "", case.discretion or ""]),
        )  # fmt: skip
    return checks.CaseFile(
        case=case, party_kind=party_kind, documents=documents, evidence=evidence, officers=officers,
        statements=statements, deadlines=deadlines, execution_noted=_execution_noted(session, case.id),
        catalogue_checked=catalogue is not None, standard=standard,
    )  # fmt: skip


def _execution_noted(session: Session, case_id: int) -> bool:
    """Whether the step to 执行 recorded how the fine was enforced without a payment (e.g. 申请法院强制执行)."""
    for entry in audit_service.list_entries(session, entity="case", entity_id=str(case_id), limit=1000):
        payload: dict[str, Any] = entry.payload or {}
        if entry.action == "case.transition" and payload.get("to") == CaseState.executed:
            note = (payload.get("payload") or {}).get("note")
            if isinstance(note, str) and note.strip():
                return True
    return False


def review_case(
    session: Session,
    case: Case,
    *,
    settings: Settings,
    store: BlobStore,
    catalogue: OffenceCatalogue | None,
    trigger: ReviewTrigger = ReviewTrigger.on_demand,
    actor_id: int | None = None,
    today: date | None = None,
) -> CaseReview:
    """Score ``case`` against the checklist and store the result as a new review (audited)."""
    if CaseState(case.state) not in REVIEWABLE:
        raise ValidationFailed("案件尚未立案，没有可评查的案卷。", code="not_reviewable")
    checklist = checklist_mod.load()
    outcome = checks.run(
        checklist, gather(session, case, settings=settings, store=store, catalogue=catalogue, today=today)
    )
    assert case.id is not None
    review = CaseReview(
        case_id=case.id, trigger=trigger, checklist_version=checklist.version, score=outcome.score,
        grade=outcome.grade, findings=[f.as_dict() for f in outcome.findings], skipped=list(outcome.skipped),
        created_by=actor_id,
    )  # fmt: skip
    session.add(review)
    session.flush()
    assert review.id is not None
    audit_service.append(
        session, actor_id=actor_id, action="review.scored", entity="case_review", entity_id=review.id,
        payload={
            "case_id": case.id, "trigger": str(trigger), "score": outcome.score, "grade": outcome.grade,
            "rules": sorted({f.rule for f in outcome.findings}), "checklist_version": checklist.version,
        },
    )  # fmt: skip
    return review


def on_transition(
    session: Session,
    case: Case,
    *,
    settings: Settings,
    store: BlobStore,
    catalogue: OffenceCatalogue | None,
) -> CaseReview | None:
    """The automatic review when a case closes (and again when it is archived with its closing report); in the
    transition's own transaction, so one closing makes exactly one review."""
    trigger = {CaseState.closed: ReviewTrigger.closed, CaseState.archived: ReviewTrigger.archived}.get(
        CaseState(case.state)
    )
    if trigger is None or (trigger == ReviewTrigger.archived and case.dropped_at is not None):
        return None
    return review_case(session, case, settings=settings, store=store, catalogue=catalogue, trigger=trigger)


def get(session: Session, review_id: int) -> CaseReview:
    review = session.get(CaseReview, review_id)
    if review is None:
        raise NotFound(f"评查记录 {review_id} 不存在。")
    return review


def latest_for_case(session: Session, case_id: int) -> CaseReview | None:
    stmt = select(CaseReview).where(CaseReview.case_id == case_id).order_by(col(CaseReview.id).desc())
    return session.exec(stmt).first()


def lock(session: Session, review_id: int) -> CaseReview:
    stmt = select(CaseReview).where(CaseReview.id == review_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    review = session.exec(stmt.execution_options(populate_existing=True)).first()
    if review is None:
        raise NotFound(f"评查记录 {review_id} 不存在。")
    return review


def decide(
    session: Session, *, review_id: int, grade: str | None, reason: str | None, actor: User
) -> CaseReview:
    """A legal officer confirms the machine's grade or overrides it with a reason; once only (audited)."""
    review = lock(session, review_id)
    if review.status != ReviewStatus.pending:
        raise Conflict(
            f"该评查已于 {review.reviewed_at} 由法制员{'确认' if review.status == ReviewStatus.confirmed else '改定'}，"
            "不能再次处理；如需重新评查请对案件发起新的评查。",
            code="review_decided",
        )
    if grade is not None and grade not in checklist_mod.GRADES:
        raise ValidationFailed(f"等级应为 {'、'.join(checklist_mod.GRADES)} 之一。", code="bad_grade")
    latest = latest_for_case(session, review.case_id)
    if latest is not None and latest.id != review.id:
        raise Conflict("该案件已有更新的评查结果，请处理最新一次评查。", code="review_superseded")
    overridden = grade is not None and grade != review.grade
    if overridden and not (reason and reason.strip()):
        raise ValidationFailed("改定机评等级须说明理由（reason）。", code="reason_required")
    review.status = ReviewStatus.overridden if overridden else ReviewStatus.confirmed
    review.final_grade = grade if overridden else review.grade
    review.reason = reason.strip() if reason and reason.strip() else None
    review.reviewer_id, review.reviewed_at = actor.id, utcnow()
    session.add(review)
    session.flush()
    audit_service.append(
        session, actor_id=actor.id, action=f"review.{review.status}", entity="case_review",
        entity_id=review_id,
        payload={"case_id": review.case_id, "machine_grade": review.grade, "final_grade": review.final_grade,
                 "reason": review.reason},
    )  # fmt: skip
    return review


def effective_grade(review: CaseReview) -> str:
    return review.final_grade or review.grade


def present(session: Session, review: CaseReview) -> ReviewPublic:
    case = session.get(Case, review.case_id)
    return ReviewPublic.model_validate(
        review,
        update={
            "case_number": case.case_number if case else None,
            "findings": [FindingPublic.model_validate(f) for f in review.findings],
            "effective_grade": effective_grade(review),
        },
    )


def list_reviews(
    session: Session,
    *,
    status: ReviewStatus | None = None,
    grade: str | None = None,
    case_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[CaseReview]:
    stmt = select(CaseReview)
    if status is not None:
        stmt = stmt.where(CaseReview.status == status)
    if grade is not None:
        stmt = stmt.where(CaseReview.grade == grade)
    if case_id is not None:
        stmt = stmt.where(CaseReview.case_id == case_id)
    return list(session.exec(stmt.order_by(col(CaseReview.id).desc()).offset(offset).limit(limit)))


# --- summaries ----------------------------------------------------------------------------------------------


def _current_reviews(session: Session) -> list[tuple[CaseReview, Case]]:
    """The latest review of each case, with its case."""
    rows = session.exec(
        select(CaseReview, Case)
        .join(Case, col(Case.id) == col(CaseReview.case_id))
        .order_by(col(CaseReview.id))
    ).all()
    latest: dict[int, tuple[CaseReview, Case]] = {}
    for review, case in rows:
        latest[review.case_id] = (review, case)
    return list(latest.values())


def _month(case: Case, review: CaseReview, tz: str) -> date:
    moment: datetime = case.closed_at or case.dropped_at or review.created_at
    return local_date(moment, tz)


def summary(
    session: Session,
    *,
    by: str,
    settings: Settings,
    date_from: date | None = None,
    date_to: date | None = None,
) -> SummaryPublic:
    """Files, grades and the share of good files (优/良) per officer, team (中队) or month (of closing)."""
    if by not in {"officer", "team", "month"}:
        raise ValidationFailed("by 应为 officer、team 或 month。", code="bad_group")
    picked = []
    for review, case in _current_reviews(session):
        day = _month(case, review, settings.timezone)
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        picked.append((review, case, day))
    keys: dict[int, list[str]] = {}
    if by in {"officer", "team"}:
        case_ids = [c.id for _, c, _ in picked if c.id is not None]
        links = session.exec(
            select(CaseOfficer.case_id, User.full_name, Officer.unit)
            .join(User, col(User.id) == col(CaseOfficer.user_id))
            .outerjoin(Officer, col(Officer.user_id) == col(User.id))
            .where(col(CaseOfficer.case_id).in_(case_ids or [0]))
        ).all()
        for case_id, name, unit in links:
            key = name if by == "officer" else (unit or "未分中队")
            keys.setdefault(case_id, [])
            if key not in keys[case_id]:
                keys[case_id].append(key)
    groups: dict[str, list[CaseReview]] = defaultdict(list)
    for review, case, day in picked:
        for key in keys.get(case.id or 0, []) if by != "month" else [f"{day:%Y-%m}"]:
            groups[key].append(review)
    rows = [_row(key, groups[key]) for key in sorted(groups)]
    return SummaryPublic(
        by=by, date_from=date_from, date_to=date_to, rows=rows, total=_row("合计", [r for r, _, _ in picked])
    )


def _row(key: str, reviews: list[CaseReview]) -> SummaryRow:
    grades: dict[str, int] = {g: 0 for g in checklist_mod.GRADES}
    for r in reviews:
        grades[effective_grade(r)] = grades.get(effective_grade(r), 0) + 1
    good = sum(grades[g] for g in GOOD)
    n = len(reviews)
    return SummaryRow(
        key=key, files=n, good=good, share_good=round(good / n, 4) if n else 0.0, grades=grades,
        average_score=round(sum(r.score for r in reviews) / n, 1) if n else 0.0,
    )  # fmt: skip
