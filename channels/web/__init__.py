"""The web chat: a static page at ``/`` and ``POST /api/chat`` streaming NDJSON events from the assistant."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from assistant.chat import ChatService
from core.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=2000, description="问题或现场情况描述")
    mode: Literal["auto", "legal", "offence"] = "auto"
    party_type: Literal["individual", "organisation"] = "individual"


def _ndjson(events: Iterator[dict[str, object]]) -> Iterator[bytes]:
    try:
        for event in events:
            yield (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")
    except Exception as exc:  # the stream has started: report in-band, never drop the connection silently
        message = getattr(exc, "message", None) or "助手处理出错，请稍后重试。"
        yield (json.dumps({"type": "error", "message": message}, ensure_ascii=False) + "\n").encode("utf-8")


def build_router() -> APIRouter:
    router = APIRouter(tags=["web chat 网页对话"])

    @router.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html")

    @router.post("/api/chat", summary="网页对话（NDJSON 流） / chat with the assistant, streamed as NDJSON")
    def chat(body: ChatRequest, request: Request) -> StreamingResponse:
        service = ChatService.from_runtime(request.app.state.settings, request.app.state.runtime.get)
        events = service.respond(body.message, mode=body.mode, party_type=body.party_type)
        return StreamingResponse(_ndjson(events), media_type="application/x-ndjson")

    return router


def mount(app: FastAPI, settings: Settings) -> None:
    """Mount the web chat (page, static files, chat API) on ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(build_router())
