"""Payment model families: FineOrder (one per decision) and Payment (at most one per order)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class OrderStatus(StrEnum):
    unpaid = "unpaid"
    paid = "paid"


class FineOrder(SQLModel, table=True):
    __tablename__ = "payment_order"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True, description="缴款码 = out_trade_no")
    case_id: int = Field(foreign_key="enforcement_case.id", unique=True)
    case_no: str = Field(max_length=64)
    fine_fen: int = Field(gt=0)
    served_on: date = Field(description="决定书送达日（第六十七条：自次日起十五日内缴纳）")
    provider: str = Field(max_length=32)
    status: OrderStatus = Field(default=OrderStatus.unpaid, sa_type=String(16))
    lock_version: int = 0  # bumped by the notice handler: a write that takes the row (PG) or DB (SQLite) lock
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Payment(SQLModel, table=True):
    __tablename__ = "payment"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="payment_order.id", unique=True)
    provider: str = Field(max_length=32)
    transaction_id: str = Field(max_length=64, unique=True)
    receipt_no: str = Field(max_length=32, unique=True)
    fine_fen: int
    late_days: int
    late_fee_fen: int
    amount_fen: int
    paid_at: datetime = Field(sa_type=UTCDateTime)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    notice_sha256: str = Field(max_length=64)


class OrderCreate(SQLModel):
    case_id: int = Field(ge=1, le=2_147_483_647)
    provider: str | None = Field(default=None, max_length=32, description="缺省为配置的支付渠道")


class AmountDuePublic(SQLModel):
    on: date
    due_date: date
    fine_fen: int
    late_days: int
    late_fee_fen: int
    total_fen: int
    total_yuan: str


class OrderPublic(SQLModel):
    code: str
    case_no: str
    status: OrderStatus
    provider: str
    fine_fen: int
    served_on: date
    due_date: date
    pay_url: str
    qr_url: str
    amount_due: AmountDuePublic
    paid_at: datetime | None
    receipt_no: str | None = None


class NoticeResult(SQLModel):
    """What handling one notice did (also what tests assert)."""

    order_code: str
    payment_id: int
    receipt_no: str
    duplicate: bool


class CaseLookup(SQLModel):
    case_no: str = Field(min_length=1, max_length=64)
    phone: str = Field(min_length=4, max_length=20, description="当事人登记的手机号")


class CaseLookupPublic(SQLModel):
    case_no: str
    state: str
    party_name: str | None
    party_phone: str | None
    offence: str | None = None
    fine_fen: int | None = None
    order: OrderPublic | None = None
