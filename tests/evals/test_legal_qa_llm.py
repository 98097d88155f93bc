"""legal_qa end to end with the bundled LLM: an answer scored against the corpus, a refusal, and the same answer
twice at temperature 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.runner import run_suite
from evals.suite import get_suite
from evals.targets import DeterministicLLM, InProcessTarget

pytestmark = pytest.mark.models


def test_legal_answers_are_scored_and_repeatable(tmp_path: Path, target: InProcessTarget):
    assert isinstance(target.get("llm"), DeterministicLLM)
    first = run_suite(get_suite("legal_qa")(), target, tmp_path / "a", only={"dev-qa-001", "dev-qa-029"})
    answer, refusal = first.results
    assert answer.error is None and refusal.error is None
    assert answer.scores["citations_invalid"] == 0 and answer.scores["expected_found"] == 1
    assert answer.ttft_s is not None and answer.latency_s is not None and answer.ttft_s <= answer.latency_s
    assert refusal.ok and refusal.scores["refused"]
    assert first.summary["refusal_recall"] == 1.0 and first.summary["answerable_refused"] == 0
    again = run_suite(get_suite("legal_qa")(), target, tmp_path / "b", only={"dev-qa-001"})
    assert again.results[0].detail["answer"] == answer.detail["answer"]  # greedy decoding: the same text
