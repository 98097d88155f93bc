"""Paying a fine from the mini-program: the case's fine order (码上付, created once per decision), the channel's
prepay, and the JSAPI parameters ``wx.requestPayment`` takes (WeChat Pay v2: appId, timeStamp, nonceStr,
``package=prepay_id=…``, signType, paySign signed with the merchant key). The notice that follows is the one the
码上付 page's payments produce: verified and recorded by ``case_api.payments.flows``, never twice.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from sqlmodel import Session

from case_api.cases.models import Case
from case_api.errors import Conflict, ValidationFailed
from case_api.payments import caselink, providers
from case_api.payments import service as payment_service
from case_api.payments.config import loopback_key, pay_settings
from case_api.payments.models import OrderStatus
from case_api.payments.providers import wire
from case_api.sqltypes import utcnow
from core.settings import Settings


def jsapi(
    session: Session, *, settings: Settings, case: Case, openid: str, actor_id: int | None
) -> dict[str, Any]:
    """The order and the parameters for ``wx.requestPayment``; commits the order when it is new."""
    assert case.id is not None
    order = payment_service.create_order(
        session, settings=settings, case_id=case.id, provider=None, actor_id=actor_id
    )
    session.commit()
    if order.status == OrderStatus.paid:
        raise Conflict("该罚款已缴纳，可查看缴款凭证。", code="already_paid")
    today = caselink.local_date(utcnow(), settings.timezone)
    due = payment_service.amount_due(order, today)
    try:
        channel = providers.get(order.provider, settings)
    except (KeyError, ValueError) as exc:
        raise ValidationFailed(f"支付渠道“{order.provider}”不可用。", code="provider_unavailable") from exc
    notify_url = f"{settings.base_url.rstrip('/')}/api/payments/notify/{order.provider}"
    description = f"{settings.bureau_name} 罚款 {order.case_no}"
    if order.provider == "wechat":
        params = _wechat(channel, order.code, due.total_fen, description, notify_url, openid)
    else:
        prepay = channel.prepay(
            out_trade_no=order.code, amount_fen=due.total_fen, description=description, notify_url=notify_url
        )
        prepay_id = prepay.extra.get("prepay_id") or f"wxloop{order.code}"
        params = _signed(settings.wechat.mini_app_id or "wxloopback000000", prepay_id, loopback_key(settings))
    public = payment_service.to_public(session, settings=settings, order=order, on=today)
    return {"order": public.model_dump(mode="json"), "amount_fen": due.total_fen, "jsapi": params}


def _signed(app_id: str, prepay_id: str, key: str, sign_type: str = "MD5") -> dict[str, str]:
    params = {
        "appId": app_id,
        "timeStamp": str(int(time.time())),
        "nonceStr": secrets.token_hex(16),
        "package": f"prepay_id={prepay_id}",
        "signType": sign_type,
    }
    params["paySign"] = wire.sign(params, key, sign_type)
    return params


def _wechat(
    channel: providers.PaymentProvider, code: str, total: int, description: str, notify_url: str, openid: str
) -> dict[str, str]:
    client: Any = getattr(channel, "client", None)
    if client is None:  # pragma: no cover - the wechat provider always has its client
        raise ValidationFailed("微信支付未配置。", code="provider_unavailable")
    result = client.order.create(
        trade_type="JSAPI", body=description[:120], total_fee=total, notify_url=notify_url,
        out_trade_no=code, user_id=openid,
    )  # fmt: skip
    return dict(client.jsapi.get_jsapi_params(str(result.get("prepay_id", ""))))


def sign_key(settings: Settings, provider: str) -> str:
    """The key paySign is made with (tests verify the signature as the mini-program's WeChat would)."""
    return loopback_key(settings) if provider == "loopback" else pay_settings(settings).wechat_api_key
