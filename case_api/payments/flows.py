"""Payment notices → payments, exactly once.

For each notice: the provider verifies the signature; the order row is locked (an ``UPDATE`` first: a row lock on
PostgreSQL, SQLite's write lock); a payment already recorded under the same transaction id makes the notice a
duplicate; otherwise the order must exist, be unpaid, and the amount must equal what is due on the day paid (late
fee included). The payment row carries unique constraints on the transaction id and on the order, so even a
racing writer cannot record a second payment. The case is then marked paid through the cases service.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from case_api.audit import service as audit_service
from case_api.cases import service as cases_service
from case_api.errors import DomainError
from case_api.payments import caselink, providers
from case_api.payments import service as payment_service
from case_api.payments.models import FineOrder, NoticeResult, OrderStatus, Payment
from case_api.payments.providers import NoticeRejected, PaymentNotice
from core.settings import Settings


def handle_notice(
    session: Session, *, settings: Settings, provider: providers.PaymentProvider, body: bytes
) -> NoticeResult:
    """Verify and record one notice in the caller's transaction; raise :class:`NoticeRejected` to refuse it."""
    notice = provider.parse_notice(body)
    try:
        if not notice.success:
            raise NoticeRejected("支付未成功（return_code/result_code 非 SUCCESS）", code="not_success")
        order = _lock_order(session, code=notice.out_trade_no)
        existing = _payment_by_txn(session, notice.transaction_id)
        if existing is not None:
            return _duplicate(order, existing, notice)
        _check(session, settings=settings, order=order, notice=notice, provider=provider.name)
        return _record(session, settings=settings, order=order, notice=notice, body=body)
    except NoticeRejected as exc:
        exc.notice = notice
        raise


def _lock_order(session: Session, *, code: str) -> FineOrder:
    table = FineOrder.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(table).where(table.c.code == code).values(lock_version=table.c.lock_version + 1)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise NoticeRejected("订单不存在", code="order_not_found")
    stmt = select(FineOrder).where(FineOrder.code == code).execution_options(populate_existing=True)
    return session.exec(stmt).one()


def _payment_by_txn(session: Session, transaction_id: str) -> Payment | None:
    stmt = (
        select(Payment)
        .where(Payment.transaction_id == transaction_id)
        .execution_options(populate_existing=True)
    )
    return session.exec(stmt).first()


def _duplicate(order: FineOrder, payment: Payment, notice: PaymentNotice) -> NoticeResult:
    if payment.order_id != order.id or payment.amount_fen != notice.total_fen:
        raise NoticeRejected("交易号已用于其他订单或金额不同", code="transaction_conflict")
    return NoticeResult(
        order_code=order.code, payment_id=payment.id or 0, receipt_no=payment.receipt_no, duplicate=True
    )


def _check(
    session: Session, *, settings: Settings, order: FineOrder, notice: PaymentNotice, provider: str
) -> None:
    if order.status == OrderStatus.paid:
        raise NoticeRejected("该罚款已缴纳，重复缴款需原路退回", code="already_paid")
    if order.provider != provider:
        raise NoticeRejected(f"订单应由“{order.provider}”渠道收款", code="wrong_provider")
    due = payment_service.amount_due(order, caselink.local_date(notice.paid_at, settings.timezone))
    if notice.total_fen != due.total_fen:
        raise NoticeRejected(
            f"金额不符：应缴 {due.total_fen} 分（含加处罚款 {due.late_fee_fen} 分），实付 {notice.total_fen} 分",
            code="amount_mismatch",
        )


def _record(
    session: Session, *, settings: Settings, order: FineOrder, notice: PaymentNotice, body: bytes
) -> NoticeResult:
    assert order.id is not None
    due = payment_service.amount_due(order, caselink.local_date(notice.paid_at, settings.timezone))
    local = notice.paid_at.astimezone(caselink.ZoneInfo(settings.timezone))
    payment = Payment(
        order_id=order.id,
        provider=notice.provider,
        transaction_id=notice.transaction_id,
        receipt_no=f"SK{local:%Y%m%d}{order.id:08d}",
        fine_fen=due.fine_fen,
        late_days=due.late_days,
        late_fee_fen=due.late_fee_fen,
        amount_fen=notice.total_fen,
        paid_at=notice.paid_at,
        notice_sha256=hashlib.sha256(body).hexdigest(),
    )
    try:
        with session.begin_nested():
            session.add(payment)
            session.flush()
    except IntegrityError:  # a concurrent writer got there first (only possible without the lock)
        existing = _payment_by_txn(session, notice.transaction_id)
        if existing is None:
            raise NoticeRejected("该罚款已缴纳，重复缴款需原路退回", code="already_paid") from None
        return _duplicate(order, existing, notice)
    order.status, order.paid_at = OrderStatus.paid, notice.paid_at
    session.add(order)
    try:
        cases_service.mark_paid(
            session, order.case_id, notice.total_fen, notice.paid_at, notice.transaction_id, settings=settings
        )
    except DomainError as exc:  # e.g. the case was executed another way meanwhile
        raise NoticeRejected(exc.message, code=exc.code) from exc
    audit_service.append(
        session,
        actor_id=None,
        action="payment.received",
        entity="case",
        entity_id=order.case_id,
        payload={
            "order": order.code,
            "provider": notice.provider,
            "transaction_id": notice.transaction_id,
            "amount_fen": notice.total_fen,
            "late_fee_fen": due.late_fee_fen,
            "receipt_no": payment.receipt_no,
        },
    )
    session.flush()
    return NoticeResult(
        order_code=order.code, payment_id=payment.id or 0, receipt_no=payment.receipt_no, duplicate=False
    )


def record_rejection(session: Session, *, body: bytes, reason: NoticeRejected) -> None:
    """Audit a notice refused for a business reason (signature valid, order known, but not payable)."""
    notice = reason.notice
    if notice is None:
        return
    order = session.exec(select(FineOrder).where(FineOrder.code == notice.out_trade_no)).first()
    if order is None:
        return
    audit_service.append(
        session,
        actor_id=None,
        action="payment.notice_rejected",
        entity="case",
        entity_id=order.case_id,
        payload={
            "order": order.code,
            "provider": notice.provider,
            "code": reason.code,
            "reason": reason.reason,
            "transaction_id": notice.transaction_id,
            "amount_fen": notice.total_fen,
            "notice_sha256": hashlib.sha256(body).hexdigest(),
        },
    )
