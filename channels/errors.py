"""Request-validation errors as the whole API reports them: HTTP 422, a machine-readable code, a Chinese message."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

_REASONS = {
    "missing": "缺少该项",
    "string_too_short": "内容为空或太短",
    "string_too_long": "内容太长",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为时间（ISO 8601）",
    "json_invalid": "不是合法的 JSON",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
}


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "请求体"


def describe(errors: list[dict[str, Any]]) -> str:
    reasons = [
        f"{_field(e.get('loc', ()))}：{_REASONS.get(str(e.get('type')), e.get('msg', ''))}" for e in errors
    ]
    return "请求参数不正确——" + "；".join(reasons[:5])


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "type": e.get("type"), "msg": e.get("msg")} for e in exc.errors()
        ]
        return JSONResponse(
            {"code": "validation_error", "message": describe(errors), "errors": errors}, status_code=422
        )
