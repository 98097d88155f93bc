"""The command dashboard (大屏): statistics, the grid map, on-duty officers, open cases and camera events.

``mount`` is called by the composition root (channels/server.py).
"""

from __future__ import annotations

from fastapi import FastAPI

from core.settings import Settings


def mount(app: FastAPI, settings: Settings) -> None:
    """Mount the dashboard's routes on ``app`` (filled in by the channels issue's web work)."""
