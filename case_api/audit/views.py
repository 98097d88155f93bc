"""/api/audit: the log and its verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from case_api.audit import service
from case_api.audit.models import AuditEntryPublic, VerifyReport
from case_api.deps import SessionDep, StoreDep, require_roles
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/audit", tags=["audit 全过程记录"])
Auditor = Annotated[User, Depends(require_roles(Role.legal, Role.commander, Role.admin))]


@router.get(
    "/verify", response_model=VerifyReport, summary="校验审计链与证据文件 / verify the chain and files"
)
def verify(session: SessionDep, store: StoreDep, _: Auditor) -> VerifyReport:
    return service.verify(session, evidence_store=store)


@router.get("", response_model=list[AuditEntryPublic], summary="审计记录")
def list_entries(
    session: SessionDep,
    _: Auditor,
    entity: str | None = None,
    entity_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuditEntryPublic]:
    rows = service.list_entries(session, entity=entity, entity_id=entity_id, limit=limit)
    return [AuditEntryPublic.model_validate(r) for r in rows]
