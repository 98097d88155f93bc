"""The official account's callback (``/wechat/mp``): URL verification, plaintext / compatible / safe (AES) modes,
text and voice messages, subscribe and menu-click events — within WeChat's 5 seconds.

Every request: the ``signature`` over (token, timestamp, nonce) is checked (bad → 403), a timestamp more than
``timestamp_tolerance_s`` away from now is refused (403), a body over ``max_body_bytes`` is refused (413), XML
that does not parse or lacks WeChat's fields is refused (400), an encrypted message is checked against its
``msg_signature`` and decrypted with wechatpy's crypto. Nothing a sender controls makes a 5xx.

The 5-second rule: a message is stored once under its MsgId (``case_api.wechat``: a unique key in the database,
so a retry after a restart finds it too); its answer is worked out on a thread pool while the request waits up to
``inline_seconds``. Ready by then and short enough for one message → the answer is the reply. Otherwise the reply
is an acknowledgement and the answer goes out through the customer-service message API when ready (split into
parts WeChat accepts). A retry of a stored MsgId gets an empty reply: no second answer, no second job.

Staff bind their openid with a one-time code from the web workbench (``POST /api/wechat/binding-codes``, then
“绑定 12345678” here); unbound senders get legal Q&A only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from xml.parsers.expat import ExpatError

import xmltodict
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException, WeChatException
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from case_api.db import Database
from case_api.errors import DomainError
from case_api.users.models import STAFF_ROLES, User
from case_api.wechat import service as wx
from case_api.wechat.models import App, InboundStatus
from channels.wechat import answers
from channels.wechat.client import Client
from core.settings import Settings

log = logging.getLogger("zhifa.wechat")

WELCOME = (
    "欢迎关注！我是智法助手，可以回答城市管理执法的法律问题，例如“占道经营首次违法怎么处罚？”。\n"
    "工作人员请在工作台获取绑定码后发送“绑定 绑定码”，绑定后可查询案件、接收勤务告警。"
)
HELP = (
    "直接发送文字或语音提问即可，例如“占道经营首次违法怎么处罚？”。\n"
    "工作人员：发送“绑定 绑定码”绑定账号，发送“解绑”解除绑定。"
)
ACK = "已收到，正在检索法规并组织答复，稍后将通过消息发送给您。"
UNSUPPORTED = "暂只支持文字和语音提问。"
BIND_PREFIXES = ("绑定", "bind", "BIND")


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        return JSONResponse({"code": self.code, "message": self.message}, status_code=self.status)


@dataclass
class Question:
    openid: str
    text: str | None = None  # a text message, or a voice message's Recognition
    media_id: str | None = None  # a voice message without Recognition: downloaded and transcribed
    media_format: str = "amr"


@dataclass
class OfficialAccount:
    """One per app: the crypto, the answer pool and the customer-service client."""

    settings: Settings
    database: Database  # the server's (its components')
    answer: Callable[[Question, User | None], str]  # the chat (and speech) behind a question, as text
    client: Client
    pool: ThreadPoolExecutor = field(init=False)  # answer jobs (the chat service, speech)
    senders: ThreadPoolExecutor = field(
        init=False
    )  # deferrals and customer-service sends, never behind a job
    jobs: int = 0  # answer jobs started (tests, bench)

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(
            max_workers=self.settings.wechat.workers, thread_name_prefix="zhifa-wechat"
        )
        self.senders = ThreadPoolExecutor(max_workers=2, thread_name_prefix="zhifa-wechat-send")

    @property
    def cfg(self) -> Any:
        return self.settings.wechat

    @property
    def configured(self) -> bool:
        return bool(self.cfg.app_id and self.cfg.token)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.senders.shutdown(wait=False)

    # --- request checks ---------------------------------------------------------------------------------------
    def verify(self, request: Request) -> dict[str, str]:
        if not self.configured:
            raise Refused(404, "wechat_not_configured", "公众号未配置（ZHIFA_WECHAT__APP_ID / TOKEN）。")
        q = request.query_params
        signature, timestamp, nonce = q.get("signature", ""), q.get("timestamp", ""), q.get("nonce", "")
        if not (signature and timestamp and nonce) or len(nonce) > 64 or not timestamp.isdigit():
            raise Refused(403, "bad_signature", "签名参数缺失或格式错误。")
        if abs(time.time() - int(timestamp[:12])) > self.cfg.timestamp_tolerance_s:
            raise Refused(403, "stale_timestamp", "请求时间戳已过期（可能是重放的请求）。")
        try:
            check_signature(self.cfg.token, signature, timestamp, nonce)
        except InvalidSignatureException as exc:
            raise Refused(403, "bad_signature", "签名校验失败。") from exc
        return {"timestamp": timestamp, "nonce": nonce, "encrypt_type": q.get("encrypt_type", "raw"),
                "msg_signature": q.get("msg_signature", "")}  # fmt: skip

    def crypto(self) -> WeChatCrypto:
        if len(self.cfg.encoding_aes_key) != 43:
            raise Refused(400, "aes_not_configured", "未配置消息加解密密钥（EncodingAESKey，43 位）。")
        return WeChatCrypto(self.cfg.token, self.cfg.encoding_aes_key, self.cfg.app_id)

    def decode(self, body: bytes, params: dict[str, str]) -> tuple[str, bool]:
        """The message XML in plain text, and whether the reply must be encrypted."""
        _parse(body, envelope=True)  # refuse what is not WeChat's XML before any crypto sees it
        if params["encrypt_type"] == "aes":
            try:
                xml = self.crypto().decrypt_message(
                    body, params["msg_signature"], params["timestamp"], params["nonce"]
                )
            except InvalidSignatureException as exc:
                raise Refused(403, "bad_signature", "消息签名（msg_signature）校验失败。") from exc
            except (WeChatException, ValueError, KeyError, TypeError, UnicodeError) as exc:
                raise Refused(400, "bad_encrypted_message", "加密消息无法解密。") from exc
            return str(xml), True
        if self.cfg.mode == "safe":
            raise Refused(403, "plaintext_refused", "安全模式下不接受明文消息。")
        return body.decode("utf-8", "replace"), False

    def encode(self, reply_xml: str, encrypted: bool, params: dict[str, str]) -> Response:
        if not reply_xml:
            return PlainTextResponse("success")
        if encrypted:
            reply_xml = str(self.crypto().encrypt_message(reply_xml, params["nonce"], params["timestamp"]))
        return Response(reply_xml, media_type="application/xml")

    # --- messages ---------------------------------------------------------------------------------------------
    async def handle(self, request: Request) -> Response:
        started = time.monotonic()
        try:
            params = self.verify(request)
            body = await _read(request, self.cfg.max_body_bytes)
            xml, encrypted = self.decode(body, params)
            fields = _parse(xml.encode("utf-8"))
            message = parse_message(xml)
        except Refused as exc:
            return exc.response()
        reply = await self.dispatch(message, fields, started)
        rendered = TextReply(message=message, content=reply).render() if reply else ""
        return self.encode(rendered, encrypted, params)

    async def dispatch(self, message: Any, fields: dict[str, str], started: float) -> str | None:
        openid = str(fields.get("FromUserName", ""))[:64]
        kind = str(fields.get("MsgType", "")).lower()
        if kind == "event":
            key = f"{openid}:{fields.get('CreateTime', '')}:{fields.get('Event', '')}"
        else:
            key = str(fields.get("MsgId") or f"{openid}:{fields.get('CreateTime', '')}")
        if kind not in ("text", "voice", "event"):
            return UNSUPPORTED if kind in ("image", "video", "shortvideo", "location", "link") else None
        fresh = await run_in_threadpool(self._record, key, openid, kind)
        if not fresh:
            log.info("微信重试（MsgId %s）：已处理，不再答复", key)
            return None
        if kind == "event":
            return await run_in_threadpool(self._event, message, openid, key)
        if kind == "text":
            text = str(getattr(message, "content", "") or "").strip()
            command = await run_in_threadpool(self._command, text, openid, key)
            if command is not None:
                return command
            question = Question(openid, text=text)
        else:
            recognition = str(getattr(message, "recognition", "") or "").strip()
            question = Question(openid, text=recognition or None, media_id=getattr(message, "media_id", None),
                                media_format=str(getattr(message, "format", "") or "amr").lower()[:8])  # fmt: skip
        return await self.ask(question, key, started)

    def _record(self, key: str, openid: str, kind: str) -> bool:
        with self.database.session() as session:
            return wx.record_inbound(session, msg_key=key, openid=openid, kind=kind)

    def _claim(self, key: str, from_: tuple[InboundStatus, ...], to: InboundStatus, **values: object) -> bool:
        with self.database.session() as session:
            return wx.claim(session, msg_key=key, from_=from_, to=to, **values)

    def _user(self, openid: str) -> User | None:
        with self.database.session() as session:
            user = wx.user_for_openid(session, app=App.official, openid=openid)
            if user is not None:
                session.expunge(user)
            return user

    def _event(self, message: Any, openid: str, key: str) -> str | None:
        event = str(getattr(message, "event", "")).lower()
        if event in ("subscribe", "subscribe_scan"):
            reply: str | None = WELCOME
        elif event == "click":
            reply = self._menu(str(getattr(message, "key", "") or ""), openid)
        else:
            reply = None  # unsubscribe, view, location …: nothing to say
        self._claim(key, (InboundStatus.pending,), InboundStatus.inline)
        return reply

    def _menu(self, key: str, openid: str) -> str:
        if key.upper() in ("BINDING", "BIND"):
            user = self._user(openid)
            if user is None:
                return "尚未绑定。工作人员请在工作台“微信绑定”获取绑定码，再发送“绑定 绑定码”。"
            return f"已绑定：{user.full_name}。发送“解绑”可解除绑定。"
        return HELP

    def _command(self, text: str, openid: str, key: str) -> str | None:
        """Binding commands, answered at once; ``None`` for a question."""
        reply: str | None = None
        if text.startswith(BIND_PREFIXES):
            code = text.split(maxsplit=1)[1].strip() if len(text.split(maxsplit=1)) > 1 else text[2:].strip()
            reply = self._bind(openid, code)
        elif text in ("解绑", "解除绑定"):
            with self.database.session() as session:
                user = wx.user_for_openid(session, app=App.official, openid=openid)
                if user is not None:
                    wx.unbind(session, user=user)
                    session.commit()
            reply = "已解除绑定。" if user is not None else "当前微信未绑定任何账号。"
        elif text in ("帮助", "help", "?", "？"):
            reply = HELP
        if reply is not None:
            self._claim(key, (InboundStatus.pending,), InboundStatus.inline)
        return reply

    def _bind(self, openid: str, code: str) -> str:
        if not code.isdigit():
            return "绑定码为 8 位数字：请发送“绑定 12345678”。"
        try:
            with self.database.session() as session:
                user = wx.redeem_code(session, settings=self.settings, openid=openid, code=code)
                name = user.full_name
        except DomainError as exc:
            return exc.message
        return f"绑定成功：{name}。现在可以在微信中查询案件、接收告警。"

    # --- questions: inline within the budget, else acknowledge and push -------------------------------------
    async def ask(self, question: Question, key: str, started: float) -> str | None:
        self.jobs += 1
        job: Future[list[str]] = self.pool.submit(self._work, question)
        budget = self.cfg.inline_seconds - (time.monotonic() - started)
        try:
            parts = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(job)), timeout=max(0.0, budget))
        except TimeoutError:
            parts = None
        except Exception:  # the job failed: deferred below, where its failure is recorded
            parts = None
        if parts is not None and len(parts) == 1:
            won = await run_in_threadpool(
                self._claim, key, (InboundStatus.pending,), InboundStatus.inline, parts=1
            )
            return parts[0] if won else None
        # acknowledge now; the deferral is recorded off the request (the reply must not wait for the database)
        self.senders.submit(self._defer, key, question.openid, job)
        return ACK

    def _defer(self, key: str, openid: str, job: Future[list[str]]) -> None:
        if self._claim(key, (InboundStatus.pending,), InboundStatus.deferred):
            # added after the claim: a job already done calls back at once, a running one when it ends
            job.add_done_callback(lambda f: self.senders.submit(self._deliver, key, openid, f))

    def _work(self, question: Question) -> list[str]:
        user = self._user(question.openid)
        if user is not None and user.role not in STAFF_ROLES:
            user = None
        text = self.answer(question, user)
        return answers.split(text, more_url=self.settings.base_url)

    def _deliver(self, key: str, openid: str, job: Future[list[str]]) -> None:
        """Send a deferred answer once: only the caller that moves it ``deferred → pushing`` sends."""
        try:
            if not self._claim(key, (InboundStatus.deferred,), InboundStatus.pushing):
                return
            exc = job.exception()
            if exc is not None:
                log.warning("微信提问处理失败：%s", exc)
                parts = ["抱歉，处理您的问题时出错了，请稍后重试。"]
            else:
                parts = job.result()
            for part in parts:
                self.client.message.send_text(openid, part)
            self._claim(key, (InboundStatus.pushing,), InboundStatus.pushed, parts=len(parts))
        except Exception as exc:  # a failed send is recorded, never retried into a second answer
            log.warning("微信客服消息发送失败：%r", exc)
            self._claim(key, (InboundStatus.pushing, InboundStatus.deferred), InboundStatus.failed,
                        error=str(exc)[:500])  # fmt: skip


async def _read(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise Refused(413, "body_too_large", f"消息过大（超过 {limit} 字节）。")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(413, "body_too_large", f"消息过大（超过 {limit} 字节）。")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes, *, envelope: bool = False) -> dict[str, str]:
    """WeChat's XML (``<xml>`` of text fields), entities refused; :class:`Refused` (400) otherwise."""
    try:
        doc = xmltodict.parse(body, disable_entities=True)
    except (ExpatError, ValueError, xmltodict.ParsingInterrupted, UnicodeError) as exc:
        raise Refused(400, "bad_xml", "XML 无法解析。") from exc
    root = doc.get("xml") if isinstance(doc, dict) else None
    if not isinstance(root, dict):
        raise Refused(400, "bad_xml", "不是微信消息格式（缺少 <xml> 根元素）。")
    fields = {k: v for k, v in root.items() if isinstance(v, str | None)}
    if not (envelope and "Encrypt" in fields) and not (fields.get("MsgType") and fields.get("FromUserName")):
        raise Refused(400, "bad_xml", "不是微信消息格式（缺少 MsgType / FromUserName）。")
    return {k: v or "" for k, v in fields.items()}


def router(account: OfficialAccount) -> APIRouter:
    r = APIRouter(tags=["wechat 公众号"])

    @r.get("/wechat/mp", summary="公众号服务器地址验证（echostr）", response_class=PlainTextResponse)
    def verify(request: Request) -> Response:
        try:
            account.verify(request)
        except Refused as exc:
            return exc.response()
        echostr = request.query_params.get("echostr", "")
        if not echostr or len(echostr) > 256:
            return JSONResponse({"code": "bad_echostr", "message": "缺少 echostr。"}, status_code=400)
        return PlainTextResponse(echostr)

    @r.post("/wechat/mp", summary="公众号消息与事件（微信服务器推送）")
    async def receive(request: Request) -> Response:
        return await account.handle(request)

    return r
