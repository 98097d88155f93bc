"""The composition root: liveness at once, readiness per component once the real models are loaded."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from case_api.db import upgrade
from case_api.users.models import Role
from channels.components import Components, build_runtime
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


def test_legal_question_without_a_model_is_answered_from_the_provisions(kb_settings, app_settings, login):
    """No model: the quoted provisions still answer (never a 500, never a refusal of what the corpus answers),
    and a notice says the model's conclusion is missing."""
    runtime = build_runtime(app_settings)

    def no_model():
        raise ModelError("模型文件缺失（测试）")

    runtime.components["llm"].loader = no_model
    app = create_app(app_settings, runtime=runtime)
    with TestClient(app) as client:
        r = client.post(
            "/api/chat", json={"message": "简易程序罚款上限是多少？"}, headers=login(Role.citizen)
        )
        assert r.status_code == 200, r.text
        events = [json.loads(line) for line in r.text.splitlines() if line.strip()]
        types = [e["type"] for e in events]
        assert "error" not in types and "refused" not in types and types[-1] == "done", types
        cited = [e["item"] for e in events if e["type"] == "citation"]
        assert any("行政处罚法" in c["law"] and "第五十一条" in c["label"] for c in cited), cited
        notices = " ".join(e["text"] for e in events if e["type"] == "notice")
        assert "本地大模型暂不可用" in notices and "模型文件缺失" in notices


@pytest.mark.models
def test_readyz_reports_every_component_ready_with_the_real_models(components: Components, kb_settings):
    upgrade(kb_settings)
    runtime = build_runtime(kb_settings, models=components)
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
