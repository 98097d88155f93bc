"""The model's choice among close offences: a constrained answer (one letter) parsed strictly; in the chat it follows
the deterministic answer as a notice, in batch work it reorders the cards; without a usable answer the officer is
asked the separating question. The real catalogue, matcher and bundled model."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from assistant import offence as offence_mod
from assistant.offence import OffenceAdvisor
from assistant.offence_choice import LETTERS, choice_messages, choose, close_candidates, parse_choice
from channels.components import Components
from knowledge.base import KnowledgeBase

# 排水: the catalogue's closest pair (未取得许可 vs 不按许可要求), told apart only by the facts
SEWER = "火锅店厨房废水经隔油池后接进市政污水管网，店里拿不出污水排入排水管网许可证。"


class Letter:
    """Speaks the LLMBackend interface and answers a fixed reply: it stands in for the model where the test is about
    what the advisor does with the answer, not about what the model chooses."""

    name = "letter"

    def __init__(self, reply: str, *, fail: bool = False) -> None:
        self.reply = reply
        self.fail = fail
        self.calls = 0

    def complete(self, messages: Sequence[object], **kw: object) -> str:
        self.calls += 1
        if self.fail:
            raise RuntimeError("model crashed")
        return self.reply

    def stream(self, messages: Sequence[object], **kw: object) -> Iterator[str]:
        yield self.complete(messages, **kw)


@pytest.fixture
def all_close(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offence_mod, "CLARIFY_MARGIN", 100.0)  # every candidate counts as close


def test_the_answer_is_one_of_the_letters_or_nothing():
    assert parse_choice("B", 3) == 1
    assert parse_choice(" c。", 3) == 2
    assert parse_choice("选B", 3) == 1  # leading Chinese is skipped
    assert parse_choice("C", 2) is None  # only two candidates
    assert parse_choice("D", 3) is None and parse_choice("不确定", 3) is None


def test_the_prompt_lists_each_candidate_with_its_constituent_facts(knowledge: KnowledgeBase):
    hits = knowledge.matcher.match(SEWER, k=3)
    close = close_candidates(hits, 100.0)
    assert len(close) == len(LETTERS)
    user = choice_messages(SEWER, close)[1]["content"]
    for letter, hit in zip(LETTERS, close, strict=True):
        assert f"{letter}. {hit.offence.name}" in user and hit.offence.facts[0] in user
    assert close_candidates(hits, 0.0) == [hits[0]]  # nothing is close to nothing


def test_in_the_chat_the_choice_follows_the_deterministic_answer(all_close: None, knowledge: KnowledgeBase):
    model = Letter("B")
    events = list(OffenceAdvisor(knowledge, llm=lambda: model).stream(SEWER))
    kinds = [e.type for e in events]
    assert model.calls == 1
    assert kinds[-1] == "notice" and kinds.index("delta") < len(kinds) - 1  # after the answer
    cards = [e.item for e in events if e.type == "offence"]
    assert f"第2项“{cards[1].name}”" in events[-1].text
    assert "clarify" in kinds  # the officer still gets the separating question


def test_in_batch_work_the_choice_reorders_the_cards(all_close: None, knowledge: KnowledgeBase):
    plain = [e.item.id for e in OffenceAdvisor(knowledge).stream(SEWER) if e.type == "offence"]
    events = list(OffenceAdvisor(knowledge, llm=lambda: Letter("B"), choose_first=True).stream(SEWER))
    chosen = [e.item.id for e in events if e.type == "offence"]
    assert chosen[0] == plain[1] and chosen[1] == plain[0]
    assert "clarify" not in [e.type for e in events]


def test_no_usable_answer_leaves_the_separating_question(all_close: None, knowledge: KnowledgeBase):
    for model in (Letter("我不确定"), Letter("A", fail=True)):
        events = list(OffenceAdvisor(knowledge, llm=lambda m=model: m, choose_first=True).stream(SEWER))  # type: ignore[misc]
        assert "clarify" in [e.type for e in events]
        assert not any(e.type == "notice" for e in events)
    no_model = list(OffenceAdvisor(knowledge, llm=lambda: None).stream(SEWER))
    assert "clarify" in [e.type for e in no_model]


def test_the_bundled_model_answers_with_a_letter(components: Components, knowledge: KnowledgeBase):
    hits = knowledge.matcher.match(SEWER, k=3)
    picked = choose(components.llm(), SEWER, close_candidates(hits, 100.0))
    assert picked is not None and 0 <= picked < len(LETTERS)
