"""Legal Q&A latency, measured on the same questions in one run: what the assistant adds over the bare model.

    python -m bench.assistant_latency [--n 8] [--json]

For each answerable question of ``evals/datasets/legal_qa_dev.jsonl`` (the first ``--n``):

* **deterministic part** — the time from the question to the first ``citation`` event of ``POST /api/chat``'s
  chat service (``ChatService.from_runtime`` with ``mode="legal"``: masking, parse, refusal check, retrieval,
  sentence selection, the quoted provisions). Target ≤ 1 s.
* **model's first token** — from the question to the first token the model streams for the conclusion (and from
  the model call itself), and to the first checked sentence the user sees. Target p50 ≤ 3 s.
* **overhead** — the assistant's whole answer against raw llama.cpp: the same model, called with the same final
  prompt (the conclusion messages the assistant sends, computed first and checked against what it sent), the same
  ``max_tokens``, temperature 0 for both. Per question the two run one after the other, the order alternating,
  each after a one-token request with the same system prompt and another question, so that both find only the
  shared system prefix in the KV cache. Target ≤ 1.3× (sum of totals).

The server's components (``channels.components.build_components``), loaded and warmed before the clock starts. On
a shared machine the figures depend on what else runs: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from core.assets import force_offline

DATASET = Path(__file__).resolve().parent.parent / "evals" / "datasets" / "legal_qa_dev.jsonl"


class TimedLLM:
    """The process's model, every call at temperature 0, with the time of its first token and its prompt."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = getattr(inner, "name", "llm")
        self.calls: list[dict[str, Any]] = []

    def complete(self, messages: Sequence[Any], **kwargs: Any) -> str:
        kwargs["temperature"] = 0.0
        return str(self.inner.complete(messages, **kwargs))

    def stream(self, messages: Sequence[Any], **kwargs: Any) -> Iterator[str]:
        kwargs["temperature"] = 0.0
        call: dict[str, Any] = {
            "messages": list(messages),
            "kwargs": dict(kwargs),
            "start": time.perf_counter(),
        }
        self.calls.append(call)
        pieces = 0
        for piece in self.inner.stream(messages, **kwargs):
            if not pieces:
                call["first"] = time.perf_counter()
            pieces += 1
            yield piece
        call["end"] = time.perf_counter()
        call["pieces"] = pieces

    def __getattr__(self, item: str) -> Any:  # health(), queue … of the real backend
        return getattr(self.inner, item)


def _questions(n: int) -> list[str]:
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if not r.get("must_refuse")][:n]


def _p(values: Sequence[float], q: float) -> float | None:
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    return xs[min(len(xs) - 1, max(0, round(q / 100 * len(xs) + 0.5) - 1))]


def run(n: int) -> dict[str, Any]:
    force_offline()
    from assistant.chat import ChatService
    from assistant.legal_qa import LegalQA
    from assistant.retrieval import make_retriever
    from channels.components import build_components
    from core.settings import get_settings

    settings = get_settings()
    load = [os.getloadavg()]
    components = build_components(settings)
    t0 = time.perf_counter()
    timed = TimedLLM(components.llm())
    knowledge = components.knowledge
    components.get("knowledge")  # the searcher, index and embedder warmed as the server's start-up does
    load_s = time.perf_counter() - t0

    def get(name: str) -> Any:
        return timed if name == "llm" else components.get(name)

    def peek(name: str) -> Any:
        return timed if name == "llm" else components.peek(name)

    service = ChatService.from_runtime(settings, get, knowledge=knowledge, peek=peek, memory=False)
    list(service.respond("简易程序适用于什么情况？", mode="legal"))  # warm-up: model, index, prefix cached
    # the deterministic half of the LegalQA from_runtime builds (same retriever and store): the final prompts
    legal = LegalQA(None, make_retriever(knowledge), store=knowledge.store)
    max_tokens = legal.max_tokens

    questions = _questions(n)
    # pass 0: the final prompt of each question (deterministic: the same the assistant will send)
    prompts: list[list[Any] | None] = []
    for q in questions:
        refusal, selection = legal.select(q)
        prompts.append(None if selection is None or refusal else legal.conclusion_messages(q, selection))

    def flush() -> None:
        """A one-token request with the same system prompt and another question: the next measured request then
        finds only the shared system prefix in the KV cache (as a new question in the server does)."""
        system = next((m for m in prompts if m), None)
        if system is not None:
            other = [system[0], {"role": "user", "content": "【问题】缓存隔离请求，请回答“好”。"}]
            list(components.llm().stream(other, max_tokens=1, temperature=0.0))

    def raw_run(messages: list[Any]) -> dict[str, Any]:
        flush()
        start = time.perf_counter()
        first: float | None = None
        pieces = 0
        for _ in components.llm().stream(messages, max_tokens=max_tokens, temperature=0.0):
            first = first or time.perf_counter()
            pieces += 1
        end = time.perf_counter()
        return {"first_s": (first or end) - start, "total_s": end - start, "pieces": pieces}

    def assistant_run(q: str, messages: list[Any] | None) -> dict[str, Any]:
        flush()
        before = len(timed.calls)
        start = time.perf_counter()
        citation = conclusion = None
        for event in service.respond(q, mode="legal"):
            now = time.perf_counter() - start
            if event.type == "citation" and citation is None:
                citation = now
            text = str(getattr(event, "text", ""))
            if event.type == "delta" and text.startswith("结论：") and conclusion is None:
                conclusion = now
        total = time.perf_counter() - start
        call = timed.calls[before] if len(timed.calls) > before else {}
        return {
            "question": q,
            "first_citation_s": citation,
            "model_first_token_s": call["first"] - start if "first" in call else None,
            "model_first_token_from_call_s": (call["first"] - call["start"]) if "first" in call else None,
            "first_conclusion_s": conclusion,
            "total_s": total,
            "pieces": call.get("pieces"),
            "same_prompt": bool(call) and call["messages"] == messages,
        }

    # the same question through the assistant and raw, one after the other, the order alternating
    items: list[dict[str, Any]] = []
    for n_q, (q, messages) in enumerate(zip(questions, prompts, strict=True)):
        if messages is None:
            items.append({**assistant_run(q, None), "raw_first_token_s": None, "raw_total_s": None})
            continue
        if n_q % 2 == 0:
            r = raw_run(messages)
            a = assistant_run(q, messages)
        else:
            a = assistant_run(q, messages)
            r = raw_run(messages)
        items.append(
            {**a, "raw_first_token_s": r["first_s"], "raw_total_s": r["total_s"], "raw_pieces": r["pieces"]}
        )
    load.append(os.getloadavg())
    paired = [i for i in items if i["raw_total_s"] and i["model_first_token_s"] is not None]
    col = {k: [i[k] for i in items if i.get(k) is not None] for k in items[0]} if items else {}
    summary = {
        "questions": len(items),
        "answered_with_model": len(paired),
        "same_prompt": sum(i["same_prompt"] for i in items),
        "first_citation_p50_s": _p(col.get("first_citation_s", []), 50),
        "first_citation_p95_s": _p(col.get("first_citation_s", []), 95),
        "model_first_token_p50_s": _p(col.get("model_first_token_s", []), 50),
        "model_first_token_p95_s": _p(col.get("model_first_token_s", []), 95),
        "model_first_token_from_call_p50_s": _p(col.get("model_first_token_from_call_s", []), 50),
        "raw_first_token_p50_s": _p(col.get("raw_first_token_s", []), 50),
        "first_conclusion_p50_s": _p(col.get("first_conclusion_s", []), 50),
        "total_p50_s": _p(col.get("total_s", []), 50),
        "raw_total_p50_s": _p(col.get("raw_total_s", []), 50),
        "overhead_sum": (
            sum(i["total_s"] for i in paired) / sum(i["raw_total_s"] for i in paired) if paired else None
        ),
        "overhead_median": statistics.median(i["total_s"] / i["raw_total_s"] for i in paired)
        if paired
        else None,
        "load_s": load_s,
        "loadavg_start": load[0],
        "loadavg_end": load[1],
        "cpu_count": os.cpu_count(),
        "max_tokens": max_tokens,
    }
    return {"summary": summary, "items": items}


def _fmt(v: Any) -> str:
    return f"{v:.2f}" if isinstance(v, float) else str(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=8, help="questions (answerable ones of legal_qa_dev, in order)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    data = run(args.n)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    for item in data["items"]:
        print(
            f"{item['question'][:24]:<26} 引用 {_fmt(item['first_citation_s'])}s  首字 {_fmt(item['model_first_token_s'])}s"
            f"（调用起 {_fmt(item['model_first_token_from_call_s'])}s，裸模型 {_fmt(item['raw_first_token_s'])}s）"
            f"  总 {_fmt(item['total_s'])}s / 裸 {_fmt(item['raw_total_s'])}s  tokens {item['pieces']}/{item['raw_pieces']}"
        )
    for key, value in data["summary"].items():
        print(
            f"  {key}: {_fmt(value) if not isinstance(value, tuple) else ', '.join(f'{x:.2f}' for x in value)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
