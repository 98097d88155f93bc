"""Run suites over their datasets: progress, resumable per-item results, a summary per suite.

``<out>/<suite>.results.jsonl`` gets one line per item as soon as it is done; ``<out>/<suite>.meta.json`` holds
what the results depend on (dataset path and digest, the suite's config, the target). A re-run with the same
``--out`` skips the items already there (an interrupted run resumes) unless the meta differs — then it stops and
says so, or starts over with ``fresh=True``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.suite import DATASETS, ItemResult, Suite
from evals.targets import Target

Progress = Callable[[str, int, int, ItemResult | None], None]


class ResumeMismatch(RuntimeError):
    pass


@dataclass
class SuiteRun:
    suite: Suite
    dataset: Path
    results: list[ItemResult] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    wall_s: float = 0.0
    resumed: int = 0


def dataset_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def default_dataset(suite: Suite) -> Path:
    return DATASETS / suite.dataset


def _read_done(path: Path) -> dict[str, ItemResult]:
    done: dict[str, ItemResult] = {}
    if not path.is_file():
        return done
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            result = ItemResult.from_dict(json.loads(line))
        except (json.JSONDecodeError, TypeError):
            continue  # a line cut by the interruption: that item runs again
        if result.error is None:
            done[result.id] = result
    return done


def run_suite(
    suite: Suite,
    target: Target,
    out: Path,
    *,
    dataset: Path | None = None,
    limit: int | None = None,
    fresh: bool = False,
    progress: Progress | None = None,
) -> SuiteRun:
    path = dataset or default_dataset(suite)
    records = suite.load(path)
    if limit is not None:
        records = records[:limit]
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / f"{suite.name}.results.jsonl"
    meta_path = out / f"{suite.name}.meta.json"
    meta = {
        "suite": suite.name,
        "dataset": str(path),
        "dataset_sha256": dataset_digest(path),
        "config": suite.config(),
        "target": target.describe(),
    }
    if fresh:
        results_path.unlink(missing_ok=True)
    elif meta_path.is_file() and results_path.is_file():
        old = json.loads(meta_path.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in meta} != meta:
            changed = [k for k in meta if old.get(k) != meta[k]]
            raise ResumeMismatch(
                f"{out} 中已有 {suite.name} 的结果，但 {'、'.join(changed)} 不同：换一个 --out，或加 --fresh 重新开始。"
            )
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    done = _read_done(results_path)
    wanted = {str(r["id"]) for r in records}
    run = SuiteRun(suite, path, resumed=len(wanted & set(done)))
    t0 = time.perf_counter()
    todo = [r for r in records if str(r["id"]) not in done]
    if todo:
        suite.warm_up(target, todo)
    with results_path.open("a", encoding="utf-8") as fh:
        for n, record in enumerate(records, start=1):
            rid = str(record["id"])
            if rid in done:
                run.results.append(done[rid])
                if progress:
                    progress(suite.name, n, len(records), None)
                continue
            try:
                result = suite.run_item(record, target)
            except KeyboardInterrupt:
                raise
            except Exception as exc:  # one item's failure is recorded and the run goes on
                result = ItemResult(
                    suite=suite.name,
                    id=rid,
                    ok=False,
                    error=f"{type(exc).__name__}: {exc}",
                    detail={"traceback": traceback.format_exc(limit=4)},
                )
            run.results.append(result)
            fh.write(result.to_json() + "\n")
            fh.flush()
            if progress:
                progress(suite.name, n, len(records), result)
    run.wall_s = time.perf_counter() - t0
    run.summary = suite.summarise(run.results)
    return run


def plain_progress(stream: Any = None) -> Progress:
    """One line per item, for a log file or a pipe."""
    out = stream or sys.stderr

    def report(suite: str, n: int, total: int, result: ItemResult | None) -> None:
        if result is None:
            print(f"[{suite}] {n}/{total} 已完成（续跑跳过）", file=out, flush=True)
            return
        status = "出错" if result.error else ("通过" if result.ok else "未通过")
        took = f" {result.latency_s:.2f}s" if result.latency_s is not None else ""
        print(f"[{suite}] {n}/{total} {result.id} {status}{took}", file=out, flush=True)

    return report
