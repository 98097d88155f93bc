"""WeChat Pay v2 wire format: the published signing example, notices, acks and rejections."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from case_api.payments import providers
from case_api.payments.providers import wire
from case_api.payments.providers.loopback import LoopbackProvider
from case_api.payments.providers.wechat import WeChatPayProvider
from core.settings import Settings

# 微信支付 API v2《安全规范》签名示例
EXAMPLE = {
    "appid": "wxd930ea5d5a258f4f",
    "mch_id": "10000100",
    "device_info": "1000",
    "body": "test",
    "nonce_str": "ibuaiVcKdpRxkhJA",
}
EXAMPLE_KEY = "192006250b4c09247ec02edce69f6a2d"
PAID = datetime(2025, 6, 1, 2, 3, 4, tzinfo=UTC)


def test_signatures_match_the_published_example() -> None:
    assert wire.sign(EXAMPLE, EXAMPLE_KEY) == "9A0A8659F005D6984697E2CA0A9CF3B7"
    assert wire.sign(EXAMPLE, EXAMPLE_KEY, "HMAC-SHA256") == (
        "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
    )


@pytest.mark.parametrize("sign_type", ["MD5", "HMAC-SHA256"])
def test_loopback_notice_round_trips(sign_type: str) -> None:
    sim = LoopbackProvider(api_key="k" * 32, sign_type=sign_type)
    xml = sim.notice_xml(out_trade_no="ZF1", total_fen=20600, paid_at=PAID, transaction_id="4200T1")
    notice = sim.parse_notice(xml.encode())
    assert (notice.out_trade_no, notice.transaction_id, notice.total_fen, notice.success) == (
        "ZF1",
        "4200T1",
        20600,
        True,
    )
    assert notice.paid_at == PAID  # time_end is Beijing time on the wire, converted back exactly


def test_tampered_amount_wrong_key_and_junk_are_rejected() -> None:
    sim = LoopbackProvider(api_key="k" * 32)
    xml = sim.notice_xml(out_trade_no="ZF1", total_fen=20600, paid_at=PAID)
    with pytest.raises(providers.NoticeRejected, match="签名"):
        sim.parse_notice(xml.replace("<total_fee>20600", "<total_fee>1").encode())
    with pytest.raises(providers.NoticeRejected, match="签名"):
        LoopbackProvider(api_key="x" * 32).parse_notice(xml.encode())
    for junk in (
        b"",
        b"<xml>",
        b"{}",
        b"<xml><a><b>1</b></a></xml>",
        b"<!DOCTYPE x [<!ENTITY e 'x'>]><xml>&e;</xml>",
    ):
        with pytest.raises(providers.NoticeRejected):
            sim.parse_notice(junk)
    with pytest.raises(providers.NoticeRejected, match="过大"):
        sim.parse_notice(b"<xml>" + b" " * wire.MAX_NOTICE_BYTES + b"</xml>")


def test_wechat_provider_verifies_merchant_with_wechatpy_client() -> None:
    provider = WeChatPayProvider(appid="wxd930ea5d5a258f4f", mch_id="10000100", api_key=EXAMPLE_KEY)
    params = {
        "appid": "wxd930ea5d5a258f4f",
        "mch_id": "10000100",
        "nonce_str": "n",
        "return_code": "SUCCESS",
        "result_code": "SUCCESS",
        "total_fee": 5000,
        "transaction_id": "4200X",
        "out_trade_no": "ZF2",
        "time_end": "20250601100304",
    }
    notice = provider.parse_notice(wire.to_xml(params, EXAMPLE_KEY).encode())
    assert notice.total_fen == 5000 and notice.paid_at == PAID.replace(hour=2, minute=3, second=4)
    # wechatpy's own verifier agrees with ours on an MD5 notice
    assert provider.client.parse_payment_result(wire.to_xml(params, EXAMPLE_KEY))["total_fee"] == 5000
    other = {**params, "mch_id": "999"}
    with pytest.raises(providers.NoticeRejected, match="商户"):
        provider.parse_notice(wire.to_xml(other, EXAMPLE_KEY).encode())


def test_ack_is_wechat_xml() -> None:
    ack = wire.ack(False, "bad ]]> thing")
    assert ack.media_type == "application/xml" and "<return_code><![CDATA[FAIL]]></return_code>" in ack.body
    assert wire.parse_xml(ack.body.encode())["return_msg"] == "bad ]]> thing"


def test_registry_has_builtins_and_refuses_loopback_in_production() -> None:
    assert {"loopback", "wechat"} <= set(providers.names())
    assert isinstance(providers.get("loopback", Settings(environment="development")), LoopbackProvider)
    prod = Settings(environment="production", secret_key="s" * 40)
    with pytest.raises(KeyError):
        providers.get("loopback", prod)
    with pytest.raises(ValueError, match="未配置"):
        providers.get("wechat", prod)
    with pytest.raises(KeyError):
        providers.get("nope", prod)
