"""Payment settings. They belong in the one ``Settings`` object as ``settings.pay`` (``ZHIFA_PAY__*``); until
core/settings.py carries that group, :func:`pay_settings` falls back to the defaults below."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel

from core.settings import Settings


class PaySettings(BaseModel):
    provider: str = "loopback"  # registry name: loopback (development simulator) | wechat
    page_path: str = "/pay/{code}"  # citizen payment page, joined to settings.base_url for the QR link
    wechat_appid: str = ""
    wechat_mch_id: str = ""
    wechat_api_key: str = ""  # 商户 API v2 密钥 (32 chars)
    wechat_sign_type: str = "MD5"  # or HMAC-SHA256
    wechat_notify_url: str = ""  # default: base_url + /api/payments/notify/wechat
    wechat_mch_cert: str = ""
    wechat_mch_key: str = ""


def pay_settings(settings: Settings) -> PaySettings:
    found = getattr(settings, "pay", None)
    return found if isinstance(found, PaySettings) else PaySettings.model_validate(found or {})


def loopback_key(settings: Settings) -> str:
    """The simulator's API key: derived from the secret key, so notices cannot be forged from outside."""
    return hashlib.sha256(f"zhifa-loopback-pay:{settings.secret_key}".encode()).hexdigest()[:32]


def pay_url(settings: Settings, code: str) -> str:
    return settings.base_url.rstrip("/") + pay_settings(settings).page_path.format(code=code)
