"""Parties: create, read, update, find; the caller commits."""

from __future__ import annotations

from sqlmodel import Session, col, or_, select

from case_api import updates
from case_api.audit import service as audit_service
from case_api.errors import NotFound, ValidationFailed
from case_api.parties.models import Party, PartyCreate, PartyKind, PartyUpdate


def get(session: Session, party_id: int) -> Party:
    party = session.get(Party, party_id)
    if party is None:
        raise NotFound(f"当事人 {party_id} 不存在。")
    return party


def create(session: Session, *, data: PartyCreate, actor_id: int | None) -> Party:
    if data.kind == PartyKind.organisation and not data.id_number:
        raise ValidationFailed(
            "单位当事人必须填写统一社会信用代码（id_number）。", code="credit_code_required"
        )
    party = Party.model_validate(data)
    session.add(party)
    session.flush()
    assert party.id is not None
    audit_service.append(
        session, actor_id=actor_id, action="party.created", entity="party", entity_id=party.id,
        payload={"kind": str(party.kind), "name": party.name},
    )  # fmt: skip
    return party


def update(session: Session, *, party: Party, data: PartyUpdate, actor_id: int | None) -> Party:
    changes = updates.changes(data, required=frozenset({"name"}))
    party.sqlmodel_update(changes)
    session.add(party)
    session.flush()
    audit_service.append(
        session, actor_id=actor_id, action="party.updated", entity="party", entity_id=party.id or 0,
        payload={"fields": sorted(changes)},
    )  # fmt: skip
    return party


def search(session: Session, *, q: str | None = None, limit: int = 50) -> list[Party]:
    stmt = select(Party)
    if q:
        stmt = stmt.where(or_(col(Party.name).contains(q), Party.id_number == q, Party.phone == q))
    return list(session.exec(stmt.order_by(col(Party.id).desc()).limit(limit)))
