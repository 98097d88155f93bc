"""WeChat record model family: who an openid is, one-time binding codes, inbound messages (dedupe), a citizen's
bound cases and the notification log.

Every "once" here is a unique constraint, so it holds across worker processes and restarts:

- ``wechat_identity``   one row per (app, openid): the user it is bound to
- ``wechat_binding_code``  a one-time code a staff member sends to the official account to bind their openid
- ``wechat_inbound``    one row per WeChat message (MsgId, or sender + CreateTime for events): a retry finds it
- ``wechat_case_binding``  the cases a citizen bound in the mini-channel (case number + phone / ID number)
- ``wechat_notification``  one row per (event, recipient): a notification is never sent twice
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow


class App(StrEnum):
    official = "mp"  # 公众号
    mini = "mini"  # 小程序 (citizens' mini-channel)


class Identity(SQLModel, table=True):
    __tablename__ = "wechat_identity"
    __table_args__ = (UniqueConstraint("app", "openid", name="uq_wechat_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    app: str = Field(sa_type=String(8))
    openid: str = Field(max_length=64, index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)
    bound_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    conversation_id: str | None = Field(
        default=None, max_length=64, description="the chat thread WeChat continues"
    )
    conversation_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class BindingCode(SQLModel, table=True):
    __tablename__ = "wechat_binding_code"

    code_hash: str = Field(
        primary_key=True, max_length=64, description="sha256 of the code; the code is not kept"
    )
    user_id: int = Field(foreign_key="app_user.id", index=True)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by_openid: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InboundStatus(StrEnum):
    pending = "pending"  # received, the answer job runs; the request is waiting for it
    inline = "inline"  # answered in the reply to WeChat's request
    deferred = "deferred"  # acknowledged; the answer goes out through the customer-service API when ready
    pushing = "pushing"  # being sent
    pushed = "pushed"  # sent through the customer-service API
    failed = "failed"  # the answer or its sending failed (``error``)


class Inbound(SQLModel, table=True):
    __tablename__ = "wechat_inbound"

    id: int | None = Field(default=None, primary_key=True)
    msg_key: str = Field(
        max_length=96, unique=True, index=True, description="MsgId, or FromUserName:CreateTime for events"
    )
    openid: str = Field(max_length=64, index=True)
    kind: str = Field(sa_type=String(24))
    status: str = Field(default=InboundStatus.pending, sa_type=String(16))
    parts: int = Field(default=0, description="messages sent for the answer")
    error: str | None = Field(default=None, max_length=500)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CaseBinding(SQLModel, table=True):
    __tablename__ = "wechat_case_binding"
    __table_args__ = (UniqueConstraint("user_id", "case_id", name="uq_wechat_case_binding"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True)
    matched_by: str = Field(sa_type=String(16))  # phone | id_number
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    __tablename__ = "wechat_notification"
    __table_args__ = (UniqueConstraint("event_key", "openid", name="uq_wechat_notification"),)

    id: int | None = Field(default=None, primary_key=True)
    event_key: str = Field(
        max_length=96, index=True, description="e.g. duty_alert:12, decision:7, payment_due:ZF…"
    )
    openid: str = Field(max_length=64)
    app: str = Field(sa_type=String(8))
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    kind: str = Field(sa_type=String(24))
    channel: str = Field(sa_type=String(16))  # custom | template | subscribe
    status: str = Field(default="sending", sa_type=String(16))  # sending | sent | failed
    text: str = Field(default="", sa_type=Text)
    error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- API models ------------------------------------------------------------------------------------------


class BindingCodePublic(SQLModel):
    code: str
    expires_at: datetime
    instructions: str


class BindingStatus(SQLModel):
    bound: bool
    openids: list[str]


class MiniLogin(SQLModel):
    code: str = Field(min_length=1, max_length=128, description="wx.login() 返回的临时登录凭证")


class MiniToken(SQLModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    user_id: int
    cases: int


class MiniBind(SQLModel):
    case_no: str = Field(min_length=1, max_length=64)
    phone: str | None = Field(default=None, min_length=4, max_length=20, description="当事人登记的手机号")
    id_number: str | None = Field(default=None, min_length=6, max_length=32, description="当事人登记的证件号")


class MiniStatement(SQLModel):
    text: str = Field(min_length=2, max_length=5000)


class MiniCase(SQLModel):
    case_id: int
    case_no: str
    title: str
    state: str
    state_label: str
    party_name: str | None
    party_phone: str | None
    party_id_number: str | None
    offence: str | None
    penalty_provision: str | None
    fine_fen: int | None
    decided_at: datetime | None
    served_at: datetime | None
    statement_open: bool
    statement_reason: str
    order_code: str | None
    order_status: str | None


class MiniDecision(SQLModel):
    case_no: str
    title: str
    number: str | None
    issued_at: datetime | None
    text: str
