"""The web chat: a static page at ``/`` (it logs in through ``POST /api/auth/token``) and ``POST /api/chat``
(any logged-in user) streaming NDJSON events from the assistant.

``POST /api/chat`` — body ``{"message", "mode": auto|legal|offence|tools, "party_type": auto|individual|organisation,
"conversation_id": null|"<id>"}``; answer ``application/x-ndjson``: one JSON event per line, the models of
:mod:`assistant.events` (its docstring is the contract) serialised by :func:`ndjson`, the one place the chat's events
become bytes. Send the ``conversation`` event's id back as ``conversation_id`` to continue (follow-ups
inherit the topic). ``GET /api/chat/conversations`` lists the caller's conversations, ``GET …/{id}`` gives one's
messages (masked), ``DELETE …/{id}`` deletes it — the caller's own only (another's is 404).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from assistant.chat import ChatService
from assistant.events import ErrorEvent, Event, SkillEvent, to_json
from assistant.memory import Memory
from case_api.deps import require_principal
from case_api.users.models import Role
from case_api.users.principals import Principal
from core.errors import AssetError, ConfigError, ModelError
from core.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=2000, description="问题或现场情况描述")
    mode: Literal["auto", "legal", "offence", "tools"] = "auto"
    party_type: Literal["auto", "individual", "organisation"] = "auto"
    conversation_id: str | None = Field(
        default=None, min_length=1, max_length=32, description="继续的会话（上次 conversation 事件的 id）"
    )


def ndjson(events: Iterable[Event]) -> Iterator[bytes]:
    """The wire format of a chat stream: each event as one line of JSON (:func:`assistant.events.to_json`)."""
    try:
        for event in events:
            yield (to_json(event) + "\n").encode("utf-8")
    except Exception as exc:  # the stream has started: report in-band, never drop the connection silently
        message = getattr(exc, "message", None) or "助手处理出错，请稍后重试。"
        yield (to_json(ErrorEvent(message=message)) + "\n").encode("utf-8")


def start(events: Iterator[Event], head: list[Event]) -> None:
    """Take the events into ``head`` up to the skill's first one (which loads what the skill needs)."""
    for event in events:
        head.append(event)
        if event.type not in ("skill", "conversation"):
            break


def raising(exc: Exception) -> Iterator[Event]:
    """A stream that raises ``exc`` when read (so :func:`ndjson` reports it in-band)."""
    raise exc
    yield ErrorEvent(message="")  # a generator


# every role, citizens included: anyone logged in may ask a legal question
ChatCaller = Annotated[Principal, Depends(require_principal(*Role))]


def build_router() -> APIRouter:
    router = APIRouter(tags=["web chat 网页对话"])

    @router.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @router.post(
        "/api/chat",
        summary="网页对话（NDJSON 流） / chat with the assistant, streamed as NDJSON",
        description=(
            "需登录（任何角色，含当事人）。回答为 NDJSON：每行一个 JSON 事件，按 type 区分——conversation（会话 id，"
            "下次作为 conversation_id 传回即可追问）、skill、delta（回答文字）、citation（法规库原文）、offence（违法行为"
            "卡片）、similar_case（脱敏的类似已办案件，仅执法人员）、tool（勤务与案件查询结果，按登录角色限定范围）、"
            "queue（模型繁忙时的排队位次 position）、clarify、notice、refused、error、done；各事件的字段见 "
            "assistant/events.py（值为 null 的字段不出现，客户端应忽略不认识的事件和字段）。"
            "个人信息在交给模型前脱敏，仅对执法人员还原。"
            "本地大模型不可用时，法律问答仍给出法规原文摘录，并以 notice 说明未生成结论；会话不是本人的答 404 "
            "conversation_not_found。"
        ),
        responses={
            200: {"content": {"application/x-ndjson": {}}, "description": "事件流，每行一个 JSON"},
            401: {"description": "未登录 / no or bad token"},
            404: {"description": "会话不存在或不是本人的 / conversation_not_found"},
            503: {"description": "模型不可用 / the model is unavailable"},
        },
    )
    def chat(body: ChatRequest, request: Request, caller: ChatCaller) -> Response:
        settings = request.app.state.settings
        if body.conversation_id:  # another's or a deleted conversation: 404 before any answer starts
            Memory(settings).open(user_id=caller.id, conversation_id=body.conversation_id, title="")
        runtime = request.app.state.runtime
        service = ChatService.from_runtime(
            settings, runtime.get, knowledge=runtime.knowledge, peek=runtime.peek
        )
        events = service.respond(
            body.message,
            mode=body.mode,
            party_type=body.party_type,
            principal=caller,
            conversation_id=body.conversation_id,
        )
        head: list[Event] = []
        try:  # start the skill before answering: a model that cannot load is a 503, not an error in a 200 stream
            start(events, head)
        except (ModelError, AssetError, ConfigError) as exc:
            skills = [e.name for e in head if isinstance(e, SkillEvent)]
            legal = bool(skills) and skills[-1] == "legal"
            what = (
                "本地大模型暂不可用，暂时无法回答法律问题（违法行为研判仍可使用）"
                if legal
                else "所需的本地模型暂不可用"
            )
            return JSONResponse(
                {
                    "code": "model_unavailable",
                    "message": f"{what}。请稍后重试；持续出现请联系管理员检查 /readyz。",
                    "detail": getattr(exc, "message", None) or type(exc).__name__,
                },
                status_code=503,
            )
        except Exception as exc:  # as before: reported in the stream
            head, events = [], raising(exc)
        return StreamingResponse(ndjson(chain(head, events)), media_type="application/x-ndjson")

    @router.get(
        "/api/chat/conversations",
        summary="我的会话 / the caller's conversations, newest first",
        description="需登录；只列出本人的会话。",
    )
    def conversations(request: Request, caller: ChatCaller) -> list[dict[str, object]]:
        memory = Memory(request.app.state.settings)
        return [
            {"id": c.id, "title": c.title, "created_at": c.created_at, "updated_at": c.updated_at}
            for c in memory.conversations(user_id=caller.id)
        ]

    @router.get(
        "/api/chat/conversations/{conversation_id}",
        summary="会话记录（已脱敏） / one conversation's messages (masked)",
        responses={404: {"description": "会话不存在或不是本人的 / not found or not yours"}},
    )
    def conversation(
        conversation_id: Annotated[str, PathParam(min_length=1, max_length=32)],
        request: Request,
        caller: ChatCaller,
    ) -> dict[str, object]:
        memory = Memory(request.app.state.settings)
        return {
            "id": conversation_id,
            "messages": memory.history(conversation_id=conversation_id, user_id=caller.id),
        }

    @router.delete(
        "/api/chat/conversations/{conversation_id}",
        status_code=204,
        summary="删除会话 / delete one of the caller's conversations",
        responses={404: {"description": "会话不存在或不是本人的 / not found or not yours"}},
    )
    def delete_conversation(
        conversation_id: Annotated[str, PathParam(min_length=1, max_length=32)],
        request: Request,
        caller: ChatCaller,
    ) -> Response:
        Memory(request.app.state.settings).delete(conversation_id=conversation_id, user_id=caller.id)
        return Response(status_code=204)

    return router


def mount(app: FastAPI, settings: Settings) -> None:
    """Mount the web chat (page, static files, chat API) on ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(build_router())
