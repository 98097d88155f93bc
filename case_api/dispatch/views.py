"""/api/dispatch — 指挥调度: commanders send orders; officers acknowledge, arrive and report; the timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from case_api.deps import IdPath, SessionDep, require_roles
from case_api.dispatch import service
from case_api.dispatch.models import Arrival, OrderCreate, OrderPublic, OrderStatus, ResultReport
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/dispatch", tags=["dispatch"])
Commander = Annotated[User, Depends(require_roles(Role.commander, Role.admin))]
FieldOfficer = Annotated[User, Depends(require_roles(Role.officer))]
Reader = Annotated[User, Depends(require_roles(Role.commander, Role.admin, Role.officer))]


@router.post(
    "/orders", response_model=OrderPublic, status_code=201, summary="下达调度指令（队员或网格一呼全应）"
)
def create(data: OrderCreate, session: SessionDep, user: Commander) -> OrderPublic:
    order = service.create(session, data=data, actor=user)
    session.commit()
    return service.present(session, order)


@router.get("/orders", response_model=list[OrderPublic], summary="调度指令（队员只看下达给自己的）")
def list_orders(
    session: SessionDep,
    user: Reader,
    status: OrderStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[OrderPublic]:
    return [
        service.present(session, o)
        for o in service.list_orders(session, user=user, status=status, limit=limit)
    ]


@router.get("/orders/{order_id}", response_model=OrderPublic, summary="指令详情与时间线")
def get_order(order_id: IdPath, session: SessionDep, user: Reader) -> OrderPublic:
    return service.present(session, service.visible(session, order_id, user))


@router.post("/orders/{order_id}/acknowledge", response_model=OrderPublic, summary="队员接收指令")
def acknowledge(order_id: IdPath, session: SessionDep, user: FieldOfficer) -> OrderPublic:
    service.acknowledge(session, order_id=order_id, user=user)
    session.commit()
    return service.present(session, service.get(session, order_id))


@router.post("/orders/{order_id}/arrival", response_model=OrderPublic, summary="队员到场（带定位）")
def arrive(order_id: IdPath, body: Arrival, session: SessionDep, user: FieldOfficer) -> OrderPublic:
    service.arrive(session, order_id=order_id, user=user, where=body)
    session.commit()
    return service.present(session, service.get(session, order_id))


@router.post("/orders/{order_id}/result", response_model=OrderPublic, summary="反馈处置结果")
def report_result(
    order_id: IdPath, body: ResultReport, session: SessionDep, user: FieldOfficer
) -> OrderPublic:
    service.report_result(session, order_id=order_id, user=user, result=body.result)
    session.commit()
    return service.present(session, service.get(session, order_id))
