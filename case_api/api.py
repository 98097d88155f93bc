"""Mount every case_api domain router and its error handlers on the app."""

from __future__ import annotations

from core.settings import Settings
from fastapi import FastAPI


def mount(app: FastAPI, settings: Settings) -> None:
    """Include the domain routers (/api/...) and register the domain-error → HTTP mapping."""
