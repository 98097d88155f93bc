"""The composition root: liveness at once, readiness per component once the real models are loaded."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from case_api.db import upgrade
from case_api.users.models import Role
from channels.components import build_runtime
from channels.server import create_app
from core.errors import ModelError


def test_healthz_answers_before_models_load(settings):
    upgrade(settings)
    app = create_app(settings, runtime=build_runtime(settings))
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 503
        body = ready.json()
        assert body["ready"] is False
        assert body["components"]["database"]["status"] == "ready"
        assert body["components"]["llm"]["status"] == "pending"
        page = client.get("/")
        assert page.status_code == 200 and "智法" in page.text


def test_chat_rejects_bad_input_with_a_clear_error(app_settings, login):
    app = create_app(app_settings, runtime=build_runtime(app_settings))
    auth = login(Role.officer)
    with TestClient(app) as client:
        anonymous = client.post("/api/chat", json={"message": "占道经营"})
        assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthenticated"
        empty = client.post("/api/chat", json={"message": ""}, headers=auth)
        assert empty.status_code == 422
        assert empty.json()["code"] == "validation_error"
        assert empty.json()["message"] == "请求参数不正确——message：内容为空或太短"
        wrong_mode = client.post("/api/chat", json={"message": "占道经营", "mode": "poetry"}, headers=auth)
        assert wrong_mode.status_code == 422
        assert "mode：取值不在允许范围内" in wrong_mode.json()["message"]
        not_json = client.post(
            "/api/chat", content=b"{", headers={"content-type": "application/json", **auth}
        )
        assert not_json.status_code == 422 and not_json.json()["code"] == "validation_error"


def test_legal_question_without_a_model_is_a_503_not_a_500(app_settings, login):
    runtime = build_runtime(app_settings)

    def no_model():
        raise ModelError("模型文件缺失（测试）")

    runtime.components["llm"].loader = no_model
    app = create_app(app_settings, runtime=runtime)
    with TestClient(app) as client:
        r = client.post(
            "/api/chat", json={"message": "简易程序罚款上限是多少？"}, headers=login(Role.citizen)
        )
        assert r.status_code == 503, r.text
        assert r.json()["code"] == "model_unavailable" and "违法行为研判仍可使用" in r.json()["message"]


@pytest.mark.models
def test_readyz_reports_every_component_ready_with_the_real_models(kb_settings):
    upgrade(kb_settings)
    runtime = build_runtime(kb_settings)
    runtime.load_all()
    app = create_app(kb_settings, runtime=runtime)
    with TestClient(app) as client:
        ready = client.get("/readyz")
        body = ready.json()
        assert ready.status_code == 200, body
        assert set(body["components"]) == {
            "database", "llm", "asr", "embedder", "detector", "ocr", "camera_detector", "knowledge"
        }  # fmt: skip
        for name, comp in body["components"].items():
            assert comp["status"] == "ready", (name, comp)
            assert comp["load_seconds"] is not None
