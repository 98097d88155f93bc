"""/api/reviews — 案卷评查: run, read, confirm or override, summaries, the checklist."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from case_api.cases import service as cases_service
from case_api.deps import IdPath, SessionDep, SettingsDep, StoreDep, require_roles
from case_api.errors import NotFound
from case_api.review import checklist as checklist_mod
from case_api.review import service
from case_api.review.deps import CatalogueDep
from case_api.review.models import (
    ReviewDecision,
    ReviewPublic,
    ReviewStatus,
    RulePublic,
    SummaryPublic,
)
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/reviews", tags=["reviews"])
Reviewer = Annotated[User, Depends(require_roles(Role.legal, Role.commander, Role.admin))]
Runner = Annotated[User, Depends(require_roles(Role.legal, Role.commander))]
Legal = Annotated[User, Depends(require_roles(Role.legal))]


@router.get("/checklist", response_model=list[RulePublic], summary="评查标准")
def checklist(user: Reviewer) -> list[RulePublic]:
    return [RulePublic.model_validate(r.model_dump()) for r in checklist_mod.load().rules]


@router.post("/cases/{case_id}", response_model=ReviewPublic, status_code=201, summary="对案卷评查（按需）")
def review_case(
    case_id: IdPath,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    user: Runner,
) -> ReviewPublic:
    case = cases_service.get(session, case_id)
    review = service.review_case(
        session, case, settings=settings, store=store, catalogue=catalogue, actor_id=user.id
    )
    session.commit()
    return service.present(session, review)


@router.get("/cases/{case_id}", response_model=ReviewPublic, summary="案卷的最新评查")
def latest_for_case(case_id: IdPath, session: SessionDep, user: Reviewer) -> ReviewPublic:
    cases_service.get(session, case_id)
    review = service.latest_for_case(session, case_id)
    if review is None:
        raise NotFound("该案件尚未评查。", code="not_reviewed")
    return service.present(session, review)


@router.get("", response_model=list[ReviewPublic], summary="评查记录（待确认队列：status=pending）")
def list_reviews(
    session: SessionDep,
    user: Reviewer,
    status: ReviewStatus | None = None,
    grade: Annotated[str | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[ReviewPublic]:
    rows = service.list_reviews(session, status=status, grade=grade, limit=limit, offset=offset)
    return [service.present(session, r) for r in rows]


@router.get("/summary", response_model=SummaryPublic, summary="评查统计（按队员、中队或月份；优良率）")
def summary(
    session: SessionDep,
    settings: SettingsDep,
    user: Reviewer,
    by: Annotated[str, Query(pattern="^(officer|team|month)$")] = "month",
    date_from: date | None = None,
    date_to: date | None = None,
) -> SummaryPublic:
    return service.summary(session, by=by, settings=settings, date_from=date_from, date_to=date_to)


@router.get("/{review_id}", response_model=ReviewPublic, summary="评查记录")
def get_review(review_id: IdPath, session: SessionDep, user: Reviewer) -> ReviewPublic:
    return service.present(session, service.get(session, review_id))


@router.post("/{review_id}/decision", response_model=ReviewPublic, summary="法制员确认或改定等级")
def decide(review_id: IdPath, body: ReviewDecision, session: SessionDep, user: Legal) -> ReviewPublic:
    review = service.decide(session, review_id=review_id, grade=body.grade, reason=body.reason, actor=user)
    session.commit()
    return service.present(session, review)
