"""wechatpy clients for the official account and the mini-program, pointed at a configurable API root
(``ZHIFA_WECHAT__API_BASE_URL``: WeChat's servers in production, the loopback stand-in in tests)."""

from __future__ import annotations

from typing import Any

from wechatpy import WeChatClient

from core.settings import WeChatSettings

TIMEOUT_S = 10


class Client(WeChatClient):
    """``WeChatClient`` whose every endpoint (cgi-bin, wxa, sns, the access token) lives under ``base_url``."""

    def __init__(self, appid: str, secret: str, *, base_url: str, timeout: float = TIMEOUT_S) -> None:
        super().__init__(appid, secret, timeout=timeout)
        self.base_url = base_url.rstrip("/")
        self.API_BASE_URL = f"{self.base_url}/cgi-bin/"
        self.wxa.API_BASE_URL = f"{self.base_url}/"

    def fetch_access_token(self) -> Any:
        return self._fetch_access_token(
            url=f"{self.base_url}/cgi-bin/token",
            params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
        )


def official(cfg: WeChatSettings) -> Client:
    return Client(cfg.app_id, cfg.secret, base_url=cfg.api_base_url)


def mini(cfg: WeChatSettings) -> Client:
    return Client(cfg.mini_app_id, cfg.mini_secret, base_url=cfg.api_base_url)
