"""Every route of the whole server needs a login, except an explicit public list.

The walk covers ``app.routes`` as ``channels.server.create_app`` builds it: a route added later without a login
fails here until it gets one (or is added to ``PUBLIC`` with a reason).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from case_api.users.models import Role
from channels.components import build_runtime
from channels.server import create_app
from core.settings import Settings

PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/healthz"): "liveness probe",
    ("GET", "/readyz"): "readiness probe (component states, no data)",
    ("POST", "/api/auth/token"): "the login itself (throttled)",
    ("GET", "/"): "the web page; it logs in before it asks anything",
    ("GET", "/screen"): "the big screen's page (HTML only); it logs in before it asks anything",
    ("GET", "/citizen"): "the citizens' page (HTML only); it logs in before it asks anything",
    ("GET", "/docs"): "API docs",
    ("GET", "/docs/oauth2-redirect"): "API docs (the Authorize button)",
    ("GET", "/redoc"): "API docs",
    ("GET", "/openapi.json"): "API docs",
    # the citizen's payment page: reached by the QR code on the decision letter (an unguessable code)
    ("GET", "/pay/{code}"): "citizen pay page",
    ("GET", "/api/payments/orders/{code}"): "citizen pay page: amount due",
    ("GET", "/api/payments/orders/{code}/qr.png"): "citizen pay page: QR code",
    ("GET", "/api/payments/orders/{code}/receipt"): "citizen pay page: receipt",
    ("GET", "/api/payments/orders/{code}/receipt.pdf"): "citizen pay page: receipt",
    ("POST", "/api/payments/orders/{code}/simulate"): "citizen pay page: simulated payment (dev)",
    ("POST", "/api/payments/lookup"): "citizen look-up by case number + mobile number",
    ("POST", "/api/payments/notify/{provider}"): "payment channel callback, proven by its signature",
    # WeChat: the official account's server URL (every request proven by WeChat's signature: 403 otherwise) and the
    # mini-program's login (proven by WeChat's one-time wx.login code through code2session)
    ("GET", "/wechat/mp"): "WeChat URL verification, signed",
    ("POST", "/wechat/mp"): "WeChat message push, signed",
    ("POST", "/api/mini/login"): "mini-program login (code2session)",
}
PUBLIC_MOUNTS = {"/static": "the web page's script and style"}

SAMPLE_PARAMS = {"code": "ABCD1234", "provider": "loopback"}


def _concrete(path: str) -> str:
    return re.sub(r"\{([^}:]+)(?::[^}]*)?\}", lambda m: SAMPLE_PARAMS.get(m.group(1), "1"), path)


def _routes(app) -> list[Any]:
    """Every route with its effective path (FastAPI ≥ 0.160 keeps included routers as one entry each)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: included routes are copied into app.routes
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def _operations(app) -> list[tuple[str, str]]:
    ops: list[tuple[str, str]] = []
    for route in _routes(app):
        if isinstance(getattr(route, "original_route", route), Mount):
            assert route.path in PUBLIC_MOUNTS, f"mounted app {route.path} is not in the public list"
            continue
        assert isinstance(getattr(route, "original_route", route), APIRoute | Route), route
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                ops.append((method, route.path))
    return ops


@pytest.fixture
def app(app_settings: Settings):
    return create_app(app_settings, runtime=build_runtime(app_settings))


def test_every_route_but_the_public_ones_answers_401_without_a_token(app) -> None:
    ops = _operations(app)
    assert len(ops) > 60  # the whole app: case_api, knowledge, chat, ops
    assert {("POST", "/api/chat"), ("GET", "/api/kb/search"), ("GET", "/api/cases")} <= set(ops)
    assert set(PUBLIC) <= set(ops), f"public routes gone: {set(PUBLIC) - set(ops)}"
    open_routes: list[str] = []
    with TestClient(app) as client:
        for method, path in ops:
            if (method, path) in PUBLIC:
                continue
            for headers in ({}, {"Authorization": "Bearer not-a-token"}):
                response = client.request(method, _concrete(path), headers=headers)
                if response.status_code != 401:
                    open_routes.append(f"{method} {path} → {response.status_code} ({headers or 'no token'})")
                else:
                    body = response.json()
                    assert body["code"] in {"unauthenticated", "invalid_token"}, (method, path, body)
                    assert body["message"] and re.search(r"[\u4e00-\u9fff]", body["message"])
                    assert response.headers.get("www-authenticate") == "Bearer"
    assert open_routes == [], "routes answering without a login:\n" + "\n".join(open_routes)


def test_public_routes_answer_without_a_token(app) -> None:
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get("/static/chat.js").status_code == 200
        assert client.get("/openapi.json").status_code == 200
        assert client.get("/docs").status_code == 200
        # no such order, but no login asked
        assert client.get("/api/payments/orders/ABCD1234").status_code == 404


def test_knowledge_routes_are_for_staff_and_chat_for_everyone_logged_in(
    app, login: Callable[[Role], dict[str, str]]
) -> None:
    with TestClient(app) as client:
        for role in (Role.officer, Role.legal, Role.commander, Role.admin):
            laws = client.get("/api/kb/laws", headers=login(role))
            assert laws.status_code == 200 and len(laws.json()) >= 40, role
            art = client.get("/api/kb/articles/xingzhengchufafa:51", headers=login(role))
            assert art.status_code == 200 and "二百元以下" in art.json()["text"]
        citizen = login(Role.citizen)
        refused = client.get("/api/kb/laws", headers=citizen)
        assert refused.status_code == 403 and refused.json()["code"] == "role_forbidden"
        verify = client.post("/api/kb/verify", json={"text": "行政处罚法第五十一条"}, headers=citizen)
        assert verify.status_code == 403
        for role in Role:  # chat: validation comes after the login, for every role
            bad = client.post("/api/chat", json={"message": ""}, headers=login(role))
            assert bad.status_code == 422 and bad.json()["code"] == "validation_error", role
