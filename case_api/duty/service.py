"""The evaluator's tick: every shift running at ``now`` judged by :mod:`case_api.duty.watch`; alerts and attendance
stored once (a re-run of the same minute, or a second evaluator, adds nothing); commanders acknowledge."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.duty import watch
from case_api.duty.models import (
    KIND_LABELS,
    AttendancePublic,
    AttendanceRecord,
    DutyAlert,
    DutyAlertPublic,
    TickResult,
)
from case_api.errors import Conflict, NotFound
from case_api.roster.models import CheckIn, Officer, PositionReport, Shift
from case_api.sqltypes import utcnow
from case_api.users.models import User


def _view(session: Session, shift: Shift) -> watch.ShiftView:
    assert shift.id is not None
    fixes = session.exec(
        select(PositionReport.at, PositionReport.inside_grid).where(PositionReport.shift_id == shift.id)
    ).all()
    first = session.exec(
        select(CheckIn.at).where(CheckIn.shift_id == shift.id).order_by(col(CheckIn.at)).limit(1)
    ).first()
    return watch.ShiftView(
        shift_id=shift.id, officer_id=shift.officer_id, starts_at=shift.starts_at, ends_at=shift.ends_at,
        positions=[(at, bool(inside)) for at, inside in fixes], first_checkin=first,
    )  # fmt: skip


def _insert(session: Session, row: DutyAlert | AttendanceRecord) -> bool:
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # another evaluator stored it first
        return False
    return True


def tick(
    session: Session, *, now: datetime | None = None, params: watch.Params = watch.Params()
) -> TickResult:
    """Evaluate every shift running at ``now``; end the alerts whose condition no longer holds. The caller commits."""
    now = now or utcnow()
    running = session.exec(select(Shift).where(col(Shift.starts_at) <= now, col(Shift.ends_at) > now)).all()
    raised: list[DutyAlert] = []
    records: list[AttendanceRecord] = []
    ended = 0
    for shift in running:
        assert shift.id is not None
        view = _view(session, shift)
        current = {(a.kind, a.started_at): a for a in watch.alerts(view, now, params)}
        open_rows = session.exec(
            select(DutyAlert).where(DutyAlert.shift_id == shift.id, col(DutyAlert.ended_at).is_(None))
        ).all()
        for row in open_rows:
            state = current.pop((row.kind, row.started_at), None)
            if state is None:
                row.ended_at = now
                ended += 1
            else:
                row.minutes = state.minutes
            session.add(row)
        for (kind, started), state in current.items():
            known = session.exec(
                select(DutyAlert.id).where(
                    DutyAlert.shift_id == shift.id, DutyAlert.kind == kind, DutyAlert.started_at == started
                )
            ).first()
            if known is not None:
                continue
            alert = DutyAlert(
                shift_id=shift.id, officer_id=shift.officer_id, kind=kind, started_at=started, raised_at=now,
                minutes=state.minutes,
            )  # fmt: skip
            if _insert(session, alert):
                audit_service.append(
                    session, actor_id=None, action="duty.alert_raised", entity="shift", entity_id=shift.id,
                    payload={"officer_id": shift.officer_id, "kind": kind, "started_at": started,
                             "minutes": state.minutes},
                )  # fmt: skip
                raised.append(alert)
        found = watch.attendance(view, now, params)
        if found is not None:
            exists = session.exec(
                select(AttendanceRecord.id).where(
                    AttendanceRecord.shift_id == shift.id, AttendanceRecord.kind == found.kind
                )
            ).first()
            record = AttendanceRecord(
                shift_id=shift.id, officer_id=shift.officer_id, kind=found.kind, minutes=found.minutes,
                checkin_at=found.checkin_at, recorded_at=now,
            )  # fmt: skip
            if exists is None and _insert(session, record):
                audit_service.append(
                    session, actor_id=None, action=f"duty.attendance_{found.kind}", entity="shift",
                    entity_id=shift.id, payload={"officer_id": shift.officer_id, "minutes": found.minutes},
                )  # fmt: skip
                records.append(record)
    # alerts of shifts that have ended
    for row in session.exec(
        select(DutyAlert)
        .join(Shift, col(Shift.id) == col(DutyAlert.shift_id))
        .where(col(DutyAlert.ended_at).is_(None), col(Shift.ends_at) <= now)
    ).all():
        shift_row = session.get(Shift, row.shift_id)
        row.ended_at = shift_row.ends_at if shift_row else now
        session.add(row)
        ended += 1
    session.flush()
    names = _names(session)
    return TickResult(
        at=now, shifts=len(running), raised=[present_alert(a, names) for a in raised], ended=ended,
        attendance=[present_attendance(r, names) for r in records],
    )  # fmt: skip


def _names(session: Session) -> dict[int, str]:
    return {o.id or 0: o.name for o in session.exec(select(Officer)).all()}


def present_alert(a: DutyAlert, names: dict[int, str]) -> DutyAlertPublic:
    return DutyAlertPublic.model_validate(
        a,
        update={
            "id": a.id or 0, "officer_name": names.get(a.officer_id, ""), "kind_label": KIND_LABELS[a.kind],
            "open": a.ended_at is None,
        },
    )  # fmt: skip


def present_attendance(r: AttendanceRecord, names: dict[int, str]) -> AttendancePublic:
    return AttendancePublic.model_validate(
        r,
        update={
            "id": r.id or 0,
            "officer_name": names.get(r.officer_id, ""),
            "kind_label": KIND_LABELS[r.kind],
        },
    )


def list_alerts(
    session: Session, *, open_only: bool = False, unacknowledged: bool = False, limit: int = 200
) -> list[DutyAlertPublic]:
    stmt = select(DutyAlert)
    if open_only:
        stmt = stmt.where(col(DutyAlert.ended_at).is_(None))
    if unacknowledged:
        stmt = stmt.where(col(DutyAlert.acknowledged_at).is_(None))
    rows = session.exec(stmt.order_by(col(DutyAlert.id).desc()).limit(limit)).all()
    names = _names(session)
    return [present_alert(a, names) for a in rows]


def list_attendance(session: Session, *, limit: int = 200) -> list[AttendancePublic]:
    rows = session.exec(select(AttendanceRecord).order_by(col(AttendanceRecord.id).desc()).limit(limit)).all()
    names = _names(session)
    return [present_attendance(r, names) for r in rows]


def acknowledge(session: Session, *, alert_id: int, actor: User, note: str | None) -> DutyAlertPublic:
    stmt = select(DutyAlert).where(DutyAlert.id == alert_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    alert = session.exec(stmt.execution_options(populate_existing=True)).first()
    if alert is None:
        raise NotFound(f"预警 {alert_id} 不存在。")
    if alert.acknowledged_at is not None:
        raise Conflict(f"该预警已于 {alert.acknowledged_at} 处理，不能重复确认。", code="alert_acknowledged")
    alert.acknowledged_by, alert.acknowledged_at = actor.id, utcnow()
    alert.note = note.strip() if note and note.strip() else None
    session.add(alert)
    session.flush()
    audit_service.append(
        session, actor_id=actor.id, action="duty.alert_acknowledged", entity="duty_alert", entity_id=alert_id,
        payload={"note": alert.note},
    )  # fmt: skip
    return present_alert(alert, _names(session))
