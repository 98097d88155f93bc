"""WeChat channels: the official account (staff and public chat) and the citizens' mini-channel API.

``mount`` is called by the composition root (channels/server.py); the routes live in this package's modules.
"""

from __future__ import annotations

from fastapi import FastAPI

from channels.runtime import Runtime
from core.settings import Settings


def mount(app: FastAPI, settings: Settings, runtime: Runtime) -> None:
    """Mount the WeChat routes on ``app`` (filled in by the channels issue's WeChat work)."""
