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

from evals.suite import DATASETS, ItemResult, Suite, display_path, revision
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
    warm_up_error: str | None = None


def dataset_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def default_dataset(suite: Suite) -> Path:
    return DATASETS / suite.dataset


def read_results(path: Path) -> dict[str, ItemResult]:
    """The latest result per item id in a results file (a line cut by an interruption is ignored)."""
    latest: dict[str, ItemResult] = {}
    if not path.is_file():
        return latest
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            result = ItemResult.from_dict(json.loads(line))
        except (json.JSONDecodeError, TypeError):
            continue  # a line cut by the interruption: that item runs again
        latest[result.id] = result
    return latest


def _read_done(path: Path) -> dict[str, ItemResult]:
    return {k: r for k, r in read_results(path).items() if r.error is None}


def run_suite(
    suite: Suite,
    target: Target,
    out: Path,
    *,
    dataset: Path | None = None,
    limit: int | None = None,
    only: set[str] | None = None,
    fresh: bool = False,
    progress: Progress | None = None,
) -> SuiteRun:
    path = dataset or default_dataset(suite)
    records = suite.load(path)
    if only:
        unknown = only - {str(r["id"]) for r in records}
        if unknown:
            raise ValueError(f"数据集中没有这些条目：{'、'.join(sorted(unknown))}")
        records = [r for r in records if str(r["id"]) in only]
    if limit is not None:
        records = records[:limit]
    out.mkdir(parents=True, exist_ok=True)
    results_path = out / f"{suite.name}.results.jsonl"
    meta_path = out / f"{suite.name}.meta.json"
    meta = {
        "suite": suite.name,
        "dataset": display_path(path),
        "dataset_sha256": dataset_digest(path),
        "config": suite.config(),
        "target": target.describe(),
    }
    if fresh:
        results_path.unlink(missing_ok=True)
    elif meta_path.is_file() and results_path.is_file():
        old = json.loads(meta_path.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in meta} != meta:  # the code revision may change between resumed parts
            changed = [k for k in meta if old.get(k) != meta[k]]
            raise ResumeMismatch(
                f"{out} 中已有 {suite.name} 的结果，但 {'、'.join(changed)} 不同：换一个 --out，或加 --fresh 重新开始。"
            )
    kept = None if fresh or not meta_path.is_file() else json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(
        json.dumps(
            {**meta, "revision": revision(), "wall_s_total": (kept or {}).get("wall_s_total")},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    done = _read_done(results_path)
    wanted = {str(r["id"]) for r in records}
    run = SuiteRun(suite, path, resumed=len(wanted & set(done)))
    t0 = time.perf_counter()
    todo = [r for r in records if str(r["id"]) not in done]
    if todo:
        try:
            suite.warm_up(target, todo)
        except Exception as exc:  # the items will show what is wrong, one by one
            run.warm_up_error = f"{type(exc).__name__}: {exc}"
    if results_path.is_file() and results_path.stat().st_size:
        with results_path.open("rb") as tail:
            tail.seek(-1, 2)
            cut = tail.read(1) != b"\n"
        if cut:  # the last line was cut by the interruption: start the next one on a line of its own
            with results_path.open("a", encoding="utf-8") as fh:
                fh.write("\n")
    try:
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
    finally:  # the wall time of every part of a resumed run adds up, an interrupted part included
        run.wall_s = time.perf_counter() - t0
        stored = json.loads(meta_path.read_text(encoding="utf-8"))
        stored["wall_s_total"] = round(float(stored.get("wall_s_total") or 0.0) + run.wall_s, 2)
        meta_path.write_text(json.dumps(stored, ensure_ascii=False, indent=1), encoding="utf-8")
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
