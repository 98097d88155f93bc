"""The review's catalogue port (``case_api.review.ports.OffenceCatalogue``) filled from ``knowledge.catalogue``:
the composition root hands one to the app (``app.state.offence_catalogue``) and to ``zhifa review``."""

from __future__ import annotations

from case_api.review.ports import BandAdvice, FineRange, OffenceStandard, Provision
from knowledge.catalogue import Catalogue, LawRef, Offence, PartyType
from knowledge.catalogue.discretion import discretion_band
from knowledge.catalogue.facts import read_facts


def _provision(ref: LawRef) -> Provision:
    return Provision(law=ref.law, article=ref.article, label=ref.label)


def _fen(yuan: int | None) -> int | None:
    return None if yuan is None else yuan * 100


class CatalogueAdapter:
    """Looks the recorded offence up by catalogue id (``offence_code``), else by exact name or alias."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._by_name: dict[str, Offence] = {}
        for offence in catalogue.offences:
            for name in (offence.name, *offence.aliases):
                self._by_name.setdefault(name, offence)

    def find(self, offence_code: str | None, offence_name: str | None) -> Offence | None:
        if offence_code:
            try:
                return self.catalogue.get(offence_code)
            except KeyError:
                pass
        return self._by_name.get((offence_name or "").strip()) if offence_name else None

    def standard(
        self, *, offence_code: str | None, offence_name: str | None, party_kind: str, facts: str
    ) -> OffenceStandard | None:
        offence = self.find(offence_code, offence_name)
        if offence is None:
            return None
        party: PartyType = "organisation" if party_kind == "organisation" else "individual"
        ranges = []
        for tier in offence.fines:
            fine = tier.for_party(party)
            if fine is None:
                continue
            ranges.append(
                FineRange(tier=tier.tier, min_fen=_fen(fine.min) if fine.min is not None else (0 if fine.max else None),
                          max_fen=_fen(fine.max), per=fine.per or (None if fine.has_amount else "basis"),
                          label=fine.label())
            )  # fmt: skip
        band = discretion_band(offence, party, read_facts(facts).facts) if facts.strip() else None
        advice = None
        if band is not None and band.per is None:
            advice = BandAdvice(
                name=band.name, min_fen=_fen(band.fine_min), max_fen=_fen(band.fine_max),
                reasons=tuple(band.reasons), basis=tuple(band.legal_basis), label=band.label(),
            )  # fmt: skip
        return OffenceStandard(
            code=offence.id, name=offence.name, violated=tuple(_provision(r) for r in offence.violated),
            penalty=tuple(_provision(r) for r in offence.penalty), ranges=tuple(ranges), band=advice,
        )  # fmt: skip
