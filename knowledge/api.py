"""HTTP routes of the knowledge base (/api/kb/...). Thin: parse, call the service, map errors.

Errors are ``{"code": ..., "message": <Chinese>}`` with 400 (bad input), 404 (no such law/article) or 503 (index
not built yet: run ``zhifa kb build``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from core.errors import NotFound, UserError
from knowledge.base import KnowledgeBase
from knowledge.citations import resolve_reference, verify_text
from knowledge.statutes.store import StatuteStore

router = APIRouter(prefix="/api/kb", tags=["knowledge 法规知识库"])


class VerifyRequest(BaseModel):
    text: str = Field(max_length=100_000, description="要核对的文字（例如助手的回答）")
    context_law: str | None = Field(default=None, description="“本法/本条例”所指的法规（名称或 id）")


def _knowledge(request: Request) -> KnowledgeBase:
    kb: KnowledgeBase = (
        request.app.state.knowledge
    )  # the process's, set by whoever mounts the router (channels.server)
    return kb


def _store(request: Request) -> StatuteStore:
    return _knowledge(request).store


def _error(exc: UserError) -> JSONResponse:
    status = 404 if isinstance(exc, NotFound) else 400
    if exc.code == "kb_index_missing":
        status = 503
    return JSONResponse({"code": exc.code, "message": exc.message}, status_code=status)


@router.get("/search", summary="混合检索法规条文、违法行为与案例 / hybrid search")
def search(
    request: Request,
    q: Annotated[str, Query(description="问题或关键词")] = "",
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    law: str | None = None,
    level: str | None = None,
    region: str | None = None,
    on: date | None = None,
    mode: Literal["fused", "keyword", "dense"] = "fused",
) -> Any:
    try:
        result = _knowledge(request).searcher.search(
            q, k=k, law=law, level=level, region=region, on=on, mode=mode
        )
    except UserError as exc:
        return _error(exc)
    return result.as_dict()


@router.get("/laws", summary="知识库中的法规 / laws in the knowledge base")
def laws(request: Request) -> list[dict[str, Any]]:
    return [
        {
            "id": law.id,
            "title": law.title,
            "short_title": law.short_title,
            "level": law.level,
            "region": law.region,
            "articles": len(law.articles),
            "revised": law.meta.revised,
            "effective": law.meta.effective,
            "origin": law.meta.origin,
            "source": law.meta.source,
            "names": _store(request).names.names_of(law.id),
        }
        for law in _store(request).laws.values()
    ]


@router.get("/articles/{ident}", summary="按 id 或引用取条文 / one provision by id or reference")
def article(request: Request, ident: str, context_law: str | None = None) -> Any:
    """``xingzhengchufafa:51``, ``xingzhengchufafa:32:1:2`` or a reference such as ``行政处罚法第五十一条``."""
    results = resolve_reference(ident, context_law=context_law, store=_store(request))
    if not results:
        return _error(NotFound(f"未找到：“{ident}”不是条文 id 或可识别的引用", code="citation_unrecognised"))
    res = results[0]
    if not res.found:
        return _error(NotFound(res.message, code=res.status))
    store = _store(request)
    art = store.article(res.id or "")
    law = store.law(res.law_id or "")
    assert art is not None and law is not None
    return {
        "id": res.id,
        "article_id": art.id,
        "label": res.label,
        "law_id": law.id,
        "law_title": law.title,
        "level": law.level,
        "region": law.region,
        "chapter": art.chapter,
        "section": art.section,
        "number": art.number,
        "text": res.text,
        "article_text": art.text,
        "paragraphs": [
            {
                "number": p.number,
                "text": p.text,
                "items": [{"number": i.number, "text": i.text} for i in p.items],
            }
            for p in art.paragraphs
        ],
    }


@router.post("/verify", summary="核对文字中的全部法条引用 / verify every citation in a text")
def verify(request: Request, body: VerifyRequest) -> dict[str, object]:
    return verify_text(body.text, context_law=body.context_law, store=_store(request)).as_dict()
