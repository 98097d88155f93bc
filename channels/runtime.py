"""Heavy components (models, database) built once per process and their readiness, for /readyz and `zhifa doctor`.

Each component is registered with a loader; loading happens lazily or in the server's lifespan (in a worker
thread, so /healthz answers at once). Per-component state is what /readyz reports. A component whose instance
has a ``health() -> (status, error)`` method (the LLM in its supervised child process) reports its live state
once loaded: ``restarting`` with the reason while its process is being restarted after a crash.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import psutil

Status = Literal["pending", "loading", "ready", "failed", "disabled", "restarting"]


@dataclass
class Component:
    name: str
    loader: Callable[[], Any]
    required: bool = True
    own_lane: bool = False  # load_all loads it in its own thread, beside the others
    status: Status = "pending"
    load_seconds: float | None = None
    rss_delta_mb: float | None = None
    error: str | None = None
    instance: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def load(self) -> Any:
        with self._lock:
            if self.status == "ready":
                return self.instance
            self.status = "loading"
            proc = psutil.Process()
            rss0 = proc.memory_info().rss
            t0 = time.perf_counter()
            try:
                self.instance = self.loader()
            except Exception as exc:
                self.status = "failed"
                self.error = str(exc) or exc.__class__.__name__
                raise
            finally:
                self.load_seconds = time.perf_counter() - t0
                self.rss_delta_mb = (proc.memory_info().rss - rss0) / 2**20
            self.status = "ready"
            self.error = None
            return self.instance

    def live(self) -> tuple[str, str | None]:
        """``(status, error)`` now: the load state, or the instance's own health once it is loaded."""
        health = getattr(self.instance, "health", None)
        if self.status == "ready" and callable(health):
            status, error = health()
            return str(status), error
        return self.status, self.error

    def snapshot(self) -> dict[str, Any]:
        status, error = self.live()
        return {
            "status": status,
            "required": self.required,
            "load_seconds": None if self.load_seconds is None else round(self.load_seconds, 3),
            "rss_delta_mb": None if self.rss_delta_mb is None else round(self.rss_delta_mb, 1),
            "error": error,
        }


def _load_quietly(comp: Component) -> None:
    # a failure is recorded on the component (status failed, error): /readyz and doctor report it
    with contextlib.suppress(Exception):
        comp.load()


class Runtime:
    """The set of components one process holds."""

    def __init__(self) -> None:
        self.components: dict[str, Component] = {}

    def add(
        self, name: str, loader: Callable[[], Any], *, required: bool = True, own_lane: bool = False
    ) -> Component:
        comp = Component(name=name, loader=loader, required=required, own_lane=own_lane)
        self.components[name] = comp
        return comp

    def get(self, name: str) -> Any:
        return self.components[name].load()

    def peek(self, name: str) -> Any:
        """The component if it is loaded, else ``None`` — never loads or waits for a load."""
        comp = self.components.get(name)
        return comp.instance if comp is not None and comp.status == "ready" else None

    def load_all(self) -> None:
        """Load every component not yet loaded. Components registered with ``own_lane=True`` (the LLM, whose load
        is mostly waiting for its child process to start) load in their own threads while the rest load one after
        another in this one: a re-start is ready in about the time of the longer lane instead of the sum. The
        in-process loads stay sequential on purpose: torch, ctranslate2 and ultralytics importing in parallel
        threads can deadlock on Python's import locks. A failed load is recorded on its component."""
        todo = [c for c in self.components.values() if c.status not in ("ready", "disabled")]
        lanes = [
            threading.Thread(target=_load_quietly, args=(c,), name=f"zhifa-load-{c.name}")
            for c in todo
            if c.own_lane
        ]
        for lane in lanes:
            lane.start()
        for comp in todo:
            if not comp.own_lane:
                _load_quietly(comp)
        for lane in lanes:
            lane.join()

    def ready(self) -> bool:
        return all(c.live()[0] == "ready" for c in self.components.values() if c.required)

    def report(self) -> dict[str, Any]:
        return {name: comp.snapshot() for name, comp in self.components.items()}
