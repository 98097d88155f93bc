"""The web chat page and its API."""

from __future__ import annotations

from core.settings import Settings
from fastapi import FastAPI


def mount(app: FastAPI, settings: Settings) -> None:
    """Mount the web chat (page, static files, chat API) on ``app``."""
