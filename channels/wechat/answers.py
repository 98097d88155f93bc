"""Chat events (/tmp/zh events contract: ``assistant.chat.ChatService``) → WeChat text, within WeChat's limits.

A text message, passive or through the customer-service API, carries at most 2048 bytes: an answer is split on
line breaks into parts of at most :data:`PART_BYTES`, at most :data:`MAX_PARTS` of them; a longer one ends with a
pointer to the web workbench. Unknown event types and keys are ignored (the contract says consumers must).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

PART_BYTES = 2000  # WeChat: 2048 bytes per text message; a margin for the part counter
MAX_PARTS = 5
CITATION_CHARS = 160


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def compose(events: Iterable[Mapping[str, Any]]) -> str:
    """The answer as plain text: the streamed text, the warnings, the offence suggestions, the quoted provisions."""
    body: list[str] = []
    notices: list[str] = []
    offences: list[str] = []
    citations: list[str] = []
    for event in events:
        kind = event.get("type")
        if kind == "delta":
            body.append(str(event.get("text", "")))
        elif kind == "notice":
            notices.append(f"⚠️ {event.get('text', '')}")
        elif kind == "refused":
            body.append(f"知识库中没有可依据的规定：{event.get('reason', '')}")
        elif kind == "error":
            body.append(f"出错了：{event.get('message', '')}")
        elif kind == "clarify":
            options = "、".join(str(o) for o in event.get("options") or [])
            body.append(f"{event.get('question', '')}" + (f"（{options}）" if options else ""))
        elif kind == "tool" and event.get("text"):
            body.append(str(event["text"]))
        elif kind == "offence":
            offences.append(_offence(event.get("item") or {}))
        elif kind == "citation":
            citations.append(_citation(event.get("item") or {}))
    parts = ["".join(body).strip()]
    if offences:
        parts.append("可能的违法行为：\n" + "\n".join(o for o in offences if o))
    if citations:
        parts.append("依据：\n" + "\n".join(c for c in citations if c))
    if notices:
        parts.append("\n".join(notices))
    text = "\n\n".join(p for p in parts if p)
    return text or "暂时无法回答这个问题，请换个说法或在工作台中提问。"


def _offence(item: Mapping[str, Any]) -> str:
    name = item.get("name")
    if not name:
        return ""
    line = f"{item.get('rank', '•')}. {name}"
    for label, key in (("违则", "violated"), ("罚则", "penalty"), ("罚款", "fine"), ("裁量", "band")):
        value = item.get(key)
        if isinstance(value, Mapping):
            value = value.get("label") or value.get("text") or value.get("name")
        if value:
            line += f"\n   {label}：{value}"
    return line


def _citation(item: Mapping[str, Any]) -> str:
    label = " ".join(str(item[k]) for k in ("law", "label") if item.get(k))
    text = str(item.get("text") or "")
    if len(text) > CITATION_CHARS:
        text = text[:CITATION_CHARS] + "…"
    return f"《{item['law']}》{item.get('label', '')}：{text}" if item.get("law") else f"{label}：{text}"


def split(text: str, *, more_url: str | None = None) -> list[str]:
    """``text`` in parts WeChat accepts (line breaks kept where possible), at most :data:`MAX_PARTS`."""
    parts: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while _size(line) > PART_BYTES:  # one very long line: cut it by characters
            cut = len(line)
            while _size(line[:cut]) > PART_BYTES:
                cut = cut * 3 // 4
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:]
        if _size(current + line) > PART_BYTES:
            parts.append(current)
            current = line
        else:
            current += line
    if current.strip():
        parts.append(current)
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) > MAX_PARTS:
        tail = "（答复较长，余下内容请在工作台查看" + (f"：{more_url}" if more_url else "") + "）"
        parts = parts[:MAX_PARTS]
        while _size(parts[-1] + "\n" + tail) > PART_BYTES:
            parts[-1] = parts[-1][: len(parts[-1]) * 3 // 4]
        parts[-1] += "\n" + tail
    if len(parts) > 1:
        parts = [f"({i}/{len(parts)}) {p}" for i, p in enumerate(parts, 1)]
    return parts or [""]
