"""The review checklist (``checklist.yaml``) as validated, frozen data."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

CHECKLIST_FILE = Path(__file__).with_name("checklist.yaml")

Kind = Literal[
    "document", "document_integrity", "deadlines", "offence_known", "violated_provision", "penalty_provision",
    "fine_range", "fine_band", "evidence_present", "evidence_intact", "officers", "rights_told",
    "statements_answered", "payment", "closing",
]  # fmt: skip
Step = Literal["filed", "notified", "decided", "served", "executed", "closed", "archived"]
Grade = Literal["优", "良", "合格", "不合格"]
GRADES: tuple[Grade, ...] = ("优", "良", "合格", "不合格")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z]+(-[A-Z]+)*$")
    kind: Kind
    title: str
    basis: str
    points: int = Field(ge=0, le=100)
    fatal: bool = False
    procedure: Literal["ordinary", "simple"] | None = None
    reached: Step | None = None
    fine_only: bool = False
    hearing: bool = False  # only when the party had the right to a hearing (第六十三条)
    any_of: tuple[str, ...] = ()
    minimum: int = 0


class Checklist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    grades: dict[Grade, int]
    rules: tuple[Rule, ...]

    def grade(self, score: int, fatal: bool) -> Grade:
        if fatal:
            return "不合格"
        for name in GRADES[:-1]:
            if score >= self.grades[name]:
                return name
        return "不合格"


def parse(raw: Any) -> Checklist:
    checklist = Checklist.model_validate(raw)
    ids = [r.id for r in checklist.rules]
    if len(ids) != len(set(ids)):
        raise ValueError("评查规则编号重复")
    return checklist


@cache
def load(path: Path = CHECKLIST_FILE) -> Checklist:
    """The bundled checklist (read once; it is part of the code base)."""
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))
