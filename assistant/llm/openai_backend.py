"""Any OpenAI-compatible chat-completions server (llama.cpp server, vLLM, …) over plain HTTP with httpx."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import httpx

from assistant.llm.base import LLM_BACKENDS, LLMBackend, Message, chat_request
from assistant.llm.queue import RequestQueue
from core.errors import ModelError
from core.settings import Settings


class OpenAIBackend:
    name = "openai"

    def __init__(
        self,
        base_url: str,
        *,
        model: str,
        api_key: str = "none",
        timeout: float = 120.0,
        client: httpx.Client | None = None,
        json_schema_style: Literal["openai", "llama_cpp"] = "openai",
        queue: RequestQueue | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        # how a JSON schema is asked for: OpenAI's ``json_schema`` response format, or llama_cpp.server's
        # ``json_object`` with a ``schema`` (which it compiles to a grammar)
        self.json_schema_style = json_schema_style
        # ``settings.llm.slots`` requests at once (a GPU server batches several); closing a stream early closes
        # its HTTP response, which tells the server to stop generating
        self.queue = queue or RequestQueue()
        self._client = client or httpx.Client(
            timeout=timeout, headers={"Authorization": f"Bearer {api_key}"}, trust_env=False
        )

    def _body(
        self, messages: Sequence[Message], max_tokens: int, temperature: float, stop: Sequence[str] | None
    ) -> dict[str, Any]:
        request = chat_request(messages, max_tokens=max_tokens, temperature=temperature, stop=stop)
        return {"model": self.model, **request}

    def _fail(self, exc: Exception) -> ModelError:
        return ModelError(
            f"无法访问 LLM 服务 {self.base_url}：{exc}。请检查 ZHIFA_LLM__OPENAI_BASE_URL 与服务状态。"
            f" / the OpenAI-compatible server at {self.base_url} failed: {exc}"
        )

    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> str:
        with self.queue.slot():
            return self.complete_now(
                messages, max_tokens=max_tokens, temperature=temperature, stop=stop, json_schema=json_schema
            )

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]:
        with self.queue.slot():  # given back when the stream ends, fails or is closed early
            yield from self.stream_now(messages, max_tokens=max_tokens, temperature=temperature, stop=stop)

    def complete_now(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> str:
        """:meth:`complete` without taking a slot (for a caller that holds one: the managed local model)."""
        body = self._body(messages, max_tokens, temperature, stop)
        if json_schema is not None and self.json_schema_style == "llama_cpp":
            body["response_format"] = {"type": "json_object", "schema": json_schema}
        elif json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": json_schema, "strict": True},
            }
        try:
            resp = self._client.post(f"{self.base_url}/chat/completions", json=body)
            resp.raise_for_status()
            return str(resp.json()["choices"][0]["message"].get("content") or "")
        except (httpx.HTTPError, KeyError, IndexError, ValueError) as exc:
            raise self._fail(exc) from exc

    def stream_now(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]:
        """:meth:`stream` without taking a slot. Closing this generator closes the response: the connection is
        dropped, not returned to the pool, so the server sees the client leave and stops generating."""
        body = {**self._body(messages, max_tokens, temperature, stop), "stream": True}
        try:
            with self._client.stream("POST", f"{self.base_url}/chat/completions", json=body) as resp:
                resp.raise_for_status()
                for line in resp.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[len("data:") :].strip()
                    if data == "[DONE]":
                        return
                    choices = json.loads(data).get("choices") or [{}]
                    piece = (choices[0].get("delta") or {}).get("content")
                    if piece:
                        yield piece
        except (httpx.HTTPError, ValueError) as exc:
            raise self._fail(exc) from exc

    def close(self) -> None:
        self._client.close()


@LLM_BACKENDS.register("openai")
def _build(settings: Settings) -> LLMBackend:
    cfg = settings.llm
    return OpenAIBackend(
        cfg.openai_base_url,
        model=cfg.openai_model,
        api_key=cfg.openai_api_key,
        queue=RequestQueue.from_settings(settings),
    )
