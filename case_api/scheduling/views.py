"""/api/scheduling — 智能排班 (commander): plan a week, optionally write it into the roster."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from case_api.deps import SessionDep, SettingsDep, require_roles
from case_api.scheduling import service
from case_api.scheduling.models import PlanRequest, PlanResult
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/scheduling", tags=["scheduling"])
Commander = Annotated[User, Depends(require_roles(Role.commander, Role.admin))]


@router.post(
    "/plan",
    response_model=PlanResult,
    summary="智能排班（CP-SAT）：需求、请假、工时、休息、两人一组、技能、公平",
)
def plan(req: PlanRequest, session: SessionDep, settings: SettingsDep, user: Commander) -> PlanResult:
    result = service.plan(session, req=req, settings=settings, actor_id=user.id)
    if req.write:
        session.commit()
    return result
