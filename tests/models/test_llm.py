from __future__ import annotations

import json
import os
import re

import pytest

from assistant.llm import LLMBackend, Message
from assistant.llm.llama_server import ManagedLlamaBackend

pytestmark = pytest.mark.models
CJK = re.compile(r"[\u4e00-\u9fff]")
SYSTEM: Message = {"role": "system", "content": "你是城市管理执法助手，只用简体中文简短回答。"}


def test_bundled_gguf_answers_in_chinese(llm):
    # the default backend: llama.cpp in a supervised child process, not in this one
    assert isinstance(llm, ManagedLlamaBackend) and isinstance(llm, LLMBackend)
    assert llm.process.alive() and llm.process.pid != os.getpid() and llm.health() == ("ready", None)
    text = llm.complete([SYSTEM, {"role": "user", "content": "用一句话说明什么是占道经营。"}], max_tokens=32)
    assert len(CJK.findall(text)) >= 5, text


def test_stream_yields_pieces_of_the_answer(llm):
    pieces = list(llm.stream([SYSTEM, {"role": "user", "content": "你好"}], max_tokens=12, temperature=0.0))
    assert len(pieces) >= 2 and CJK.search("".join(pieces))


def test_json_schema_constrains_the_answer(llm):
    schema = {
        "type": "object",
        "properties": {"plate": {"type": "string"}, "minutes": {"type": "integer"}},
        "required": ["plate", "minutes"],
    }
    text = llm.complete(
        [
            {"role": "system", "content": "从描述中提取车牌号和停车分钟数，输出 JSON。"},
            {"role": "user", "content": "渝F·12345 在人行道上停了 20 分钟。"},
        ],
        max_tokens=48,
        temperature=0.0,
        json_schema=schema,
    )
    data = json.loads(text)
    assert data["minutes"] == 20 and "12345" in data["plate"]


def test_the_in_process_backend_still_runs_the_same_model(settings):
    """``llama_cpp_inprocess`` (the raw floor for benchmarks) loads the same GGUF into this process."""
    from assistant.llm import LLM_BACKENDS
    from assistant.llm.llama_cpp_backend import LlamaCppBackend

    inproc = LLM_BACKENDS.create("llama_cpp_inprocess", settings)
    try:
        assert isinstance(inproc, LlamaCppBackend)
        text = inproc.complete([SYSTEM, {"role": "user", "content": "你好"}], max_tokens=12, temperature=0.0)
        assert CJK.search(text), text
    finally:
        inproc.close()
