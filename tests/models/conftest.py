"""Real bundled models, each loaded once per session (by the session's components container) with the network
blocked; every test here runs offline.

``NetworkGuard`` blocks every non-loopback connection made through Python sockets (connect, connect_ex,
getaddrinfo) and records the attempts, so a test can assert that nothing even tried.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from assistant.llm import LLMBackend
from channels.components import Components
from knowledge.embedding import Embedder
from speech.asr import ASRBackend
from vision.detector import Detector
from vision.ocr import OCRBackend

SHARED_DATA = (
    Path(os.environ.get("ZHIFA_SHARED_DIR") or Path(__file__).resolve().parents[3] / "shared") / "data"
)

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkBlocked(OSError):
    pass


def is_loopback(host: object) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    def __init__(self) -> None:
        self.attempts: list[str] = []

    def _refuse(self, what: str) -> NetworkBlocked:
        self.attempts.append(what)
        return NetworkBlocked(f"network blocked in tests: {what}")

    @contextmanager
    def blocking(self) -> Iterator[NetworkGuard]:
        real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
        real_getaddrinfo = socket.getaddrinfo
        guard = self

        def connect(sock: socket.socket, address: Any) -> None:
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
                raise guard._refuse(f"connect {address}")
            return real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            if sock.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
                raise guard._refuse(f"connect_ex {address}")
            return real_connect_ex(sock, address)

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            if not is_loopback(host):
                raise guard._refuse(f"getaddrinfo {host}")
            return real_getaddrinfo(host, *args, **kwargs)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(socket.socket, "connect", connect)
            mp.setattr(socket.socket, "connect_ex", connect_ex)
            mp.setattr(socket, "getaddrinfo", getaddrinfo)
            yield self


@pytest.fixture(scope="session")
def guard() -> NetworkGuard:
    return NetworkGuard()


@pytest.fixture(autouse=True)
def _offline(guard: NetworkGuard) -> Iterator[None]:
    with guard.blocking():
        yield


@pytest.fixture(scope="session")
def llm(components: Components, guard: NetworkGuard) -> LLMBackend:
    with guard.blocking():
        return components.llm()


@pytest.fixture(scope="session")
def asr(components: Components, guard: NetworkGuard) -> ASRBackend:
    with guard.blocking():
        return components.asr()


@pytest.fixture(scope="session")
def embedder(components: Components, guard: NetworkGuard) -> Embedder:
    with guard.blocking():
        return components.embedder()


@pytest.fixture(scope="session")
def detector(components: Components, guard: NetworkGuard) -> Detector:
    with guard.blocking():
        return components.detector()


@pytest.fixture(scope="session")
def ocr(components: Components, guard: NetworkGuard) -> OCRBackend:
    with guard.blocking():
        return components.ocr()
