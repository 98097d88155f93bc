"""Record tools over case_api's service layer: duty, nearest officer, overdue cases, counts, a case's state.

Every tool takes a :class:`ToolContext` — the caller's :class:`Principal`, the settings (the database), the time —
and the caller's role bounds what it returns, whatever the message said:

* duty, nearest officer and overdue cases are for staff; a citizen is told they may not see them;
* counts and case states cover every case for staff, and only the citizen's own cases for a citizen (the record's
  one rule, :func:`case_api.cases.service.citizen_party_ids`); another's case looks absent, as in the case API.

Results are plain JSON data, returned as read; :func:`render` turns one into text without adding anything.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from assistant.tools.places import find_grid_name, find_place
from case_api.cases import service as cases_service
from case_api.cases.deadlines import local_date
from case_api.cases.models import STATE_LABELS, Case, CaseState
from case_api.db import session_for
from case_api.errors import NotFound
from case_api.roster import duty
from case_api.roster import service as roster_service
from case_api.users.models import STAFF_ROLES, Role
from case_api.users.principals import Principal
from core.settings import Settings

CountBy = Literal["offence", "grid", "day", "state"]
BY_LABELS = {"offence": "违法行为", "grid": "网格", "day": "日期", "state": "案件状态"}
UNKNOWN = "（未填写）"


class ToolDenied(Exception):
    """The caller's role may not use this tool (the message is shown to them)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ToolContext:
    settings: Settings
    principal: Principal
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def staff(self) -> bool:
        return Role(self.principal.role) in STAFF_ROLES

    @property
    def today(self) -> date:
        return local_date(self.now, self.settings.timezone)


def _staff_only(ctx: ToolContext, what: str) -> None:
    if not ctx.staff:
        raise ToolDenied(f"{what}仅对执法人员开放；当事人可以查询本人案件的办理进度和期限。")


def _visible_cases(session: Session, ctx: ToolContext) -> list[Case]:
    stmt = select(Case).order_by(col(Case.id))
    if not ctx.staff:
        ids = cases_service.citizen_party_ids(session, ctx.principal)
        if not ids:
            return []
        stmt = stmt.where(col(Case.party_id).in_(ids))
    return list(session.exec(stmt))


# --- duty ----------------------------------------------------------------------------------------------------
def _officer_row(o: Any) -> dict[str, Any]:
    row = {
        "name": o.name,
        "badge_no": o.badge_no,
        "grid": o.grid_name,
        "available": o.available,
        "shift": f"{o.starts_at.isoformat()}—{o.ends_at.isoformat()}",
        "phone_masked": o.phone_masked,
        "last_seen_at": o.last_seen_at.isoformat() if o.last_seen_at else None,
    }
    if o.distance_m is not None:
        row["distance_m"] = o.distance_m
    return row


def on_duty(ctx: ToolContext, grid: str | None = None) -> dict[str, Any]:
    """Who is on duty now, in one grid (by name, stem or a place in it) or everywhere."""
    _staff_only(ctx, "值班信息")
    with session_for(ctx.settings) as session:
        grid_name: str | None = None
        if grid:
            names = [g.name for g in roster_service.list_grids(session)]
            # a grid named in a sentence, or as itself; an unknown short name is reported, a sentence naming no
            # grid means every grid
            grid_name = find_grid_name(grid, names) or (grid if len(grid) <= 10 else None)
        try:
            officers = duty.on_duty(session, at=ctx.now, grid_name=grid_name)
        except NotFound as exc:
            return {"grid": grid, "officers": [], "error": exc.message}
    return {"grid": grid_name, "at": ctx.now.isoformat(), "officers": [_officer_row(o) for o in officers]}


def nearest_officer(ctx: ToolContext, place: str, limit: int = 3) -> dict[str, Any]:
    """The available on-duty officers nearest a place of the gazetteer, nearest first."""
    _staff_only(ctx, "调度信息")
    where = find_place(place)
    if where is None:
        return {
            "place": place,
            "officers": [],
            "error": f"地名库中没有“{place}”，请说一个万州的街道、道路或地标（如 五桥客运站、万达广场）。",
        }
    with session_for(ctx.settings) as session:
        officers = duty.nearest(session, lat=where.lat, lon=where.lon, at=ctx.now, limit=limit)
    return {
        "place": where.as_dict(),
        "at": ctx.now.isoformat(),
        "officers": [_officer_row(o) for o in officers],
    }


# --- cases ---------------------------------------------------------------------------------------------------
def _deadline(d: Any) -> dict[str, Any]:
    return {
        "label": d.period.label,
        "article": d.period.article,
        "due_on": d.due_on.isoformat(),
        "status": d.status,
        "days_left": d.days_left,
    }


def overdue_cases(ctx: ToolContext) -> dict[str, Any]:
    """Open cases with a deadline past due, as the record computes them."""
    _staff_only(ctx, "超期案件")
    with session_for(ctx.settings) as session:
        found = cases_service.overdue(session, settings=ctx.settings, today=ctx.today)
        rows = [
            {
                "case_id": case.id,
                "case_number": case.case_number,
                "title": case.title,
                "state": STATE_LABELS[CaseState(case.state)],
                "deadline": _deadline(d),
            }
            for case, d in found
        ]
    return {"today": ctx.today.isoformat(), "cases": rows}


def infer_grid(case: Case, grid_names: list[str]) -> str:
    """The case's grid: its own field, else the grid its location names (directly or through the gazetteer)."""
    if case.grid:
        return case.grid
    return find_grid_name(case.location or "", grid_names) or UNKNOWN


def case_counts(
    ctx: ToolContext,
    by: CountBy = "offence",
    offence: str | None = None,
    days: int | None = None,
) -> dict[str, Any]:
    """Counts of the cases the caller may see, by offence, grid, day (created) or state; optionally only one
    offence (name contains ``offence``) and only the last ``days`` days."""
    tz = ZoneInfo(ctx.settings.timezone)
    with session_for(ctx.settings) as session:
        cases = _visible_cases(session, ctx)
        grid_names = [g.name for g in roster_service.list_grids(session)]
    if offence:
        cases = [c for c in cases if offence in (c.offence_name or "") or offence in c.title]
    since: date | None = None
    if days:
        since = ctx.today - timedelta(days=days - 1)
        start = datetime.combine(since, time(), tz)
        cases = [c for c in cases if c.created_at >= start]
    key: Callable[[Case], str] = {
        "offence": lambda c: c.offence_name or UNKNOWN,
        "grid": lambda c: infer_grid(c, grid_names),
        "day": lambda c: c.created_at.astimezone(tz).date().isoformat(),
        "state": lambda c: STATE_LABELS[CaseState(c.state)],
    }[by]
    counts = Counter(key(c) for c in cases)
    ordered = sorted(counts.items(), key=(lambda kv: kv[0]) if by == "day" else (lambda kv: (-kv[1], kv[0])))
    return {
        "by": by,
        "offence": offence,
        "since": since.isoformat() if since else None,
        "scope": "all" if ctx.staff else "own",
        "total": len(cases),
        "counts": [{"key": k, "count": n} for k, n in ordered],
    }


def case_number_pattern(settings: Settings) -> re.Pattern[str]:
    """A regex for the bureau's case numbers, from ``settings.case_number_format``."""
    parts = re.split(r"(\{year\}|\{seq[^}]*\})", settings.case_number_format)
    body = "".join(
        r"\d{4}" if p == "{year}" else r"\d{1,6}" if p.startswith("{seq") else re.escape(p) for p in parts
    )
    return re.compile(body)


def _state_row(session: Session, case: Case, ctx: ToolContext) -> dict[str, Any]:
    pub = cases_service.present(session, case, settings=ctx.settings, today=ctx.today)
    pending = [d for d in pub.deadlines if d.status in ("pending", "overdue")]
    upcoming = min(pending, key=lambda d: d.due_on) if pending else None
    return {
        "case_id": pub.id,
        "case_number": pub.case_number,
        "title": pub.title,
        "state": pub.state_label,
        "procedure": pub.procedure_label,
        "next_deadline": (
            {
                "label": upcoming.label,
                "article": upcoming.article,
                "due_on": upcoming.due_on.isoformat(),
                "status": upcoming.status,
                "days_left": upcoming.days_left,
            }
            if upcoming
            else None
        ),
        "next_steps": [STATE_LABELS[CaseState(s)] for s in pub.allowed_transitions],
    }


def case_status(
    ctx: ToolContext, case_number: str | None = None, case_id: int | None = None
) -> dict[str, Any]:
    """One case's state and next deadline (staff: any case; a citizen: only their own, others look absent).
    Without a number or id: the caller's own cases (a citizen's) or an error asking for one (staff)."""
    with session_for(ctx.settings) as session:
        if case_number is None and case_id is None:
            if ctx.staff:
                return {"cases": [], "error": "请说明案件编号（如 万城管罚决字〔2026〕第0001号）或案件序号。"}
            return {
                "cases": [_state_row(session, c, ctx) for c in _visible_cases(session, ctx)],
                "scope": "own",
            }
        case = (
            cases_service.get_by_number(session, case_number)
            if case_number
            else session.get(Case, case_id)
            if case_id
            else None
        )
        visible = case is not None and (
            ctx.staff or case.party_id in cases_service.citizen_party_ids(session, ctx.principal)
        )
        if case is None or not visible:
            return {"cases": [], "error": f"没有找到案件 {case_number or case_id}（或您无权查看）。"}
        return {"cases": [_state_row(session, case, ctx)]}


def known_offences(ctx: ToolContext) -> list[str]:
    """The offence names the caller's visible cases carry (to read an offence out of a count question)."""
    with session_for(ctx.settings) as session:
        return sorted({c.offence_name for c in _visible_cases(session, ctx) if c.offence_name})


# --- rendering: the result as text, nothing added -------------------------------------------------------------
def _officers_text(officers: list[dict[str, Any]]) -> str:
    lines = []
    for o in officers:
        dist = f"，距离约 {o['distance_m']:.0f} 米" if "distance_m" in o else ""
        state = "" if o.get("available", True) else "（暂不可调度）"
        phone = f"，电话 {o['phone_masked']}" if o.get("phone_masked") else ""
        lines.append(f"- {o['name']}（执法证号 {o['badge_no']}，{o['grid']}{dist}{phone}）{state}")
    return "\n".join(lines)


def render(name: str, result: dict[str, Any]) -> str:
    if result.get("error"):
        return str(result["error"])
    if name == "on_duty":
        where = result.get("grid") or "全区"
        if not result["officers"]:
            return f"{where}当前没有在班的队员。"
        return f"{where}当前在班队员 {len(result['officers'])} 人：\n" + _officers_text(result["officers"])
    if name == "nearest_officer":
        place = result["place"]["name"]
        if not result["officers"]:
            return f"{place}附近当前没有可调度、有位置的在班队员。"
        return f"离{place}最近的在班队员：\n" + _officers_text(result["officers"])
    if name == "overdue_cases":
        if not result["cases"]:
            return f"截至 {result['today']}，没有超期的案件。"
        lines = [
            f"- {c['case_number'] or '案件' + str(c['case_id'])} {c['title']}（{c['state']}）："
            f"{c['deadline']['label']}应于 {c['deadline']['due_on']} 前完成，已超期 {-c['deadline']['days_left']} 天"
            for c in result["cases"]
        ]
        return f"截至 {result['today']}，超期案件 {len(result['cases'])} 件：\n" + "\n".join(lines)
    if name == "case_counts":
        scope = "" if result["scope"] == "all" else "（仅本人案件）"
        what = f"“{result['offence']}”" if result.get("offence") else ""
        since = f"自 {result['since']} 起" if result.get("since") else ""
        head = f"{since}{what}案件共 {result['total']} 件{scope}"
        if not result["counts"]:
            return head + "。"
        rows = "\n".join(f"- {c['key']}：{c['count']} 件" for c in result["counts"])
        return f"{head}，按{BY_LABELS[result['by']]}：\n{rows}"
    if name == "case_status":
        if not result["cases"]:
            return "没有查到您名下的案件。"
        out = []
        for c in result["cases"]:
            line = f"- {c['case_number'] or '案件' + str(c['case_id'])} {c['title']}：当前{c['state']}（{c['procedure']}）"
            d = c.get("next_deadline")
            if d:
                left = (
                    f"还剩 {d['days_left']} 天"
                    if d["days_left"] is not None and d["days_left"] >= 0
                    else "已超期"
                )
                line += f"；下一期限：{d['label']}，{d['due_on']}（{left}，{d['article']}）"
            if c["next_steps"]:
                line += "；可进入：" + "、".join(c["next_steps"])
            out.append(line)
        return "\n".join(out)
    return str(result)
