"""/api/wechat (staff: the official account's binding code) and /api/mini (citizens' mini-channel, after
``POST /api/mini/login`` in channels/wechat, which exchanges the mini-program's code for a citizen token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from case_api.deps import IdPath, SessionDep, SettingsDep, require_roles
from case_api.errors import NotFound
from case_api.payments import service as payment_service
from case_api.payments.receipt import Receipt
from case_api.users.models import STAFF_ROLES, Role, User
from case_api.wechat import citizens, pay, service
from case_api.wechat.models import (
    App,
    BindingCodePublic,
    BindingStatus,
    MiniBind,
    MiniCase,
    MiniDecision,
    MiniStatement,
)

router = APIRouter(prefix="/api/wechat", tags=["wechat 公众号"])
mini_router = APIRouter(prefix="/api/mini", tags=["mini 当事人小程序"])

Staff = Annotated[User, Depends(require_roles(*STAFF_ROLES))]
Citizen = Annotated[User, Depends(require_roles(Role.citizen))]


@router.post(
    "/binding-codes", response_model=BindingCodePublic, status_code=201, summary="获取公众号绑定码（一次性）"
)
def binding_code(session: SessionDep, settings: SettingsDep, user: Staff) -> BindingCodePublic:
    code, expires = service.issue_code(session, settings=settings, user=user)
    session.commit()
    minutes = settings.wechat.binding_code_minutes
    return BindingCodePublic(
        code=code,
        expires_at=expires,
        instructions=f"请在 {minutes} 分钟内向本局公众号发送“绑定 {code}”。绑定后可在微信中查询案件与接收告警。",
    )


@router.get("/binding", response_model=BindingStatus, summary="本人公众号绑定状态")
def binding(session: SessionDep, user: Staff) -> BindingStatus:
    assert user.id is not None
    found = service.openids_of(session, app=App.official, user_ids=[user.id]).get(user.id, [])
    return BindingStatus(bound=bool(found), openids=[o[:6] + "…" for o in found])


@router.delete("/binding", response_model=BindingStatus, summary="解除本人公众号绑定")
def unbind(session: SessionDep, user: Staff) -> BindingStatus:
    service.unbind(session, user=user)
    session.commit()
    return BindingStatus(bound=False, openids=[])


# --- citizens' mini-channel ------------------------------------------------------------------------------------


@mini_router.post(
    "/cases/bind", response_model=MiniCase, status_code=201, summary="凭案件编号 + 手机号或证件号绑定案件"
)
def bind_case(body: MiniBind, session: SessionDep, user: Citizen) -> MiniCase:
    case = citizens.bind_case(session, user=user, data=body)
    return citizens.present(session, case)


@mini_router.get("/cases", response_model=list[MiniCase], summary="本人已绑定的案件（脱敏）")
def my_cases(session: SessionDep, user: Citizen) -> list[MiniCase]:
    return [citizens.present(session, c) for c in citizens.bound_cases(session, user=user)]


@mini_router.get("/cases/{case_id}", response_model=MiniCase, summary="案件详情（脱敏）")
def my_case(case_id: IdPath, session: SessionDep, user: Citizen) -> MiniCase:
    return citizens.present(session, citizens.bound_case(session, user=user, case_id=case_id))


@mini_router.get("/cases/{case_id}/decision", response_model=MiniDecision, summary="行政处罚决定书（脱敏）")
def my_decision(case_id: IdPath, session: SessionDep, user: Citizen) -> MiniDecision:
    return citizens.decision(session, case=citizens.bound_case(session, user=user, case_id=case_id))


@mini_router.post("/cases/{case_id}/statements", status_code=201, summary="陈述申辩（告知后、决定前）")
def my_statement(case_id: IdPath, body: MiniStatement, session: SessionDep, user: Citizen) -> dict[str, int]:
    case = citizens.bound_case(session, user=user, case_id=case_id)
    statement = citizens.add_statement(session, user=user, case=case, text=body.text)
    return {"id": statement.id or 0}


@mini_router.post("/cases/{case_id}/pay", summary="缴纳罚款：小程序支付参数（JSAPI）与码上付链接")
def my_payment(case_id: IdPath, session: SessionDep, settings: SettingsDep, user: Citizen) -> dict[str, Any]:
    case = citizens.bound_case(session, user=user, case_id=case_id)
    assert user.id is not None
    openids = service.openids_of(session, app=App.mini, user_ids=[user.id]).get(user.id, [])
    openid = openids[0] if openids else ""
    return pay.jsapi(session, settings=settings, case=case, openid=openid, actor_id=None)


@mini_router.get("/cases/{case_id}/receipt", response_model=Receipt, summary="电子缴款凭证")
def my_receipt(case_id: IdPath, session: SessionDep, settings: SettingsDep, user: Citizen) -> Receipt:
    case = citizens.bound_case(session, user=user, case_id=case_id)
    order = payment_service.order_for_case(session, case_id=case_id)
    if order is None or case.id != order.case_id:
        raise NotFound("该案件尚未生成缴款码，暂无缴款凭证。", code="not_paid")
    return payment_service.receipt(session, settings=settings, code=order.code)
