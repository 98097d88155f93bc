"""Fine orders: issue one per decision, price it for a day (late fee included), read receipts.

Handling payment notices is a multi-step side effect and lives in :mod:`case_api.payments.flows`.
"""

from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from case_api.audit import service as audit_service
from case_api.errors import NotFound, ValidationFailed
from case_api.masking import mask_name
from case_api.payments import caselink, latefee, providers
from case_api.payments.config import pay_settings, pay_url
from case_api.payments.models import AmountDuePublic, FineOrder, OrderPublic, Payment
from case_api.payments.receipt import Receipt
from core.settings import Settings

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O/1/I: read aloud over the phone without mistakes


def new_code() -> str:
    return "ZF" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(14))


def create_order(
    session: Session, *, settings: Settings, case_id: int, provider: str | None, actor_id: int | None
) -> FineOrder:
    """The case's fine order, created on first call; later calls return the same order."""
    existing = order_for_case(session, case_id=case_id)
    if existing is not None:
        return existing
    facts = caselink.payable(session, case_id=case_id, tz=settings.timezone)
    name = provider or pay_settings(settings).provider
    try:
        providers.get(name, settings)
    except (KeyError, ValueError) as exc:
        raise ValidationFailed(f"支付渠道“{name}”不可用：{exc}", code="provider_unavailable") from exc
    assert facts.served_on is not None
    order = FineOrder(
        code=new_code(),
        case_id=case_id,
        case_no=facts.case_no,
        fine_fen=facts.fine_fen,
        served_on=facts.served_on,
        provider=name,
        created_by=actor_id,
    )
    try:
        with session.begin_nested():
            session.add(order)
            session.flush()
    except IntegrityError:  # issued concurrently for the same case
        found = order_for_case(session, case_id=case_id)
        assert found is not None
        return found
    audit_service.append(
        session,
        actor_id=actor_id,
        action="payment.order_created",
        entity="case",
        entity_id=case_id,
        payload={
            "order": order.code,
            "fine_fen": order.fine_fen,
            "served_on": order.served_on,
            "provider": name,
        },
    )
    return order


def order_for_case(session: Session, *, case_id: int) -> FineOrder | None:
    return session.exec(select(FineOrder).where(FineOrder.case_id == case_id)).first()


def get_order(session: Session, *, code: str) -> FineOrder:
    order = session.exec(select(FineOrder).where(FineOrder.code == code)).first()
    if order is None:
        raise NotFound("缴款码不存在，请核对决定书上的缴款码。", code="order_not_found")
    return order


def payment_for(session: Session, *, order: FineOrder) -> Payment | None:
    return session.exec(select(Payment).where(Payment.order_id == order.id)).first()


def amount_due(order: FineOrder, on: date) -> AmountDuePublic:
    due = latefee.amount_due(order.fine_fen, order.served_on, on)
    return AmountDuePublic(
        on=on,
        due_date=latefee.due_date(order.served_on),
        fine_fen=due.fine_fen,
        late_days=due.late_days,
        late_fee_fen=due.late_fee_fen,
        total_fen=due.total_fen,
        total_yuan=latefee.yuan(due.total_fen),
    )


def to_public(session: Session, *, settings: Settings, order: FineOrder, on: date) -> OrderPublic:
    payment = payment_for(session, order=order)
    if payment is not None:
        on = caselink.local_date(payment.paid_at, settings.timezone)
    return OrderPublic(
        code=order.code,
        case_no=order.case_no,
        status=order.status,
        provider=order.provider,
        fine_fen=order.fine_fen,
        served_on=order.served_on,
        due_date=latefee.due_date(order.served_on),
        pay_url=pay_url(settings, order.code),
        qr_url=f"{settings.base_url.rstrip('/')}/api/payments/orders/{order.code}/qr.png",
        amount_due=amount_due(order, on),
        paid_at=order.paid_at,
        receipt_no=payment.receipt_no if payment else None,
    )


def receipt(session: Session, *, settings: Settings, code: str) -> Receipt:
    order = get_order(session, code=code)
    payment = payment_for(session, order=order)
    if payment is None:
        raise NotFound("该缴款码尚未缴款，暂无缴款凭证。", code="not_paid")
    facts = caselink.facts(session, case_id=order.case_id, tz=settings.timezone)
    return Receipt.build(
        fine_fen=payment.fine_fen,
        late_fee_fen=payment.late_fee_fen,
        receipt_no=payment.receipt_no,
        bureau=settings.bureau_name,
        case_no=order.case_no,
        order_code=order.code,
        party=mask_name(facts.party_name) or "",
        provider=payment.provider,
        transaction_id=payment.transaction_id,
        paid_at=payment.paid_at.astimezone(caselink.ZoneInfo(settings.timezone)).isoformat(
            timespec="seconds"
        ),
    )
