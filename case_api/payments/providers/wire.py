"""WeChat Pay v2 (XML) wire format, signed and verified with wechatpy's own helpers.

Signing (微信支付 API v2 安全规范): sort the non-empty parameters by name, join ``k=v`` with ``&``, append
``&key=<API key>``, then MD5 (default) or HMAC-SHA256 keyed with the API key; upper-case hex.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any
from xml.parsers.expat import ExpatError
from zoneinfo import ZoneInfo

import xmltodict
from wechatpy.pay.utils import calculate_signature, calculate_signature_hmac, dict_to_xml

from case_api.payments.providers.base import Ack, NoticeRejected, PaymentNotice

SIGN_TYPES = ("MD5", "HMAC-SHA256")
WECHAT_TZ = ZoneInfo("Asia/Shanghai")  # time_end is Beijing time, yyyyMMddHHmmss
MAX_NOTICE_BYTES = 64 * 1024


def sign(params: dict[str, Any], api_key: str, sign_type: str = "MD5") -> str:
    unsigned = {k: v for k, v in params.items() if k != "sign"}
    if sign_type == "HMAC-SHA256":
        return str(calculate_signature_hmac(unsigned, api_key))
    if sign_type == "MD5":
        return str(calculate_signature(unsigned, api_key))
    raise NoticeRejected(f"不支持的签名类型 {sign_type}", code="bad_sign_type")


def to_xml(params: dict[str, Any], api_key: str, sign_type: str = "MD5") -> str:
    """Signed XML exactly as WeChat Pay sends it."""
    return str(dict_to_xml(params, sign(params, api_key, sign_type)))


def parse_xml(body: bytes) -> dict[str, str]:
    if len(body) > MAX_NOTICE_BYTES:
        raise NoticeRejected("通知过大", code="too_large")
    try:
        doc = xmltodict.parse(body, disable_entities=True)
    except (ExpatError, ValueError, xmltodict.ParsingInterrupted) as exc:
        raise NoticeRejected("XML 无法解析", code="bad_xml") from exc
    root = doc.get("xml") if isinstance(doc, dict) else None
    if not isinstance(root, dict) or not all(isinstance(v, str | None) for v in root.values()):
        raise NoticeRejected("不是微信支付通知格式", code="bad_xml")
    return {k: v or "" for k, v in root.items()}


def verify(fields: dict[str, str], api_key: str) -> None:
    given = fields.get("sign", "")
    expected = sign(fields, api_key, fields.get("sign_type") or "MD5")
    if not given or not hmac.compare_digest(given.upper(), expected):
        raise NoticeRejected("签名校验失败", code="bad_signature")


def to_notice(provider: str, fields: dict[str, str]) -> PaymentNotice:
    try:
        total = int(fields["total_fee"])
        paid_at = datetime.strptime(fields["time_end"], "%Y%m%d%H%M%S").replace(tzinfo=WECHAT_TZ)
        out_trade_no, transaction_id = fields["out_trade_no"], fields["transaction_id"]
    except (KeyError, ValueError) as exc:
        raise NoticeRejected("通知缺少必要字段或格式错误", code="bad_fields") from exc
    if not out_trade_no or not transaction_id or total < 0:
        raise NoticeRejected("通知缺少订单号或交易号", code="bad_fields")
    success = fields.get("return_code") == "SUCCESS" and fields.get("result_code") == "SUCCESS"
    return PaymentNotice(provider, out_trade_no, transaction_id, total, paid_at, success, fields)


def ack(ok: bool, message: str) -> Ack:
    code = "SUCCESS" if ok else "FAIL"
    body = f"<xml><return_code><![CDATA[{code}]]></return_code><return_msg><![CDATA[{_cdata(message)}]]></return_msg></xml>"
    return Ack(body=body, media_type="application/xml")


def _cdata(text: str) -> str:
    return text.replace("]]>", "]]]]><![CDATA[>")
