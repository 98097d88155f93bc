"""Run the benchmarks: ``python -m bench`` runs all; ``python -m bench kb`` (or models, load, assistant_latency) runs one."""

from __future__ import annotations

import importlib
import sys

BENCHES = ("models", "kb", "load", "speech", "vision", "assistant_latency")


def main(argv: list[str]) -> int:
    chosen = [a for a in argv if a in BENCHES] or list(BENCHES)
    status = 0
    for name in chosen:
        print(f"\n=== bench.{name} ===", flush=True)
        module = importlib.import_module(f"bench.{name}")
        status |= int(module.main([]) or 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
