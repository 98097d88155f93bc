"""/api/warnings — 预警: evaluate a week, the caller's warnings, subscriptions, repeat offenders."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from case_api.deps import IdPath, SessionDep, SettingsDep, require_roles
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User
from case_api.warnings import rules, service
from case_api.warnings.models import (
    EvaluateResult,
    RepeatOffender,
    SubscriptionCreate,
    SubscriptionPublic,
    WarningPublic,
)

router = APIRouter(prefix="/api/warnings", tags=["warnings"])
Commander = Annotated[User, Depends(require_roles(Role.commander, Role.admin))]
Subscriber = Annotated[User, Depends(require_roles(Role.commander, Role.officer, Role.legal, Role.admin))]


@router.post("/evaluate", response_model=EvaluateResult, summary="按周评估网格 × 违法行为的数量，生成预警")
def evaluate(
    session: SessionDep,
    settings: SettingsDep,
    user: Commander,
    week: date | None = None,
    history_weeks: Annotated[int, Query(ge=2, le=52)] = 8,
    alpha: Annotated[float, Query(gt=0, lt=0.5)] = 0.01,
    min_count: Annotated[int, Query(ge=1, le=1000)] = 3,
) -> EvaluateResult:
    params = rules.Params(history_weeks=history_weeks, alpha=alpha, min_count=min_count)
    day = week or utcnow().date()
    result = service.evaluate(session, settings=settings, week=day, params=params, actor_id=user.id)
    session.commit()
    return result


@router.get("", response_model=list[WarningPublic], summary="推送给我的预警")
def my_warnings(session: SessionDep, user: Subscriber) -> list[WarningPublic]:
    assert user.id is not None
    return [WarningPublic.model_validate(w) for w in service.inbox(session, user.id)]


@router.get("/subscriptions", response_model=list[SubscriptionPublic], summary="我的预警订阅")
def my_subscriptions(session: SessionDep, user: Subscriber) -> list[SubscriptionPublic]:
    assert user.id is not None
    return [SubscriptionPublic.model_validate(s) for s in service.subscriptions(session, user.id)]


@router.post(
    "/subscriptions", response_model=SubscriptionPublic, status_code=201, summary="订阅网格预警（* 为全部）"
)
def subscribe(data: SubscriptionCreate, session: SessionDep, user: Subscriber) -> SubscriptionPublic:
    sub = service.subscribe(session, user=user, data=data)
    session.commit()
    return SubscriptionPublic.model_validate(sub)


@router.delete("/subscriptions/{subscription_id}", status_code=204, summary="取消订阅")
def unsubscribe(subscription_id: IdPath, session: SessionDep, user: Subscriber) -> Response:
    service.unsubscribe(session, user=user, subscription_id=subscription_id)
    session.commit()
    return Response(status_code=204)


@router.get("/repeat-offenders", response_model=list[RepeatOffender], summary="一年内重复违法的当事人与地址")
def repeat_offenders(
    session: SessionDep, user: Commander, days: Annotated[int, Query(ge=1, le=3660)] = 365
) -> list[RepeatOffender]:
    return service.repeat_offenders(session, days=days)
