"""Record tools for the chat: who is on duty, the nearest officer, overdue cases, counts, a case's state.

:func:`run_tools` is the chat's entry: the deterministic selector (:mod:`assistant.tools.select`) picks the calls,
each runs over case_api's service layer bounded by the caller's role (:mod:`assistant.tools.record`), and each
result becomes a ``tool`` event (``name``, ``args``, ``result`` as returned, ``text`` its plain rendering) plus the
same text as a ``delta``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from assistant.events import DeltaEvent, Event, ToolEvent
from assistant.tools.record import (
    ToolContext,
    ToolDenied,
    case_counts,
    case_status,
    known_offences,
    nearest_officer,
    on_duty,
    overdue_cases,
    render,
)
from assistant.tools.select import ToolCall, select_tools

TOOLS: dict[str, Callable[..., dict[str, Any]]] = {
    "on_duty": on_duty,
    "nearest_officer": nearest_officer,
    "overdue_cases": overdue_cases,
    "case_counts": case_counts,
    "case_status": case_status,
}


def call_tool(ctx: ToolContext, call: ToolCall) -> ToolEvent:
    """Run one call for ``ctx``'s caller: a ``tool`` event (a denial is an ``error`` in its result)."""
    fn = TOOLS[call.name]
    try:
        result = fn(ctx, **call.args)
    except ToolDenied as exc:
        result = {"error": exc.message, "denied": True}
    return ToolEvent(name=call.name, args=call.args, result=result, text=render(call.name, result))


def run_tools(text: str, ctx: ToolContext) -> Iterator[Event]:
    """The ``tool`` events (and their text as ``delta``) for a message; nothing when no tool fits it."""
    calls = select_tools(text, settings=ctx.settings, offences=known_offences(ctx) if ctx.staff else [])
    if not calls:
        yield DeltaEvent(
            text="没有识别出要查询的内容。可以问：某片区谁在值班、离某地最近的队员、超期案件、案件数统计、某案件进展。"
        )
        return
    for call in calls:
        event = call_tool(ctx, call)
        yield event
        yield DeltaEvent(text=event.text + "\n")


__all__ = [
    "TOOLS",
    "ToolCall",
    "ToolContext",
    "ToolDenied",
    "call_tool",
    "run_tools",
    "select_tools",
]
