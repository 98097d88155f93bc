"""The state machine and the statutory limits, as plain data and pure functions (no database).

Ordinary procedure (普通程序)::

    lead ─▶ accepted ─▶ filed ─▶ investigating ─▶ legal_review ─▶ notified ─▶ (hearing) ─▶ decided
      │         │          │         │  └──────(no review required)──────▲                     │
      └─────────┴──────────┴─────────┴─────▶ dropped ─▶ archived          served ◀─────────────┘
                                                                        │      └─(no fine)─▶ closed ─▶ archived
                                                                        └─▶ executed ─▶ closed

Simple procedure (简易程序, 第五十一条): lead ─▶ decided ─▶ served ─▶ executed ─▶ closed ─▶ archived.
"""

from __future__ import annotations

from datetime import date

from case_api.cases.models import STATE_LABELS, CaseState, PenaltyKind, Procedure
from case_api.errors import ValidationFailed
from case_api.parties.models import PartyKind
from case_api.users.models import Role

S = CaseState

ORDINARY: dict[CaseState, frozenset[CaseState]] = {
    S.lead: frozenset({S.accepted, S.dropped}),
    S.accepted: frozenset({S.filed, S.dropped}),
    S.filed: frozenset({S.investigating, S.dropped}),
    S.investigating: frozenset({S.legal_review, S.notified, S.dropped}),
    S.legal_review: frozenset({S.notified, S.investigating, S.dropped}),
    S.notified: frozenset({S.hearing, S.decided, S.dropped}),
    S.hearing: frozenset({S.decided, S.dropped}),
    S.decided: frozenset({S.served}),
    S.served: frozenset({S.executed, S.closed}),
    S.executed: frozenset({S.closed}),
    S.closed: frozenset({S.archived}),
    S.dropped: frozenset({S.archived}),
    S.archived: frozenset(),
}

SIMPLE: dict[CaseState, frozenset[CaseState]] = {
    S.lead: frozenset({S.decided, S.dropped}),
    S.decided: frozenset({S.served}),
    S.served: frozenset({S.executed, S.closed}),
    S.executed: frozenset({S.closed}),
    S.closed: frozenset({S.archived}),
    S.dropped: frozenset({S.archived}),
    S.archived: frozenset(),
}

# who may move a case into each state (the route lets staff in; this decides per step)
ROLES_FOR: dict[CaseState, frozenset[Role]] = {
    S.accepted: frozenset({Role.officer, Role.commander}),
    S.filed: frozenset({Role.commander}),  # 负责人批准立案
    S.investigating: frozenset({Role.officer}),
    S.legal_review: frozenset({Role.officer}),
    S.notified: frozenset({Role.officer, Role.legal}),
    S.hearing: frozenset({Role.officer, Role.legal}),
    S.decided: frozenset({Role.commander}),  # 负责人决定; 简易程序: 执法人员当场决定
    S.served: frozenset({Role.officer}),
    S.executed: frozenset({Role.officer, Role.legal}),
    S.closed: frozenset({Role.legal, Role.commander}),
    S.archived: frozenset({Role.legal}),
    S.dropped: frozenset({Role.commander, Role.legal}),
}
SIMPLE_DECISION_ROLES = frozenset({Role.officer})

# 第五十一条: 当场处罚 limits, in fen
SIMPLE_LIMIT_FEN: dict[PartyKind, int] = {PartyKind.individual: 200_00, PartyKind.organisation: 3000_00}
# 第六十三条 “较大数额罚款”: set by local rules; these thresholds are configuration, not statute text
HEARING_THRESHOLD_FEN: dict[PartyKind, int] = {
    PartyKind.individual: 5000_00,
    PartyKind.organisation: 50000_00,
}
MIN_OFFICERS = 2  # 第四十二条


def transitions(procedure: Procedure) -> dict[CaseState, frozenset[CaseState]]:
    return SIMPLE if procedure == Procedure.simple else ORDINARY


def allowed_next(procedure: Procedure, state: CaseState) -> frozenset[CaseState]:
    return transitions(procedure).get(state, frozenset())


def roles_for(procedure: Procedure, to_state: CaseState) -> frozenset[Role]:
    if procedure == Procedure.simple and to_state == S.decided:
        return SIMPLE_DECISION_ROLES
    return ROLES_FOR.get(to_state, frozenset())


def illegal_transition_message(procedure: Procedure, state: CaseState, to_state: CaseState) -> str:
    nxt = "、".join(
        STATE_LABELS[s] for s in sorted(allowed_next(procedure, state), key=list(CaseState).index)
    )
    proc = "简易程序" if procedure == Procedure.simple else "普通程序"
    return f"{proc}案件不能从“{STATE_LABELS[state]}”直接进入“{STATE_LABELS[to_state]}”。" + (
        f"当前可进行：{nxt}。" if nxt else "该案件已无后续步骤。"
    )


def check_simple_limits(kind: PartyKind, penalty: PenaltyKind, fine_fen: int) -> None:
    """第五十一条: on the spot only a warning, or a fine ≤ 200 yuan (citizen) / ≤ 3000 yuan (organisation)."""
    if penalty == PenaltyKind.warning:
        return
    if penalty != PenaltyKind.fine:
        raise ValidationFailed("简易程序只能当场作出警告或罚款决定。", code="simple_penalty_kind")
    limit = SIMPLE_LIMIT_FEN[kind]
    if fine_fen > limit:
        who = "公民" if kind == PartyKind.individual else "法人或者其他组织"
        raise ValidationFailed(
            f"罚款 {fine_fen / 100:.2f} 元超过简易程序上限：对{who}当场罚款不得超过 {limit // 100} 元"
            "（《行政处罚法》第五十一条）。请改用普通程序。",
            code="simple_procedure_limit",
        )


def hearing_right(kind: PartyKind, penalty: PenaltyKind, fine_fen: int) -> bool:
    """第六十三条: the party must be told of the right to a hearing for a large fine."""
    return penalty == PenaltyKind.fine and fine_fen >= HEARING_THRESHOLD_FEN[kind]


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def limitation_years(grave_harm: bool) -> int:
    return 5 if grave_harm else 2


def check_limitation(
    offence_date: date, offence_end_date: date | None, discovered_on: date, grave_harm: bool
) -> None:
    """第三十六条: not punished if not discovered within two years (five with grave harm to life, health or
    finance), counted from the day the act happened, or ended if it was continuing."""
    start = offence_end_date or offence_date
    if offence_end_date is not None and offence_end_date < offence_date:
        raise ValidationFailed("违法行为终了日不能早于发生日。", code="bad_offence_dates")
    if start > discovered_on:
        raise ValidationFailed("违法行为发生日不能晚于发现日。", code="bad_offence_dates")
    years = limitation_years(grave_harm)
    limit = _add_years(start, years)
    if discovered_on > limit:
        raise ValidationFailed(
            f"违法行为自 {start.isoformat()} 起至发现之日（{discovered_on.isoformat()}）已超过{'五' if years == 5 else '二'}年，"
            "依《行政处罚法》第三十六条不再给予行政处罚，不能立案。",
            code="limitation_expired",
        )
