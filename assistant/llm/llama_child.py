"""The LLM child process's entry point: pick the CPU library for this host, then run ``llama_cpp.server``.

``python -m assistant.llm.llama_child --config_file …`` takes the same arguments as ``python -m llama_cpp.server``.
The CPU library must be chosen before ``llama_cpp`` is imported (:mod:`assistant.llm.cpu_variant`), which is why
the child does not start ``llama_cpp.server`` directly.
"""

from __future__ import annotations

import runpy
import sys

from assistant.llm import cpu_variant


def main() -> None:
    choice = cpu_variant.preload()
    print(f"zhifa: ggml CPU library {choice}", file=sys.stderr, flush=True)
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
