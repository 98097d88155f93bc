"""With the real bundled model: a legal question carrying an ID number, a phone and a name reaches retrieval and the
model only masked, and the answer a citizen reads shows none of it raw."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from assistant.chat import ChatService
from assistant.legal_qa import LegalQA
from assistant.offence import OffenceAdvisor
from assistant.retrieval import make_retriever
from case_api.users.models import Role
from case_api.users.principals import Principal
from channels.components import Components
from core.settings import Settings
from knowledge.base import KnowledgeBase

SECRETS = ("张三丰", "500101199001011234", "13912345678")
QUESTION = (
    "当事人张三丰（身份证500101199001011234，电话13912345678）被简易程序当场罚款，对公民罚款的上限是多少？"
)


class Recording:
    """The real model, with every prompt it is given kept for the test to read."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.prompts: list[str] = []

    def complete(self, messages: Sequence[Any], **kwargs: Any) -> str:
        self.prompts.append(repr(messages))
        return str(self.inner.complete(messages, **kwargs))

    def stream(self, messages: Sequence[Any], **kwargs: Any) -> Iterator[str]:
        self.prompts.append(repr(messages))
        yield from self.inner.stream(messages, **kwargs)

    def __getattr__(self, item: str) -> Any:
        return getattr(self.inner, item)


def _principal(role: Role) -> Principal:
    from datetime import UTC, datetime

    return Principal(1, "u", "测试", role, None, None, None, "x", True, datetime.now(UTC))


@pytest.mark.models
def test_personal_data_never_reaches_the_model(
    kb_settings: Settings, components: Components, knowledge: KnowledgeBase
) -> None:
    llm = Recording(components.llm())
    real = make_retriever(knowledge)
    questions: list[str] = []

    def retriever(question: str, k: int) -> Any:
        questions.append(question)
        return real(question, k)

    service = ChatService(
        lambda: LegalQA(llm, retriever, store=knowledge.store),
        OffenceAdvisor(knowledge),
        settings=kb_settings,
    )
    events = list(service.respond(QUESTION, mode="legal", principal=_principal(Role.citizen)))
    assert questions, events
    seen = "\n".join(questions + llm.prompts)
    for secret in SECRETS:
        assert secret not in seen
    assert "〔身份证1〕" in questions[0] and "〔电话1〕" in questions[0]
    shown = "".join(getattr(e, "text", "") for e in events if e.type in ("delta", "notice"))
    for secret in SECRETS:
        assert secret not in shown
