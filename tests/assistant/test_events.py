"""The event contract: typed models in, the web page's JSON out, and back."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from assistant.events import (
    CitationEvent,
    CitedProvision,
    DoneEvent,
    OffenceCard,
    OffenceEvent,
    QueueEvent,
    ToolEvent,
    parse_event,
    to_json,
)
from assistant.offence import OffenceAdvisor, offence_item
from knowledge.base import KnowledgeBase


def test_the_wire_keys_are_the_ones_the_page_reads() -> None:
    cited = CitationEvent(
        item=CitedProvision(id="a:51", law="法", label="第五十一条", text="原文", verified=True)
    )
    assert json.loads(to_json(cited)) == {
        "type": "citation",
        "item": {"id": "a:51", "law": "法", "label": "第五十一条", "text": "原文", "verified": True},
    }  # no quote keys where there is no quote (None is left out)
    assert to_json(DoneEvent()) == '{"type": "done"}'
    assert "原文" in to_json(cited)  # Chinese as is, not \\u escapes


def test_every_event_parses_back_to_its_model() -> None:
    tool = ToolEvent(name="on_duty", args={"grid": None}, result={"grid": None, "officers": []}, text="无")
    for event in (tool, QueueEvent(position=2), DoneEvent()):
        assert parse_event(to_json(event)) == event
    assert json.loads(to_json(tool))["result"] == {
        "grid": None,
        "officers": [],
    }  # a tool's result as returned
    assert (
        parse_event({"type": "notice", "text": "注意", "added_later": 1}).type == "notice"
    )  # extra keys ignored


def test_an_unknown_or_malformed_event_is_an_error() -> None:
    with pytest.raises(ValidationError):
        parse_event('{"type": "telepathy"}')
    with pytest.raises(ValidationError):
        parse_event('{"type": "queue", "position": 0}')
    with pytest.raises(ValidationError):
        parse_event('{"type": "delta"}')


def test_an_offence_card_holds_every_key_the_advisor_writes(knowledge: KnowledgeBase) -> None:
    """A key added to offence_item() without adding it to OffenceCard would be dropped silently: caught here."""
    hit = knowledge.matcher.match("在人行道上摆摊卖水果", k=1)[0]
    item = offence_item(1, hit, text="在人行道上摆摊卖水果")
    assert set(item) == set(OffenceCard.model_fields)
    event = next(
        e for e in OffenceAdvisor(knowledge).stream("在人行道上摆摊卖水果") if isinstance(e, OffenceEvent)
    )
    assert json.loads(to_json(event))["item"] == json.loads(json.dumps(item, ensure_ascii=False))
