"""Offence advice: description → top offences with 违则, 罚则, fine range, discretion band and quoted provisions.

Deterministic: the catalogue and the discretion rules decide; every provision shown is quoted from the corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, cast

from assistant.grounding import QuotedProvision
from core.settings import Settings
from knowledge.catalogue.matcher import OffenceHit, match_offences
from knowledge.catalogue.schema import LawRef
from knowledge.citations import resolve_reference

PartyType = Literal["individual", "organisation"]


def quote(ref: LawRef) -> QuotedProvision | None:
    """The provision a catalogue entry names, quoted from the corpus (None if it does not resolve)."""
    found = [r for r in resolve_reference(ref.label) if r.found and r.id and r.text]
    if not found:
        return None
    res = found[0]
    label = (res.label or ref.label).split("》")[-1]
    return QuotedProvision(res.id or "", res.law_title or ref.law, label, res.text or "", True)


def offence_item(rank: int, hit: OffenceHit) -> dict[str, object]:
    o = hit.offence
    authority = o.competent_authority if o.not_city_management or o.competence != "city_management" else ""
    return {
        "rank": rank,
        "id": o.id,
        "name": o.name,
        "violated": "；".join(r.label for r in o.violated),
        "penalty": "；".join(r.label for r in o.penalty),
        "fine": hit.fine.label() if hit.fine else "（不罚款或无固定金额）",
        "band": hit.band.label(),
        "band_reasons": hit.band.reasons,
        "measures": "、".join(o.measures),
        "authority": authority,
        "not_city_management": o.not_city_management,
        "score": round(hit.score, 4),
    }


class OffenceAdvisor:
    def __init__(self, settings: Settings, *, k: int = 3) -> None:
        self.settings = settings
        self.k = k

    def stream(self, text: str, *, party_type: str = "individual") -> Iterator[dict[str, object]]:
        hits = match_offences(text, party=cast(PartyType, party_type), k=self.k, settings=self.settings)
        if not hits:
            yield {"type": "delta", "text": "没有在违法行为目录中找到匹配的违法行为，请补充现场情况。"}
            return
        top = hits[0]
        o = top.offence
        lead = (
            f"最可能的违法行为：{o.name}。违则：{o.primary_violated.label}；罚则：{o.primary_penalty.label}。"
        )
        if o.not_city_management:
            lead += f"注意：此事项不属于城管职责，应移交{o.competent_authority}。"
        lead += f"\n裁量建议：{top.band.label()}"
        if top.band.reasons:
            lead += "（" + "；".join(top.band.reasons) + "）"
        yield {"type": "delta", "text": lead}
        for rank, hit in enumerate(hits, start=1):
            yield {"type": "offence", "item": offence_item(rank, hit)}
        for ref in (o.primary_violated, o.primary_penalty):
            prov = quote(ref)
            if prov is not None:
                yield {"type": "citation", "item": prov.as_event()}
