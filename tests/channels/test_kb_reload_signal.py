"""``SIGHUP`` to a running server reloads the knowledge base, as ``POST /api/kb/reload`` does.

A real `zhifa serve` process on a loopback port (its own data dir, database and index copy); a regulation is added
by another process (`zhifa kb add`, with its index step) after the server started. Before the signal the server
still refuses a question naming it; after ``kill -HUP`` the same question is answered from the added regulation
(its provision quoted and verified), search finds it and the citation check knows it. The server has no language
model here (a GGUF path with no file): a legal question is then answered from the quoted provisions, which is what
this test is about — which laws the server knows.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from case_api import db
from case_api.users.models import Role
from core.settings import Settings
from tests import userlaw
from tests.channels.browser import free_port

TITLE = "重庆市万州区测试信号重载户外招牌管理办法"
REGULATION = userlaw.regulation(TITLE)
QUESTION = userlaw.question(TITLE)


@pytest.fixture
def fresh(kb_settings: Settings, tmp_path: Path) -> Settings:
    """A data dir of its own (the addition must not reach other tests), with the session's index."""
    settings = userlaw.settings(kb_settings, tmp_path, "signal.db")
    db.upgrade(settings)
    return settings


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "ZHIFA_DATA_DIR": str(settings.data_dir),
        "ZHIFA_DATABASE_URL": settings.sqlalchemy_url,
        "ZHIFA_ENVIRONMENT": "test",
        "ZHIFA_LOAD_MODELS_ON_START": "false",
        "ZHIFA_DUTY_WATCH_SECONDS": "0",
        "ZHIFA_WARNINGS_WATCH_HOURS": "0",
        "ZHIFA_LLM__MODEL_PATH": str(settings.data_path / "no-model.gguf"),  # no language model
        "ZHIFA_LLM__REQUIRED": "false",
    }


@pytest.fixture
def server(fresh: Settings) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "channels.cli.main", "serve", "--port", str(port)],
        env=_env(fresh),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, (proc.stdout.read() if proc.stdout else b"").decode(errors="replace")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    yield url, proc
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _ask(url: str, headers: dict[str, str]) -> list[dict[str, object]]:
    body = {"message": QUESTION, "mode": "legal"}
    with httpx.stream("POST", f"{url}/api/chat", json=body, headers=headers, timeout=300) as resp:
        assert resp.status_code == 200, resp.read()
        return [json.loads(line) for line in resp.iter_lines() if line.strip()]


def _refused(events: list[dict[str, object]]) -> bool:
    return any(e["type"] == "refused" and TITLE in str(e.get("reason")) for e in events)


def test_sighup_reloads_the_bureaus_additions(fresh: Settings, server, tmp_path: Path) -> None:
    url, proc = server
    officer = userlaw.headers(fresh, "officer-signal", Role.officer, "50090201")
    assert _refused(_ask(url, officer))  # the server loads its knowledge base on this first question

    path = tmp_path / "招牌办法.txt"
    path.write_text(REGULATION, encoding="utf-8")
    added = subprocess.run(
        [sys.executable, "-m", "channels.cli.main", "kb", "add", str(path), "--region", "重庆"],
        env=_env(fresh),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert added.returncode == 0, added.stdout + added.stderr
    assert _refused(_ask(url, officer))  # the server still reads what it loaded

    proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 120
    while _refused(events := _ask(url, officer)):
        assert proc.poll() is None, "SIGHUP stopped the server"
        assert time.monotonic() < deadline, "the server did not reload on SIGHUP"
        time.sleep(0.5)

    kinds = [e["type"] for e in events]
    assert "refused" not in kinds and "error" not in kinds and kinds[-1] == "done", events
    cited = [e["item"] for e in events if e["type"] == "citation"]
    ours = [c for c in cited if isinstance(c, dict) and c["law"] == TITLE]
    assert ours and ours[0]["label"] == "第三条" and ours[0]["verified"] is True, cited
    assert "处三百元以上一千五百元以下罚款" in str(ours[0]["text"])

    laws = httpx.get(f"{url}/api/kb/laws", headers=officer, timeout=60).json()
    [law_id] = [law["id"] for law in laws if law["title"] == TITLE]
    found = httpx.get(
        f"{url}/api/kb/search", params={"q": "未按照规划设置户外招牌"}, headers=officer, timeout=60
    ).json()
    assert any(h["law_id"] == law_id for h in found["hits"]), found
    checked = httpx.post(
        f"{url}/api/kb/verify",
        json={"text": f"依据《{TITLE}》第三条，逾期不改正的，处三百元以上一千五百元以下罚款。"},
        headers=officer,
        timeout=60,
    ).json()
    assert checked["ok"] is True and checked["counts"]["found"] == 1, checked
    assert proc.poll() is None  # the signal reloaded; it did not stop the server
