"""The LLM interface, its registry and the builder of the configured backend.

Backends register with ``@LLM_BACKENDS.register(name)`` and are built from the whole :class:`Settings`
(``settings.llm.backend`` picks one); the built-in ones register exactly like an outside one would.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal, Protocol, TypedDict, runtime_checkable

from core.registry import Registry
from core.settings import Settings


class Message(TypedDict):
    role: Literal["system", "user", "assistant"]
    content: str


@runtime_checkable
class LLMBackend(Protocol):
    """A chat model. ``json_schema`` constrains the answer to JSON of that schema where the backend can."""

    name: str
    # the fair-sharing queue (assistant.llm.queue.RequestQueue) every built-in backend has: each call holds a
    # slot for as long as it runs — a stream until it ends or is closed

    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> str: ...

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]: ...


def chat_request(
    messages: Sequence[Message], *, max_tokens: int, temperature: float, stop: Sequence[str] | None
) -> dict[str, Any]:
    """The chat-completions fields every backend sends (OpenAI's names, which llama_cpp's API shares);
    ``stop`` only when there is one."""
    request: dict[str, Any] = {
        "messages": [dict(m) for m in messages],
        "max_tokens": max_tokens,
        "temperature": temperature,
    }
    if stop:
        request["stop"] = list(stop)
    return request


LLM_BACKENDS: Registry[LLMBackend] = Registry("LLM")


def build_llm(settings: Settings) -> LLMBackend:
    """A new instance of the configured LLM backend (the default starts a llama.cpp child process). The process's
    one instance is its components container's (``channels.components``): call this only from a composition root."""
    return LLM_BACKENDS.create(settings.llm.backend, settings)
