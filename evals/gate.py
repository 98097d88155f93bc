"""The CI gate: the deterministic suites' gated metrics must not fall below the baseline kept in the repository
(``evals/baseline/report.json``) by more than each metric's declared tolerance (evals/README.md lists them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evals.suite import get_suite

BASELINE = Path(__file__).resolve().parent / "baseline" / "report.json"


def regressions(baseline: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """One Chinese line per gated metric that moved the wrong way by more than its tolerance (or went missing)."""
    problems = []
    for name, base in baseline["suites"].items():
        if name not in current["suites"]:
            continue
        cls = get_suite(name)
        now = current["suites"][name]["summary"]
        for key, metric in cls.metrics.items():
            if not metric.gated or metric.direction == "info":
                continue
            b = base["summary"].get(key)
            c = now.get(key)
            if b is None:
                continue
            if c is None:
                problems.append(f"{name}.{key}（{metric.label}）：基线 {b}，本次没有这个数")
                continue
            worse = (b - c) if metric.direction == "higher" else (c - b)
            if worse > metric.tolerance + 1e-9:
                problems.append(
                    f"{name}.{key}（{metric.label}）：基线 {b} → 本次 {c}，超出允许的 {metric.tolerance}"
                )
    return problems
