"""Case model family: CaseBase / Case (table) / CaseCreate / CaseUpdate / CasePublic, plus link and sequence tables."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from case_api.sqltypes import UTCDateTime, utcnow

MAX_INT = 2_147_483_647  # INTEGER columns on SQLite and PostgreSQL


class Procedure(StrEnum):
    simple = "simple"  # 简易程序（当场处罚）
    ordinary = "ordinary"  # 普通程序


class CaseState(StrEnum):
    lead = "lead"  # 登记/线索
    accepted = "accepted"  # 受理
    filed = "filed"  # 立案
    investigating = "investigating"  # 调查取证
    legal_review = "legal_review"  # 法制审核
    notified = "notified"  # 事先告知（陈述申辩 / 听证告知）
    hearing = "hearing"  # 听证
    decided = "decided"  # 决定
    served = "served"  # 送达
    executed = "executed"  # 执行 / 缴款
    closed = "closed"  # 结案
    archived = "archived"  # 归档
    dropped = "dropped"  # 不予受理 / 不予立案 / 不予处罚 / 撤销


STATE_LABELS: dict[CaseState, str] = {
    CaseState.lead: "登记/线索",
    CaseState.accepted: "受理",
    CaseState.filed: "立案",
    CaseState.investigating: "调查取证",
    CaseState.legal_review: "法制审核",
    CaseState.notified: "事先告知",
    CaseState.hearing: "听证",
    CaseState.decided: "决定",
    CaseState.served: "送达",
    CaseState.executed: "执行/缴款",
    CaseState.closed: "结案",
    CaseState.archived: "归档",
    CaseState.dropped: "不予处罚/终止",
}

PROCEDURE_LABELS = {Procedure.simple: "简易程序", Procedure.ordinary: "普通程序"}


class PenaltyKind(StrEnum):
    fine = "fine"  # 罚款
    warning = "warning"  # 警告
    none = "none"  # 不予处罚


class CaseSource(StrEnum):
    patrol = "patrol"  # 巡查发现
    complaint = "complaint"  # 投诉举报
    camera = "camera"  # 非现场执法（电子技术监控）
    referral = "referral"  # 移送


class CaseBase(SQLModel):
    procedure: Procedure = Field(default=Procedure.ordinary, sa_type=String(16))
    source: CaseSource = Field(default=CaseSource.patrol, sa_type=String(16))
    title: str = Field(min_length=1, max_length=200, description="案由")
    offence_code: str | None = Field(default=None, max_length=64, description="违法行为目录编码")
    offence_name: str | None = Field(default=None, max_length=128, description="违法行为，如 占道经营")
    facts: str = Field(default="", sa_type=Text, description="违法事实")
    location: str = Field(default="", max_length=256)
    grid: str | None = Field(default=None, max_length=64, description="网格编码")
    lat: float | None = None
    lon: float | None = None
    violated_provision: str | None = Field(default=None, max_length=500, description="违则")
    penalty_provision: str | None = Field(default=None, max_length=500, description="罚则")
    discretion: str | None = Field(default=None, sa_type=Text, description="裁量理由（档次与事实）")
    penalty_kind: PenaltyKind = Field(default=PenaltyKind.fine, sa_type=String(16))
    fine_fen: int = Field(default=0, ge=0, le=MAX_INT, description="罚款（分）")
    offence_date: date | None = Field(default=None, description="违法行为发生日")
    offence_end_date: date | None = Field(default=None, description="连续或继续状态的终了日")
    grave_harm: bool = Field(default=False, description="涉及生命健康安全、金融安全且有危害后果（时效五年）")
    legal_review_required: bool = Field(default=True, description="第五十八条：须经法制审核")


class Case(CaseBase, table=True):
    __tablename__ = "enforcement_case"

    id: int | None = Field(default=None, primary_key=True)
    case_number: str | None = Field(
        default=None, max_length=64, unique=True, description="案件编号（立案时编号）"
    )
    state: CaseState = Field(default=CaseState.lead, sa_type=String(16), index=True)
    party_id: int | None = Field(default=None, foreign_key="party.id", index=True)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    discovered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, description="发现之日")
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    filed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    investigation_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    review_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hearing_offered: bool = False
    hearing_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hearing_waived: bool = False
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    served_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paid_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paid_fen: int | None = None
    payment_ref: str | None = Field(default=None, max_length=128, unique=True)
    executed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    dropped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome_note: str | None = Field(default=None, sa_type=Text, description="不予处罚/终止/结案说明")
    version: int = Field(default=1, description="incremented on every change")


class CaseOfficer(SQLModel, table=True):
    """执法人员 assigned to a case (第四十二条: at least two for investigation)."""

    __tablename__ = "case_officer"

    case_id: int = Field(foreign_key="enforcement_case.id", primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    assigned_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CaseSequence(SQLModel, table=True):
    """The last case number issued per year."""

    __tablename__ = "case_sequence"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


class CaseStatement(SQLModel, table=True):
    """陈述申辩 and other submissions by the party."""

    __tablename__ = "case_statement"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="enforcement_case.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="app_user.id")
    kind: str = Field(default="statement", max_length=32)  # statement | hearing_request | waiver
    text: str = Field(sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# --- API models -------------------------------------------------------------------------------------------


class CaseCreate(CaseBase):
    party_id: int | None = Field(default=None, ge=1, le=MAX_INT)
    officer_ids: list[Annotated[int, Field(ge=1, le=MAX_INT)]] = Field(
        default_factory=list, max_length=20, description="其他执法人员（创建人自动加入）"
    )
    discovered_at: datetime | None = None


class CaseUpdate(SQLModel):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    offence_code: str | None = None
    offence_name: str | None = None
    facts: str | None = None
    location: str | None = None
    grid: str | None = None
    lat: float | None = None
    lon: float | None = None
    violated_provision: str | None = None
    penalty_provision: str | None = None
    discretion: str | None = None
    penalty_kind: PenaltyKind | None = None
    fine_fen: int | None = Field(default=None, ge=0, le=MAX_INT)
    offence_date: date | None = None
    offence_end_date: date | None = None
    grave_harm: bool | None = None
    legal_review_required: bool | None = None
    party_id: int | None = Field(default=None, ge=1, le=MAX_INT)


class TransitionRequest(SQLModel):
    to_state: CaseState
    payload: dict[str, Any] = Field(default_factory=dict)


class StatementCreate(SQLModel):
    text: str = Field(min_length=1, max_length=5000)


class PaymentRecord(SQLModel):
    amount_fen: int = Field(gt=0, le=MAX_INT)
    paid_at: datetime
    ref: str = Field(min_length=1, max_length=128, description="银行/支付渠道流水号")


class PaymentRecordResult(SQLModel):
    case_id: int
    state: CaseState
    paid_fen: int
    paid_at: datetime
    ref: str
    already_recorded: bool


class DeadlinePublic(SQLModel):
    kind: str
    label: str
    article: str
    starts_on: date
    due_on: date
    working_days: bool
    status: str  # pending | met | overdue | met_late
    days_left: int | None


class OfficerRef(SQLModel):
    id: int
    full_name: str
    badge_no: str | None


class CasePublic(CaseBase):
    id: int
    case_number: str | None
    state: CaseState
    state_label: str
    procedure_label: str
    party_id: int | None
    party_name: str | None = None
    created_at: datetime
    discovered_at: datetime
    filed_at: datetime | None
    notified_at: datetime | None
    hearing_offered: bool
    hearing_requested_at: datetime | None
    decided_at: datetime | None
    served_at: datetime | None
    paid_at: datetime | None
    paid_fen: int | None
    closed_at: datetime | None
    archived_at: datetime | None
    outcome_note: str | None
    officers: list[OfficerRef] = Field(default_factory=list)
    deadlines: list[DeadlinePublic] = Field(default_factory=list)
    allowed_transitions: list[CaseState] = Field(default_factory=list)
    version: int


class OverdueItem(SQLModel):
    case_id: int
    case_number: str | None
    title: str
    state: CaseState
    deadline: DeadlinePublic
