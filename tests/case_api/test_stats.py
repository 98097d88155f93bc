"""Statistics: counts by offence, grid, day and status; handling times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.cases import service as cases_service
from case_api.cases.models import CaseState, Procedure
from case_api.users.models import User
from core.settings import Settings

from . import factories as f
from .factories import T0


def test_summary(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User],
    auth_headers: Callable[[User], dict[str, str]],
) -> None:  # fmt: skip
    a = f.case(session, users["officer"], procedure=Procedure.simple, fine_fen=100_00)
    f.run(
        session,
        settings,
        a,
        [(CaseState.decided, users["officer"], {}), (CaseState.served, users["officer"], {})],
    )
    cases_service.mark_paid(session, a.id or 0, 100_00, T0 + timedelta(days=2), "P-1", settings=settings)
    f.run(session, settings, a, [(CaseState.closed, users["legal"], {})], at=T0 + timedelta(days=2))
    b = f.case(session, users["officer"], grid="WZ-02")
    b.offence_name = "出店经营"
    session.add(b)
    session.commit()
    r = client.get("/api/stats/summary", headers=auth_headers(users["commander"]))
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["total"] == 2
    assert {c["key"]: c["count"] for c in s["by_offence"]} == {"占道经营": 1, "出店经营": 1}
    assert {c["key"]: c["count"] for c in s["by_grid"]} == {"WZ-01": 1, "WZ-02": 1}
    assert {c["key"]: c["count"] for c in s["by_status"]} == {"结案": 1, "登记/线索": 1}
    assert sum(c["count"] for c in s["by_day"]) == 2
    assert s["fines_paid_fen"] == 100_00 and s["fines_decided_fen"] == 100_00
    closing = next(d for d in s["handling"] if d["label"] == "登记→结案")
    assert closing["cases"] == 1 and closing["mean_days"] is not None
    empty = client.get("/api/stats/summary?date_from=2000-01-01&date_to=2000-01-02",
                       headers=auth_headers(users["commander"])).json()  # fmt: skip
    assert empty["total"] == 0
