"""The chat skills end to end with the real bundled models and the real knowledge index."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from assistant.chat import ChatService
from assistant.events import DoneEvent, Event
from assistant.legal_qa import LegalQA
from assistant.offence import OffenceAdvisor
from assistant.retrieval import make_retriever
from knowledge.base import KnowledgeBase

pytestmark = pytest.mark.models


class _MustNotBeCalled:
    name = "must-not-be-called"

    def complete(self, messages: Sequence[object], **kw: object) -> str:
        raise AssertionError("the LLM must not be asked when the corpus cannot answer")

    def stream(self, messages: Sequence[object], **kw: object) -> Iterator[str]:
        raise AssertionError("the LLM must not be asked when the corpus cannot answer")


def _events(service: ChatService, text: str, **kw: str) -> list[Event]:
    return list(service.respond(text, **kw))  # type: ignore[arg-type]


def test_offence_advice_names_provisions_band_and_quotes(kb_settings, knowledge: KnowledgeBase):
    service = ChatService(
        lambda: LegalQA(_MustNotBeCalled(), make_retriever(knowledge), store=knowledge.store),
        OffenceAdvisor(knowledge),
    )
    events = _events(
        service, "一家个体水果店把水果货架摆到店门外的人行道上摆卖，占了六平方米", mode="offence"
    )
    offences = [e.item for e in events if e.type == "offence"]
    assert offences, events
    top = offences[0]
    assert "出店" in top.name or "超出门窗" in top.name
    assert "重庆市市容环境卫生管理条例》第十八条" in top.penalty
    assert "50" in top.fine and "500" in top.fine
    quotes = [e.item for e in events if e.type == "citation"]
    assert any("五十元以上五百元以下" in q.text for q in quotes)
    assert events[-1] == DoneEvent()


def test_legal_answer_is_grounded_in_quoted_provisions(kb_settings, components, knowledge: KnowledgeBase):
    llm = components.llm()
    service = ChatService(
        lambda: LegalQA(llm, make_retriever(knowledge), store=knowledge.store),
        OffenceAdvisor(knowledge),
    )
    events = _events(service, "简易程序当场作出罚款决定，对公民罚款的上限是多少？", mode="legal")
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert len(text) > 10
    citations = [e.item for e in events if e.type == "citation"]
    assert citations, events
    for c in citations:
        assert c.verified is True
        assert c.text  # quoted from the corpus


def test_out_of_corpus_question_is_refused_without_the_llm(kb_settings, knowledge: KnowledgeBase):
    service = ChatService(
        lambda: LegalQA(_MustNotBeCalled(), make_retriever(knowledge), store=knowledge.store),
        OffenceAdvisor(knowledge),
    )
    events = _events(service, "行政处罚法第一百条是怎么规定的？", mode="legal")
    assert any(e.type == "refused" for e in events)
    text = "".join(str(e.text) for e in events if e.type == "delta")
    assert "法规库中没有" in text
