"""码上付 routes: orders and QR (/api/payments), channel notices, receipts, the citizen lookup and pay page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse

from case_api.deps import SessionDep, SettingsDep, require_roles
from case_api.errors import NotFound, ValidationFailed
from case_api.masking import mask_name, mask_phone
from case_api.payments import caselink, flows, page, providers
from case_api.payments import service as payment_service
from case_api.payments.config import pay_url
from case_api.payments.models import CaseLookup, CaseLookupPublic, NoticeResult, OrderCreate, OrderPublic
from case_api.payments.qr import qr_png
from case_api.payments.receipt import Receipt, receipt_pdf
from case_api.sqltypes import utcnow
from case_api.users.models import Role, User

router = APIRouter(prefix="/api/payments", tags=["payments 码上付"])
page_router = APIRouter(tags=["payments 码上付"])
Issuer = Annotated[User, Depends(require_roles(Role.officer, Role.legal, Role.admin))]
Code = Annotated[str, Path(min_length=4, max_length=32, pattern=r"^[A-Za-z0-9]+$")]


def _today(settings: SettingsDep) -> date:
    return caselink.local_date(utcnow(), settings.timezone)


@router.post("/orders", response_model=OrderPublic, status_code=201, summary="为已送达的罚款决定生成缴款码")
def create_order(data: OrderCreate, session: SessionDep, settings: SettingsDep, user: Issuer) -> OrderPublic:
    order = payment_service.create_order(
        session, settings=settings, case_id=data.case_id, provider=data.provider, actor_id=user.id
    )
    session.commit()
    return payment_service.to_public(session, settings=settings, order=order, on=_today(settings))


@router.get("/orders/{code}", response_model=OrderPublic, summary="缴款码详情与今日应缴金额（含加处罚款）")
def get_order(code: Code, session: SessionDep, settings: SettingsDep) -> OrderPublic:
    order = payment_service.get_order(session, code=code)
    return payment_service.to_public(session, settings=settings, order=order, on=_today(settings))


@router.get("/orders/{code}/qr.png", response_class=Response, summary="缴款二维码（PNG，指向缴款页）")
def order_qr(code: Code, session: SessionDep, settings: SettingsDep) -> Response:
    order = payment_service.get_order(session, code=code)
    return Response(qr_png(pay_url(settings, order.code)), media_type="image/png")


@router.get("/orders/{code}/receipt", response_model=Receipt, summary="电子缴款凭证（JSON）")
def receipt_json(code: Code, session: SessionDep, settings: SettingsDep) -> Receipt:
    return payment_service.receipt(session, settings=settings, code=code)


@router.get("/orders/{code}/receipt.pdf", response_class=Response, summary="电子缴款凭证（PDF）")
def receipt_file(code: Code, session: SessionDep, settings: SettingsDep) -> Response:
    found = payment_service.receipt(session, settings=settings, code=code)
    headers = {"Content-Disposition": f'attachment; filename="{found.receipt_no}.pdf"'}
    return Response(receipt_pdf(found), media_type="application/pdf", headers=headers)


@router.post("/notify/{provider}", summary="支付渠道异步通知（按渠道格式应答，如微信支付 XML）")
async def notify(
    provider: Annotated[str, Path(max_length=32)],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    try:
        channel = providers.get(provider, settings)
    except (KeyError, ValueError) as exc:
        raise NotFound(f"未启用的支付渠道：{provider}", code="provider_not_found") from exc
    body = await request.body()
    return await run_in_threadpool(_notify, session, settings, channel, body)


def _notify(
    session: SessionDep, settings: SettingsDep, channel: providers.PaymentProvider, body: bytes
) -> Response:
    try:
        flows.handle_notice(session, settings=settings, provider=channel, body=body)
        session.commit()
    except providers.NoticeRejected as exc:
        session.rollback()
        flows.record_rejection(session, body=body, reason=exc)
        session.commit()
        ack = channel.ack(False, exc.reason)
        return Response(ack.body, status_code=400, media_type=ack.media_type)
    ack = channel.ack(True, "OK")
    return Response(ack.body, media_type=ack.media_type)


@router.post(
    "/orders/{code}/simulate", response_model=NoticeResult, summary="（开发环境）模拟微信支付成功通知"
)
def simulate(code: Code, session: SessionDep, settings: SettingsDep) -> NoticeResult | JSONResponse:
    from case_api.payments.providers.loopback import LoopbackProvider

    order = payment_service.get_order(session, code=code)
    if settings.environment == "production" or order.provider != "loopback":
        raise ValidationFailed("模拟支付仅用于开发环境的 loopback 渠道。", code="simulation_disabled")
    channel = providers.get("loopback", settings)
    assert isinstance(channel, LoopbackProvider)
    now = utcnow()
    due = payment_service.amount_due(order, caselink.local_date(now, settings.timezone))
    body = channel.notice_xml(out_trade_no=order.code, total_fen=due.total_fen, paid_at=now).encode()
    try:
        result = flows.handle_notice(session, settings=settings, provider=channel, body=body)
    except providers.NoticeRejected as exc:
        session.rollback()
        return JSONResponse({"code": exc.code, "message": exc.reason}, status_code=409)
    session.commit()
    return result


@router.post("/lookup", response_model=CaseLookupPublic, summary="当事人凭案件编号 + 手机号查询案件（脱敏）")
def lookup(data: CaseLookup, session: SessionDep, settings: SettingsDep) -> CaseLookupPublic:
    facts = caselink.lookup(session, case_no=data.case_no, phone=data.phone, tz=settings.timezone)
    order = payment_service.order_for_case(session, case_id=facts.case_id)
    return CaseLookupPublic(
        case_no=facts.case_no,
        state=facts.state,
        party_name=mask_name(facts.party_name),
        party_phone=mask_phone(facts.party_phone),
        offence=facts.offence,
        fine_fen=facts.fine_fen or None,
        order=payment_service.to_public(session, settings=settings, order=order, on=_today(settings))
        if order
        else None,
    )


@page_router.get("/pay/{code}", response_class=HTMLResponse, include_in_schema=False)
def pay_page(code: Code, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    order = payment_service.get_order(session, code=code)
    public = payment_service.to_public(session, settings=settings, order=order, on=_today(settings))
    return HTMLResponse(page.render(public, simulate=settings.environment != "production"))
