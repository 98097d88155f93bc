"""码上付 end to end on SQLite and PostgreSQL: order, QR, signed notices, late fee, idempotency, receipt, lookup."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from case_api import db
from case_api.audit import service as audit_service
from case_api.cases.models import Case, CaseState
from case_api.demo.casefactory import Actors, CaseSpec, make_case
from case_api.payments import flows, providers
from case_api.payments import service as payment_service
from case_api.payments.models import Payment
from case_api.payments.providers.loopback import LoopbackProvider
from case_api.payments.qr import qr_png
from case_api.sqltypes import utcnow
from case_api.users.models import User
from core.settings import Settings

Headers = Callable[[User], dict[str, str]]


def actors(users: dict[str, User]) -> Actors:
    return Actors(users["officer"], users["officer2"], users["legal"], users["commander"])


def served_case(
    session: Session, settings: Settings, users: dict[str, User], *, days_ago: int, fine: int = 200
) -> Case:
    start = utcnow() - timedelta(days=days_ago, hours=9)
    spec = CaseSpec("五桥烧烤摊占道经营", "占道经营", "五桥街道 百安路 9 号", fine, CaseState.served)
    case = make_case(session, settings=settings, actors=actors(users), spec=spec, start=start)
    session.commit()
    return case


@pytest.fixture
def loopback(settings: Settings) -> LoopbackProvider:
    provider = providers.get("loopback", settings)
    assert isinstance(provider, LoopbackProvider)
    return provider


def issue(client: TestClient, users: dict[str, User], auth_headers: Headers, case: Case) -> dict[str, object]:
    r = client.post("/api/payments/orders", headers=auth_headers(users["legal"]), json={"case_id": case.id})
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_order_once_per_decision_with_a_qr_to_the_pay_page(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User], auth_headers: Headers
) -> None:
    case = served_case(session, settings, users, days_ago=2)
    order = issue(client, users, auth_headers, case)
    assert issue(client, users, auth_headers, case)["code"] == order["code"]
    assert order["pay_url"] == f"{settings.base_url}/pay/{order['code']}"
    assert order["amount_due"]["total_fen"] == 20000 and order["amount_due"]["late_days"] == 0
    png = client.get(f"/api/payments/orders/{order['code']}/qr.png")
    assert png.headers["content-type"] == "image/png"
    img = cv2.imdecode(np.frombuffer(png.content, np.uint8), cv2.IMREAD_GRAYSCALE)
    # the ArUco-based detector: OpenCV's classic one misses about 1 % of valid codes (measured 5 of 400), this one none
    assert cv2.QRCodeDetectorAruco().detectAndDecode(img)[0] == order["pay_url"]
    page = client.get(f"/pay/{order['code']}")
    assert page.status_code == 200 and "200.00 元" in page.text
    r = client.post("/api/payments/orders", headers=auth_headers(users["citizen"]), json={"case_id": case.id})
    assert r.status_code == 403


def test_order_refused_before_service(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User], auth_headers: Headers
) -> None:
    spec = CaseSpec("高笋塘出店经营", "出店经营", "太白路 88 号", 300, CaseState.decided)
    case = make_case(
        session, settings=settings, actors=actors(users), spec=spec, start=utcnow() - timedelta(days=1)
    )
    session.commit()
    r = client.post("/api/payments/orders", headers=auth_headers(users["legal"]), json={"case_id": case.id})
    assert r.status_code == 422 and r.json()["code"] == "not_served"


def test_ten_identical_notices_make_one_payment_and_a_receipt(
    client: TestClient,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Headers,
    loopback: LoopbackProvider,
) -> None:
    case = served_case(session, settings, users, days_ago=3)
    order = issue(client, users, auth_headers, case)
    xml = loopback.notice_xml(
        out_trade_no=str(order["code"]), total_fen=20000, paid_at=utcnow(), transaction_id="4200T1"
    )
    for _ in range(10):
        r = client.post("/api/payments/notify/loopback", content=xml, headers={"content-type": "text/xml"})
        assert r.status_code == 200 and "<return_code><![CDATA[SUCCESS]]></return_code>" in r.text
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Payment)).one() == 1
    assert session.get(Case, case.id).state == CaseState.executed  # type: ignore[union-attr]
    receipt = client.get(f"/api/payments/orders/{order['code']}/receipt").json()
    assert (
        receipt["total"] == "200.00" and receipt["transaction_id"] == "4200T1" and receipt["party"] == "张*"
    )
    pdf = client.get(f"/api/payments/orders/{order['code']}/receipt.pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
    actions = [e.action for e in audit_service.list_entries(session, entity="case", entity_id=str(case.id))]
    assert actions.count("payment.received") == 1 and actions.count("payment.order_created") == 1
    # a second, different payment for the paid fine is refused and audited
    other = loopback.notice_xml(
        out_trade_no=str(order["code"]), total_fen=20000, paid_at=utcnow(), transaction_id="4200T2"
    )
    r = client.post("/api/payments/notify/loopback", content=other)
    assert r.status_code == 400 and "FAIL" in r.text
    assert (
        audit_service.list_entries(session, entity="case", entity_id=str(case.id))[-1].action
        == "payment.notice_rejected"
    )
    assert audit_service.verify(session).ok


def test_late_fee_is_due_from_day_sixteen(
    client: TestClient,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Headers,
    loopback: LoopbackProvider,
) -> None:
    case = served_case(session, settings, users, days_ago=20)
    order = issue(client, users, auth_headers, case)
    due = order["amount_due"]
    assert isinstance(due, dict) and due["late_days"] >= 4 and due["late_fee_fen"] == 600 * due["late_days"]
    short = loopback.notice_xml(out_trade_no=str(order["code"]), total_fen=20000, paid_at=utcnow())
    r = client.post("/api/payments/notify/loopback", content=short)
    assert r.status_code == 400 and "金额不符" in r.text
    full = loopback.notice_xml(out_trade_no=str(order["code"]), total_fen=due["total_fen"], paid_at=utcnow())
    assert client.post("/api/payments/notify/loopback", content=full).status_code == 200
    assert (
        client.get(f"/api/payments/orders/{order['code']}/receipt").json()["late_fee"]
        == f"{due['late_fee_fen'] // 100}.00"
    )


def test_forged_and_unknown_notices_are_refused(
    client: TestClient,
    session: Session,
    settings: Settings,
    users: dict[str, User],
    auth_headers: Headers,
    loopback: LoopbackProvider,
) -> None:
    case = served_case(session, settings, users, days_ago=1)
    order = issue(client, users, auth_headers, case)
    forged = LoopbackProvider(api_key="0" * 32).notice_xml(
        out_trade_no=str(order["code"]), total_fen=20000, paid_at=utcnow()
    )
    assert "签名" in client.post("/api/payments/notify/loopback", content=forged).text
    unknown = loopback.notice_xml(out_trade_no="ZFNOSUCHORDER", total_fen=20000, paid_at=utcnow())
    assert "订单不存在" in client.post("/api/payments/notify/loopback", content=unknown).text
    assert client.post("/api/payments/notify/nope", content=b"<xml/>").status_code == 404
    assert client.post("/api/payments/notify/wechat", content=b"<xml/>").status_code == 404  # not configured
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Payment)).one() == 0


def test_concurrent_identical_notices_race_to_one_payment(
    session: Session, settings: Settings, users: dict[str, User], loopback: LoopbackProvider, db_url: str
) -> None:
    case = served_case(session, settings, users, days_ago=1)
    from case_api.payments import service as payment_service

    order = payment_service.create_order(
        session, settings=settings, case_id=case.id or 0, provider="loopback", actor_id=None
    )
    session.commit()
    body = loopback.notice_xml(
        out_trade_no=order.code, total_fen=20000, paid_at=utcnow(), transaction_id="4200RACE"
    ).encode()
    barrier, results, errors = threading.Barrier(10), [], []

    def worker() -> None:
        with db.session_for(settings) as s:
            barrier.wait()
            try:
                results.append(flows.handle_notice(s, settings=settings, provider=loopback, body=body))
                s.commit()
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(results) == 10 and len({r.payment_id for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    session.expire_all()
    assert session.exec(select(func.count()).select_from(Payment)).one() == 1
    assert audit_service.verify(session).ok


def test_citizen_lookup_by_case_number_and_phone_is_masked(
    client: TestClient, session: Session, settings: Settings, users: dict[str, User], auth_headers: Headers
) -> None:
    case = served_case(session, settings, users, days_ago=1)
    issue(client, users, auth_headers, case)
    r = client.post("/api/payments/lookup", json={"case_no": case.case_number, "phone": "139-1234-5678"})
    body = r.json()
    assert r.status_code == 200 and body["party_name"] == "张*" and body["party_phone"] == "139****5678"
    assert body["order"]["amount_due"]["total_fen"] == 20000 and "13912345678" not in r.text
    wrong = client.post("/api/payments/lookup", json={"case_no": case.case_number, "phone": "13900000000"})
    missing = client.post("/api/payments/lookup", json={"case_no": "no-such-case", "phone": "13912345678"})
    assert wrong.status_code == missing.status_code == 404 and wrong.json() == missing.json()


def test_every_payment_qr_decodes_to_its_url() -> None:
    """Many random order codes, each QR read back by a detector: the image, not just one lucky code, is sound."""
    for _ in range(150):
        url = f"http://127.0.0.1:8000/pay/{payment_service.new_code()}"
        img = cv2.imdecode(np.frombuffer(qr_png(url), np.uint8), cv2.IMREAD_GRAYSCALE)
        assert cv2.QRCodeDetectorAruco().detectAndDecode(img)[0] == url
