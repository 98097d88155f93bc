"""The chat entry point shared by every channel: routes a message to a skill and yields stream events.

Events (one dict each): ``{"type": "delta", "text"}``, ``{"type": "citation", "item"}``,
``{"type": "offence", "item"}``, ``{"type": "notice", "text"}``, ``{"type": "refused", "reason"}``,
``{"type": "done"}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Literal

from assistant.legal_qa import LegalQA
from assistant.offence import OffenceAdvisor
from assistant.retrieval import make_retriever
from core.settings import Settings

Mode = Literal["auto", "legal", "offence"]

_QUESTION = re.compile(
    r"[？?]|吗|么|多少|多久|几天|能否|是否|可否|能不能|可不可以|怎么|如何|哪些|什么|谁|规定"
)


def route(message: str) -> Literal["legal", "offence"]:
    """Questions go to legal Q&A; descriptions of a situation go to the offence advisor."""
    return "legal" if _QUESTION.search(message) else "offence"


class ChatService:
    def __init__(self, legal: Callable[[], LegalQA], offence: OffenceAdvisor) -> None:
        self._legal = legal
        self.offence = offence

    @classmethod
    def from_runtime(cls, settings: Settings, get: Callable[[str], Any]) -> ChatService:
        """Build from the process's components (``get('llm')``), loaded once elsewhere; the LLM is only
        asked for when a legal question arrives, so offence advice works while it is still loading."""
        return cls(lambda: LegalQA(get("llm"), make_retriever(settings)), OffenceAdvisor(settings))

    def respond(
        self, message: str, *, mode: Mode = "auto", party_type: str = "individual"
    ) -> Iterator[dict[str, object]]:
        text = message.strip()
        if not text:
            yield {"type": "error", "message": "请输入问题或现场情况描述。"}
            return
        skill = route(text) if mode == "auto" else mode
        yield {"type": "skill", "name": skill}
        if skill == "legal":
            yield from self._legal().stream(text)
        else:
            yield from self.offence.stream(text, party_type=party_type)
        yield {"type": "done"}
