"""Steps `zhifa setup` runs, contributed by each command module (ordered by ``order``). Each step is idempotent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.settings import Settings


@dataclass(frozen=True)
class SetupStep:
    order: int
    label: str  # Chinese / English, shown while the step runs
    run: Callable[[Settings], None]


STEPS: list[SetupStep] = []


def add_step(order: int, label: str, run: Callable[[Settings], None]) -> None:
    if all(s.label != label for s in STEPS):
        STEPS.append(SetupStep(order, label, run))
