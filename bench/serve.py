"""A bare case_api server for load and crash tests: ``python bench/serve.py PORT`` with ZHIFA_* settings from the
environment. It also answers ``GET /bench/bare`` (no database, no auth): the framework's ceiling on this machine."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn
from fastapi import FastAPI

from case_api import db
from case_api.api import mount
from core.settings import Settings


def build(settings: Settings) -> FastAPI:
    db.check_database(settings)
    app = FastAPI(title="zhifa bench server")
    mount(app, settings)

    @app.get("/bench/bare", include_in_schema=False)
    def bare() -> dict[str, bool]:
        return {"ok": True}

    return app


if __name__ == "__main__":
    port = int(sys.argv[1])
    uvicorn.run(build(Settings()), host="127.0.0.1", port=port, log_level="warning", access_log=False)
