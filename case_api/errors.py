"""Errors the system of record raises on purpose, each mapped to one HTTP status, and the one place every router's
errors become HTTP responses (:func:`install`).

::

    core.errors.UserError         code + Chinese message (+ details) + http_status (400)
    ├── Unauthenticated       401  no or bad credentials / token
    ├── Forbidden             403  the role may not do this, or the record is not the caller's
    ├── core.errors.NotFound  404  no such record (the one NotFound of the product)
    ├── Conflict              409  duplicate, concurrent change, immutable record
    │   └── InvalidTransition 409  the case state machine refuses the step
    ├── ValidationFailed      422  a business rule (statute limit, missing field) is not met
    └── TooManyAttempts       429  too many failed logins: locked for a while (``Retry-After``)

``DomainError`` is ``core.errors.UserError`` itself: the record's errors, speech's, vision's and knowledge's are one
hierarchy, rendered by one handler as ``{"code": ..., "message": ...}`` with their status; request validation
answers 422 with a Chinese message here too, so case_api mounted alone answers exactly as the whole server does.
Every ``message`` is Chinese and tells the user what was wrong and what to do.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm.exc import StaleDataError

from core.errors import NotFound, UserError, ZhiFaError

DomainError = UserError  # the system of record's base error: one hierarchy (core.errors)


class Unauthenticated(DomainError):
    code = "unauthenticated"
    http_status = 401


class Forbidden(DomainError):
    code = "forbidden"
    http_status = 403


class Conflict(DomainError):
    code = "conflict"
    http_status = 409


class InvalidTransition(Conflict):
    code = "invalid_transition"


class ValidationFailed(DomainError):
    code = "validation_failed"
    http_status = 422


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    http_status = 429

    def __init__(
        self,
        message: str,
        *,
        retry_after: int,
        code: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code=code, details=details)
        self.retry_after = retry_after  # seconds, for the Retry-After header


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
    """A request-validation failure in Chinese: each field and what is wrong with it (at most five)."""
    reasons = [
        f"{_field(e.get('loc', ()))}：{_REASONS.get(str(e.get('type')), e.get('msg', ''))}" for e in errors
    ]
    return "请求参数不正确——" + "；".join(reasons[:5])


async def _product_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ZhiFaError)
    headers: dict[str, str] | None = None
    if isinstance(exc, Unauthenticated):
        headers = {"WWW-Authenticate": "Bearer"}
    elif isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse(exc.to_body(), status_code=exc.http_status, headers=headers)


async def _stale_data(_: Request, exc: Exception) -> JSONResponse:
    body = {"code": "concurrent_update", "message": "记录已被他人修改，请刷新后重试。"}
    return JSONResponse(body, status_code=409)


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "type": e.get("type"), "msg": e.get("msg")} for e in exc.errors()
    ]
    return JSONResponse(
        {"code": "validation_error", "message": describe(errors), "errors": errors}, status_code=422
    )


def install(app: FastAPI) -> None:
    """Every error the product raises on purpose (``core.errors.ZhiFaError`` and below: the record's, speech's,
    vision's, knowledge's, the models'), a concurrent update and request validation, as JSON with a machine-readable
    ``code`` and a Chinese ``message``. Idempotent."""
    if getattr(app.state, "zhifa_errors_installed", False):
        return
    app.state.zhifa_errors_installed = True
    app.add_exception_handler(ZhiFaError, _product_error)
    app.add_exception_handler(StaleDataError, _stale_data)
    app.add_exception_handler(RequestValidationError, _validation)


__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "InvalidTransition",
    "NotFound",
    "TooManyAttempts",
    "Unauthenticated",
    "ValidationFailed",
    "describe",
    "install",
]
