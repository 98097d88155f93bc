"""Fixtures for the evals tests: the real runtime's component getter (as ``zhifa eval`` and the server build it)
over the session's settings with the knowledge index built."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from channels.components import Components
from core.settings import Settings
from evals.targets import InProcessTarget
from tests.channels.conftest import app_settings, login

__all__ = ["app_settings", "login"]  # the server tests' fixtures: a fresh database and logins on it


@pytest.fixture(scope="session")
def runtime_get(kb_settings: Settings, components: Components) -> Callable[[str], Any]:
    return components.get  # the session's container (``kb_settings`` is its settings, with the index built)


@pytest.fixture(scope="session")
def target(
    kb_settings: Settings, runtime_get: Callable[[str], Any], components: Components
) -> InProcessTarget:
    return InProcessTarget(kb_settings, runtime_get, knowledge=components.knowledge)
