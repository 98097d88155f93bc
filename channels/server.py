"""The server's composition root: one FastAPI app mounting every layer's routers, on one components container.

The container (:class:`channels.components.Components`) is built here once per app (nothing loaded), kept in
``app.state.components`` for the routes' ``Annotated`` dependencies (:mod:`channels.deps`), and loaded by the
lifespan. ``SIGHUP`` to the server process reloads the knowledge base — the bureau's additions and the index —
exactly as ``POST /api/kb/reload`` does (``kill -HUP <pid>`` after ``zhifa kb add``).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse

from channels import logmask
from channels.components import Components, build_components
from channels.deps import KnowledgeDep
from channels.watchers import Supervision
from core.settings import Settings, get_settings
from knowledge.base import KnowledgeBase

log = logging.getLogger(__name__)


def freeze_heap() -> None:
    """Move what start-up allocated (modules, models, indexes: millions of objects) out of the garbage collector's
    reach: otherwise every full collection walks all of it, a pause of tens of milliseconds at random requests."""
    gc.collect()
    gc.freeze()


def reload_knowledge(kb: KnowledgeBase) -> dict[str, Any]:
    """Read the bureau's additions and the index again (``POST /api/kb/reload``, ``SIGHUP``): what is loaded now."""
    generation = kb.reload()
    store = kb.store
    user = {law.title: law.id for law in store.laws.values() if law.meta.origin == "user"}
    return {"generation": generation, "laws": len(store.laws), "user_laws": user}


def _on_sighup(components: Components) -> None:
    """Reload in a thread of its own: the event loop keeps serving while the index is read."""

    def run() -> None:
        try:
            done = reload_knowledge(components.knowledge)
            log.info(
                "SIGHUP: 法规知识库已重新读取（第 %s 次，本局法规 %s 部）",
                done["generation"],
                len(done["user_laws"]),
            )
        except Exception:
            log.exception("SIGHUP: 重新读取法规知识库失败")

    threading.Thread(target=run, name="zhifa-kb-reload", daemon=True).start()


def _install_sighup(components: Components) -> bool:
    """``SIGHUP`` → reload, where the server runs its loop in the main thread (uvicorn); not in a test client's
    thread or on a platform without the signal."""
    if not hasattr(signal, "SIGHUP") or threading.current_thread() is not threading.main_thread():
        return False
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, _on_sighup, components)
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    return True


def _remove_sighup() -> None:
    with suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)


def create_app(settings: Settings | None = None, *, runtime: Components | None = None) -> FastAPI:
    """The app on ``runtime`` (the components container; built here for ``settings`` when not given)."""
    logmask.install()  # no password, token, ID or mobile number in any log line from here on
    settings = settings or (runtime.settings if runtime is not None else get_settings())
    rt = runtime or build_components(settings)

    def load_models() -> None:
        rt.load_all()
        freeze_heap()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt.components["database"].load()
        freeze_heap()
        if settings.load_models_on_start:
            threading.Thread(target=load_models, name="zhifa-model-loader", daemon=True).start()
        # 考勤/脱岗 every duty_watch_seconds, 预警 every warnings_watch_hours
        supervision = Supervision(settings, rt.database)
        app.state.supervision = supervision
        supervision.start()
        sighup = _install_sighup(rt)
        try:
            yield
        finally:
            if sighup:
                _remove_sighup()
            supervision.stop()
            rt.database.close()  # its connections and reader threads; it stays usable (a test's next client)

    app = FastAPI(
        title="智法 ZhiFa API",
        version="0.1.0",
        description="城市管理综合执法：案件、证据、文书、勤务、码上付、非接触执法、法规知识库与 AI 助手",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = rt.database  # the routes' (case_api.deps.DatabaseDep, the hot case reads)
    app.state.components = rt  # the routes' dependencies read it (channels.deps)
    app.state.runtime = rt  # the same container, by its older name
    app.state.knowledge = rt.knowledge  # the knowledge routes' (knowledge.api: no import of channels)

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
    def kb_reload(kb: KnowledgeDep) -> dict[str, Any]:
        return reload_knowledge(kb)

    mount_speech(app, settings, rt)
    mount_vision(app, settings, rt)
    mount_web(app, settings)
    mount_dashboard(app, settings)
    mount_wechat(app, settings, rt)
    return app
