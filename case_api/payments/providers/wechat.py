"""WeChat Pay (API v2) for real deployments, through wechatpy's ``WeChatPay`` client."""

from __future__ import annotations

from typing import Any

from wechatpy.pay import WeChatPay

from case_api.payments.providers import wire
from case_api.payments.providers.base import Ack, NoticeRejected, PaymentNotice, PaymentProvider, Prepay


class WeChatPayProvider(PaymentProvider):
    name = "wechat"

    def __init__(
        self,
        *,
        appid: str,
        mch_id: str,
        api_key: str,
        sign_type: str = "MD5",
        client: Any = None,
        **cert: str,
    ) -> None:
        if not (appid and mch_id and api_key):
            raise ValueError("微信支付未配置：请设置 ZHIFA_PAY__WECHAT_APPID / _MCH_ID / _API_KEY")
        self.appid, self.mch_id, self.api_key, self.sign_type = appid, mch_id, api_key, sign_type
        self.client = client or WeChatPay(
            appid=appid,
            api_key=api_key,
            mch_id=mch_id,
            mch_cert=cert.get("mch_cert") or None,
            mch_key=cert.get("mch_key") or None,
            timeout=10,
        )

    def prepay(self, *, out_trade_no: str, amount_fen: int, description: str, notify_url: str) -> Prepay:
        result = self.client.order.create(
            trade_type="NATIVE",
            body=description[:120],
            total_fee=amount_fen,
            notify_url=notify_url,
            out_trade_no=out_trade_no,
            product_id=out_trade_no,
            sign_type=self.sign_type,
        )
        return Prepay(
            self.name,
            out_trade_no,
            amount_fen,
            str(result.get("code_url", "")),
            {"prepay_id": str(result.get("prepay_id", ""))},
        )

    def parse_notice(self, body: bytes) -> PaymentNotice:
        fields = wire.parse_xml(body)
        wire.verify(fields, self.api_key)
        if fields.get("appid") != self.appid or fields.get("mch_id") != self.mch_id:
            raise NoticeRejected("通知的公众号或商户号与本局配置不符", code="wrong_merchant")
        return wire.to_notice(self.name, fields)

    def ack(self, ok: bool, message: str = "OK") -> Ack:
        return wire.ack(ok, message)
