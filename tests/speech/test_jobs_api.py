"""/api/speech/jobs in process: upload → job → progress → result; cancel; login and ownership; bad uploads."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.users.models import User
from speech.asr import char_error_rate
from speech.jobs import SpeechJobs
from tests.case_api import factories as f
from tests.speech.conftest import BOTH_DATABASES, PADDLE, PADDLE_TEXT, interview_audio, write_wav

Auth = Callable[[User], dict[str, str]]


def wait(client: TestClient, job_id: str, headers: dict[str, str], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(f"/api/speech/jobs/{job_id}", headers=headers).json()
        if body["state"] in ("done", "failed", "cancelled") or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def upload(client: TestClient, headers: dict[str, str], path: Path, name: str | None = None) -> Any:
    with path.open("rb") as fh:
        return client.post("/api/speech/jobs", headers=headers, files={"file": (name or path.name, fh)})


@BOTH_DATABASES
def test_job_from_upload_to_result(client: TestClient, users: dict[str, User], auth: Auth) -> None:
    officer = auth(users["officer"])
    r = upload(client, officer, PADDLE)
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["state"] in ("queued", "running") and job["filename"] == PADDLE.name
    done = wait(client, job["id"], officer)
    assert done["state"] == "done" and done["progress"] == 100
    result = done["result"]
    assert char_error_rate(result["text"], PADDLE_TEXT) <= 0.05 and result["text"].endswith("。")
    assert done["partial_text"] == result["text"] and result["segments"][0]["words"]


@BOTH_DATABASES
def test_a_case_gives_the_job_its_hints(
    client: TestClient, session: Session, users: dict[str, User], auth: Auth
) -> None:
    officer = auth(users["officer"])
    case = f.case(session, users["officer"], location="万州区高笋塘广场", offence_name="占道经营")
    session.commit()
    with PADDLE.open("rb") as fh:
        r = client.post(
            "/api/speech/jobs",
            headers=officer,
            files={"file": (PADDLE.name, fh)},
            data={"case_id": str(case.id)},
        )
    assert r.status_code == 202, r.text
    jobs: SpeechJobs = cast(FastAPI, client.app).state.speech_jobs
    job = jobs.get(r.json()["id"], owner_id=users["officer"].id)
    assert "万州区高笋塘广场" in job.context
    with PADDLE.open("rb") as fh:
        missing = client.post(
            "/api/speech/jobs", headers=officer, files={"file": (PADDLE.name, fh)}, data={"case_id": "999999"}
        )
    assert missing.status_code == 404, missing.text
    assert wait(client, r.json()["id"], officer)["state"] == "done"


@BOTH_DATABASES
def test_login_roles_and_ownership(client: TestClient, users: dict[str, User], auth: Auth) -> None:
    assert upload(client, {}, PADDLE).status_code == 401
    assert client.get("/api/speech/jobs/x").status_code == 401
    assert upload(client, auth(users["citizen"]), PADDLE).status_code == 403
    job = upload(client, auth(users["officer"]), PADDLE).json()
    other = client.get(f"/api/speech/jobs/{job['id']}", headers=auth(users["officer2"]))
    assert other.status_code == 404 and other.json()["code"] == "job_not_found"
    assert client.get(f"/api/speech/jobs/{job['id']}", headers=auth(users["admin"])).status_code == 200
    wait(client, job["id"], auth(users["officer"]))


def test_bad_uploads_are_clear_errors_and_the_server_stays_up(
    client: TestClient, users: dict[str, User], auth: Auth, tmp_path: Path
) -> None:
    officer = auth(users["officer"])
    empty = tmp_path / "empty.amr"
    empty.write_bytes(b"")
    r = upload(client, officer, empty)
    assert r.status_code == 422 and r.json()["code"] == "empty_audio" and "0 字节" in r.json()["message"]
    junk = tmp_path / "photo.m4a"
    junk.write_bytes(np.random.default_rng(7).bytes(5000))
    r = upload(client, officer, junk)
    assert r.status_code == 415 and r.json()["code"] == "unreadable_audio"
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"x" * 2000)
    assert upload(client, officer, pdf).status_code == 415
    r = client.post("/api/speech/jobs", headers=officer)
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    silent = write_wav(tmp_path / "silent.wav", np.zeros(16000 * 2, dtype=np.float32))
    done = wait(client, upload(client, officer, silent).json()["id"], officer)
    assert done["state"] == "done" and done["result"]["text"] == "" and "静音" in done["result"]["notice"]
    assert not list((Path(client.app.state.speech_jobs.spool)).glob("*/audio.m4a"))  # refused files not kept
    assert upload(client, officer, PADDLE).status_code == 202  # still serving


@BOTH_DATABASES
def test_cancel_a_running_job(client: TestClient, users: dict[str, User], auth: Auth, tmp_path: Path) -> None:
    officer = auth(users["officer"])
    path = write_wav(tmp_path / "long.wav", interview_audio(repeat=4))
    job = upload(client, officer, path).json()
    queued = upload(client, officer, PADDLE).json()  # waits behind the first: cancelled while queued
    r = client.post(f"/api/speech/jobs/{queued['id']}/cancel", headers=officer)
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    deadline = time.monotonic() + 60
    while client.get(f"/api/speech/jobs/{job['id']}", headers=officer).json()["progress"] < 6:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert client.delete(f"/api/speech/jobs/{job['id']}", headers=officer).status_code == 200
    final = wait(client, job["id"], officer)
    assert final["state"] == "cancelled" and final["progress"] < 100
    again = client.post(f"/api/speech/jobs/{job['id']}/cancel", headers=officer)
    assert again.status_code == 409 and again.json()["code"] == "job_finished"


def test_old_spooled_recordings_are_purged(tmp_path: Path) -> None:
    import os

    from speech.jobs import InProcessRunner, MemoryJobStore, SpeechJobs

    store = MemoryJobStore()
    jobs = SpeechJobs(store, InProcessRunner(store, lambda: None), spool=tmp_path, max_seconds=60,  # type: ignore[arg-type,return-value]
                      max_bytes=2**20, ttl=3600)  # fmt: skip
    old, new = tmp_path / "a", tmp_path / "b"
    old.mkdir(), new.mkdir()
    (old / "audio.wav").write_bytes(b"x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert jobs.purge() == 1 and not old.exists() and new.exists()
