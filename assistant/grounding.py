"""Grounding: every provision an answer cites must exist in the corpus and is shown quoted from it."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.events import CitedProvision
from knowledge.citations import verify_text
from knowledge.statutes.store import StatuteStore


@dataclass(frozen=True)
class QuotedProvision:
    id: str
    law: str
    label: str  # 第五十一条 (with 款/项 where cited)
    text: str  # quoted verbatim from the corpus
    verified: bool

    def cited(
        self, *, quote: list[str] | None = None, quote_labels: list[str] | None = None
    ) -> CitedProvision:
        """The ``citation`` event's item (with the sentences quoted as the answer, where there are some)."""
        return CitedProvision(
            id=self.id,
            law=self.law,
            label=self.label,
            text=self.text,
            verified=self.verified,
            quote=quote,
            quote_labels=quote_labels,
        )


@dataclass(frozen=True)
class GroundingReport:
    provisions: list[QuotedProvision]  # cited and found: quoted from the corpus
    unverified: list[str]  # cited as written but not in the corpus (an invented or mistaken provision)


def ground_answer(answer: str, *, store: StatuteStore, context_law: str | None = None) -> GroundingReport:
    """Check every citation in ``answer`` against ``store`` (the knowledge base's: the bundled laws and the
    bureau's own additions; ``本法`` refers to ``context_law``)."""
    report = verify_text(answer, context_law=context_law, store=store)
    provisions: list[QuotedProvision] = []
    unverified: list[str] = []
    seen: set[str] = set()
    for res in report.citations:
        if res.found and res.id and res.text is not None:
            if res.id in seen:
                continue
            seen.add(res.id)
            label = (res.label or "").split("》")[-1]
            provisions.append(QuotedProvision(res.id, res.law_title or "", label, res.text, res.ok))
        else:
            unverified.append(res.citation.raw)
    return GroundingReport(provisions, unverified)
