"""Durability: a real uvicorn server on SQLite is SIGKILLed in the middle of a burst of writes. After a restart
every write the server acknowledged (201) is there, and the audit chain with its evidence files verifies."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from case_api import db
from case_api.audit import service as audit_service
from case_api.storage import BlobStore
from case_api.users import security
from case_api.users import service as users_service
from case_api.users.models import Role, UserCreate
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SECRET = "crash-test-secret-key-long-enough-0123456789"
WORKERS = 8


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "serve.py"), str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    env = {
        **os.environ,
        "ZHIFA_DATABASE_URL": url,
        "ZHIFA_DATA_DIR": str(tmp_path),
        "ZHIFA_SECRET_KEY": SECRET,
        "ZHIFA_ENVIRONMENT": "test",
        "ZHIFA_LOAD_MODELS_ON_START": "false",
        "PYTHONPATH": str(ROOT),
    }
    settings = Settings(
        _env_file=None,
        environment="test",
        data_dir=tmp_path,
        database_url=url,  # type: ignore[call-arg]
        secret_key=SECRET,
        load_models_on_start=False,
    )
    db.upgrade(settings)
    with db.session_for(settings) as session:
        officer = users_service.create(
            session,
            data=UserCreate(
                username="crash-officer",
                password="pass-1234-word",
                full_name="李建国",
                role=Role.officer,
                badge_no="50019999",
            ),
        )
        session.commit()
        token = security.create_access_token(settings, user_id=officer.id or 0, role=Role.officer)
    db.dispose_engine(url)
    headers = {"Authorization": f"Bearer {token}"}
    port = free_port()
    server = start(env, port)
    acked_cases: list[tuple[int, str]] = []
    acked_events: list[tuple[int, str]] = []
    stop = threading.Event()

    def burst(worker: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=10) as client:
            for i in range(100_000):
                if stop.is_set():
                    return
                try:
                    if i % 3 == 2:
                        frame = f"frame {worker}-{i}".encode() * 50
                        body = {
                            "camera_id": f"CAM-{worker}",
                            "location": "高笋塘 太白路口",
                            "occurred_at": "2025-06-01T09:12:00+08:00",
                            "kind": "违章停车",
                            "confidence": 0.9,
                            "frames": [
                                {
                                    "content_b64": base64.b64encode(frame).decode(),
                                    "sha256": hashlib.sha256(frame).hexdigest(),
                                }
                            ],
                        }
                        r = client.post("/api/camera/events", json=body)
                        if r.status_code == 201:
                            acked_events.append((r.json()["id"], r.json()["frames"][0]["sha256"]))
                    else:
                        title = f"crash-{worker}-{i}"
                        r = client.post("/api/cases", json={"title": title, "location": "五桥街道"})
                        if r.status_code == 201:
                            acked_cases.append((r.json()["id"], title))
                except httpx.TransportError:
                    return

    threads = [threading.Thread(target=burst, args=(w,)) for w in range(WORKERS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(acked_cases) + len(acked_events) < 150 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(server.pid, signal.SIGKILL)  # mid-burst: requests are in flight
    server.wait(10)
    stop.set()
    for t in threads:
        t.join(20)
    assert len(acked_cases) >= 50 and len(acked_events) >= 20

    server = start(env, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=10) as client:
            for case_id, title in acked_cases:
                r = client.get(f"/api/cases/{case_id}")
                assert r.status_code == 200 and r.json()["title"] == title
            for event_id, sha in acked_events:
                r = client.get(f"/api/camera/events/{event_id}")
                assert r.status_code == 200 and r.json()["frames"][0]["sha256"] == sha
            assert client.post("/api/cases", json={"title": "after restart"}).status_code == 201
    finally:
        server.terminate()
        server.wait(10)
    with db.session_for(settings) as session:
        report = audit_service.verify(session, BlobStore(settings.evidence_dir))
    db.dispose_engine(url)
    assert report.ok, report.problems
    assert report.entries >= len(acked_cases) + len(acked_events)
    print(
        f"\ncrash: {len(acked_cases)} cases + {len(acked_events)} camera events acknowledged before SIGKILL; "
        f"all present after restart; audit chain of {report.entries} entries verifies"
    )
