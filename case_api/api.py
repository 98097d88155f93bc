"""Mount every case_api domain router and its error handlers on the app."""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm.exc import StaleDataError

import case_api
from case_api.errors import DomainError, TooManyAttempts, Unauthenticated
from core.settings import Settings


async def _domain_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthenticated) else None
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse(exc.to_body(), status_code=exc.http_status, headers=headers)


async def _stale_data(_: Request, exc: Exception) -> JSONResponse:
    body = {"code": "concurrent_update", "message": "记录已被他人修改，请刷新后重试。"}
    return JSONResponse(body, status_code=409)


def domain_routers() -> list[APIRouter]:
    """Every ``APIRouter`` named ``router``/``*_router`` in ``case_api.<domain>.views``, in domain order."""
    routers: list[APIRouter] = []
    for info in sorted(pkgutil.iter_modules(case_api.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name == "migrations":
            continue
        try:
            views = importlib.import_module(f"case_api.{info.name}.views")
        except ModuleNotFoundError as exc:
            if exc.name != f"case_api.{info.name}.views":
                raise
            continue
        for name in sorted(vars(views)):
            obj = getattr(views, name)
            if isinstance(obj, APIRouter) and (name == "router" or name.endswith("_router")):
                routers.append(obj)
    return routers


def mount(app: FastAPI, settings: Settings) -> None:
    """Include the domain routers (/api/...) and register the domain-error → HTTP mapping."""
    if getattr(app.state, "settings", None) is None:
        app.state.settings = settings
    for router in domain_routers():
        app.include_router(router)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StaleDataError, _stale_data)
