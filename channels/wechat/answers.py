"""Chat events (:mod:`assistant.events`, yielded by ``assistant.chat.ChatService``) → WeChat text, within WeChat's
limits.

A text message, passive or through the customer-service API, carries at most 2048 bytes: an answer is split on
line breaks into parts of at most :data:`PART_BYTES`, at most :data:`MAX_PARTS` of them; a longer one ends with a
pointer to the web workbench. Unknown event types and keys are ignored (the contract says consumers must).
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.events import (
    CitationEvent,
    CitedProvision,
    ClarifyEvent,
    DeltaEvent,
    ErrorEvent,
    Event,
    NoticeEvent,
    OffenceCard,
    OffenceEvent,
    RefusedEvent,
    ToolEvent,
)

PART_BYTES = 2000  # WeChat: 2048 bytes per text message; a margin for the part counter
MAX_PARTS = 5
CITATION_CHARS = 160


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def compose(events: Iterable[Event]) -> str:
    """The answer as plain text: the streamed text, the warnings, the offence suggestions, the quoted provisions."""
    body: list[str] = []
    notices: list[str] = []
    offences: list[str] = []
    citations: list[str] = []
    for event in events:
        match event:
            case DeltaEvent(text=text):
                body.append(text)
            case NoticeEvent(text=text):
                notices.append(f"⚠️ {text}")
            case RefusedEvent(reason=reason):
                body.append(f"知识库中没有可依据的规定：{reason}")
            case ErrorEvent(message=message):
                body.append(f"出错了：{message}")
            case ClarifyEvent(question=question, options=options):
                body.append(question + (f"（{'、'.join(options)}）" if options else ""))
            case ToolEvent(text=text) if text:
                body.append(text)
            case OffenceEvent(item=card):
                offences.append(_offence(card))
            case CitationEvent(item=item):
                citations.append(_citation(item))
    parts = ["".join(body).strip()]
    if offences:
        parts.append("可能的违法行为：\n" + "\n".join(offences))
    if citations:
        parts.append("依据：\n" + "\n".join(citations))
    if notices:
        parts.append("\n".join(notices))
    text = "\n\n".join(p for p in parts if p)
    return text or "暂时无法回答这个问题，请换个说法或在工作台中提问。"


def _offence(card: OffenceCard) -> str:
    line = f"{card.rank}. {card.name}"
    for label, value in (
        ("违则", card.violated),
        ("罚则", card.penalty),
        ("罚款", card.fine),
        ("裁量", card.band),
    ):
        if value:
            line += f"\n   {label}：{value}"
    return line


def _citation(item: CitedProvision) -> str:
    text = item.text
    if len(text) > CITATION_CHARS:
        text = text[:CITATION_CHARS] + "…"
    return f"《{item.law}》{item.label}：{text}" if item.law else f"{item.label}：{text}"


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
