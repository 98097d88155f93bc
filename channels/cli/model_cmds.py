"""Placeholder: sub-commands are added by their owners (see channels/cli/main.py)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root `zhifa` app."""
