"""Retrieval eval: recall@k of the expected citations of legal_qa_dev.jsonl (articles only, no LLM).

    python -m evals.kb_eval [--data evals/datasets/legal_qa_dev.jsonl] [--k 5] [--json out.json]

Answerable questions give recall@k (micro: share of all expected citations found in the top k; macro: mean per
question) for fused, keyword-only and dense-only search. ``must_refuse`` questions are reported apart: whether the
resolver flags the provision the question asks for as 未找到, and whether the pointers to related provisions that
the corpus does hold come back in the top k.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.citations import resolve_reference, verify_text
from knowledge.retrieval.search import Mode, Searcher
from knowledge.statutes.store import StatuteStore

DEFAULT_DATA = (
    Path(__file__).resolve().parent / "datasets" / "legal_qa_dev.jsonl"
)  # a copy of the shared dev set
MODES: tuple[Mode, ...] = ("fused", "keyword", "dense")


@dataclass
class ModeScore:
    found: int = 0
    expected: int = 0
    per_question: list[float] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def micro(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def macro(self) -> float:
        return sum(self.per_question) / len(self.per_question) if self.per_question else 0.0


def expected_ids(record: dict[str, Any], store: StatuteStore) -> list[str]:
    out = []
    for cit in record["citations"]:
        (res,) = resolve_reference(f"《{cit['law']}》{cit['article']}", store=store)
        if not res.found or res.id is None:
            raise ValueError(f"{record['id']}: expected citation not in corpus: {cit}")
        out.append(":".join(res.id.split(":")[:2]))
    return out


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(
    searcher: Searcher, records: list[dict[str, Any]], *, k: int = 5, modes: tuple[Mode, ...] = MODES
) -> dict[str, Any]:
    store = searcher.store
    scores = {m: ModeScore() for m in modes}
    refuse: list[dict[str, Any]] = []
    for rec in records:
        want = expected_ids(rec, store)
        if rec.get("must_refuse"):
            flagged = [r.message for r in verify_text(rec["question"], store=store).citations if not r.found]
            result = searcher.search(rec["question"], k=k, kinds=("article",))
            flagged += [f"未找到：知识库中没有《{name}》" for name in result.unknown_laws]
            flagged = list(dict.fromkeys(flagged))
            hits = [h.ref for h in result.hits]
            refuse.append(
                {
                    "id": rec["id"],
                    "question": rec["question"],
                    "flagged_not_found": flagged,
                    "pointers_found": [w for w in want if w in hits],
                    "pointers": want,
                }
            )
            continue
        for mode in modes:
            hits = [h.ref for h in searcher.search(rec["question"], k=k, kinds=("article",), mode=mode).hits]
            got = [w for w in want if w in hits]
            s = scores[mode]
            s.found += len(got)
            s.expected += len(want)
            s.per_question.append(len(got) / len(want))
            if len(got) < len(want):
                s.misses.append(
                    {
                        "id": rec["id"],
                        "question": rec["question"],
                        "missing": [w for w in want if w not in got],
                        "top": hits,
                    }
                )
    return {
        "k": k,
        "answerable": len(scores[modes[0]].per_question),
        "modes": {
            m: {
                "recall_micro": round(s.micro, 4),
                "recall_macro": round(s.macro, 4),
                "found": s.found,
                "expected": s.expected,
                "misses": s.misses,
            }
            for m, s in scores.items()
        },
        "must_refuse": refuse,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="recall@k of expected citations (legal_qa_dev)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="write the full report here")
    parser.add_argument("--target", type=float, default=0.90, help="exit 1 when fused micro recall is below")
    args = parser.parse_args(argv)

    from core.settings import get_settings
    from knowledge.base import KnowledgeBase
    from knowledge.embedding import build_embedder

    settings = get_settings()  # this script is its process's composition root: the one embedder it uses
    embedder = build_embedder(settings)
    searcher = KnowledgeBase(settings, embedder=lambda: embedder).searcher
    report = evaluate(searcher, load(args.data), k=args.k)
    print(f"recall@{args.k} over {report['answerable']} answerable questions")
    for mode, row in report["modes"].items():
        print(
            f"  {mode:8s} micro {row['recall_micro']:.3f} ({row['found']}/{row['expected']})  macro {row['recall_macro']:.3f}"
        )
    for miss in report["modes"]["fused"]["misses"]:
        print(f"  miss {miss['id']} {miss['question']} missing={miss['missing']}")
    print("must_refuse:")
    for item in report["must_refuse"]:
        print(
            f"  {item['id']} flagged={item['flagged_not_found'] or '—'} pointers {len(item['pointers_found'])}/{len(item['pointers'])}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if report["modes"]["fused"]["recall_micro"] >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
