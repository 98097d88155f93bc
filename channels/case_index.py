"""Past cases into the knowledge index: the composition root reads decided cases from case_api and hands them
to knowledge as plain records (knowledge never imports case_api). Personal data is masked on the way."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import col, select

from case_api.cases.models import Case, CaseState
from case_api.db import session_for
from core.settings import Settings
from knowledge.embedding import Embedder
from knowledge.retrieval import BuildReport, build

PAST_STATES = (CaseState.decided, CaseState.served, CaseState.executed, CaseState.closed, CaseState.archived)
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_PLATE = re.compile(r"[\u4e00-\u9fa5][A-Z][·•]?[A-Z0-9]{5,6}")


def mask_personal(text: str) -> str:
    """ID numbers, phone numbers and plates never reach the index (nor, through it, the LLM)."""
    text = _ID_NUMBER.sub(lambda m: m.group()[:6] + "********" + m.group()[-4:], text)
    text = _PHONE.sub(lambda m: m.group()[:3] + "****" + m.group()[-4:], text)
    return _PLATE.sub(lambda m: m.group()[:2] + "***", text)


def past_case_records(settings: Settings) -> list[dict[str, Any]]:
    with session_for(settings) as session:
        cases = session.exec(
            select(Case).where(col(Case.state).in_(PAST_STATES)).order_by(col(Case.id))
        ).all()
        return [
            {
                "id": case.case_number or f"case-{case.id}",
                "title": f"{case.case_number or ''} {case.title}".strip(),
                "offence_name": case.offence_name or "",
                "facts": mask_personal(case.facts),
                "location": case.location,
                "decision": mask_personal(
                    f"违则：{case.violated_provision or '—'}；罚则：{case.penalty_provision or '—'}；"
                    f"{case.discretion or ''}"
                ),
                "result": f"罚款{case.fine_fen / 100:.0f}元" if case.fine_fen else case.penalty_kind.value,
            }
            for case in cases
        ]


def index_past_cases(settings: Settings, embedder: Embedder) -> BuildReport:
    """Bring the case part of the index up to date (incremental: only new or changed cases are embedded, with
    ``embedder``: the components container's)."""
    return build(settings, embedder=embedder, cases=past_case_records(settings))
