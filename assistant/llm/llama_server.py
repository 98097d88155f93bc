"""The default LLM backend: llama.cpp in a managed child process, spoken to over its OpenAI-compatible API.

Why a child process: a native crash in llama.cpp (SIGILL from an instruction the CPU or its hypervisor traps,
SIGSEGV, abort) must never take the server down with it, nor lose a request silently. The child is
``python -m llama_cpp.server`` from the same portable llama-cpp-python build; the parent talks to it through
:class:`~assistant.llm.openai_backend.OpenAIBackend` (the same backend a city uses for a GPU server), so moving
the model to another machine is configuration, not code.

:class:`LlamaServerProcess` starts the child on a free loopback port, waits until it answers, and watches it from
a supervisor thread. When the child dies it records how (exit code or signal), reports ``restarting`` to
``/readyz`` and starts it again with exponential back-off (1 s, 2 s, 4 s … at most 30 s; the back-off resets
after a minute of good health). A request that was in flight gets a clear :class:`ModelError` (the chat turns it
into an ``error`` event); a request that arrives while the model is restarting waits a few seconds for it and is
then refused with the same clear error. The child gets SIGTERM when the parent dies (``PR_SET_PDEATHSIG``), so no
orphan holds the model's memory.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from assistant.llm.base import LLM_BACKENDS, LLMBackend, Message
from assistant.llm.openai_backend import OpenAIBackend
from assistant.llm.queue import RequestQueue
from core.assets import THREAD_ENV, bundled_llm
from core.errors import ConfigError, ModelError
from core.settings import Settings

log = logging.getLogger(__name__)

State = Literal["starting", "ready", "restarting", "failed", "stopped"]
MODEL_ALIAS = "zhifa-local"
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def describe_exit(code: int) -> str:
    """``-11`` → ``信号 SIGSEGV``; ``3`` → ``退出码 3``."""
    if code < 0:
        try:
            return f"信号 {signal.Signals(-code).name}"
        except ValueError:
            return f"信号 {-code}"
    return f"退出码 {code}"


@dataclass(frozen=True)
class ChildConfig:
    model_path: Path
    n_ctx: int
    n_threads: int
    run_dir: Path
    startup_timeout: float = 180.0


class LlamaServerProcess:
    """One supervised ``llama_cpp.server`` child. Thread-safe; :meth:`start` blocks until the first start."""

    BACKOFF_FIRST = 1.0
    BACKOFF_MAX = 30.0
    HEALTHY_RESET = 60.0

    def __init__(self, config: ChildConfig) -> None:
        self.config = config
        self.state: State = "starting"
        self.error: str | None = None
        self.restarts = 0
        self.last_exit: str | None = None
        self.port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._cond = threading.Condition()
        self._closing = False
        self._supervisor: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def log_path(self) -> Path:
        return self.config.run_dir / "llm-server.log"

    def start(self) -> None:
        """Start the child and wait until it serves; raise :class:`ModelError` if the first start fails.

        The child is spawned by the supervisor thread, which lives as long as the process: Linux sends the
        parent-death signal when the *thread* that forked the child ends, so a short-lived loader thread must
        not be the one that forks it."""
        first: list[ModelError] = []
        started = threading.Event()
        self._supervisor = threading.Thread(
            target=self._supervise, args=(first, started), name="zhifa-llm-supervisor", daemon=True
        )
        self._supervisor.start()
        started.wait()
        if first:
            raise first[0]
        atexit.register(self.close)

    def _command(self, port: int) -> list[str]:
        cfg = self.config
        conf = {
            "host": "127.0.0.1",
            "port": port,
            # a second request waits for the first instead of cutting it off (llama_cpp.server's default)
            "interrupt_requests": False,
            "models": [
                {
                    "model": str(cfg.model_path),
                    "model_alias": MODEL_ALIAS,
                    "n_ctx": cfg.n_ctx,
                    "n_threads": cfg.n_threads,
                    "n_threads_batch": cfg.n_threads,
                    "logits_all": False,  # the server's default (True) computes logits for every prompt token
                    "verbose": False,
                }
            ],
        }
        path = cfg.run_dir / "llm-server.json"
        path.write_text(json.dumps(conf, ensure_ascii=False, indent=2), encoding="utf-8")
        # llama_cpp.server behind the entry point that picks the CPU library (portable or AVX-512) for this host
        return [sys.executable, "-m", "assistant.llm.llama_child", "--config_file", str(path)]

    def _spawn(self) -> subprocess.Popen[bytes]:
        self.config.run_dir.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        logfile = self.log_path.open("ab")
        # ggml's OpenMP threads yield when idle (core.assets.THREAD_ENV) unless the environment says otherwise
        env = {**THREAD_ENV, **os.environ, "PYTHONUNBUFFERED": "1"}
        try:
            proc = subprocess.Popen(
                self._command(port),
                stdin=subprocess.DEVNULL,
                stdout=logfile,
                stderr=subprocess.STDOUT,
                env=env,
                preexec_fn=_die_with_parent,  # only prctl: safe between fork and exec
            )
        finally:
            logfile.close()
        self.port = port
        self._proc = proc
        return proc

    def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.config.startup_timeout
        url = f"http://127.0.0.1:{self.port}/v1/models"
        with httpx.Client(timeout=2.0, trust_env=False) as client:
            while time.monotonic() < deadline:
                code = proc.poll()
                if code is not None:
                    raise ModelError(
                        f"大模型进程启动失败（{describe_exit(code)}），详见 {self.log_path}。"
                        f" / the LLM child exited during start-up ({describe_exit(code)})"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(url).status_code == 200:
                        return
                time.sleep(0.1)
        proc.kill()
        raise ModelError(f"大模型进程 {self.config.startup_timeout:.0f} 秒内未就绪，详见 {self.log_path}。")

    def _spawn_and_wait(self) -> None:
        proc = self._spawn()
        try:
            self._wait_ready(proc)
        except ModelError as exc:
            with self._cond:
                self.error = exc.message
            raise
        with self._cond:
            self.state = "ready"
            self.error = None
            self._cond.notify_all()
        log.info("LLM child ready: pid %s, port %s", proc.pid, self.port)

    def _supervise(self, first: list[ModelError], started: threading.Event) -> None:
        try:
            self._spawn_and_wait()
        except ModelError as exc:
            first.append(exc)
            with self._cond:
                self.state = "failed"
            return
        finally:
            started.set()
        backoff = self.BACKOFF_FIRST
        while True:
            proc = self._proc
            assert proc is not None
            up_since = time.monotonic()
            code = proc.wait()
            with self._cond:
                if self._closing:
                    self.state = "stopped"
                    self._cond.notify_all()
                    return
                self.state = "restarting"
                self.last_exit = describe_exit(code)
                self.error = f"大模型进程异常退出（{self.last_exit}），正在自动重启。"
                self._cond.notify_all()
            log.error("LLM child pid %s died (%s); restarting", proc.pid, describe_exit(code))
            if time.monotonic() - up_since > self.HEALTHY_RESET:
                backoff = self.BACKOFF_FIRST
            while True:
                with self._cond:
                    if self._cond.wait_for(lambda: self._closing, timeout=backoff):
                        self.state = "stopped"
                        return
                backoff = min(backoff * 2, self.BACKOFF_MAX)
                try:
                    self._spawn_and_wait()
                except ModelError as exc:
                    log.error("LLM child restart failed: %s", exc.message)
                    continue
                with self._cond:
                    self.restarts += 1
                break

    def wait_ready(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.state in ("ready", "stopped"), timeout=timeout) and (
                self.state == "ready"
            )

    def wait_exit_recorded(self, timeout: float) -> None:
        """Wait until the supervisor has recorded the child's exit (state no longer ``ready``)."""
        with self._cond:
            self._cond.wait_for(lambda: self.state != "ready", timeout=timeout)

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def close(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after 5 s); idempotent."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        with self._cond:
            self.state = "stopped"


class ManagedLlamaBackend:
    """An :class:`LLMBackend` over a supervised llama.cpp child; reports its health to ``/readyz``."""

    name = "llama_cpp"

    def __init__(
        self,
        process: LlamaServerProcess,
        *,
        request_wait: float = 15.0,
        timeout: float = 300.0,
        queue: RequestQueue | None = None,
    ) -> None:
        self.process = process
        # the child serves one request at a time; the line forms here, where it is bounded, timed and can be
        # reported, and the child only ever sees the request that holds the slot
        self.queue = queue or RequestQueue()
        self.request_wait = request_wait
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0), trust_env=False)

    @property
    def model_path(self) -> Path:
        return self.process.config.model_path

    def health(self) -> tuple[str, str | None]:
        """``(status, error)`` for ``/readyz``: ``ready``, or ``restarting`` / ``failed`` with the reason."""
        state = self.process.state
        if state == "ready" and not self.process.alive():
            return "restarting", "大模型进程已退出，正在自动重启。"
        return ("ready", None) if state == "ready" else (state, self.process.error)

    def _http(self) -> OpenAIBackend:
        if not self.process.wait_ready(self.request_wait):
            raise ModelError(
                (self.process.error or "大模型暂不可用。")
                + "请稍后重试。 / the local LLM is restarting; retry shortly"
            )
        return OpenAIBackend(
            self.process.base_url, model=MODEL_ALIAS, client=self._client, json_schema_style="llama_cpp"
        )

    def _crashed(self, exc: ModelError) -> ModelError:
        """A request that failed because the child died says so, in words a user can act on."""
        deadline = time.monotonic() + 1.0  # a dying child's socket may close a moment before it is reaped
        while self.process.alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self.process.alive():
            self.process.wait_exit_recorded(1.0)
            how = f"（{self.process.last_exit}）" if self.process.last_exit else ""
            return ModelError(
                f"大模型进程异常退出{how}，本次回答中断；系统正在自动重启模型，请稍后重新提问。"
                " / the LLM process died during this answer; it is being restarted"
            )
        return exc

    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> str:
        with self.queue.slot():
            http = self._http()
            try:
                return http.complete_now(
                    messages,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    stop=stop,
                    json_schema=json_schema,
                )
            except ModelError as exc:
                raise self._crashed(exc) from exc

    def stream(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int = 512,
        temperature: float = 0.2,
        stop: Sequence[str] | None = None,
    ) -> Iterator[str]:
        # the slot is given back in ``finally`` when the stream ends, fails or is closed by an abandoning
        # client; closing also closes the HTTP stream, and the child stops generating at its next token
        with self.queue.slot():
            http = self._http()
            try:
                yield from http.stream_now(
                    messages, max_tokens=max_tokens, temperature=temperature, stop=stop
                )
            except ModelError as exc:
                raise self._crashed(exc) from exc

    def close(self) -> None:
        self.process.close()
        self._client.close()


def start_managed(settings: Settings, *, model_path: Path | None = None) -> ManagedLlamaBackend:
    cfg = settings.llm
    path = Path(model_path or cfg.model_path or bundled_llm(settings.model_cache_dir).path)
    if not path.is_file():
        raise ConfigError(f"找不到 LLM 模型文件 {path}：请检查 ZHIFA_LLM__MODEL_PATH。 / no GGUF at {path}")
    process = LlamaServerProcess(
        ChildConfig(
            model_path=path,
            n_ctx=cfg.n_ctx,
            n_threads=cfg.n_threads,
            run_dir=settings.data_path / "run",
        )
    )
    process.start()
    return ManagedLlamaBackend(process, queue=RequestQueue.from_settings(settings))


@LLM_BACKENDS.register("llama_cpp")
def _build(settings: Settings) -> LLMBackend:
    return start_managed(settings)
