"""Payment providers behind one registry; the built-ins register exactly as an outside provider would::

from case_api.payments import providers

@providers.register("unionpay")
def _unionpay(settings: Settings) -> PaymentProvider: ...
"""

from __future__ import annotations

from collections.abc import Callable

from case_api.payments.config import loopback_key, pay_settings
from case_api.payments.providers.base import Ack, NoticeRejected, PaymentNotice, PaymentProvider, Prepay
from core.settings import Settings

Factory = Callable[[Settings], PaymentProvider]
_FACTORIES: dict[str, Factory] = {}

__all__ = ["Ack", "NoticeRejected", "PaymentNotice", "PaymentProvider", "Prepay", "get", "names", "register"]


def register(name: str) -> Callable[[Factory], Factory]:
    def deco(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    return deco


def names() -> list[str]:
    return sorted(_FACTORIES)


def get(name: str, settings: Settings) -> PaymentProvider:
    """The provider registered as ``name``; ``KeyError`` when none is."""
    if name not in _FACTORIES:
        raise KeyError(name)
    return _FACTORIES[name](settings)


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
