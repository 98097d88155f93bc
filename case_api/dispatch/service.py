"""Dispatch orders: send (to an officer, or to every officer on duty in a grid), acknowledge, arrive, report the
result; each step once per officer and audited; the timeline for the map. The caller commits."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.camera.models import CameraEvent
from case_api.cases.models import Case
from case_api.dispatch.models import (
    Arrival,
    AssignmentPublic,
    AssignmentState,
    DispatchAssignment,
    DispatchOrder,
    OrderCreate,
    OrderPublic,
    OrderStatus,
    TimelineEvent,
)
from case_api.errors import Conflict, Forbidden, NotFound, ValidationFailed
from case_api.roster import geo
from case_api.roster import service as roster_service
from case_api.roster.models import Location, Officer, Shift
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User


def _audit(
    session: Session, actor_id: int | None, action: str, order_id: int, payload: dict[str, object]
) -> None:
    audit_service.append(
        session,
        actor_id=actor_id,
        action=action,
        entity="dispatch_order",
        entity_id=order_id,
        payload=payload,
    )


def on_duty_in_grid(session: Session, *, grid_id: int, at: datetime) -> list[int]:
    rows = session.exec(
        select(Shift.officer_id).where(
            Shift.grid_id == grid_id, col(Shift.starts_at) <= at, col(Shift.ends_at) > at
        )
    ).all()
    return sorted(set(rows))


def create(session: Session, *, data: OrderCreate, actor: User, now: datetime | None = None) -> DispatchOrder:
    now = now or utcnow()
    if (data.officer_id is None) == (data.grid_id is None):
        raise ValidationFailed(
            "请指定下达对象：一名队员（officer_id）或一个网格（grid_id）。", code="target_required"
        )
    if data.case_id is not None and session.get(Case, data.case_id) is None:
        raise NotFound(f"案件 {data.case_id} 不存在。")
    if data.camera_event_id is not None and session.get(CameraEvent, data.camera_event_id) is None:
        raise NotFound(f"视频事件 {data.camera_event_id} 不存在。")
    if data.officer_id is not None:
        officers = [roster_service.get_officer(session, officer_id=data.officer_id).id or 0]
        grid_id = None
    else:
        assert data.grid_id is not None
        grid = roster_service.get_grid(session, grid_id=data.grid_id)
        officers = on_duty_in_grid(session, grid_id=data.grid_id, at=now)
        if not officers:
            raise ValidationFailed(f"{grid.name}当前没有在岗队员，无法下达。", code="nobody_on_duty")
        grid_id = grid.id
    order = DispatchOrder(
        title=data.title, detail=data.detail, case_id=data.case_id, camera_event_id=data.camera_event_id,
        grid_id=grid_id, location=data.location, lat=data.lat, lon=data.lon, created_by=actor.id, created_at=now,
    )  # fmt: skip
    session.add(order)
    session.flush()
    assert order.id is not None
    for officer_id in officers:
        session.add(DispatchAssignment(order_id=order.id, officer_id=officer_id, sent_at=now))
    session.flush()
    _audit(session, actor.id, "dispatch.sent", order.id,
           {"title": order.title, "case_id": order.case_id, "grid_id": grid_id, "officers": officers})  # fmt: skip
    return order


def get(session: Session, order_id: int) -> DispatchOrder:
    order = session.get(DispatchOrder, order_id)
    if order is None:
        raise NotFound(f"调度指令 {order_id} 不存在。")
    return order


def assignments(session: Session, order_id: int) -> list[DispatchAssignment]:
    stmt = select(DispatchAssignment).where(DispatchAssignment.order_id == order_id)
    return list(session.exec(stmt.order_by(col(DispatchAssignment.officer_id))))


def _mine(session: Session, order_id: int, user: User) -> DispatchAssignment:
    assert user.id is not None
    officer = roster_service.officer_for_user(session, user_id=user.id)
    stmt = select(DispatchAssignment).where(
        DispatchAssignment.order_id == order_id, DispatchAssignment.officer_id == officer.id
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    found = session.exec(stmt.execution_options(populate_existing=True)).first()
    if found is None:
        raise NotFound(f"调度指令 {order_id} 没有下达给您。", code="not_assigned")
    if get(session, order_id).status != OrderStatus.open:
        raise Conflict("该指令已结束。", code="order_closed")
    return found


def acknowledge(
    session: Session, *, order_id: int, user: User, now: datetime | None = None
) -> DispatchAssignment:
    a = _mine(session, order_id, user)
    if a.acknowledged_at is not None:
        raise Conflict(f"已于 {a.acknowledged_at} 接收该指令。", code="already_acknowledged")
    a.acknowledged_at, a.state = now or utcnow(), AssignmentState.acknowledged
    session.add(a)
    _audit(session, user.id, "dispatch.acknowledged", order_id, {"officer_id": a.officer_id})
    return a


def arrive(
    session: Session, *, order_id: int, user: User, where: Arrival, now: datetime | None = None
) -> DispatchAssignment:
    """Arrival with a position (also recorded as the officer's position report); implies acknowledgement."""
    a = _mine(session, order_id, user)
    if a.arrived_at is not None:
        raise Conflict(f"已于 {a.arrived_at} 报告到场。", code="already_arrived")
    now = now or utcnow()
    order = get(session, order_id)
    a.acknowledged_at = a.acknowledged_at or now
    a.arrived_at, a.arrived_lat, a.arrived_lon, a.state = now, where.lat, where.lon, AssignmentState.arrived
    if order.lat is not None and order.lon is not None:
        a.distance_m = round(geo.haversine_m(where.lat, where.lon, order.lat, order.lon), 1)
    roster_service.report_position(
        session, officer_id=a.officer_id, location=Location(lat=where.lat, lon=where.lon, at=now)
    )
    session.add(a)
    _audit(session, user.id, "dispatch.arrived", order_id,
           {"officer_id": a.officer_id, "lat": where.lat, "lon": where.lon, "distance_m": a.distance_m})  # fmt: skip
    return a


def report_result(
    session: Session, *, order_id: int, user: User, result: str, now: datetime | None = None
) -> DispatchAssignment:
    a = _mine(session, order_id, user)
    if a.done_at is not None:
        raise Conflict(f"已于 {a.done_at} 反馈处置结果。", code="already_reported")
    if a.arrived_at is None:
        raise Conflict("请先报告到场（带定位），再反馈处置结果。", code="arrival_required")
    now = now or utcnow()
    a.result, a.done_at, a.state = result.strip(), now, AssignmentState.done
    session.add(a)
    session.flush()
    _audit(session, user.id, "dispatch.done", order_id, {"officer_id": a.officer_id, "result": a.result})
    if all(x.done_at is not None for x in assignments(session, order_id)):
        order = get(session, order_id)
        order.status, order.closed_at = OrderStatus.done, now
        session.add(order)
        _audit(session, None, "dispatch.closed", order_id, {"status": "done"})
    return a


def list_orders(
    session: Session, *, user: User, status: OrderStatus | None = None, limit: int = 100
) -> list[DispatchOrder]:
    stmt = select(DispatchOrder)
    if user.role == Role.officer:
        assert user.id is not None
        officer = roster_service.officer_for_user(session, user_id=user.id)
        stmt = stmt.join(DispatchAssignment, col(DispatchAssignment.order_id) == col(DispatchOrder.id)).where(
            DispatchAssignment.officer_id == officer.id
        )
    if status is not None:
        stmt = stmt.where(DispatchOrder.status == status)
    return list(session.exec(stmt.order_by(col(DispatchOrder.id).desc()).limit(limit)))


def visible(session: Session, order_id: int, user: User) -> DispatchOrder:
    order = get(session, order_id)
    if user.role == Role.officer:
        assert user.id is not None
        officer = roster_service.officer_for_user(session, user_id=user.id)
        if all(a.officer_id != officer.id for a in assignments(session, order_id)):
            raise Forbidden("该指令没有下达给您。", code="not_assigned")
    return order


def present(session: Session, order: DispatchOrder) -> OrderPublic:
    assert order.id is not None
    rows = assignments(session, order.id)
    names = {
        o.id: o.name
        for o in session.exec(select(Officer).where(col(Officer.id).in_([a.officer_id for a in rows] or [0])))
    }
    pubs = [
        AssignmentPublic.model_validate(
            a, update={"id": a.id or 0, "officer_name": names.get(a.officer_id, "")}
        )
        for a in rows
    ]
    events = [TimelineEvent(at=order.created_at, what="created", label="指挥员下达指令", lat=order.lat, lon=order.lon,
                            text=order.title)]  # fmt: skip
    for a in pubs:
        steps = [
            (a.sent_at, "sent", "指令送达", None, None, None),
            (a.acknowledged_at, "acknowledged", "队员已接收", None, None, None),
            (a.arrived_at, "arrived", "队员到场", a.arrived_lat, a.arrived_lon, None),
            (a.done_at, "done", "反馈处置结果", None, None, a.result),
        ]
        events += [
            TimelineEvent(at=at, what=what, label=label, officer_id=a.officer_id, officer_name=a.officer_name,
                          lat=lat, lon=lon, text=text)
            for at, what, label, lat, lon, text in steps
            if at is not None
        ]  # fmt: skip
    if order.closed_at:
        events.append(TimelineEvent(at=order.closed_at, what="closed", label="指令办结"))
    order_of = {"created": 0, "sent": 1, "acknowledged": 2, "arrived": 3, "done": 4, "closed": 5}
    events.sort(key=lambda e: (e.at, order_of[e.what], e.officer_id or 0))
    return OrderPublic.model_validate(order, update={"id": order.id, "assignments": pubs, "timeline": events})
