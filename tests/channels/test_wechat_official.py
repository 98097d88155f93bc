"""The official account end to end on the real server app: WeChat's real wire format (signed, and AES-encrypted
through wechatpy's crypto), the refusals, the binding flow, the 5-second rule with MsgId dedupe in the database
(across a restart), and alerts pushed once — against the loopback stand-in for WeChat's API servers."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
import xmltodict
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select
from wechatpy.crypto import WeChatCrypto

from case_api import db
from case_api.sqltypes import utcnow
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, User, UserCreate
from case_api.warnings.models import EarlyWarning
from case_api.wechat import notify
from case_api.wechat.models import Inbound, InboundStatus, Notification
from channels.components import Components, build_runtime
from channels.server import create_app
from channels.wechat import answers, official
from channels.wechat.loopback import LoopbackWeChat, new_aes_key
from core.settings import Settings, WeChatSettings

APPID, SECRET, TOKEN = "wx5c8d0f1e2a3b4c5d", "loopback-secret-0123456789abcdef", "zhifaToken2026"
AES_KEY = new_aes_key()
ME = "gh_zhifa_loopback"
SITUATION = "有人在人行道上摆摊卖水果，占用了盲道"
_ids = itertools.count(int(time.time() * 1000))


@pytest.fixture
def stand_in() -> Iterator[LoopbackWeChat]:
    server = LoopbackWeChat(APPID, SECRET).start()
    yield server
    server.stop()


def wx_settings(base: Settings, stand_in: LoopbackWeChat, **over: object) -> Settings:
    cfg = WeChatSettings(
        app_id=APPID, secret=SECRET, token=TOKEN, encoding_aes_key=AES_KEY, mode="compat",
        api_base_url=stand_in.base_url, push_interval_s=0,
    ).model_copy(update=over)  # fmt: skip
    return base.model_copy(update={"wechat": cfg})


@pytest.fixture
def settings_wx(kb_settings: Settings, tmp_path: Path, stand_in: LoopbackWeChat) -> Settings:
    fresh = kb_settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'wx.db'}"})
    db.upgrade(fresh)
    return wx_settings(fresh, stand_in)


def make_app(settings: Settings, models: Components) -> FastAPI:
    return create_app(settings, runtime=build_runtime(settings, models=models))


@pytest.fixture
def client(components: Components, settings_wx: Settings) -> Iterator[TestClient]:
    with TestClient(make_app(settings_wx, components)) as c:
        yield c


def post(client: TestClient, xml: str, *, aes: bool = False, ts: int | None = None, **params: str) -> object:
    query, body = LoopbackWeChat.signed_post(xml, token=TOKEN, aes_key=AES_KEY if aes else None, appid=APPID,
                                             timestamp=ts)  # fmt: skip
    query.update(params)
    return client.post("/wechat/mp", params=query, content=body, headers={"Content-Type": "text/xml"})


def reply_text(response: object, *, aes: bool = False) -> str | None:
    """The text of a passive reply (decrypted when encrypted); ``None`` for WeChat's "success"."""
    body = response.text  # type: ignore[attr-defined]
    if body == "success":
        return None
    if aes:
        env = xmltodict.parse(body)["xml"]
        body = WeChatCrypto(TOKEN, AES_KEY, APPID).decrypt_message(body, env["MsgSignature"], env["TimeStamp"],
                                                                  env["Nonce"])  # fmt: skip
    return str(xmltodict.parse(body)["xml"]["Content"])


def staff(settings: Settings, role: Role, name: str) -> tuple[User, dict[str, str]]:
    security.BCRYPT_ROUNDS = 4
    with db.session_for(settings) as session:
        user = users_service.create(session, data=UserCreate(
            username=f"wx-{role}-{name}", password="pass-1234-word", full_name=name, role=role,
            badge_no=f"WX{abs(hash(name)) % 10**6:06d}" if role == Role.officer else None,
        ))  # fmt: skip
        session.commit()
        session.refresh(user)
        session.expunge(user)
    assert user.id is not None
    return user, {
        "Authorization": f"Bearer {security.create_access_token(settings, user_id=user.id, role=role)}"
    }


def bind(client: TestClient, headers: dict[str, str], openid: str) -> str | None:
    r = client.post("/api/wechat/binding-codes", headers=headers)
    assert r.status_code == 201, r.text
    return reply_text(
        post(client, LoopbackWeChat.text_xml(openid, ME, f"绑定 {r.json()['code']}", next(_ids)))
    )


def wait_status(settings: Settings, msg_id: int, timeout: float = 240.0) -> Inbound:
    deadline = time.monotonic() + timeout
    while True:
        with db.session_for(settings) as session:
            row = session.exec(select(Inbound).where(Inbound.msg_key == str(msg_id))).one()
        if row.status in (InboundStatus.pushed, InboundStatus.failed, InboundStatus.inline):
            return row
        assert time.monotonic() < deadline, f"answer not delivered: {row.status}"
        time.sleep(0.2)


# --- verification and refusals -----------------------------------------------------------------------------


def test_url_verification_echoes_only_a_signed_fresh_request(client: TestClient) -> None:
    query, _ = LoopbackWeChat.signed_post("", token=TOKEN)
    assert client.get("/wechat/mp", params={**query, "echostr": "7385162231"}).text == "7385162231"
    forged = {**query, "signature": "0" * 40, "echostr": "1"}
    assert client.get("/wechat/mp", params=forged).status_code == 403
    stale, _ = LoopbackWeChat.signed_post("", token=TOKEN, timestamp=int(time.time()) - 3600)
    r = client.get("/wechat/mp", params={**stale, "echostr": "1"})
    assert r.status_code == 403 and r.json()["code"] == "stale_timestamp"


def test_forged_stale_malformed_oversized_and_unknown_are_refused_or_ignored_never_5xx(
    client: TestClient,
) -> None:
    xml = LoopbackWeChat.text_xml("oUser1", ME, "你好", next(_ids))
    query, body = LoopbackWeChat.signed_post(xml, token=TOKEN)
    r = client.post("/wechat/mp", params={**query, "signature": "f" * 40}, content=body)
    assert r.status_code == 403 and r.json()["code"] == "bad_signature"
    r = post(client, xml, ts=int(time.time()) - 400)  # a replayed request: validly signed, too old
    assert r.status_code == 403 and r.json()["code"] == "stale_timestamp"  # type: ignore[attr-defined]
    r = post(client, xml, ts=int(time.time()) + 400)
    assert r.status_code == 403  # type: ignore[attr-defined]
    bad_xml = [
        "<xml><MsgType>text</MsgType><FromUserName>o",  # truncated
        "not xml at all",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><xml><Content>&b;</Content></xml>',
        "<xml><Content>no type</Content></xml>",
        "<html><body>hi</body></html>",
        "<xml><ToUserName>gh</ToUserName><Encrypt>bm90IGVuY3J5cHRlZA==</Encrypt></xml>",  # an envelope sent as plain
    ]
    for payload in bad_xml:
        r = post(client, payload)
        assert r.status_code == 400, payload  # type: ignore[attr-defined]
        assert r.json()["code"] == "bad_xml"  # type: ignore[attr-defined]
    r = post(client, LoopbackWeChat.text_xml("oUser1", ME, "长" * 40_000, next(_ids)))
    assert r.status_code == 413 and r.json()["code"] == "body_too_large"  # type: ignore[attr-defined]
    image = xml.replace("<MsgType><![CDATA[text]]>", "<MsgType><![CDATA[image]]>")
    assert reply_text(post(client, image)) == official.UNSUPPORTED
    hologram = xml.replace("<MsgType><![CDATA[text]]>", "<MsgType><![CDATA[hologram]]>")
    r = post(client, hologram)
    assert r.status_code == 200 and r.text == "success"  # type: ignore[attr-defined]
    # an encrypted body whose msg_signature does not match
    query, body = LoopbackWeChat.signed_post(xml, token=TOKEN, aes_key=AES_KEY, appid=APPID)
    r = client.post("/wechat/mp", params={**query, "msg_signature": "0" * 40}, content=body)
    assert r.status_code == 403
    # encrypted with another account's key
    query, body = LoopbackWeChat.signed_post(xml, token=TOKEN, aes_key=new_aes_key(), appid=APPID)
    assert client.post("/wechat/mp", params=query, content=body).status_code in (400, 403)


def test_safe_mode_round_trips_aes_and_refuses_plaintext(
    components: Components, settings_wx: Settings, stand_in: LoopbackWeChat
) -> None:
    safe = wx_settings(settings_wx, stand_in, mode="safe")
    with TestClient(make_app(safe, components)) as client:
        event = LoopbackWeChat.event_xml("oSafe1", ME, "subscribe")
        r = post(client, event, aes=True)
        assert r.status_code == 200 and "<Encrypt>" in r.text  # type: ignore[attr-defined]
        assert reply_text(r, aes=True) == official.WELCOME
        r = post(client, LoopbackWeChat.event_xml("oSafe2", ME, "subscribe"))
        assert r.status_code == 403 and r.json()["code"] == "plaintext_refused"  # type: ignore[attr-defined]


def test_plain_and_compat_modes_and_menu_clicks(client: TestClient) -> None:
    assert reply_text(post(client, LoopbackWeChat.event_xml("oMenu", ME, "subscribe"))) == official.WELCOME
    click = LoopbackWeChat.event_xml("oMenu", ME, "CLICK", key="HELP")
    assert reply_text(post(client, click)) == official.HELP
    click = LoopbackWeChat.event_xml("oMenu", ME, "CLICK", key="BINDING", create_time=int(time.time()) + 1)
    assert "尚未绑定" in (reply_text(post(client, click, aes=True), aes=True) or "")
    assert reply_text(post(client, LoopbackWeChat.event_xml("oMenu", ME, "unsubscribe"))) is None


# --- binding ----------------------------------------------------------------------------------------------


def test_staff_bind_with_a_one_time_code(client: TestClient, settings_wx: Settings) -> None:
    _, headers = staff(settings_wx, Role.officer, "李警官")
    assert client.post("/api/wechat/binding-codes").status_code == 401
    _, citizen = staff(settings_wx, Role.citizen, "张三")
    assert client.post("/api/wechat/binding-codes", headers=citizen).status_code == 403
    r = client.post("/api/wechat/binding-codes", headers=headers)
    code = r.json()["code"]
    assert len(code) == 8 and code in r.json()["instructions"]
    reply = reply_text(post(client, LoopbackWeChat.text_xml("oOfficer1", ME, f"绑定 {code}", next(_ids))))
    assert reply == "绑定成功：李警官。现在可以在微信中查询案件、接收告警。"
    again = reply_text(post(client, LoopbackWeChat.text_xml("oThief", ME, f"绑定 {code}", next(_ids))))
    assert again is not None and "绑定码无效" in again  # one time only
    assert client.get("/api/wechat/binding", headers=headers).json()["bound"] is True
    for i in range(5):  # guessing is throttled per openid
        post(client, LoopbackWeChat.text_xml("oGuesser", ME, f"绑定 {10_000_000 + i}", next(_ids)))
    locked = reply_text(post(client, LoopbackWeChat.text_xml("oGuesser", ME, f"绑定 {code}", next(_ids))))
    assert locked is not None and "尝试次数过多" in locked
    assert (
        reply_text(post(client, LoopbackWeChat.text_xml("oOfficer1", ME, "解绑", next(_ids))))
        == "已解除绑定。"
    )
    assert client.get("/api/wechat/binding", headers=headers).json()["bound"] is False


# --- answers: inline, pushed, retries ---------------------------------------------------------------------


def test_msgid_retries_give_exactly_one_answer_and_one_job(client: TestClient, settings_wx: Settings) -> None:
    _, headers = staff(settings_wx, Role.officer, "王队员")
    assert bind(client, headers, "oRetry") is not None
    msg_id = next(_ids)
    xml = LoopbackWeChat.text_xml("oRetry", ME, SITUATION, msg_id)
    account: official.OfficialAccount = client.app.state.wechat  # type: ignore[attr-defined]
    jobs = account.jobs
    with ThreadPoolExecutor(
        3
    ) as pool:  # WeChat's three tries arriving while the first is still being answered
        replies = list(pool.map(lambda _: reply_text(post(client, xml)), range(3)))
    replies.append(reply_text(post(client, xml)))  # and one more after it
    row = wait_status(settings_wx, msg_id)
    answered_inline = [r for r in replies if r is not None and r != official.ACK]
    acks = [r for r in replies if r == official.ACK]
    pushed = stand_in_texts(client, "oRetry")
    assert account.jobs == jobs + 1
    assert len(answered_inline) + len(acks) == 1, replies
    assert (row.status == InboundStatus.inline) == bool(answered_inline)
    answer = answered_inline[0] if answered_inline else "".join(pushed)
    assert "占道经营" in answer or "违法行为" in answer, answer
    assert len(pushed) == (0 if answered_inline else row.parts)


def stand_in_texts(client: TestClient, openid: str) -> list[str]:
    base = client.app.state.settings.wechat.api_base_url  # type: ignore[attr-defined]
    server = _servers.get(base)
    assert server is not None
    return server.texts(openid)


_servers: dict[str, LoopbackWeChat] = {}


@pytest.fixture(autouse=True)
def _register(stand_in: LoopbackWeChat) -> Iterator[None]:
    _servers[stand_in.base_url] = stand_in
    yield
    _servers.pop(stand_in.base_url, None)


def test_slow_answer_is_acknowledged_then_pushed_and_a_retry_after_a_restart_is_not_answered_again(
    components: Components, settings_wx: Settings, stand_in: LoopbackWeChat
) -> None:
    slow = wx_settings(settings_wx, stand_in, inline_seconds=0.05)  # nothing is ready this soon: push
    msg_id = next(_ids)
    xml = LoopbackWeChat.text_xml("oPush", ME, SITUATION, msg_id)
    with TestClient(make_app(slow, components)) as client:
        _, headers = staff(slow, Role.officer, "赵队员")
        bind(client, headers, "oPush")
        t0 = time.perf_counter()
        r = post(client, xml)
        assert reply_text(r) == official.ACK and time.perf_counter() - t0 < 4.5
        row = wait_status(slow, msg_id)
    assert row.status == InboundStatus.pushed and row.parts >= 1
    texts = stand_in.texts("oPush")
    assert len(texts) == row.parts and all(len(t.encode()) <= 2048 for t in texts)
    assert "违法行为" in "".join(texts) or "占道" in "".join(texts)
    with TestClient(make_app(slow, components)) as restarted:  # a new process: the dedupe is in the database
        assert reply_text(post(restarted, xml)) is None
        assert restarted.app.state.wechat.jobs == 0  # type: ignore[attr-defined]
    time.sleep(0.5)
    assert stand_in.texts("oPush") == texts


def test_voice_uses_recognition_when_wechat_sends_it(client: TestClient, settings_wx: Settings) -> None:
    _, headers = staff(settings_wx, Role.officer, "孙队员")
    bind(client, headers, "oVoice")
    msg_id = next(_ids)
    reply = reply_text(
        post(client, LoopbackWeChat.voice_xml("oVoice", ME, "media-x", msg_id, recognition=SITUATION))
    )
    row = wait_status(settings_wx, msg_id)
    answer = reply if reply != official.ACK else "".join(stand_in_texts(client, "oVoice"))
    assert row.status in (InboundStatus.inline, InboundStatus.pushed)
    assert answer is not None and ("占道" in answer or "违法行为" in answer)


def test_voice_without_recognition_is_transcribed_by_the_speech_layer(
    components: Components, settings_wx: Settings, stand_in: LoopbackWeChat
) -> None:
    wav = Path(__file__).resolve().parents[2] / "speech" / "samples" / "zh_paddlespeech_zh.wav"
    stand_in.media["media-wav-1"] = wav.read_bytes()
    slow = wx_settings(settings_wx, stand_in, inline_seconds=0.05)
    msg_id = next(_ids)
    with TestClient(make_app(slow, components)) as client:
        assert (
            reply_text(post(client, LoopbackWeChat.voice_xml("oVoice2", ME, "media-wav-1", msg_id)))
            == official.ACK
        )
        row = wait_status(slow, msg_id, timeout=600)
    texts = stand_in.texts("oVoice2")
    assert row.status == InboundStatus.pushed, row.error
    assert (texts and texts[0].startswith("（语音识别：")) or texts[0].startswith("(1/")
    assert "语音识别：" in texts[0]


# --- alerts -----------------------------------------------------------------------------------------------


def test_supervision_warning_pushed_once_to_bound_recipients(
    client: TestClient, settings_wx: Settings
) -> None:
    commander, headers = staff(settings_wx, Role.commander, "钱指挥")
    other, _ = staff(settings_wx, Role.commander, "周指挥")  # subscribed but not bound: nothing to send to
    bind(client, headers, "oCommander")
    with db.session_for(settings_wx) as session:
        warning = EarlyWarning(
            grid="WZ-01", offence="占道经营", week_start=date.today() - timedelta(days=date.today().weekday()),
            count=9, baseline=2.0, threshold=6, p_value=0.001, history=[2, 1, 3, 2],
            recipients=[commander.id, other.id], message="WZ-01 网格“占道经营”本周 9 起，超过预警线 6 起。",
            created_at=utcnow(),
        )  # fmt: skip
        session.add(warning)
        session.commit()
        key = f"warning:{warning.id}"
    pusher = client.app.state.wechat_pusher  # type: ignore[attr-defined]
    first = pusher.run_once()
    second = pusher.run_once()
    texts = stand_in_texts(client, "oCommander")
    assert first.sent == 1 and second.sent == 0
    assert texts == ["【预警】WZ-01 网格“占道经营”本周 9 起，超过预警线 6 起。"]
    with db.session_for(settings_wx) as session:
        rows = notify.log_for(session, event_key=key)
        assert [(r.openid, r.status, r.channel) for r in rows] == [("oCommander", "sent", "custom")]
        assert session.exec(select(Notification)).all() == rows


def test_answer_parts_fit_wechat_limits() -> None:
    long = "\n".join(f"第{i}条 " + "城市管理执法规定内容" * 30 for i in range(60))
    parts = answers.split(long, more_url="http://zhifa.example")
    assert 1 < len(parts) <= answers.MAX_PARTS
    assert all(len(p.encode("utf-8")) <= 2048 for p in parts)
    assert parts[0].startswith("(1/5)") and "工作台查看：http://zhifa.example" in parts[-1]
    assert answers.split("短答复") == ["短答复"]
    one_line = "字" * 3000  # no line break at all
    assert all(len(p.encode()) <= 2048 for p in answers.split(one_line))


def test_offduty_alert_from_the_evaluator_reaches_each_bound_commander_once(
    client: TestClient, settings_wx: Settings
) -> None:
    from case_api.duty import service as duty_service
    from case_api.roster.models import Grid, Officer, Shift

    _, first = staff(settings_wx, Role.commander, "吴指挥")
    _, second = staff(settings_wx, Role.commander, "郑指挥")
    _, legal = staff(settings_wx, Role.legal, "冯法制")  # bound, but not a commander: no duty alerts
    for headers, openid in ((first, "oCmdA"), (second, "oCmdB"), (legal, "oLegalA")):
        bind(client, headers, openid)
    now = utcnow()
    with db.session_for(settings_wx) as session:
        grid = Grid(name="五桥片区", code="WQ-01", geojson="{}", center_lat=30.8, center_lon=108.4)
        officer = Officer(name="陈队员", badge_no="50019999")
        session.add(grid)
        session.add(officer)
        session.flush()
        assert grid.id is not None and officer.id is not None
        session.add(Shift(officer_id=officer.id, grid_id=grid.id, starts_at=now - timedelta(hours=1),
                          ends_at=now + timedelta(hours=3)))  # fmt: skip
        session.commit()
        result = duty_service.tick(session, now=now)  # no check-in, no position for an hour
        session.commit()
    assert any(a.kind == "no_position" for a in result.raised)
    pusher = client.app.state.wechat_pusher  # type: ignore[attr-defined]
    rounds = [pusher.run_once() for _ in range(3)]
    expected = len(result.raised) * 2
    assert [r.sent for r in rounds] == [expected, 0, 0]
    for openid in ("oCmdA", "oCmdB"):
        texts = stand_in_texts(client, openid)
        assert len(texts) == len(result.raised) and all("陈队员" in t for t in texts), texts
    assert stand_in_texts(client, "oLegalA") == []


def answer_of(client: TestClient, settings: Settings, openid: str, text: str) -> str:
    msg_id = next(_ids)
    before = len(stand_in_texts(client, openid))
    reply = reply_text(post(client, LoopbackWeChat.text_xml(openid, ME, text, msg_id)))
    row = wait_status(settings, msg_id)
    if row.status == InboundStatus.inline:
        return str(reply)
    return "".join(stand_in_texts(client, openid)[before:])


def test_a_bound_officers_wechat_chat_is_one_conversation_with_follow_ups(
    client: TestClient, settings_wx: Settings
) -> None:
    from case_api.wechat import service as wx_service
    from case_api.wechat.models import App

    _, headers = staff(settings_wx, Role.officer, "韩队员")
    bind(client, headers, "oThread")
    first = answer_of(client, settings_wx, "oThread", SITUATION)
    with db.session_for(settings_wx) as session:
        identity = wx_service.identity_for(session, app=App.official, openid="oThread")
        assert identity is not None and identity.conversation_id
        thread = identity.conversation_id
    follow_up = answer_of(client, settings_wx, "oThread", "那如果是单位呢")
    with db.session_for(settings_wx) as session:
        identity = wx_service.identity_for(session, app=App.official, openid="oThread")
        assert identity is not None and identity.conversation_id == thread  # the same thread continued
    assert "违法行为" in first and "违法行为" in follow_up, (
        follow_up
    )  # the offence again, now for an organisation
    assert first != follow_up


def test_unbound_user_gets_a_grounded_legal_answer_from_the_bundled_model_exactly_once(
    client: TestClient, settings_wx: Settings
) -> None:
    msg_id = next(_ids)
    xml = LoopbackWeChat.text_xml("oPublic", ME, "占道经营首次违法怎么处罚？", msg_id)
    t0 = time.perf_counter()
    first = reply_text(post(client, xml))
    assert time.perf_counter() - t0 < 4.5 and first is not None
    assert reply_text(post(client, xml)) is None  # WeChat's retry while the model works
    row = wait_status(settings_wx, msg_id, timeout=900)
    answer = first if row.status == InboundStatus.inline else "".join(stand_in_texts(client, "oPublic"))
    assert row.status in (InboundStatus.inline, InboundStatus.pushed), row.error
    assert "依据：\n《" in answer or "知识库中没有可依据的规定" in answer, (
        answer
    )  # quoted provisions, or a refusal
    assert all(len(t.encode()) <= 2048 for t in stand_in_texts(client, "oPublic"))


def test_alerts_go_as_template_messages_when_a_template_is_configured(
    components: Components, settings_wx: Settings, stand_in: LoopbackWeChat
) -> None:
    templated = wx_settings(settings_wx, stand_in, alert_template_id="tpl-alert-0001")
    with TestClient(make_app(templated, components)) as client:
        commander, headers = staff(templated, Role.commander, "蒋指挥")
        bind(client, headers, "oTpl")
        with db.session_for(templated) as session:
            session.add(EarlyWarning(
                grid="WZ-02", offence="出店经营", week_start=date.today(), count=7, baseline=1.5, threshold=5,
                p_value=0.002, history=[1, 2], recipients=[commander.id], message="WZ-02 网格“出店经营”本周 7 起。",
            ))  # fmt: skip
            session.commit()
        assert client.app.state.wechat_pusher.run_once().sent == 1  # type: ignore[attr-defined]
        assert client.app.state.wechat_pusher.run_once().sent == 0  # type: ignore[attr-defined]
    sent = stand_in.of("/message/template/send")
    assert (
        len(sent) == 1
        and sent[0].body["template_id"] == "tpl-alert-0001"
        and sent[0].body["touser"] == "oTpl"
    )
    assert sent[0].body["data"]["grid"]["value"] == "WZ-02"


def test_odd_but_well_formed_messages_never_make_a_5xx(client: TestClient) -> None:
    good = LoopbackWeChat.text_xml("oOdd", ME, "你好", 1)
    variants = [
        good.replace("<MsgId>1</MsgId>", "<MsgId>" + "9" * 200 + "</MsgId>"),
        good.replace("<MsgId>1</MsgId>", "<MsgId><a>1</a></MsgId>"),
        good.replace("<CreateTime>", "<CreateTime>x").replace("<MsgId>1</MsgId>", "<MsgId>2</MsgId>"),
        good.replace("<Content><![CDATA[你好]]></Content>", "<Content><b>嵌套</b></Content>").replace(
            ">1<", ">3<"
        ),
        good.replace("<Content><![CDATA[你好]]></Content>", "").replace(">1<", ">4<"),
        good.replace("oOdd", "o" * 500).replace(">1<", ">5<"),
        LoopbackWeChat.event_xml("oOdd", ME, "CLICK"),  # a click without a key
        LoopbackWeChat.event_xml("oOdd", ME, "LOCATION", create_time=1),
        "<xml><MsgType>event</MsgType><FromUserName>oOdd</FromUserName></xml>",
        "<xml><MsgType>voice</MsgType><FromUserName>oOdd</FromUserName><MsgId>6</MsgId></xml>",
        "<xml><MsgType>text</MsgType><FromUserName>oOdd</FromUserName><Content>绑定</Content><MsgId>7</MsgId></xml>",
        "<xml><MsgType>text</MsgType><FromUserName>oOdd</FromUserName><Content>绑定 abc</Content><MsgId>8</MsgId></xml>",
    ]
    for xml in variants:
        for aes in (False, True):
            r = post(client, xml, aes=aes)
            assert r.status_code < 500, (xml, r.status_code, r.text)  # type: ignore[attr-defined]
