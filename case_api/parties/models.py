"""Party model family. Public views mask ID and phone numbers; only :class:`PartyDetail` shows them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel

from case_api.masking import mask_id_number, mask_phone
from case_api.sqltypes import UTCDateTime, utcnow


class PartyKind(StrEnum):
    individual = "individual"  # 公民
    organisation = "organisation"  # 法人或者其他组织


PARTY_KIND_LABELS = {PartyKind.individual: "公民", PartyKind.organisation: "法人或者其他组织"}


class PartyBase(SQLModel):
    kind: PartyKind = Field(sa_type=String(16))
    name: str = Field(min_length=1, max_length=128, description="姓名 / 单位名称")
    id_number: str | None = Field(default=None, max_length=32, description="身份证号 / 统一社会信用代码")
    phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=256)
    legal_representative: str | None = Field(default=None, max_length=64, description="法定代表人（单位）")


class Party(PartyBase, table=True):
    __tablename__ = "party"

    id: int | None = Field(default=None, primary_key=True)
    id_number: str | None = Field(default=None, max_length=32, index=True)
    phone: str | None = Field(default=None, max_length=20, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PartyCreate(PartyBase):
    pass


class PartyUpdate(SQLModel):
    name: str | None = Field(default=None, min_length=1, max_length=128)
    id_number: str | None = Field(default=None, max_length=32)
    phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=256)
    legal_representative: str | None = Field(default=None, max_length=64)


class PartyPublic(SQLModel):
    id: int
    kind: PartyKind
    kind_label: str
    name: str
    id_number_masked: str | None
    phone_masked: str | None
    address: str | None
    legal_representative: str | None

    @classmethod
    def of(cls, party: Party) -> PartyPublic:
        assert party.id is not None
        return cls(
            id=party.id,
            kind=party.kind,
            kind_label=PARTY_KIND_LABELS[PartyKind(party.kind)],
            name=party.name,
            id_number_masked=mask_id_number(party.id_number),
            phone_masked=mask_phone(party.phone),
            address=party.address,
            legal_representative=party.legal_representative,
        )


class PartyDetail(PartyPublic):
    """Unmasked, for staff who need it (the access is audited)."""

    id_number: str | None
    phone: str | None

    @classmethod
    def reveal(cls, party: Party) -> PartyDetail:
        return cls(**PartyPublic.of(party).model_dump(), id_number=party.id_number, phone=party.phone)
