"""The LLM layer: one :class:`LLMBackend` interface, a registry of backends, and :func:`build_llm`.

Importing this package registers the built-in backends (``llama_cpp``: llama.cpp in a supervised child
process, the default; ``llama_cpp_inprocess``; ``openai``); it loads no model.
"""

from __future__ import annotations

from assistant.llm import llama_cpp_backend, llama_server, openai_backend
from assistant.llm.base import LLM_BACKENDS, LLMBackend, Message, build_llm

__all__ = [
    "LLM_BACKENDS",
    "LLMBackend",
    "Message",
    "build_llm",
    "llama_cpp_backend",
    "llama_server",
    "openai_backend",
]
