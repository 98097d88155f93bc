"""智慧笔录 end to end: upload an interview recording → job → 询问笔录 draft (header from the roster and the party,
statutory opening, Q/A with audio spans, closing) → officer fills in and confirms → the case holds the issued record
and the audio evidence → the audit chain verifies. Nothing reaches the case before confirmation."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from case_api.cases.models import Case, CaseState
from case_api.users.models import User
from core.settings import Settings
from knowledge.base import KnowledgeBase
from speech.record import PENDING
from speech.turns import ANSWERER, ASKER, split_turns
from tests.case_api import factories as f
from tests.speech.conftest import AISHELL, BOTH_DATABASES, PADDLE, samples, write_wav
from tests.speech.test_jobs_api import upload, wait

Auth = Callable[[User], dict[str, str]]
QUESTION = Path(__file__).with_name("data") / "zh_question.wav"  # “我有的时候说不清楚你们知道吗”


def interview(tmp_path: Path) -> Path:
    gap = np.zeros(16000, dtype=np.float32)
    parts = [samples(QUESTION), gap, samples(PADDLE), gap, samples(AISHELL)]
    return write_wav(tmp_path / "询问录音.wav", np.concatenate(parts))


@pytest.fixture
def case(session: Session, app_settings: Settings, users: dict[str, User]) -> Case:
    c = f.case(
        session,
        users["officer"],
        officers=[users["officer"], users["officer2"]],
        location="万州区五桥客运站门前",
    )
    return f.run(
        session, app_settings, c,
        [(CaseState.accepted, users["officer"], {}), (CaseState.filed, users["commander"], {}),
         (CaseState.investigating, users["officer"], {})],
    )  # fmt: skip


def test_turns_follow_questions() -> None:
    segments = [
        {"start": 0.0, "end": 3.0, "text": "我们是城管执法人员。你在这里摆摊多久了？"},
        {"start": 3.5, "end": 5.0, "text": "两个小时。"},
        {"start": 5.2, "end": 6.0, "text": "我马上收。"},
    ]
    turns = split_turns(segments)
    assert [(t.speaker, t.text) for t in turns] == [
        (ASKER, "我们是城管执法人员。你在这里摆摊多久了？"),
        (ANSWERER, "两个小时。我马上收。"),
    ]
    assert turns[0].start == 0.0 and turns[1].start == 3.5 and turns[1].end == 6.0


@BOTH_DATABASES
def test_interview_to_issued_record_with_audio_evidence(
    client: TestClient, session: Session, users: dict[str, User], auth: Auth, case: Case, tmp_path: Path
) -> None:
    officer = auth(users["officer"])
    r = upload(client, officer, interview(tmp_path))
    job = wait(client, r.json()["id"], officer)
    assert job["state"] == "done", job

    r = client.post(
        f"/api/speech/jobs/{job['id']}/inquiry-record", headers=officer, json={"case_id": case.id}
    )
    assert r.status_code == 201, r.text
    draft = r.json()
    fields = draft["document"]["fields"]
    assert draft["document"]["status"] == "draft" and draft["document"]["doc_type"] == "inquiry_record"
    assert fields["interviewer"]["badge_no"] == "50010001" and fields["recorder"]["badge_no"] == "50010002"
    assert fields["interviewee"]["name"] == "张三" and fields["place"] == "万州区五桥客运站门前"
    opening = fields["qa"][:2]
    assert "执法证件" in opening[0]["q"] and "回避" in opening[1]["q"]
    assert all(qa["statutory"] and qa["a"] == PENDING for qa in opening)
    body = fields["qa"][2:]
    assert body[0]["q"].endswith("知道吗？") and body[0]["a"]  # the question, then the answer after it
    assert body[0]["a_span"][0] >= body[0]["q_span"][1] and body[0]["audio"]
    assert "与我所说相符" in fields["closing"] and fields["audio"]["sha256"]
    assert [t["speaker"] for t in draft["turns"]] == [ASKER, ANSWERER]
    assert isinstance(draft["offences"], list)

    doc_id = draft["document"]["id"]
    refused = client.post(f"/api/speech/inquiry-records/{doc_id}/confirm", headers=officer)
    assert refused.status_code == 422 and refused.json()["code"] == "answers_pending"
    assert client.get(f"/api/cases/{case.id}/evidence", headers=officer).json() == []  # nothing half-written

    fields["qa"][0]["a"], fields["qa"][1]["a"] = "听清楚了。", "不申请回避。"
    fields["qa"][2]["a"] += "（被询问人补充：我马上收摊。）"  # the officer edits
    assert (
        client.patch(f"/api/documents/{doc_id}", headers=officer, json={"fields": fields}).status_code == 200
    )

    r = client.post(f"/api/speech/inquiry-records/{doc_id}/confirm", headers=officer)
    assert r.status_code == 200, r.text
    issued, evidence = r.json()["document"], r.json()["evidence"]
    assert issued["status"] == "issued" and issued["number"].endswith("-询1") and issued["content_sha256"]
    assert evidence["kind"] == "audio" and evidence["sha256"] == fields["audio"]["sha256"]
    assert issued["fields"]["audio"]["evidence_id"] == evidence["id"]

    assert [e["id"] for e in client.get(f"/api/cases/{case.id}/evidence", headers=officer).json()] == [
        evidence["id"]
    ]
    docs = client.get(f"/api/cases/{case.id}/documents", headers=officer).json()
    assert [(d["id"], d["status"]) for d in docs] == [(doc_id, "issued")]
    pdf = client.get(f"/api/documents/{doc_id}/pdf", headers=officer)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    audio = client.get(f"/api/evidence/{evidence['id']}/file", headers=officer)
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF"

    edit = client.patch(f"/api/documents/{doc_id}", headers=officer, json={"fields": fields})
    assert edit.status_code == 409 and edit.json()["code"] == "document_issued"
    again = client.post(f"/api/speech/inquiry-records/{doc_id}/confirm", headers=officer)
    assert again.status_code == 409
    report = client.get("/api/audit/verify", headers=auth(users["legal"])).json()
    assert report["ok"] is True, report


@BOTH_DATABASES
def test_draft_needs_a_finished_nonempty_job_and_the_callers_own(
    client: TestClient, users: dict[str, User], auth: Auth, case: Case, tmp_path: Path
) -> None:
    officer = auth(users["officer"])
    silent = write_wav(tmp_path / "silent.wav", np.zeros(16000, dtype=np.float32))
    job = wait(client, upload(client, officer, silent).json()["id"], officer)
    r = client.post(
        f"/api/speech/jobs/{job['id']}/inquiry-record", headers=officer, json={"case_id": case.id}
    )
    assert r.status_code == 409 and r.json()["code"] == "empty_transcript"
    other = client.post(
        f"/api/speech/jobs/{job['id']}/inquiry-record",
        headers=auth(users["officer2"]),
        json={"case_id": case.id},
    )
    assert other.status_code == 404
    commander = client.post(
        f"/api/speech/jobs/{job['id']}/inquiry-record",
        headers=auth(users["commander"]),
        json={"case_id": case.id},
    )
    assert commander.status_code == 403


def test_the_answers_feed_the_offence_suggestion(knowledge: KnowledgeBase) -> None:
    from channels.inquiry import suggest_offences

    turns = split_turns(
        [
            {"start": 0.0, "end": 2.0, "text": "你在这里做什么？"},
            {"start": 2.5, "end": 6.0, "text": "我在客运站门口的人行道上摆摊卖水果，没有办手续。"},
        ]
    )
    offences = suggest_offences(turns, matcher=knowledge.matcher)  # the session knowledge base's
    # a stall on the pavement: the road occupied for trading (占道经营, or 擅自占用城市道路 — the two lie within a
    # hundredth of each other for these words)
    assert offences and re.search(r"占道|占用城市道路", offences[0]["name"]), offences[0]
