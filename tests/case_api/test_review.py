"""案卷评查: a clean file has no finding; each planted defect is found with its rule; close triggers a review;
legal staff confirm or override (audited, once); summaries; the catalogue port is optional."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from case_api.audit import service as audit_service
from case_api.audit.models import AuditEntry
from case_api.cases.models import Case
from case_api.demo import reviewfiles
from case_api.demo.casefactory import Actors
from case_api.demo.reviewfiles import Plant
from case_api.demo.seed import seed
from case_api.review import checklist, service
from case_api.review.models import CaseReview
from case_api.storage import BlobStore
from case_api.users.models import User
from channels.review_catalogue import CatalogueAdapter
from core.settings import Settings
from knowledge.catalogue import load_catalogue
from tests.case_api import factories

CATALOGUE = CatalogueAdapter(load_catalogue())


def review(session: Session, settings: Settings, case: Case, catalogue: Any = CATALOGUE) -> CaseReview:
    store = BlobStore(settings.evidence_dir)
    r = service.review_case(session, case, settings=settings, store=store, catalogue=catalogue)
    session.commit()
    return r


def build(session: Session, settings: Settings, users: dict[str, User], **kw: Any) -> Case:
    actors = Actors(users["officer"], users["officer2"], users["legal"], users["commander"])
    case = reviewfiles.build(session, settings, actors, start=factories.T0, **kw)
    session.commit()
    return case


def rules(r: CaseReview) -> set[str]:
    return {f["rule"] for f in r.findings}


def test_checklist_is_valid_data() -> None:
    rules_ = checklist.load().rules
    assert len(rules_) >= 20
    assert all(r.basis.startswith("《") for r in rules_)
    with pytest.raises(ValueError):
        checklist.parse({"version": "x", "grades": {}, "rules": [rules_[0].model_dump()] * 2})


def test_clean_file_has_no_finding(session: Session, settings: Settings, users: dict[str, User]) -> None:
    case = build(session, settings, users)
    r = review(session, settings, case)
    assert r.findings == [] and r.skipped == []
    assert (r.score, r.grade) == (100, "优")


PLANTS: dict[str, tuple[Plant, set[str]]] = {
    "missing_document": (Plant({}, skip_doc="prior_notice"), {"DOC-PRIOR-NOTICE"}),
    "overdue_service": (Plant({}, serve_after_days=16), {"TIME-LIMITS"}),
    "fine_outside_range": (Plant({"fine_fen": 800_00}), {"FINE-RANGE", "FINE-BAND"}),
    "fine_too_heavy_for_facts": (Plant({"fine_fen": 480_00}), {"FINE-BAND"}),
    "wrong_penalty_provision": (
        Plant({"penalty_provision": "《城市市容和环境卫生管理条例》第三十六条"}),
        {"LAW-PENALTY"},
    ),
    "wrong_violated_provision": (
        Plant({"violated_provision": "《城市市容和环境卫生管理条例》第十四条"}),
        {"LAW-VIOLATED"},
    ),
}


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_planted_defect_is_found_with_its_rule(
    name: str, session: Session, settings: Settings, users: dict[str, User]
) -> None:
    plant, expected = PLANTS[name]
    case = build(session, settings, users, plant=plant)
    r = review(session, settings, case)
    assert rules(r) == expected, r.findings
    by_rule = {x.id: x for x in checklist.load().rules}
    for f in r.findings:
        assert f["basis"] == by_rule[f["rule"]].basis and f["message"]
    assert r.grade == ("不合格" if any(by_rule[x].fatal for x in expected) else "良")


def test_evidence_file_changed_on_disk(session: Session, settings: Settings, users: dict[str, User]) -> None:
    case = build(session, settings, users, plant=Plant(tamper_evidence=True))
    r = review(session, settings, case)
    assert rules(r) == {"EVIDENCE-INTACT"}
    assert "哈希不符" in r.findings[0]["message"] and r.grade == "不合格"
    BlobStore(settings.evidence_dir).path_for(hashlib.sha256(reviewfiles.PHOTO).hexdigest()).unlink()
    assert "文件缺失" in review(session, settings, case).findings[0]["message"]


def test_demo_record_with_planted_defects(session: Session, settings: Settings) -> None:
    """The demo district plus the showcase files: each planted defect found with its rule, none on the clean file."""
    now = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)
    assert seed(session, settings=settings, now=now).seeded
    files = reviewfiles.plant_showcase(session, settings=settings, now=now)
    session.commit()
    for name, case in files.items():
        r = review(session, settings, case)
        assert rules(r) == set(reviewfiles.SHOWCASE[name][1]), (name, r.findings)
    assert review(session, settings, files["clean"]).grade == "优"


def test_without_catalogue_the_catalogue_rules_are_skipped(
    session: Session, settings: Settings, users: dict[str, User]
) -> None:
    case = build(session, settings, users, plant=Plant({"fine_fen": 800_00}))
    r = review(session, settings, case, catalogue=None)
    assert r.findings == []
    assert {s.split("：")[0] for s in r.skipped} == {"LAW-OFFENCE", "FINE-RANGE", "FINE-BAND"}


def test_offence_not_in_catalogue(session: Session, settings: Settings, users: dict[str, User]) -> None:
    case = build(session, settings, users, plant=Plant({"offence_code": None, "offence_name": "某行为"}))
    assert rules(review(session, settings, case)) == {"LAW-OFFENCE"}


Headers = Callable[[User], dict[str, str]]


@pytest.fixture
def app_with_catalogue(app: FastAPI) -> FastAPI:
    app.state.offence_catalogue = CATALOGUE
    return app


def test_closing_reviews_once_and_legal_decides(
    app_with_catalogue: FastAPI,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Headers,
) -> None:
    case = build(session, settings, users, close=False, plant=Plant({"fine_fen": 480_00}))
    legal, officer = auth_headers(users["legal"]), auth_headers(users["officer"])
    with TestClient(app_with_catalogue) as client:
        resp = client.post(f"/api/cases/{case.id}/transitions", json={"to_state": "closed"}, headers=legal)
        assert resp.status_code == 200, resp.text
        again = client.post(f"/api/cases/{case.id}/transitions", json={"to_state": "closed"}, headers=legal)
        assert again.status_code == 409
        queue = client.get("/api/reviews", params={"status": "pending"}, headers=legal).json()
        assert [(q["case_id"], q["trigger"], q["grade"]) for q in queue] == [(case.id, "closed", "良")]
        review_id = queue[0]["id"]
        assert queue[0]["findings"][0]["rule"] == "FINE-BAND"

        assert client.post(f"/api/reviews/cases/{case.id}", headers=officer).status_code == 403
        assert client.get("/api/reviews", headers=officer).status_code == 403
        assert client.get("/api/reviews").status_code == 401
        no_reason = client.post(f"/api/reviews/{review_id}/decision", json={"grade": "合格"}, headers=legal)
        assert no_reason.status_code == 422 and no_reason.json()["code"] == "reason_required"
        bad = client.post(
            f"/api/reviews/{review_id}/decision", json={"grade": "差", "reason": "x"}, headers=legal
        )
        assert bad.status_code == 422
        done = client.post(
            f"/api/reviews/{review_id}/decision",
            json={"grade": "合格", "reason": "罚款明显偏重，未说明从重理由"},
            headers=legal,
        )
        assert done.status_code == 200, done.text
        body = done.json()
        assert (body["status"], body["grade"], body["final_grade"], body["effective_grade"]) == (
            "overridden", "良", "合格", "合格",
        )  # fmt: skip
        twice = client.post(f"/api/reviews/{review_id}/decision", json={}, headers=legal)
        assert twice.status_code == 409 and twice.json()["code"] == "review_decided"

        fresh = client.post(f"/api/reviews/cases/{case.id}", headers=auth_headers(users["commander"]))
        assert fresh.status_code == 201 and fresh.json()["trigger"] == "on_demand"
        confirm = client.post(f"/api/reviews/{fresh.json()['id']}/decision", json={}, headers=legal)
        assert confirm.json()["status"] == "confirmed" and confirm.json()["final_grade"] == "良"
        latest = client.get(f"/api/reviews/cases/{case.id}", headers=legal).json()
        assert latest["id"] == fresh.json()["id"]
        assert len(client.get("/api/reviews/checklist", headers=legal).json()) == len(checklist.load().rules)
    entries = session.exec(
        select(AuditEntry).where(AuditEntry.entity == "case_review").order_by(col(AuditEntry.seq))
    )
    actions = [e.action for e in entries]  # in chain order: without ORDER BY, PostgreSQL returns any order
    assert actions == ["review.scored", "review.overridden", "review.scored", "review.confirmed"]
    assert audit_service.verify(session).ok


def test_summaries(
    app_with_catalogue: FastAPI,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Headers,
) -> None:
    good = build(session, settings, users)
    bad = build(session, settings, users, plant=Plant({"fine_fen": 800_00}))
    review(session, settings, good)
    review(session, settings, bad)
    review(session, settings, good)  # the latest review of a file counts, once
    headers = auth_headers(users["commander"])
    with TestClient(app_with_catalogue) as client:
        month = client.get("/api/reviews/summary", params={"by": "month"}, headers=headers).json()
        assert [(r["key"], r["files"], r["good"], r["share_good"]) for r in month["rows"]] == [
            ("2026-03", 2, 1, 0.5)
        ]
        assert month["total"]["grades"] == {"优": 1, "良": 0, "合格": 0, "不合格": 1}
        officers = client.get("/api/reviews/summary", params={"by": "officer"}, headers=headers).json()
        assert {r["key"]: r["files"] for r in officers["rows"]} == {"李警官": 2, "王队员": 2}
        teams = client.get("/api/reviews/summary", params={"by": "team"}, headers=headers).json()
        assert [r["key"] for r in teams["rows"]] == ["未分中队"]
        empty = client.get("/api/reviews/summary", params={"date_from": "2026-04-01"}, headers=headers).json()
        assert empty["rows"] == [] and empty["total"]["files"] == 0
        assert client.get("/api/reviews/summary", params={"by": "x"}, headers=headers).status_code == 422


def test_simple_procedure_file(session: Session, settings: Settings, users: dict[str, User]) -> None:
    """An on-the-spot (简易程序) decision needs its 当场行政处罚决定书 and one badged officer, not the ordinary papers."""
    from case_api.cases import service as cases_service
    from case_api.cases.models import CaseState, Procedure
    from case_api.documents import service as documents_service

    officer, legal = users["officer"], users["legal"]
    fields = {k: v for k, v in reviewfiles.CLEAN.items() if k not in {"fine_fen", "penalty_kind"}}
    case = factories.case(session, officer, procedure=Procedure.simple, fine_fen=200_00, **fields)
    t = factories.T0
    case = cases_service.transition(session, case, CaseState.decided, officer, {}, settings=settings, now=t)
    store = BlobStore(settings.evidence_dir)
    draft = documents_service.create_draft(
        session, case=case, doc_type="simple_decision", fields={}, actor=officer
    )
    session.commit()
    early = service.review_case(session, case, settings=settings, store=BlobStore(settings.evidence_dir),
                                catalogue=CATALOGUE, today=t.date())  # fmt: skip
    assert rules(early) == {"DOC-SIMPLE-DECISION"}
    documents_service.issue(session, document=draft, actor=officer, settings=settings, store=store)
    case = cases_service.transition(session, case, CaseState.served, officer, {}, settings=settings, now=t)
    cases_service.mark_paid(session, case.id or 0, 200_00, t, "SIMPLE-1", settings=settings)
    case = cases_service.transition(session, case, CaseState.closed, legal, {}, settings=settings, now=t)
    session.commit()
    r = review(session, settings, case)
    assert r.findings == [] and r.grade == "优"
