"""What the browser tests share: Debian's headless Chromium through Playwright, and the real app served on a
loopback port (uvicorn in a thread)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from channels.components import Components, build_runtime
from channels.server import create_app
from core.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright, until the generator is closed."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("headless Chromium is missing: run `make browser` (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        args = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ]
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


def serve(cfg: Settings, models: Components) -> Iterator[str]:
    """The real app on ``cfg.port`` (uvicorn in a thread), until the generator is closed; yields its URL. Its
    container shares the session's models (``models``)."""
    app = create_app(cfg, runtime=build_runtime(cfg, models=models))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=cfg.port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{cfg.port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)
