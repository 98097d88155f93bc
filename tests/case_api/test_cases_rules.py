"""Pure rules: deadlines (第六十、六十一、六十四、六十七、八十五条), 第五十一条 limits, 第三十六条 limitation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from case_api.cases import rules
from case_api.cases.deadlines import (
    DECISION,
    HEARING_REQUEST,
    PAYMENT,
    SERVICE,
    WorkCalendar,
    deadline,
    due_date,
)
from case_api.cases.models import CaseState, PenaltyKind, Procedure
from case_api.errors import ValidationFailed
from case_api.parties.models import PartyKind

CAL = WorkCalendar()
NATIONAL_DAY = WorkCalendar(
    holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
    extra_workdays=frozenset({date(2026, 10, 10)}),
)


@pytest.mark.parametrize(
    ("period", "start", "expected"),
    [
        (DECISION, date(2026, 1, 10), date(2026, 4, 10)),  # 90 calendar days
        (DECISION, date(2026, 3, 6), date(2026, 6, 4)),  # bureau's period: no roll to a workday
        (SERVICE, date(2026, 3, 2), date(2026, 3, 11)),  # Mon + 7 working days = Wed next week
        (SERVICE, date(2026, 3, 6), date(2026, 3, 17)),  # Fri → Tue after next
        (HEARING_REQUEST, date(2026, 3, 2), date(2026, 3, 9)),  # Mon + 5 working days = next Mon
        (HEARING_REQUEST, date(2026, 3, 7), date(2026, 3, 13)),  # Sat → Fri
        (PAYMENT, date(2026, 3, 2), date(2026, 3, 17)),  # 15 days
        (PAYMENT, date(2026, 3, 6), date(2026, 3, 23)),  # ends Sat 21 → Mon 23 (party's period)
    ],
)
def test_due_dates(period, start, expected) -> None:  # type: ignore[no-untyped-def]
    assert due_date(period, start, CAL) == expected


def test_working_days_skip_holidays_and_count_adjusted_workdays() -> None:
    # notice on Tue 29 Sep; 30 Sep, (1–7 Oct holiday), Thu 8, Fri 9, Sat 10 (调休上班), Mon 12
    assert due_date(HEARING_REQUEST, date(2026, 9, 29), NATIONAL_DAY) == date(2026, 10, 12)
    assert due_date(PAYMENT, date(2026, 9, 17), NATIONAL_DAY) == date(2026, 10, 8)  # 2 Oct → after holiday


def test_deadline_status() -> None:
    start = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    tz = "Asia/Shanghai"
    pending = deadline(SERVICE, start, None, today=date(2026, 3, 11), tz=tz, calendar=CAL)
    assert pending.status == "pending" and pending.days_left == 0
    assert deadline(SERVICE, start, None, today=date(2026, 3, 12), tz=tz, calendar=CAL).status == "overdue"
    met = datetime(2026, 3, 5, 1, 0, tzinfo=UTC)
    assert deadline(SERVICE, start, met, today=date(2026, 4, 1), tz=tz, calendar=CAL).status == "met"
    late = datetime(2026, 3, 20, 1, 0, tzinfo=UTC)
    assert deadline(SERVICE, start, late, today=date(2026, 4, 1), tz=tz, calendar=CAL).status == "met_late"
    assert (
        deadline(HEARING_REQUEST, start, None, today=date(2026, 3, 10), tz=tz, calendar=CAL).status
        == "lapsed"
    )


def test_local_date_is_used_for_counting() -> None:
    # 2026-03-01 17:00 UTC is already 2 March in Chongqing
    start = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
    d = deadline(PAYMENT, start, None, today=date(2026, 3, 2), tz="Asia/Shanghai", calendar=CAL)
    assert d.starts_on == date(2026, 3, 2) and d.due_on == date(2026, 3, 17)


@pytest.mark.parametrize(
    ("kind", "penalty", "fine", "ok"),
    [
        (PartyKind.individual, PenaltyKind.fine, 200_00, True),
        (PartyKind.individual, PenaltyKind.fine, 200_01, False),
        (PartyKind.organisation, PenaltyKind.fine, 3000_00, True),
        (PartyKind.organisation, PenaltyKind.fine, 3000_01, False),
        (PartyKind.individual, PenaltyKind.warning, 0, True),
        (PartyKind.individual, PenaltyKind.none, 0, False),
    ],
)
def test_simple_procedure_limits(kind: PartyKind, penalty: PenaltyKind, fine: int, ok: bool) -> None:
    if ok:
        rules.check_simple_limits(kind, penalty, fine)
    else:
        with pytest.raises(ValidationFailed):
            rules.check_simple_limits(kind, penalty, fine)


def test_simple_limit_message_is_chinese_and_cites_article() -> None:
    with pytest.raises(ValidationFailed, match="第五十一条") as err:
        rules.check_simple_limits(PartyKind.individual, PenaltyKind.fine, 500_00)
    assert err.value.code == "simple_procedure_limit"


@pytest.mark.parametrize(
    ("offence", "end", "discovered", "grave", "ok"),
    [
        (date(2024, 3, 1), None, date(2026, 3, 1), False, True),  # exactly two years
        (date(2024, 3, 1), None, date(2026, 3, 2), False, False),
        (date(2023, 1, 1), date(2025, 1, 1), date(2026, 3, 2), False, True),  # continuing act: from its end
        (date(2022, 1, 1), None, date(2026, 3, 2), True, True),  # grave harm: five years
        (date(2020, 1, 1), None, date(2026, 3, 2), True, False),
        (date(2024, 2, 29), None, date(2026, 2, 28), False, True),
    ],
)
def test_two_year_limitation(
    offence: date, end: date | None, discovered: date, grave: bool, ok: bool
) -> None:
    if ok:
        rules.check_limitation(offence, end, discovered, grave)
    else:
        with pytest.raises(ValidationFailed, match="第三十六条"):
            rules.check_limitation(offence, end, discovered, grave)


def test_hearing_right_threshold() -> None:
    assert not rules.hearing_right(PartyKind.individual, PenaltyKind.fine, 4999_99)
    assert rules.hearing_right(PartyKind.individual, PenaltyKind.fine, 5000_00)
    assert not rules.hearing_right(PartyKind.organisation, PenaltyKind.fine, 5000_00)
    assert not rules.hearing_right(PartyKind.individual, PenaltyKind.warning, 0)


def test_every_state_reaches_archived_and_nothing_leaves_it() -> None:
    for procedure in Procedure:
        table = rules.transitions(procedure)
        assert table[CaseState.archived] == frozenset()
        for state in table:
            seen, todo = set(), [state]
            while todo:
                s = todo.pop()
                seen.add(s)
                todo.extend(table.get(s, frozenset()) - seen)
            assert CaseState.archived in seen, (procedure, state)


def test_illegal_transition_message_lists_the_next_steps() -> None:
    msg = rules.illegal_transition_message(Procedure.ordinary, CaseState.lead, CaseState.decided)
    assert "不能从“登记/线索”直接进入“决定”" in msg and "受理" in msg
