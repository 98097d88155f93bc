"""The components container a ``zhifa`` command asks for its models and knowledge base.

A command builds one container for the process's settings (``get_settings()``: the environment) — or uses the
one its caller handed to the app (``app(obj=components)``; ``CliRunner().invoke(app, args, obj=components)`` in
the tests, so a command shares the session's models instead of loading its own). Nothing else is shared between
commands.
"""

from __future__ import annotations

import typer

from channels.components import Components, build_components
from core.settings import get_settings


def command_components(ctx: typer.Context) -> Components:
    """The container of this command: its caller's (``ctx.obj``) where one was given, else a new one."""
    given = ctx.find_object(Components)
    return given if given is not None else build_components(get_settings())
