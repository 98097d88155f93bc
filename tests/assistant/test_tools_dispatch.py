"""The dispatch eval (evals/datasets/dispatch.jsonl, suite ``dispatch``): every question answered by the chat's
tools as the record's user, checked against the record itself (truth computed by querying case_api, not through
the tools). Deterministic: no model involved."""

from __future__ import annotations

import pytest

from channels.components import Components, build_runtime
from core.settings import Settings
from evals.suite import DATASETS, ItemResult, get_suite
from evals.targets import InProcessTarget


@pytest.fixture(scope="module")
def results(components: Components, settings: Settings) -> list[ItemResult]:
    suite = get_suite("dispatch")()
    runtime = build_runtime(settings, models=components)
    target = InProcessTarget(
        settings, runtime.get, knowledge=components.knowledge
    )  # the same settings: the session's
    records = suite.load(DATASETS / "dispatch.jsonl")
    suite.warm_up(target, records)
    return [suite.run_item(r, target) for r in records]


def test_the_set_has_twenty_questions_of_every_kind(results: list[ItemResult]) -> None:
    assert len(results) >= 20
    assert {r.category for r in results} >= {
        "on_duty",
        "nearest",
        "overdue",
        "counts",
        "case_status",
        "denied",
    }


def test_every_answer_matches_the_record(results: list[ItemResult]) -> None:
    wrong = [(r.id, r.detail["input"], r.detail["why"]) for r in results if not r.ok]
    assert not wrong, wrong


def test_the_checks_can_fail(results: list[ItemResult]) -> None:
    """A tool result that differs from the record (one officer dropped) is caught."""
    from assistant.events import DeltaEvent, ToolEvent
    from evals.suites.dispatch import judge
    from evals.targets import ChatRun

    item = next(r for r in results if r.category == "on_duty" and r.detail["expected"]["badges"])
    tool = dict(item.detail["tools"][0])
    tool["result"] = {**tool["result"], "officers": tool["result"]["officers"][1:]}
    run = ChatRun()
    run.add(ToolEvent(**tool, text=""), 0.0)
    run.add(DeltaEvent(text=item.detail["answer"]), 0.0)
    ok, why = judge(
        {"kind": "on_duty", "grid": item.detail["expected"]["grid"]}, item.detail["expected"], run
    )
    assert not ok and why
