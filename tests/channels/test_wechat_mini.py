"""The citizens' mini-channel end to end on the real server app: wx.login code → code2session at the loopback
stand-in → a citizen token; bind a case by number + phone; the masked case and decision; a statement refused after
the decision; pay (JSAPI parameters signed as WeChat Pay checks them) through the payment simulator's signed notice;
the receipt; and the decision / payment-due subscribe messages, each sent once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from wechatpy.pay.utils import calculate_signature

from case_api import db
from case_api.cases.models import Case, CaseState
from case_api.demo.casefactory import Actors, CaseSpec, make_case
from case_api.documents import service as documents_service
from case_api.payments import providers
from case_api.payments.providers.loopback import LoopbackProvider
from case_api.sqltypes import utcnow
from case_api.storage import BlobStore
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, User, UserCreate
from case_api.wechat import notify, pay
from channels.components import Components, build_runtime
from channels.server import create_app
from channels.wechat.loopback import LoopbackWeChat
from core.settings import Settings, WeChatSettings

MINI_APPID, MINI_SECRET = "wxa1b2c3d4e5f60718", "mini-secret-0123456789abcdef0123"


@pytest.fixture
def stand_in() -> Iterator[LoopbackWeChat]:
    server = LoopbackWeChat("wx-mp-unused", "unused", mini_appid=MINI_APPID, mini_secret=MINI_SECRET).start()
    yield server
    server.stop()


@pytest.fixture
def mini_settings(app_settings: Settings, stand_in: LoopbackWeChat) -> Settings:
    cfg = WeChatSettings(
        mini_app_id=MINI_APPID, mini_secret=MINI_SECRET, api_base_url=stand_in.base_url, push_interval_s=0,
        decision_template_id="tpl-decision-0001", payment_template_id="tpl-payment-0001",
    )  # fmt: skip
    return app_settings.model_copy(
        update={"wechat": cfg, "secret_key": "mini-test-secret-0123456789abcdef0123"}
    )


def staff_users(settings: Settings) -> Actors:
    security.BCRYPT_ROUNDS = 4
    made: list[User] = []
    with db.session_for(settings) as session:
        for i, (role, badge) in enumerate(
            [(Role.officer, "M0001"), (Role.officer, "M0002"), (Role.legal, None), (Role.commander, None)]
        ):
            user = users_service.create(session, data=UserCreate(
                username=f"mini-staff-{i}", password="pass-1234-word", full_name=f"人员{i}", role=role, badge_no=badge,
            ))  # fmt: skip
            made.append(user)
        session.commit()
        for u in made:
            session.refresh(u)
            session.expunge(u)
    return Actors(*made)


def served_case_with_decision(settings: Settings, actors: Actors) -> Case:
    with db.session_for(settings) as session:
        spec = CaseSpec("百安路烧烤摊占道经营", "占道经营", "五桥街道 百安路 9 号", 200, CaseState.served)
        case = make_case(
            session, settings=settings, actors=actors, spec=spec, start=utcnow() - timedelta(days=2)
        )
        officer = session.merge(actors.officer)
        doc = documents_service.create_draft(
            session, case=case, doc_type="decision", fields={}, actor=officer
        )
        documents_service.issue(session, document=doc, actor=officer, settings=settings,
                                store=BlobStore(settings.evidence_dir))  # fmt: skip
        session.commit()
        session.refresh(case)
        session.expunge(case)
    return case


def test_citizen_binds_reads_pays_and_gets_the_receipt_and_each_notice_once(
    components: Components, mini_settings: Settings, stand_in: LoopbackWeChat
) -> None:
    actors = staff_users(mini_settings)
    case = served_case_with_decision(mini_settings, actors)
    stand_in.codes["081AbCdeFGhIjK0"] = "oMiniZhangSan0000000000000001"
    with TestClient(
        create_app(mini_settings, runtime=build_runtime(mini_settings, models=components))
    ) as client:
        # login: the code is good once
        r = client.post("/api/mini/login", json={"code": "081AbCdeFGhIjK0"})
        assert r.status_code == 200, r.text
        token = r.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        assert client.post("/api/mini/login", json={"code": "081AbCdeFGhIjK0"}).status_code == 401
        assert client.get("/api/auth/me", headers=headers).json()["role"] == "citizen"
        # bind: a wrong phone is a 404 like a wrong number; the right one binds
        bad = client.post(
            "/api/mini/cases/bind",
            headers=headers,
            json={"case_no": case.case_number, "phone": "13900000000"},
        )
        assert bad.status_code == 404 and bad.json()["code"] == "case_lookup_failed"
        r = client.post(
            "/api/mini/cases/bind",
            headers=headers,
            json={"case_no": case.case_number, "phone": "13912345678"},
        )
        assert r.status_code == 201, r.text
        view = r.json()
        assert view["party_name"] == "张*" and view["party_phone"] == "139****5678"
        assert view["party_id_number"] == "5001**********1234" and view["statement_open"] is False
        # the decision, masked
        r = client.get(f"/api/mini/cases/{case.id}/decision", headers=headers)
        assert r.status_code == 200, r.text
        decision = r.json()
        assert decision["number"] == case.case_number and "500101199001011234" not in decision["text"]
        assert "13912345678" not in decision["text"] and "占道经营" in decision["text"]
        # a statement after the decision: refused with the reason
        r = client.post(f"/api/mini/cases/{case.id}/statements", headers=headers, json={"text": "我要申辩"})
        assert r.status_code == 409 and r.json()["code"] == "statement_closed"
        # pay: JSAPI parameters signed with the merchant key, the 码上付 link for any phone
        r = client.post(f"/api/mini/cases/{case.id}/pay", headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        params = dict(body["jsapi"])
        sign = params.pop("paySign")
        assert sign == calculate_signature(params, pay.sign_key(mini_settings, "loopback"))
        assert params["appId"] == MINI_APPID and params["package"].startswith("prepay_id=")
        order = body["order"]
        assert order["pay_url"].endswith(f"/pay/{order['code']}") and body["amount_fen"] == 20000
        assert client.get(f"/api/mini/cases/{case.id}/receipt", headers=headers).status_code == 404
        # the payment channel's signed notice (WeChat Pay's wire format), twice: recorded once
        channel = providers.get("loopback", mini_settings)
        assert isinstance(channel, LoopbackProvider)
        notice = channel.notice_xml(out_trade_no=order["code"], total_fen=20000, paid_at=utcnow(),
                                    transaction_id="4200000001202612010001", openid="oMiniZhangSan0000000000000001")  # fmt: skip
        for _ in range(2):
            r = client.post("/api/payments/notify/loopback", content=notice.encode())
            assert r.status_code == 200 and "SUCCESS" in r.text
        receipt = client.get(f"/api/mini/cases/{case.id}/receipt", headers=headers)
        assert receipt.status_code == 200, receipt.text
        assert receipt.json()["case_no"] == case.case_number and receipt.json()["party"] == "张*"
        assert client.get(f"/api/mini/cases/{case.id}", headers=headers).json()["order_status"] == "paid"
        r = client.post(f"/api/mini/cases/{case.id}/pay", headers=headers)
        assert r.status_code == 409 and r.json()["code"] == "already_paid"
        # notices: the decision once; the payment was made before any scan, so no payment-due notice
        pusher = client.app.state.wechat_pusher  # type: ignore[attr-defined]
        first, second = pusher.run_once(), pusher.run_once()
        assert (first.sent, second.sent) == (1, 0)
        sent = stand_in.of("/message/subscribe/send")
        assert [s.body["template_id"] for s in sent] == ["tpl-decision-0001"]
        assert sent[0].body["touser"] == "oMiniZhangSan0000000000000001"
        assert sent[0].body["data"]["case_no"]["value"] == case.case_number


def test_payment_due_notice_goes_once_and_a_failed_send_is_logged_not_repeated(
    components: Components, mini_settings: Settings, stand_in: LoopbackWeChat
) -> None:
    actors = staff_users(mini_settings)
    case = served_case_with_decision(mini_settings, actors)
    stand_in.codes["code-2"] = "oMiniLiSi"
    with TestClient(
        create_app(mini_settings, runtime=build_runtime(mini_settings, models=components))
    ) as client:
        headers = {
            "Authorization": "Bearer "
            + client.post("/api/mini/login", json={"code": "code-2"}).json()["access_token"]
        }
        client.post(
            "/api/mini/cases/bind",
            headers=headers,
            json={"case_no": case.case_number, "id_number": "500101199001011234"},
        )
        assert (
            client.post(f"/api/mini/cases/{case.id}/pay", headers=headers).status_code == 200
        )  # the order exists
        stand_in.fail_sends = (
            1  # WeChat refuses the first message (e.g. the citizen withdrew the subscription)
        )
        first = client.app.state.wechat_pusher.run_once()  # type: ignore[attr-defined]
        second = client.app.state.wechat_pusher.run_once()  # type: ignore[attr-defined]
        assert (first.sent + first.failed, second.sent + second.failed) == (2, 0)
        with db.session_for(mini_settings) as session:
            log = {(n.event_key.split(":")[0], n.status) for n in notify.log_for(session)}
        assert len(log) == 2 and {k for k, _ in log} == {"decision", "payment_due"}
        assert ("decision", "failed") in log or ("payment_due", "failed") in log
        assert len(stand_in.of("/message/subscribe/send")) == 1
