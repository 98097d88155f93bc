"""WeChat channels: the official account (staff and public chat) and the citizens' mini-channel API.

``mount`` is called by the composition root (channels/server.py)::

    /wechat/mp            the official account's server URL (GET: URL verification; POST: messages and events)
    /api/mini/login       mini-program code2session → a citizen token (the rest of /api/mini is case_api.wechat)
    /api/wechat/...       staff: one-time binding code, binding state (case_api.wechat)

Settings: ``ZHIFA_WECHAT__*`` (core.settings.WeChatSettings). The answer pool and the notification loop are
owned by the app's lifespan.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from assistant.chat import ChatService
from assistant.events import ConversationEvent, ErrorEvent
from case_api.db import Database
from case_api.users.models import User
from case_api.users.principals import Principal
from case_api.wechat import service as wx
from case_api.wechat.models import App
from channels.components import Components
from channels.wechat import answers, client, mini, official
from channels.wechat.pusher import Pusher
from core.errors import UserError
from core.settings import Settings

__all__ = ["mount"]

THREAD_IDLE = timedelta(
    minutes=30
)  # a WeChat chat continues its conversation (follow-ups) until a pause this long


def make_answer(
    settings: Settings, database: Database, runtime: Components, app: FastAPI
) -> Callable[[official.Question, User | None], str]:
    """A question (text, or a voice message) → the chat service's answer as text. Unbound senders: legal Q&A only."""

    def answer(question: official.Question, user: User | None) -> str:
        text, prefix = question.text, ""
        if text is None:
            text = _transcribe(settings, app, question)
            prefix = f"（语音识别：{text}）\n"
        if not text:
            return "没有听清，请再说一遍或改用文字提问。"
        service = ChatService.from_runtime(
            settings, runtime.get, knowledge=runtime.knowledge, peek=runtime.peek
        )
        if user is None:  # unbound: legal Q&A only, no record tools, no memory
            events = service.respond(text, mode="legal", party_type="auto")
            return prefix + answers.compose(events)
        thread = _thread(database, question.openid)
        principal = Principal.of(user)
        collected = list(
            service.respond(text, mode="auto", party_type="auto", principal=principal, conversation_id=thread)
        )
        if (
            thread is not None and collected and isinstance(collected[0], ErrorEvent)
        ):  # the thread was deleted
            collected = list(service.respond(text, mode="auto", party_type="auto", principal=principal))
        started = next((e.id for e in collected if isinstance(e, ConversationEvent) and e.id), None)
        if started is not None:  # a new thread, or the same one kept alive
            with database.session() as session:
                wx.remember_conversation(
                    session, app=App.official, openid=question.openid, conversation_id=started
                )
        return prefix + answers.compose(collected)

    return answer


def _thread(database: Database, openid: str) -> str | None:
    with database.session() as session:
        return wx.conversation_for(session, app=App.official, openid=openid, within=THREAD_IDLE)


def _transcribe(settings: Settings, app: FastAPI, question: official.Question) -> str:
    from channels.voice import transcribe_question

    account: official.OfficialAccount = app.state.wechat
    response: Any = account.client.media.download(question.media_id)
    content = getattr(response, "content", None)
    if not isinstance(content, bytes | bytearray):
        raise UserError("语音下载失败，请重新发送。")
    pipeline = app.state.speech_pipeline
    try:
        found = transcribe_question(settings, pipeline, io.BytesIO(content), f"voice.{question.media_format}")
    except UserError as exc:
        return "" if exc.code == "no_speech" else str(exc.message)
    return found.text


def mount(app: FastAPI, settings: Settings, runtime: Components) -> None:
    """Mount the WeChat routes on ``app``; the answer pool and the notification loop live as long as the app. They
    use the app's :class:`~case_api.db.Database` (``app.state.database``: the server's components')."""
    cfg = settings.wechat
    database: Database = app.state.database
    answer = make_answer(settings, database, runtime, app)
    account = official.OfficialAccount(settings, database, answer, client.official(cfg))
    pusher = Pusher(settings, database, account.client, client.mini(cfg))
    app.state.wechat, app.state.wechat_pusher = account, pusher
    app.include_router(official.router(account))
    app.include_router(mini.router(settings, database, pusher.mini))

    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: FastAPI) -> AsyncIterator[Any]:
        async with inner(a) as state:
            pusher.start()
            try:
                yield state
            finally:
                pusher.stop()
                account.close()

    app.router.lifespan_context = lifespan
