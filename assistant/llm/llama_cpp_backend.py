"""llama.cpp inside this process (backend ``llama_cpp_inprocess``): the raw floor for benchmarks and tools.

The server's default backend ``llama_cpp`` runs the same library in a supervised child process
(:mod:`assistant.llm.llama_server`), so that a native crash cannot take the server down; this one is for
measuring that child's overhead against the bare model, and for one-shot tools where a crash harms no one.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.llm.base import LLM_BACKENDS, LLMBackend, Message, chat_request
from assistant.llm.queue import RequestQueue
from core.assets import bundled_llm
from core.errors import ConfigError, ModelError
from core.settings import Settings


class LlamaCppBackend:
    """One ``llama_cpp.Llama``; the chat template comes from the GGUF. Calls take turns through :attr:`queue`
    (one context, so one slot); a stream closed early stops generating and gives the model to the next."""

    name = "llama_cpp_inprocess"

    def __init__(
        self, model_path: Path, *, n_ctx: int, n_threads: int, queue: RequestQueue | None = None
    ) -> None:
        if not model_path.is_file():
            raise ConfigError(
                f"找不到 LLM 模型文件 {model_path}：请检查 ZHIFA_LLM__MODEL_PATH。 / no GGUF at {model_path}"
            )
        from assistant.llm import cpu_variant

        cpu_variant.preload()  # the AVX-512 CPU library where this host has it (before llama_cpp is imported)
        from llama_cpp import Llama

        try:
            self._llm = Llama(model_path=str(model_path), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
        except ValueError as exc:
            raise ModelError(f"LLM 模型加载失败：{exc} / failed to load the GGUF {model_path}") from exc
        self.model_path = model_path
        self.queue = RequestQueue(
            slots=1,  # one llama context
            max_waiting=queue.max_waiting if queue else 8,
            wait_timeout=queue.wait_timeout if queue else 120.0,
        )
        # free the model while the interpreter is whole: llama_cpp's __del__ at shutdown finds its C bindings gone
        atexit.register(self.close)

    def close(self) -> None:
        """Free the model (idempotent)."""
        self._llm.close()

    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> str:
        fmt: Any = None if json_schema is None else {"type": "json_object", "schema": json_schema}
        with self.queue.slot():
            result: Any = self._llm.create_chat_completion(
                **chat_request(messages, max_tokens=max_tokens, temperature=temperature, stop=stop),
                response_format=fmt,
            )
        return str(result["choices"][0]["message"]["content"] or "")

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]:
        with self.queue.slot():  # released in finally: on the end, an error, or the generator closed early
            chunks: Any = self._llm.create_chat_completion(
                **chat_request(messages, max_tokens=max_tokens, temperature=temperature, stop=stop),
                stream=True,
            )
            try:
                for chunk in chunks:
                    piece = chunk["choices"][0]["delta"].get("content")
                    if piece:
                        yield piece
            finally:
                chunks.close()  # stop generating now, not when the garbage collector gets to it

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False))


@LLM_BACKENDS.register("llama_cpp_inprocess")
def _build(settings: Settings) -> LLMBackend:
    cfg = settings.llm
    path = cfg.model_path or bundled_llm(settings.model_cache_dir).path
    return LlamaCppBackend(
        Path(path), n_ctx=cfg.n_ctx, n_threads=cfg.n_threads, queue=RequestQueue.from_settings(settings)
    )
