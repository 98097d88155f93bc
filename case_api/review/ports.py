"""The port through which the review reaches the offence catalogue (教科书式执法). case_api declares it; the
composition root (``channels/review_catalogue.py``) fills it from ``knowledge/``. Amounts are in fen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Provision:
    """One provision as the catalogue names it: law title (without 《》) and 第X条; ``label`` for messages."""

    law: str
    article: str
    label: str


@dataclass(frozen=True)
class FineRange:
    """One statutory tier for the party type. ``per`` set (每日、每平方米): a unit fine, no total to compare."""

    tier: str
    min_fen: int | None
    max_fen: int | None
    per: str | None = None
    label: str = ""


@dataclass(frozen=True)
class BandAdvice:
    """The discretion band the recorded facts put the case in (第三十四条 裁量基准)."""

    name: str
    min_fen: int | None
    max_fen: int | None
    reasons: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class OffenceStandard:
    code: str
    name: str
    violated: tuple[Provision, ...]
    penalty: tuple[Provision, ...]
    ranges: tuple[FineRange, ...]
    band: BandAdvice | None


class OffenceCatalogue(Protocol):
    def standard(
        self, *, offence_code: str | None, offence_name: str | None, party_kind: str, facts: str
    ) -> OffenceStandard | None:
        """The catalogue's standard for the recorded offence (by code, else by name or alias) and party type
        (``individual`` / ``organisation``), with the band the facts select; ``None`` when it is not listed."""
        ...
