"""What a suite drives: the product's own entry points, in this process or in a running server over HTTP.

* :class:`InProcessTarget` takes the component getter of the process's runtime (``channels.components.
  build_runtime(settings).get``, handed in by the composition root ``zhifa eval``) and builds the chat service
  exactly as ``POST /api/chat`` does (``ChatService.from_runtime``); speech and detection go through the same
  loaders the speech jobs and ``POST /api/vision/images`` use.
* :class:`HttpTarget` logs in (``POST /api/auth/token``, or a given token) and calls the server's routes:
  ``POST /api/chat`` (NDJSON), ``POST /api/speech/jobs`` (polled), ``POST /api/vision/images``.

Determinism: in process, the LLM is wrapped so that every call runs at temperature 0 (greedy decoding: the same
prompt gives the same answer on the same build); a server keeps its own settings, which the report records.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import BaseModel

from assistant.events import (
    CitationEvent,
    CitedProvision,
    DeltaEvent,
    ErrorEvent,
    Event,
    NoticeEvent,
    OffenceCard,
    OffenceEvent,
    RefusedEvent,
    SkillEvent,
    ToolEvent,
    parse_event,
)
from core.settings import Settings
from knowledge.base import KnowledgeBase
from knowledge.statutes.store import StatuteStore

CONTENT_EVENTS = ("delta", "citation", "offence", "tool", "clarify", "refused")
E = TypeVar("E", bound=BaseModel)


@dataclass
class ChatRun:
    """One message's events (:mod:`assistant.events` models), with the times they arrived (seconds from the
    request)."""

    events: list[Event] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    total_s: float = 0.0

    def add(self, event: Event, t: float) -> None:
        self.events.append(event)
        self.times.append(t)

    def of(self, kind: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, kind)]

    @property
    def answer(self) -> str:
        return "".join(e.text for e in self.of(DeltaEvent))

    @property
    def citations(self) -> list[CitedProvision]:
        return [e.item for e in self.of(CitationEvent)]

    @property
    def offences(self) -> list[OffenceCard]:
        return [e.item for e in self.of(OffenceEvent)]

    @property
    def tools(self) -> list[ToolEvent]:
        return self.of(ToolEvent)

    @property
    def skills(self) -> list[str]:
        return [e.name for e in self.of(SkillEvent)]

    @property
    def refused(self) -> bool:
        return bool(self.of(RefusedEvent))

    @property
    def errors(self) -> list[str]:
        return [e.message for e in self.of(ErrorEvent)]

    def _first(self, kinds: Sequence[str]) -> float | None:
        return next((t for e, t in zip(self.events, self.times, strict=True) if e.type in kinds), None)

    @property
    def ttft_s(self) -> float | None:
        """Time to the first answer text (``delta``)."""
        return self._first(("delta",))

    @property
    def first_content_s(self) -> float | None:
        """Time to the first thing an officer can read: text, a quoted provision, an offence card, a tool result."""
        return self._first(CONTENT_EVENTS)

    def brief(self) -> dict[str, Any]:
        """What a report keeps of the run (the answer, the citations without their full text bodies trimmed)."""
        return {
            "skills": self.skills,
            "answer": self.answer,
            "citations": [
                {"id": c.id, "law": c.law, "label": c.label, "verified": c.verified, "text": c.text[:240]}
                for c in self.citations
            ],
            "refused": [e.reason for e in self.of(RefusedEvent)],
            "notices": [e.text for e in self.of(NoticeEvent)],
            "errors": self.errors,
            "other_events": sorted(
                {
                    e.type
                    for e in self.events
                    if e.type not in ("delta", "citation", "skill", "done", "offence")
                }
            ),
        }


def collect(events: Iterable[Event], t0: float) -> ChatRun:
    run = ChatRun()
    for event in events:
        run.add(event, time.perf_counter() - t0)
    run.total_s = time.perf_counter() - t0
    return run


@dataclass
class Transcription:
    text: str
    duration_s: float
    seconds: float  # processing time


class Target(Protocol):
    """The product, as a suite sees it."""

    name: str

    @property
    def statutes(self) -> StatuteStore:
        """The statute store its answers are checked against (the bundled laws and the bureau's additions)."""
        ...

    def chat(self, message: str, *, mode: str = "auto", party_type: str = "auto") -> ChatRun: ...

    def transcribe(self, path: Path, *, pipeline: bool, language: str = "zh") -> Transcription: ...

    def detect(self, path: Path) -> list[dict[str, Any]]: ...

    def describe(self) -> dict[str, Any]: ...


class DeterministicLLM:
    """The configured LLM with every call at temperature 0 (and the eval's seed where a backend takes one): the
    same backend object underneath, so prompts, context and stopping are the server's."""

    def __init__(self, inner: Any, *, seed: int = 0) -> None:
        self.inner = inner
        self.seed = seed
        self.name = getattr(inner, "name", "llm")

    def complete(self, messages: Sequence[Any], **kwargs: Any) -> str:
        kwargs["temperature"] = 0.0
        return str(self.inner.complete(messages, **kwargs))

    def stream(self, messages: Sequence[Any], **kwargs: Any) -> Iterator[str]:
        kwargs["temperature"] = 0.0
        yield from self.inner.stream(messages, **kwargs)

    def __getattr__(self, item: str) -> Any:  # health(), bind_tools … of the real backend
        return getattr(self.inner, item)


class InProcessTarget:
    name = "in-process"

    def __init__(
        self, settings: Settings, get: Callable[[str], Any], *, knowledge: KnowledgeBase, seed: int = 0
    ) -> None:
        """``get``: the process's component getter; ``knowledge``: its knowledge base (the chat's retrieval,
        refusal and grounding, and the store answers are checked against)."""
        self.settings = settings
        self.knowledge = knowledge
        self._get = get
        self.seed = seed
        self._llm: DeterministicLLM | None = None
        self._pipeline: Any = None

    def get(self, component: str) -> Any:
        if component == "llm":
            if self._llm is None:
                self._llm = DeterministicLLM(self._get("llm"), seed=self.seed)
            return self._llm
        return self._get(component)

    @property
    def statutes(self) -> StatuteStore:
        """The statute store of its settings' knowledge base: the bundled laws and the bureau's additions (the
        store the chat's refusal and grounding read)."""
        return self.knowledge.store

    def chat(self, message: str, *, mode: str = "auto", party_type: str = "auto") -> ChatRun:
        from assistant.chat import ChatService

        t0 = time.perf_counter()
        service = ChatService.from_runtime(self.settings, self.get, knowledge=self.knowledge)
        return collect(service.respond(message, mode=mode, party_type=party_type), t0)  # type: ignore[arg-type]

    def transcribe(self, path: Path, *, pipeline: bool, language: str = "zh") -> Transcription:
        from speech.audio import decode
        from speech.pipeline import build_pipeline

        asr = self.get("asr")
        duration = decode(path, max_seconds=7200).duration
        t0 = time.perf_counter()
        if pipeline:
            if self._pipeline is None:
                self._pipeline = build_pipeline(self.settings, asr)
            text = self._pipeline.run(path, language=language).text
        else:
            text = asr.transcribe(path, language=language).text
        return Transcription(str(text), float(duration), time.perf_counter() - t0)

    def detect(self, path: Path) -> list[dict[str, Any]]:
        found = self.get("camera_detector").detect(path)
        return [{"label": d.label, "confidence": round(float(d.confidence), 3)} for d in found]

    def describe(self) -> dict[str, Any]:
        llm = self.settings.llm
        return {
            "target": self.name,
            "llm_backend": llm.backend,
            "llm_model": str(llm.model_path or "bundled"),
            "temperature": 0.0,
            "seed": self.seed,
            "asr": self.settings.asr.backend,
            "camera_detector": self.settings.vision.detector.backend,
        }


class HttpError(RuntimeError):
    pass


class HttpTarget:
    """A running server (``zhifa serve``): the same routes the web page and the apps call."""

    name = "http"

    def __init__(
        self,
        url: str,
        *,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        statutes: StatuteStore,
        client: httpx.Client | None = None,
        timeout_s: float = 600.0,
    ) -> None:
        """``statutes``: the store the server's answers are checked against (the evaluating machine's knowledge
        base's, given by the composition root)."""
        self.url = url.rstrip("/")
        self.statutes = statutes
        self.client = client or httpx.Client(base_url=self.url, timeout=timeout_s)
        if token is None:
            if not (username and password):
                raise HttpError("连接服务器评测需要 --token，或 --username 与 --password 登录。")
            resp = self.client.post("/api/auth/token", data={"username": username, "password": password})
            if resp.status_code != 200:
                raise HttpError(f"登录失败（HTTP {resp.status_code}）：{_message(resp)}")
            token = str(resp.json()["access_token"])
        self.headers = {"Authorization": f"Bearer {token}"}

    def chat(self, message: str, *, mode: str = "auto", party_type: str = "auto") -> ChatRun:
        body = {"message": message, "mode": mode, "party_type": party_type}
        t0 = time.perf_counter()
        with self.client.stream("POST", "/api/chat", json=body, headers=self.headers) as resp:
            if resp.status_code != 200:
                resp.read()
                raise HttpError(f"/api/chat HTTP {resp.status_code}：{_message(resp)}")
            return collect((parse_event(line) for line in resp.iter_lines() if line.strip()), t0)

    def transcribe(self, path: Path, *, pipeline: bool, language: str = "zh") -> Transcription:
        if not pipeline:
            raise HttpError("服务器只提供转写流水线（/api/speech/jobs），asr 套件请在本机进程内运行。")
        t0 = time.perf_counter()
        with path.open("rb") as fh:
            resp = self.client.post("/api/speech/jobs", files={"file": (path.name, fh)}, headers=self.headers)
        if resp.status_code != 202:
            raise HttpError(f"/api/speech/jobs HTTP {resp.status_code}：{_message(resp)}")
        job_id = resp.json()["id"]
        while True:
            job = self.client.get(f"/api/speech/jobs/{job_id}", headers=self.headers).json()
            if job.get("state") in ("done", "finished", "failed", "cancelled"):
                break
            time.sleep(0.2)
        if job.get("state") == "failed":
            raise HttpError(f"转写任务失败：{job.get('error')}")
        result = job.get("result") or {}
        return Transcription(
            str(result.get("text", "")), float(result.get("duration", 0.0)), time.perf_counter() - t0
        )

    def detect(self, path: Path) -> list[dict[str, Any]]:
        with path.open("rb") as fh:
            resp = self.client.post(
                "/api/vision/images", files={"file": (path.name, fh)}, headers=self.headers
            )
        if resp.status_code != 200:
            raise HttpError(f"/api/vision/images HTTP {resp.status_code}：{_message(resp)}")
        return [{"label": d["label"], "confidence": d["confidence"]} for d in resp.json()["detections"]]

    def describe(self) -> dict[str, Any]:
        return {"target": self.name, "url": self.url}


def _message(resp: httpx.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return resp.text[:200]
    return str(body.get("message") or body.get("detail") or body)[:200]
