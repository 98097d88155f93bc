"""Fair access to one model: a first-come-first-served queue with a bound and a wait timeout.

A local model answers one request at a time. Every backend call takes a *slot* from its :class:`RequestQueue`
for exactly as long as it runs — a stream holds it while it is iterated and gives it back in ``finally``, so a
stream the client abandons (its generator closed or collected) frees the model at once, and a stream that
finishes frees it for the next in line. Requests beyond the slots wait in arrival order; at most ``max_waiting``
wait (the next one is refused at once) and each waits at most ``wait_timeout`` seconds. Both refusals are a
:class:`QueueFull` / :class:`QueueTimeout` (``ModelError`` → the chat's ``error`` event, HTTP 503) with a Chinese
message. :meth:`RequestQueue.ahead` says how many requests a new one would wait behind (the chat's ``queue``
event).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from core.errors import ModelError
from core.settings import Settings


class QueueFull(ModelError):
    code = "model_busy"


class QueueTimeout(ModelError):
    code = "model_busy"


class RequestQueue:
    """``slots`` requests run at once; the rest wait first-come-first-served. Thread-safe."""

    def __init__(self, *, slots: int = 1, max_waiting: int = 8, wait_timeout: float = 120.0) -> None:
        if slots < 1:
            raise ValueError("slots must be at least 1")
        self.slots = slots
        self.max_waiting = max(0, max_waiting)
        self.wait_timeout = wait_timeout
        self._running = 0
        self._waiting: deque[int] = deque()
        self._tickets = itertools.count()
        self._cond = threading.Condition()

    @classmethod
    def from_settings(cls, settings: Settings) -> RequestQueue:
        cfg = settings.llm
        return cls(slots=cfg.slots, max_waiting=cfg.queue_size, wait_timeout=cfg.queue_timeout)

    @property
    def running(self) -> int:
        with self._cond:
            return self._running

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._waiting)

    def ahead(self) -> int:
        """How many requests a request arriving now would wait behind (0: it runs at once)."""
        with self._cond:
            return 0 if self._running < self.slots and not self._waiting else len(self._waiting) + 1

    @contextmanager
    def slot(self, on_wait: Callable[[int], None] | None = None) -> Iterator[None]:
        """Hold one slot for the body of the ``with``; ``on_wait(position)`` is told the 1-based place in line
        whenever it changes while waiting (called under the queue's lock: keep it short)."""
        self._acquire(on_wait)
        try:
            yield
        finally:
            self._release()

    def _acquire(self, on_wait: Callable[[int], None] | None) -> None:
        with self._cond:
            if self._running < self.slots and not self._waiting:
                self._running += 1
                return
            if len(self._waiting) >= self.max_waiting:
                raise QueueFull(
                    f"大模型正忙：已有 {len(self._waiting)} 个问题在排队，请稍后再问。"
                    " / the model's queue is full; retry shortly"
                )
            ticket = next(self._tickets)
            self._waiting.append(ticket)
            deadline = time.monotonic() + self.wait_timeout
            last = -1
            try:
                while True:
                    position = self._waiting.index(ticket) + 1
                    if position == 1 and self._running < self.slots:
                        self._waiting.popleft()
                        self._running += 1
                        self._cond.notify_all()  # the next in line may fit in another free slot
                        return
                    if on_wait is not None and position != last:
                        last = position
                        on_wait(position)
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise QueueTimeout(
                            f"大模型正忙：排队等候超过 {self.wait_timeout:.0f} 秒，请稍后再问。"
                            " / waited too long for the model; retry shortly"
                        )
                    self._cond.wait(left)
            except BaseException:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                    self._cond.notify_all()
                raise

    def _release(self) -> None:
        with self._cond:
            self._running -= 1
            self._cond.notify_all()


def queue_for(llm: object) -> RequestQueue | None:
    """The backend's queue, where it has one (every built-in backend does)."""
    queue = getattr(llm, "queue", None)
    return queue if isinstance(queue, RequestQueue) else None
