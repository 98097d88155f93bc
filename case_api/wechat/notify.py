"""What should reach whom through WeChat, and the log that makes each of it go once.

Events:

- ``duty_alert:<id>``  a 脱岗 / no-position alert (``case_api.duty``) raised in the last :data:`ALERT_WINDOW` and not
  yet acknowledged → every active commander bound to the official account
- ``warning:<id>``     an early warning (``case_api.warnings``) → its subscribed recipients bound to the account
- ``decision:<case id>``      the decision of a case a citizen bound in the mini-channel → that citizen
- ``payment_due:<order code>``  an unpaid fine order of such a case → that citizen

:func:`start` inserts the log row *before* anything is sent, under a unique (event, openid) key: a second scan, a
second worker or a restart finds the row and sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from case_api.cases.models import Case
from case_api.duty.models import KIND_LABELS, DutyAlert
from case_api.payments import latefee
from case_api.payments.models import FineOrder, OrderStatus
from case_api.roster.models import Officer
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User
from case_api.warnings.models import EarlyWarning
from case_api.wechat.models import App, CaseBinding, Identity, Notification

ALERT_WINDOW = timedelta(hours=6)


@dataclass(frozen=True)
class Pending:
    event_key: str
    kind: str  # duty_alert | warning | decision | payment_due
    app: App
    openid: str
    user_id: int | None
    text: str
    data: dict[str, str] = field(default_factory=dict)  # template / subscribe message fields
    page: str | None = None


def _sent(session: Session, keys: list[str]) -> set[tuple[str, str]]:
    if not keys:
        return set()
    rows = session.exec(
        select(Notification.event_key, Notification.openid).where(col(Notification.event_key).in_(keys))
    ).all()
    return {(k, o) for k, o in rows}


def _bound(session: Session, app: App, user_ids: list[int]) -> list[tuple[int, str]]:
    if not user_ids:
        return []
    rows = session.exec(
        select(Identity.user_id, Identity.openid)
        .join(User, col(User.id) == col(Identity.user_id))
        .where(Identity.app == app, col(Identity.user_id).in_(user_ids), col(User.is_active).is_(True))
    ).all()
    return [(uid, openid) for uid, openid in rows if uid is not None]


def pending_alerts(session: Session, *, tz_label: str = "", now: datetime | None = None) -> list[Pending]:
    now = now or utcnow()
    out: list[Pending] = []
    commanders = list(session.exec(select(User.id).where(User.role == Role.commander)).all())
    targets = _bound(session, App.official, [c for c in commanders if c is not None])
    alerts = session.exec(
        select(DutyAlert, Officer.name)
        .join(Officer, col(Officer.id) == col(DutyAlert.officer_id))
        .where(col(DutyAlert.raised_at) >= now - ALERT_WINDOW, col(DutyAlert.acknowledged_at).is_(None))
        .order_by(col(DutyAlert.id))
    ).all()
    for alert, name in alerts:
        key = f"duty_alert:{alert.id}"
        label = KIND_LABELS.get(alert.kind, alert.kind)
        text = f"【勤务告警】{name}：{label}，已持续 {alert.minutes:g} 分钟。请在工作台“预警与告警”中处置并确认。"
        for uid, openid in targets:
            out.append(Pending(key, "duty_alert", App.official, openid, uid, text,
                               {"officer": name, "kind": label, "minutes": f"{alert.minutes:g}"}))  # fmt: skip
    warnings = session.exec(
        select(EarlyWarning)
        .where(col(EarlyWarning.created_at) >= now - ALERT_WINDOW)
        .order_by(col(EarlyWarning.id))
    ).all()
    for warning in warnings:
        key = f"warning:{warning.id}"
        for uid, openid in _bound(session, App.official, list(warning.recipients or [])):
            out.append(Pending(key, "warning", App.official, openid, uid, f"【预警】{warning.message}",
                               {"grid": warning.grid, "offence": warning.offence, "count": str(warning.count)}))  # fmt: skip
    sent = _sent(session, sorted({p.event_key for p in out}))
    return [p for p in out if (p.event_key, p.openid) not in sent]


def pending_citizen(session: Session, *, now: datetime | None = None) -> list[Pending]:
    rows = session.exec(
        select(CaseBinding.user_id, Identity.openid, Case)
        .join(Identity, (col(Identity.user_id) == col(CaseBinding.user_id)) & (col(Identity.app) == App.mini))
        .join(Case, col(Case.id) == col(CaseBinding.case_id))
        .order_by(col(CaseBinding.id))
    ).all()
    out: list[Pending] = []
    for uid, openid, case in rows:
        number = case.case_number or f"#{case.id}"
        if case.decided_at is not None:
            out.append(Pending(
                f"decision:{case.id}", "decision", App.mini, openid, uid,
                f"您的案件 {number} 已作出行政处罚决定，请在小程序中查看决定书。",
                {"case_no": number, "title": case.title[:20]}, f"pages/case/index?id={case.id}",
            ))  # fmt: skip
        order = session.exec(select(FineOrder).where(FineOrder.case_id == case.id)).first()
        if order is not None and order.status == OrderStatus.unpaid:
            due = latefee.due_date(order.served_on)
            out.append(Pending(
                f"payment_due:{order.code}", "payment_due", App.mini, openid, uid,
                f"您的案件 {number} 有罚款 {latefee.yuan(order.fine_fen)} 元待缴，请于 {due} 前缴纳（逾期每日加处 3%）。",
                {"case_no": number, "amount": latefee.yuan(order.fine_fen), "due": str(due)},
                f"pages/pay/index?id={case.id}",
            ))  # fmt: skip
    sent = _sent(session, sorted({p.event_key for p in out}))
    return [p for p in out if (p.event_key, p.openid) not in sent]


def start(session: Session, pending: Pending, *, channel: str) -> Notification | None:
    """Log the notification before sending it; ``None`` when it is already logged (sent or being sent). Commits."""
    row = Notification(
        event_key=pending.event_key, openid=pending.openid, app=pending.app, user_id=pending.user_id,
        kind=pending.kind, channel=channel, text=pending.text,
    )  # fmt: skip
    try:
        session.add(row)
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return row


def finish(session: Session, row: Notification, *, error: str | None = None) -> None:
    row.status = "failed" if error else "sent"
    row.error = error[:500] if error else None
    row.sent_at = utcnow()
    session.add(row)
    session.commit()


def log_for(session: Session, *, event_key: str | None = None, limit: int = 200) -> list[Notification]:
    stmt = select(Notification)
    if event_key is not None:
        stmt = stmt.where(Notification.event_key == event_key)
    return list(session.exec(stmt.order_by(col(Notification.id).desc()).limit(limit)))
