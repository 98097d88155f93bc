"""The CI gate: the deterministic suites (no LLM) run over their datasets in the repository and must not fall
below the baseline report kept in evals/baseline/ by more than each metric's documented tolerance."""

from __future__ import annotations

from pathlib import Path

from evals import report
from evals.gate import BASELINE, regressions
from evals.runner import run_suite
from evals.suite import DATASETS, REPO, get_suite, read_jsonl
from evals.targets import InProcessTarget


def test_baseline_covers_every_deterministic_suite_on_its_whole_dataset():
    baseline = report.load(BASELINE)
    for name in ("offence", "retrieval"):
        suite = baseline["suites"][name]
        assert get_suite(name).deterministic
        dataset = REPO / suite["dataset"]
        assert dataset.parent == DATASETS and len(suite["items"]) == len(read_jsonl(dataset))
        gated = [k for k, m in get_suite(name).metrics.items() if m.gated]
        assert gated and all(suite["summary"].get(k) is not None for k in gated)


def test_deterministic_metrics_do_not_fall_below_the_baseline(tmp_path: Path, target: InProcessTarget):
    baseline = report.load(BASELINE)
    runs = []
    for name, suite in baseline["suites"].items():
        cls = get_suite(name)
        assert cls.deterministic, f"{name} in the baseline needs no LLM"
        runs.append(run_suite(cls(**suite["config"]), target, tmp_path, dataset=REPO / suite["dataset"]))
    current = report.build(runs, target=target.describe(), wall_s=0.0)
    assert regressions(baseline, current) == []
    for run in runs:  # and the gate itself bites: one more invalid citation or 2 points of accuracy fail it
        worse = report.build([run], target={}, wall_s=0.0)
        summary = worse["suites"][run.suite.name]["summary"]
        summary["citations_invalid"] = int(summary["citations_invalid"]) + 1
        assert any("citations_invalid" in p for p in regressions(baseline, worse))
