"""The chat entry point shared by every channel: routes a message to its skills and yields stream events.

:meth:`ChatService.respond` yields :data:`assistant.events.Event` models (``conversation``, ``skill``, ``delta``,
``citation``, ``offence``, ``similar_case``, ``tool``, ``queue``, ``clarify``, ``notice``, ``refused``, ``error``,
``done``); their contract and their one serialiser are in :mod:`assistant.events`.

What happens to a message:

1. Personal data (ID numbers, phones, plates, names where detectable) is replaced by placeholders before any skill
   sees it (:mod:`assistant.masking`); the placeholders are put back in the answer only for staff.
2. With a caller and the database: the conversation is opened (or continued), and a follow-up inherits the
   previous topic (:mod:`assistant.memory`).
3. Routing by meaning (:mod:`assistant.router`): tools (record questions), offence (a described situation),
   legal (a question about the law) — several for a mixed message.
4. Tools run over case_api's services bounded by the caller's role (:mod:`assistant.tools`); an offence answer
   gets similar past cases from the record (:mod:`assistant.similar`, staff only).
5. The turn is stored masked, with the topic follow-ups inherit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Literal, cast

from assistant.events import (
    ConversationEvent,
    DeltaEvent,
    DoneEvent,
    ErrorEvent,
    Event,
    OffenceEvent,
    QueueEvent,
    SimilarCaseEvent,
    SkillEvent,
)
from assistant.legal_qa import LegalQA
from assistant.llm.queue import RequestQueue, queue_for
from assistant.masking import mask_personal, may_see_personal_data, restore, restore_events, scrub
from assistant.memory import Memory, Resolved, resolve
from assistant.offence import OffenceAdvisor
from assistant.retrieval import make_retriever
from assistant.router import Skill, route_message
from assistant.similar import SimilarCases, similar_cases
from assistant.tools import ToolContext, run_tools
from case_api.errors import NotFound
from case_api.users.models import STAFF_ROLES
from case_api.users.principals import Principal
from core.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.catalogue import load_catalogue

Mode = Literal["auto", "legal", "offence", "tools"]
log = logging.getLogger(__name__)


class ChatService:
    def __init__(
        self,
        legal: Callable[[], LegalQA],
        offence: OffenceAdvisor,
        *,
        settings: Settings | None = None,
        memory: Memory | None = None,
        llm_queue: Callable[[], RequestQueue | None] | None = None,
        similar: SimilarCases | None = None,
    ) -> None:
        self._legal = legal
        self.similar = similar
        self._llm_queue = llm_queue
        self.offence = offence
        self.settings = settings or offence.settings
        self.memory = memory

    @classmethod
    def from_runtime(
        cls,
        settings: Settings,
        get: Callable[[str], Any],
        *,
        knowledge: KnowledgeBase,
        peek: Callable[[str], Any] | None = None,
        memory: bool = True,
    ) -> ChatService:
        """Build from the process's components (``get('llm')``), loaded once elsewhere; the LLM is only
        asked for when a legal question arrives, so offence advice and tools work while it is still loading.
        ``peek`` (the runtime's) gives a component only if it is loaded: the queue is read through it, never
        waiting for a load. ``knowledge``: the process's knowledge base — retrieval, the refusal and citation checks
        (its statute store holds the bureau's additions, so they know every law retrieval finds), the offence
        matcher and the embedder similar cases are ranked with."""
        return cls(
            # the model is asked for lazily: without it the quoted provisions still answer (with a notice); the
            # store is read when the question arrives (after a reload: the new one)
            lambda: LegalQA(lambda: get("llm"), make_retriever(knowledge), store=knowledge.store),
            # no model choice among close offences: with the bundled 1.5B model it lowered top-1 on the clean
            # offence_unseen2 set (0.851 → 0.809); the officer gets the separating question instead
            OffenceAdvisor(knowledge),
            settings=settings,
            memory=Memory(settings) if memory else None,
            llm_queue=lambda: queue_for(peek("llm") if callable(peek) else get("llm")),
            # past cases ranked by their facts with the offence matcher's embedder (None where it could not load)
            similar=SimilarCases(settings, lambda: knowledge.matcher.embedder),
        )

    # -----------------------------------------------------------------------------------------------------
    def respond(
        self,
        message: str,
        *,
        mode: Mode = "auto",
        party_type: str = "auto",
        principal: Principal | None = None,
        conversation_id: str | None = None,
        now: datetime | None = None,
    ) -> Iterator[Event]:
        text = message.strip()
        if not text:
            yield ErrorEvent(message="请输入问题或现场情况描述。")
            return
        masked = mask_personal(text)
        allowed = principal is not None and may_see_personal_data(principal.role)
        conv_id: str | None = None
        topic: dict[str, Any] = {}
        if principal is not None and self.memory is not None:
            try:
                conv_id, topic = self.memory.open(
                    user_id=principal.id, conversation_id=conversation_id, title=scrub(text)
                )
            except NotFound as exc:
                yield ErrorEvent(message=exc.message)
                yield DoneEvent()
                return
            yield ConversationEvent(id=conv_id)

        resolved = (
            resolve(masked.text, topic, party_type=party_type)
            if mode == "auto"
            else Resolved(mode, masked.text, party_type)
        )
        skills: list[Skill] = (
            [cast(Skill, resolved.skill)]
            if resolved.skill is not None
            else list(route_message(resolved.text).skills)
        )
        log.info("chat route %s follow_up=%s text=%s", skills, resolved.follow_up, scrub(text))

        answer: list[str] = []
        top_offence: str | None = None
        for skill in skills:
            yield SkillEvent(name=skill)
            if skill == "tools":
                events = self._tools(
                    restore(resolved.text, masked.values, allowed=True),
                    principal,
                    now,
                    alone=len(skills) == 1,
                )
            elif skill == "offence":
                events = restore_events(
                    self.offence.stream(resolved.text, party_type=_party(resolved.party_type)),
                    masked,
                    allowed=allowed,
                )
            else:
                yield from self._queue_position()
                events = restore_events(self._legal().stream(resolved.text), masked, allowed=allowed)
            for event in events:
                if isinstance(event, DeltaEvent):
                    answer.append(event.text)
                if isinstance(event, OffenceEvent) and top_offence is None:
                    top_offence = event.item.id
                yield event
            if skill == "offence" and top_offence and principal is not None and principal.role in STAFF_ROLES:
                yield from self._similar(top_offence, resolved.text)

        if conv_id is not None and principal is not None and self.memory is not None:
            content = [s for s in skills if s != "tools"]
            self.memory.record(
                conversation_id=conv_id,
                user_id=principal.id,
                question=masked.restore(masked.text, allowed=False),
                answer=scrub(restore("".join(answer), masked.values, allowed=False)),
                skill=skills[0],
                topic={
                    "skill": content[-1] if content else skills[0],
                    "question": resolved.text,
                    "party_type": resolved.party_type,
                    "offence_id": top_offence,
                },
                meta={"skills": skills},
                now=now,
            )
        yield DoneEvent()

    def _queue_position(self) -> Iterator[Event]:
        """A ``queue`` event when the model is busy: how many questions this one waits behind."""
        try:
            queue = self._llm_queue() if self._llm_queue is not None else None
        except Exception:  # the model failed to load: the legal answer reports that itself
            return
        position = queue.ahead() if queue is not None else 0
        if position:
            yield QueueEvent(position=position)

    # -----------------------------------------------------------------------------------------------------
    def _tools(
        self, text: str, principal: Principal | None, now: datetime | None, *, alone: bool = True
    ) -> Iterator[Event]:
        """``alone``: the message asks only the record (no law quoted beside it): a caller not logged in is told
        that the statutes do not hold what it asks, as well as where it is held."""
        if principal is None:
            held = "值班安排和案件信息在执法记录里，法规库中没有这类信息；" if alone else ""
            yield DeltaEvent(text=f"{held}查询勤务和案件信息需要先登录（按登录账号的角色决定能看到什么）。")
            return
        ctx = ToolContext(self.settings, principal, now or datetime.now(UTC))
        yield from run_tools(text, ctx)

    def _similar(self, offence_id: str, facts: str) -> Iterator[Event]:
        offence = next((o for o in load_catalogue().offences if o.id == offence_id), None)
        if offence is None:
            return
        try:
            found = (
                self.similar.find(offence, facts)
                if self.similar is not None
                else similar_cases(self.settings, offence)
            )
        except Exception as exc:  # no database (a bare CLI): the law still answers
            log.warning("similar cases unavailable: %s", type(exc).__name__)
            return
        for item in found:
            yield SimilarCaseEvent(item=item)


def _party(party_type: str) -> str | None:
    """``auto`` (the default): the offence advisor reads the party from the facts (某有限公司… → organisation)."""
    return party_type if party_type in ("individual", "organisation") else None
