"""Knowledge-base figures: index build time (cold and incremental), warm search latency p50/p95, and recall@5 of
keyword-only vs dense-only vs fused retrieval on the legal Q&A dev set, all in one run.

    python -m bench.kb [--data-dir /tmp/kb-bench] [--json out.json]

Builds into its own data dir (default: a fresh temporary one, so the cold build is really cold; a ``--data-dir``
that already holds an index measures the incremental path instead: ``build_embedded`` says which; a cold build
takes the shipped passages' vectors from the bundled artifact, ``build_bundled`` of them). On a shared machine the figures depend on what
else runs: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from core.settings import Settings
from evals.kb_eval import DEFAULT_DATA, evaluate, load
from knowledge.base import KnowledgeBase
from knowledge.embedding import build_embedder
from knowledge.retrieval import build

EXTRA_DATA = Path(__file__).resolve().parents[1] / "tests" / "knowledge" / "data" / "legal_qa_extra.jsonl"
QUERIES = [
    "占道经营怎么处罚",
    "简易程序当场罚款的上限是多少",
    "渣土车没有密闭运输，城管怎么罚？",
    "遛狗不清理狗粪",
    "当事人申请听证的期限",
    "违法建设未取得建设工程规划许可证",
    "佔道經營首次違法能否不罰",
    "city management 占道经营 fine",
    "行政处罚法第五十一条",
    "广场舞音响太吵能直接罚款吗",
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(data_dir: Path, *, rounds: int) -> dict[str, Any]:
    settings = Settings(_env_file=None, environment="test", data_dir=data_dir)
    out: dict[str, Any] = {
        "load_avg": os.getloadavg(),
        "cpus": os.cpu_count(),
        "embedder_threads": settings.embedder.num_threads,
    }
    t0 = time.perf_counter()
    embedder = build_embedder(settings)  # the process's one embedder: the builds and the searcher share it
    out["embedder_load_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    first = build(settings, embedder=embedder)
    out["build_s"] = round(time.perf_counter() - t0, 2)
    out["build_embedded"] = first.embedded
    out["build_bundled"] = first.bundled  # vectors from knowledge/data/index instead of embedded
    out["build_docs"] = first.total
    out["build_kinds"] = first.kinds
    t0 = time.perf_counter()
    again = build(settings, embedder=embedder)
    out["rebuild_s"] = round(time.perf_counter() - t0, 3)
    out["rebuild_embedded"] = again.embedded
    t0 = time.perf_counter()
    searcher = KnowledgeBase(settings, embedder=lambda: embedder).searcher
    out["searcher_load_s"] = round(time.perf_counter() - t0, 2)
    for q in QUERIES:  # warm up: jieba, the embedder, numpy paths
        searcher.search(q)
    lat: dict[str, list[float]] = {"fused": [], "keyword": [], "dense": []}
    for _ in range(rounds):
        for q in QUERIES:
            for mode in lat:
                t = time.perf_counter()
                searcher.search(q, k=5, mode=mode)  # type: ignore[arg-type]
                lat[mode].append((time.perf_counter() - t) * 1000)
    out["latency_ms"] = {
        m: {"p50": round(_pct(v, 0.5), 2), "p95": round(_pct(v, 0.95), 2), "n": len(v)}
        for m, v in lat.items()
    }
    if DEFAULT_DATA.exists():
        report = evaluate(searcher, load(DEFAULT_DATA), k=5)
        out["recall_at_5"] = {m: r["recall_micro"] for m, r in report["modes"].items()}
        out["recall_at_5_macro"] = {m: r["recall_macro"] for m, r in report["modes"].items()}
        out["fusion_gain"] = round(
            report["modes"]["fused"]["recall_micro"]
            - max(report["modes"]["keyword"]["recall_micro"], report["modes"]["dense"]["recall_micro"]),
            4,
        )
        out["must_refuse"] = [
            {
                "id": r["id"],
                "flagged": bool(r["flagged_not_found"]),
                "pointers": f"{len(r['pointers_found'])}/{len(r['pointers'])}",
            }
            for r in report["must_refuse"]
        ]
    if EXTRA_DATA.exists():  # questions written apart from the dev set: a check on overfitting it
        extra = evaluate(searcher, load(EXTRA_DATA), k=5)
        out["recall_at_5_extra"] = {m: r["recall_micro"] for m, r in extra["modes"].items()}
    out["load_avg_after"] = os.getloadavg()
    out["embedder_mean_query_ms"] = round(statistics.mean(lat["dense"]) - statistics.mean(lat["keyword"]), 2)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.data_dir is None:
        with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
            result = run(Path(tmp), rounds=args.rounds)
    else:
        result = run(args.data_dir, rounds=args.rounds)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
