"""/api/cases — thin routes over :mod:`case_api.cases.service`; the two hot reads (list, detail) over
:mod:`case_api.cases.reads`: on SQLite a read with a small fixed cost is done on the event loop, any other in one
hop to a reader thread (:meth:`case_api.db.Database.read`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlmodel import Field, SQLModel

from case_api import queryparams
from case_api.audit import service as audit_service
from case_api.audit.models import AuditEntryPublic
from case_api.cases import reads, service
from case_api.cases.models import (
    CaseCreate,
    CasePublic,
    CaseState,
    CaseUpdate,
    OverdueItem,
    PaymentRecord,
    PaymentRecordResult,
    Procedure,
    StatementCreate,
    TransitionRequest,
)
from case_api.db import Database
from case_api.deps import (
    MAX_ID,
    CurrentUser,
    IdPath,
    SessionDep,
    SettingsDep,
    StoreDep,
    require_principal,
    require_roles,
)
from case_api.errors import Forbidden
from case_api.review import service as review_service
from case_api.review.deps import CatalogueDep
from case_api.users.models import Role, User
from case_api.users.principals import Principal
from core.settings import Settings

router = APIRouter(prefix="/api/cases", tags=["cases 案件"])

Reader = Annotated[User, Depends(require_roles(*Role))]
Viewer = Annotated[Principal, Depends(require_principal(*Role))]  # the hot reads: who calls, no ORM object
Creator = Annotated[User, Depends(require_roles(Role.officer, Role.commander))]
Editor = Annotated[User, Depends(require_roles(Role.officer, Role.legal))]
Actor = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.commander))]
Supervisor = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.commander, Role.admin))]
Assigner = Annotated[User, Depends(require_roles(Role.officer, Role.commander))]
Cashier = Annotated[User, Depends(require_roles(Role.legal))]


class OfficerIds(SQLModel):
    user_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(max_length=20)


class CaseListQuery(BaseModel):
    """The list's filters, validated as one model (one validation per request, not one per parameter)."""

    model_config = ConfigDict(extra="ignore")

    state: CaseState | None = PydanticField(None, description="案件状态")
    procedure: Procedure | None = PydanticField(None, description="程序：简易 simple / 普通 ordinary")
    q: str | None = PydanticField(None, max_length=100, description="标题包含的文字，或完整案号")
    limit: int = PydanticField(50, ge=1, le=200, description="每页条数")
    offset: int = PydanticField(0, ge=0, le=MAX_ID, description="跳过的条数")


@router.get(
    "",
    response_model=list[CasePublic],
    summary="案件列表（当事人只见本人案件）",
    openapi_extra=queryparams.openapi(CaseListQuery),
)
async def list_cases(request: Request, user: Viewer) -> Response:
    query = queryparams.parse(CaseListQuery, request)  # validated as one model: see case_api.queryparams
    settings: Settings = request.app.state.settings
    database: Database = request.app.state.database
    state, procedure, q, limit, offset = query.state, query.procedure, query.q, query.limit, query.offset
    bounded = reads.bounded_list(user, state=state, procedure=procedure, q=q, limit=limit, offset=offset)
    body = await database.read(
        reads.cases_json, database=database, viewer=user, settings=settings, state=state, procedure=procedure,
        q=q, limit=limit, offset=offset, bounded=bounded,
    )  # fmt: skip
    return Response(body, media_type="application/json")


@router.get("/overdue", response_model=list[OverdueItem], summary="逾期案件（决定、送达、缴款期限）")
def overdue(session: SessionDep, settings: SettingsDep, _: Supervisor) -> list[OverdueItem]:
    return [
        OverdueItem(
            case_id=c.id or 0, case_number=c.case_number, title=c.title, state=c.state,
            deadline=service.deadline_public(d),
        )
        for c, d in service.overdue(session, settings=settings)
    ]  # fmt: skip


@router.post("", response_model=CasePublic, status_code=201, summary="登记案件/线索")
def create_case(data: CaseCreate, session: SessionDep, settings: SettingsDep, user: Creator) -> CasePublic:
    case = service.create(session, data=data, actor=user)
    session.commit()
    return service.present(session, case, settings=settings)


@router.get("/{case_id}", response_model=CasePublic, summary="案件详情（含期限）")
async def get_case(case_id: IdPath, request: Request, user: Viewer) -> Response:
    settings: Settings = request.app.state.settings
    database: Database = request.app.state.database
    body = await database.read(
        reads.case_json, case_id, database=database, viewer=user, settings=settings,
        bounded=reads.bounded_detail(user),
    )  # fmt: skip
    return Response(body, media_type="application/json")


@router.patch("/{case_id}", response_model=CasePublic, summary="修改案件（决定前）")
def update_case(
    case_id: IdPath, data: CaseUpdate, session: SessionDep, settings: SettingsDep, user: Editor
) -> CasePublic:
    case = service.update(session, case=service.get(session, case_id), data=data, actor=user)
    session.commit()
    return service.present(session, case, settings=settings)


@router.post("/{case_id}/transitions", response_model=CasePublic, summary="办案步骤（状态流转）")
def transition(
    case_id: IdPath,
    body: TransitionRequest,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    catalogue: CatalogueDep,
    user: Actor,
) -> CasePublic:
    case = service.transition(
        session, service.get(session, case_id), body.to_state, user, body.payload, settings=settings
    )
    # 案卷评查 when the case closes (and when it is archived), in the same transaction as the step
    review_service.on_transition(session, case, settings=settings, store=store, catalogue=catalogue)
    session.commit()
    return service.present(session, case, settings=settings)


@router.post("/{case_id}/officers", response_model=CasePublic, summary="指派执法人员")
def assign_officers(
    case_id: IdPath, body: OfficerIds, session: SessionDep, settings: SettingsDep, user: Assigner
) -> CasePublic:
    case = service.get(session, case_id)
    service.assign_officers(session, case=case, user_ids=body.user_ids, actor=user)
    session.commit()
    return service.present(session, service.get(session, case_id), settings=settings)


@router.post("/{case_id}/statements", status_code=201, summary="陈述申辩（当事人或代为记录）")
def add_statement(
    case_id: IdPath, body: StatementCreate, session: SessionDep, user: CurrentUser
) -> dict[str, int]:
    if user.role not in {Role.citizen, Role.officer, Role.legal}:
        raise Forbidden("仅当事人或办案人员可提交陈述申辩。", code="role_forbidden")
    case = service.get_visible(session, case_id, user)
    statement = service.add_statement(session, case=case, author=user, kind="statement", text=body.text)
    session.commit()
    return {"id": statement.id or 0}


@router.post(
    "/{case_id}/hearing-request", response_model=CasePublic, summary="当事人要求听证（告知后五个工作日内）"
)
def request_hearing(
    case_id: IdPath, body: StatementCreate, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> CasePublic:
    if user.role != Role.citizen:
        raise Forbidden("听证申请由当事人本人提出；办案人员请使用办案步骤记录。", code="role_forbidden")
    case = service.get_visible(session, case_id, user)
    service.add_statement(session, case=case, author=user, kind="hearing_request", text=body.text)
    case = service.transition(
        session, case, CaseState.hearing, None, {"by_party": user.id}, settings=settings
    )
    session.commit()
    return service.present(session, case, settings=settings)


@router.post("/{case_id}/payments", response_model=PaymentRecordResult, summary="登记银行缴款凭证（法制员）")
def record_payment(
    case_id: IdPath, body: PaymentRecord, session: SessionDep, settings: SettingsDep, user: Cashier
) -> PaymentRecordResult:
    result = service.mark_paid(
        session, case_id, body.amount_fen, body.paid_at, body.ref, settings=settings, actor_id=user.id
    )
    session.commit()
    return result


@router.get("/{case_id}/timeline", response_model=list[AuditEntryPublic], summary="全过程记录（审计）")
def timeline(case_id: IdPath, session: SessionDep, user: Reader) -> list[AuditEntryPublic]:
    service.get_visible(session, case_id, user)
    rows = audit_service.list_entries(session, entity="case", entity_id=str(case_id), limit=1000)
    return [AuditEntryPublic.model_validate(r) for r in rows]
