"""The speech and vision suites on media kept in the repository, with the bundled models."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.runner import run_suite
from evals.suite import get_suite
from evals.targets import InProcessTarget

pytestmark = pytest.mark.models


def test_vision_counts_per_class_on_the_bus_photo(tmp_path: Path, target: InProcessTarget):
    run = run_suite(get_suite("vision")(), target, tmp_path, only={"vis-bus", "vis-parked-cars"})
    bus = next(r for r in run.results if r.id == "vis-bus")
    assert bus.ok and bus.scores["counts"]["bus"] == 1 and 3 <= bus.scores["counts"]["person"] <= 4
    assert run.summary["detections_per_class"]["bus"] == 1 and run.summary["counts_in_range"] is not None


def test_asr_and_transcript_cer_and_rtf(tmp_path: Path, target: InProcessTarget):
    only = {"asr-aishell-0724", "asr-firered-it0011"}
    raw = run_suite(get_suite("asr")(), target, tmp_path, only=only)
    piped = run_suite(get_suite("transcript")(), target, tmp_path, only=only)
    for run in (raw, piped):
        assert [r.error for r in run.results] == [None, None]
        assert run.summary["micro_cer"] is not None and run.summary["micro_cer"] <= 0.3
        assert run.summary["rtf"] is not None and run.summary["rtf"] > 0
        assert all(r.detail["answer"] for r in run.results)
    assert (tmp_path / "asr.results.jsonl").is_file() and (tmp_path / "transcript.results.jsonl").is_file()
