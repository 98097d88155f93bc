"""``POST /api/mini/login``: the mini-program's ``wx.login()`` code → code2session (wechatpy, against the
configured API root) → the citizen account of that openid → the project's own access token. The other
/api/mini routes (bind, cases, decision, statement, pay, receipt) are the record's: ``case_api.wechat.views``."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from wechatpy.exceptions import WeChatException

from case_api.db import Database
from case_api.errors import Unauthenticated, ValidationFailed
from case_api.users.security import create_access_token
from case_api.wechat import citizens
from case_api.wechat.models import MiniLogin, MiniToken
from channels.wechat.client import Client
from core.settings import Settings


def router(settings: Settings, database: Database, client: Client) -> APIRouter:
    r = APIRouter(prefix="/api/mini", tags=["mini 当事人小程序"])

    @r.post("/login", response_model=MiniToken, summary="小程序登录（code2session）取当事人令牌")
    async def login(body: MiniLogin) -> MiniToken:
        if not settings.wechat.mini_app_id:
            raise ValidationFailed("小程序未配置（ZHIFA_WECHAT__MINI_APP_ID）。", code="mini_not_configured")
        try:
            found = await run_in_threadpool(client.wxa.code_to_session, body.code)
        except WeChatException as exc:
            raise Unauthenticated(
                "微信登录凭证无效或已过期，请重新进入小程序。", code="bad_login_code"
            ) from exc
        openid = str(found.get("openid") or "") if isinstance(found, dict) else ""
        if not openid:
            raise Unauthenticated("微信登录失败（未取得 openid），请重新进入小程序。", code="bad_login_code")
        return await run_in_threadpool(_token, settings, database, openid)

    return r


def _token(settings: Settings, database: Database, openid: str) -> MiniToken:
    with database.session() as session:
        user = citizens.citizen_for_openid(session, openid=openid)
        assert user.id is not None
        count = len(citizens.bound_cases(session, user=user))
        token = create_access_token(settings, user_id=user.id, role=str(user.role))
        return MiniToken(
            access_token=token, expires_in=settings.access_token_minutes * 60, user_id=user.id, cases=count
        )
