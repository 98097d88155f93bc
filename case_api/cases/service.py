"""Cases: create, read, update, assign officers, the state machine (:func:`transition`), payments
(:func:`mark_paid`), statements, deadlines and visibility. Keyword-only where it helps; the caller commits."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, bindparam, func
from sqlalchemy import update as sa_update
from sqlmodel import Session, col, or_, select

from case_api import updates
from case_api.audit import service as audit_service
from case_api.cases import rules
from case_api.cases.deadlines import (
    DECISION,
    HEARING_REQUEST,
    PAYMENT,
    SERVICE,
    Deadline,
    WorkCalendar,
    deadline,
    local_date,
)
from case_api.cases.models import (
    PROCEDURE_LABELS,
    STATE_LABELS,
    Case,
    CaseCreate,
    CaseOfficer,
    CasePublic,
    CaseState,
    CaseStatement,
    CaseUpdate,
    DeadlinePublic,
    PaymentRecordResult,
    PenaltyKind,
    Procedure,
)
from case_api.cases.steps import STEPS, StepContext
from case_api.errors import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from case_api.parties import service as parties_service
from case_api.parties.models import Party, PartyKind
from case_api.sqltypes import utcnow
from case_api.users.models import ROLE_LABELS, Role, User
from case_api.users.principals import Principal
from core.settings import Settings

OPEN_STATES = frozenset(
    {
        CaseState.filed, CaseState.investigating, CaseState.legal_review, CaseState.notified,
        CaseState.hearing, CaseState.decided, CaseState.served,
    }
)  # fmt: skip
REQUIRED_FIELDS = frozenset(
    {"title", "facts", "location", "penalty_kind", "fine_fen", "grave_harm", "legal_review_required"}
)
EDITABLE_STATES = frozenset(
    {CaseState.lead, CaseState.accepted, CaseState.filed, CaseState.investigating, CaseState.legal_review}
)


_calendars: dict[Path, tuple[int, WorkCalendar]] = {}


def calendar_for(settings: Settings) -> WorkCalendar:
    """The working-day calendar from ``<data_dir>/holidays.json``, read again only when the file changes."""
    path = settings.data_dir / "holidays.json"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    cached = _calendars.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, WorkCalendar.from_file(path))
        _calendars[path] = cached
    return cached[1]


def get(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"案件 {case_id} 不存在。")
    return case


def get_by_number(session: Session, case_number: str) -> Case | None:
    return session.exec(select(Case).where(Case.case_number == case_number)).first()


def lock(session: Session, case_id: int) -> Case:
    """Re-read the case holding its row lock (PostgreSQL) or the write lock (SQLite) until commit."""
    if session.get_bind().dialect.name == "postgresql":
        stmt = select(Case).where(Case.id == case_id).with_for_update()
    else:
        table = Case.__table__  # type: ignore[attr-defined]
        session.execute(sa_update(table).where(table.c.id == case_id).values(version=table.c.version))
        stmt = select(Case).where(Case.id == case_id)
    case = session.exec(stmt.execution_options(populate_existing=True)).first()
    if case is None:
        raise NotFound(f"案件 {case_id} 不存在。")
    return case


def _audit(session: Session, case: Case, actor_id: int | None, action: str, payload: dict[str, Any]) -> None:
    assert case.id is not None
    audit_service.append(
        session, actor_id=actor_id, action=action, entity="case", entity_id=case.id, payload=payload
    )


def _check_officers(session: Session, user_ids: list[int]) -> list[User]:
    officers = []
    for uid in dict.fromkeys(user_ids):
        user = session.get(User, uid)
        if user is None or user.role != Role.officer or not user.is_active:
            raise ValidationFailed(f"用户 {uid} 不是在职执法队员，不能指派办案。", code="not_an_officer")
        if not user.badge_no:
            raise ValidationFailed(f"{user.full_name} 没有登记执法证号，不能办案。", code="badge_required")
        officers.append(user)
    return officers


def create(session: Session, *, data: CaseCreate, actor: User) -> Case:
    party = parties_service.get(session, data.party_id) if data.party_id is not None else None
    if data.procedure == Procedure.simple and party is not None:
        rules.check_simple_limits(PartyKind(party.kind), data.penalty_kind, data.fine_fen)
    officer_ids = list(data.officer_ids)
    if actor.role == Role.officer and actor.id is not None:
        officer_ids.insert(0, actor.id)
    officers = _check_officers(session, officer_ids)
    fields = data.model_dump(exclude={"officer_ids", "discovered_at"})
    case = Case(**fields, created_by=actor.id, discovered_at=data.discovered_at or utcnow())
    session.add(case)
    session.flush()
    assert case.id is not None
    for officer in officers:
        assert officer.id is not None
        session.add(CaseOfficer(case_id=case.id, user_id=officer.id))
    _audit(
        session, case, actor.id, "case.created",
        {"procedure": str(case.procedure), "title": case.title, "officers": [o.id for o in officers]},
    )  # fmt: skip
    session.flush()
    return case


def update(session: Session, *, case: Case, data: CaseUpdate, actor: User) -> Case:
    assert case.id is not None
    case = lock(session, case.id)
    if case.state not in EDITABLE_STATES:
        raise Conflict("案件已进入告知或决定阶段，事实与处罚内容不能再修改。", code="case_locked")
    changes = updates.changes(data, required=REQUIRED_FIELDS)
    if "party_id" in changes and changes["party_id"] is not None:
        parties_service.get(session, changes["party_id"])
    if case.case_number is not None and ("offence_date" in changes or "offence_end_date" in changes):
        raise Conflict("已立案案件的违法行为日期不能修改。", code="case_locked")
    case.sqlmodel_update(changes)
    case.version += 1
    session.add(case)
    _audit(session, case, actor.id, "case.updated", {"changes": changes})
    session.flush()
    return case


def officers(session: Session, case_id: int) -> list[User]:
    stmt = (
        select(User)
        .join(CaseOfficer, col(CaseOfficer.user_id) == col(User.id))
        .where(CaseOfficer.case_id == case_id)
        .order_by(col(User.id))
    )
    return list(session.exec(stmt))


def assign_officers(session: Session, *, case: Case, user_ids: list[int], actor: User) -> list[User]:
    assert case.id is not None
    case_id = case.id
    case = lock(session, case_id)
    if case.state in {CaseState.closed, CaseState.archived, CaseState.dropped}:
        raise Conflict("案件已办结，不能再指派执法人员。", code="case_closed")
    present = {u.id for u in officers(session, case_id)}
    for officer in _check_officers(session, user_ids):
        if officer.id not in present:
            assert officer.id is not None
            session.add(CaseOfficer(case_id=case_id, user_id=officer.id))
    _audit(session, case, actor.id, "case.officers_assigned", {"user_ids": sorted(set(user_ids))})
    session.flush()
    return officers(session, case_id)


def transition(
    session: Session,
    case: Case,
    to_state: CaseState,
    actor: User | None,
    payload: dict[str, Any] | None = None,
    *,
    settings: Settings,
    now: datetime | None = None,
) -> Case:
    """Move ``case`` to ``to_state`` if the statute allows it; ``actor=None`` is the system itself.

    Raises :class:`InvalidTransition` for a step the procedure does not have, :class:`Forbidden` for a role
    that may not take it, :class:`ValidationFailed` for an unmet rule (limits, officers, missing data).
    """
    payload = dict(payload or {})
    assert case.id is not None
    case = lock(session, case.id)
    procedure, state = Procedure(case.procedure), CaseState(case.state)
    if to_state not in rules.allowed_next(procedure, state):
        raise InvalidTransition(rules.illegal_transition_message(procedure, state, to_state))
    if actor is not None:
        roles = rules.roles_for(procedure, to_state)
        if actor.role not in roles:
            names = "、".join(ROLE_LABELS[r] for r in sorted(roles))
            raise Forbidden(f"“{rules.STATE_LABELS[to_state]}”须由{names}操作。", code="role_forbidden")
    ctx = StepContext(
        session=session, case=case, actor=actor, payload=payload, now=now or utcnow(), settings=settings,
        calendar=calendar_for(settings), from_state=state,
    )  # fmt: skip
    STEPS[to_state](ctx)
    case.state = to_state
    case.version += 1
    session.add(case)
    _audit(
        session, case, actor.id if actor else None, "case.transition",
        {"from": str(state), "to": str(to_state), "case_number": case.case_number, "payload": payload},
    )  # fmt: skip
    session.flush()
    return case


def mark_paid(
    session: Session,
    case_id: int,
    amount_fen: int,
    paid_at: datetime,
    ref: str,
    *,
    settings: Settings,
    actor_id: int | None = None,
) -> PaymentRecordResult:
    """Record a verified payment of the fine (bank / payment-channel notice) and execute the case.

    Idempotent on ``ref``: the same notice twice changes nothing (``already_recorded=True``). A second,
    different payment for a paid case raises :class:`Conflict` — a fine is never paid twice.
    """
    case = lock(session, case_id)
    if case.payment_ref == ref:
        assert case.paid_at is not None and case.paid_fen is not None
        return PaymentRecordResult(
            case_id=case_id, state=case.state, paid_fen=case.paid_fen, paid_at=case.paid_at, ref=ref,
            already_recorded=True,
        )  # fmt: skip
    if case.paid_at is not None:
        raise Conflict(f"该案件罚款已于 {case.paid_at.isoformat()} 缴清（流水号 {case.payment_ref}），不得重复缴款。",
                       code="already_paid")  # fmt: skip
    if session.exec(select(Case).where(Case.payment_ref == ref)).first() is not None:
        raise Conflict(f"流水号 {ref} 已用于其他案件。", code="payment_ref_used")
    if case.penalty_kind != PenaltyKind.fine or case.state not in {CaseState.decided, CaseState.served}:
        raise InvalidTransition(
            "该案件当前没有待缴纳的罚款（须已作出罚款决定且未执行）。", code="nothing_to_pay"
        )
    if amount_fen < case.fine_fen:
        raise ValidationFailed(
            f"缴款金额 {amount_fen / 100:.2f} 元少于罚款 {case.fine_fen / 100:.2f} 元。",
            code="amount_too_low",
        )
    if paid_at.tzinfo is None:
        raise ValidationFailed("缴款时间须带时区。", code="bad_time")
    case.paid_at, case.paid_fen, case.payment_ref = paid_at, amount_fen, ref
    session.add(case)
    _audit(
        session,
        case,
        actor_id,
        "case.paid",
        {"amount_fen": amount_fen, "paid_at": paid_at.isoformat(), "ref": ref},
    )
    session.flush()
    if case.state == CaseState.served:
        case = transition(session, case, CaseState.executed, None, {"payment_ref": ref}, settings=settings)
    return PaymentRecordResult(
        case_id=case_id,
        state=case.state,
        paid_fen=amount_fen,
        paid_at=paid_at,
        ref=ref,
        already_recorded=False,
    )


def add_statement(session: Session, *, case: Case, author: User, kind: str, text: str) -> CaseStatement:
    """陈述申辩 (第四十五条) — accepted from the party after notice and before the decision."""
    assert case.id is not None
    if case.state not in {
        CaseState.notified,
        CaseState.hearing,
        CaseState.legal_review,
        CaseState.investigating,
    }:
        raise InvalidTransition("当前阶段不接受陈述申辩（告知后、决定前可提出）。", code="statement_closed")
    statement = CaseStatement(case_id=case.id, author_id=author.id, kind=kind, text=text)
    session.add(statement)
    session.flush()
    _audit(session, case, author.id, "case.statement", {"kind": kind, "statement_id": statement.id})
    return statement


def statements(session: Session, case_id: int) -> list[CaseStatement]:
    stmt = select(CaseStatement).where(CaseStatement.case_id == case_id).order_by(col(CaseStatement.id))
    return list(session.exec(stmt))


# --- deadlines -------------------------------------------------------------------------------------------


def deadlines_for(
    case: Case | Row[Any],
    *,
    settings: Settings,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> list[Deadline]:
    tz, cal = settings.timezone, calendar or calendar_for(settings)
    today = today or local_date(utcnow(), tz)
    out: list[Deadline] = []
    if case.filed_at is not None and case.procedure == Procedure.ordinary:
        met = case.decided_at or case.dropped_at
        out.append(deadline(DECISION, case.filed_at, met, today=today, tz=tz, calendar=cal))
    if case.notified_at is not None and case.hearing_offered:
        met = case.hearing_requested_at
        out.append(deadline(HEARING_REQUEST, case.notified_at, met, today=today, tz=tz, calendar=cal))
    if case.decided_at is not None:
        out.append(deadline(SERVICE, case.decided_at, case.served_at, today=today, tz=tz, calendar=cal))
    if case.served_at is not None and case.penalty_kind == PenaltyKind.fine:
        met = case.paid_at or case.executed_at
        out.append(deadline(PAYMENT, case.served_at, met, today=today, tz=tz, calendar=cal))
    return out


def overdue(
    session: Session, *, settings: Settings, today: date | None = None
) -> list[tuple[Case, Deadline]]:
    stmt = select(Case).where(col(Case.state).in_(sorted(OPEN_STATES))).order_by(col(Case.id))
    found: list[tuple[Case, Deadline]] = []
    for case in session.exec(stmt):
        for d in deadlines_for(case, settings=settings, today=today):
            if d.status == "overdue":
                found.append((case, d))
    return found


# --- visibility ------------------------------------------------------------------------------------------


def get_visible(session: Session, case_id: int, user: User) -> Case:
    """Staff see every case; a citizen only the cases where they are the party (others look absent)."""
    case = get(session, case_id)
    if user.role == Role.citizen and case.party_id not in citizen_party_ids(session, user):
        raise NotFound(f"案件 {case_id} 不存在。")
    return case


def citizen_party_ids(session: Session | Connection, user: User | Principal) -> list[int]:
    """The parties a citizen is: equal ID numbers (case-insensitive, for the X of ID cards), else equal phones where
    the party has no ID number. The one rule for what a citizen sees (list, detail and every per-case route)."""
    id_clause = func.upper(col(Party.id_number)) == user.id_number.upper() if user.id_number else None
    phone_clause = col(Party.phone) == user.phone if user.phone else None
    if phone_clause is not None and user.id_number:
        phone_clause = phone_clause & col(Party.id_number).is_(None)
    clauses = [c for c in (id_clause, phone_clause) if c is not None]
    if not clauses:
        return []
    stmt = select(Party.id).where(or_(*clauses))
    return [pid for pid in session.execute(stmt).scalars() if pid is not None]


# --- presentation ----------------------------------------------------------------------------------------


def present(session: Session, case: Case, *, settings: Settings, today: date | None = None) -> CasePublic:
    return present_many(session, [case], settings=settings, today=today)[0]


def present_many(
    session: Session, cases: list[Case], *, settings: Settings, today: date | None = None
) -> list[CasePublic]:
    """Public views of ``cases`` with two queries in all (parties, officers), not two per case."""
    party_ids = {c.party_id for c in cases if c.party_id}
    names = (
        dict(session.exec(select(Party.id, Party.name).where(col(Party.id).in_(party_ids))).all())
        if party_ids
        else {}
    )
    staff = officers_of(session.connection(), [c.id for c in cases if c.id is not None])
    calendar, today = calendar_for(settings), today or local_date(utcnow(), settings.timezone)
    return [
        CasePublic.model_validate(
            public_record(
                case, names.get(case.party_id) if case.party_id else None, staff.get(case.id or 0, []),
                settings=settings, calendar=calendar, today=today,
            )
        )
        for case in cases
    ]  # fmt: skip


_OFFICERS = (
    select(CaseOfficer.case_id, User.id, User.full_name, User.badge_no)
    .join(User, col(CaseOfficer.user_id) == col(User.id))
    .where(col(CaseOfficer.case_id).in_(bindparam("case_ids", expanding=True)))
    .order_by(col(User.id))
)  # built once: a statement's construction costs more than SQLite's execution of it


def officers_of(conn: Connection, case_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The officers of each case (``OfficerRef`` fields), in one query."""
    staff: dict[int, list[dict[str, Any]]] = {cid: [] for cid in case_ids}
    if case_ids:
        for case_id, user_id, full_name, badge_no in conn.execute(_OFFICERS, {"case_ids": case_ids}).all():
            staff[case_id].append({"id": user_id, "full_name": full_name, "badge_no": badge_no})
    return staff


PUBLIC_COLUMNS = tuple(name for name in CasePublic.model_fields if name in Case.__table__.c)  # type: ignore[attr-defined]
_STATE_ORDER = {state: i for i, state in enumerate(CaseState)}


def public_record(
    case: Case | Row[Any],
    party_name: str | None,
    officers: list[dict[str, Any]],
    *,
    settings: Settings,
    calendar: WorkCalendar,
    today: date,
    columns: tuple[Any, ...] | None = None,
) -> dict[str, Any]:
    """The ``CasePublic`` fields of one case as plain data: from an ORM ``Case`` or a Core row of its table
    (``columns``: that row's ``PUBLIC_COLUMNS`` values, when the caller has them at hand)."""
    procedure, state = Procedure(case.procedure), CaseState(case.state)
    record = dict(
        zip(PUBLIC_COLUMNS, columns or [getattr(case, name) for name in PUBLIC_COLUMNS], strict=True)
    )
    record.update(
        state_label=STATE_LABELS[state],
        procedure_label=PROCEDURE_LABELS[procedure],
        party_name=party_name,
        officers=officers,
        deadlines=[
            deadline_record(d) for d in deadlines_for(case, settings=settings, today=today, calendar=calendar)
        ],
        allowed_transitions=list(_next_states(procedure, state)),
    )
    return record


@cache
def _next_states(procedure: Procedure, state: CaseState) -> tuple[CaseState, ...]:
    return tuple(sorted(rules.allowed_next(procedure, state), key=_STATE_ORDER.__getitem__))


def deadline_record(d: Deadline) -> dict[str, Any]:
    return {
        "kind": d.period.kind, "label": d.period.label, "article": d.period.article, "starts_on": d.starts_on,
        "due_on": d.due_on, "working_days": d.period.working_days, "status": d.status, "days_left": d.days_left,
    }  # fmt: skip


def deadline_public(d: Deadline) -> DeadlinePublic:
    return DeadlinePublic.model_validate(deadline_record(d))
