"""A langchain ``BaseChatModel`` over any :class:`LLMBackend`, for orchestration code that speaks langchain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict

from assistant.llm.base import LLMBackend, Message

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def to_messages(messages: list[BaseMessage]) -> list[Message]:
    out: list[Message] = []
    for m in messages:
        role = _ROLES.get(m.type)
        if role is None:
            raise ValueError(f"不支持的消息类型 {m.type} / unsupported message type {m.type}")
        out.append({"role": role, "content": m.text})  # type: ignore[typeddict-item]
    return out


class ZhiFaChatModel(BaseChatModel):
    """``ZhiFaChatModel(backend=load_llm(settings))``; ``max_tokens`` / ``temperature`` are per-instance defaults."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    backend: Any  # an LLMBackend (a Protocol, so typed loosely for pydantic)
    max_tokens: int = 512
    temperature: float = 0.2

    @property
    def _llm_type(self) -> str:
        return f"zhifa-{getattr(self.backend, 'name', 'llm')}"

    def _backend(self) -> LLMBackend:
        return self.backend

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = self._backend().complete(
            to_messages(messages),
            max_tokens=kwargs.get("max_tokens", self.max_tokens),
            temperature=kwargs.get("temperature", self.temperature),
            stop=stop,
            json_schema=kwargs.get("json_schema"),
        )
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for piece in self._backend().stream(
            to_messages(messages),
            max_tokens=kwargs.get("max_tokens", self.max_tokens),
            temperature=kwargs.get("temperature", self.temperature),
            stop=stop,
        ):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk
