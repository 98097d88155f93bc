"""Payment providers on the product's one registry type (``core.registry.Registry``); the built-ins register exactly
as an outside provider would (a plugin module named in ``ZHIFA_PLUGINS``)::

from case_api.payments import providers

@providers.register("unionpay")
def _unionpay(settings: Settings) -> PaymentProvider: ...
"""

from __future__ import annotations

from case_api.payments.config import loopback_key, pay_settings
from case_api.payments.providers.base import Ack, NoticeRejected, PaymentNotice, PaymentProvider, Prepay
from core.registry import Registry
from core.settings import Settings

PAYMENT_PROVIDERS: Registry[PaymentProvider] = Registry("支付")
register = PAYMENT_PROVIDERS.register

__all__ = [
    "PAYMENT_PROVIDERS",
    "Ack",
    "NoticeRejected",
    "PaymentNotice",
    "PaymentProvider",
    "Prepay",
    "get",
    "names",
    "register",
]


def names() -> list[str]:
    return PAYMENT_PROVIDERS.names()


def get(name: str, settings: Settings) -> PaymentProvider:
    """The provider registered as ``name``; ``KeyError`` when none is (or it refuses these settings)."""
    if name not in PAYMENT_PROVIDERS.names():
        raise KeyError(name)
    return PAYMENT_PROVIDERS.create(name, settings)


@register("loopback")
def _loopback(settings: Settings) -> PaymentProvider:
    if settings.environment == "production":
        raise KeyError("loopback")  # the simulator never takes money in production
    from case_api.payments.providers.loopback import LoopbackProvider

    return LoopbackProvider(api_key=loopback_key(settings))


@register("wechat")
def _wechat(settings: Settings) -> PaymentProvider:
    from case_api.payments.providers.wechat import WeChatPayProvider

    cfg = pay_settings(settings)
    return WeChatPayProvider(
        appid=cfg.wechat_appid,
        mch_id=cfg.wechat_mch_id,
        api_key=cfg.wechat_api_key,
        sign_type=cfg.wechat_sign_type,
        mch_cert=cfg.wechat_mch_cert,
        mch_key=cfg.wechat_mch_key,
    )
