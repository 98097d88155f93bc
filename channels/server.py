"""The server's composition root: one FastAPI app mounting every layer's routers."""

from __future__ import annotations

import gc
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse

from channels import logmask
from channels.components import build_runtime
from channels.runtime import Runtime
from channels.watchers import Supervision
from core.settings import Settings, get_settings


def freeze_heap() -> None:
    """Move what start-up allocated (modules, models, indexes: millions of objects) out of the garbage collector's
    reach: otherwise every full collection walks all of it, a pause of tens of milliseconds at random requests."""
    gc.collect()
    gc.freeze()


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    logmask.install()  # no password, token, ID or mobile number in any log line from here on
    settings = settings or get_settings()
    rt = runtime or build_runtime(settings)

    def load_models() -> None:
        rt.load_all()
        freeze_heap()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt.components["database"].load()
        freeze_heap()
        if settings.load_models_on_start:
            threading.Thread(target=load_models, name="zhifa-model-loader", daemon=True).start()
        supervision = Supervision(
            settings
        )  # 考勤/脱岗 every duty_watch_seconds, 预警 every warnings_watch_hours
        app.state.supervision = supervision
        supervision.start()
        try:
            yield
        finally:
            supervision.stop()

    app = FastAPI(
        title="智法 ZhiFa API",
        version="0.1.0",
        description="城市管理综合执法：案件、证据、文书、勤务、码上付、非接触执法、法规知识库与 AI 助手",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runtime = rt

    @app.get("/healthz", tags=["ops"], summary="进程存活 / liveness")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], summary="数据库与模型就绪 / readiness per component")
    def readyz() -> JSONResponse:
        body: dict[str, Any] = {"ready": rt.ready(), "components": rt.report()}
        return JSONResponse(body, status_code=200 if body["ready"] else 503)

    from case_api.api import mount as mount_case_api
    from case_api.deps import require_principal
    from case_api.users.models import STAFF_ROLES, Role
    from channels.review_catalogue import CatalogueAdapter
    from channels.speech_api import mount as mount_speech
    from channels.vision_api import mount as mount_vision
    from channels.web import mount as mount_web
    from channels.web.dashboard import mount as mount_dashboard
    from channels.wechat import mount as mount_wechat
    from knowledge.api import router as kb_router
    from knowledge.catalogue import load_catalogue

    mount_case_api(app, settings)
    app.state.offence_catalogue = CatalogueAdapter(load_catalogue())  # 案卷评查's port onto the catalogue
    # the knowledge base may not import case_api (layers): its login is required here, staff only
    app.include_router(kb_router, dependencies=[Depends(require_principal(*STAFF_ROLES))])

    @app.post(
        "/api/kb/reload",
        tags=["knowledge 法规知识库"],
        summary="重新读取本局添加的法规与检索索引（zhifa kb add 之后，管理员）/ reload the bureau's additions",
        dependencies=[Depends(require_principal(Role.admin))],
    )
    def kb_reload() -> dict[str, Any]:
        kb = rt.get("knowledge")
        generation = kb.reload()
        store = kb.store
        user = {law.title: law.id for law in store.laws.values() if law.meta.origin == "user"}
        return {"generation": generation, "laws": len(store.laws), "user_laws": user}

    mount_speech(app, settings, rt)
    mount_vision(app, settings)
    mount_web(app, settings)
    mount_dashboard(app, settings)
    mount_wechat(app, settings, rt)
    return app
