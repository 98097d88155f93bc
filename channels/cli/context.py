"""The components container a ``zhifa`` command asks for its models and knowledge base.

A command builds one container for the process's settings (``get_settings()``: the environment) — or uses the
one its caller handed to the app (``app(obj=components)``; ``CliRunner().invoke(app, args, obj=components)`` in
the tests, so a command shares the session's models instead of loading its own). Nothing else is shared between
commands.
"""

from __future__ import annotations

import click

from channels.components import Components, build_components
from core.settings import get_settings


def command_components(ctx: click.Context | None = None) -> Components:
    """The container of this command: its caller's (``ctx.obj``) where one was given, else a new one."""
    ctx = ctx or click.get_current_context(silent=True)
    given = ctx.find_object(Components) if ctx is not None else None
    return given if given is not None else build_components(get_settings())
