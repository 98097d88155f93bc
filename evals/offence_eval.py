"""Offence-matching eval: top-1 / top-3 offence, penalty article and fine range, band agreement, latency.

    python -m evals.offence_eval [--data offence_dev.jsonl] [--no-embedder] [--json report.json]

An offence counts as right when the hit's primary 违则 (law, article, item) and primary 罚则 (law, article)
equal the record's primary ones; the penalty article must also agree on 款/项 where both give them, and the
fine range is the hit's (fine_min, fine_max) for the record's party type in the tier the facts select.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.settings import get_settings
from knowledge.catalogue.matcher import OffenceHit, OffenceMatcher, build_matcher
from knowledge.catalogue.schema import LawRef, PartyType

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (
    REPO / "evals" / "datasets" / "offence_dev.jsonl",
    REPO.parent / "shared" / "evals" / "offence_dev.jsonl",
    Path("/work/shared/evals/offence_dev.jsonl"),
)


def _primary(refs: list[dict[str, Any]]) -> dict[str, Any]:
    for r in refs:
        if r.get("primary"):
            return r
    return refs[0]


def _norm_item(item: str | None) -> str | None:
    return item.replace("(", "（").replace(")", "）") if item else None


def _same(expected: dict[str, Any], got: LawRef, *, item: bool, detail: bool) -> bool:
    if expected["law"] != got.law or expected["article"] != got.article:
        return False
    e_item, g_item = _norm_item(expected.get("item")), got.item
    if item and e_item != g_item and (e_item or g_item):
        return False
    if detail:
        e_para = expected.get("paragraph")
        if e_para and got.paragraph and e_para != got.paragraph:
            return False
        if e_item and g_item and e_item != g_item:
            return False
    return True


def offence_right(record: dict[str, Any], hit: OffenceHit) -> bool:
    exp = record["expected"]
    return _same(_primary(exp["violated"]), hit.primary_violated, item=True, detail=False) and _same(
        _primary(exp["penalty"]), hit.offence.primary_penalty, item=False, detail=False
    )


def penalty_right(record: dict[str, Any], hit: OffenceHit) -> bool:
    return _same(
        _primary(record["expected"]["penalty"]), hit.offence.primary_penalty, item=False, detail=True
    )


def fine_right(record: dict[str, Any], hit: OffenceHit) -> bool:
    exp = record["expected"]
    return (exp.get("fine_min"), exp.get("fine_max")) == hit.fine_range()


@dataclass
class Row:
    id: str
    expected: str
    got: list[str]
    rank: int | None
    penalty_ok: bool | None
    fine_ok: bool | None
    fine_expected: tuple[Any, Any]
    fine_got: tuple[Any, Any] | None
    band_expected: str
    band_got: str | None
    ncm_ok: bool | None
    ms: float
    dense_used: bool = False
    notes: list[str] = field(default_factory=list)


def load_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(records: list[dict[str, Any]], matcher: OffenceMatcher, k: int = 5) -> dict[str, Any]:
    """``matcher``: the knowledge base's (or a keywords-only one from ``build_matcher(settings, None)``)."""
    matcher.match(records[0]["scenario"], k=k)  # warm-up: tokenizer, embedder, caches
    rows: list[Row] = []
    for rec in records:
        party: PartyType | None = (
            rec["party_type"] if rec["party_type"] in ("individual", "organisation") else None
        )
        t0 = time.perf_counter()
        hits = matcher.match(rec["scenario"], party=party, k=k)
        ms = (time.perf_counter() - t0) * 1000
        rank = next((i + 1 for i, h in enumerate(hits) if offence_right(rec, h)), None)
        top = hits[0]
        right = hits[rank - 1] if rank else None
        exp = rec["expected"]
        rows.append(
            Row(
                id=rec["id"],
                expected=exp["offence"],
                got=[h.offence.id for h in hits[:3]],
                rank=rank,
                penalty_ok=penalty_right(rec, top) if rank == 1 else None,
                fine_ok=fine_right(rec, top) if rank == 1 else None,
                fine_expected=(exp.get("fine_min"), exp.get("fine_max")),
                fine_got=right.fine_range() if right else top.fine_range(),
                band_expected=exp.get("band_hint", ""),
                band_got=top.band.name if rank == 1 else None,
                ncm_ok=(top.offence.not_city_management == bool(exp.get("not_city_management"))),
                ms=ms,
                dense_used="dense" in top.components,
            )
        )
    n = len(rows)
    top1 = [r for r in rows if r.rank == 1]
    banded = [r for r in top1 if r.band_expected not in ("", "not_applicable")]
    lat = sorted(r.ms for r in rows)
    summary = {
        "records": n,
        "dense": matcher.embedder is not None,
        "top1": sum(r.rank == 1 for r in rows) / n,
        "top3": sum(r.rank is not None and r.rank <= 3 for r in rows) / n,
        "penalty_given_top1": sum(bool(r.penalty_ok) for r in top1) / max(len(top1), 1),
        "fine_given_top1": sum(bool(r.fine_ok) for r in top1) / max(len(top1), 1),
        "band_agreement_given_top1": sum(r.band_got == r.band_expected for r in banded) / max(len(banded), 1),
        "not_city_management_agreement": sum(bool(r.ncm_ok) for r in rows) / n,
        "dense_used": sum(r.dense_used for r in rows) / n,
        "latency_ms_p50": statistics.median(lat),
        "latency_ms_p95": lat[min(n - 1, math.ceil(0.95 * n) - 1)],
    }
    return {"summary": summary, "rows": [r.__dict__ for r in rows]}


def _report(result: dict[str, Any]) -> str:
    s = result["summary"]
    lines = [
        f"违法行为匹配评测：{s['records']} 条（向量检索：{'是' if s['dense'] else '否'}）",
        f"  top-1 {s['top1']:.3f}  top-3 {s['top3']:.3f}  罚则(top-1 正确时) {s['penalty_given_top1']:.3f}  "
        f"罚款幅度(top-1 正确时) {s['fine_given_top1']:.3f}",
        f"  裁量档次一致 {s['band_agreement_given_top1']:.3f}  管辖判断一致 {s['not_city_management_agreement']:.3f}",
        f"  延迟 p50 {s['latency_ms_p50']:.1f} ms  p95 {s['latency_ms_p95']:.1f} ms  "
        f"（用到向量的查询占 {s['dense_used']:.0%}）",
    ]
    for r in result["rows"]:
        flags = []
        if r["rank"] != 1:
            flags.append(f"排名={r['rank']}")
        if r["penalty_ok"] is False:
            flags.append("罚则不符")
        if r["fine_ok"] is False:
            flags.append(f"罚款 期望{r['fine_expected']} 得到{r['fine_got']}")
        if r["band_got"] and r["band_expected"] != "not_applicable" and r["band_got"] != r["band_expected"]:
            flags.append(f"档次 {r['band_expected']}→{r['band_got']}")
        if flags:
            lines.append(f"  {r['id']} {r['expected']}: {'; '.join(flags)}  前三={r['got']}")
    return "\n".join(lines)


def find_data(path: str | None) -> Path:
    if path:
        return Path(path)
    for candidate in DEFAULT_DATA:
        if candidate.is_file():
            return candidate
    raise SystemExit("找不到 offence_dev.jsonl，请用 --data 指定")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="违法行为匹配评测 / offence-matching eval")
    ap.add_argument("--data", help="JSONL eval file (default: shared/evals/offence_dev.jsonl)")
    ap.add_argument("--no-embedder", action="store_true", help="keywords + cues only")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--json", help="write the full result here")
    a = ap.parse_args(argv)
    settings = (
        get_settings()
    )  # this script is its process's composition root: one knowledge base, one embedder
    if a.no_embedder:
        matcher = build_matcher(settings, None)
    else:
        from knowledge.base import KnowledgeBase
        from knowledge.embedding import build_embedder

        embedder = build_embedder(settings)
        matcher = KnowledgeBase(settings, embedder=lambda: embedder).matcher
    result = evaluate(load_records(find_data(a.data)), matcher, k=a.k)
    print(_report(result))
    if a.json:
        Path(a.json).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
