"""/api/kb routes over the real store and index: results, and errors as status + code + Chinese message."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from channels.components import Components
from core.settings import Settings
from knowledge.api import router
from knowledge.base import KnowledgeBase
from knowledge.retrieval import Searcher


@pytest.fixture(scope="module")
def client(kb_settings: Settings, knowledge: KnowledgeBase) -> TestClient:
    app = FastAPI()
    app.state.settings = kb_settings
    app.state.knowledge = knowledge  # the session's (as channels.server sets the process's)
    app.include_router(router)
    return TestClient(app)


def test_laws_lists_every_law_with_source(client: TestClient):
    laws = client.get("/api/kb/laws").json()
    assert len(laws) == 40 and sum(law["articles"] for law in laws) == 2673
    cf = next(law for law in laws if law["id"] == "xingzhengchufafa")
    assert cf["level"] == "法律" and cf["effective"] == "2021-07-15" and "处罚法" in cf["names"]
    assert cf["source"].startswith("LawRefBook/Laws")


@pytest.mark.parametrize(
    ("ident", "label"),
    [
        ("xingzhengchufafa:51", "《中华人民共和国行政处罚法》第五十一条"),
        ("xingzhengchufafa:58:1:3", "《中华人民共和国行政处罚法》第五十八条第一款第（三）项"),
        ("行政处罚法第五十一条", "《中华人民共和国行政处罚法》第五十一条"),
    ],
)
def test_article_by_id_or_reference(client: TestClient, ident: str, label: str):
    resp = client.get(f"/api/kb/articles/{ident}")
    assert resp.status_code == 200
    body = resp.json()
    assert body["label"] == label and body["text"] and body["paragraphs"]


@pytest.mark.parametrize(
    ("ident", "code"),
    [
        ("xingzhengchufafa:99", "article_missing"),
        ("《重庆市户外广告管理条例》第十条", "law_unknown"),
        ("随便写点", "citation_unrecognised"),
    ],
)
def test_article_not_found_is_404_with_code(client: TestClient, ident: str, code: str):
    resp = client.get(f"/api/kb/articles/{ident}")
    assert resp.status_code == 404
    assert resp.json()["code"] == code and "未找到" in resp.json()["message"]


def test_verify_reports_each_citation(client: TestClient):
    text = "依据《行政处罚法》第五十一条规定：“对公民处以二百元以下”；《行政处罚法》第九十九条另有规定。"
    body = client.post("/api/kb/verify", json={"text": text}).json()
    assert body["ok"] is False and body["counts"]["total"] == 2
    first, second = body["citations"]
    assert (first["status"], first["id"], first["quote_status"]) == (
        "found",
        "xingzhengchufafa:51",
        "verified",
    )
    assert second["status"] == "article_missing" and "未找到" in second["message"]


@pytest.mark.models
def test_search_and_its_errors(client: TestClient, searcher: Searcher):
    body = client.get("/api/kb/search", params={"q": "占道经营怎么处罚", "k": 5}).json()
    assert "cq-shironghuanjingweishengguanlitiaoli:18" in [h["ref"] for h in body["hits"]]
    only = client.get("/api/kb/search", params={"q": "罚款", "law": "处罚法", "k": 3}).json()
    assert {h["law_id"] for h in only["hits"]} == {"xingzhengchufafa"}
    empty = client.get("/api/kb/search", params={"q": ""})
    assert empty.status_code == 400 and empty.json()["code"] == "empty_query"
    bad = client.get("/api/kb/search", params={"q": "罚款", "level": "部门文件"})
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_level"


def test_search_before_build_is_503(tmp_path, components: Components):
    app = FastAPI()
    app.state.settings = Settings(_env_file=None, environment="test", data_dir=tmp_path)
    app.state.knowledge = KnowledgeBase(app.state.settings, embedder=components.embedder)
    app.include_router(router)
    resp = TestClient(app).get("/api/kb/search", params={"q": "占道经营"})
    assert resp.status_code == 503
    assert resp.json()["code"] == "kb_index_missing" and "zhifa kb build" in resp.json()["message"]
