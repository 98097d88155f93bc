"""Similar past cases from the record, shown beside the law in an offence answer (``similar_case`` events).

A past case is one that reached a decision (决定 and after) or was dropped (不予处罚, e.g. 首违不罚): its outcome is
what an officer wants beside the statute. Candidates are the past cases of the same catalogue offence (the case's
offence code is the offence's id, or its offence name is the offence's name or one of its aliases); they are ranked
by their facts — the embedder's similarity between the officer's masked description and each case's masked 违法事实
— so the case that happened like this one comes first, not merely the newest. Without the facts or an embedder:
newest first. At most ``k``.

Masked: no party, no phone or ID number; the description, facts, title and outcome pass through
:func:`assistant.masking.scrub` before the embedder or the user sees them. Only staff see them (a citizen sees only
their own cases, never others', masked or not).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
from sqlmodel import col, or_, select

from assistant.events import PastCase
from assistant.masking import scrub
from case_api.cases.models import STATE_LABELS, Case, CaseState, PenaltyKind
from case_api.db import session_for
from core.settings import Settings
from knowledge.catalogue.schema import Offence
from knowledge.embedding import Embedder

PAST_STATES = (
    CaseState.decided,
    CaseState.served,
    CaseState.executed,
    CaseState.closed,
    CaseState.archived,
    CaseState.dropped,
)
POOL = 200  # the newest past cases of the offence that are compared by their facts
_CACHE_SIZE = 4096  # case fact vectors kept by one SimilarCases (keyed by the masked text's hash)


def outcome(case: Case) -> str:
    if case.state == CaseState.dropped:
        return "不予处罚/终止" + (f"：{case.outcome_note}" if case.outcome_note else "")
    if case.penalty_kind == PenaltyKind.fine and case.fine_fen:
        text = f"罚款 {case.fine_fen / 100:.0f} 元"
    elif case.penalty_kind == PenaltyKind.warning:
        text = "警告"
    else:
        text = "不予处罚"
    return f"{text}（{STATE_LABELS[CaseState(case.state)]}）"


def case_facts(case: Case) -> str:
    """The masked text a past case is compared by: its 违法事实, else its 案由."""
    return scrub(case.facts.strip() or case.title)


def past_case(case: Case, offence: Offence) -> PastCase:
    return PastCase(
        case_no=case.case_number or f"案件{case.id}",
        title=scrub(case.title),
        offence=case.offence_name or offence.name,
        outcome=scrub(outcome(case)),
        decided_at=(case.decided_at or case.dropped_at or case.created_at).date().isoformat(),
        penalty_provision=case.penalty_provision,
    )


def _past_of(settings: Settings, offence: Offence, limit: int) -> list[tuple[Case, str]]:
    names = {offence.name, *offence.aliases}
    with session_for(settings) as session:
        rows = session.exec(
            select(Case)
            .where(col(Case.state).in_([s.value for s in PAST_STATES]))
            .where(or_(col(Case.offence_code) == offence.id, col(Case.offence_name).in_(sorted(names))))
            .order_by(col(Case.created_at).desc(), col(Case.id).desc())
            .limit(limit)
        ).all()
        return [(case, case_facts(case)) for case in rows]


class SimilarCases:
    """Past cases like the one described: same offence, ranked by the similarity of their facts.

    ``embedder`` gives the process's embedder (None where it is not loaded: newest first); the vectors of the
    cases' masked facts are kept here, by text, so a case is embedded once."""

    def __init__(self, settings: Settings, embedder: Callable[[], Embedder | None]) -> None:
        self.settings = settings
        self._embedder = embedder
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def _passage_vectors(self, embedder: Embedder, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        todo = [i for i, k in enumerate(keys) if k not in self._vectors]
        if todo:
            fresh = np.asarray(embedder.embed_passages([texts[i] for i in todo]), dtype=np.float32)
            for i, vec in zip(todo, fresh, strict=True):
                self._vectors[keys[i]] = vec
        for k in keys:
            self._vectors.move_to_end(k)
        while len(self._vectors) > _CACHE_SIZE:
            self._vectors.popitem(last=False)
        return np.stack([self._vectors[k] for k in keys])

    def find(self, offence: Offence, facts: str = "", *, k: int = 3) -> list[PastCase]:
        rows = _past_of(self.settings, offence, POOL)
        embedder = self._embedder() if facts.strip() and len(rows) > 1 else None
        if embedder is not None:
            query = np.asarray(embedder.embed_queries([scrub(facts)]), dtype=np.float32)[0]
            sims = self._passage_vectors(embedder, [text for _, text in rows]) @ query
            order = sorted(range(len(rows)), key=lambda i: -float(sims[i]))  # stable: newest first on a tie
            rows = [rows[i] for i in order]
        return [past_case(case, offence) for case, _ in rows[:k]]


def similar_cases(settings: Settings, offence: Offence, *, k: int = 3) -> list[PastCase]:
    """The newest past cases of ``offence`` (no description to compare by)."""
    return [past_case(case, offence) for case, _ in _past_of(settings, offence, k)]
