"""Notifications through WeChat: supervision alerts (脱岗, 预警) to bound commanders and subscribers on the official
account (template message when ``alert_template_id`` is set, else a customer-service text), and the citizen's
decision / payment-due notices as mini-program subscribe messages.

What to send comes from ``case_api.wechat.notify``; each notification is logged (unique per event and recipient)
before it is sent, so a second scan, a second worker or a restart never sends it again. A send that fails is
logged ``failed`` with WeChat's error and not retried into a duplicate. The loop runs every ``push_interval_s``
in a daemon thread of the server; a failed round is logged and the next one runs as planned.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from case_api.db import Database
from case_api.wechat import notify
from case_api.wechat.models import App
from channels.wechat.client import Client
from core.settings import Settings

log = logging.getLogger("zhifa.wechat.push")


@dataclass
class RoundResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


@dataclass
class Pusher:
    settings: Settings
    database: Database  # the server's (its components')
    official: Client
    mini: Client
    thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)

    def run_once(self) -> RoundResult:
        result = RoundResult()
        cfg = self.settings.wechat
        with self.database.session() as session:
            pending: list[notify.Pending] = []
            if cfg.app_id:
                pending += notify.pending_alerts(session)
            if cfg.mini_app_id:
                pending += notify.pending_citizen(session)
            for item in pending:
                channel = self._channel(item)
                row = notify.start(session, item, channel=channel)
                if row is None:
                    result.skipped += 1
                    continue
                try:
                    self._send(item, channel)
                except Exception as exc:  # WeChat refused or could not be reached: logged, not resent
                    log.warning("微信通知发送失败 %s：%s", item.event_key, exc)
                    notify.finish(session, row, error=str(exc) or type(exc).__name__)
                    result.failed += 1
                    continue
                notify.finish(session, row)
                result.sent += 1
        return result

    def _channel(self, item: notify.Pending) -> str:
        if item.app == App.mini:
            return "subscribe"
        return "template" if self.settings.wechat.alert_template_id else "custom"

    def _send(self, item: notify.Pending, channel: str) -> None:
        cfg = self.settings.wechat
        if channel == "subscribe":
            template = cfg.decision_template_id if item.kind == "decision" else cfg.payment_template_id
            if not template:
                raise RuntimeError(
                    "未配置小程序订阅消息模板（ZHIFA_WECHAT__DECISION_TEMPLATE_ID / PAYMENT_TEMPLATE_ID）"
                )
            data = {k: {"value": v[:20]} for k, v in item.data.items()}
            self.mini.wxa.send_subscribe_message(item.openid, template, data, page=item.page)
        elif channel == "template":
            data = {"first": {"value": item.text}, **{k: {"value": v} for k, v in item.data.items()}}
            self.official.message.send_template(item.openid, cfg.alert_template_id, data)
        else:
            self.official.message.send_text(item.openid, item.text)

    # --- loop -------------------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.settings.wechat.push_interval_s <= 0 or self.thread is not None:
            return
        if not (self.settings.wechat.app_id or self.settings.wechat.mini_app_id):
            return
        self._stop.clear()
        self.thread = threading.Thread(target=self._run, name="zhifa-wechat-push", daemon=True)
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self.thread is not None:
            self.thread.join(timeout=timeout)
            self.thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.settings.wechat.push_interval_s):
            try:
                self.run_once()
            except Exception:  # never the server's end
                log.exception("微信通知轮询出错（下次照常进行）")
