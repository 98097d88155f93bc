"""Voice questions: the recording is transcribed, then answered as text through the chat service (NDJSON)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from case_api.users.models import User
from speech.asr import char_error_rate
from tests.speech.conftest import PADDLE, PADDLE_TEXT, write_wav

Auth = Callable[[User], dict[str, str]]


def ask(client: TestClient, headers: dict[str, str], path: Path, **form: str):  # type: ignore[no-untyped-def]
    with path.open("rb") as fh:
        return client.post("/api/speech/ask", headers=headers, files={"file": (path.name, fh)}, data=form)


def test_a_voice_message_is_transcribed_then_answered(
    client: TestClient, users: dict[str, User], auth: Auth
) -> None:
    r = ask(client, auth(users["officer"]), PADDLE, mode="offence")
    assert r.status_code == 200, r.text
    events = [json.loads(line) for line in r.text.splitlines()]
    assert events[0]["type"] == "transcript" and char_error_rate(events[0]["text"], PADDLE_TEXT) <= 0.05
    assert events[1] == {"type": "skill", "name": "offence"}
    assert any(e["type"] == "delta" for e in events) and events[-1] == {"type": "done"}


def test_voice_questions_refuse_silence_length_and_strangers(
    client: TestClient, users: dict[str, User], auth: Auth, tmp_path: Path
) -> None:
    officer = auth(users["officer"])
    silent = write_wav(tmp_path / "silent.wav", np.zeros(16000 * 2, dtype=np.float32))
    r = ask(client, officer, silent)
    assert r.status_code == 422 and r.json()["code"] == "no_speech" and "没有听清" in r.json()["message"]
    long = write_wav(tmp_path / "long.wav", np.zeros(16000 * 70, dtype=np.float32))
    r = ask(client, officer, long)
    assert r.status_code == 413 and r.json()["code"] == "audio_too_long"
    assert ask(client, {}, PADDLE).status_code == 401
    assert ask(client, auth(users["citizen"]), PADDLE).status_code == 403
    assert not list((client.app.state.settings.data_path / "speech" / "ask").glob("*"))  # nothing left behind
