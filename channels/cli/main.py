"""The `zhifa` command line. Each sub-command group lives in its own module and registers here."""

from __future__ import annotations

import typer

from channels import logmask
from channels.cli import (
    ask_cmds,
    case_cmds,
    demo_cmds,
    duty_cmds,
    eval_cmds,
    kb_cmds,
    model_cmds,
    review_cmds,
    server_cmds,
    speech_cmds,
    vision_cmds,
)
from channels.cli import offence_cmds as _offence_cmds  # noqa: F401 - registers `zhifa kb offences`

logmask.install()  # no password, token, ID or mobile number in any log line the CLI writes

app = typer.Typer(
    help="智法 ZhiFa — 城市管理综合执法本地 AI 助手 / offline assistant for city-management law enforcement",
    no_args_is_help=True,
    add_completion=False,
)
server_cmds.register(app)
model_cmds.register(app)
kb_cmds.register(app)
case_cmds.register(app)
demo_cmds.register(app)
speech_cmds.register(app)
vision_cmds.register(app)
review_cmds.register(app)
duty_cmds.register(app)
ask_cmds.register(app)
eval_cmds.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
