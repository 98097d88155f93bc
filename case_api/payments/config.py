"""Payment settings helpers; the settings themselves are ``core.settings.PaySettings`` (``ZHIFA_PAY__*``)."""

from __future__ import annotations

import hashlib

from core.settings import PaySettings, Settings


def pay_settings(settings: Settings) -> PaySettings:
    return settings.pay


def loopback_key(settings: Settings) -> str:
    """The simulator's API key: derived from the secret key, so notices cannot be forged from outside."""
    return hashlib.sha256(f"zhifa-loopback-pay:{settings.secret_key}".encode()).hexdigest()[:32]


def pay_url(settings: Settings, code: str) -> str:
    return settings.base_url.rstrip("/") + pay_settings(settings).page_path.format(code=code)
