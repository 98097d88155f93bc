"""/api/parties — masked by default; unmasked reads are audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from case_api.audit import service as audit_service
from case_api.deps import IdPath, SessionDep, require_roles
from case_api.parties import service
from case_api.parties.models import PartyCreate, PartyDetail, PartyPublic, PartyUpdate
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/parties", tags=["parties 当事人"])
Handler = Annotated[User, Depends(require_roles(Role.officer, Role.legal))]
Staff = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.commander))]


@router.post("", response_model=PartyPublic, status_code=201, summary="登记当事人")
def create_party(data: PartyCreate, session: SessionDep, user: Handler) -> PartyPublic:
    party = service.create(session, data=data, actor_id=user.id)
    session.commit()
    return PartyPublic.of(party)


@router.get("", response_model=list[PartyPublic], summary="查找当事人（姓名、证件号或电话）")
def search(session: SessionDep, _: Staff, q: str | None = None) -> list[PartyPublic]:
    return [PartyPublic.of(p) for p in service.search(session, q=q)]


@router.get("/{party_id}", response_model=PartyPublic, summary="当事人（脱敏）")
def get_party(party_id: IdPath, session: SessionDep, _: Staff) -> PartyPublic:
    return PartyPublic.of(service.get(session, party_id))


@router.get("/{party_id}/full", response_model=PartyDetail, summary="当事人完整信息（办案需要，留痕）")
def reveal_party(party_id: IdPath, session: SessionDep, user: Handler) -> PartyDetail:
    party = service.get(session, party_id)
    audit_service.append(
        session, actor_id=user.id, action="party.revealed", entity="party", entity_id=party_id, payload={}
    )
    session.commit()
    return PartyDetail.reveal(party)


@router.patch("/{party_id}", response_model=PartyPublic, summary="修改当事人")
def update_party(party_id: IdPath, data: PartyUpdate, session: SessionDep, user: Handler) -> PartyPublic:
    party = service.update(session, party=service.get(session, party_id), data=data, actor_id=user.id)
    session.commit()
    return PartyPublic.of(party)
