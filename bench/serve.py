"""A bare case_api server for load and crash tests: ``python bench/serve.py PORT`` with ZHIFA_* settings from the
environment. It also answers the framework's ceilings on this machine (no database, no auth): ``GET /bench/bare``
(a ``def`` route: one worker-thread hop, the execution model of a route that calls a blocking database driver) and
``GET /bench/bare-async`` (an ``async def`` route: no hop at all)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn
from fastapi import FastAPI

from case_api import db
from case_api.api import mount
from core.settings import Settings


def _sized_pool(settings: Settings, size: int) -> None:
    """Make the database with a pool as large as the threadpool (experiment: see bench/load.py --pool)."""
    url = settings.sqlalchemy_url
    db.dispose_engine(url)
    db.database_for(url, pool_size=size, max_overflow=0)


def build(settings: Settings) -> FastAPI:
    if os.environ.get("ZHIFA_BENCH_POOL_SIZE"):
        _sized_pool(settings, int(os.environ["ZHIFA_BENCH_POOL_SIZE"]))
    db.check_database(settings)
    app = FastAPI(title="zhifa bench server")
    mount(app, settings)

    @app.get("/bench/bare", include_in_schema=False)
    def bare() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/bench/bare-async", include_in_schema=False)
    async def bare_async() -> dict[str, bool]:
        return {"ok": True}

    return app


if __name__ == "__main__":
    port = int(sys.argv[1])
    app = build(Settings())
    gc.collect()
    gc.freeze()  # as the real server does after start-up (channels.server.freeze_heap)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level=os.environ.get("ZHIFA_BENCH_LOG", "warning"),
        access_log=False,
        timeout_keep_alive=int(os.environ.get("ZHIFA_BENCH_KEEPALIVE", "5")),  # uvicorn's default: 5 s
    )
