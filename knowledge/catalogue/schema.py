"""The offence catalogue's data model (教科书式执法: 违法行为 → 违则 / 罚则 / 罚款幅度 / 裁量)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PartyType = Literal["individual", "organisation"]
PARTIES: tuple[PartyType, ...] = ("individual", "organisation")
Competence = Literal["city_management", "designated", "other"]

PARTY_LABELS: dict[str, str] = {"individual": "个人", "organisation": "单位"}
COMPETENCE_LABELS: dict[str, str] = {
    "city_management": "城管（市容环卫、园林、市政等）",
    "designated": "地方政府指定/确定的部门（须核实本地指定）",
    "other": "其他机关管辖（应移送）",
}

_ARTICLE = re.compile(r"^第[零〇一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$")
_PARAGRAPH = re.compile(r"^第[一二三四五六七八九十]+款$")
_ITEM = re.compile(r"^（[一二三四五六七八九十]+）$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LawRef(_Strict):
    """One provision: law title as in the corpus file name, 第X条, optional 第N款 and （N）项."""

    law: str
    article: str
    paragraph: str | None = None
    item: str | None = None

    @field_validator("article")
    @classmethod
    def _article(cls, v: str) -> str:
        if not _ARTICLE.match(v):
            raise ValueError(f"条号格式应为“第X条”: {v}")
        return v

    @field_validator("paragraph")
    @classmethod
    def _paragraph(cls, v: str | None) -> str | None:
        if v is not None and not _PARAGRAPH.match(v):
            raise ValueError(f"款号格式应为“第N款”: {v}")
        return v

    @field_validator("item")
    @classmethod
    def _item(cls, v: str | None) -> str | None:
        if v is None:
            return v
        v = v.replace("(", "（").replace(")", "）")
        if not _ITEM.match(v):
            raise ValueError(f"项号格式应为“（N）”: {v}")
        return v

    @property
    def label(self) -> str:
        """《法名》第X条第N款（N）."""
        return f"《{self.law}》{self.article}{self.paragraph or ''}{self.item or ''}"

    def short(self) -> dict[str, str]:
        return {"law": self.law, "article": self.article}


class Fine(_Strict):
    """A fine for one party type. ``min`` None = statute sets only a ceiling (以下); ``per`` = 日 / 平方米 for
    unit fines; ``basis`` = verbatim statute words where the fine is not a yuan amount (造价百分比, 补偿费倍数)."""

    min: int | None = None
    max: int | None = None
    per: Literal["日", "平方米"] | None = None
    basis: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Fine:
        if self.min is None and self.max is None and not self.basis:
            raise ValueError("罚款须给出 min/max 或 basis")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"罚款下限大于上限: {self.min} > {self.max}")
        return self

    @property
    def has_amount(self) -> bool:
        return self.min is not None or self.max is not None

    @property
    def left_to_other_law(self) -> bool:
        """No amount, only 依法处以罚款 (固体废物污染环境防治法第一百一十一条第三款: 对个人依法处以罚款): the amount is
        another law's — a local regulation's — not one to be computed from a basis."""
        return not self.has_amount and "依法处以罚款" in (self.basis or "")

    def label(self) -> str:
        if not self.has_amount:
            return f"{self.basis}（无固定金额）"
        unit = f"每{self.per}" if self.per else ""
        if self.per and self.max is None:
            return f"{unit}{self.min}元"
        if self.min is None:
            return f"{unit}{self.max}元以下"
        if self.min == self.max:
            return f"{unit}{self.min}元"
        return f"{unit}{self.min}–{self.max}元"


class FineTier(_Strict):
    """One statutory tier (基本幅度 / 情节严重 …), ordered from lightest to heaviest."""

    tier: str
    when: str | None = None
    individual: Fine | None = None
    organisation: Fine | None = None

    @model_validator(mode="before")
    @classmethod
    def _expand_all(cls, data: object) -> object:
        if isinstance(data, dict) and "all" in data:
            data = dict(data)
            both = data.pop("all")
            data.setdefault("individual", both)
            data.setdefault("organisation", both)
        return data

    def for_party(self, party: PartyType) -> Fine | None:
        return self.individual if party == "individual" else self.organisation


class Cue(_Strict):
    """A cheap structured signal: any of these words in the scenario adds ``weight`` (may be negative) — where
    ``also`` is given, only with one of its words too (围挡外侧 with 泥浆 or 渣: the site's surroundings, not cars
    parked outside its hoarding)."""

    any: list[str]
    weight: float
    also: list[str] = Field(default_factory=list)

    def holds(self, present: Callable[[str], bool]) -> bool:
        """Whether the cue fires, ``present`` telling whether one word is in the text."""
        return any(present(w) for w in self.any) and (not self.also or any(present(w) for w in self.also))


class Offence(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    domain: str = ""
    aliases: list[str] = Field(min_length=1)
    facts: list[str] = Field(min_length=1)
    violated: list[LawRef] = Field(min_length=1)
    penalty: list[LawRef] = Field(min_length=1)
    penalty_kinds: list[str] = Field(min_length=1)
    fines: list[FineTier] = Field(min_length=1)
    fine_condition: str | None = None
    measures: list[str] = Field(default_factory=list)
    competence: Competence
    competent_authority: str
    governing: str
    parties: list[PartyType] = Field(default_factory=lambda: list(PARTIES))
    related: list[LawRef] = Field(default_factory=list)
    cues: list[Cue] = Field(default_factory=list)
    # The offence's defining element (its act, object or place: 砌/搭 of a structure on the road, 历史/文物 of a
    # historic building, 三无/假冒 of illicit fireworks) as the words a report would use; a scenario naming none of
    # them ranks lower (the matcher's REQUIRES_MISSING). Empty: no such check.
    requires: list[str] = Field(default_factory=list)
    band_facts: dict[str, list[str]] = Field(default_factory=dict)

    @property
    def primary_violated(self) -> LawRef:
        return self.violated[0]

    @property
    def primary_penalty(self) -> LawRef:
        return self.penalty[0]

    @property
    def not_city_management(self) -> bool:
        return self.competence == "other"

    def fine_for(self, party: PartyType, tier: int = 0) -> Fine | None:
        tiers = self.fines
        return tiers[min(tier, len(tiers) - 1)].for_party(party)

    def search_text(self) -> str:
        """What the matcher indexes: name, aliases and constituent facts."""
        return "；".join([self.name, *self.aliases, *self.facts])


class Catalogue(_Strict):
    offences: tuple[Offence, ...]

    def get(self, offence_id: str) -> Offence:
        for o in self.offences:
            if o.id == offence_id:
                return o
        raise KeyError(offence_id)

    def __len__(self) -> int:
        return len(self.offences)
