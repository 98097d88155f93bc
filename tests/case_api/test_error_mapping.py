"""One error hierarchy (core.errors) mapped to HTTP in one place (case_api.errors.install) for every router: the
record's errors, the one NotFound, a busy model, speech's and vision's errors and request validation all answer
``{"code", "message"}`` in Chinese with their status, whether case_api is mounted alone or in the whole server."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

import case_api.errors as record_errors
from assistant.llm.queue import QueueFull
from case_api.errors import Conflict, TooManyAttempts, Unauthenticated, install
from core.errors import NotFound, UserError
from speech.errors import AudioTooLong
from vision.errors import VisionError

RAISED: dict[str, Exception] = {
    "not-found": NotFound("没有这个案件。"),
    "conflict": Conflict("案件已被他人修改。", details={"case_id": 7}),
    "login": Unauthenticated("请先登录。"),
    "locked": TooManyAttempts("登录失败次数过多，请 60 秒后再试。", retry_after=60),
    "busy": QueueFull("大模型正忙：已有 8 个问题在排队，请稍后再问。"),
    "long": AudioTooLong("录音太长。"),
    "vision": VisionError("图片无法识别。"),
}


def _app() -> FastAPI:
    app = FastAPI()
    install(app)
    install(app)  # idempotent

    @app.get("/raise/{name}")
    def raise_(name: str) -> None:
        raise RAISED[name]

    @app.get("/typed")
    def typed(limit: int) -> dict[str, int]:
        return {"limit": limit}

    return app


def test_every_product_error_answers_its_status_code_and_chinese_message() -> None:
    client = TestClient(_app())
    expected = {
        "not-found": (404, "not_found"),
        "conflict": (409, "conflict"),
        "login": (401, "unauthenticated"),
        "locked": (429, "too_many_attempts"),
        "busy": (503, "model_busy"),
        "long": (413, "audio_too_long"),
        "vision": (422, "vision_error"),
    }
    for name, (status, code) in expected.items():
        r = client.get(f"/raise/{name}")
        assert r.status_code == status, (name, r.text)
        body = r.json()
        assert body["code"] == code and body["message"] == RAISED[name].args[0], body
    assert client.get("/raise/conflict").json()["details"] == {"case_id": 7}
    assert client.get("/raise/login").headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/raise/locked").headers["Retry-After"] == "60"
    bad = client.get("/typed", params={"limit": "many"})
    assert bad.status_code == 422
    assert bad.json()["code"] == "validation_error" and bad.json()["message"].startswith(
        "请求参数不正确——limit："
    )


def test_one_not_found_and_one_base() -> None:
    assert record_errors.NotFound is NotFound
    assert record_errors.DomainError is UserError
    assert issubclass(Conflict, UserError) and issubclass(AudioTooLong, UserError)
