"""A loopback WeChat Pay simulator for development and tests.

It speaks WeChat Pay v2's real wire format — signed XML notices, XML acks — keyed with a key derived from the
server's secret, so the notify endpoint runs exactly the verification a real notice gets.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from case_api.payments.providers import wire
from case_api.payments.providers.base import Ack, NoticeRejected, PaymentNotice, PaymentProvider, Prepay

APPID = "wxloopback000000"
MCH_ID = "1900000109"


class LoopbackProvider(PaymentProvider):
    name = "loopback"

    def __init__(self, *, api_key: str, sign_type: str = "MD5") -> None:
        self.api_key, self.sign_type = api_key, sign_type

    def prepay(self, *, out_trade_no: str, amount_fen: int, description: str, notify_url: str) -> Prepay:
        return Prepay(self.name, out_trade_no, amount_fen, f"weixin://wxpay/bizpayurl?pr=loop{out_trade_no}")

    def notice_xml(
        self,
        *,
        out_trade_no: str,
        total_fen: int,
        paid_at: datetime,
        transaction_id: str | None = None,
        openid: str = "oLoopbackCitizen0000000000000",
    ) -> str:
        """A payment-success notice as WeChat Pay's servers would post it."""
        params: dict[str, str | int] = {
            "appid": APPID,
            "mch_id": MCH_ID,
            "nonce_str": secrets.token_hex(16),
            "result_code": "SUCCESS",
            "return_code": "SUCCESS",
            "openid": openid,
            "is_subscribe": "N",
            "trade_type": "NATIVE",
            "bank_type": "OTHERS",
            "total_fee": total_fen,
            "cash_fee": total_fen,
            "fee_type": "CNY",
            "transaction_id": transaction_id or "4200" + secrets.token_hex(12),
            "out_trade_no": out_trade_no,
            "time_end": paid_at.astimezone(wire.WECHAT_TZ).strftime("%Y%m%d%H%M%S"),
        }
        if self.sign_type != "MD5":
            params["sign_type"] = self.sign_type
        return wire.to_xml(params, self.api_key, self.sign_type)

    def parse_notice(self, body: bytes) -> PaymentNotice:
        fields = wire.parse_xml(body)
        wire.verify(fields, self.api_key)
        if fields.get("mch_id") != MCH_ID:
            raise NoticeRejected("商户号不符", code="wrong_merchant")
        return wire.to_notice(self.name, fields)

    def ack(self, ok: bool, message: str = "OK") -> Ack:
        return wire.ack(ok, message)
