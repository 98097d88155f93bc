"""The assistant's stream events: one pydantic model per ``type``, and :data:`Event`, their discriminated union.

The chat service (:class:`assistant.chat.ChatService`) and its skills yield these models; the wire format is made
only at the edges, by :func:`to_json` (``POST /api/chat`` and ``POST /api/voice/ask`` send one per line as NDJSON,
``zhifa ask --json`` prints the same lines) and read back by :func:`parse_event` (the evals' HTTP target). In
process, consumers (WeChat, ``zhifa ask``, the evals) read attributes.

The contract (JSON keys as the web page reads them; a key whose value is ``None`` is left out; consumers ignore
unknown types and keys):

==================  ==========================================================================================
``conversation``    ``id``: the stored conversation (send it back as ``conversation_id`` to continue)
``skill``           ``name``: ``legal`` | ``offence`` | ``tools`` — which skill answers what follows (a mixed
                    message has more than one)
``delta``           ``text``: the next piece of the answer's text
``citation``        ``item``: a provision quoted from the corpus (:class:`CitedProvision`)
``offence``         ``item``: an offence card (:class:`OffenceCard`, with ``draft``: a body for ``POST /api/cases``)
``similar_case``    ``item``: a masked past case from the record (:class:`PastCase`; staff only)
``tool``            ``name``, ``args``, ``result`` (the record tool's result as returned), ``text`` (its rendering)
``queue``           ``position``: the model is busy, this question's place in line
``clarify``         ``question``, ``options``: the one question that separates the two best offences
``notice``          ``text``: a warning beside the answer (a dropped sentence, no model, weak match)
``refused``         ``reason``: the corpus does not answer; what it lacks
``error``           ``message``: what went wrong, in Chinese
``transcript``      ``text``, ``duration``: a voice question's transcription (first event of the voice route)
``done``            the answer is complete
==================  ==========================================================================================
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Model(BaseModel):
    # unknown keys are ignored when a stream is read back (the contract lets a server add keys); a test holds
    # OffenceCard to every key offence_item() writes, so nothing is dropped in process
    model_config = ConfigDict(frozen=True)


# -- items carried by events ---------------------------------------------------------------------------------
class CitedProvision(_Model):
    """A provision shown to the user, quoted from the corpus."""

    id: str
    law: str
    label: str  # 第五十一条 (with 款/项 where cited)
    text: str  # the article (or the cited part) verbatim from the corpus
    verified: bool
    quote: list[str] | None = None  # legal Q&A: the sentences quoted as the answer
    quote_labels: list[str] | None = None  # their labels (第X条第Y款…)


class OffenceCard(_Model):
    """A candidate offence for a described situation (:func:`assistant.offence.offence_item`)."""

    rank: int
    id: str
    name: str
    violated: str  # 违则
    penalty: str  # 罚则
    fine: str  # the fine range for the party, as text
    party: str
    band: str  # the discretion band, as text
    band_reasons: list[str]
    measures: str
    authority: str  # the competent authority where it is not 城管
    not_city_management: bool
    score: float
    draft: dict[str, Any] | None = None  # a body for POST /api/cases (case_api.cases.models.CaseCreate)


class PastCase(_Model):
    """A past case of the same offence, masked (:func:`assistant.similar.similar_cases`)."""

    case_no: str
    title: str
    offence: str
    outcome: str
    decided_at: str  # ISO date
    penalty_provision: str | None = None


# -- events ----------------------------------------------------------------------------------------------------
class ConversationEvent(_Model):
    type: Literal["conversation"] = "conversation"
    id: str


class SkillEvent(_Model):
    type: Literal["skill"] = "skill"
    name: Literal["legal", "offence", "tools"]


class DeltaEvent(_Model):
    type: Literal["delta"] = "delta"
    text: str


class CitationEvent(_Model):
    type: Literal["citation"] = "citation"
    item: CitedProvision


class OffenceEvent(_Model):
    type: Literal["offence"] = "offence"
    item: OffenceCard


class SimilarCaseEvent(_Model):
    type: Literal["similar_case"] = "similar_case"
    item: PastCase


class ToolEvent(_Model):
    type: Literal["tool"] = "tool"
    name: str
    args: dict[str, Any]
    result: dict[str, Any]  # as the tool returned it; a denial is {"error": …, "denied": true}
    text: str


class QueueEvent(_Model):
    type: Literal["queue"] = "queue"
    position: int = Field(ge=1)


class ClarifyEvent(_Model):
    type: Literal["clarify"] = "clarify"
    question: str
    options: list[str]


class NoticeEvent(_Model):
    type: Literal["notice"] = "notice"
    text: str


class RefusedEvent(_Model):
    type: Literal["refused"] = "refused"
    reason: str


class ErrorEvent(_Model):
    type: Literal["error"] = "error"
    message: str


class TranscriptEvent(_Model):
    type: Literal["transcript"] = "transcript"
    text: str
    duration: float


class DoneEvent(_Model):
    type: Literal["done"] = "done"


Event = Annotated[
    ConversationEvent
    | SkillEvent
    | DeltaEvent
    | CitationEvent
    | OffenceEvent
    | SimilarCaseEvent
    | ToolEvent
    | QueueEvent
    | ClarifyEvent
    | NoticeEvent
    | RefusedEvent
    | ErrorEvent
    | TranscriptEvent
    | DoneEvent,
    Field(discriminator="type"),
]

EVENTS: TypeAdapter[Event] = TypeAdapter(Event)


def to_wire(event: Event) -> dict[str, Any]:
    """The event as the JSON object the clients read (``None`` values left out)."""
    return event.model_dump(mode="json", exclude_none=True)


def to_json(event: Event) -> str:
    """One NDJSON line's JSON (no newline): Chinese kept as is."""
    return json.dumps(to_wire(event), ensure_ascii=False)


def parse_event(data: str | bytes | dict[str, Any]) -> Event:
    """An event from its JSON (a line of the stream) or its decoded object; an unknown ``type`` is an error."""
    if isinstance(data, dict):
        return EVENTS.validate_python(data)
    return EVENTS.validate_json(data)


__all__ = [
    "EVENTS",
    "CitationEvent",
    "CitedProvision",
    "ClarifyEvent",
    "ConversationEvent",
    "DeltaEvent",
    "DoneEvent",
    "ErrorEvent",
    "Event",
    "NoticeEvent",
    "OffenceCard",
    "OffenceEvent",
    "PastCase",
    "QueueEvent",
    "RefusedEvent",
    "SimilarCaseEvent",
    "SkillEvent",
    "ToolEvent",
    "TranscriptEvent",
    "parse_event",
    "to_json",
    "to_wire",
]
