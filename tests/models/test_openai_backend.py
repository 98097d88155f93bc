"""The OpenAI-compatible backend against a real local HTTP server speaking the chat-completions wire format."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from assistant.llm import build_llm
from assistant.llm.openai_backend import OpenAIBackend
from core.errors import ModelError
from core.settings import Settings

ANSWER = "占道经营是指未经许可占用道路摆摊经营。"


class FakeOpenAI(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []
    fail_next = False

    def log_message(self, *args: Any) -> None:  # keep the test output quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        if FakeOpenAI.fail_next:
            FakeOpenAI.fail_next = False
            self._json(500, {"error": {"message": "boom", "type": "server_error"}})
            return
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            base = {
                "id": "chatcmpl-1",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": body["model"],
            }
            pieces = [{"role": "assistant", "content": ""}, *({"content": c} for c in ("占道", "经营", "。"))]
            for delta in pieces:
                chunk = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            end = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
            return
        self._json(
            200,
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 1,
                "model": body["model"],
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": ANSWER}, "finish_reason": "stop"}
                ],
                "usage": {"prompt_tokens": 12, "completion_tokens": 10, "total_tokens": 22},
            },
        )

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def backend(server_url: str, tmp_path) -> Iterator[OpenAIBackend]:
    FakeOpenAI.requests.clear()
    s = Settings(
        _env_file=None,
        data_dir=tmp_path,
        llm={
            "backend": "openai",
            "openai_base_url": server_url,
            "openai_model": "qwen",
            "openai_api_key": "k-1",
        },
    )
    llm = build_llm(s)
    assert isinstance(llm, OpenAIBackend)
    yield llm


def test_complete_sends_the_openai_wire_format(backend):
    text = backend.complete(
        [{"role": "user", "content": "什么是占道经营？"}], max_tokens=40, temperature=0.1, stop=["\n\n"]
    )
    assert text == ANSWER
    [req] = FakeOpenAI.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["auth"] == "Bearer k-1"
    assert req["body"] == {
        "model": "qwen",
        "messages": [{"role": "user", "content": "什么是占道经营？"}],
        "max_tokens": 40,
        "temperature": 0.1,
        "stop": ["\n\n"],
    }


def test_json_schema_becomes_response_format(backend):
    schema = {"type": "object", "properties": {"plate": {"type": "string"}}, "required": ["plate"]}
    backend.complete([{"role": "user", "content": "x"}], json_schema=schema)
    fmt = FakeOpenAI.requests[0]["body"]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"] == schema


def test_stream_parses_server_sent_events(backend):
    assert list(backend.stream([{"role": "user", "content": "x"}], max_tokens=8)) == ["占道", "经营", "。"]
    assert FakeOpenAI.requests[0]["body"]["stream"] is True


def test_server_error_is_a_model_error_in_chinese(backend):
    FakeOpenAI.fail_next = True
    with pytest.raises(ModelError, match="无法访问 LLM 服务"):
        backend.complete([{"role": "user", "content": "x"}])


def test_unreachable_server_is_a_model_error(tmp_path):
    dead = OpenAIBackend("http://127.0.0.1:9/v1", model="m", timeout=2)
    with pytest.raises(ModelError):
        dead.complete([{"role": "user", "content": "x"}])
