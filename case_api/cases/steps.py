"""What each step of the state machine checks and records (guards and effects), one function per target state.

Every function gets the locked case, the acting user (``None`` for the system, e.g. a verified payment
notice), the step's payload and the current time; it raises a :class:`DomainError` or updates the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from case_api.cases import numbering, rules
from case_api.cases.deadlines import DECISION, HEARING_REQUEST, WorkCalendar, deadline, local_date
from case_api.cases.models import Case, CaseOfficer, CaseState, PenaltyKind, Procedure
from case_api.errors import InvalidTransition, ValidationFailed
from case_api.parties.models import Party, PartyKind
from case_api.users.models import Role, User
from core.settings import Settings


@dataclass
class StepContext:
    session: Session
    case: Case
    actor: User | None
    payload: dict[str, Any]
    now: datetime
    settings: Settings
    calendar: WorkCalendar
    from_state: CaseState

    def text(self, key: str, message: str) -> str:
        value = self.payload.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValidationFailed(message, code=f"{key}_required")
        return value.strip()

    def moment(self, key: str) -> datetime:
        """An optional ISO time in the payload (recording an event after the fact), else now."""
        raw = self.payload.get(key)
        if raw is None:
            return self.now
        try:
            value = datetime.fromisoformat(str(raw))
        except ValueError as exc:
            raise ValidationFailed(f"{key} 不是有效的时间（ISO 8601）。", code="bad_time") from exc
        if value.tzinfo is None:
            raise ValidationFailed(f"{key} 须带时区，如 2026-05-01T10:00:00+08:00。", code="bad_time")
        if value > self.now:
            raise ValidationFailed(f"{key} 不能晚于当前时间。", code="bad_time")
        return value

    def party(self) -> Party:
        party = self.session.get(Party, self.case.party_id) if self.case.party_id else None
        if party is None:
            raise ValidationFailed("请先登记当事人信息，再进行此步骤。", code="party_required")
        return party

    def assign_number(self) -> None:
        if self.case.case_number is None:
            year = local_date(self.now, self.settings.timezone).year
            self.case.case_number = numbering.allocate(self.session, self.settings.case_number_format, year)


def officer_count(session: Session, case_id: int) -> int:
    stmt = (
        select(User)
        .join(CaseOfficer, col(CaseOfficer.user_id) == col(User.id))
        .where(CaseOfficer.case_id == case_id, User.role == Role.officer, col(User.badge_no).is_not(None))
    )
    return len(list(session.exec(stmt)))


def _require_officers(ctx: StepContext) -> None:
    assert ctx.case.id is not None
    n = officer_count(ctx.session, ctx.case.id)
    if n < rules.MIN_OFFICERS:
        raise ValidationFailed(
            f"调查取证须由不少于两名持有执法证的执法人员进行（《行政处罚法》第四十二条），本案目前仅 {n} 名。"
            "请先指派执法人员。",
            code="two_officers_required",
        )


def _require_offence(ctx: StepContext) -> None:
    if ctx.case.offence_date is None:
        raise ValidationFailed(
            "请填写违法行为发生日（offence_date），用于核对追责时效。", code="offence_date_required"
        )
    rules.check_limitation(
        ctx.case.offence_date,
        ctx.case.offence_end_date,
        local_date(ctx.case.discovered_at, ctx.settings.timezone),
        ctx.case.grave_harm,
    )


def _require_penalty(ctx: StepContext) -> None:
    case = ctx.case
    if not case.violated_provision or not case.penalty_provision:
        raise ValidationFailed(
            "请先填写违则和罚则（violated_provision、penalty_provision）。", code="provisions_required"
        )
    if case.penalty_kind == PenaltyKind.fine and case.fine_fen <= 0:
        raise ValidationFailed("罚款决定须填写罚款金额（fine_fen，单位：分）。", code="fine_required")


def to_accepted(ctx: StepContext) -> None:
    ctx.case.accepted_at = ctx.now


def to_filed(ctx: StepContext) -> None:
    ctx.party()
    _require_offence(ctx)
    ctx.case.filed_at = ctx.now
    ctx.assign_number()


def to_investigating(ctx: StepContext) -> None:
    _require_officers(ctx)
    if ctx.from_state == CaseState.filed:
        ctx.case.investigation_at = ctx.now


def to_legal_review(ctx: StepContext) -> None:
    _require_officers(ctx)
    _require_penalty(ctx)
    ctx.case.review_at = ctx.now


def to_notified(ctx: StepContext) -> None:
    case = ctx.case
    if ctx.from_state == CaseState.investigating:
        if case.legal_review_required:
            raise InvalidTransition(
                "本案须经法制审核（《行政处罚法》第五十八条），请先提交法制审核。",
                code="legal_review_required",
            )
        _require_officers(ctx)
    elif ctx.actor is not None and ctx.actor.role != Role.legal:
        raise InvalidTransition("法制审核须由法制员完成。", code="legal_review_by_legal")
    _require_penalty(ctx)
    party = ctx.party()
    case.hearing_offered = rules.hearing_right(
        PartyKind(party.kind), PenaltyKind(case.penalty_kind), case.fine_fen
    )
    case.notified_at = ctx.now


def to_hearing(ctx: StepContext) -> None:
    case = ctx.case
    if not case.hearing_offered:
        raise InvalidTransition(
            "本案拟作出的处罚不属于应当告知听证权利的情形（第六十三条）。", code="no_hearing_right"
        )
    requested = ctx.moment("requested_at")
    assert case.notified_at is not None
    window = deadline(
        HEARING_REQUEST, case.notified_at, None, today=local_date(requested, ctx.settings.timezone),
        tz=ctx.settings.timezone, calendar=ctx.calendar,
    )  # fmt: skip
    if window.status == "lapsed":
        raise InvalidTransition(
            f"听证申请已超过告知后五个工作日的期限（截止 {window.due_on.isoformat()}，第六十四条）。",
            code="hearing_request_late",
        )
    case.hearing_requested_at = requested


def _decide_ordinary(ctx: StepContext) -> None:
    case = ctx.case
    today = local_date(ctx.now, ctx.settings.timezone)
    if ctx.from_state == CaseState.notified and case.hearing_offered and case.hearing_requested_at is None:
        assert case.notified_at is not None
        window = deadline(
            HEARING_REQUEST,
            case.notified_at,
            None,
            today=today,
            tz=ctx.settings.timezone,
            calendar=ctx.calendar,
        )
        waived = bool(ctx.payload.get("waived")) or case.hearing_waived
        if window.status == "pending" and not waived:
            raise InvalidTransition(
                f"当事人要求听证的期限尚未届满（{window.due_on.isoformat()}，第六十四条），"
                "不能作出决定；当事人明确放弃的，请在 payload 中注明 waived。",
                code="hearing_window_open",
            )
        case.hearing_waived = waived
    assert case.filed_at is not None
    limit = deadline(
        DECISION, case.filed_at, None, today=today, tz=ctx.settings.timezone, calendar=ctx.calendar
    )
    if limit.status == "overdue":
        ctx.text(
            "overdue_reason",
            f"已超过立案后九十日的决定期限（{limit.due_on.isoformat()}，第六十条），请说明理由（overdue_reason）。",
        )


def to_decided(ctx: StepContext) -> None:
    case = ctx.case
    _require_penalty(ctx)
    if case.procedure == Procedure.simple:
        party = ctx.party()
        rules.check_simple_limits(PartyKind(party.kind), PenaltyKind(case.penalty_kind), case.fine_fen)
        _require_offence(ctx)
        ctx.assign_number()
    else:
        _decide_ordinary(ctx)
    case.decided_at = ctx.now


def to_served(ctx: StepContext) -> None:
    method = ctx.payload.get("method", "direct")
    if method not in {"direct", "mail", "electronic", "left", "announcement", "entrusted"}:
        raise ValidationFailed(
            "送达方式应为 direct/mail/electronic/left/announcement/entrusted 之一。", code="bad_method"
        )
    served = ctx.moment("served_at")
    assert ctx.case.decided_at is not None
    if served < ctx.case.decided_at:
        raise ValidationFailed("送达时间不能早于决定时间。", code="bad_time")
    ctx.case.served_at = served


def to_executed(ctx: StepContext) -> None:
    case = ctx.case
    if case.penalty_kind == PenaltyKind.fine and case.paid_at is None:
        ctx.text(
            "note",
            "罚款尚未缴纳：缴款由支付渠道通知自动记录；其他执行方式（如申请法院强制执行）请在 note 中说明。",
        )
    case.executed_at = ctx.now


def to_closed(ctx: StepContext) -> None:
    case = ctx.case
    if ctx.from_state == CaseState.served and case.penalty_kind == PenaltyKind.fine:
        raise InvalidTransition("罚款案件须执行完毕（缴款或强制执行）后方可结案。", code="execution_required")
    case.closed_at = ctx.now
    note = ctx.payload.get("note")
    if isinstance(note, str) and note.strip():
        case.outcome_note = note.strip()


def to_archived(ctx: StepContext) -> None:
    ctx.case.archived_at = ctx.now


def to_dropped(ctx: StepContext) -> None:
    ctx.case.outcome_note = ctx.text("reason", "请说明不予受理、不予立案、不予处罚或终止的理由（reason）。")
    ctx.case.penalty_kind = PenaltyKind.none
    ctx.case.dropped_at = ctx.now


STEPS: dict[CaseState, Callable[[StepContext], None]] = {
    CaseState.accepted: to_accepted,
    CaseState.filed: to_filed,
    CaseState.investigating: to_investigating,
    CaseState.legal_review: to_legal_review,
    CaseState.notified: to_notified,
    CaseState.hearing: to_hearing,
    CaseState.decided: to_decided,
    CaseState.served: to_served,
    CaseState.executed: to_executed,
    CaseState.closed: to_closed,
    CaseState.archived: to_archived,
    CaseState.dropped: to_dropped,
}
