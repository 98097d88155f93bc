"""The small deterministic router that picks record tools and their arguments from a message.

A 1.5B model cannot call tools reliably; the words of a dispatch question can. Only the message decides *which*
tool runs and with what arguments; *what it may see* is decided by the caller's role inside the tool, never here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.tools.places import find_place
from assistant.tools.record import case_number_pattern
from core.settings import Settings

_NEAREST = re.compile(
    r"最近|附近|就近|派(?:谁|哪个|个人|人过去|人去|一个)|调度|谁(?:能|可以)(?:过去|去|赶过去)|能过去|可以过去"
)
_DUTY = re.compile(r"值班|在岗|当班|执勤|排班|谁在|队员|人员|几个人|哪些人")
_OVERDUE = re.compile(r"超期|逾期|过期|到期|临期|超过期限")
_COUNT = re.compile(r"多少|几起|几件|几宗|统计|数量|案量|总数|一共|最多")
_STATUS = re.compile(r"进展|状态|到哪|哪一步|下一步|期限|截止|什么时候|办到|处理到|交罚款|缴款|交了没")
_CASE_ID = re.compile(r"案件\s*(\d{1,9})(?!\d)|(\d{1,9})\s*号案")
_DAYS = {
    "今天": 1,
    "今日": 1,
    "本周": 7,
    "这周": 7,
    "一周": 7,
    "近7天": 7,
    "七天": 7,
    "这个月": 30,
    "本月": 30,
    "近30天": 30,
}


@dataclass
class ToolCall:
    name: str
    args: dict[str, Any] = field(default_factory=dict)


def _count_by(text: str) -> str:
    if re.search(r"网格|片区|各区|哪个区", text):
        return "grid"
    if re.search(r"每天|每日|按天|按日|哪天|日期", text):
        return "day"
    if re.search(r"状态|阶段|进度", text):
        return "state"
    return "offence"


def select_tools(text: str, *, settings: Settings, offences: list[str] | None = None) -> list[ToolCall]:
    """The tool calls a message asks for, in order (at most two)."""
    calls: list[ToolCall] = []
    number = case_number_pattern(settings).search(text)
    case_id = _CASE_ID.search(text)
    if number or case_id or re.search(r"我的(?:案件|案子|罚款)|我被罚|我(?:的)?罚款", text):
        args: dict[str, Any] = {}
        if number:
            args["case_number"] = number.group(0)
        elif case_id:
            args["case_id"] = int(case_id.group(1) or case_id.group(2))
        return [ToolCall("case_status", args)]
    if _OVERDUE.search(text) and re.search(r"案", text):
        return [ToolCall("overdue_cases")]
    if _COUNT.search(text) and re.search(r"案|起|件|宗|统计", text):
        args = {"by": _count_by(text)}
        for name in sorted(offences or [], key=len, reverse=True):
            if name in text:
                args["offence"] = name
                break
        else:
            stem = re.search(r"([\u4e00-\u9fa5]{2,8}?)的?(?:案件|案子)", text)
            if stem and not re.search(
                r"这个月|本月|今天|今日|一共|所有|全部|各|统计|哪些|每天|每日|按|总|最近|近|本周|这周",
                stem.group(1),
            ):
                args["offence"] = stem.group(1)
        for word, days in _DAYS.items():
            if word in text:
                args["days"] = days
                break
        return [ToolCall("case_counts", args)]
    place = find_place(text)
    if _NEAREST.search(text) and place is not None:
        calls.append(ToolCall("nearest_officer", {"place": place.name}))
    elif _DUTY.search(text) or _NEAREST.search(text):
        calls.append(ToolCall("on_duty", {"grid": text}))
    elif re.search(r"案件|案子", text) and _STATUS.search(text):
        calls.append(ToolCall("case_status", {}))
    return calls
