"""Record tools for the chat: who is on duty, the nearest officer, overdue cases, counts, a case's state.

:func:`run_tools` is the chat's entry: the deterministic selector (:mod:`assistant.tools.select`) picks the calls,
each runs over case_api's service layer bounded by the caller's role (:mod:`assistant.tools.record`), and each
result becomes a ``tool`` event (``name``, ``args``, ``result`` as returned, ``text`` its plain rendering) plus the
same text as a ``delta``. :func:`langchain_tools` offers the same functions as langchain ``StructuredTool`` objects
bound to one caller, for a model that can call tools.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field

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

DESCRIPTIONS = {
    "on_duty": "查询某网格（或全区）当前在班的执法队员。参数 grid：网格名称或地名，可省略。",
    "nearest_officer": "查询离某地点（万州街道、道路或地标）最近的可调度在班队员。参数 place：地名。",
    "overdue_cases": "列出期限已过仍未完成的案件（作出决定、送达、缴款等期限）。",
    "case_counts": "按违法行为（offence）、网格（grid）、日期（day）或状态（state）统计案件数；可按违法行为名称和最近天数筛选。",
    "case_status": "查询一个案件的当前状态和下一个期限（case_number 案件编号或 case_id 序号）；当事人只能查本人案件。",
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


class _Grid(BaseModel):
    grid: str | None = Field(default=None, description="网格名称或地名")


class _Place(BaseModel):
    place: str = Field(description="万州的街道、道路或地标")
    limit: int = Field(default=3, ge=1, le=10)


class _NoArgs(BaseModel):
    pass


class _Counts(BaseModel):
    by: Literal["offence", "grid", "day", "state"] = "offence"
    offence: str | None = Field(default=None, description="违法行为名称（包含即可）")
    days: int | None = Field(default=None, ge=1, le=3660, description="最近天数")


class _Status(BaseModel):
    case_number: str | None = None
    case_id: int | None = Field(default=None, ge=1)


SCHEMAS: dict[str, type[BaseModel]] = {
    "on_duty": _Grid,
    "nearest_officer": _Place,
    "overdue_cases": _NoArgs,
    "case_counts": _Counts,
    "case_status": _Status,
}


def langchain_tools(ctx: ToolContext) -> list[Any]:
    """The record tools as langchain ``StructuredTool`` objects bound to one caller (the role still bounds them)."""
    from langchain_core.tools import StructuredTool

    def bind(name: str) -> Callable[..., dict[str, Any]]:
        def run(**kwargs: Any) -> dict[str, Any]:
            return call_tool(ctx, ToolCall(name, kwargs)).result

        return run

    return [
        StructuredTool.from_function(
            func=bind(name), name=name, description=DESCRIPTIONS[name], args_schema=SCHEMAS[name]
        )
        for name in TOOLS
    ]


__all__ = [
    "TOOLS",
    "ToolCall",
    "ToolContext",
    "ToolDenied",
    "call_tool",
    "langchain_tools",
    "run_tools",
    "select_tools",
]
