"""`zhifa ask "…"`: ask the assistant from the command line — the answer, then its citations, offence cards,
record results and similar past cases. Plain text when the output is not a terminal (a pipe, a file).

``--user NAME`` answers as that account (its role bounds the record tools; the conversation is stored and
``--conversation ID`` continues it); without it the legal and offence skills answer and record questions ask for a
user. ``--json`` prints the raw events, one JSON per line (the same NDJSON as ``POST /api/chat``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer

from assistant.events import (
    CitationEvent,
    ClarifyEvent,
    ConversationEvent,
    DeltaEvent,
    ErrorEvent,
    Event,
    NoticeEvent,
    OffenceEvent,
    SimilarCaseEvent,
    SkillEvent,
    to_json,
)
from channels.cli.console import make_console
from core.settings import get_settings

console = make_console()
err = make_console(stderr=True)


class AskMode(StrEnum):
    auto = "auto"
    legal = "legal"
    offence = "offence"
    tools = "tools"


class AskParty(StrEnum):
    individual = "individual"
    organisation = "organisation"


SKILL_LABELS = {"legal": "法律问答", "offence": "违法行为研判", "tools": "勤务与案件查询"}


def _principal(username: str) -> Any:
    from case_api.db import session_for
    from case_api.users import service as users_service
    from case_api.users.principals import Principal

    with session_for(get_settings()) as session:
        user = users_service.get_by_username(session, username)
        if user is None or not user.is_active:
            err.print(f"[red]没有名为 {username} 的有效账号。[/red]")
            raise typer.Exit(1)
        return Principal.of(user)


def _print(events: list[Event]) -> None:
    # each skill's answer in its own paragraph (the legal conclusion, then the offence advice)
    parts: list[str] = []
    for e in events:
        if isinstance(e, SkillEvent) and parts and not parts[-1].endswith("\n"):
            parts.append("\n\n")
        elif isinstance(e, DeltaEvent):
            parts.append(e.text)
    answer = "".join(parts).strip()
    skills = [SKILL_LABELS.get(e.name, e.name) for e in events if isinstance(e, SkillEvent)]
    if skills:
        console.print(f"[dim]（{' + '.join(skills)}）[/dim]")
    if answer:
        console.print(answer, markup=False)
    cards = [e.item for e in events if isinstance(e, OffenceEvent)]
    if cards:
        console.print("\n[bold]违法行为候选[/bold]")
        for c in cards:
            console.print(
                f"{c.rank}. {c.name}｜违则：{c.violated}｜罚则：{c.penalty}｜罚款：{c.fine}｜{c.band}",
                markup=False,
            )
    citations = [e.item for e in events if isinstance(e, CitationEvent)]
    if citations:
        console.print("\n[bold]依据（法规库原文）[/bold]")
        for p in citations:
            mark = "" if p.verified else "（未核实）"
            console.print(f"《{p.law}》{p.label}{mark}：{p.text}", markup=False)
    similar = [e.item for e in events if isinstance(e, SimilarCaseEvent)]
    if similar:
        console.print("\n[bold]类似已办案件（已脱敏）[/bold]")
        for s in similar:
            console.print(f"{s.case_no}｜{s.title}｜{s.outcome}｜{s.decided_at}", markup=False)
    for e in events:
        if isinstance(e, NoticeEvent):
            console.print(f"\n注意：{e.text}", markup=False)
        elif isinstance(e, ClarifyEvent):
            console.print(f"\n请补充：{e.question}（{'／'.join(e.options)}）", markup=False)
        elif isinstance(e, ErrorEvent):
            err.print(f"[red]{e.message}[/red]")
    conv = next((e.id for e in events if isinstance(e, ConversationEvent)), None)
    if conv:
        console.print(f"\n[dim]会话 {conv}（继续追问：--conversation {conv}）[/dim]")


def ask(
    ctx: typer.Context,
    message: str = typer.Argument(..., help="问题或现场情况描述"),
    mode: AskMode = typer.Option(AskMode.auto, "--mode", help="auto（自动）、legal、offence 或 tools"),
    party: AskParty = typer.Option(
        AskParty.individual, "--party", help="当事人类型：individual 或 organisation"
    ),
    user: str | None = typer.Option(None, "--user", "-u", help="以该账号提问（角色决定可查询的勤务与案件）"),
    conversation: str | None = typer.Option(None, "--conversation", "-c", help="继续的会话编号"),
    as_json: bool = typer.Option(False, "--json", help="逐行输出原始事件（NDJSON）"),
) -> None:
    """向助手提问：打印回答及其引用的条文、违法行为候选、查询结果与类似案件。"""
    from assistant.chat import ChatService
    from channels.cli.context import command_components

    runtime = command_components(ctx)  # the caller's container where one was given, else this command's
    settings = runtime.settings
    principal = _principal(user) if user else None
    if conversation and principal is None:
        err.print("[red]继续会话需要 --user 指定账号。[/red]")
        raise typer.Exit(2)
    service = ChatService.from_runtime(
        settings, runtime.get, knowledge=runtime.knowledge, peek=runtime.peek, memory=principal is not None
    )
    events: list[Event] = []
    try:
        for event in service.respond(
            message,
            mode=mode.value,
            party_type=party.value,
            principal=principal,
            conversation_id=conversation,
        ):
            if as_json:
                typer.echo(to_json(event))
            events.append(event)
    except Exception as exc:  # a model that cannot load: say so in Chinese, exit non-zero
        err.print(f"[red]助手出错：{getattr(exc, 'message', None) or type(exc).__name__}[/red]")
        raise typer.Exit(1) from exc
    if not as_json:
        _print(events)
    if any(isinstance(e, ErrorEvent) for e in events):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
