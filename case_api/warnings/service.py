"""Evaluate the warning rule on the record, store each warning once, deliver it to subscribers; repeat offenders."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.cases.deadlines import local_date
from case_api.cases.models import Case
from case_api.errors import NotFound
from case_api.masking import mask_name
from case_api.parties.models import Party
from case_api.sqltypes import utcnow
from case_api.users.models import User
from case_api.warnings import rules
from case_api.warnings.models import (
    EarlyWarning,
    EvaluateResult,
    RepeatOffender,
    SubscriptionCreate,
    WarningPublic,
    WarningSubscription,
)
from core.settings import Settings


def _events(session: Session, since: datetime, tz: str) -> list[tuple[str, str, date]]:
    cases = session.exec(
        select(Case).where(col(Case.discovered_at) >= since, col(Case.grid).is_not(None))
    ).all()
    return [
        (c.grid, c.offence_code or c.offence_name or c.title, local_date(c.discovered_at, tz))
        for c in cases
        if c.grid
    ]


def evaluate(
    session: Session,
    *,
    settings: Settings,
    week: date,
    params: rules.Params = rules.Params(),
    actor_id: int | None,
) -> EvaluateResult:
    """Find the week's spikes; store each new one with its recipients (a warning is never raised twice)."""
    start = rules.week_start(week)
    first_day = start - timedelta(weeks=params.history_weeks + 1)
    since = datetime.combine(first_day, time.min, tzinfo=ZoneInfo(settings.timezone))
    created, already = [], 0
    for spike in rules.spikes(_events(session, since, settings.timezone), week, params):
        exists = session.exec(
            select(EarlyWarning).where(
                EarlyWarning.grid == spike.grid, EarlyWarning.offence == spike.offence,
                EarlyWarning.week_start == spike.week_start,
            )
        ).first()  # fmt: skip
        if exists is not None:
            already += 1
            continue
        recipients = subscribers(session, spike.grid)
        warning = EarlyWarning(
            grid=spike.grid, offence=spike.offence, week_start=spike.week_start, count=spike.count,
            baseline=spike.baseline, threshold=spike.threshold, p_value=spike.p_value,
            history=list(spike.history), recipients=recipients,
            message=(
                f"{spike.grid} 网格“{spike.offence}”本周（{spike.week_start} 起）{spike.count} 起，"
                f"前 {params.history_weeks} 周平均 {spike.baseline:g} 起/周，超过预警线 {spike.threshold} 起"
                f"（泊松尾概率 {spike.p_value:.2g}）。"
            ),
        )  # fmt: skip
        session.add(warning)
        session.flush()
        assert warning.id is not None
        audit_service.append(
            session, actor_id=actor_id, action="warning.raised", entity="early_warning", entity_id=warning.id,
            payload={"grid": spike.grid, "offence": spike.offence, "week_start": str(spike.week_start),
                     "count": spike.count, "baseline": spike.baseline, "recipients": recipients},
        )  # fmt: skip
        created.append(WarningPublic.model_validate(warning))
    return EvaluateResult(week_start=start, created=created, already=already)


def subscribers(session: Session, grid: str) -> list[int]:
    stmt = select(WarningSubscription.user_id).where(col(WarningSubscription.grid).in_([grid, "*"]))
    return sorted(set(session.exec(stmt).all()))


def subscribe(session: Session, *, user: User, data: SubscriptionCreate) -> WarningSubscription:
    assert user.id is not None
    found = session.exec(
        select(WarningSubscription).where(
            WarningSubscription.user_id == user.id, WarningSubscription.grid == data.grid
        )
    ).first()
    if found is not None:
        return found
    sub = WarningSubscription(user_id=user.id, grid=data.grid)
    session.add(sub)
    session.flush()
    audit_service.append(
        session, actor_id=user.id, action="warning.subscribed", entity="warning_subscription",
        entity_id=sub.id or 0, payload={"grid": data.grid},
    )  # fmt: skip
    return sub


def unsubscribe(session: Session, *, user: User, subscription_id: int) -> None:
    sub = session.get(WarningSubscription, subscription_id)
    if sub is None or sub.user_id != user.id:
        raise NotFound(f"订阅 {subscription_id} 不存在。")
    session.delete(sub)
    audit_service.append(
        session, actor_id=user.id, action="warning.unsubscribed", entity="warning_subscription",
        entity_id=subscription_id, payload={"grid": sub.grid},
    )  # fmt: skip


def subscriptions(session: Session, user_id: int) -> list[WarningSubscription]:
    stmt = select(WarningSubscription).where(WarningSubscription.user_id == user_id)
    return list(session.exec(stmt.order_by(col(WarningSubscription.id))))


def inbox(session: Session, user_id: int, limit: int = 100) -> list[EarlyWarning]:
    """The warnings delivered to ``user_id`` (newest first)."""
    rows = session.exec(select(EarlyWarning).order_by(col(EarlyWarning.id).desc())).all()
    return [w for w in rows if user_id in (w.recipients or [])][:limit]


_SPACES = re.compile(r"[\s，,。.、]")


def repeat_offenders(
    session: Session, *, now: datetime | None = None, days: int = 365
) -> list[RepeatOffender]:
    """Parties, and addresses, with two or more cases discovered within ``days`` (default a year)."""
    since = (now or utcnow()) - timedelta(days=days)
    rows = session.exec(
        select(Case.id, Case.party_id, Case.location, Case.discovered_at)
        .where(col(Case.discovered_at) >= since)
        .order_by(col(Case.discovered_at))
    ).all()
    groups: dict[tuple[str, str], list[tuple[int, datetime]]] = defaultdict(list)
    for case_id, party_id, location, at in rows:
        if party_id is not None:
            groups[("party", str(party_id))].append((case_id or 0, at))
        address = _SPACES.sub("", location or "")
        if address:
            groups[("address", address)].append((case_id or 0, at))
    out = []
    for (kind, key), found in sorted(groups.items()):
        if len(found) < 2:
            continue
        label = key
        if kind == "party":
            party = session.get(Party, int(key))
            label = (mask_name(party.name) or key) if party else key
        out.append(RepeatOffender(kind=kind, key=key, label=label, cases=[c for c, _ in found],
                                  first_at=found[0][1], last_at=found[-1][1]))  # fmt: skip
    return out
