"""The case state machine against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import Session

from case_api import db
from case_api.audit import service as audit_service
from case_api.cases import numbering
from case_api.cases import service as cases_service
from case_api.cases.models import CaseState, PenaltyKind, Procedure
from case_api.errors import Conflict, Forbidden, InvalidTransition, ValidationFailed
from case_api.parties.models import PartyKind
from case_api.users.models import User
from core.settings import Settings

from . import factories as f
from .factories import T0

S = CaseState


def test_full_ordinary_procedure(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    session.commit()
    assert c.state == S.lead and c.case_number is None
    c = f.to_notified(session, settings, users, c)
    assert c.case_number == "万城管罚决字〔2026〕第0001号"
    assert not c.hearing_offered  # 500 yuan: no hearing right
    later = T0 + timedelta(days=3)
    c = f.run(
        session,
        settings,
        c,
        [
            (S.decided, users["commander"], {}),
            (S.served, users["officer"], {"method": "direct"}),
        ],
        at=later,
    )
    result = cases_service.mark_paid(
        session, c.id or 0, 500_00, later + timedelta(days=1), "WX-0001", settings=settings
    )
    session.commit()
    assert result.state == S.executed and not result.already_recorded
    c = f.run(
        session, settings, c, [(S.closed, users["legal"], {}), (S.archived, users["legal"], {})], at=later
    )
    assert c.state == S.archived
    actions = [
        e.payload.get("to") for e in audit_service.list_entries(session, entity="case", entity_id=str(c.id))
    ]
    assert [a for a in actions if a] == [
        "accepted", "filed", "investigating", "legal_review", "notified", "decided", "served", "executed", "closed",
        "archived",
    ]  # fmt: skip
    assert audit_service.verify(session).ok


@pytest.mark.parametrize(
    ("start_steps", "target"),
    [
        ([], S.decided),
        ([], S.filed),
        ([S.accepted], S.investigating),
        ([S.accepted, S.filed], S.closed),
    ],
)
def test_illegal_transitions_are_refused(
    session: Session,
    settings: Settings,
    users: dict[str, User],
    start_steps: list[CaseState],
    target: CaseState,
) -> None:
    actor = {S.accepted: users["officer"], S.filed: users["commander"]}
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    c = f.run(session, settings, c, [(s, actor[s], {}) for s in start_steps])
    with pytest.raises(InvalidTransition, match="不能从"):
        cases_service.transition(session, c, target, users["commander"], {}, settings=settings)


def test_archived_case_cannot_move(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"])
    c = f.run(session, settings, c, [(S.dropped, users["legal"], {"reason": "不属于本局管辖"})])
    c = f.run(session, settings, c, [(S.archived, users["legal"], {})])
    with pytest.raises(InvalidTransition, match="已无后续步骤"):
        cases_service.transition(session, c, S.accepted, users["officer"], {}, settings=settings)


def test_roles_per_step(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    c = f.run(session, settings, c, [(S.accepted, users["officer"], {})])
    with pytest.raises(Forbidden, match="指挥员"):
        cases_service.transition(session, c, S.filed, users["officer"], {}, settings=settings)


def test_legal_review_must_be_passed_by_legal_staff(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    steps = [
        (S.accepted, users["officer"], {}),
        (S.filed, users["commander"], {}),
        (S.investigating, users["officer"], {}),
    ]
    c = f.run(session, settings, c, steps)
    with pytest.raises(InvalidTransition, match="第五十八条"):
        cases_service.transition(session, c, S.notified, users["officer"], {}, settings=settings)
    c = f.run(session, settings, c, [(S.legal_review, users["officer"], {})])
    with pytest.raises(InvalidTransition, match="法制员"):
        cases_service.transition(session, c, S.notified, users["officer"], {}, settings=settings)


def test_investigation_needs_two_officers(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"])  # only the creator
    c = f.run(session, settings, c, [(S.accepted, users["officer"], {}), (S.filed, users["commander"], {})])
    with pytest.raises(ValidationFailed, match="第四十二条") as err:
        cases_service.transition(session, c, S.investigating, users["officer"], {}, settings=settings)
    assert err.value.code == "two_officers_required"
    session.rollback()
    cases_service.assign_officers(
        session, case=c, user_ids=[users["officer2"].id or 0], actor=users["commander"]
    )
    c = f.run(session, settings, c, [(S.investigating, users["officer"], {})])
    assert c.state == S.investigating


def test_only_badged_officers_can_be_assigned(session: Session, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"])
    with pytest.raises(ValidationFailed, match="不是在职执法队员"):
        cases_service.assign_officers(
            session, case=c, user_ids=[users["legal"].id or 0], actor=users["commander"]
        )


def test_two_year_limit_checked_at_filing(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], offence_date=date(2023, 12, 1))
    c = f.run(session, settings, c, [(S.accepted, users["officer"], {})])
    with pytest.raises(ValidationFailed, match="第三十六条"):
        cases_service.transition(session, c, S.filed, users["commander"], {}, settings=settings)


def test_simple_procedure_within_and_above_limits(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], procedure=Procedure.simple, fine_fen=100_00)
    c = f.run(session, settings, c, [(S.decided, users["officer"], {}), (S.served, users["officer"], {})])
    assert c.case_number is not None and c.state == S.served
    with pytest.raises(ValidationFailed, match="第五十一条"):
        f.case(session, users["officer"], procedure=Procedure.simple, fine_fen=300_00)
    org = f.party(session, kind=PartyKind.organisation)
    ok = f.case(session, users["officer"], party_obj=org, procedure=Procedure.simple, fine_fen=3000_00)
    assert ok.procedure == Procedure.simple
    # raised above the limit after creation: refused at the decision
    ok.fine_fen = 3500_00
    session.add(ok)
    session.commit()
    with pytest.raises(ValidationFailed, match="第五十一条"):
        cases_service.transition(session, ok, S.decided, users["officer"], {}, settings=settings)


def test_simple_case_cannot_go_through_ordinary_steps(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], procedure=Procedure.simple, fine_fen=50_00)
    with pytest.raises(InvalidTransition, match="简易程序"):
        cases_service.transition(session, c, S.accepted, users["officer"], {}, settings=settings)


def test_hearing_window(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]], fine_fen=8000_00)
    c = f.to_notified(session, settings, users, c)
    assert c.hearing_offered
    # the 5-working-day window (Mon 2 Mar → Mon 9 Mar) is still open on Wed
    wed = T0 + timedelta(days=2)
    with pytest.raises(InvalidTransition, match="第六十四条"):
        cases_service.transition(session, c, S.decided, users["commander"], {}, settings=settings, now=wed)
    session.rollback()
    c = cases_service.transition(
        session, c, S.decided, users["commander"], {"waived": True}, settings=settings, now=wed
    )
    assert c.hearing_waived and c.state == S.decided


def test_hearing_request_after_five_working_days_is_late(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]], fine_fen=8000_00)
    c = f.to_notified(session, settings, users, c)
    tue = T0 + timedelta(days=8)  # Tue 10 Mar, one working day too late
    with pytest.raises(InvalidTransition, match="五个工作日"):
        cases_service.transition(session, c, S.hearing, None, {}, settings=settings, now=tue)
    session.rollback()
    mon = T0 + timedelta(days=7)
    c = cases_service.transition(session, c, S.hearing, None, {}, settings=settings, now=mon)
    assert c.state == S.hearing


def test_decision_after_ninety_days_needs_a_reason(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    c = f.to_notified(session, settings, users, c)
    late = T0 + timedelta(days=95)
    with pytest.raises(ValidationFailed, match="第六十条"):
        cases_service.transition(session, c, S.decided, users["commander"], {}, settings=settings, now=late)
    session.rollback()
    payload = {"overdue_reason": "当事人下落不明，经公告"}
    c = cases_service.transition(
        session, c, S.decided, users["commander"], payload, settings=settings, now=late
    )
    decision = next(
        d for d in cases_service.deadlines_for(c, settings=settings) if d.period.kind == "decision"
    )
    assert decision.status == "met_late"


def test_deadlines_and_overdue(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"], officers=[users["officer2"]])
    c = f.to_notified(session, settings, users, c)
    kinds = {
        d.period.kind: d for d in cases_service.deadlines_for(c, settings=settings, today=date(2026, 3, 3))
    }
    assert kinds["decision"].due_on == date(2026, 5, 31) and kinds["decision"].status == "pending"
    assert cases_service.overdue(session, settings=settings, today=date(2026, 5, 31)) == []
    found = cases_service.overdue(session, settings=settings, today=date(2026, 6, 1))
    assert [(x.id, d.period.kind) for x, d in found] == [(c.id, "decision")]
    c = f.run(session, settings, c, [(S.decided, users["commander"], {})], at=T0 + timedelta(days=1))
    found = cases_service.overdue(session, settings=settings, today=date(2026, 3, 20))
    assert [d.period.kind for _, d in found] == ["service"]  # 7 working days from Tue 3 Mar → Thu 12 Mar


def test_case_numbers_follow_a_per_year_sequence(session: Session, settings: Settings) -> None:
    assert [numbering.allocate(session, settings.case_number_format, 2026) for _ in range(3)] == [
        "万城管罚决字〔2026〕第0001号",
        "万城管罚决字〔2026〕第0002号",
        "万城管罚决字〔2026〕第0003号",
    ]
    assert numbering.allocate(session, settings.case_number_format, 2027) == "万城管罚决字〔2027〕第0001号"
    session.rollback()  # a rolled-back number is not used
    assert numbering.next_seq(session, 2026) == 1


def test_case_numbers_are_unique_under_concurrency(settings: Settings) -> None:
    got: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(5):
                with db.session_for(settings) as s:
                    n = numbering.next_seq(s, 2026)
                    s.commit()
                with lock:
                    got.append(n)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(got) == list(range(1, 21))


def test_mark_paid_is_idempotent_and_never_twice(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], procedure=Procedure.simple, fine_fen=100_00)
    c = f.run(session, settings, c, [(S.decided, users["officer"], {}), (S.served, users["officer"], {})])
    paid_at = T0 + timedelta(hours=2)
    first = cases_service.mark_paid(session, c.id or 0, 100_00, paid_at, "WX-42", settings=settings)
    session.commit()
    again = cases_service.mark_paid(session, c.id or 0, 100_00, paid_at, "WX-42", settings=settings)
    session.commit()
    assert not first.already_recorded and again.already_recorded
    assert again.state == S.executed and again.paid_fen == 100_00
    paid_entries = [e for e in audit_service.list_entries(session, entity="case") if e.action == "case.paid"]
    assert len(paid_entries) == 1
    with pytest.raises(Conflict, match="不得重复缴款"):
        cases_service.mark_paid(session, c.id or 0, 100_00, paid_at, "WX-43", settings=settings)


def test_mark_paid_checks_amount_and_state(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(session, users["officer"], procedure=Procedure.simple, fine_fen=100_00)
    session.commit()
    with pytest.raises(InvalidTransition, match="没有待缴纳的罚款"):
        cases_service.mark_paid(session, c.id or 0, 100_00, T0, "R1", settings=settings)
    c = f.run(session, settings, c, [(S.decided, users["officer"], {})])
    with pytest.raises(ValidationFailed, match="少于罚款"):
        cases_service.mark_paid(session, c.id or 0, 99_99, T0, "R1", settings=settings)
    # paid before service: recorded, executed when served
    cases_service.mark_paid(session, c.id or 0, 100_00, T0, "R1", settings=settings)
    c = f.run(session, settings, c, [(S.served, users["officer"], {}), (S.executed, users["officer"], {})])
    assert c.state == S.executed


def test_warning_case_closes_without_execution(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    c = f.case(
        session, users["officer"], procedure=Procedure.simple, fine_fen=0, penalty_kind=PenaltyKind.warning
    )
    c = f.run(
        session, settings, c,
        [(S.decided, users["officer"], {}), (S.served, users["officer"], {}), (S.closed, users["legal"], {})],
    )  # fmt: skip
    assert c.state == S.closed


def test_fine_case_cannot_close_unpaid(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"], procedure=Procedure.simple, fine_fen=50_00)
    c = f.run(session, settings, c, [(S.decided, users["officer"], {}), (S.served, users["officer"], {})])
    with pytest.raises(InvalidTransition, match="执行完毕"):
        cases_service.transition(session, c, S.closed, users["legal"], {}, settings=settings)
    session.rollback()
    with pytest.raises(ValidationFailed, match="note"):
        cases_service.transition(session, c, S.executed, users["officer"], {}, settings=settings)


def test_dropping_needs_a_reason(session: Session, settings: Settings, users: dict[str, User]) -> None:
    c = f.case(session, users["officer"])
    with pytest.raises(ValidationFailed, match="理由"):
        cases_service.transition(session, c, S.dropped, users["legal"], {}, settings=settings)


def test_facts_are_frozen_after_notice(session: Session, settings: Settings, users: dict[str, User]) -> None:
    from case_api.cases.models import CaseUpdate

    c = f.case(session, users["officer"], officers=[users["officer2"]])
    c = f.to_notified(session, settings, users, c)
    with pytest.raises(Conflict, match="不能再修改"):
        cases_service.update(session, case=c, data=CaseUpdate(fine_fen=1), actor=users["officer"])


def test_patch_refuses_null_for_required_fields(session: Session, users: dict[str, User]) -> None:
    from case_api.cases.models import CaseUpdate

    c = f.case(session, users["officer"])
    with pytest.raises(ValidationFailed, match="不能为空") as err:
        cases_service.update(session, case=c, data=CaseUpdate(title=None), actor=users["officer"])
    assert err.value.code == "null_not_allowed"
    c = cases_service.update(
        session, case=c, data=CaseUpdate(grid=None, facts="补充事实"), actor=users["officer"]
    )
    assert c.grid is None and c.facts == "补充事实"
