"""The LLM shared fairly: a bounded first-come-first-served queue with a wait timeout, a slot held only while a
call runs (a stream gives it back when closed), the place in line reported.

The queue's rules are checked deterministically; the sharing itself with the real bundled model through the
default ``llama_cpp`` backend (the supervised child process): two legal questions at once are both answered, a
stream abandoned mid-answer frees the model at once, a full queue is refused with a Chinese message.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator, Iterator

import pytest

from assistant.chat import ChatService
from assistant.events import Event, QueueEvent
from assistant.llm.base import LLM_BACKENDS, LLMBackend, Message
from assistant.llm.llama_server import ManagedLlamaBackend
from assistant.llm.queue import QueueFull, QueueTimeout, RequestQueue
from core.errors import ModelError
from core.settings import Settings
from knowledge.base import KnowledgeBase


# --- the queue's rules (no model) -------------------------------------------------------------------------------
def _held(
    queue: RequestQueue, entered: threading.Event, leave: threading.Event
) -> Generator[str, None, None]:
    with queue.slot():
        entered.set()
        yield "a"
        leave.wait(10)
        yield "b"


def test_a_closed_stream_gives_its_slot_back_at_once() -> None:
    queue = RequestQueue(slots=1, max_waiting=2, wait_timeout=5)
    entered, leave = threading.Event(), threading.Event()
    stream = _held(queue, entered, leave)
    assert next(stream) == "a" and queue.running == 1 and queue.ahead() == 1
    stream.close()  # the client went away between two pieces
    assert queue.running == 0 and queue.ahead() == 0
    with queue.slot():
        assert queue.running == 1


def test_waiters_are_served_in_order_and_told_their_place() -> None:
    queue = RequestQueue(slots=1, max_waiting=3, wait_timeout=10)
    order: list[str] = []
    places: dict[str, list[int]] = {"x": [], "y": []}

    def ask(name: str) -> None:
        with queue.slot(on_wait=places[name].append):
            order.append(name)

    with queue.slot():
        tx = threading.Thread(target=ask, args=("x",))
        tx.start()
        while queue.waiting < 1:
            time.sleep(0.01)
        ty = threading.Thread(target=ask, args=("y",))
        ty.start()
        while queue.waiting < 2:
            time.sleep(0.01)
        assert queue.ahead() == 3  # a third arrival would be third in line
    tx.join(5)
    ty.join(5)
    assert order == ["x", "y"]
    assert places["x"] == [1] and places["y"][0] == 2  # y moves up as x is served


def test_a_full_queue_and_a_long_wait_are_refused_in_chinese() -> None:
    queue = RequestQueue(slots=1, max_waiting=0, wait_timeout=0.2)
    with queue.slot():
        with pytest.raises(QueueFull, match="大模型正忙：已有 0 个问题在排队") as full, queue.slot():
            pass
        assert isinstance(full.value, ModelError) and full.value.code == "model_busy"
    timed = RequestQueue(slots=1, max_waiting=1, wait_timeout=0.2)
    with timed.slot():
        t0 = time.monotonic()
        with pytest.raises(QueueTimeout, match="排队等候超过"), timed.slot():
            pass
        assert 0.15 < time.monotonic() - t0 < 3
        assert timed.waiting == 0  # the one that gave up left the line


def test_the_chat_tells_a_legal_question_its_place_in_line(
    kb_settings: Settings, knowledge: KnowledgeBase
) -> None:
    from assistant.legal_qa import LegalQA
    from assistant.offence import OffenceAdvisor
    from assistant.retrieval import make_retriever

    queue = RequestQueue(slots=1, max_waiting=4)
    service = ChatService(
        lambda: LegalQA(None, make_retriever(knowledge), store=knowledge.store),
        OffenceAdvisor(knowledge),
        settings=kb_settings,
        llm_queue=lambda: queue,
    )
    question = "简易程序当场罚款的上限是多少？"
    idle = [e.type for e in service.respond(question, mode="legal")]
    assert "queue" not in idle and "citation" in idle
    with queue.slot():  # another answer holds the model
        busy = list(service.respond(question, mode="legal"))
    kinds = [e.type for e in busy]
    assert QueueEvent(position=1) in busy and kinds.index("queue") < kinds.index("citation")


# --- with the real bundled model in its child process ----------------------------------------------------------
COUNT: list[Message] = [{"role": "user", "content": "从1数到300，用逗号分隔，不要省略。"}]
HELLO: list[Message] = [{"role": "user", "content": "你好"}]


@pytest.fixture(scope="module")
def llm(settings: Settings) -> Iterator[ManagedLlamaBackend]:
    cfg = settings.llm.model_copy(update={"queue_size": 1, "queue_timeout": 300.0})
    backend: LLMBackend = LLM_BACKENDS.create("llama_cpp", settings.model_copy(update={"llm": cfg}))
    assert isinstance(backend, ManagedLlamaBackend)
    yield backend
    backend.close()


@pytest.mark.models
def test_an_abandoned_stream_frees_the_model_at_once_and_a_full_queue_is_refused(
    llm: ManagedLlamaBackend,
) -> None:
    first = llm.stream(COUNT, max_tokens=400, temperature=0.0)
    assert isinstance(first, Generator)
    t0 = time.monotonic()
    pieces = [next(first) for _ in range(12)]
    rate = 11 / max(time.monotonic() - t0, 1e-3)  # pieces per second while the model writes
    assert pieces and llm.queue.running == 1

    second_started: list[float] = []
    second_text: list[str] = []

    def second() -> None:
        for piece in llm.stream(HELLO, max_tokens=8, temperature=0.0):
            if not second_started:
                second_started.append(time.monotonic())
            second_text.append(piece)

    waiter = threading.Thread(target=second)
    waiter.start()
    while llm.queue.waiting < 1:
        time.sleep(0.01)
    assert llm.queue.ahead() == 2

    # the line holds one (queue_size=1): a third is refused at once, in Chinese
    with pytest.raises(QueueFull, match="大模型正忙"):
        llm.complete(HELLO, max_tokens=4)

    time.sleep(1.0)
    assert not second_started  # the second waits while the first is being read
    closed = time.monotonic()
    first.close()  # the client went away: the HTTP stream is closed and the slot given back
    waiter.join(120)
    assert second_started and "".join(second_text)
    latency = second_started[0] - closed
    # had the child gone on writing the first answer (up to 400 tokens), the second would wait for it
    remaining = (400 - 12) / rate
    assert latency < min(20.0, remaining / 2), (latency, remaining)
    assert llm.queue.running == 0 and llm.queue.waiting == 0


@pytest.mark.models
def test_two_legal_questions_at_once_are_both_answered(
    kb_settings: Settings, llm: ManagedLlamaBackend, knowledge: KnowledgeBase
) -> None:
    questions = ["简易程序当场罚款的上限是多少？", "城市管理执法人员调查取证时应当出示什么？"]
    results: dict[str, list[Event]] = {}

    def ask(question: str) -> None:
        service = ChatService.from_runtime(kb_settings, lambda name: llm, knowledge=knowledge, memory=False)
        results[question] = list(service.respond(question, mode="legal"))

    threads = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    for question in questions:
        events = results[question]
        kinds = [e.type for e in events]
        assert kinds[-1] == "done" and "error" not in kinds and "refused" not in kinds, (question, events)
        assert "citation" in kinds, question
        text = "".join(str(e.text) for e in events if e.type == "delta")
        notices = "".join(str(e.text) for e in events if e.type == "notice")
        # the model wrote a conclusion for each (shown, or dropped by the number check with a notice)
        assert "结论：" in text or "结论" in notices, (question, events)
    assert llm.queue.running == 0 and llm.queue.waiting == 0
