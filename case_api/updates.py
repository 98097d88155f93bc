"""PATCH semantics shared by the services: only the fields sent, and no ``null`` for a required column."""

from __future__ import annotations

from typing import Any

from sqlmodel import SQLModel

from case_api.errors import ValidationFailed


def changes(data: SQLModel, *, required: frozenset[str]) -> dict[str, Any]:
    """``data.model_dump(exclude_unset=True)``, refusing ``null`` for the ``required`` fields."""
    sent = data.model_dump(exclude_unset=True)
    nulls = sorted(k for k, v in sent.items() if v is None and k in required)
    if nulls:
        raise ValidationFailed(
            f"字段 {'、'.join(nulls)} 不能为空；不修改请不要传该字段。", code="null_not_allowed"
        )
    return sent
